"""Generalising to unseen reports, second table of phrasings (blind sets #19–#21): a region's
abbreviations, the report year from session numbers and review headings, a lead-in's year for its
list, tables with a year column or a part-year caption, achieved figures of the report year, tiers of
a target, sectors, and extractive text answers. Each case is written in our own words on the genre's
forms; none is a sentence of a bundled report."""
import re

import pytest

from knowledge import docmeta, lexicon, textanswer
from knowledge.normalize import _is_table_row, fold, join_lines
from knowledge.numbers import find_figures
from knowledge.service import KnowledgeService
from knowledge.timeframe import Frame, figure_time, report_year
from knowledge.understand import parse


def _service_of(tmp_path, text: str, name: str = "r.txt") -> KnowledgeService:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return KnowledgeService.open(tmp_path / "kb.db", tmp_path)


def _first(svc, question: str) -> dict:
    res = svc.ask(question).to_dict()
    assert res["status"] == "answered", (question, res)
    return res["answers"][0]


# ------------------------------------------------------------------ a region's other names

@pytest.mark.parametrize("abbr,name,expected", [
    ("土左旗", "土默特左旗", True),
    ("鄂前旗", "鄂托克前旗", True),
    ("科左中旗", "科尔沁左翼中旗", True),
    ("达茂旗", "达尔罕茂明安联合旗", True),
    ("左旗", "土默特左旗", False),        # two characters name nothing on their own
    ("土右旗", "土默特左旗", False),      # a character the name does not hold
    ("默特左旗", "土默特左旗", False),    # not from the first character: a tail, not an abbreviation
])
def test_abbreviations(abbr, name, expected):
    assert docmeta.abbreviates(abbr, name) is expected


def test_a_report_that_mostly_writes_its_abbreviation_is_the_full_region(tmp_path):
    text = ("鄂前旗今年向8%发力\n——鄂托克前旗第十一届人民代表大会第三次会议政府工作报告解读\n"
            "记者从旗十一届人大三次会议获悉，鄂前旗今年地区生产总值预期增长8%左右。\n"
            "去年鄂前旗地区生产总值完成210亿元，同比增长6.2%。鄂前旗将继续扩大有效投资。\n")
    meta = docmeta.detect(text.splitlines())
    assert meta.region == "鄂托克前旗" and "鄂前旗" in meta.abbreviations
    svc = _service_of(tmp_path, text)
    got = _first(svc, "鄂前旗今年GDP目标")
    assert (got["region"], got["value"]) == ("鄂托克前旗", "8%左右")


def test_without_an_anchor_the_place_named_most_is_the_region():
    text = ("编者按：区十八届人大四次会议召开之际，本报把历年报告的数字整理成表。\n"
            "金坛区隶属常州市。金坛的新能源产业……金坛的锂电池……金坛2023年地区生产总值增长8.2%。\n"
            "金坛将继续……金坛的目标……")
    assert docmeta.detect(text.splitlines()).region == "金坛区"


def test_a_city_whose_short_name_holds_he_is_one_name():
    from knowledge.understand import _mark_separators

    assert "|" not in _mark_separators("呼和浩特2023年gdp")
    assert _mark_separators("冀州和枣强gdp").count("|") == 1


# ------------------------------------------------------------------ the report's year

@pytest.mark.parametrize("text,year", [
    # the meeting day without a year; another session of the same congress is dated
    ("2月26日上午，某市第六届人民代表大会第六次会议开幕。\n【回看】\n2024年2月27日，在市六届人大五次会议上，"
     "市长所作的报告回顾了2023年。", 2025),
    ("【回望2024】全市地区生产总值增长5.8%。\n2023年回顾：……", 2025),
    ("区十八届人大四次会议召开之际……\n五、2024年：答卷里的新数字\n去年全区……", 2025),
])
def test_report_year_from_sessions_and_review_headings(text, year):
    assert report_year(fold(text)) == year


@pytest.mark.parametrize("sentence,frame,report,year,kind", [
    # the report's own year, measured against the year before: an editor's later data, achieved
    ("后续数据：2023年，某县实现地区生产总值76.19亿元，同比增长8%", Frame(2023, "target"), 2023, 2023, "actual"),
    # told after the year was over (a later meeting's date in the sentence)
    ("一年后的2024年1月23日，省长在报告中通报：2023年全省地区生产总值增长9.2%", Frame(2023, "target"), 2023, 2023,
     "actual"),
    # a plan list of the report year stays a target
    ("地区生产总值同比增长6.5%左右", Frame(2023, "target"), 2023, 2023, "target"),
    # 今后五年 from the meeting that said it (December 2021: 2022–2026)
    ("2021年12月6日，市第九届人民代表大会第一次会议开幕，报告提出今后五年地区生产总值年均增长7%以上",
     Frame(2024, "target"), 2024, 2026, "target"),
])
def test_figure_time_of_told_and_later_figures(sentence, frame, report, year, kind):
    text = fold(sentence)
    last = [m.start() for m in re.finditer(r"\d+(?:\.\d+)?%", text)][-1]
    t = figure_time(text, last, frame, report)
    assert (t.year, t.kind) == (year, kind)


def test_a_lead_in_with_a_year_dates_its_list(tmp_path):
    text = ("某市政府工作报告解读\n——新郑市第六届人民代表大会第六次会议\n2025年主要预期目标：地区生产总值增长6%左右。\n"
            "【回看】\n一年前的报告这样回顾2023年：\n——全年地区生产总值完成838.7亿元，增长5.1%；\n"
            "——城镇和农村居民人均可支配收入分别达到42004元和30657元，分别增长4.8%和7.5%。\n")
    svc = _service_of(tmp_path, text)
    got = _first(svc, "新郑2023年GDP总量")
    assert (got["value"], got["year"], got["kind"]) == ("838.7亿元", 2023, "actual")


# ------------------------------------------------------------------ layout

def test_figure_entries_of_a_box_stay_apart_and_prose_after_a_dash_heading_joins():
    box = "报告列出的几组数字是：\n\n259亿元——地区生产总值，年均增长6%\n19.69亿元——一般公共财政预算收入，年均增长15.4%\n"
    assert [l for l in join_lines(box) if "——" in l] == ["259亿元——地区生产总值，年均增长6%",
                                                          "19.69亿元——一般公共财政预算收入，年均增长15.4%"]
    wrapped = "\n".join(["一二三四五六七八九十一二三四五六七八九十一二三四五六七八"] * 12) + \
        "\n——态势回升向好。全市地区生产总值完成1557.64亿\n元，增长3.2%。\n"
    assert any("1557.64亿元，增长3.2%" in l for l in join_lines(wrapped))


def test_an_aligned_table_row_may_hold_a_dash_cell():
    assert _is_table_row("固定资产投资（不含农户）  —            下降7.8%")
    assert not _is_table_row("今年 我们  要")


def test_a_table_with_a_year_column_and_target_and_actual_columns(tmp_path):
    text = ("某区历年目标与实绩\n——金坛区第十八届人民代表大会第四次会议\n\n"
            "| 年份 | 指标 | 报告提出的目标 | 实际完成 |\n| --- | --- | --- | --- |\n"
            "| 2021年 | 地区生产总值 | 确保完成1000亿元 | 未列 |\n"
            "| 2023年 | 地区生产总值 | 增长8% | 1302.92亿元，增长8.2% |\n"
            "| 2023年 | 一般公共预算收入 | 增长10%、力争完成65亿元 | 未列 |\n")
    svc = _service_of(tmp_path, text)
    assert _first(svc, "金坛2023年GDP总量多少")["value"] == "1302.92亿元"
    got = _first(svc, "金坛2023年GDP增长目标")
    assert (got["value"], got["kind"]) == ("8%", "target")
    assert _first(svc, "金坛2021年GDP目标")["value"] == "1000亿元"
    assert _first(svc, "金坛2023年一般公共预算收入力争完成多少")["value"] == "65亿元"


def test_a_table_under_a_part_year_caption_is_of_that_part(tmp_path):
    text = ("某市经济运行观察\n——金昌市第九届人民代表大会第三次会议\n表1　2023年上半年分产业情况\n"
            "指标            总量            增速\n第一产业增加值        6.76亿元        增长6%\n"
            "第二产业增加值        211.36亿元      增长12.5%\n")
    svc = _service_of(tmp_path, text)
    assert svc.ask("金昌2023年第一产业增加值增长多少").status == "not_found"
    res = svc.ask("金昌上半年第一产业增加值增长了多少")
    assert res.answers[0].value == "6%" and "2023年上半年" in res.reply


def test_session_numbers_are_no_counts():
    assert find_figures("省七届人大三次会议开幕") == []
    assert find_figures("第十八届人民代表大会第三次会议") == []


# ------------------------------------------------------------------ what is asked

def test_a_sector_is_not_answered_with_another_sectors_figure(tmp_path):
    svc = _service_of(tmp_path, "某区政府工作报告\n——2019年2月19日在涪城区第六届人民代表大会第四次会议上\n"
                                "一、2018年工作回顾\n规模以上工业增加值增长11.5%，社会消费品零售总额增长12.1%。\n")
    assert svc.ask("涪城去年服务业增加值增长多少").status == "not_found"
    assert _first(svc, "涪城去年规上工业增加值增长多少")["value"] == "11.5%"
    assert lexicon.sectors_differ("tertiary", "industry")
    assert not lexicon.sectors_differ("industry", "secondary")


def test_the_floor_and_the_aim_of_a_target(tmp_path):
    svc = _service_of(tmp_path, "某区政府工作报告\n——2021年1月在金坛区第十七届人民代表大会第五次会议上\n"
                                "到2025年，全区地区生产总值确保完成1500亿元、争取1600亿元。\n")
    assert _first(svc, "金坛十四五末GDP争取达到多少")["value"] == "1600亿元"
    assert _first(svc, "金坛十四五末GDP确保达到多少")["value"] == "1500亿元"


def test_a_second_run_without_a_subject_goes_with_the_list_before(tmp_path):
    svc = _service_of(tmp_path, "某旗政府工作报告\n——2022年1月5日在土默特左旗第十八届人民代表大会第一次会议上\n"
                                "一、2021年工作回顾\n城乡常住居民人均可支配收入分别达到40500元和21680元，同比增长6%和8%。\n")
    assert _first(svc, "土左旗2021年农村居民人均可支配收入增长多少")["value"] == "8%"
    assert _first(svc, "土左旗2021年城镇居民人均可支配收入增长多少")["value"] == "6%"


def test_a_filler_word_that_begins_an_indicator_stays(tmp_path):
    svc = _service_of(tmp_path, "某市政府工作报告\n——2024年1月31日在六盘水市第九届人民代表大会第四次会议上\n"
                                "一、2023年工作回顾\n工业经济占比达39.6%。数字经济占比预计达35%左右。\n")
    assert _first(svc, "六盘水数字经济占比多少")["value"] == "35%左右"
    assert parse("六盘水gdp增速比一比", svc.kb.gazetteer, svc.kb.name_bigrams).metric == "地区生产总值"


def test_a_part_year_figure_is_compared_labelled_and_without_a_verdict(tmp_path):
    (tmp_path / "a.txt").write_text("梁子湖区政府工作报告解读\n——2023年1月12日在梁子湖区第九届人民代表大会第二次会议上\n"
                                    "一、2022年工作回顾\n前三季度，全区农村居民人均可支配收入10822元，同比增长8.1%。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("保亭县政府工作报告\n——2023年1月6日在保亭黎族苗族自治县第十六届人民代表大会第三次会议上\n"
                                    "一、2022年工作回顾\n农村常住居民人均可支配收入增长7.6%。\n", encoding="utf-8")
    svc = KnowledgeService.open(tmp_path / "kb.db", tmp_path)
    res = svc.ask("梁子湖和保亭2022年农民收入增速比一比")
    assert sorted(a.value for a in res.answers) == ["7.6%", "8.1%"]
    assert "前三季度" in res.reply and "时段不同" in res.verdict


# ------------------------------------------------------------------ text answers

@pytest.mark.parametrize("question,sentence,value", [
    ("四大片区是哪四个", "全域细分为科技城集中发展区（区属范围）、临港经济发展区、中心城区、农旅融合区四大片区",
     "科技城集中发展区、临港经济发展区、中心城区、农旅融合区"),
    ("报告分哪几部分", "报告共分三个部分：2023年工作回顾、2024年工作安排、全面加强政府自身建设",
     "2023年工作回顾、2024年工作安排、全面加强政府自身建设"),
    ("旗政府驻地在哪个镇", "全旗辖7镇、2乡，旗政府驻察素齐镇，总人口36.3万人", "察素齐镇"),
    ("出台了哪几个稳经济的政策", "先后出台了“稳增长24条”“稳经济25条”“稳楼市25条”", "稳增长24条、稳经济25条、稳楼市25条"),
    ("闭幕会上谁讲的话", "市委书记马宏伟出席闭幕会并讲话", "马宏伟"),
    ("什么时候撤市设区的", "2015年4月，撤销县级金坛市，设立常州市金坛区", "2015年4月"),
    ("拿了什么奖", "金昌市获得2023年第四季度全省高质量发展贡献奖第一名", "2023年第四季度全省高质量发展贡献奖"),
])
def test_text_slots_of_unseen_reports(question, sentence, value):
    filled = textanswer.fill(textanswer.slot_of(question), sentence)
    assert filled == value


def test_who_awarded_asks_no_persons_name():
    assert textanswer.slot_of("证书是谁颁给的").head == ""
    assert textanswer.slot_of("报告是谁作的").head == "报告"
    assert textanswer.slot_of("县长是谁").head == "县长"


def test_a_box_of_figure_entries_under_a_dated_lead_in(tmp_path):
    text = ("某旗政府工作报告解读\n——2024年1月5日在土默特左旗第十八届人民代表大会第三次会议上\n"
            "据2017年12月5日旗十七届人大一次会议上的报告，过去五年很不平凡。报告列出的几组数字是：\n\n"
            "259亿元——2017年底预计地区生产总值，是2012年的1.2倍，年均增长6%\n"
            "19.69亿元——一般公共财政预算收入，年均增长15.4%\n"
            "32695元、15003元——城乡常住居民人均可支配收入，年均增长5%和6%\n")
    svc = _service_of(tmp_path, text)
    assert _first(svc, "土左旗2012到2017年一般公共财政预算收入年均增长多少")["value"] == "15.4%"
    got = _first(svc, "土左旗2017年农村居民人均可支配收入")
    assert (got["value"], got["year"]) == ("15003元", 2017)
    assert _first(svc, "土左旗2017年地区生产总值")["value"] == "259亿元"


def test_a_lead_in_is_dated_by_its_year_not_by_a_plan_it_names(tmp_path):
    text = ("某区政府工作报告\n——2024年1月10日在碑林区第十八届人民代表大会第三次会议上\n二、2024年主要预期目标\n"
            "2024年是实现“十四五”规划目标任务的关键一年。主要预期目标是：\n1.地区生产总值增长6%—6.5%。\n"
            "2.固定资产投资增长8%以上。\n")
    svc = _service_of(tmp_path, text)
    got = _first(svc, "碑林今年固投增长目标")
    assert (got["value"], got["year"]) == ("8%以上", 2024)


# ------------------------------------------------------------------ blind sets #22–#23

def test_a_two_column_aligned_row_is_a_table_row():
    assert _is_table_row("规模以上工业企业      突破800户")
    assert _is_table_row("　高标准农田（累计）　　　70万亩")
    assert not _is_table_row("全县地区生产总值增长6%，固定资产投资增长3%。")


def test_a_county_report_naming_its_province_often_is_the_countys():
    text = ("黔西南州：经济社会发展持续向好\n新闻发布会黔西南州专场在贵州省新闻发布厅举行。\n"
            "黔西南州聚焦“四新四化”。前三季度，黔西南州地区生产总值增长2.3%。黔西南州将……黔西南州……\n"
            "贵州全省……贵州……推动贵州高质量发展。")
    assert docmeta.detect(text.splitlines()).region == "黔西南州"


def test_city_and_countryside_written_as_a_list_are_split():
    from knowledge.extract import split_list

    assert split_list("城、乡居民人均可支配收入", 2) == ["城镇居民人均可支配收入", "农村居民人均可支配收入"]


def test_a_span_of_years_is_no_subject(tmp_path):
    svc = _service_of(tmp_path, "某市政府工作报告\n——2023年2月23日在陆丰市第十八届人民代表大会第二次会议上\n一、2022年工作回顾\n"
                                "2022年全市实现地区生产总值412.24亿元，两年平均增长5.6%。\n")
    got = _first(svc, "陆丰2022年GDP增长多少")
    assert (got["value"], got["metric"]) == ("5.6%", "地区生产总值")


@pytest.mark.parametrize("region,text,sentence,expected", [
    # the field entered is no place of figures (进入全国…第一方阵, 在全省…中领跑)
    ("陆丰市", "陆丰市 汕尾市 广东省", "第三步，进入全国老区苏区第一方阵，到2025年地区生产总值达到650亿元以上", "陆丰市"),
    ("陆丰市", "陆丰市 汕尾市 广东省", "第二步，在全省老区苏区县（市、区）中领跑；到2025年地区生产总值达到650亿元以上", "陆丰市"),
    # a city named with its parent (江门开平市) after 赶超 is a reference, for the rest of the sentence too
    ("陆丰市", "陆丰市 汕尾市", "地区生产总值418.52亿元，总量赶超了江门开平市2020年的水平；固定资产投资增长30.8%", "陆丰市"),
])
def test_fields_and_references_are_no_subjects(region, text, sentence, expected):
    from knowledge.places import DocPlaces

    dp = DocPlaces(region, fold(text + " " + sentence))
    s = fold(sentence)
    pos = [m.start() for m in re.finditer(r"\d+(?:\.\d+)?(?:%|亿元)", s)][-1]
    assert (dp.place_before(s, pos) or region) == expected


def test_this_year_in_a_review_is_the_year_reviewed(tmp_path):
    svc = _service_of(tmp_path, "桦川县人民政府工作报告\n——二〇二三年一月八日在县第十八届人民代表大会第二次会议上\n"
                                "一、2022年工作回顾\n成功获批本年度全省唯一的国家现代农业产业园。建设高标准农田10.2万亩。\n")
    got = _first(svc, "桦川去年建了多少亩高标准农田")
    assert (got["value"], got["year"], got["kind"]) == ("10.2万亩", 2022, "actual")


def test_the_report_is_given_by_its_signatory_not_by_a_former_office_holder(tmp_path):
    svc = _service_of(tmp_path, "重庆市南岸区人民政府工作报告\n——2025年1月8日在南岸区第二十届人民代表大会第三次会议上\n"
                                "重庆市南岸区人民政府代理区长喻显镔\n"
                                "【回看】2024年2月4日，时任区长王茂春在南岸区第十九届人民代表大会第五次会议上作政府工作报告。\n")
    res = svc.ask("南岸区的政府工作报告是谁作的")
    assert res.answers[0].value == "喻显镔"


def test_a_numbered_target_table_of_another_place_under_its_caption(tmp_path):
    text = ("重庆市南岸区人民政府工作报告\n——2025年1月8日在南岸区第二十届人民代表大会第三次会议上\n"
            "【他区目标参考】沙坪坝区把2022年区政府工作报告确定的预期目标分解到责任单位，主要指标如下：\n\n"
            "| 序号 | 2022年预期目标 | 责任单位 |\n| --- | --- | --- |\n| 1 | 地区生产总值增长5.5%左右 | 区发展改革委 |\n"
            "| 2 | 固定资产投资增长6%左右 | 区发展改革委 |\n")
    svc = _service_of(tmp_path, text)
    got = _first(svc, "沙坪坝2022年GDP预期增长多少")
    assert (got["region"], got["value"], got["kind"]) == ("沙坪坝区", "5.5%左右", "target")


def test_a_past_years_targets_restated_and_its_estimate(tmp_path):
    text = ("宜春市政府工作报告解读\n——2022年12月21日在宜春市第五届人民代表大会第三次会议上\n"
            "2022年全市地区生产总值预计增长5.8%~6%。\n"
            "2020年5月19日，市第四届人民代表大会第六次会议召开。那一年的主要预期指标是：地区生产总值增长8%左右。\n")
    svc = _service_of(tmp_path, text)
    got = _first(svc, "宜春2020年定的GDP目标是多少")
    assert (got["value"], got["year"], got["kind"]) == ("8%左右", 2020, "target")
    got = _first(svc, "宜春2022年GDP预计增长多少")
    assert (got["value"], got["kind"]) == ("5.8%~6%", "actual")


# ------------------------------------------------------------------ blind sets #24–#25

def test_list_items_share_the_last_unit_and_keep_their_sign():
    got = [(f.value, f.unit, f.number) for f in find_figures("分别拉动地区生产总值增长0.5、-2.7、0.6个百分点")]
    assert got == [("0.5", "个百分点", 0.5), ("-2.7", "个百分点", -2.7), ("0.6个百分点", "个百分点", 0.6)]
    assert [f.value for f in find_figures("分别提高10.6、6.3、12.9个百分点")] == ["10.6", "6.3", "12.9个百分点"]
    assert find_figures("2021年、2022年和2023年") == []


def test_a_bulletin_dates_and_settles_its_figures(tmp_path):
    text = ("一组数据看某区\n——2022年2月17日在广安市前锋区第三届人民代表大会第二次会议上\n"
            "以2020年公报为例：全区地区生产总值144.8亿元，按可比价计算比上年增长4.5%。\n"
            "据2022年统计公报，全区地区生产总值156.9亿元，按可比价计算比上年下降1.6%。\n")
    svc = _service_of(tmp_path, text)
    got = _first(svc, "前锋2020年GDP多少")
    assert (got["value"], got["year"]) == ("144.8亿元", 2020)
    got = _first(svc, "前锋区2022年GDP增长多少")
    assert (got["value"], got["kind"]) == ("下降1.6%", "actual")


def test_a_gap_in_points_is_no_growth_rate(tmp_path):
    text = ("某区政府工作报告\n——2022年2月17日在广安市前锋区第三届人民代表大会第二次会议上\n一、2021年工作回顾\n"
            "2021年前锋实现地区生产总值（区属）122.7亿元，同比增长8.8%。\n地区生产总值增速高于全省0.6个百分点。\n")
    svc = _service_of(tmp_path, text)
    got = _first(svc, "前锋2021年经济增速")
    assert got["value"] == "8.8%" and got["metric"] == "区属地区生产总值"
    assert _first(svc, "前锋2021年GDP增速比全省高几个点")["value"] == "0.6个百分点"
    assert svc.ask("前锋区2021年全区口径的地区生产总值是多少").status == "not_found"


def test_another_sessions_date_does_not_date_the_report():
    text = ("宝山区八届人大四次会议开幕\n区长作政府工作报告　晒出二〇一八年成绩单\n报告由三部分组成：一是二〇一八年工作回顾；"
            "二是二〇一九年主要工作。\n【资料】2008年1月15日区六届人大一次会议……")
    assert report_year(fold(text)) == 2019


def test_plan_period_targets_said_with_yao_and_xu(tmp_path):
    text = ("延边州政府工作报告解读\n——2021年1月在延边朝鲜族自治州第十五届人民代表大会第五次会议上\n"
            "按照规划，“十三五”期间地区生产总值增速需年均7%以上，城乡居民可支配收入增长要分别达到10.5%。\n")
    svc = _service_of(tmp_path, text)
    got = _first(svc, "延边十三五期间城乡居民收入增长要达到多少")
    assert (got["value"], got["kind"]) == ("10.5%", "target")


@pytest.mark.parametrize("question,sentence,value", [
    ("报告分哪几部分", "报告由三部分组成：一是2018年工作回顾；二是2019年主要工作；三是提高政府治理能力",
     "2018年工作回顾、2019年主要工作、提高政府治理能力"),
    ("三大战略是哪三个", "大力实施“工业强县、农旅富民、大美庐江”三大战略，着力打造新城", "工业强县、农旅富民、大美庐江"),
])
def test_more_lists(question, sentence, value):
    assert textanswer.fill(textanswer.slot_of(question), sentence) == value


def test_a_two_digit_year_with_a_leading_zero():
    from knowledge.understand import parse as qparse

    assert qparse("宝山07年增加值是多少", []).years == [2007]


# ------------------------------------------------------------------ blind sets #26–#27

def test_a_compilation_is_dated_by_its_meeting_not_by_a_report_it_names_in_prose():
    text = ("吐鲁番两会问答：高昌区的账本怎么看\n（资料汇编，整理于2025年1月吐鲁番市两会期间）编者按：高昌区是吐鲁番市唯一的"
            "市辖区。下面把高昌区2024年政府工作报告、2023年统计公报放在一起。\n问：高昌区2024年的政府工作报告怎样评价2023年？\n"
            "答：2025年1月13日，吐鲁番市第二届人民代表大会第五次会议开幕。高昌区……高昌区……高昌区……高昌区")
    meta = docmeta.detect(text.splitlines())
    assert (meta.region, meta.year) == ("高昌区", 2025)


@pytest.mark.parametrize("sentence,frame,report,year,kind", [
    # 据预计 at a January meeting: the year just ended, estimated
    ("据预计，全市地区生产总值增长2%", Frame(2024, "target"), 2024, 2023, "actual"),
    # a place's short name opens the clause before the year
    ("2023年2月9日，番禺区第十八届人民代表大会第三次会议召开，区长说，番禺2022年全年地区生产总值增长1.4%",
     Frame(2023, "target"), 2023, 2022, "actual"),
])
def test_estimates_and_years_after_a_place(sentence, frame, report, year, kind):
    text = fold(sentence)
    last = [m.start() for m in re.finditer(r"\d+(?:\.\d+)?%", text)][-1]
    t = figure_time(text, last, frame, report)
    assert (t.year, t.kind) == (year, kind)


def test_a_plan_period_start_is_no_figure_and_leaves_the_subject_whole(tmp_path):
    svc = _service_of(tmp_path, "甘肃省政府工作报告\n——2021年1月25日在甘肃省第十三届人民代表大会第四次会议上\n一、“十三五”回顾\n"
                                "全省地区生产总值由“十二五”末的6557亿元增加到9017亿元，年均增长5.5%。\n")
    got = _first(svc, "甘肃十三五末GDP多少")
    assert (got["value"], got["metric"]) == ("9017亿元", "地区生产总值")


def test_the_autonomous_region_and_its_whole_in_a_districts_text(tmp_path):
    from knowledge.places import DocPlaces

    text = fold("高昌区政府工作报告问答 高昌区 吐鲁番市 新疆维吾尔自治区")
    dp = DocPlaces("高昌区", text)
    s = fold("答：自治区2023年的政府工作报告提出，全区地区生产总值增长7%左右")
    assert dp.place_before(s, s.find("7%")) == "新疆维吾尔自治区"
    # and a year's report stating its aims gives targets of that year
    t = figure_time(s, s.find("7%"), Frame(None, None), 2025)
    assert (t.year, t.kind) == (2023, "target")
