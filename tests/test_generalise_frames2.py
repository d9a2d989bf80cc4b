"""Generalising to unseen reports, third table of phrasings (blind sets #28 and #30): a speech's
date against the year it speaks of, lead-ins and their lists, milestones and over-plan amounts,
December reports' 今年, neighbours' scope words, and question wording (主要, 占年度计划的比例). Each
case is written in our own words on the genre's forms; none is a sentence of a bundled report, and
the places are made up (棠溪县, 澄江区 …) unless the national table is what is tested."""
import pytest

from knowledge import subject
from knowledge.extract import split_list
from knowledge.normalize import fold
from knowledge.service import KnowledgeService
from knowledge.timeframe import Frame, figure_time, mentions, report_year
from knowledge.understand import parse


_TANGXI = "棠溪县政府工作报告\n——2018年1月16日在棠溪县第十六届人民代表大会第二次会议上\n\n一、2017年工作回顾\n"


def _service_of(tmp_path, text: str, name: str = "r.txt") -> KnowledgeService:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return KnowledgeService.open(tmp_path / "kb.db", tmp_path)


def _answer(svc, question: str) -> dict | None:
    res = svc.ask(question).to_dict()
    return res["answers"][0] if res["status"] == "answered" else None


def _one(svc, question: str) -> tuple:
    got = _answer(svc, question)
    assert got is not None, question
    return got["value"], got["year"], got["kind"]


# ------------------------------------------------------------------ time frames

def test_a_speech_date_yields_to_the_year_the_speech_speaks_of(tmp_path):
    svc = _service_of(tmp_path, (
        "棠溪县政府工作报告\n——2018年1月16日在棠溪县第十六届人民代表大会第二次会议上\n\n"
        "一、2017年工作回顾\n全年实现地区生产总值255亿元，增长8.5%。\n\n"
        "【往年对照】2016年1月12日，时任县长在县十五届人大五次会议上作的报告显示：2015年是规划收官之年。"
        "当年全县实现地区生产总值208亿元，增长8.2%。\n"))
    assert _one(svc, "棠溪2015年GDP多少") == ("208亿元", 2015, "actual")
    assert _one(svc, "棠溪2017年GDP多少") == ("255亿元", 2017, "actual")


def test_unmarked_lines_after_a_colon_take_the_lead_ins_year_and_its_targets(tmp_path):
    svc = _service_of(tmp_path, (
        "澄江区政府工作报告解读\n——2023年1月10日在澄江区第十届人民代表大会第八次会议上\n\n问三：四年前定过什么目标？\n\n"
        "答：二〇一九年三月一日，区十届人大四次会议开幕，时任区长在报告中提出了2019年经济发展的主要预期指标：\n\n"
        "全区生产总值增长6.2%左右；\n\n规模以上工业增加值增长4.5%左右；\n\n社会消费品零售总额增长7.5%左右。\n\n"
        "问四：今年怎么干？\n\n答：报告提出，今年地区生产总值增长5.5%左右。\n"))
    assert _one(svc, "澄江2019年GDP增长目标") == ("6.2%左右", 2019, "target")
    assert _one(svc, "澄江2019年规上工业增加值目标") == ("4.5%左右", 2019, "target")
    assert _one(svc, "澄江今年GDP目标") == ("5.5%左右", 2023, "target")


def test_an_interview_answer_keeps_its_year_over_its_later_paragraphs(tmp_path):
    svc = _service_of(tmp_path, (
        "两会问答｜读懂澄江区政府工作报告\n——澄江区第十届人民代表大会第七次会议\n\n"
        "问二：去年的民生账怎么算？\n\n答：报告说，2022年全区投入民生资金28亿元。\n\n"
        "就业方面，全年新增城镇就业6312人。\n\n问三：今年呢？\n\n答：今年新增城镇就业6500人以上。\n"))
    assert _one(svc, "澄江去年新增城镇就业多少人") == ("6312人", 2022, "actual")


@pytest.mark.parametrize("text,fig,year,period", [
    # a base holds in its clause only: the target after the semicolon is the year's own
    ("报告提出，2020年前实现生产总值比2010年翻一番；2016年全省主要目标定为地区生产总值增长8%左右。", "8%左右", 2016, ""),
])
def test_figure_years(text, fig, year, period):
    t = fold(text)
    got = figure_time(t, t.index(fig), Frame(2016, "target"), 2016)
    assert (got.year, got.period, got.base_year) == (year, period, None)


def test_a_lead_in_naming_a_plan_period_makes_its_items_figures_of_the_period(tmp_path):
    svc = _service_of(tmp_path, (
        "澄江区政府工作报告\n——2016年1月8日在澄江区第十六届人民代表大会第六次会议上\n\n"
        "一、“十二五”回顾\n据报告，“十二五”期间澄江的几组数字是：\n"
        "11%——地区生产总值年均增长\n13.2%——财政总收入年递增\n"))
    got = _answer(svc, "十二五期间澄江财政总收入年均增长多少")
    assert got and (got["value"], got["year"]) == ("13.2%", 2015)


def test_未来五年_dates_the_goals_after_it_at_the_plans_end(tmp_path):
    svc = _service_of(tmp_path, (
        "澄江区政府工作报告解读\n\n2025年12月20日，澄江区第十八届人民代表大会第六次会议开幕。\n\n"
        "【2025年】据报告，2025年澄江区地区生产总值预计增长6%左右。\n\n"
        "【未来五年】未来五年，澄江将建设现代化新城区。主要目标是：地区生产总值达900亿元，年均增长6%。\n"))
    assert _one(svc, "澄江“十五五”末GDP要达到多少亿") == ("900亿元", 2030, "target")
    assert _answer(svc, "澄江2026年GDP增长目标") is None  # a five-year average is no one year's target
    # heard in December 2025: its 今年 is 2025, its plan 2026
    assert _one(svc, "澄江今年经济增长预计多少") == ("6%左右", 2025, "actual")


def test_当年_opening_a_paragraph_outside_a_review_is_the_year_before_it():
    from knowledge.timeframe import Clock

    clock, section = Clock(2026), Frame(2026, "target")
    clock.frame(1, fold("2023年12月27日，区第十八届人民代表大会第三次会议开幕，报告显示2023年投资增长10%。"), section)
    assert clock.frame(2, fold("当年，全区高技术产业增加值增长20%。"), section).year == 2023
    review = Frame(2022, "actual")
    clock = Clock(2023)
    clock.frame(1, fold("这一年，继2019年入选示范区之后，又获评先进县。"), review)
    assert clock.frame(2, fold("这一年，我们在项目建设上干得热火朝天。"), review).year == 2022


@pytest.mark.parametrize("head,year", [
    ("二〇二五年澄江两会·数字问答\n\n1月10日，澄江市第五届人民代表大会第五次会议开幕。", 2025),
    ("2024年澄江人代会特刊\n\n会议听取了政府工作报告。", 2024),
])
def test_a_title_naming_the_year_of_the_sessions(head, year):
    assert report_year(fold(head)) == year


# ------------------------------------------------------------------ figures and their subjects

@pytest.mark.parametrize("sentence,question,value", [
    # 两项分别…: the two named before, counted, not a figure of its own
    ("财政总收入达到30.9亿元，其中地方财政收入17.3亿元，两项分别增长13.3%、8.6%。", "棠溪地方财政收入增长多少", "8.6%"),
    # a milestone passed (跨过…关口) gives way to the figure reached
    ("全口径财政收入连续跨过60亿、70亿两道关口，完成73.6亿元，增长31.4%。", "棠溪全口径财政收入多少", "73.6亿元"),
    # an amount over the plan is the same thing's; the growth after it goes on with the thing
    ("固定资产投资完成17亿元，超额完成年度任务2.1亿元，增长20.6%。", "棠溪固投增长多少", "20.6%"),
    # a share of the plan done
    ("全年引进项目21个，投资额35.16亿元，完成年度任务的117.2%。", "棠溪投资额完成了年度任务的百分之几", "117.2%"),
    ("全县130个主要建设项目完成投资127.6亿元，占年度计划的91.2%。", "棠溪主要建设项目完成投资占年度计划的比例", "91.2%"),
    # a rank from one place to another: the place reached
    ("地方级财政收入完成17.5亿元，总量由全省第八位跃升到第四位。", "棠溪地方级财政收入总量排第几", "第四位"),
    # 第一次跨过万元大关，达到…: the clause before names it
    ("城镇居民人均可支配收入24100元；农民人均纯收入第一次跨过万元大关，达到10053元。", "棠溪农民人均纯收入", "10053元"),
    # 增速由负转正，增长…: the indicator of the clause before
    ("地区生产总值增长3.5%左右；规模以上工业增加值增速由负转正，增长3%以上。", "棠溪规上工业增加值增长多少", "3%以上"),
    # 递增 and 比增 are growth
    ("全年实现地区生产总值130亿元，比增8%；工业总产值290亿元，比增3.5%。", "棠溪工业总产值增长多少", "3.5%"),
    # a list whose first item opens with the noun every step shares
    ("项目储备、签约、落地、开工依次完成1700亿元、263亿元、183亿元、177亿元。", "棠溪项目签约完成了多少", "263亿元"),
])
def test_subjects_in_report_sentences(tmp_path, sentence, question, value):
    svc = _service_of(tmp_path, _TANGXI + sentence + "\n")
    got = _answer(svc, question)
    assert got and got["value"] == value, (question, got)


def test_a_milestone_and_a_starting_point_are_no_figures(tmp_path):
    svc = _service_of(tmp_path, _TANGXI +
                                "地方级财政收入跨过30亿关口，完成38.9亿元。从21亿元的财政收入起步，五年翻了一番。\n")
    values = {r[0] for r in svc.kb.conn().execute("select value from indicators")}
    assert "38.9亿元" in values and not values & {"30亿", "21亿元"}


def test_a_sectors_qualifier_the_figure_lacks_is_not_answered(tmp_path):
    svc = _service_of(tmp_path, _TANGXI +
                                "全年接待国内外游客1540万人次，旅游经济总收入157.7亿元。\n")
    assert _answer(svc, "棠溪乡村旅游收入有多少") is None
    assert _answer(svc, "棠溪旅游经济总收入有多少")["value"] == "157.7亿元"


def test_a_neighbouring_district_named_first_owns_the_全区_after_it(tmp_path):
    svc = _service_of(tmp_path, (
        "同安区政府工作报告解读\n——2026年1月在同安区第十八届人民代表大会第七次会议上\n\n"
        "【链接·邻区】同在岛外的集美区，在区政府工作报告中回顾：2025年全区地区生产总值同比增长5.9%。\n\n"
        "一、2025年回顾\n2025年同安区地区生产总值增长6.5%左右。\n"))
    assert _one(svc, "集美2025年GDP增长多少") == ("5.9%", 2025, "actual")
    assert _one(svc, "同安2025年GDP增长多少") == ("6.5%左右", 2025, "actual")


@pytest.mark.parametrize("phrase,items", [
    ("项目储备、签约、落地、开工", ["项目储备", "项目签约", "项目落地", "项目开工"]),
    ("城镇、农村居民人均可支配收入", ["城镇居民人均可支配收入", "农村居民人均可支配收入"]),
    ("规上工业增加值、固定资产投资、社会消费品零售总额", ["规上工业增加值", "固定资产投资", "社会消费品零售总额"]),
])
def test_split_list(phrase, items):
    assert split_list(phrase, len(items)) == items


def test_a_rate_named_before_its_change_is_the_topic():
    assert subject.topic("规模以上工业增加值增速由负转正") == "规模以上工业增加值"


# ------------------------------------------------------------------ questions

@pytest.mark.parametrize("question,kind,measure", [
    ("宜章130个主要建设项目完成投资占年度计划的比例", None, "share"),  # 主要 holds no 要 of a plan
    ("河北区投资额完成了年度任务的百分之几", None, "share"),
    ("澄江今年主要预期目标是多少", "target", None),
])
def test_question_kinds(question, kind, measure):
    q = parse(question, [])
    assert (q.kind, q.measure if measure else None) == (kind, measure)


def test_the_field_ranked_in_is_no_part_of_a_rank_questions_indicator():
    q = parse("四平在全省“发展杯”竞赛排第几", [])
    assert q.measure == "rank" and not q.metric.startswith("全省")


def test_以某年为例_is_a_year_not_a_base():
    from knowledge.timeframe import Clock

    t = fold("答：以2020年为例，全市城镇新增就业9000人；年末城镇登记失业率为3.1%。")
    assert [m.role for m in mentions(t)][:1] == ["at"]
    assert Clock(2025).frame(1, t, Frame(2025, "target")) == Frame(2020, "actual")


# ------------------------------------------------------------------ blind set #29

def test_the_signature_line_that_is_a_bare_name_gave_the_report(tmp_path):
    svc = _service_of(tmp_path, "棠溪县人民政府工作报告\n\n——2016年1月5日在棠溪县第十六届人民代表大会第四次会议上\n\n"
                                "欧阳明辉\n\n各位代表：\n\n一、2015年工作回顾\n全县地区生产总值增长8%。\n")
    assert _answer(svc, "棠溪的政府工作报告是谁作的")["value"] == "欧阳明辉"


def test_a_targets_column_is_the_whole_year_under_a_part_year_caption(tmp_path):
    svc = _service_of(tmp_path, _TANGXI + "二、今年安排\n\n表1　2018年主要预期目标与一季度进展\n\n"
                                "| 指标 | 2018年预期目标 | 一季度进展 |\n| --- | --- | --- |\n"
                                "| 地区生产总值 | 增长7%以上 | 增长7.4% |\n| 固定资产投资 | 增长6%左右 | 增长2.1% |\n")
    assert _one(svc, "棠溪今年GDP目标") == ("7%以上", 2018, "target")
    got = _answer(svc, "棠溪一季度GDP增长了多少")
    assert got and (got["value"], got["kind"], got.get("period")) == ("7.4%", "actual", "一季度")


def test_a_比上年增长_column_is_the_growth_of_the_tables_own_year(tmp_path):
    svc = _service_of(tmp_path, _TANGXI + "【棠溪县2015年主要经济指标】\n"
                                "指标                      总量          比上年增长\n"
                                "财政收入                  22.03亿元     24.5%\n"
                                "社会消费品零售总额        200.52亿元    7.5%\n")
    assert _one(svc, "棠溪2015年财政收入增长了多少") == ("24.5%", 2015, "actual")


def test_a_crossed_threshold_gives_way_to_the_exact_figure_of_another_sentence(tmp_path):
    svc = _service_of(tmp_path, _TANGXI + "全县地区生产总值突破500亿元。\n\n另据统计部门发布，2017年全县地区生产总值达到512亿元。\n")
    assert _one(svc, "棠溪2017年GDP多少亿") == ("512亿元", 2017, "actual")


def test_a_speech_dated_in_the_sentence_reviews_the_year_it_names():
    t = fold("2024年1月10日，县十七届人大四次会议召开，县长在报告中回顾2023年：一般公共预算收入41.3亿元，增长6.6%。")
    got = figure_time(t, t.index("41.3"), Frame(2025, "target"), 2025)
    assert (got.year, got.kind) == (2023, "actual")


def test_a_rank_after_the_list_entered(tmp_path):
    svc = _service_of(tmp_path, _TANGXI + "这一年，棠溪跻身2017中国西部百强县，位列第65位。\n")
    assert _answer(svc, "棠溪在西部百强县里排第几")["value"] == "第65位"


def test_突破_asked_is_the_verb_not_the_indicator():
    assert parse("贵港到2025年规上工业总产值要突破多少", []).metric.endswith("总产值")
