"""Generalising to unseen reports, fourth table of phrasings (blind sets #31–#33 and the review of
them): a paragraph's place held over its sentences, ranks and the area they are held in, counted
lists, shares asked without their whole, changes since a plan's last year, part-of-year figures,
and web pages whose blocks are paragraphs or a newspaper column's printed lines. Each case is
written in our own words on the genre's forms; none is a sentence of a bundled report. Districts
and counties come from the national table where a place's parent is what is tested; figures are
made up."""
import pytest

from knowledge import formats
from knowledge.build import report_lines
from knowledge.service import KnowledgeService
from knowledge.understand import parse


def _service_of(tmp_path, text: str, name: str = "r.txt") -> KnowledgeService:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return KnowledgeService.open(tmp_path / "kb.db", tmp_path)


def _one(svc, question: str) -> tuple:
    res = svc.ask(question).to_dict()
    assert res["status"] == "answered", (question, res["reply"])
    got = res["answers"][0]
    return got["region"], got["value"], got["year"], got["kind"]


# ------------------------------------------------------------------ a paragraph's place

_CITY = ("湖州市政府工作报告\n——2023年1月9日在湖州市第九届人民代表大会第三次会议上\n\n一、2022年工作回顾\n"
         "全年全市实现地区生产总值1200亿元，增长4.1%。\n\n"
         "【吴兴区·2022】据吴兴区统计局发布的统计公报，2022年吴兴区紧扣发展目标，稳中求进。"
         "全区地区生产总值完成171.5亿元，比上年增长6.3%。年末全区常住人口45.2万人。\n\n"
         "二、2023年工作安排\n报告提出，2023年全市地区生产总值增长6%左右。\n")


def test_a_district_named_at_a_paragraphs_start_owns_its_later_sentences(tmp_path):
    svc = _service_of(tmp_path, _CITY)
    assert _one(svc, "吴兴区去年GDP多少") == ("吴兴区", "171.5亿元", 2022, "actual")
    assert _one(svc, "吴兴区常住人口多少") == ("吴兴区", "45.2万人", 2022, "actual")
    # the city's own figure is not the district's paragraph's
    assert _one(svc, "湖州去年GDP多少") == ("湖州市", "1200亿元", 2022, "actual")


def test_baogao_tichu_with_a_year_is_that_years_target(tmp_path):
    svc = _service_of(tmp_path, _CITY)
    assert _one(svc, "湖州今年GDP目标") == ("湖州市", "6%左右", 2023, "target")


# ------------------------------------------------------------------ ranks, lists, shares

_COUNTY = ("德清县政府工作报告\n——2023年1月10日在德清县第十七届人民代表大会第三次会议上\n\n一、2022年工作回顾\n"
           "全县实现地区生产总值602.5亿元，增长4.3%，增速居全市第二。"
           "在地区生产总值、一般公共预算收入、社会消费品零售总额三项指标上，增速依次高出全市平均0.8、1.5、2.1个百分点。"
           "税收收入占一般公共预算收入比重提高2.3个百分点。一般公共预算收入68.2亿元，增长5.1%。"
           "单位地区生产总值能耗下降3.5%。民生领域累计支出52亿元，占一般公共预算支出的78.5%。"
           "工业投资增长12.6%。与“十三五”末相比，全县规上工业企业数增加320家。"
           "荣获全省“营商环境”擂台赛第3名。丰阳片区地区生产总值增长5.0%，全省县域经济综合排名中我县上升至第15位。\n\n"
           "二、2023年工作安排\n全县地区生产总值增长6%以上。\n")


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    return _service_of(tmp_path_factory.mktemp("deqing"), _COUNTY)


@pytest.mark.parametrize("question,value", [
    ("德清去年GDP增速在湖州排第几", "第二"),          # 在湖州: the area ranked in, not a region asked
    ("德清营商环境擂台赛拿了第几名", "第3名"),         # 荣获全省…第3名: 全省 is the field, the rank the county's
    ("德清县域经济在全省排第几", "第15位"),            # 我县 between: not the 片区 named before
])
def test_a_rank_is_the_reports_own_past_the_area_it_is_held_in(county, question, value):
    assert _one(county, question) == ("德清县", value, 2022, "actual")


@pytest.mark.parametrize("question,value", [
    ("德清一般公共预算收入增速比全市高多少", "1.5"),
    ("德清社零增速比全市平均高出多少", "2.1个百分点"),
])
def test_a_counted_list_names_each_of_its_gaps(county, question, value):
    assert _one(county, question)[1].startswith(value)


def test_a_share_asked_without_its_whole_is_the_share_of_that_part(county):
    assert _one(county, "德清税收占比提高了多少") == ("德清县", "2.3个百分点", 2022, "actual")
    res = county.ask("德清税收比重是多少")  # a change in points is no share's level
    assert res.status == "not_found" and "税收比重的数字" in res.reply and "比重占比" not in res.reply


@pytest.mark.parametrize("question,value", [
    ("德清去年一般预算收入多少", "68.2亿元"),           # 一般预算收入 is 一般公共预算收入
    ("德清去年民生领域支出多少", "52亿元"),             # 累计支出 keeps its subject
    ("德清去年工业投资是增是减", "12.6%"),              # 是增是减 asks the change
    ("德清规上工业企业比十三五末增加多少家", "320家"),   # 十三五末 is a base, 增加多少家 the number added
])
def test_phrasings_of_the_question(county, question, value):
    assert _one(county, question)[1] == value


def test_the_energy_intensity_of_gdp_is_not_gdp(county):
    assert _one(county, "德清去年GDP增长多少")[1] == "4.3%"
    assert _one(county, "德清去年单位GDP能耗")[1] == "下降3.5%"


def test_a_rank_question_keeps_the_field_without_its_li(county):
    q = parse("德清在中部县域经济百强县里排第几", county.kb.gazetteer)
    assert q.measure == "rank" and q.metric == "中部县域经济百强县"


# ------------------------------------------------------------------ part of a year

def test_a_part_of_the_year_under_way_answers_for_that_year_labelled(tmp_path):
    svc = _service_of(tmp_path, (
        "德清县人民政府新闻发布会实录：前十月经济运行情况\n——2023年11月28日\n\n问：今年工业经济运行情况如何？\n\n"
        "答：今年1月至10月，全县电子信息产业完成产值66.3亿元，同比增长17.7%。\n"))
    res = svc.ask("德清电子信息产业产值增长多少")
    assert res.status == "answered" and res.answers[0].value == "17.7%" and res.answers[0].kind == "actual"
    assert "1月至10月" in res.reply
    assert svc.ask("德清2022年电子信息产业产值增长多少").status == "not_found"


# ------------------------------------------------------------------ web pages

_PAGE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/a">政务公开</a></div>
<div class="article"><h1>{title}</h1>
{body}
</div><div class="footer">版权所有 主办单位：某县人民政府办公室</div></body></html>"""


def test_a_pages_headings_and_list_items_stay_lines_of_their_own():
    body = ("<h2>一、2022年工作回顾</h2><p>过去一年，全县地区生产总值增长4.3%，一般公共预算收入增长5.1%，"
            "城乡居民收入稳步提高，各项社会事业全面进步，人民群众获得感持续增强。</p>"
            "<h2>二、2023年主要预期目标</h2><ul><li>地区生产总值增长6%以上</li><li>一般公共预算收入增长6%</li></ul>"
            "<p>实现上述目标，需要我们付出更加艰苦的努力，坚持稳中求进，统筹发展和安全，奋力推动高质量发展。</p>")
    lines = report_lines(formats.html_text(_PAGE.format(title="德清县政府工作报告", body=body).encode()))
    assert "二、2023年主要预期目标" in lines
    items = [ln.lstrip("- ") for ln in lines]
    assert "地区生产总值增长6%以上" in items and "一般公共预算收入增长6%" in items
    assert not any("本页发布于" in ln for ln in lines)  # the page states no date: none is guessed


def test_a_page_of_printed_column_lines_is_joined_like_the_column():
    column = ("全年全县实现地区生产总值602.5亿元，比上年增长4.3%，|增速居全市第二；一般公共预算收入完成68.2亿|"
              "元，增长5.1%。全县规上工业企业数比“十三五”末增|加320家，工业投资增长12.6%，单位地区生产总|"
              "值能耗下降3.5%，民生领域支出52亿元，占一般|公共预算支出的78.5%。城镇居民人均可支配收入|"
              "达到71234元，增长3.9%；农村居民人均可支配收|入达到45678元，增长6.1%。全年新增城镇就业|"
              "1.2万人，城镇调查失业率控制在5%以内。全县|空气质量优良天数比例达到88.6%，比上年提高|"
              "2.1个百分点，森林覆盖率稳定在41.2%。")
    body = "".join(f"<p>{part}</p>" for part in column.split("|"))
    lines = report_lines(formats.html_text(_PAGE.format(title="德清县政府工作报告解读", body=body).encode()))
    assert any("一般公共预算收入完成68.2亿元，增长5.1%。" in ln for ln in lines), lines
    assert any("农村居民人均可支配收入达到45678元" in ln for ln in lines), lines


# ------------------------------------------------------------------ blind sets #34–#36: whose report, whose figure

def test_a_county_report_quoting_its_provinces_report_is_the_countys(tmp_path):
    svc = _service_of(tmp_path, (
        "县城“瘦身”再出发——德清县《政府工作报告》解读\n\n本报记者综合报道\n\n"
        "核心提示：今年2月，德清县“两会”落下帷幕。《政府工作报告》晒出2022年成绩单，也亮出了2023年的奋斗目标"
        "——全县地区生产总值目标为650亿元。\n\n"
        "【关键词】成绩单\n\n2022年德清地区生产总值完成602.5亿元，同比增长4.3%。德清全年新增规上企业80家。\n\n"
        "【链接】浙江省政府工作报告提出，2023年全省地区生产总值增长5%以上。浙江省政府工作报告还提出，"
        "全省城乡居民收入增长与经济增长同步。浙江省政府工作报告明确，全省一般公共预算收入增长5%。\n"))
    assert svc.kb.documents[0].region == "德清县"
    assert _one(svc, "德清今年GDP目标多少亿") == ("德清县", "650亿元", 2023, "target")
    assert _one(svc, "浙江今年GDP目标") == ("浙江省", "5%以上", 2023, "target")


_LUSHAN = ("吴兴区政府工作报告（节选）\n——2013年1月在吴兴区第七届人民代表大会第二次会议上\n\n一、过去一年的工作\n"
           "各位代表，我们总结了区七届人大一次会议以来四年的工作：全区生产总值由2008年的190.3亿元跃升到2011年的245.1亿元，"
           "年均增长11.3%；地方财政收入达到14.3亿元，年均增长16.9%。\n\n"
           "2012年，全区实现生产总值263亿元，比上年增长9%。湖州城镇居民人均可支配收入增长10.1%，"
           "居民消费价格指数控制在2.8%以内。吴兴深化全国数字经济先行区建设，数字经济核心产业增加值增长18%。"
           "2012年湖州丝绸产业增加值增长12.5%。全区清理退出落后企业（作坊）62家，白酒产量达到1.2万千升。\n\n"
           "二、2013年主要预期目标\n全区生产总值增长9%，居民消费价格指数控制在3.5%以内。\n\n"
           "（三）湖州市2013年主要预期目标\n\n年初召开的市人代会确定了全市的主要预期目标：\n\n"
           "(1)地区生产总值增长8.5%左右；(2)一般公共预算收入增长8%。\n")


@pytest.fixture(scope="module")
def wuxing(tmp_path_factory):
    return _service_of(tmp_path_factory.mktemp("wuxing"), _LUSHAN)


@pytest.mark.parametrize("question,expected", [
    ("吴兴2011年地方财政收入", ("吴兴区", "14.3亿元", 2011, "actual")),            # 由2008年…到2011年: the span's end
    ("湖州去年城镇居民收入增长多少", ("湖州市", "10.1%", 2012, "actual")),        # 湖州城镇居民: no town named 湖州城
    ("吴兴今年物价涨幅目标", ("吴兴区", "3.5%以内", 2013, "target")),             # a price index in % is its rise
    ("吴兴去年数字经济核心产业增加值增长多少", ("吴兴区", "18%", 2012, "actual")),  # 深化全国…: a scope, not the subject
    ("湖州2012年丝绸产业增加值增长多少", ("湖州市", "12.5%", 2012, "actual")),     # 2012年湖州…: the short name after a year
    ("吴兴去年清理退出落后企业多少家", ("吴兴区", "62家", 2012, "actual")),        # （作坊）: an aside in brackets
    ("吴兴去年白酒产量", ("吴兴区", "1.2万千升", 2012, "actual")),                  # 千升 is a unit
    ("湖州今年GDP目标", ("湖州市", "8.5%左右", 2013, "target")),                    # the section heading's place
])
def test_whose_figure_and_which_year(wuxing, question, expected):
    assert _one(wuxing, question) == expected


def test_a_rank_of_the_two_items_just_named(tmp_path):
    svc = _service_of(tmp_path, (
        "吴兴区二届人大二次会议开幕 区政府工作报告晒出“成绩单”\n\n本报讯 2022年4月21日，吴兴区第二届人民代表大会第二次会议开幕。"
        "报告显示，2021年全区地区生产总值达到910.6亿元，比上年增长11.7%；固定资产投资总额达到481.5亿元，增长15.9%，"
        "这两项指标的增速均位列全市第三。\n"))
    assert _one(svc, "吴兴固投增速去年在全市排第几") == ("吴兴区", "第三", 2021, "actual")
    assert _one(svc, "吴兴去年GDP增速全市排第几") == ("吴兴区", "第三", 2021, "actual")


def test_a_look_back_opening_one_section_does_not_date_the_next(tmp_path):
    svc = _service_of(tmp_path, (
        "【标题】德清县2023年政府工作报告要点速览\n\n【说明】本页根据德清县第十七届人民代表大会第三次会议上的政府工作报告整理。\n\n"
        "【去年主要指标】2022年，全县生产总值完成602.5亿元、增长4.3%；固定资产投资完成270.4亿元。\n\n"
        "【近两年对比】2021年，全县生产总值完成577.7亿元，固定资产投资完成261.3亿元。\n\n"
        "年份|全县生产总值|固定资产投资\n2021年|577.7亿元|261.3亿元\n2022年|602.5亿元|270.4亿元\n\n"
        "【招商引资】全县县级领导外出招商12次，引进项目38个，到位资金110亿元。\n"))
    assert _one(svc, "德清去年招商到位资金多少") == ("德清县", "110亿元", 2022, "actual")
    assert _one(svc, "德清2021年固定资产投资多少") == ("德清县", "261.3亿元", 2021, "actual")


@pytest.mark.parametrize("sentence,fig,year,kind", [
    ("对于2024年，浙江省确定的主要预期目标是：生产总值增长5.5%左右。", "5.5%左右", 2024, "target"),   # 对于: no base
])
def test_years_of_lead_ins(sentence, fig, year, kind):
    from knowledge.normalize import fold
    from knowledge.timeframe import Frame, figure_time
    t = fold(sentence)
    got = figure_time(t, t.index(fig), Frame(2023, "actual"), 2024)
    assert (got.year, got.kind, got.base_year) == (year, kind, None)


def test_a_starting_point_beside_a_target_is_no_target(tmp_path):
    svc = _service_of(tmp_path, (
        "德清县政府工作报告解读\n——2023年1月10日在德清县第十七届人民代表大会第三次会议上\n\n"
        "“减”的是速度预期——生产总值增长目标定为6%以上。从602.5亿元的经济总量，到6%以上的增长目标，德清的思路一以贯之。\n"))
    assert _one(svc, "德清今年GDP目标多少") == ("德清县", "6%以上", 2023, "target")
    targets = [a.value for a in svc.ask("德清今年生产总值目标是多少亿元").answers]
    assert "602.5亿元" not in targets


def test_a_one_character_verb_before_a_count_is_no_part_of_the_name(county):
    q = parse("德清派了多少支驻村工作队", county.kb.gazetteer)
    assert q.metric == "驻村工作队"
    assert parse("德清去年GDP涨了多少", county.kb.gazetteer).measure == "growth"


def test_two_loosely_named_figures_neither_better_are_not_guessed(tmp_path):
    svc = _service_of(tmp_path, (
        "锚定“8%左右” 德清绘就2024年发展路线图——德清县第十七届人民代表大会第四次会议《政府工作报告》解读\n\n"
        "1月10日，德清县第十七届人民代表大会第四次会议开幕。大会应到代表215名，实到199名，符合法定人数。\n"))
    res = svc.ask("德清人代会实到代表多少人")
    assert not res.answers or res.answers[0].value != "215名", res.reply


@pytest.mark.parametrize("typed,meant", [
    ("外贸进处口", "外贸进出口"),     # 处/出 read chu
    ("专项债卷", "专项债券"),         # 卷/券 read juan, at the end: its one neighbour
    ("产业投资完成律", "产业投资完成率"),  # 律/率 read lv
    ("固定资产投资", "固定资产投资"),  # a name the knowledge base holds stays as typed
])
def test_a_homophone_typed_for_a_character_of_an_indicator_name(typed, meant):
    from knowledge.understand import homophone_fixed
    known = frozenset(b for name in ("外贸进出口总额", "发行专项债券", "产业投资完成率", "固定资产投资", "研发经费")
                      for b in (name[i:i + 2] for i in range(len(name) - 1)))
    assert homophone_fixed(typed, known) == meant


def test_a_sibling_state_names_the_same_thing(tmp_path):
    svc = _service_of(tmp_path, (
        "德清县第十七届人民代表大会第四次会议开幕\n\n本报讯 2024年1月10日，德清县第十七届人民代表大会第四次会议开幕。"
        "大会应到代表215名，实到199名，符合法定人数。会议听取了县长所作的政府工作报告。\n"))
    assert _one(svc, "德清人代会实到代表多少人")[1] == "199名"


# ------------------------------------------------------------------ blind sets #37–#39

def test_a_list_item_of_a_heading_and_paragraphs_is_three_blocks():
    body = ("<ol><li><h2>一、今年主要指标：增速有快有慢</h2><p>据报告预计，今年全区地区生产总值增长3.1%，规模以上工业增加值增长5.0%。</p>"
            "<p>财政与消费方面，地方一般公共预算收入预计增长3.5%，社会消费品零售总额预计增长6.0%。</p></li>"
            "<li><h2>二、对照年初目标</h2><p>当时确定的主要预期目标是：全区地区生产总值增长5.3%；固定资产投资增长3.5%。</p></li></ol>")
    page = _PAGE.format(title="对照年初目标看德清县“成绩单”", body=body).replace(
        '<div class="nav">', '<div class="crumb">首页 / 政务解读 / 正文</div><div class="nav">')
    lines = report_lines(formats.html_text(page.encode()))
    assert "一、今年主要指标：增速有快有慢" in lines
    assert any(ln.startswith("据报告预计") for ln in lines) and any(ln.startswith("财政与消费方面") for ln in lines)
    assert not any("首页" in ln for ln in lines)


@pytest.mark.parametrize("head,now", [
    ("霍邱县人民政府工作报告\n——二〇二四年十二月在霍邱县第十八届人民代表大会第四次会议上\n\n", 2024),   # the month alone dates it
])
def test_a_december_meeting_dated_by_its_month(tmp_path, head, now):
    svc = _service_of(tmp_path, head + "一、二〇二四年工作回顾\n\n今年全县地区生产总值比上年增长百分之六。\n\n"
                      "二、二〇二五年主要预期目标\n\n全县地区生产总值增长6%以上。\n")
    doc = svc.kb.documents[0]
    assert (doc.year, doc.spoken) == (now + 1, now)
    assert _one(svc, "霍邱今年经济增长了多少") == ("霍邱县", "百分之六", now, "actual")
    assert _one(svc, "霍邱明年GDP增长目标") == ("霍邱县", "6%以上", now + 1, "target")


def test_gaps_against_each_reference_of_a_list(tmp_path):
    svc = _service_of(tmp_path, (
        "政府工作报告（节选）\n——2023年沁阳市人民政府工作报告\n\n【编者按】沁阳市是焦作市代管的县级市。下面节选该市报告，并附焦作市有关情况。\n\n"
        "一、2022年工作回顾\n全年地区生产总值完成344.3亿元，总量在焦作市排第1位；同比增长4.8%，增速居焦作市第2位，"
        "比全国、全省和焦作市平均增速分别高出1.8个、1.7个和1.5个百分点。规模以上工业增加值增长7.7%，比全国平均水平高4.1个百分点，"
        "比全省高2.6个百分点。\n\n【附】焦作市2022年地区生产总值增长3.3%。焦作市固定资产投资增长12.8%。焦作市社会消费品零售总额增长1.1%。\n"))
    assert svc.kb.documents[0].region == "沁阳市"   # the title block's place, not the city its appendix is about
    assert _one(svc, "沁阳GDP增速比焦作快几个点") == ("沁阳市", "1.5个百分点", 2022, "actual")
    assert _one(svc, "沁阳GDP增速比全国高多少")[1] == "1.8个百分点"
    assert _one(svc, "沁阳规上增速比全省高多少")[1] == "2.6个百分点"
    assert _one(svc, "沁阳GDP增速在焦作排第几")[1] == "第2位"      # the rank of the growth, not of the total
    assert _one(svc, "沁阳GDP总量在焦作排第几")[1] == "第1位"


def test_a_floor_and_an_aim_and_the_amounts_of_projects_counted(tmp_path):
    svc = _service_of(tmp_path, (
        "德清县人民政府工作报告\n——2013年12月26日在德清县第十七届人民代表大会第三次会议上\n\n二、2014年工作安排\n"
        "明年经济社会发展的主要奋斗目标是：地区生产总值增长10%，力争11.5%；农民人均纯收入增长11%，力争13%。"
        "其中，续建项目32个，总投资106.4亿元，年度计划投资29.7亿元；新开工项目37个，总投资119.2亿元，年度计划投资22.1亿元。\n"))
    assert _one(svc, "德清2014年GDP目标")[1] == "10%"
    assert _one(svc, "德清2014年GDP力争增长多少")[1] == "11.5%"
    assert _one(svc, "德清农民人均纯收入明年目标")[1] == "11%"
    assert _one(svc, "德清2014年新开工项目年度计划投资多少钱")[1] == "22.1亿元"


def test_labelled_peers_a_dated_report_and_a_place_of_another_city(tmp_path):
    svc = _service_of(tmp_path, (
        "武清区2021年《政府工作报告》要点速览\n\n【2019年回顾】据2020年区政府工作报告，2019年武清预计地区生产总值增长3%；"
        "一般公共预算收入119亿元，在大幅减税降费的情况下仍增长1.5%；固定资产投资增长14%。\n\n"
        "年份|地区生产总值|一般公共预算收入\n2019年|增长3%|119亿元\n2020年|下降3.5%左右|81.5亿元\n\n"
        "【全市参照】2019年1月的天津市政府工作报告提出，当年全市地区生产总值增长4.5%左右，固定资产投资增长8%以上；"
        "此前的2018年，全市地区生产总值预计增长3.6%左右。\n\n"
        "【邻区速览】河北省廊坊市安次区：2019年前三季度，安次区地区生产总值152.5亿元，同比增长6%。\n"))
    # the prose sentence opened by a label is cited, not the table row
    res = svc.ask("武清2019年一般公共预算收入是多少亿").to_dict()
    assert res["answers"][0]["value"] == "119亿元" and res["answers"][0]["sentence"].startswith("【2019年回顾】")
    assert _one(svc, "天津市2019年GDP增长目标") == ("天津市", "4.5%左右", 2019, "target")
    assert _one(svc, "天津2018年GDP增长多少") == ("天津市", "3.6%左右", 2018, "actual")
    assert _one(svc, "安次区2019年前三季度GDP多少")[1] == "152.5亿元"
    assert svc.ask("安次前三季度GDP增长多少").answers[0].value == "6%"


def test_a_box_drawn_in_text_a_place_row_table_and_a_target_beside_its_outcome(tmp_path):
    svc = _service_of(tmp_path, (
        "德清县2021年《政府工作报告》要点速览\n\n【2019年回顾】2019年德清地区生产总值增长7.2%。\n\n"
        "【回看2017】该报告逐项列出了2017年的全年目标和预计完成情况：地区生产总值目标增长7.6%左右，预计完成4.6%左右；"
        "规模以上工业增加值目标7.0%，预计完成3.3%。\n\n"
        "> ┌──【邻区速览】浙江省湖州市吴兴区 ──────────\n> │ 2019年前三季度，吴兴区地区生产总值152.5亿元，同比增长6%。\n"
        "> │ 2020年预期目标：地区生产总值增长6.5%左右；社会消费品零售总额增长9%左右。\n> └────────────────\n\n"
        "其他县区2021年主要预期目标：\n\n县区\t生产总值\t固定资产投资\n安吉县\t7.5%以上\t15%以上\n长兴县\t7%左右\t10%\n南浔区\t保8%、争9%\t11%左右\n"
        "注：长兴县的生产总值增速目标比上年的7.5%有所下调。\n"))
    assert _one(svc, "德清2017年规上工业增加值目标") == ("德清县", "7.0%", 2017, "target")
    assert _one(svc, "德清2017年规上工业增加值实际增长多少") == ("德清县", "3.3%", 2017, "actual")
    assert _one(svc, "吴兴区2020年GDP预期增长多少") == ("吴兴区", "6.5%左右", 2020, "target")
    assert _one(svc, "安吉今年GDP目标") == ("安吉县", "7.5%以上", 2021, "target")
    assert _one(svc, "长兴今年GDP目标") == ("长兴县", "7%左右", 2021, "target")   # 比上年的7.5%: last year's
    assert _one(svc, "南浔今年GDP目标") == ("南浔区", "保8%、争9%", 2021, "target")  # a floor and an aim, as written


def test_a_year_named_by_its_place_in_a_plan():
    assert parse("霍邱十四五开局那年GDP多少", []).years == [2021]
    assert parse("十三五收官之年枣强GDP多少", []).years == [2020]


# ------------------------------------------------------------------ blind sets #40–#42

def test_a_december_news_report_without_its_year(tmp_path):
    svc = _service_of(tmp_path, (
        "德清县十九届人大二次会议召开\n\n本报讯 12月23日，德清县第十九届人民代表大会第二次会议召开。县人民政府向大会提交了"
        "《关于德清县2022年国民经济和社会发展计划执行情况与2023年计划安排草案的报告》。\n\n"
        "主要指标有升有降\n\n按照报告给出的预计数，今年全县地区生产总值同比增长2.5%，固定资产投资同比增长10%。\n\n"
        "二、2023年计划安排\n\n报告提出，明年全县地区生产总值增长6%左右。\n"))
    doc = svc.kb.documents[0]
    assert (doc.year, doc.spoken) == (2023, 2022)
    assert _one(svc, "德清今年GDP增长多少") == ("德清县", "2.5%", 2022, "actual")


def test_spans_and_meetings_dated_inside_a_sentence(tmp_path):
    svc = _service_of(tmp_path, (
        "德清县人民政府工作报告\n——2025年1月8日在德清县第十七届人民代表大会第五次会议上\n\n一、2024年工作回顾\n"
        "2019年8月8日，县里发布了一组数据：全县地区生产总值由1949年的0.9亿元增长到2018年的565.2亿元，"
        "地方财政收入由0.1亿元增加到87.76亿元。2022年2月，县十七届人大一次会议上的政府工作报告提出：过去五年，"
        "全县港口货物吞吐量完成2.77亿吨。\n\n过去一年，规模以上工业总产值、增加值分别增长4%和0.5%；战略性新兴产业增加值增长9.2%。\n"))
    assert _one(svc, "德清2018年地方财政收入")[1:3] == ("87.76亿元", 2018)
    assert svc.ask("德清2024年港口吞吐量多少").status == "not_found"     # 过去五年 of the 2022 meeting
    assert _one(svc, "德清去年规上工业增加值增长多少")[1] == "0.5%"
    assert _one(svc, "德清战新产业增加值增长多少")[1] == "9.2%"


@pytest.mark.parametrize("question,measure", [
    ("德清去年固投曾长多少", "growth"),    # 曾长 typed for 增长
    ("德清前年经济增涨多少", "growth"),
])
def test_question_words_typed_with_a_homophone(question, measure):
    q = parse(question, [])
    assert q.measure == measure and "曾" not in q.metric and "涨" not in q.metric


def test_a_label_naming_a_district_after_its_kind_holds_over_its_paragraph(tmp_path):
    svc = _service_of(tmp_path, (
        "湖州市人民政府工作报告\n——2023年2月9日在湖州市第九届人民代表大会第三次会议上\n\n一、2022年工作回顾\n"
        "全市地区生产总值增长4.1%。\n\n"
        "【区情速览·吴兴区】2021年11月27日，吴兴区第十届人民代表大会第一次会议开幕。报告回顾过去五年：累计实现地区生产总值2314亿元。"
        "2020年吴兴城镇化率达94%，在全市排名第二。\n"))
    assert _one(svc, "吴兴区城镇化率多少") == ("吴兴区", "94%", 2020, "actual")


def test_a_bulletin_named_in_an_answer_dates_its_paragraph_and_the_provinces_residents(tmp_path):
    svc = _service_of(tmp_path, (
        "一图读懂德清县政府工作报告\n——记者带你读懂县政府的2023年工作报告\n\n问：去年全县经济总量多少？\n\n"
        "答：按照报告的说法，全县去年实现生产总值602.5亿元、同比增长4.2%。\n\n问：三次产业各自增长多少？\n\n"
        "答：报告只给了总量，县统计局随后发布的2022年统计公报算得更细。初步核算，全县地区生产总值6025460万元，按可比价计算同比增长4.2%。"
        "分产业看，第一产业增加值298166万元，增长4.2%；第二产业增加值803052万元，增长5.9%。\n\n"
        "问：放到全省看呢？\n\n答：全省居民人均可支配收入28222元，增长5.3%，其中城镇居民人均可支配收入38484元、增长3.7%。\n"))
    assert _one(svc, "德清二产增加值涨了多少") == ("德清县", "5.9%", 2022, "actual")
    assert _one(svc, "德清去年GDP多少亿")[1] == "602.5亿元"          # 多少亿: the figure written in 亿元
    assert svc.ask("德清去年城镇居民人均可支配收入多少钱").status == "not_found"   # 全省居民: the province's


def test_a_column_headed_by_a_place_and_its_year_and_the_prose_cited_over_the_row(tmp_path):
    svc = _service_of(tmp_path, (
        "德清县政府工作报告解读\n——2024年1月10日在德清县第十七届人民代表大会第四次会议上\n\n"
        "2023年全县地区生产总值完成657.16亿元，增长2.5%。\n\n"
        "【数据对照】地区生产总值从2017年的411.8亿元提高至2023年的657.16亿元，年均增长8%。\n\n"
        "指标｜德清县（2023年）｜湖州市（2023年）\n地区生产总值增速｜2.5%｜5.1%\n规上工业增加值增速｜7%｜19.5%\n"))
    assert _one(svc, "湖州2023年规上工业增加值增长多少") == ("湖州市", "19.5%", 2023, "actual")
    res = svc.ask("德清2023年GDP增长多少").to_dict()
    assert res["answers"][0]["value"] == "2.5%" and "｜" not in res["answers"][0]["sentence"] and "|" not in res["answers"][0]["sentence"]
