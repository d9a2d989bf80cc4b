"""Hostile input: whatever a user types, ask() answers in bounded time with a well-formed result.

Real knowledge base (seeds + fixture reports), real SQLite, nothing mocked.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reports_kb import build_reports_kb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_FILES = ["gbk_report.txt", "utf16_report.txt", "traditional_report.txt",
                 "wrapped_report.txt", "table_report.md", "numerals_report.txt"]
STATUSES = {"answered", "ambiguous", "not_found"}
KINDS = {"target", "actual"}
TIME_LIMIT = 2.0  # seconds per question; generous, the machine is noisy


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    folder, db, _ = build_reports_kb(tmp_path_factory.mktemp("hostile"), FIXTURE_FILES)
    return {"folder": folder, "db": db}


@pytest.fixture(scope="module")
def svc(kb):
    from knowledge.service import KnowledgeService

    s = KnowledgeService.open(kb["db"], kb["folder"])
    yield s
    close = getattr(s, "close", None)
    if callable(close):
        close()


@pytest.fixture(scope="module")
def regions(kb):
    import sqlite3

    c = sqlite3.connect(kb["db"])
    try:
        return ({r[0] for r in c.execute("SELECT DISTINCT region FROM indicators") if r[0]}
                | {r[0] for r in c.execute("SELECT DISTINCT region FROM documents") if r[0]})
    finally:
        c.close()


def check_result(res, question: str, regions: set[str]) -> dict:
    """Everything a caller may rely on, whatever the question."""
    assert res.status in STATUSES, res.status
    assert isinstance(res.reply, str), type(res.reply)
    assert res.reply.strip(), f"empty reply for {question!r}"
    d = res.to_dict()
    text = json.dumps(d, ensure_ascii=False)  # must be JSON-serialisable
    back = json.loads(text)
    assert back["status"] == res.status
    assert isinstance(back.get("answers"), list)
    assert len(back["answers"]) == len(res.answers)
    if res.status == "answered":
        assert res.answers, f"answered without answers for {question!r}"
    for a in back["answers"]:
        for key in ("region", "year", "kind", "metric", "value", "sentence", "document"):
            assert key in a, (key, a)
        assert a["region"] in regions, (a["region"], regions)
        assert a["kind"] in KINDS or a["kind"] is None, a
        assert a["year"] is None or (isinstance(a["year"], int) and 1949 <= a["year"] <= 2100), a
        if a["value"]:
            assert isinstance(a["value"], str)
            assert isinstance(a["sentence"], str) and a["sentence"], a
            assert isinstance(a["document"], str) and a["document"], a
    return back


def timed_ask(svc, q):
    t0 = time.perf_counter()
    res = svc.ask(q)
    return res, time.perf_counter() - t0


HOSTILE = [
    # FTS5 query syntax
    '"', '""', '"""冀州', '冀州"GDP', "*", "冀州*", "^冀州", "冀州:GDP", "region:冀州", "NEAR(冀州 GDP)",
    "NEAR(", "冀州 AND 枣强", "冀州 OR 1", "NOT 冀州", "AND", "OR", "NOT", "(", ")", "((((", "冀州 -GDP",
    "{冀州 枣强}", "冀州 + 枣强", "col:*", '"a" NEAR/3 "b"', "冀州 NEAR/2 GDP",
    # SQL injection
    "'; DROP TABLE indicators; --", "' OR '1'='1", "冀州' OR 1=1 --", "1; SELECT * FROM documents",
    "冀州\"; DELETE FROM sentences; --", "UNION SELECT name, sql FROM sqlite_master", "%' --", "\\", "\\\\'",
    # HTML / templates / format strings
    "<script>alert(1)</script>", "<b>冀州</b>GDP目标", "{{7*7}}", "${7*7}", "#{7*7}", "%s%s%s%n", "{0}{1}", "%(x)s",
    "冀州{}GDP", "&lt;冀州&gt;", "<img src=x onerror=alert(1)>",
    # size
    "冀州" * 6000, "GDP" * 4000, "冀州2022年GDP目标" * 800, "a" * 20000, "。" * 12000, "2022" * 3000,
    # empty, whitespace, control
    "", " ", "\t", "\n", "\r\n", "   \u3000\u3000  ", "\x00", "冀州\x00GDP", "\x07\x08\x1b[31m冀州\x1b[0m", "\x7f\x85",
    # zero-width and bidi
    "冀\u200b州\u200c2022\u200d年GDP\ufeff目标", "\u202e标目PDG年2202州冀", "\u2066冀州\u2069GDP", "\u200f\u200e",
    "\u00ad冀州\u034f", "\ufeff\ufeff\ufeff",
    # emoji storms
    "😀" * 500, "冀州🚀🚀🚀GDP📈目标🎯", "👨‍👩‍👧‍👦" * 50, "🇨🇳" * 100, "冀州GDP目标" + "🔥" * 300,
    # rare CJK outside the BMP, compatibility ideographs, radicals
    "𠀀𪚥", "𠀀𪚥𠀀𪚥冀州GDP", "𫠠𬺰𰀀", "⺀⻳⼀⿕", "\uf900\ufa6d冀州", "㐀䶵",
    # look-alikes and odd numbers
    "冀州２０２２年ＧＤＰ目標", "冀州9999年GDP目标", "冀州0年GDP", "冀州-2022年GDP", "冀州1e308年", "冀州2022.5年GDP",
    "冀州" + "9" * 400 + "年GDP", "冀州２０２２年GDP" + "？" * 1000, "?" * 50, "！！！",
    # mixed garbage
    "\ud7ff\ue000\uffff", "\U0010ffff", "冀州\u0301\u0301\u0301", "ℂ𝕙𝕚𝕟𝕒", "ｒｅｇｉｏｎ：冀州",
]


@pytest.mark.parametrize("q", HOSTILE, ids=[f"h{i:03d}" for i in range(len(HOSTILE))])
def test_hostile_question(svc, regions, q):
    res, dt = timed_ask(svc, q)
    check_result(res, q, regions)
    assert dt < TIME_LIMIT, f"{dt:.2f}s for {q[:40]!r}…"


def test_injection_leaves_kb_intact(svc, kb):
    import sqlite3

    c = sqlite3.connect(kb["db"])
    try:
        before = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "sentences", "indicators")}
    finally:
        c.close()
    for q in ("'; DROP TABLE indicators; --", "冀州\"; DELETE FROM sentences; --",
              "x'); DELETE FROM documents; --"):
        svc.ask(q)
    c = sqlite3.connect(kb["db"])
    try:
        after = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
    finally:
        c.close()
    assert after == before
    res = svc.ask("冀州2022年GDP目标")
    assert res.status == "answered" and "7%" in res.answers[0].value


def test_hostile_wrapping_does_not_change_answer(svc):
    """A real question wrapped in noise keeps its answer (or declines); it never changes the figure."""
    base = svc.ask("枣强今年GDP目标")
    assert base.status == "answered" and "7%左右" in base.answers[0].value
    for q in ("枣强今年GDP目标\u200b", "<b>枣强</b>今年GDP目标", "枣强今年GDP目标🎯🎯🎯", " 枣强 今年 GDP 目标 ",
              "枣强今年GDP目标\"", "枣强今年GDP目标 OR 1=1", "枣强今年GDP目标*"):
        res = svc.ask(q)
        if res.status == "answered":
            first = res.answers[0]
            assert first.region == "枣强县" and "7%左右" in first.value, (q, res.to_dict())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_property_arbitrary_text(svc, regions, q):
    res, dt = timed_ask(svc, q)
    check_result(res, q, regions)
    assert dt < TIME_LIMIT, f"{dt:.2f}s for {q[:40]!r}"


_WORDS = ["冀州", "枣强", "云溪县", "鷺洲市", "白石", "南山县", "澄湖区", "青川", "去年", "今年", "2022年",
          "２０２３年", "GDP", "地区生产总值", "目标", "增长", "多少", "农民收入", "规上工业", "分别", "均",
          "NEAR(", '"', "*", "OR", "'", ";", "--", "<script>", "{{", "😀", "𠀀", "\u200b", "\u202e", " ", "？"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS), max_size=25).map("".join))
def test_property_domain_word_salad(svc, regions, q):
    res, dt = timed_ask(svc, q)
    check_result(res, q, regions)
    assert dt < TIME_LIMIT, f"{dt:.2f}s for {q[:40]!r}"


# ------------------------------------------------------------------ the CLI batch mode

def _batch_lines() -> list[str]:
    """One question per line: the hostile strings that survive being one line of a file."""
    lines = []
    for q in HOSTILE:
        q = q[:3000]
        if "\n" in q or "\r" in q:
            continue  # a line break makes two input lines; \x0b, \x85, \u2028 … do not
        lines.append(q)
    lines += ["冀州2022年GDP目标", "", "   ", "枣强今年GDP目标", "云溪\u2028县\x85GDP\x0b\x0c\x1c",
              "云溪县2023年GDP目标"]
    return lines


def _cli_env():
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_cli_batch_json_one_line_per_input(kb, tmp_path):
    lines = _batch_lines()
    inp = tmp_path / "questions.txt"
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "knowledge", "ask", "--batch", "--json",
           "--db", str(kb["db"]), "--seeds", str(kb["folder"])]
    with inp.open("rb") as fh:
        proc = subprocess.run(cmd, stdin=fh, capture_output=True, cwd=ROOT, env=_cli_env(), timeout=240)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-3000:]
    out = proc.stdout.decode("utf-8").split("\n")
    if out and out[-1] == "":
        out.pop()
    assert len(out) == len(lines), (len(out), len(lines), proc.stderr.decode("utf-8", "replace")[-2000:])
    for i, (q, line) in enumerate(zip(lines, out)):
        d = json.loads(line)
        assert d["status"] in STATUSES, (i, q[:40], d)
        assert isinstance(d.get("answers"), list), (i, d)
        if "question" in d and q.isprintable() and len(q) < 200 and not any(
                "\u200b" <= ch <= "\u206f" or ch == "\ufeff" for ch in q):
            # the echo proves the order: line i answers input line i
            assert d["question"].strip() == q.strip(), (i, q[:40], d["question"][:40])
    gdp = json.loads(out[lines.index("冀州2022年GDP目标")])
    assert gdp["status"] == "answered" and "7%以上" in gdp["answers"][0]["value"], gdp
    yx = json.loads(out[lines.index("云溪县2023年GDP目标")])
    assert yx["status"] == "answered" and "6%左右" in yx["answers"][0]["value"], yx


def _run_batch(kb, data: bytes):
    cmd = [sys.executable, "-m", "knowledge", "ask", "--batch", "--json",
           "--db", str(kb["db"]), "--seeds", str(kb["folder"])]
    proc = subprocess.run(cmd, input=data, capture_output=True, cwd=ROOT, env=_cli_env(), timeout=240)
    out = proc.stdout.decode("utf-8").split("\n")
    if out and out[-1] == "":
        out.pop()
    return proc, out


def test_cli_batch_crlf_and_no_final_newline(kb):
    data = "冀州2022年GDP目标\r\n枣强今年GDP目标\r\n\r\n云溪县2023年GDP目标".encode("utf-8")
    proc, out = _run_batch(kb, data)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    assert len(out) == 4, out
    got = [json.loads(line) for line in out]
    assert [d["status"] for d in got][:2] == ["answered", "answered"]
    assert "7%以上" in got[0]["answers"][0]["value"] and "7%左右" in got[1]["answers"][0]["value"]
    assert got[2]["status"] in STATUSES
    assert got[3]["status"] == "answered" and "6%左右" in got[3]["answers"][0]["value"]


def test_cli_batch_undecodable_line(kb):
    """A line in another encoding (GBK bytes, a stray 0xFF) is one more input line, not a crash."""
    data = ("冀州2022年GDP目标\n".encode("utf-8") + "枣强今年GDP目标\n".encode("gbk")
            + b"\xff\xfe\x80\n" + "云溪县2023年GDP目标\n".encode("utf-8"))
    proc, out = _run_batch(kb, data)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    assert len(out) == 4, (out, proc.stderr.decode("utf-8", "replace")[-2000:])
    got = [json.loads(line) for line in out]
    assert all(d["status"] in STATUSES for d in got)
    assert got[0]["status"] == "answered" and "7%以上" in got[0]["answers"][0]["value"]
    assert got[3]["status"] == "answered" and "6%左右" in got[3]["answers"][0]["value"]
