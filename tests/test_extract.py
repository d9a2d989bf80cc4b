"""Indicator extraction on real sentences of the seed reports: exact rows expected."""
from pathlib import Path

import pytest

from knowledge.build import parse_document
from knowledge.reader import read

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ZAOQIANG = "000_4fb11857ce7e28a6.txt"
JIZHOU = "001_335c3ce57f67547d.txt"


@pytest.fixture(scope="module")
def docs():
    return {name: parse_document(name, read(SEEDS / name)) for name in (ZAOQIANG, JIZHOU)}


def rows_of(doc, fragment):
    """The indicators of the sentence containing `fragment`, as comparable tuples."""
    sents = [s for s in doc.sentences if fragment in s.norm]
    assert sents, f"no sentence contains {fragment!r}"
    idx = sents[0].index
    return [(i.region, i.year, i.kind, i.measure, i.metric, i.value)
            for i in doc.indicators if i.sentence == idx]


# (document, sentence fragment, expected row) — each row must be among the sentence's indicators
ROWS = [
    # 分别: each listed metric gets its own figure, in order
    (JIZHOU, "分别增长6.9%和11.7%", ("冀州区", 2021, "actual", "growth", "城镇居民人均可支配收入", "6.9%")),
    (JIZHOU, "分别增长6.9%和11.7%", ("冀州区", 2021, "actual", "growth", "农村居民人均可支配收入", "11.7%")),
    (ZAOQIANG, "分别达到169亿元", ("枣强县", 2021, "actual", "level", "裘皮服装服饰产业营业收入", "169亿元")),
    (ZAOQIANG, "分别达到169亿元", ("枣强县", 2021, "actual", "level", "复合材料产业营业收入", "105亿元")),
    (ZAOQIANG, "分别达到169亿元", ("枣强县", 2021, "actual", "level", "装备制造产业营业收入", "24.4亿元")),
    # 均 after a 分别 list: one row per listed metric; 比2018年 is a base year, not the figure's year
    (ZAOQIANG, "均比2018年增长70%以上", ("枣强县", 2021, "actual", "growth", "复合材料产业营业收入", "70%以上")),
    # 均 with its own list
    (JIZHOU, "均增长8%以上", ("冀州区", 2022, "target", "growth", "城镇居民人均可支配收入", "8%以上")),
    (JIZHOU, "均增长8%以上", ("冀州区", 2022, "target", "growth", "农村居民人均可支配收入", "8%以上")),
    (JIZHOU, "参保率均达到95%以上", ("冀州区", 2022, "target", "level", "医疗社会保险参保率", "95%以上")),
    # PM_{2.5}/PM₁₀ folded; 分别下降 with the metrics of the figures before it
    (ZAOQIANG, "pm2.5浓度44微克", ("枣强县", 2021, "actual", "level", "pm2.5浓度", "44微克/立方米")),
    (ZAOQIANG, "pm2.5浓度44微克", ("枣强县", 2021, "actual", "growth", "pm10浓度", "下降14.6%")),
    (ZAOQIANG, "pm2.5浓度44微克", ("枣强县", 2021, "actual", "growth", "优良天数", "32天")),
    # hard-wrapped 冀州 text: numbers cut across lines are whole again
    (JIZHOU, "地区生产总值增长7.5%", ("冀州区", 2021, "actual", "growth", "地区生产总值", "7.5%")),
    (JIZHOU, "网络销售额达到124.4亿元", ("冀州区", 2021, "actual", "level", "网络销售额", "124.4亿元")),
    (JIZHOU, "网络销售额达到124.4亿元", ("冀州区", 2021, "actual", "rank", "网络销售额", "第5名")),
    # a 2021 actual and a 2022 target of the same metric
    (JIZHOU, "新建高标准农田5万亩", ("冀州区", 2021, "actual", "level", "新建高标准农田", "5万亩")),
    (JIZHOU, "建设高标准农田7.5万亩", ("冀州区", 2022, "target", "level", "高标准农田", "7.5万亩")),
    (JIZHOU, "地区生产总值增长7%以上", ("冀州区", 2022, "target", "growth", "地区生产总值", "7%以上")),
    (ZAOQIANG, "城镇调查失业率控制在5.5%以内", ("枣强县", 2022, "target", "level", "城镇调查失业率", "5.5%以内")),
    (ZAOQIANG, "新增高标准农田8.73万亩", ("枣强县", 2021, "actual", "level", "新增高标准农田", "8.73万亩")),
    # classifier figures name the noun after them
    (JIZHOU, "完成49个老旧小区改造", ("冀州区", 2022, "target", "count", "老旧小区改造", "49个老旧小区改造")),
    # shares name their part (from the clause before) and their whole
    (ZAOQIANG, "占财政支出的81.4%", ("枣强县", 2021, "actual", "share", "民生领域支出占财政支出", "81.4%")),
]


@pytest.mark.parametrize("doc,fragment,row", ROWS, ids=[f"{r[2][4]}-{r[2][5]}" for r in ROWS])
def test_sentence_rows(docs, doc, fragment, row):
    got = rows_of(docs[doc], fragment)
    assert row in got, f"{row} not in {got}"


def test_rank_in_county_report_stays_with_the_county(docs):
    rows = rows_of(docs[ZAOQIANG], "增幅位居全市第4")
    assert ("枣强县", 2021, "actual", "rank", "生产总值增幅", "第4") in rows


def test_document_meta(docs):
    z, j = docs[ZAOQIANG].meta, docs[JIZHOU].meta
    assert (z.region, z.level, z.year, z.short) == ("枣强县", "县", 2022, "枣强")
    assert (j.region, j.level, j.year, j.short, j.parent) == ("冀州区", "区", 2022, "冀州", "衡水市")
    assert "枣强县《政府工作报告》解读" in z.title


def test_vertical_heading_is_a_section(docs):
    titles = [s.title for s in docs[JIZHOU].sections]
    assert "切实加强政府自身建设" in titles


def test_years_are_never_figures(docs):
    for d in docs.values():
        assert not [i for i in d.indicators if i.value in ("2021", "2022", "2018")]
