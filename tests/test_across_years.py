"""Issue 14: across report years — was the target met, the series, charts, the scorecard.

The knowledge base holds the two seeds (2022 reports of 枣强县 and 冀州区) and next year's reports of
both regions (tests/blind8: 枣强县 2023, a 冀州区 2023 解读), as an admin would load them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.answers import Result
from knowledge.assess import judge
from knowledge.chart import chartable, render
from knowledge.service import KnowledgeService
from bot_harness import no_proxy  # noqa: F401 - autouse fixture: no proxy for 127.0.0.1

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> KnowledgeService:
    seeds = tmp_path_factory.mktemp("two-years")
    for path in [*(REPO / "seeds").glob("*.txt"), *(REPO / "tests" / "blind8").glob("*.txt")]:
        shutil.copy2(path, seeds / path.name)
    return KnowledgeService.open(seeds.parent / f"{seeds.name}.db", seeds)


# ---------------------------------------------------------------- target vs outcome


@pytest.mark.parametrize(("question", "met", "target", "actual"), [
    ("枣强2022年GDP目标完成了吗", False, "7%左右", "5.6%"),
    ("冀州2022年固投目标完成没有", True, "6.5%以上", "9.6%"),
    ("冀州去年社零目标完成了吗", False, "8.5%左右", "2.9%"),
    ("枣强2022年新增城镇就业目标完成了吗", True, "3500人", "3682人"),
])
def test_a_years_target_is_judged_against_next_years_report(two_years, question, met, target, actual):
    result = two_years.ask(question)
    data = result.to_dict()
    assert data["assessment"]["met"] is met, result.reply
    assert data["assessment"]["target"]["value"] == target and data["assessment"]["actual"]["value"] == actual
    assert data["assessment"]["target"]["kind"] == "target" and data["assessment"]["actual"]["kind"] == "actual"
    assert result.reply.splitlines()[0].startswith(("完成", "超额完成", "未完成", "基本完成"))
    assert target in result.reply and actual in result.reply and result.reply.count("原文：") == 2


def test_without_next_years_report_the_outcome_is_not_yet_reported(two_years):
    data = two_years.ask("枣强2023年GDP目标完成了吗").to_dict()
    assert data["assessment"]["met"] is None and data["assessment"]["actual"] is None
    assert data["assessment"]["target"]["value"] == "6.5%左右"
    assert "还没有2023年的实绩" in data["reply"]


def answer(value, qualifier="", unit="%", measure="growth"):
    import re

    number = float(re.search(r"\d+(?:\.\d+)?", value).group(0)) * (-1 if value.startswith("下降") else 1)
    return {"value": value, "number": number, "unit": unit, "qualifier": qualifier, "measure": measure}


@pytest.mark.parametrize(("target", "actual", "met", "word"), [
    # a floor: 以上 / 不低于 / 突破
    (answer("6.5%以上", "以上"), answer("9.6%"), True, "超额完成"),
    (answer("7%以上", "以上"), answer("7.4%"), True, "完成"),
    (answer("7%以上", "以上"), answer("6.9%"), False, "未完成"),
    (answer("300亿元以上", "以上", "亿元", "level"), answer("326亿元", unit="亿元", measure="level"), True, "完成"),
    # about: 左右, or no qualifier
    (answer("7%左右", "左右"), answer("7%"), True, "完成"),
    (answer("7%左右", "左右"), answer("6.6%"), True, "基本完成"),
    (answer("7%左右", "左右"), answer("5.6%"), False, "未完成"),
    (answer("3500人", "", "人", "count"), answer("3682人", unit="人", measure="count"), True, "完成"),
    (answer("3500人", "", "人", "count"), answer("3440人", unit="人", measure="count"), True, "基本完成"),
    # a ceiling: 以内 / 控制在
    (answer("5.5%以内", "以内", measure="level"), answer("5.1%", measure="level"), True, "完成"),
    (answer("3%以内", "以内", measure="level"), answer("3.4%", measure="level"), False, "未完成"),
    # a decline to reach
    (answer("下降3%"), answer("下降3.5%"), True, "完成"),
    (answer("下降3%"), answer("下降2%"), False, "未完成"),
    # not comparable: a rate against an amount
    (answer("7%左右", "左右"), answer("326亿元", unit="亿元", measure="level"), None, "无法判断"),
])
def test_each_verdict_rule(target, actual, met, word):
    verdict = judge(target, actual)
    assert (verdict.met, verdict.word) == (met, word), verdict


# ---------------------------------------------------------------- series


@pytest.mark.parametrize(("question", "years", "values"), [
    ("枣强历年GDP增速", [2021, 2022], ["7.2%", "5.6%"]),
    ("冀州这两年财政收入增长情况", [2021, 2022], ["14.4%", "8.1%"]),
])
def test_a_series_lists_the_actuals_of_every_loaded_year_oldest_first(two_years, question, years, values):
    result = two_years.ask(question)
    actuals = [a for a in result.answers if a.kind == "actual"]
    assert [a.year for a in actuals] == years and [a.value for a in actuals] == values, result.reply
    assert result.to_dict()["qtype"] == "series"
    assert all(a.sentence for a in result.answers)


def test_a_named_year_is_no_series(two_years):
    result = two_years.ask("枣强去年GDP增速变化")
    assert result.qtype != "series" and result.answers[0].value == "5.6%"


# ---------------------------------------------------------------- scorecard


def test_the_scorecard_lists_each_target_with_its_outcome(two_years):
    result = two_years.ask("枣强2022年目标完成情况")
    card = {s["target"]["metric"]: s for s in result.to_dict()["scorecard"]}
    assert card["生产总值"]["met"] is False and card["生产总值"]["actual"]["value"] == "5.6%"
    assert card["固定资产投资"]["met"] is True
    assert result.reply.startswith("枣强县2022年目标完成情况")
    assert chartable(result)


# ---------------------------------------------------------------- charts


@pytest.mark.parametrize("question", ["枣强历年GDP增速", "冀州和枣强2022年GDP增速对比", "枣强2022年GDP目标完成了吗",
                                      "枣强2022年目标完成情况"])
def test_charts_are_png_images(two_years, question):
    png = render(two_years.ask(question))
    assert png and png.startswith(b"\x89PNG") and len(png) > 5000


def test_no_chart_for_a_single_figure(two_years):
    assert render(two_years.ask("枣强2022年GDP目标")) is None
    assert render(Result(question="x", status="not_found")) is None


def test_chinese_labels_render_in_a_cjk_font(two_years):
    """No empty boxes: the labels' glyphs come from the bundled Noto Sans CJK, which has them."""
    from matplotlib import font_manager

    from knowledge.chart import _font

    path = font_manager.findfont(font_manager.FontProperties(family=_font()))
    assert "NotoSansCJK" in path
    from matplotlib.ft2font import FT2Font

    face = FT2Font(path)
    assert all(face.get_char_index(ord(ch)) for ch in "枣强县生产总值目标完成情况实绩冀州区")


def test_ask_chart_writes_a_png_and_says_when_there_is_nothing_to_draw(two_years, tmp_path):
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    out = tmp_path / "series.png"
    done = subprocess.run([sys.executable, "-m", "knowledge", "ask", "--db", str(two_years.kb_path), "--seeds",
                           str(two_years.seeds_dir), "--chart", str(out), "枣强历年GDP增速"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\x89PNG") and "7.2%" in done.stdout
    none = subprocess.run([sys.executable, "-m", "knowledge", "ask", "--db", str(two_years.kb_path), "--seeds",
                           str(two_years.seeds_dir), "--chart", str(tmp_path / "no.png"), "--json",
                           "枣强2022年GDP目标"], capture_output=True, text=True, env=env, timeout=120)
    assert none.returncode == 1 and "没有可画的图表" in none.stderr and not (tmp_path / "no.png").exists()
    assert json.loads(none.stdout)["answers"][0]["value"] == "7%左右"


# ---------------------------------------------------------------- the bot sends charts as photos


async def test_the_bot_sends_a_chart_as_a_photo_with_the_reply_as_caption(two_years, tmp_path):
    from bot_harness import no_proxy  # noqa: F401 - the autouse fixture is imported below too
    from bot_harness import private_chat, running_bot, user

    alice = user(1001, "Alice")
    async with running_bot(two_years, tmp_path) as bot:
        update = bot.api.push_text(private_chat(alice), alice, "枣强历年GDP增速")
        photos = await bot.api.wait_for("sendPhoto", timeout=30)
        card = bot.api.push_text(private_chat(alice), alice, "/scorecard 枣强 2022")
        more = await bot.api.wait_for("sendPhoto", count=2, timeout=30)
        await bot.settle()
        usage = bot.api.push_text(private_chat(alice), alice, "/scorecard")
        hint = await bot.reply_to(usage)
        plain = await bot.ask_private(alice, "枣强2022年GDP目标")  # one figure: text, no chart
        photo_count = len(bot.api.calls_of("sendPhoto"))
    first = photos[0].params
    assert first["photo_bytes"].startswith(b"\x89PNG")
    assert "7.2%" in first["caption"] and "5.6%" in first["caption"]  # the reply is the caption
    assert first["reply_parameters"]["message_id"] == update["message"]["message_id"]
    scorecard = more[1].params
    assert scorecard["reply_parameters"]["message_id"] == card["message"]["message_id"]
    # the scorecard's text is longer than a caption: the photo, then the text right after it
    assert "caption" not in scorecard
    texts = [c.params["text"] for c in bot.api.calls_of("sendMessage")
             if (c.params.get("reply_parameters") or {}).get("message_id") == card["message"]["message_id"]]
    assert texts and texts[0].startswith("<b>枣强县2022年目标完成情况")
    assert "/scorecard" in hint.params["text"]
    assert "7%左右" in plain and photo_count == 2
