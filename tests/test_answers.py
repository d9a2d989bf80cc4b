"""Answering on the real seeds: the development set gate, the reply, refusals, hostile input."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.evaluate import judge, load_questions
from knowledge.service import KnowledgeService

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "tests" / "data" / "dev.jsonl"  # the development set, bundled from ../shared/eval
HELDOUT = ROOT / "tests" / "data" / "heldout.jsonl"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    return KnowledgeService.open(tmp_path_factory.mktemp("kb") / "kb.db", SEEDS)


@pytest.fixture(scope="module")
def svc_all(tmp_path_factory):
    folder = tmp_path_factory.mktemp("all")
    for p in list(SEEDS.glob("*.txt")) + [p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md") and p.name != "EXPECTED.md"]:
        (folder / p.name).write_bytes(p.read_bytes())
    return KnowledgeService.open(folder / "kb.db", folder)


def _score(service, items):
    verdicts = [judge(item, service.ask(item["q"]).to_dict()) for item in items]
    n = len(verdicts)
    return verdicts.count("correct") / n, verdicts.count("wrong") / n


@pytest.mark.skipif(not DEV.exists(), reason="tests/data/dev.jsonl missing")
def test_development_set_gate(svc):
    accuracy, wrong = _score(svc, load_questions(DEV))
    assert accuracy >= 0.95 and wrong <= 0.02, (accuracy, wrong)


def test_heldout_set_gate(svc_all):
    """Questions written without looking at the matching code, over seeds and fixture reports."""
    accuracy, wrong = _score(svc_all, load_questions(HELDOUT))
    assert accuracy >= 0.9 and wrong <= 0.03, (accuracy, wrong)


def _copy_reports(source: Path, target: Path) -> None:
    for p in source.iterdir():
        if p.suffix in (".txt", ".md", ".html", ".htm") and p.name not in ("EXPECTED.md", "README.md"):
            (target / p.name).write_bytes(p.read_bytes())


# Question sets written by people who never saw the matching code, each over reports of its own:
# (folder under tests/, whether the two seeds are loaded too, the latest report year of each region)
BLIND_SETS = [
    ("blind", False, {"澜江市": 2023, "禾丰县": 2024, "蓼湾区": 2021}),
    ("blind3", False, {"澄阳县": 2020, "清岚区": 2026, "临澜市": 2022, "哈日陶勒盖旗": 2024}),
    ("blind4", False, {"汀浦区": 2023, "岚溪县": 2018, "棠州市": 2025, "涞阳市": 2021}),  # news, tabs, Traditional
    ("blind5", True, {"枣强县": 2022, "冀州区": 2022}),                          # new questions on the seeds
    ("blind6", False, {"青岫县": 2023, "汀湖区": 2024, "禾溪市": 2022}),          # typical reports
    ("blind7", False, {"澄岚县": 2016, "璟川区": 2024, "嵘江市": 2020}),          # PDF residue, bullets, 解读
    ("blind8", True, {"枣强县": 2023, "冀州区": 2023}),                          # next year's reports
    ("blind9", False, {"雾岚县": 2021, "锦澜区": 2025, "栖棠县": 2022}),          # west, big city, numerals
    ("blind10", False, {"澄屿市": 2024, "栖梧县": 2019, "苓溪区": 2023}),         # web summary, interview
    # real places (issue 10), first contact recorded in the README; gates: (accuracy, wrong)
    ("blind11", True, {"叶县": 2024, "嘉兴市": 2025, "芙蓉区": 2019, "枣强县": 2022, "冀州区": 2022}, (0.85, 0.04)),
    ("blind12", True, {"常熟市": 2024, "成都市": 2021, "龙岗区": 2022, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind13", True, {"肇源县": 2021, "鄂温克族自治旗": 2021, "黎平县": 2023, "尉犁县": 2025, "枣强县": 2022,
                       "冀州区": 2022}, (0.85, 0.03)),
    ("blind14", True, {"诏安县": 2023, "江岸区": 2022, "沈阳市": 2023, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind15", True, {"东城区": 2025, "长春市": 2023, "苍梧县": 2024, "枣强县": 2022, "冀州区": 2022}, (0.85, 0.03)),
    ("blind16", True, {"兴文县": 2019, "斗门区": 2022, "咸阳市": 2026, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind17", True, {"横州市": 2026, "平房区": 2020, "中卫市": 2023, "枣强县": 2022, "冀州区": 2022}, (0.85, 0.03)),
    ("blind18", True, {"果洛藏族自治州": 2023, "大余县": 2018, "河北区": 2026, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind19", True, {"涪城区": 2019, "土默特左旗": 2024, "六盘水市": 2024, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind20", True, {"保亭黎族苗族自治县": 2023, "金昌市": 2024, "梁子湖区": 2023, "枣强县": 2022, "冀州区": 2022},
     (0.9, 0.03)),
    ("blind21", True, {"昆明市": 2023, "新郑市": 2025, "金坛区": 2025, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind22", True, {"陆丰市": 2023, "沅陵县": 2019, "黔西南州": 2023, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind23", True, {"南岸区": 2025, "宜春市": 2023, "桦川县": 2023, "枣强县": 2022, "冀州区": 2022}, (0.85, 0.03)),
    ("blind24", True, {"泉州市": 2023, "苏尼特右旗": 2023, "前锋区": 2022, "枣强县": 2022, "冀州区": 2022}, (0.8, 0.03)),
    ("blind25", True, {"庐江县": 2025, "宝山区": 2019, "延边朝鲜族自治州": 2021, "枣强县": 2022, "冀州区": 2022},
     (0.85, 0.03)),
    ("blind26", True, {"平凉市": 2022, "南沙区": 2023, "封丘县": 2025, "枣强县": 2022, "冀州区": 2022}, (0.8, 0.04)),
    ("blind27", True, {"滦南县": 2024, "辽阳市": 2024, "高昌区": 2025, "枣强县": 2022, "冀州区": 2022}, (0.7, 0.05)),
    ("blind28", True, {"淳安县": 2018, "尧都区": 2023, "四平市": 2020, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.04)),
    ("blind29", True, {"芜湖市": 2025, "港北区": 2023, "德令哈市": 2020, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind30", True, {"宜章县": 2016, "同安区": 2026, "固原市": 2025, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind34", True, {"余杭区": 2020, "五莲县": 2013, "仁怀市": 2023, "枣强县": 2022, "冀州区": 2022}, (0.85, 0.04)),
    ("blind35", True, {"东方市": 2023, "文昌市": 2023, "长沙县": 2023, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind36", True, {"坪山区": 2022, "旅顺口区": 2023, "澄城县": 2023, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind37", True, {"沙县区": 2026, "沁阳市": 2023, "襄阳市": 2023, "枣强县": 2022, "冀州区": 2022}, (0.85, 0.04)),
    ("blind38", True, {"贡井区": 2014, "哈尔滨市": 2021, "南京市": 2024, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.03)),
    ("blind39", True, {"霍邱县": 2025, "蓟州区": 2025, "武清区": 2021, "枣强县": 2022, "冀州区": 2022}, (0.8, 0.03)),
    ("blind40", True, {"长治市": 2023, "垫江县": 2023, "上党区": 2024, "枣强县": 2022, "冀州区": 2022}, (0.8, 0.04)),
    ("blind41", True, {"镇赉县": 2023, "东安县": 2023, "湛江市": 2023, "枣强县": 2022, "冀州区": 2022}, (0.7, 0.04)),
    ("blind42", True, {"中宁县": 2026, "宝鸡市": 2020, "连云港市": 2025, "枣强县": 2022, "冀州区": 2022}, (0.85, 0.03)),
    ("blind43", True, {"福安市": 2022, "金秀瑶族自治县": 2024, "石城县": 2024, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.02)),
    ("blind44", True, {"嵩县": 2023, "安岳县": 2022, "西乌珠穆沁旗": 2022, "枣强县": 2022, "冀州区": 2022}, (0.75, 0.07)),
    ("blind45", True, {"君山区": 2023, "宣城市": 2022, "鄂城区": 2023, "枣强县": 2022, "冀州区": 2022}, (0.85, 0.02)),
    ("blind46", True, {"正定县": 2025, "通辽市": 2025, "九原区": 2025, "枣强县": 2022, "冀州区": 2022}, (0.85, 0.07)),
    ("blind47", True, {"阜阳市": 2022, "瑶海区": 2022, "姜堰区": 2026, "枣强县": 2022, "冀州区": 2022}, (0.9, 0.04)),
    ("blind48", True, {"竹山县": 2024, "越秀区": 2023, "新乡市": 2023, "枣强县": 2022, "冀州区": 2022}, (0.85, 0.04)),
    ("blind49", True, {"拉萨市": 2019, "汉台区": 2022, "遂宁市": 2023, "枣强县": 2022, "冀州区": 2022}, (0.8, 0.02)),
    ("blind50", True, {"平城区": 2023, "阿拉善右旗": 2025, "鞍山市": 2026, "枣强县": 2022, "冀州区": 2022}, (0.75, 0.09)),
    ("blind51", True, {"寿县": 2025, "丽水市": 2025, "临川区": 2025, "枣强县": 2022, "冀州区": 2022}, (0.8, 0.04)),
    ("blind52", True, {"荆州市": 2024, "阳江市": 2025, "潢川县": 2025, "枣强县": 2022, "冀州区": 2022}, (0.85, 0.05)),
    ("blind53", True, {"石棉县": 2021, "甘州区": 2026, "石嘴山市": 2022, "枣强县": 2022, "冀州区": 2022}),
]
BLIND_SETS = [b if len(b) == 4 else (*b, (0.9, 0.03)) for b in BLIND_SETS]


@pytest.mark.parametrize("folder,with_seeds,regions,gate", BLIND_SETS, ids=[b[0] for b in BLIND_SETS])
def test_blind_set_gate(tmp_path, folder, with_seeds, regions, gate):
    docs = tmp_path / folder
    docs.mkdir()
    _copy_reports(ROOT / "tests" / folder, docs)
    if with_seeds:
        _copy_reports(SEEDS, docs)
    service = KnowledgeService.open(tmp_path / "kb.db", docs)
    latest = {}
    for d in service.kb.documents:
        latest[d.region] = max(latest.get(d.region, 0), d.year)
    assert latest == regions
    accuracy, wrong = _score(service, load_questions(ROOT / "tests" / folder / "questions.jsonl"))
    assert accuracy >= gate[0] and wrong <= gate[1], (accuracy, wrong)


def test_corpus_gate(tmp_path):
    """../shared/eval/corpus (bundled in tests/corpus): ten reports of eleven provinces, with the seeds."""
    docs = tmp_path / "corpus"
    docs.mkdir()
    _copy_reports(ROOT / "tests" / "corpus", docs)
    _copy_reports(SEEDS, docs)
    service = KnowledgeService.open(tmp_path / "kb.db", docs)
    items = load_questions(ROOT / "tests" / "corpus" / "questions_a.jsonl") + \
        load_questions(ROOT / "tests" / "corpus" / "questions_b.jsonl")
    accuracy, wrong = _score(service, items)
    assert accuracy >= 0.9 and wrong <= 0.02, (accuracy, wrong)


def test_reply_has_figure_then_what_then_source(svc):
    res = svc.ask("冀州2022年GDP目标")
    lines = res.reply.splitlines()
    assert res.status == "answered"
    assert lines[0] == "7%以上"
    assert lines[1] == "冀州区 · 2022年 · 目标 · 地区生产总值（增长）"
    assert lines[2].startswith("原文：“地区生产总值增长7%以上")
    assert "001_335c3ce57f67547d.txt" in lines[3] and "主要预期目标" in lines[3]


@pytest.mark.parametrize("q", [
    "冀州2021年GDP总量是多少亿元",   # only a growth rate exists: not an amount
    "冀州今年新增城镇就业目标多少人",  # 3964人 is 2021's actual
    "桃城区去年GDP增速多少",          # no report for that place
    "枣强县人口多少",
    "枣强去年社零增长了多少",          # only a 2022 target exists
])
def test_refuses_rather_than_guess(svc, q):
    res = svc.ask(q)
    assert res.status == "not_found" and res.answers == []
    assert "没有" in res.reply


def test_not_found_says_what_the_documents_do_cover(svc):
    res = svc.ask("冀州2021年GDP总量是多少亿元")
    assert "7.5%" in res.reply and "地区生产总值" in res.reply


def test_ambiguous_lists_every_region(svc):
    res = svc.ask("去年经济增速多少")
    assert res.status == "ambiguous"
    assert {(a.region, a.value) for a in res.answers} == {("冀州区", "7.5%"), ("枣强县", "7.2%")}
    narrowed = svc.ask("去年经济增速多少", region="枣强县")
    assert narrowed.status == "answered" and narrowed.answers[0].value == "7.2%"


def test_compare_gives_each_region_and_a_verdict(svc):
    res = svc.ask("冀州、枣强去年GDP增速哪个高？")
    assert [a.value for a in res.answers] == ["7.5%", "7.2%"]
    assert res.reply.splitlines()[0] == "冀州区更高：7.5%，枣强县为7.2%"


def test_list_question(svc):
    res = svc.ask("冀州2022年有哪些主要目标")
    values = {a.metric: a.value for a in res.answers}
    assert values["地区生产总值"] == "7%以上" and values["外贸进出口"] == "5%以上"


def test_reload_swaps_in_a_new_report(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for p in SEEDS.glob("*.txt"):
        (folder / p.name).write_bytes(p.read_bytes())
    svc = KnowledgeService.open(tmp_path / "kb.db", folder)
    assert svc.ask("云溪县2023年GDP目标").status == "not_found"
    (folder / "gbk_report.txt").write_bytes((FIXTURES / "gbk_report.txt").read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    rep = svc.reload()
    assert (rep.documents_before, rep.documents_after) == (2, 3)
    assert [name for name, _ in rep.skipped] == ["broken.txt"]
    assert svc.ask("云溪县2023年GDP目标").answers[0].value == "6%左右"


def test_cli_json_and_batch(tmp_path):
    db = tmp_path / "kb.db"
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run([sys.executable, "-m", "knowledge", "ask", "--db", str(db), "--seeds", str(SEEDS),
                          "--json", "枣强今年GDP目标"], cwd=ROOT, capture_output=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr.decode()
    data = json.loads(out.stdout)
    assert data["status"] == "answered" and data["answers"][0]["value"] == "7%左右"
    assert set(data["answers"][0]) >= {"region", "year", "kind", "metric", "value", "number", "unit",
                                       "qualifier", "sentence", "document", "section", "score"}
    lines = "冀州2022年GDP目标\n\n\" OR 1=1; --\n去年经济增速多少\n"
    out = subprocess.run([sys.executable, "-m", "knowledge", "ask", "--db", str(db), "--batch", "--json"],
                         cwd=ROOT, input=lines.encode(), capture_output=True, env=env, timeout=120)
    got = [json.loads(l) for l in out.stdout.decode().splitlines()]
    assert [g["status"] for g in got] == ["answered", "not_found", "not_found", "ambiguous"]
