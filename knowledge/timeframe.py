"""Time frames: the year a figure speaks of, and whether it is achieved or planned.

Layers, each the default of the next one:

  report    the year the report's plan is for, from independent signals checked together
            (the title, the meeting date, review and plan headings, dated plan and review sentences)
  section   a heading's year and reading (工作回顾 → last year, achieved; 主要预期目标 → a target)
  sentence  a time stated at a sentence's lead (2022年，… / 这一年 / 过去一年) carries on to the
            following sentences of its paragraph
  clause    a time expression before the figure in its own sentence (去年, 到2025年, 前三季度),
            years that are comparison or price bases (比2020年, 按2020年不变价) excluded

Modality: a figure is a target (力争, 预期目标, a year not yet over), an actual, a preliminary actual
(预计/初步核算 about a year that is over: an actual), a restated target of the reviewed year
(年初确定的…目标), or a horizon goal (到2025年, "十四五"末) — a target dated by its horizon.
All functions take folded text (normalize.fold: Arabic-digit years).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon


@dataclass(frozen=True, slots=True)
class Frame:
    year: int | None
    kind: str | None          # 'actual' | 'target' | None (not known at this layer)
    period: str = ""          # 'multi': a span of years (“十二五”期间的几组数字是：)


NO_FRAME = Frame(None, None)


@dataclass(frozen=True, slots=True)
class TimeMention:
    start: int
    end: int
    year: int | None          # the year it denotes (for a period, its last year)
    role: str                 # at / to / period / base / since / partial / ignore
    relative: int | None = None  # 去年 −1 …: relative to the report year
    frame_ref: bool = False   # 这一年 / 当年: the year already in force
    of_report: bool = False   # 过去一年, 过去五年, 今后五年: relative to the report year even when the
                              # text's 今年 is the year before (a report heard in December)


def plan_end_year(numeral: str) -> int:
    """十四五 → 2025: the n-th five-year plan ends in 2025 + 5·(n − 14) (a national convention)."""
    n = 10 + "一二三四五六七八九".index(numeral) + 1
    return 2025 + 5 * (n - 14)


_CUE = {name: re.compile(lexicon.cue_alternation(name)) for name in
        ("review_section", "plan_section", "target_cue", "past_target", "preliminary")}

_YEAR = r"(?:19[5-9]\d|20\d\d)"
# a part of a year, said without its year (questions too: understand.py): 前三季度, 1—11月, 一到十一月
PART_OF_YEAR = (r"前三季度|上半年|第?[一二三]季度|前[两二三四五六七八九十]{1,2}个月"
                r"|(?:1|一)[-—–至~到](?:1[01]|[2-9]|[二三四五六七八九十]|十[一])月份?"
                r"|截至(?:1[01]|[1-9]|十一|[一二三四五六七八九十])月(?:底|末)"
                r"|(?:1|一)月份?[-—–至~到](?:1[01]|[2-9]|[二三四五六七八九十]|十[一])月(?:份|底|末)?")  # not 截至12月底: the year
_MENTION = re.compile(
    rf"(?P<range>(?P<r1>{_YEAR})(?:年)?(?:-|—|–|－|~|～|至|到)(?P<r2>{_YEAR})年)"
    rf"|(?P<year>{_YEAR})年(?P<part>底|末|初|全年|上半年|下半年|前三季度|一季度|第一季度|前\d{{1,2}}个?月|\d{{1,2}}[-—至~]\d{{1,2}}月|1[-—至~]\d{{1,2}}月份?)?"
    r"|(?P<plan>十(?P<pn>[一二三四五六七八九])五)(?P<planpart>[”\"’']?(?:时期|期间|以来|期末|末|规划|开局|收官))?"
    r"|(?P<rel>前年|去年|上年|上一年|今年|明年|次年|下一年)"
    r"|(?P<past1>过去的?一年|一年来|过去12个月)"
    r"|(?P<past5>过去的?五年|五年来|五年间|五年里)"
    r"|(?P<next5>今后五年|未来五年)"
    r"|(?P<this>这一年|那一年|当年|同年|全年|本年度|本年)"  # 本年度 in a review: the year reviewed
    rf"|(?P<partial>{PART_OF_YEAR})"
)
_REL = {"前年": -2, "去年": -1, "上年": -1, "上一年": -1, "今年": 0, "本年": 0, "明年": 1, "次年": 1, "下一年": 1}
_BASE_BEFORE = re.compile(lexicon.cue_alternation("base_before") + r"$")
_BASE_AFTER = re.compile(r"^(?:的?基础上|基础上|同期|水平|的水平|相比|比较|以前|的[\d.一二三四五六七八九十]+倍)")  # 是2012年的1.2倍
_PRICE_BEFORE = re.compile(r"(?:按|以)$")
_PRICE_AFTER = re.compile(r"^(?:的?不变价|价格|可比价|为基期|为基年|为基数)")
_SINCE_AFTER = re.compile(r"^(?:以来|起|开始|至今)")
_TO_BEFORE = re.compile(r"(?:到|至|截至|截止|截止到|截至到|力争到|预计到|争取到|计划到|于)$")
_OF_BULLETIN = re.compile(r"(?:国民经济和社会发展)?(?:统计)?公报")  # 2020年公报: the year it reports
# （资料汇编，整理于2025年1月）, 本站综合整理　2023年4月, …整理（2019年4月）: the text's own date
_COMPILED = re.compile(rf"(?:整理|编辑|编写|汇编|刊发|发布)(?:于|[(（]|\s)*({_YEAR})年(?:10|[1-9])月"
                       rf"|[(（]({_YEAR})年(?:10|[1-9])月(?:\d{{1,2}}日)?(?:整理|编辑|编写|汇编)[)）]")  # （2026年3月整理）
_IGNORE_AFTER = re.compile(r"^(?:和?\d{4}年)?远景目标|^(?:国民经济和社会发展|政府工作报告)")


def _in_title(text: str, pos: int) -> bool:
    """Inside 《…》: a document's title (《…2035年远景目标纲要》) is no time frame."""
    o = text.rfind("《", 0, pos)
    return o >= 0 and text.find("》", o, pos) < 0


def mentions(text: str) -> list[TimeMention]:
    """Every time expression of a folded text, with the role it plays there."""
    return list(_mentions(text))


@lru_cache(maxsize=4096)
def _mentions(text: str) -> tuple[TimeMention, ...]:
    out: list[TimeMention] = []
    for m in _MENTION.finditer(text):
        s, e = m.start(), m.end()
        before, after = text[max(0, s - 4):s], text[e:e + 8]
        if m.group("range"):
            out.append(TimeMention(s, e, int(m.group("r2")), "period"))
            continue
        if m.group("year"):
            y = int(m.group("year"))
            part = m.group("part") or ""
            if _in_title(text, s) or _IGNORE_AFTER.match(after):
                role = "ignore"
            elif _PRICE_BEFORE.search(before) and _PRICE_AFTER.match(after):
                role = "ignore"   # 按2020年不变价格计算: a price base
            elif re.match(r"^(?:的情况)?(?:为例|来看|而言)", after):
                role = "at"       # 以某年为例，…: the year whose figures follow
            elif _OF_BULLETIN.match(after):
                role = "at"       # 以2020年公报为例: the bulletin's year dates its figures
            elif _BASE_BEFORE.search(before) or _BASE_AFTER.match(after):
                role = "base"     # 比2020年增长, 在2020年的基础上
            elif _SINCE_AFTER.match(after):
                role = "since"
            elif _TO_BEFORE.search(before):
                role = "to"
            elif part in ("底", "末", "初", "全年", ""):
                role = "at"
            else:
                role = "partial"  # 2023年前三季度
            out.append(TimeMention(s, e, y, role))
            continue
        if m.group("plan"):
            y = plan_end_year(m.group("pn"))
            tail = text[e:e + 8]
            if _BASE_BEFORE.search(before.rstrip("“\"‘'")):
                role = "base"
            elif _in_title(text, s):
                role = "ignore"
            elif re.match(r"^[”\"’']?(?:的|规划的?)?开局", tail) or "开局" in (m.group("planpart") or ""):
                y, role = y - 4, "at"   # “十四五”开局之年 → 2021
            elif re.match(r"^[”\"’']?(?:的|规划的?)?(?:收官|期末|末)", tail) or re.search(r"(收官|末)", m.group("planpart") or ""):
                role = "at"             # “十三五”收官之年, 十三五末 → 2020
            elif re.match(r"^(?:[”\"’']?规划(?:纲要)?)?(?:实施|编制|中期|评估|任务全面完成)",
                          tail if not re.search(r"规划(?:纲要)?$", m.group(0)) else "规划" + tail) \
                    and re.search(r"规划", m.group(0) + tail[:3]):
                role = "ignore"         # “十四五”规划实施中期评估: the plan named as a thing, dating nothing
            else:
                role = "period"
            out.append(TimeMention(s, e, y, role))
            continue
        if m.group("rel"):
            w = m.group("rel")
            role = "base" if _BASE_BEFORE.search(before) or re.match(r"^同期", after) else "at"
            if w == "上年" and re.match(r"^(?:同期|水平|底)", after) is None and _BASE_BEFORE.search(before):
                role = "base"
            out.append(TimeMention(s, e, None, role, relative=_REL[w]))
            continue
        if m.group("past1"):
            out.append(TimeMention(s, e, None, "at", relative=-1, of_report=True))
            continue
        if m.group("past5"):
            out.append(TimeMention(s, e, None, "period", relative=-1, of_report=True))
            continue
        if m.group("next5"):
            out.append(TimeMention(s, e, None, "horizon", relative=4, of_report=True))
            continue
        if m.group("this"):
            if m.group("this") == "全年":
                out.append(TimeMention(s, e, None, "whole", frame_ref=True))  # ends a 前三季度 reading
                continue
            out.append(TimeMention(s, e, None, "at", frame_ref=True))
            continue
        if m.group("partial"):
            out.append(TimeMention(s, e, None, "partial", frame_ref=True))
    return tuple(out)


# ------------------------------------------------------------------ the report's year

_TITLE_YEAR = re.compile(rf"({_YEAR})年[^。\n]{{0,8}}(?:政府工作报告|两会|人代会|国民经济和社会发展计划(?!执行))")  # 2025年某市两会·数字问答
# 2023年1月13日在…人民代表大会; a title line dated by its month only: ——二〇二四年十二月在某县…人民代表大会
_MEETING = re.compile(rf"({_YEAR})年(\d{{1,2}})月(?:\d{{1,2}}日[^。\n]{{0,40}}?|在[^。\n]{{0,30}}?)(?:人民代表大会|人大|会议|大会)")
# …and, inside a sentence, a meeting dated by its month (2022年2月，市十五届人大一次会议上的报告提出：过去五年…)
_MEETING_IN = re.compile(rf"({_YEAR})年(\d{{1,2}})月(?:(?:\d{{1,2}}日[^。\n]{{0,40}}?|在[^。\n]{{0,30}}?)(?:人民代表大会|人大|会议|大会)"
                         rf"|[，,]?[^。\n]{{0,16}}?(?:人民代表大会|人大))")
_REVIEW_HEAD = re.compile(rf"(?:({_YEAR})年(?:和[^。，,\n]{{0,12}})?(?:工作)?(?:回顾|总结|亮点回顾|工作亮点)|(?:回顾|回望|回眸|盘点)了?({_YEAR})年?(?!\d)|过去的({_YEAR})年|({_YEAR})年[：:，,]?的?(?:答卷|成绩单))")
_PLAN_HEAD = re.compile(rf"({_YEAR})年(?:的)?(?:经济社会发展的?|全[县区市省旗]|政府)?(?:主要|重点)?"
                        r"(?:工作安排|工作任务|目标任务|预期目标|主要目标|发展目标|总体要求|重点工作|工作建议|工作思路|工作)")
_DONE = re.compile(r"^[，,]?[^。；，,]{0,14}?(?:完成|实现|达到|增长|下降|突破|新增|累计|建成)")
_OUTCOME_WORD = re.compile(r"(?:完成|实现|达到|同比|比上年|较上年|增长)[\d.]")
_PLAN_WORD = re.compile(r"左右|(?<!规模)(?<!规上)以上|以内|目标|力争|预期|确保|计划|将")
_PLANNED = re.compile(r"^[，,]?[^。；，,]{0,14}?(?:力争|预期|计划|确保|争取|将|要)")


_MEETING_DAY = re.compile(r"(?<![\d年])(\d{1,2})月\d{1,2}日[^。\n]{0,40}?(?:人民代表大会|人大|会议|大会)")
_DATELINE = re.compile(rf"({_YEAR})年(\d{{1,2}})月")


def _plan_year(year: int, month: int) -> int:
    """The year a meeting's plan is for: a meeting in November or December plans the next year."""
    return year + (1 if month >= 11 else 0)


def _meeting(text: str) -> tuple[int, int] | None:
    """The meeting's (year, month): 2023年1月13日在…人民代表大会; or a news story's 12月26日，…
    人民代表大会…举行 under a dateline of that month (2018年12月)."""
    head = text[:1200]
    dated = _MEETING.search(head)
    own = _SESSION_NO.search(head[:300])  # the title's session: 宝山区八届人大四次会议开幕
    if dated and own:
        said = _SESSION_NO.search(head, dated.start(), dated.end() + 30)
        if said and _session_key(said) != _session_key(own):
            dated = None  # 2008年1月15日区六届人大…: another session's date, not this report's
    m = _MEETING_DAY.search(head)
    if dated and not (m and m.start() < dated.start() and _year_from_sessions(text, head[m.start():m.end() + 40])):
        return int(dated.group(1)), int(dated.group(2))
    if m:
        month = int(m.group(1))
        year = _year_from_sessions(text, head[m.start():m.end() + 40])
        if year:
            return year, month
        for d in _DATELINE.finditer(head[:m.start()]):
            if int(d.group(2)) == month:
                return int(d.group(1)), month
        pub = _PUBLISHED.search(text)  # a web page's own date (formats.html_text), in the meeting's month
        if pub and int(pub.group(2)) == month:
            return int(pub.group(1)), month
    return None


_PUBLISHED = re.compile(r"[（(]本页发布于((?:19|20)\d\d)年(\d{1,2})月\d{1,2}日[）)]")


_BULLETIN = re.compile(r"统计公报|公报显示|公报公布|据[^，,。；;]{0,12}公报")
_DATED_DAY = re.compile(rf"({_YEAR})年\d{{1,2}}月\d{{1,2}}日")
_SESSION_NO = re.compile(r"第?([一二三四五六七八九十\d]{1,3})届(?:人民代表大会|人大)第?([一二三四五六七八九十\d]{1,2})次")
_DATED_SESSION = re.compile(rf"({_YEAR})年\d{{1,2}}月\d{{1,2}}日[^。\n]{{0,30}}?" + _SESSION_NO.pattern)


def _ordinal(x: str) -> int | None:
    """六 or 6 (a term or session number) as a number."""
    from .numbers import cn_to_number

    v = int(x) if x.isdigit() else cn_to_number(x)
    return int(v) if v is not None else None


def _session_key(m: re.Match) -> tuple:
    return _ordinal(m.group(1)), _ordinal(m.group(2))


def _year_from_sessions(text: str, meeting: str) -> int | None:
    """2月26日…第六届人民代表大会第六次会议开幕, and elsewhere 2024年2月27日，在市六届人大五次会议上:
    a congress holds one session a year, so the undated session is the dated one's year plus
    the sessions between them."""
    cur = _SESSION_NO.search(meeting)
    if not cur:
        return None
    term, session = _session_key(cur)
    for d in _DATED_SESSION.finditer(text):
        other = _ordinal(d.group(3))
        if _ordinal(d.group(2)) == term and session is not None and other is not None:
            return int(d.group(1)) + session - other
    return None


def _heads_line(text: str, pos: int) -> bool:
    """A review or plan phrase at `pos` stands as a heading or opens its sentence (回顾2022年，…),
    or its sentence is about the report (…作政府工作报告，回顾2019年工作); not 项城市也在当年两会上
    晒出了2024年成绩单 or 在2025年的重点工作中，周口提出: another body's review or plan."""
    line_start = text.rfind("\n", 0, pos) + 1
    sentence = re.split(r"[。；;！？!?]", text[line_start:pos])[-1]
    if len(sentence) <= 10 and not re.search(r"[，,]", sentence) and not re.search(r"[在于从对向到]$", sentence):
        return True
    return bool(re.search(r"报告|人民代表大会|人大", sentence))  # …作政府工作报告，回顾2019年工作


def report_year(text: str) -> int | None:
    """The year of the meeting that heard the report: the year its plan is for.

    The title (2023年政府工作报告) and the meeting date (2023年1月13日在…人民代表大会) decide
    when present; otherwise review headings (2022年工作回顾 → 2023), plan headings (2023年主要
    目标任务) and dated sentences vote. A review calling the past year "…开局之年" is no vote for
    that year, and horizons (到2025年), bases (比2020年) and titles (《…2035年远景目标纲要》) do not count.
    """
    head = text[:600]
    for m in _TITLE_YEAR.finditer(head):
        if re.search(r"(根据|据|按照|落实|对照|审议)[^。]{0,6}$", head[:m.start()]):
            break
        line_start = head.rfind("\n", 0, m.start()) + 1
        early = head[:m.start()].count("\n") < 2
        if m.start() - line_start > (24 if early else 16) or re.match(r"(?:问|答|记者)", head[line_start:]):
            continue  # 下面把高昌区2024年政府工作报告…放在一起: a report named in prose, not the title
        return int(m.group(1))
    compiled = _COMPILED.search(text[:300])
    if compiled and not _meeting(text):
        return int(compiled.group(1) or compiled.group(2))  # （资料汇编，整理于2025年1月…两会期间）: the text's own date
    met = _meeting(text)
    if met:
        # a meeting in November or December hears the plan of the year that follows
        return _plan_year(*met)
    votes: Counter[int] = Counter()
    for m in _REVIEW_HEAD.finditer(text):
        if not _heads_line(text, m.start()):
            continue  # …也在当年两会上晒出了2024年成绩单: another place's review, told in prose
        y = int(next(g for g in m.groups() if g))
        votes[y + 1] += 3
    for m in _PLAN_HEAD.finditer(text):
        if _REVIEW_HEAD.match(text, m.start()) or not _heads_line(text, m.start()):
            continue
        ment = [t for t in mentions(text[max(0, m.start() - 6):m.end()]) if t.year == int(m.group(1))]
        if ment and ment[0].role in ("at",):
            votes[int(m.group(1))] += 3
    seen = 0
    own_session = _SESSION_NO.search(text[:300])
    for t in mentions(text):
        if t.role != "at" or t.year is None:
            continue
        seen += 1
        after = text[t.end:t.end + 30]
        if re.match(r"^\d{1,2}月\d{1,2}日", after):
            said = _SESSION_NO.search(text, t.end, t.end + 60)
            if own_session and said and _session_key(said) != _session_key(own_session):
                continue             # 2018年1月26日…第十五届…第二次会议: an earlier session's date
            votes[t.year] += 2       # a date: most likely the meeting's
        elif re.match(r"^[，,]?(?:是|为)", after):
            continue                 # "2021年是…开局之年": says what a year was, not when we are
        elif re.search(r"(?:力争|确保|争取|计划|预期)$", text[max(0, t.start - 4):t.start]) or _PLANNED.match(after):
            # (力争2023年GDP实现4.5%的增长: the year aimed at, whatever verb follows)
            votes[t.year] += 1
        elif _DONE.match(after):
            votes[t.year + 1] += 1
        elif re.match(r"^[，,]", after) and (t.start == 0 or text[t.start - 1] == "\n"):
            # 某年，某县经济运行稳中有进。报告显示，全县生产总值增长6.3%…完成71亿元: a paragraph
            # that opens on a year and tells its outcomes reviews it (a plan says 左右/以上/目标)
            para = text[t.end:text.find("\n", t.end) if "\n" in text[t.end:] else len(text)]
            done = len(_OUTCOME_WORD.findall(para))
            if done >= 2 and not _PLAN_WORD.search(para):
                votes[t.year + 1] += 1
    if votes:
        return max(votes, key=lambda y: (votes[y], y))
    years = Counter(t.year for t in mentions(text) if t.role == "at" and t.year)
    if years:
        y = years.most_common(1)[0][0]
        return y + 1 if re.search(r"(过去|去年|回顾)", text) else y
    return None


def speech_year(text: str, report: int | None) -> int | None:
    """The year the text's own 今年 means: the meeting's year. A report heard in November or
    December (2018年12月26日…会议) is next year's plan, and its 今年 is the year under review."""
    met = _meeting(text)
    if met and report and met[0] == report - 1 and met[1] >= 11:
        return report - 1
    if met is None and report:
        day = _MEETING_DAY.search(text[:1200])
        if day and int(day.group(1)) >= 11:
            return report - 1  # 本报讯 12月23日，某县…人民代表大会…召开 (no year written): the year that is ending
    return report


# ------------------------------------------------------------------ sections and sentences

def _kind_of(year: int | None, report: int | None) -> str | None:
    if year is None or report is None:
        return None
    return "actual" if year < report else "target"


_DATED_MONTH = re.compile(r"(?:1[0-2]|[1-9])月(?![份底末初]|[-—–至~到])")  # 某年11月, 某年4月7日: a date


def _dateline(text: str, t: TimeMention) -> bool:
    """【发布】某年1月, 时间：某年11月, （编者整理，某年5月）: when a page appeared, not a time its
    figures speak of (a report's own meeting date, ——某年1月10日在…会议上, still dates its plan)."""
    return bool(_DATED_MONTH.match(text, t.end)) and bool(_DATELINE_LABEL.search(text[max(0, t.start - 10):t.start]))


_DATELINE_WORD = r"(?:发布|整理|时间|日期|来源|更新|编辑|刊发|汇编|报道)"
_DATELINE_LABEL = re.compile(rf"{_DATELINE_WORD}[^。；;]{{0,6}}$|{_DATELINE_WORD}[】\]:：]?\s*$")


def heading_frame(title: str, lead: str, report: int | None, inherited: Frame, sub: bool,
                  now: int | None = None) -> Frame:
    """A section's frame from its heading (and, for a heading without cues, its first words);
    `now`: the year the text's 今年 means (the report year unless heard in December)."""
    now = report if now is None else now
    # (a dateline, 【发布】某年1月, is when the page appeared, not the time its figures speak of)
    ms = [t for t in mentions(title) if t.role in ("at", "period", "to") and (t.year or t.relative is not None)]
    dateline = [t for t in ms if t.year and _dateline(title, t)]
    ms = [t for t in ms if t not in dateline]
    stated = [t for t in ms if not _is_plan_period(title, t)]
    ms = stated or ms  # 2021年，实现“十四五”良好开局: the year stated, not the plan's end
    review = bool(_CUE["review_section"].search(title))
    plan = bool(_CUE["plan_section"].search(title))
    years = sorted({t.year if t.year else resolve_year(t, NO_FRAME, report, now=now) for t in ms} - {None})
    if len(years) >= 2 and report and min(years) < report <= max(years):
        return NO_FRAME          # 2022年工作回顾和2023年工作安排: each sentence says which
    if years:
        y = years[0] if not plan or review else years[-1]
        return Frame(y, _kind_of(y, report))
    if review and plan:
        return NO_FRAME
    if review:
        return Frame(report - 1 if report else None, "actual")
    if plan:
        if sub and inherited.year and report and inherited.year < report and inherited.kind == "actual":
            # 一、某年报告提出的目标任务 / （一）主要预期目标: the targets of the year its part is about
            return Frame(inherited.year, "target")
        return Frame(report, "target")
    if not sub and lead:
        ml = [t for t in mentions(lead[:40]) if t.role == "at" and (t.year or t.relative is not None)
              and not re.match(r"^\d{1,2}月\d{1,2}日", lead[t.end:t.end + 6])  # a date is no frame
              and not _dateline(lead, t)]  # nor the page's (时间：某年11月)
        y = resolve_year(ml[0], NO_FRAME, report, now=now) if ml else None
        if y:
            return Frame(y, _kind_of(y, report))
        if _CUE["review_section"].search(lead[:40]):
            return Frame(report - 1 if report else None, "actual")
        if _CUE["plan_section"].search(lead[:24]):
            return Frame(report, "target")
    if dateline:
        return NO_FRAME  # 附：…（编者整理，某年5月）: a block dated on its own stands outside the sections before it
    return inherited


def _is_plan_period(text: str, t: TimeMention) -> bool:
    return text[t.start:t.start + 1] == "十"


_QUESTION = re.compile(r"^(?:[\u4e00-\u9fff]{0,6}记者)?(?:问[一二三四五六七八九十\d]{0,3})?[:：]")  # 问二：…
_ANSWER = re.compile(r"^(?:答|[\u4e00-\u9fff]{0,6}答)[:：]")
_LEAD = 14  # a time expression within the first characters of a sentence is its lead


class Clock:
    """Walks the sentences of a document in order; a time stated at a sentence's lead holds for
    the rest of its paragraph (这一年 / 当年 refer back to it)."""

    def __init__(self, report: int | None, now: int | None = None):
        self.report = report
        self.now = report if now is None else now
        self._para = None
        self._carry: Frame | None = None
        self._prev_carry: Frame | None = None  # the year the paragraph before ended in
        self._para_section: Frame | None = None
        self._answering = False               # inside an interview's answer (答：… and what follows)
        self._asked = False
        self._section = None
        self._last = ""                      # the sentence before
        self._para_text = ""                 # the paragraph so far
        self._listed: Frame | None = None   # the year a lead-in gave its list (报告这样回顾2023年：)
        self._met: int | None = None         # the year of a meeting dated in this paragraph

    def _lead_in(self, last: str, para: str) -> Frame | None:
        """The year of a paragraph that ends in a colon (据2017年12月5日…的报告…，几组数字是：)."""
        if not last.rstrip().endswith(("：", ":")):
            return None
        # the year stated (2024年是…关键一年), not a plan period named beside it (“十四五”) nor the
        # date of the speech quoted (某年1月14日…的报告显示，过去五年某省…：)
        years = [t for t in mentions(para) if t.role == "at" and t.year is not None and not _is_plan_period(para, t)
                 and not _DAY.match(para, t.end)]
        if not years:
            spans = [t for t in mentions(para) if t.role == "period" and (t.year is not None or t.relative is not None)]
            if not spans:
                return None
            # “十二五”期间的几组数字是：, 过去五年某省…提升：: each item is a figure of the whole period
            y = resolve_year(spans[-1], NO_FRAME, self.report, para, self.now)
            met = _MEETING_IN.search(para)
            if spans[-1].of_report and met:
                y = _plan_year(int(met.group(1)), int(met.group(2))) - 1  # the five years before that meeting
            if y is None:
                return None
            return Frame(y, _kind_of(y, self.report), "multi")
        y = years[-1].year
        # 提出了某年经济发展的主要预期指标：: the list is that year's targets, whatever the report's year
        return Frame(y, "target" if _CUE["past_target"].search(last) else _kind_of(y, self.report))

    def _section_changed(self, section: Frame) -> bool:
        changed = section is not self._section
        self._section = section
        return changed

    def heading(self, text: str) -> None:
        """A heading line read: it dates nothing, but one ending in a colon leads in the list under
        it (“十二五”期间的几组数字是：)."""
        self._last = text
        self._para_text = text
        self._para = None

    def frame(self, para: int, text: str, section: Frame) -> Frame:
        opening = para != self._para
        if opening:
            same_section = section is self._para_section
            self._prev_carry = self._carry if same_section else None
            self._para_section = section
            # an interview's answer goes on in the time its question set (记者：过去一年… / 区长答：…)
            answer = bool(_ANSWER.match(text)) and self._asked
            self._asked = bool(_QUESTION.match(text))
            # …and its later paragraphs too (答：2022年…。 / 就业方面，全年…), until the next question
            going_on = self._answering and not self._asked and same_section
            self._answering = (answer or going_on) and not self._asked
            answer = answer or going_on
            self._para = para
            self._met = None
            if not answer and (section.kind is not None or self._section_changed(section)):
                self._carry = None  # in a section without a frame of its own, a stated year goes on
            # a paragraph ending in a colon with a year (报告这样回顾2023年：) dates the list items
            # that follow it (——全年地区生产总值完成…) until the list ends; unmarked lines count as
            # items right after the colon and while each ends in a semicolon (全区生产总值增长6%左右；)
            closed = self._last.rstrip()[-1:]
            if LIST_ITEM.match(text) or closed and (closed in "：:" or closed in "；;" and self._listed is not None):
                self._listed = self._lead_in(self._last, self._para_text) or self._listed
            else:
                self._listed = None
            if self._listed is not None:
                self._carry = self._listed
            self._para_text = ""
        self._last = text
        self._para_text += text
        pub = _NAMED_BULLETIN.search(text)
        if pub and not _CUE["target_cue"].search(text[:pub.start()]):
            # 答：报告只给了总量，县统计局随后发布的2022年统计公报算得更细。初步核算，…: the bulletin's year
            self._carry = Frame(int(pub.group(1)), "actual")
            return self._carry
        day = _MEETING_OPENS.match(text)
        if day and self.now:
            # 1月4日，…人代会开幕: a meeting dated without its year is this season's; what follows is
            # of the year its plan is for (a meeting in November or December plans the next year)
            self._carry = Frame(self.report if int(day.group(1)) >= 11 and self.report else self.now, None)
            return self._carry
        # 根据…核算结果，2023年前三季度…: a source named first, the time opens the clause after it
        pre = _PREAMBLE.match(text)
        lead = _LEAD + (pre.end() if pre else 0)
        for t in mentions(text):  # (the whole sentence: 某年政府工作报告 cut short would read as a year)
            if t.start > lead:
                break
            if t.role not in ("at", "period", "to", "partial", "horizon"):  # horizon: 未来五年，…
                continue
            if t.year is not None and _SPEECH_DATE.match(text[t.end:]) and _SPEECH.search(text[t.end:]):
                self._met = t.year
            if t.frame_ref and self._met is not None and _SET_THEN.match(text, t.end):
                # 某年1月某日…会议开幕…。报告说，上一年…。当年确定的主要目标是…: the meeting's year
                self._carry = Frame(self._met, "target")
                break
            spoken = _spoken_of(text, t)
            if spoken is not None:
                t = spoken
            held = self._carry or section
            if t.frame_ref and opening and self._carry is None and self._prev_carry is not None \
                    and section.kind != "actual":
                # 当年，… opening a paragraph outside a review: the year the paragraph before spoke of
                # (in a review, 这一年 is the year reviewed)
                held = self._prev_carry
            y = resolve_year(t, held, self.report, now=self.now)
            if y is not None and t.year is not None and self._met == t.year and _DAY.match(text, t.end) \
                    and spoken is None:
                # 某年1月7日，…会议召开: the meeting's year is the time of what follows, but not whether
                # it is planned or done (回顾了过去四年…从a提高至b is done; …提出：增长7% is planned)
                self._carry = Frame(y, None)
                break
            if y is not None and t.role == "partial":
                # 2023年前三季度…。分产业看，…: the paragraph goes on with that part of the year, done so far
                self._carry = Frame(y, "actual", "partial")
                break
            if y is not None:
                # 据2022年统计公报，…: what a bulletin reports happened, whatever the year
                kind = "actual" if _BULLETIN.search(text[:40]) else (_kind_of(y, self.report) or section.kind)
                if section.kind == "target" and section.year == y and not _BULLETIN.search(text[:40]):
                    kind = "target"  # （一）主要预期目标 of a past year: 报告确定，某年全市…增长10%
                self._carry = Frame(y, kind)
                break
        if self._carry is not None and self._carry.period == "partial" and any(t.role == "whole" for t in mentions(text)):
            # 1—11月，…增长26.3%。某企业全年产值…: the paragraph has moved on to the whole year
            self._carry = Frame(self._carry.year, _kind_of(self._carry.year, self.report))
        return self._carry or section


_NAMED_BULLETIN = re.compile(r"((?:19|20)\d\d)年(?:度)?(?:国民经济和社会发展)?统计公报")
_SPEECH_DATE = re.compile(r"^[0-9一二三四五六七八九十〇]{1,2}月(?:[0-9一二三四五六七八九十〇]{1,3}[日号])?")
_SPEECH = re.compile(r"会议|大会|报告|讲话|开幕")
_DAY = re.compile(r"\d{1,2}月\d{1,2}日")
_PREAMBLE = re.compile(r"(?:根据|据|按照|依据)[^，,。；;]{2,30}?(?:结果|数据|统计|核算|快报|公报|测算)(?:显示|表明)?[，,]")
_MEETING_OPENS = re.compile(r"^(\d{1,2})月\d{1,2}日(?:[、至—-]\d{1,2}日)?[，,][^。]{0,30}?(?:人民代表大会|人代会|人大)[^。]{0,16}?(?:开幕|召开|举行)")
_SET_THEN = re.compile(r"(?:的)?(?:确定|提出|设定|定下|明确)的?[^，,。；;]{0,6}?(?:目标|指标)")  # 当年确定的主要目标


def _spoken_of(text: str, t: TimeMention) -> TimeMention | None:
    """The year a dated speech speaks of: 某年1月某日，…在…会议上所作的报告显示：上一年是… — the
    date is the meeting's; the year stated after it (not a plan period) is the frame."""
    if t.year is None or not _SPEECH_DATE.match(text[t.end:]) or not _SPEECH.search(text[t.end:]):
        return None
    stop = re.search(r"[；;。]", text[t.end:])  # …提出，当年…；此前的2018年…: a year in a later clause speaks of itself
    end = t.end + stop.start() if stop else len(text)
    later = [m for m in mentions(text[:end]) if m.start > t.end and m.role == "at" and m.year is not None
             and m.year != t.year and not _is_plan_period(text, m)]
    return later[0] if later else None


LIST_ITEM = re.compile(r"^(?:——|—|－|-|·|•|●|▪|[一二三四五六七八九十]是|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．]"
                        r"|[\d.,，、:：]+[^\s，。；—]{0,5}(?:[、,，][\d.]+[^\s，。；—]{0,5})*——)")  # 259亿元——…: a 数读 box's entry

_LEAD_WORDS = re.compile(lexicon.cue_alternation("time_lead") + "$")


def _in_lead(text: str, t: TimeMention) -> bool:
    """A stated year dates what follows only from the lead of a clause (2022年，… / 全县2022年… /
    力争到2025年…), or right before the figure it dates (由2016年的…)."""
    i = t.start
    while i > 0 and text[i - 1] not in "，,；;：:。！？!?（(【":
        i -= 1
    prefix = text[i:t.start]
    if not prefix or text[t.end:] in ("", "的"):
        return True
    if re.match(r"的?[\u4e00-\u9fff]{0,6}?目标(?:任务)?(?:——|[:：]|是|为)", text[t.end:]):
        return True  # 亮出了2023年的奋斗目标——全市地区生产总值目标为X: the year its targets are for
    if _LEAD_WORDS.match(prefix):
        return True
    # 番禺2022年全年地区生产总值…: a place's short name (from the national table) opens the clause
    from .places import divisions

    shorts = divisions().by_short
    return any(_LEAD_WORDS.match(prefix[:-k]) and prefix[-k:] in shorts for k in (2, 3, 4) if len(prefix) >= k)


_FRAME_RELATIVE = {"上年", "上一年", "次年"}  # relative to the year spoken of, not to the report's


def resolve_year(t: TimeMention, frame: Frame, report: int | None, text: str = "", now: int | None = None) -> int | None:
    """A mention's year: as stated, or relative to the frame (上一年), to the report (过去一年) or
    to `now`, the year the text's 今年 means (今年, 去年)."""
    now = report if now is None or t.of_report else now
    if t.year is not None:
        return t.year
    if t.frame_ref:
        return frame.year
    if t.relative is not None and text and text[t.start:t.end] in _FRAME_RELATIVE and frame.year:
        return frame.year + t.relative  # 在上一年…的基础上, said in a review of 2022: 2021
    if t.relative is not None and now:
        return now + t.relative
    return None


@dataclass(frozen=True, slots=True)
class FigureTime:
    year: int | None
    kind: str | None
    base_year: int | None = None
    preliminary: bool = False
    period: str = ""          # "" one year; "multi" several years (累计, 年均, 五年); "partial" part of one


_MULTI = re.compile(r"(累计|年均|五年|期间|以来|共计|总计)")
_TOLD_DONE = re.compile(r"(完成了|实现了|达到了|同比|比上年|去年|上年|过去|刚刚|已经|累计)")  # said of what is over
_RISEN_TO = re.compile(r"[从由][^，,；;]{1,24}(?:提高|增加|增长|提升|扩大|上升)(?:到|至)")  # 从a提高至b: a change told as done
# 完成了增长8%的年度目标: the figure named as the year's target, restated in a review
_TARGET_AFTER = re.compile(r"[\d.]+(?:%|个百分点)?(?:以上|左右|以内|以下)?的(?:年度|全年|预期|既定)?目标")


def figure_time(text: str, start: int, frame: Frame, report: int | None, now: int | None = None) -> FigureTime:
    """The year and modality of the figure at `start` of a folded sentence, in the frame the
    sentence stands in; `now` is the year the text's 今年 means (see speech_year)."""
    now = report if now is None else now
    upto = text[:start]
    year, base, period, horizon = None, None, "", False
    met = _MEETING_IN.search(upto)  # a report of another meeting, dated in the sentence
    spoken = _plan_year(int(met.group(1)), int(met.group(2))) if met else None
    range_end = None  # 由2007年的X跃升到2011年的Y，年均增长a；…达到b: the span's last year dates what follows
    range_at = year_at = -1
    whole = False
    for t in [t for t in _mentions(text) if t.end <= start]:
        told = _spoken_of(upto, t) if t.role == "at" else None
        if told is not None:
            t = told  # 某年1月某日…会议…报告中回顾上一年：…: the year the speech speaks of
        if t.role in ("at", "to", "partial", "period") and t.year is not None and told is None and not _in_lead(upto, t) \
                and not _OF_BULLETIN.match(upto, t.end):
            if t.role == "to" and re.search(r"(?:由|从)(?:19|20)\d\d年", upto[max(0, t.start - 30):t.start]):
                range_end, range_at = t.year, t.start
            continue  # 在扣除2022年灾后重建资金后: a year inside a noun phrase dates nothing (但 2020年公报 dates its figures)
        if t.role == "base" and upto[t.end:] in ("", "的") and re.search(r"(由|从|比|较)$", upto[:t.start]):
            # 由2016年的1652.3亿元; 目标比上年的7.5%有所下调: the figure right after the base is the base year's
            t = TimeMention(t.start, t.end, t.year, "at", t.relative, t.frame_ref, t.of_report)  # 由2016年的1652.3亿元
        if t.role == "base":
            y = resolve_year(t, frame, report, upto, now)
            if not re.search(r"[；;。]", upto[t.end:]):  # 比基年翻一番；当年…增长X%: a base holds in its clause
                base = y if y else base
            continue
        if t.role in ("ignore", "since", "whole"):
            if t.role == "since":
                period = "multi"
            elif t.role == "whole":
                period, whole = ("" if period == "partial" else period), True
            continue
        y = resolve_year(t, frame, report, upto, now)
        if t.of_report and t.relative is not None and spoken:
            y = spoken + t.relative  # 2021年12月6日…会议…提出今后五年…: five years from that meeting's plan
        if t.role == "partial":
            period = "partial"
            year = y if y is not None else (year if year is not None else frame.year)
            continue
        if y is None:
            continue
        year, year_at = y, t.start
        period = "multi" if t.role == "period" else ("partial" if period == "partial" and t.frame_ref else "")
        horizon = t.role in ("to", "horizon") and report is not None and y >= report
    if _MULTI.search(upto[-12:]) and period == "":
        period = "multi" if re.search(r"(累计|年均|五年|期间|以来)", upto[-12:]) else period
    prelim = bool(_CUE["preliminary"].search(upto))
    pm = _CUE["past_target"].search(upto)
    past_target = bool(pm)
    if pm:
        last = max(upto.rfind("；"), upto.rfind(";"))
        if last > pm.end() and any(t.role == "at" and t.year is not None for t in _mentions(upto[last + 1:])):
            past_target = False  # …提出，当年…；此前的2018年，…增长3.6%: a later clause's own year, said of itself
    target_cue = bool(_CUE["target_cue"].search(upto))
    if range_end is not None and (year is None and frame.kind == "actual" or year is not None and range_at > year_at):
        year = range_end  # (2019年8月8日…发布：…由1949年的X增长到2018年的Y，…由a增加到b: the span, not the date)
    if year is None:
        year = frame.year
        # (全年… after a paragraph on 1—11月: the whole year, not the part the paragraph opened with)
        period = period or ("" if whole and frame.period == "partial" else frame.period)
        if year is not None and year == report and frame.kind is None and not target_cue and not prelim \
                and (_TOLD_DONE.search(text) or _RISEN_TO.search(text)):
            year = report - 1  # 某年1月7日…会议召开。…从a提高至b，累计完成c: dated by the meeting, told as done
        if prelim and year is not None and year == report and not target_cue and frame.kind != "actual":
            year = report - 1  # 据预计，全市地区生产总值增长2%: at the meeting, the year just ended is an estimate
        if year is None and report:
            if target_cue and not prelim:
                year = report
            elif prelim or _TOLD_DONE.search(text):
                year = report - 1
    kind = _kind_of(year, report) if report else frame.kind
    if kind == "actual" and frame.kind == "target" and frame.year == year and not prelim:
        kind = "target"  # a lead-in set the list as a past year's targets (提出了某年的主要预期指标：)
    if report is None and kind != "actual" and not target_cue and re.search(r"(去年|上年|同比|比上年|较上年|过去一年)", upto):
        kind = "actual"  # an undated text's 去年…完成210亿元: achieved, whatever the section
    later = [int(d.group(1)) for d in _DATED_DAY.finditer(upto)]
    if kind == "target" and year and later and max(later) > year and not target_cue:
        kind = "actual"  # 2024年1月23日…通报：2023年全省地区生产总值增长9.2%: told after the year was over
    if kind == "target" and not target_cue and not past_target and (
            _BULLETIN.search(text) or (frame.kind == "actual" and frame.year == year)):
        kind = "actual"  # 据2022年统计公报…: a statistical bulletin reports what happened (its paragraph too)
    if kind == "target" and not target_cue and not past_target \
            and (frame.kind != "target" or re.search(r"\d+\.\d+[亿万]?元", upto)) \
            and re.search(r"(同比|比上年|较上年)(?:增长|下降|提高|增加|减少)", text[:start + 12]) \
            and re.search(r"(实现|完成|达到|为)[^，,；;]{0,12}$|(同比|比上年|较上年)(?:增长|下降|提高|增加|减少)$", upto[-16:]):
        kind = "actual"  # 2023年，某县实现地区生产总值…，同比增长8%: a year measured against the one before is over
    if kind == "target" and period == "partial" and not past_target \
            and not _CUE["target_cue"].search(re.sub(rf"今年(?={PART_OF_YEAR})", "", upto)):
        kind = "actual"  # 今年1月至10月，全州…完成产值X亿元: part of a year is progress reported, not a plan
    if kind is None:
        kind = frame.kind or ("target" if target_cue and not prelim else None)
    if kind == "actual" and (past_target or re.search(r"目标(?:值)?(?:增长|为|是|定为|定在)?$", upto[-8:])
                             or _TARGET_AFTER.match(text, start)):
        kind = "target"       # 年初确定的增长7%目标; 规上工业增加值目标7.0%，预计完成3.3%: the year's target, restated
    elif kind == "actual" and target_cue and not prelim and year == frame.year and frame.kind == "actual" \
            and report and re.search(r"(今年|明年|年内|(?:全年|今年)将)" if now == report else r"明年", upto) \
            and not re.search(r"(去年|上年)", upto):
        kind, year = "target", report  # inside a review, a clause about this year's plan
    elif kind == "target" and prelim and not horizon and report and year == report \
            and frame.kind != "target":
        kind, year = "actual", report - 1  # 预计全年增长5.5%, said of the year just ended
    if base is not None and year is not None and base == year - 1:
        base = None  # 比上年: the usual year-on-year change, no base of its own
    return FigureTime(year=year, kind=kind, base_year=base, preliminary=prelim and kind == "actual", period=period)
