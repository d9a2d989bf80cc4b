"""Generalising to unseen reports, fifth table of phrasings (blind sets #43–#49): which sentence a
figure stated more than once is cited from, datelines that date no figure, meetings dated without
their year, a span's sums, per-head figures, banners by their abbreviations, press conferences and
plan documents, list items under a lead-in, rows of a place, a year and a reading, and web pages
whose headings the extractor drops. Each case is written in our own words on the genre's forms;
none is a sentence of a bundled report. Places come from the national table where a place's parent
or abbreviation is what is tested; figures are made up."""
import pytest

from knowledge import formats, timeframe
from knowledge.build import report_lines
from knowledge.docmeta import detect
from knowledge.normalize import fold
from knowledge.service import KnowledgeService

from knowledge.understand import Gazetteer, parse

_GAZ = Gazetteer([])  # questions read without any report's places


def _service_of(tmp_path, text: str, name: str = "r.txt") -> KnowledgeService:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return KnowledgeService.open(tmp_path / "kb.db", tmp_path)


def _ask(svc, question: str) -> dict:
    res = svc.ask(question).to_dict()
    assert res["status"] == "answered", (question, res["reply"])
    return res["answers"][0]


def _one(svc, question: str) -> tuple:
    got = _ask(svc, question)
    return got["region"], got["value"], got["year"], got["kind"]


def _meta(text: str):
    return detect(report_lines(text))


# ------------------------------------------------------------------ which sentence is cited

_RECAPS = ("桐庐县政府工作报告解读\n——2023年1月12日在桐庐县第十七届人民代表大会第三次会议上\n\n"
           "【数读】\n| 指标 | 2022年 |\n| --- | --- |\n| 一般公共预算收入 | 40.2亿元 |\n\n"
           "一、2022年工作回顾\n全县地区生产总值520.3亿元，增长3.9%；一般公共预算收入40.2亿元，增长5.5%。\n"
           "五年来，一般公共预算收入从28.6亿元增加到40.2亿元，年均增长7%。\n"
           "从几个数字看，全县2022年地区生产总值为520.3亿元，一般公共预算收入要从40.2亿元跨到45亿元以上。\n\n"
           "二、2023年工作安排\n地区生产总值增长6%左右；限上社零额同比增长12%以上。\n"
           "限上社零额和工业投资两项都定在12%以上，数字相同，口径不同。\n")


@pytest.mark.parametrize("question,source", [
    ("桐庐去年一般公共预算收入多少", "一般公共预算收入40.2亿元，增长5.5%"),   # not the table row, the from-to, the recap
    ("桐庐去年GDP多少亿", "全县地区生产总值520.3亿元"),                      # not the recap that repeats it
    ("桐庐今年限上社零额目标", "限上社零额同比增长12%以上"),                 # not the later remark on it
])
def test_a_figure_stated_more_than_once_is_cited_where_it_is_stated(tmp_path, question, source):
    got = _ask(_service_of(tmp_path, _RECAPS), question)
    assert source in got["sentence"].replace(",", "，"), got["sentence"]


def test_a_headline_gives_way_to_the_sentence_under_it(tmp_path):
    svc = _service_of(tmp_path, "桐庐锚定2024年：地区生产总值力争增长7%以上\n\n"
                                "桐庐县政府工作报告提出，桐庐县2024年力争地区生产总值增长7%以上。\n")
    assert "桐庐县2024年力争" in _ask(svc, "桐庐2024年GDP增长目标是多少")["sentence"]


@pytest.mark.parametrize("question,metric", [
    ("规上工业增加值增长几个点", "规模以上工业增加值"),   # 几个点: percentage points, no stray 点
    ("4年GDP累计完成多少", "地区生产总值累计"),         # a span of years is no part of the name
    ("近3年固投累计多少", "固定资产投资累计"),
])
def test_question_words_of_points_and_spans_leave_the_indicator(question, metric):
    q = parse(question, _GAZ)
    assert q.metric == metric
    assert not q.mentioned


def test_a_series_question_keeps_its_span():
    q = parse("这两年财政收入增长情况", _GAZ)  # 这两年 asks a series, not a sum
    assert q.metric == "一般公共预算收入" and not q.mentioned


@pytest.mark.parametrize("question,kind", [
    ("2022年一般公共预算收入完成多少", "actual"),   # 完成多少: what was achieved
    ("去年GDP实现多少", "actual"),
    ("今年GDP目标完成多少", "target"),              # the target is what is asked
])
def test_wan_cheng_duo_shao_asks_the_outcome(question, kind):
    assert parse(question, _GAZ).kind == kind


@pytest.mark.parametrize("typed,metric,measure", [
    ("21年经济增数是多少", "地区生产总值", "growth"),   # 增数 typed for 增速
    ("旅游收入去年增长多小", "旅游收入", "growth"),     # 多小 typed for 多少
])
def test_more_typed_homophones_of_question_words(typed, metric, measure):
    q = parse(typed, _GAZ)
    assert (q.metric, q.measure) == (metric, measure)


# ------------------------------------------------------------------ datelines and meeting dates

_SUMMARY = ("# 【两会速览】正蓝旗2022年政府工作报告要点\n\n【来源】本站综合整理　【发布】2022年1月\n\n"
            "【会议】2022年1月6日，正蓝旗第十六届人民代表大会第一次会议召开，代旗长作报告，回顾了过去四年的发展。\n\n"
            "【综合实力】地区生产总值从2017年的60.2亿元提高至2021年的80亿元左右，四年累计完成约280亿元，人均突破9万元。\n\n"
            "【财政收入】一般公共预算收入从5.1亿元提高至6.3亿元，四年累计完成23.4亿元。\n\n"
            "【邻旗速览·东乌珠穆沁旗】\n报告预计，全旗地区生产总值四年累计完成232.75亿元，年均增长3.6%。\n"
            "东乌旗累计投入扶贫资金1.2亿元。\n")


def test_a_pages_dateline_and_its_meetings_date_make_no_target_of_a_review(tmp_path):
    svc = _service_of(tmp_path, _SUMMARY)
    assert _one(svc, "正蓝旗2021年一般公共预算收入") == ("正蓝旗", "6.3亿元", 2021, "actual")
    assert _one(svc, "正蓝旗四年GDP累计完成多少") == ("正蓝旗", "280亿元", 2021, "actual")
    assert _one(svc, "正蓝旗人均GDP") == ("正蓝旗", "9万元", 2021, "actual")   # 人均 of the figure before it


def test_a_banner_section_holds_its_scope_word_and_its_abbreviation(tmp_path):
    svc = _service_of(tmp_path, _SUMMARY)
    assert _one(svc, "东乌旗GDP四年年均增长多少")[:2] == ("东乌珠穆沁旗", "3.6%")
    assert _one(svc, "东乌珠穆沁旗扶贫资金投入多少")[:2] == ("东乌珠穆沁旗", "1.2亿元")
    # a year's amount is not asked by the span's sum
    res = svc.ask("正蓝旗2021年GDP多少").to_dict()
    assert all(a["value"] != "280亿元" for a in res["answers"])


@pytest.mark.parametrize("title,dated", [
    ("【发布】2022年1月", False),                                  # a page's dateline
    ("时间：2023年11月", False),
    ("（编者据公开资料整理，2023年5月）", False),
    ("本报记者综合报道2022年4月", False),
    ("——2023年1月10日在某县第十七届人民代表大会第三次会议上", True),   # the report's own meeting
    ("2022年工作回顾", True),
])
def test_a_dateline_dates_no_section(title, dated):
    f = timeframe.heading_frame(fold(title), "", 2023, timeframe.NO_FRAME, False, 2023)
    assert (f.year is not None) == dated, f


def test_a_meeting_dated_without_its_year_dates_what_follows(tmp_path):
    svc = _service_of(tmp_path, (
        "汤阴县政府工作报告（节选）\n——2023年1月8日在汤阴县第十五届人民代表大会第二次会议上\n\n"
        "一、2022年工作回顾\n全县地区生产总值增长4.1%。\n\n附：全省有关情况（编者整理，2023年5月）\n\n"
        "二、河南省。\n2023年1月14日，河南省第十四届人民代表大会第一次会议开幕，省长作政府工作报告。\n"
        "报告在回顾过去五年时说，全省生产总值突破6万亿元。预计2022年全省经济总量将跃上新台阶。\n\n"
        "三、省内地市。\n1月4日、5日，全省17个地级市人代会集中开幕。省会郑州市提出：生产总值增长7%，固定资产投资增长15%。\n"))
    assert _one(svc, "郑州2023年固投目标") == ("郑州市", "15%", 2023, "target")


# ------------------------------------------------------------------ whose report, which year

@pytest.mark.parametrize("text,region,year", [
    # a press conference in November on the year under way: 力争某年… is that year's plan
    ("越秀区2023年前三季度经济运行情况新闻发布会（文字实录）\n\n时间：2023年11月\n\n"
     "【区长】先说说年初定的目标。越秀区提出，力争2023年GDP实现4.5%的增长。越秀区的项目体量不大。\n"
     "【统计局局长】2022年越秀区地区生产总值3650.18亿元。\n"
     "【区长】年初市政府工作报告提出，广州今年安排市重点项目800个。\n", "越秀区", 2023),
    # a plan document titled by its year in Chinese numerals
    ("新乡市二〇二三年国民经济和社会发展计划（节选）\n\n（二〇二三年一月经新乡市第十四届人民代表大会第一次会议审议通过）\n\n"
     "一、二〇二二年国民经济和社会发展计划执行情况\n二〇二二年，全市实现地区生产总值3464亿元。\n", "新乡市", 2023),
    # a compilation of two years' reports, dated by when it was put together
    ("拉萨市政府工作报告摘编：2018年目标任务与完成情况\n——据拉萨市2018年、2019年《政府工作报告》整理（2019年4月）\n\n"
     "报告确定，2018年全市地区生产总值增长10%。\n", "拉萨市", 2019),
])
def test_the_region_and_year_of_texts_that_are_no_report(text, region, year):
    m = _meta(text)
    assert (m.region, m.year) == (region, year)


def test_a_title_names_the_place_a_sidebars_congress_does_not(tmp_path):
    text = ("遂宁经济速览：三年数据与产业目标\n\n2022年，遂宁全市GDP同比增长4.2%。遂宁市下辖船山、安居两区。"
            "遂宁与成都达成合作。遂宁高新区入列示范园区。\n\n【邻县看台】德阳市中江县\n"
            "2022年12月29日，中江县第十九届人民代表大会第二次会议召开，县长在政府工作报告中预计，全年地区生产总值增长4%左右。\n"
            "资料来源：遂宁市政府工作报告、中江县政府工作报告。\n")
    assert _meta(text).region == "遂宁市"


def test_partial_figures_go_on_until_the_whole_year_is_said(tmp_path):
    svc = _service_of(tmp_path, (
        "越秀区2023年前三季度经济运行情况新闻发布会\n\n时间：2023年11月\n发布人：越秀区区长；越秀区统计局局长\n\n"
        "【统计局局长】根据广州市地区生产总值统一核算结果，2023年前三季度越秀区实现地区生产总值2809.61亿元，同比增长4.3%。"
        "分产业看，第三产业增加值2721.17亿元，同比增长4.1%。"
        "其他几项主要指标：税收收入（含省、市三分局征收数）386.74亿元，同比增长17.3%。\n"))
    assert _one(svc, "越秀前三季度税收增长多少") == ("越秀区", "17.3%", 2023, "actual")
    assert _one(svc, "越秀前三季度第三产业增加值多少")[1] == "2721.17亿元"


# ------------------------------------------------------------------ lists, rows, restated targets

def test_list_items_under_a_lead_in_are_its_places_and_its_years(tmp_path):
    svc = _service_of(tmp_path, (
        "新乡市二〇二三年国民经济和社会发展计划（节选）\n\n（二〇二三年一月经新乡市第十四届人民代表大会第一次会议审议通过）\n\n二、发展环境\n"
        "从全省看，二〇二三年一月十四日省长在省十四届人大一次会议上所作的政府工作报告显示，过去五年河南综合实力大幅提升：\n"
        "• 生产总值突破6万亿元，工业增加值突破2万亿元；\n• 常住人口城镇化率达到57.1%、提高6.5个百分点；\n\n"
        "三、二〇二三年经济社会发展主要预期目标\n二〇二三年全市主要预期目标是：规模以上工业增加值增长9%以上。\n"))
    assert _one(svc, "新乡2023规上工业增加值目标") == ("新乡市", "9%以上", 2023, "target")
    region, value, year, kind = _one(svc, "河南过去五年常住人口城镇化率提高了多少")
    assert (region, value, kind) == ("河南省", "6.5个百分点", "actual")


def test_a_row_of_a_place_a_year_and_a_reading_is_read_as_clauses(tmp_path):
    svc = _service_of(tmp_path, (
        "# 泰州市姜堰区2026年政府工作报告要点梳理\n\n## 上级和周边参照\n\n"
        "| 主体 | 年份 | 口径 | 经济增长 | 其他指标 |\n| --- | --- | --- | --- | --- |\n"
        "| 兴化市 | 2025年 | 目标 | 地区生产总值增长6.5%以上 | 一般公共预算收入增长2%以上，固定资产投资增长8% |\n"
        "| 全国 | 2026年 | 目标 | 经济增长4.5%-5% | 城镇新增就业1200万人以上 |\n"), name="r.md")
    assert _one(svc, "兴化2025年GDP增长目标") == ("兴化市", "6.5%以上", 2025, "target")
    assert _one(svc, "兴化2025年固投增长目标")[1] == "8%"
    assert _one(svc, "2026年全国GDP增长目标多少") == ("全国", "4.5%-5%", 2026, "target")


def test_a_numbered_target_list_and_its_pairs(tmp_path):
    svc = _service_of(tmp_path, (
        "正定县人民政府工作报告（节选）（2025年）\n\n二、2025年发展目标和重点工作\n"
        "综合考虑各方面因素，2025年全县经济社会发展的主要预期目标是：\n1.地区生产总值增长6%以上；\n"
        "2.固定资产投资增长7%左右；\n3.城乡居民人均可支配收入分别增长5.5%左右和6.5%左右；\n"))
    assert _one(svc, "正定农民人均可支配收入今年目标涨多少") == ("正定县", "6.5%左右", 2025, "target")
    assert _ask(svc, "正定今年固投目标")["metric"] == "固定资产投资"


@pytest.mark.parametrize("sentence,value", [
    ("全年地区生产总值预计突破700亿元，同比增长8%以上，区人代会年初批准的增长8%以上目标如期完成。", "8%以上"),
    ("固定资产投资预计同比增长13%以上，完成了增长8%的年度目标。", "8%"),
])
def test_a_target_restated_in_a_review_is_that_years_target(tmp_path, sentence, value):
    svc = _service_of(tmp_path, "合肥市瑶海区第五届人民代表大会第一次会议文件摘编\n\n"
                                "编者按：2021年12月28日，合肥市瑶海区第五届人民代表大会第一次会议召开。\n\n"
                                "一、2021年国民经济和社会发展计划执行情况\n" + sentence + "\n")
    metric = "GDP" if "生产总值" in sentence else "固定资产投资"
    assert _one(svc, f"瑶海2021年{metric}年初定的目标是多少") == ("瑶海区", value, 2021, "target")


def test_a_plan_words_lead_is_no_part_of_the_name(tmp_path):
    svc = _service_of(tmp_path, (
        "通辽市政府工作报告解读\n——2025年1月23日在通辽市第十届人民代表大会第四次会议上\n\n"
        "答：一年前，自治区为2024年定下的主要预期目标是地区生产总值增长6%以上。"
        "2024年经济社会发展主要预期目标地区生产总值增长6.5%左右。\n"))
    metrics = {a.metric for q in ("内蒙古2024年定的GDP目标是多少", "通辽2024年GDP目标") for a in svc.ask(q).answers}
    assert metrics <= {"地区生产总值"}, metrics


# ------------------------------------------------------------------ web pages

_PAGE = ("<html><head><meta charset='utf-8'><title>遂宁经济速览</title></head><body>"
         "<div class='nav'>首页 &gt; 城市数据 &gt; 四川 &gt; 遂宁</div>"
         "<h1>遂宁经济速览：三年数据与计划完成情况</h1><p class='meta'>本站综合整理　2023年4月</p>"
         "<h2>【速览】</h2><p>2022年，遂宁全市地区生产总值同比增长4.2%，比全国高1.2个百分点，增速居全省第4位。</p>"
         "<h2>【2021年：计划执行情况】</h2><p>据市发展改革委所作的计划报告，2021年全市计划执行情况总体良好：</p>"
         "<ul><li>地区生产总值同比增长8.2%，高于计划目标0.7个百分点；</li>"
         "<li>社会消费品零售总额548.7亿元，同比增长17.4%。</li></ul>"
         "<h2>【2020年：疫情之年】</h2><p>城镇居民人均可支配收入增长6.5%；农村居民人均可支配收入增长8.9%。</p>"
         "<p>资料来源：遂宁市政府工作报告。</p><div class='footer'>版权所有</div></body></html>")


def test_a_pages_headings_and_byline_survive_the_extractor(tmp_path):
    text = formats.html_text(_PAGE.encode("utf-8"))
    assert "【2021年：计划执行情况】" in text and "2023年4月" in text
    assert (_meta(text).region, _meta(text).year) == ("遂宁市", 2023)
    svc = _service_of(tmp_path, _PAGE, name="p.html")
    assert _one(svc, "遂宁前年社零总额多少亿") == ("遂宁市", "548.7亿元", 2021, "actual")
    assert _one(svc, "遂宁2020年农村居民收入增长") == ("遂宁市", "8.9%", 2020, "actual")


# ------------------------------------------------------------------ bases, tiers, capitals, rows of cities

_SESSION = ("越秀区2022年经济运行情况新闻发布会（文字实录）\n\n时间：2023年2月\n发布人：越秀区区长；越秀区统计局局长\n\n"
            "【统计局局长】2022年越秀区一般公共预算收入53.70亿元，同比下降0.6%，扣除留抵退税因素后可比增长2.7%；"
            "居民人均可支配收入增长8.8%，扣除价格因素后增长7.1%。越秀区经济运行总体平稳。\n"
            "【区长】海珠区GDP确保增长7%以上、力争7.5%。越秀区提出，力争2023年GDP实现4.5%的增长。\n")


@pytest.mark.parametrize("question,value", [
    ("越秀22年一般公共预算收入可比增长多少", "2.7%"),   # 可比 asked: the comparable-basis growth
    ("越秀22年一般公共预算收入增长多少", "下降0.6%"),   # not asked: as first stated
    ("越秀22年居民人均可支配收入增长多少", "8.8%"),     # the price-adjusted growth only when asked
    ("海珠区2023年GDP目标", "7%以上"),                   # 确保…、力争…: the promised floor first
])
def test_a_basis_or_a_tier_is_answered_only_when_asked(tmp_path, question, value):
    assert _ask(_service_of(tmp_path, _SESSION), question)["value"] == value


def test_a_capital_by_its_short_name_and_a_table_of_cities(tmp_path):
    svc = _service_of(tmp_path, (
        "新乡市二〇二三年国民经济和社会发展计划（节选）\n\n（二〇二三年一月经新乡市第十四届人民代表大会第一次会议审议通过）\n\n"
        "三、二〇二三年经济社会发展主要预期目标\n二〇二三年新乡全市主要预期目标是：固定资产投资增长15%以上。"
        "省会郑州还提出社会消费品零售总额增长12%。\n\n"
        "附表　全省部分省辖市二〇二三年主要预期目标（据各市政府工作报告）\n市别 | 生产总值 | 固定资产投资\n"
        "郑州市 | 增长7% | 增长15%\n商丘市 | 增长7.5%左右 | 增长10.5%\n"))
    assert _one(svc, "郑州2023年社零增长目标")[:2] == ("郑州市", "12%")
    assert _one(svc, "郑州2023年固投增长目标")[:2] == ("郑州市", "15%")
    assert _one(svc, "商丘2023年GDP目标")[:2] == ("商丘市", "7.5%左右")
    assert _one(svc, "新乡2023年固投增长目标")[:2] == ("新乡市", "15%以上")


def test_a_subtitle_gives_way_to_the_body_that_states_its_figure(tmp_path):
    svc = _service_of(tmp_path, (
        "汉台区第十九届人民代表大会第一次会议开幕\n区长作政府工作报告：2021年全区生产总值达416.43亿元，是2016年的1.65倍\n\n"
        "本报讯 3月24日，汉台区第十九届人民代表大会第一次会议开幕。汉台区区长作政府工作报告。"
        "报告列出的数据显示，2021年全区实现生产总值416.43亿元，是2016年的1.65倍。汉台区将继续奋进。\n"))
    assert "报告列出的数据显示" in _ask(svc, "汉台区去年GDP多少亿")["sentence"]


def test_a_past_years_targets_under_its_heading_and_a_text_question_of_that_year(tmp_path):
    svc = _service_of(tmp_path, (
        "拉萨市政府工作报告摘编：2018年目标任务与完成情况\n——据拉萨市2018年、2019年《政府工作报告》整理（2019年4月）\n\n"
        "一、2018年报告提出的目标任务\n2018年是全面建成小康社会的关键一年。\n"
        "（一）主要预期目标\n报告确定，2018年全市地区生产总值增长10%，农村居民人均可支配收入增长14%。\n"
        "（二）基础设施建设\n1．市政设施：完成108公里市政管网改造；纳金水厂、白定污水处理厂建成投用。\n\n"
        "二、2018年完成情况\n据2019年报告，2018年全市地区生产总值增长9.5%。\n"))
    assert _one(svc, "拉萨2018年GDP目标") == ("拉萨市", "10%", 2018, "target")
    assert _one(svc, "拉萨2018年GDP增长多少") == ("拉萨市", "9.5%", 2018, "actual")
    res = svc.ask("拉萨18年要建成投用哪两个水厂污水厂").to_dict()
    assert "纳金水厂" in res["answers"][0]["sentence"]


_SIDEBAR = ("<html><head><meta charset='utf-8'><title>竹山县两会</title></head><body><div class='main'>"
            "<h1>竹山县十九届人大四次会议开幕</h1>"
            "<p>12月26日，竹山县第十九届人民代表大会第四次会议开幕。竹山县县长作政府工作报告。</p>"
            "<p>报告提出，竹山县2024年力争地区生产总值增长10%以上，固定资产投资增长15%。竹山县将锚定目标。</p>"
            "<p>报告回顾，竹山县2023年预计完成地区生产总值172亿元，增长8.5%。竹山县经济稳中向好。</p></div>"
            "<div class='sidebar'><h3>相关新闻</h3><ul>"
            "<li>【竹溪】2023年竹溪新增市场主体11551户；金融机构新增贷款24.2亿元，增长21.8%。（2024-01-06）</li>"
            "<li>【鄂州市临空经济区·2022】2022年鄂州市临空经济区全年一般公共预算收入90999万元，同比增长17.3%。</li>"
            "<li>竹山县召开经济工作会议</li></ul></div></body></html>")


def test_a_related_news_box_keeps_its_items_that_name_a_place_and_state_figures(tmp_path):
    text = formats.html_text(_SIDEBAR.encode("utf-8"))
    assert "【相关新闻】" in text and "竹溪新增市场主体" in text
    assert "召开经济工作会议" not in text  # a link without a figure is no part of the box kept
    svc = _service_of(tmp_path, _SIDEBAR, name="p.html")
    assert _one(svc, "竹溪2023年金融机构新增贷款增长多少") == ("竹溪县", "21.8%", 2023, "actual")
    assert _one(svc, "临空经济区22年一般公共预算收入")[:2] == ("鄂州市临空经济区", "90999万元")
    assert _one(svc, "竹山2024年GDP目标")[:2] == ("竹山县", "10%以上")  # the page's own figures unchanged


def test_a_gap_and_a_share_after_a_growth_are_the_same_indicators(tmp_path):
    svc = _service_of(tmp_path, (
        "阜阳市政府工作报告解读\n——2022年1月20日在阜阳市第六届人民代表大会第二次会议上\n\n一、2021年回顾\n"
        "规模以上工业中，高新技术产业增加值增长18.8%，增速快于规上工业10.7个百分点，占全市规上工业的比重为33.7%，"
        "比上年提高3.3个百分点；战略性新兴产业产值增长27.7%，快于规上工业14.1个百分点，占规上工业的比重达到40.0%。\n"))
    assert _one(svc, "阜阳高新技术产业增加值占规上工业比重多少")[1] == "33.7%"
    assert _one(svc, "阜阳战略性新兴产业产值占规上工业比重")[1] == "40.0%"
    assert _one(svc, "阜阳高新技术产业增加值增速比规上工业快几个点")[1] == "10.7个百分点"


# ------------------------------------------------------------------ blind sets #50–#53

def test_a_title_that_names_its_report_beats_the_city_its_box_quotes():
    text = ("平城区政府工作报告（摘编）\n\n——2023年4月在大同市平城区第二届人民代表大会第三次会议上\n\n"
            "各位代表：\n一、2022年工作回顾\n全区地区生产总值完成503.8亿元。\n\n背景链接\n"
            + "".join(f"{y}年{m}月{d}日，大同市第十六届人民代表大会第一次会议开幕，大同市政府工作报告显示，大同经济稳步增长。\n"
                      for y, m, d in ((2022, 2, 11), (2023, 3, 20), (2021, 4, 22))))
    assert (_meta(text).region, _meta(text).parent) == ("平城区", "大同市")


@pytest.mark.parametrize("sentence,region", [
    ("国家2024年提出：国内生产总值增长5%左右，城镇新增就业1200万人以上。", "全国"),
    ("据介绍，2021年我国国内生产总值114万亿元。", "全国"),
])
def test_the_nation_by_guojia_and_woguo(tmp_path, sentence, region):
    svc = _service_of(tmp_path, "荆州市政府工作报告\n——2024年1月10日在荆州市第六届人民代表大会第四次会议上\n\n"
                                "一、2023年工作回顾\n全市地区生产总值增长6.2%。\n\n二、参照\n" + sentence + "\n")
    value = "1200万人以上" if "就业" in sentence else "114万亿元"
    question = "2024年全国城镇新增就业目标多少人" if "就业" in sentence else "21年全国GDP总量"
    got = _ask(svc, question)
    assert (got["region"], got["value"]) == (region, value)


def test_the_nation_as_the_field_of_a_rank_is_no_place_asked():
    q = parse("18年拉萨在哪个全国排名里拿了第一", _GAZ)
    assert "全国" not in q.regions


def test_a_sister_cities_box_under_place_subheadings(tmp_path):
    page = ("<html><head><meta charset='utf-8'><title>鞍山两会</title></head><body><div class='main'>"
            "<h1>鞍山市十七届人大六次会议开幕</h1><p>1月8日，鞍山市第十七届人民代表大会第六次会议开幕。</p>"
            "<p>报告显示，2025年鞍山市地区生产总值增长5.1%。鞍山市将继续奋进。</p>"
            "<p>鞍山坐落在辽东半岛中部，素有钢都之称。</p></div>"
            "<div class='side'><h3>兄弟城市</h3><h4>营口市</h4>"
            "<p>截至2024年年末，营口地区生产总值达到1479.4亿元，同比增长5.3%。</p><h4>大连市</h4>"
            "<p>大连市2024年政府工作报告预计，2023年全市地区生产总值增长6%以上，居民消费价格上涨0.6%。</p></div></body></html>")
    svc = _service_of(tmp_path, page, name="p.html")
    assert _one(svc, "營口2024年GDP總量")[:2] == ("营口市", "1479.4亿元")
    assert _one(svc, "大连23年CPI涨了多少")[:2] == ("大连市", "0.6%")   # 上涨: a price's rise


def test_a_title_line_and_its_dateline_stay_apart_from_a_wrapped_body():
    from knowledge.normalize import join_lines

    text = ("寿县“两会”观察：预计全年GDP增长7% 明年工业投资力争增长25%以上\n\n（2024年12月30日）\n\n"
            "岁末召开的寿县“两会”，既为即将过去的2024年作结，也为新的一年\n定调。12月28日，县政协会议开幕，会议应到\n委员328人，实到委员312人。\n")
    lines = join_lines(text)
    assert lines[0].endswith("25%以上") and lines[1] == "（2024年12月30日）"


@pytest.mark.parametrize("sentence,value,metric", [
    ("2022年全年实现地区生产总值增长5.9%，排名全市第1位，而年初的预期目标为8.5%以上。", "8.5%以上", "地区生产总值"),
    ("2022年规模工业增加值增长9.5%，同样排名全市第1位，但没有达到10%以上的预期目标。", "10%以上", "规模工业增加值"),
])
def test_a_target_named_after_its_outcome_is_of_the_same_indicator(tmp_path, sentence, value, metric):
    svc = _service_of(tmp_path, "东安县政府工作报告解读\n——2023年1月8日在东安县第十八届人民代表大会第三次会议上\n\n"
                                "【怎么看】" + sentence + "\n")
    got = _ask(svc, "东安" + ("GDP" if "生产总值" in metric else "规模工业增加值") + "22年目标多少")
    assert (got["value"], got["year"], got["kind"]) == (value, 2022, "target")


def test_a_citys_district_by_its_short_name_and_a_province_told_of_by_its_congress(tmp_path):
    svc = _service_of(tmp_path, (
        "丽水市五届人大五次会议开幕\n\n本报讯 2月24日，丽水市第五届人民代表大会第五次会议开幕。丽水市长作报告。丽水经济向好。\n\n"
        "1月14日，浙江省十四届人大三次会议开幕，代省长作政府工作报告。2024年浙江全省地区生产总值突破9万亿元。"
        "对于2025年，浙江把生产总值增长5.5%左右列为主要预期目标。\n\n"
        "2024年，莲都的三次产业结构为3.8:31.0:65.2，社会消费品零售总额273.8亿元，同比增长7.7%。\n"))
    assert _one(svc, "浙江今年GDP目标定了多少")[:2] == ("浙江省", "5.5%左右")
    assert _one(svc, "莲都去年社零增长多少")[:2] == ("莲都区", "7.7%")
    res = svc.ask("丽水去年社零增长了多少").to_dict()
    assert res["status"] == "not_found" or res["answers"][0]["region"] != "丽水市" or res["answers"][0]["value"] != "7.7%"


def test_a_data_card_and_an_adjusted_target_give_way_to_the_statement(tmp_path):
    svc = _service_of(tmp_path, (
        "潢川县政府工作报告解读\n——2024年1月12日在潢川县第十六届人民代表大会第四次会议上\n\n"
        "【数据卡片·2023年潢川】常住人口61.36万人；城镇新增就业8507人；生产总值320.39亿元。\n"
        "据统计公报，2023年全年城镇新增就业8507人，增长3%。\n"
        "国家2024年提出：城镇新增就业1200万人以上。与2023年相比，全国城镇新增就业目标由“1200万人左右”调整为“1200万人以上”。\n"))
    assert "全年城镇新增就业8507人" in _ask(svc, "潢川城镇新增就业人数")["sentence"]
    assert "国家2024年提出" in _ask(svc, "2024年全国城镇新增就业目标多少人")["sentence"]
