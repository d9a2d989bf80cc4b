"""Question understanding, one table per step, on real questions."""
import pytest

from knowledge.understand import Place, parse

PLACES = [Place("冀州区", "冀州", "衡水市", (2022,), ("冀州区", "冀州")),
          Place("枣强县", "枣强", None, (2022,), ("枣强县", "枣强")),
          Place("枫溪瑶族自治县", "枫溪", None, (2019,), ("枫溪瑶族自治县", "枫溪", "枫溪县", "枫溪自治县"))]


@pytest.mark.parametrize("q,regions,unknown", [
    ("冀州2022年GDP目标", ["冀州区"], []),
    ("冀洲规上工业今年目标", ["冀州区"], []),          # homophone typo
    ("枣墙县去年GDP增长多少？", ["枣强县"], []),
    ("棗強縣財政收入", ["枣强县"], []),                # Traditional
    ("冀州區去年社零", ["冀州区"], []),
    ("冀州和枣强去年PM2.5谁低", ["冀州区", "枣强县"], []),
    ("枣强、冀州去年新增高标准农田面积对比", ["枣强县", "冀州区"], []),
    ("枫溪县去年GDP", ["枫溪瑶族自治县"], []),
    ("枫溪自治县今年目标", ["枫溪瑶族自治县"], []),
    ("桃城区去年GDP增速多少", [], ["桃城区"]),
    ("衡水市2021年GDP增长多少", [], ["衡水市"]),
    ("去年新增城镇就业多少人", [], []),
    ("枣强县长是谁", ["枣强县"], []),
])
def test_regions(q, regions, unknown):
    got = parse(q, PLACES)
    assert (got.regions, got.unknown_places) == (regions, unknown)


@pytest.mark.parametrize("q,years,relative,base", [
    ("冀州2022年GDP目标", [2022], None, None),
    ("枣强２０２２年固定资产投资预期增长多少", [2022], None, None),   # full-width digits
    ("枣强去年农民收入涨了多少", [], -1, None),
    ("枣强今年GDP目标", [], 0, None),
    ("枣强三大产业营收比2018年增长了多少", [], None, 2018),      # a base year is not the year asked
    ("枣强优良天数比上年多了几天", [], None, None),
    ("二〇二一年冀州GDP增速", [2021], None, None),
])
def test_years(q, years, relative, base):
    got = parse(q, PLACES)
    assert (got.years, got.relative, got.base_year) == (years, relative, base)


@pytest.mark.parametrize("q,kind,measure,unit", [
    ("冀州2022年GDP目标", "target", None, None),
    ("冀州今年研发投入要增长多少", "target", "growth", None),
    ("枣强去年农民收入涨了多少", "actual", "growth", None),
    ("冀州去年争取到多少上级资金", "actual", None, None),      # a weak cue gives way to 去年
    ("冀州2021年GDP总量是多少亿元", None, "level", "元"),
    ("冀州去年网络销售额在全省排第几", "actual", "rank", None),
    ("枣强民生支出占财政支出的比重是多少", None, "share", None),
    ("枣强去年空气好的天数有多少天", "actual", "level", "天"),
    ("枣强优良天数比上年多了几天", "actual", "growth", "天"),
    ("枣强今年计划新增多少家高新技术企业", "target", "level", "家"),
    ("鹭洲 vs 澄湖 2024 GDP growth", None, "growth", None),
])
def test_kind_measure_unit(q, kind, measure, unit):
    got = parse(q, PLACES)
    assert (got.kind, got.measure, got.unit_family) == (kind, measure, unit)


@pytest.mark.parametrize("q,metric", [
    ("冀州去年规上工业增加值增速", "规模以上工业增加值"),
    ("冀州农民去年收入增长多少？", "农村居民人均可支配收入"),
    ("枣强今年城里人收入目标涨多少", "城镇居民人均可支配收入"),
    ("冀州去年社零增速多少", "社会消费品零售总额"),
    ("枣强去年空气好的天数有多少天", "优良天数"),
    ("２０２１年PM2.5浓度是多少", "PM2.5浓度"),
    ("冀州2021年GDP总量是多少亿元", "地区生产总值"),
    ("枣强今年要改造农村户厕多少座？", "改造农村户厕"),
])
def test_metric(q, metric):
    assert parse(q, PLACES).metric == metric


@pytest.mark.parametrize("q,qtype", [
    ("冀州2022年GDP目标", "figure"),
    ("冀州和枣强2022年GDP增长目标对比", "compare"),
    ("冀州、枣强去年GDP增速哪个高？", "compare"),
    ("冀州的发展口号是什么", "text"),
    ("枣强县长是谁", "text"),
    ("枣强争创第几批国家生态文明建设示范县", "text"),
    ("冀州2022年有哪些主要目标", "list"),
    ("冀州去年有几个项目列入国家、省重大项目储备库", "figure"),
])
def test_question_type(q, qtype):
    assert parse(q, PLACES).qtype == qtype
