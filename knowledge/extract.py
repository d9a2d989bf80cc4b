"""Figures of a sentence as structured records: what is measured, how, when, where, and whether
it is achieved or planned.

For each figure (numbers.find_figures; a threshold inside a noun phrase, 亿元以上项目 or 超过10万元
的村, is a modifier of that phrase, not a figure of its own):
  subject   the indicator noun phrase (subject.py): from the clause before the figure; a clause
            that names none inherits from the figure that governs it (the one before it in the
            sentence, or the sentence's topic); 分别/依次/各 lists are aligned with their items,
            均 gives one figure to each listed item, a list whose subject is only a measure word
            (增幅依次为…) reuses the items of the list before it; a count names the noun after it
            (完成49个老旧小区改造); a share names its part and whole
  measure   level / growth / count / share / rank
  time      year, kind (target / actual), base year, preliminary, period (timeframe.py)
  place     the place named before the figure in subject position, else the report's own region
            (places.py): 全省 → the province, 菏泽全市 → 菏泽市, 高新区 → 西安高新区
Tables keep a year and a kind per column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import lexicon, numbers, subject, tokenizer
from .numbers import Figure, find_figures
from .places import DocPlaces, rank_area
from .segment import Section, Sentence
from .timeframe import PART_OF_YEAR, NO_FRAME, Clock, Frame, _kind_of, figure_time, heading_frame, plan_end_year  # noqa: F401


@dataclass(frozen=True, slots=True)
class Indicator:
    sentence: int      # Sentence.index
    section: int
    order: int         # position of the figure in the sentence
    metric: str        # the subject, folded: 农村居民人均可支配收入
    canonical: str     # the subject with synonyms folded to canonical names (for matching)
    value: str         # as written: 7%以上
    number: float | None
    unit: str
    qualifier: str
    measure: str       # growth / level / count / share / rank
    year: int | None
    kind: str | None   # target / actual
    region: str | None
    base_year: int | None = None
    context: str = ""  # the clause around the figure, for matching
    preliminary: bool = False  # 预计/初步核算: an estimate of a year just ended
    period: str = ""   # "" one year, "multi" several years (累计, 年均), "partial" part of one (前三季度)


@dataclass(frozen=True, slots=True)
class DocContext:
    """What a sentence's figures need of their document."""
    region: str | None
    report_year: int | None
    places: DocPlaces | None = None
    now: int | None = None  # the year the text's 今年 means (timeframe.speech_year)


SectionContext = Frame  # a section's frame (kept name for callers)


def section_contexts(sections: list[Section], report_year: int | None, now: int | None = None) -> dict[int, Frame]:
    """Each section's frame: its heading's year and reading, else the section before it."""
    out: dict[int, Frame] = {}
    prev = steady = NO_FRAME  # steady: the last frame that is not a look-back at an earlier year
    for sec in sections:
        body = [s for s in sec.sentences if not s.heading]
        lead = body[0].norm if body else ""
        sub = bool(re.match(r"^[（(][一二三四五六七八九十]+[）)]|^\d+[.、]", sec.norm))
        # 【2017年回顾】…  【区情档案】…: a label is a peer of the label before it, not its part, and
        # does not take over its look-back year
        labelled = sec.norm.startswith("【") or bool(body) and body[0].norm.startswith("【")
        inherited = steady if labelled and prev is not steady else prev
        f = heading_frame(sec.norm, lead, report_year, inherited if inherited.kind else NO_FRAME, sub, now)
        out[sec.index] = f
        looking_back = f.kind == "actual" and f.year and report_year and f.year < (now or report_year) - 1
        if not inherited.kind or not looking_back or f == heading_frame(sec.norm, "", report_year, inherited, sub, now):
            prev = f  # an earlier year only its opening sentence states (【近两年对比】2021年，…) is not passed on
        else:
            prev = inherited
        if not looking_back:
            steady = prev
    return out


# ------------------------------------------------------------------ clause geometry

_BREAK = "，,；;：:。！？!?（）()【】"
_END = "，,；;。！？!?"
_JOIN = re.compile(r"^(?:以上|以下|左右|以内)?[、和及与]$")
_LIST_MARK = re.compile(r"(?:年均)?(分别|依次|各)(?:为|是|达到|增长|下降|提高|完成|实现)?")
# 均 gives one figure to each item listed before it (城镇、农村居民人均可支配收入均增长8%), when a
# predicate or the figure follows it; 楼均税收, 亩均产值 are measures per unit, not a list
_EACH = re.compile(r"(?<![人平年户亩地楼车日月])均(?=(?:增长|达|为|在|超|突破|保持|实现|下降|提高|提升|控制|有|同比|比|较|完成|居|位|"
                   r"稳定|低于|高于|不低于|不超过|\d|[一二三四五六七八九十百]|$))|都(?!市|会|要)")


# 白酒生产企业（作坊）, 税收收入（含省、市三分局征收数）: an aside in brackets after the subject
_ASIDE = re.compile(r"(?<=[\u4e00-\u9fff])[（(][\u4e00-\u9fff、]{1,14}[）)]$")


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor:
        if text[i - 1] in "）)":
            m = _ASIDE.search(text, max(floor, i - 17), i)
            if m:  # 白酒生产企业（作坊）622家: a bracketed aside stays inside its clause
                i = m.start()
                continue
        if text[i - 1] in _BREAK or text[i - 2:i] == "——" and i - 2 >= floor:
            break  # ——: a dash sets off what follows as a clause of its own
        i -= 1
    return i


def _clause_end(text: str, pos: int) -> int:
    j = pos
    while j < len(text) and text[j] not in _END:
        j += 1
    return j


def _after_clause(text: str, end: int) -> str:
    j = end
    while j < len(text) and text[j] not in _BREAK and text[j] != "、":
        j += 1
    return text[end:j]


_FROM = re.compile(r"(?:由|从)(?:全[国省市区县州盟])?(?:上年|去年|年初|上一年|[“\"‘]?十[一二三四五六七八九]五[”\"’]?)?(?:底|末|期末)?的?$")
_TO = re.compile(r"(?:下降|降低|减少|上升|提高|增加|增长|降|升|提升|扩大|缩小|跃升|跃居|攀升|前移|后移|上移|晋升)(?:到|至|为)")
_TARGET_WORDS = re.compile(r"^(?:的)?(?:目标|水平|增长|速度|幅度|区间|以上|以下|左右)")


_SLOGAN = re.compile(r"[“\"‘「]([^“”\"‘’「」]{1,10})[”\"’」]")


def _in_slogan(text: str, f: Figure) -> bool:
    """“五个提升”“八个工程”, “两个确保”: a count inside a short quoted slogan names a programme,
    not a figure (a quoted figure with a unit of money or a rate is still a figure)."""
    if f.unit in ("%", "个百分点", "百分点") or re.search(r"[元吨亩]", f.unit or ""):
        return False
    for m in _SLOGAN.finditer(text):
        if m.start(1) <= f.start and f.end <= m.end(1) and not re.search(r"\d", m.group(1)) \
                and (f.start, f.end) != (m.start(1), m.end(1)):
            return True  # (a quote holding only the figure, “三十七个”, quotes the figure itself)
    return False


_MILESTONE = re.compile(r"(?:元)?(?:[、和][\d.]+[万亿]?元?)*(?:[两二三四五六七八九十]道)?(?:大关|关口|台阶|门槛)")
_MILESTONE_COUNT = re.compile(r"[两二三四五六七八九十]道(?:大关|关口|台阶|门槛)")


def is_threshold(text: str, f: Figure) -> bool:
    """亿元以上项目, 超过10万元的村, 500万元以上企业: the figure qualifies the noun after it."""
    if _MILESTONE_COUNT.match(text, f.start):
        return True  # (跨过a亿、b亿)两道关口: the milestones counted
    if f.rank or f.unit in ("%", "个百分点", "百分点"):
        return False
    if _MILESTONE.match(text, f.end):
        # 跨过X亿关口，完成Y亿元: a milestone passed, when the figure reached is told after it
        stop = min([k for k in (text.find("；", f.end), text.find("。", f.end)) if k >= 0] or [len(text)])
        if any(g.unit and g.unit not in ("%",) and not _MILESTONE.match(text, g.end) for g in find_figures(text[f.end:stop])):
            return True
    if not f.unit:
        return False
    after = text[f.end:f.end + 6]
    unit = lexicon.unit_map().get(f.unit) or lexicon.unit_map().get(f.unit.lstrip("万亿千百"))
    if unit is not None and unit.hint == "count":
        return False
    if f.qualifier in ("以上", "以下") and re.match(r"[\u4e00-\u9fff]", after) and not _TARGET_WORDS.match(after) \
            and not re.match(r"^(?:企业|项目)?[，,。；]", after):
        return bool(re.match(r"^(?:的)?[\u4e00-\u9fff]{0,6}?(?:企业|项目|村|户|园区|工程|产业|集群|镇|乡|楼宇|平台|基地)", after))
    rest = text[f.end:_clause_end(text, f.end)]
    if re.match(r"[\u4e00-\u9fff]", after) and not _TARGET_WORDS.match(after) and not _PREDICATE.match(after):
        nxt = next(iter(find_figures(rest)), None)  # 建成3万亩高油酸花生示范区1个: 3万亩 sizes the 示范区
        if nxt is not None and _is_count(nxt) and re.fullmatch(r"[\u4e00-\u9fff]{2,12}", rest[:nxt.start]):
            return True
    if after.startswith("的") and re.match(r"^的(?:[\u4e00-\u9fff]|\d)", after) and not _TARGET_WORDS.match(after[1:]):
        before = text[max(0, f.start - 4):f.start]
        return bool(re.search(r"(超过|达到|在|突破|以上|不足|低于|高于)$", before) or f.qualifier)
    return False


# ------------------------------------------------------------------ the counted noun

_PREDICATE = re.compile(r"(?:广受|受到|得到|获得|全部|基本|顺利|如期|成功|列入|纳入|入选|荣获|被|实现|完成|达到|投入|"
                        r"竣工|通过|已经|已|第一时间|冲上|参加|参与|受益|受损|损坏|脱贫|退出|出列|摘帽|实施|开工|建成|落户|入驻)")


def _noun_after(text: str, f: Figure) -> str:
    """The noun a classifier figure counts: 完成49个老旧小区改造 → 老旧小区改造; 12个招商分团积极… →
    招商分团 (the noun phrase ends where its predicate begins)."""
    rest = _after_clause(text, f.end).lstrip("“‘\"'「『")
    if not rest or not re.match(r"[\u4e00-\u9fff]", rest) or rest.startswith(("以上", "以下", "左右", "以内", "多", "余")):
        return ""
    rest = _PREDICATE.split(rest, 1)[0]
    rest = re.split(r"[和与及](?=\d|[一二三四五六七八九十两])", rest, 1)[0]  # 4座口袋公园和3座停车场
    return subject.leading_noun_phrase(subject.strip(rest))[:20]


def _is_count(f: Figure) -> bool:
    u = lexicon.unit_map().get(f.unit) or lexicon.unit_map().get(f.unit.lstrip("万亿千百"))
    if f.rank:
        return False  # 第N位 is a place in an order, not a number of things
    return bool(u and u.hint == "count") or f.unit in ("万", "亿")


# ------------------------------------------------------------------ lists

def split_list(phrase: str, n_hint: int = 0) -> list[str]:
    """'城镇、农村居民人均可支配收入' → ['城镇居民人均可支配收入', '农村居民人均可支配收入'];
    a head is shared only with items that are not whole names already."""
    phrase = subject.strip(phrase)
    for whole in lexicon.splits():
        if len(whole) == 2 and re.match(re.escape(whole[0]) + "[、和]" + re.escape(whole[1]), phrase):
            phrase = whole + phrase[3:]  # 城、乡居民人均可支配收入: 城乡, written as a list
            break
    m = re.search(r"等(?=[^、等]{2,}$)", phrase)
    if m:  # 养老、医疗等社会保险参保率: the head follows 等
        head = phrase[m.end():]
        items = [i for i in re.split(r"[、和及与]", phrase[:m.start()]) if i]
        return [i + head for i in items] if items else [phrase]
    items = [subject.strip(i) for i in re.split(r"、|和|及|与", phrase) if i]
    items = [i for i in items if i]
    m = re.fullmatch(r"第?([一二三四五六七八九十])", items[0]) if items else None
    if m and len(items) >= 2 and all(re.fullmatch(r"第?[一二三四五六七八九十]", i) for i in items[1:-1]):
        lm = re.match(r"第?([一二三四五六七八九十])(.+)", items[-1])
        if lm:  # 第一、二、三产业增加值 → 第一产业增加值, 第二产业增加值, 第三产业增加值
            return ["第" + re.sub("第", "", i) + lm.group(2) for i in items[:-1]] + ["第" + lm.group(1) + lm.group(2)]
    if len(items) == 1:
        for whole, parts in lexicon.splits().items():
            if items[0].startswith(whole) and n_hint:
                rest = items[0][len(whole):]
                return [p + rest for p in parts]
    if len(items) < 2:
        return [phrase] if phrase else []
    bare = ("增加值", "总产值", "产值", "营业收入", "营收", "利润总额", "利润", "税收", "增速", "增幅", "总额", "出口额", "进口额")
    own = next((h for h in bare if items[0].endswith(h) and len(items[0]) > len(h) + 1), None)
    if own and all(i in bare for i in items[1:]):
        # 规模以上工业总产值、增加值: the later bare heads are of the same thing (规模以上工业增加值)
        return [items[0]] + [items[0][:-len(own)] + i for i in items[1:]]
    lead = _shared_lead(items)
    if lead:  # 项目储备、签约、落地、开工: the noun the first item opens with goes with every step
        return [items[0]] + [lead + i for i in items[1:]]
    last = items[-1]
    head = ""
    for h in lexicon.list_heads():
        if last.endswith(h) and len(last) > len(h):
            head = h
            break
    if not head:
        return items
    first = items[0]
    if all(len(i) == len(first) for i in items[:-1]) and len(last) > len(first) + len(head):
        # 城镇、农村居民可支配收入: the parallel modifier (农村) is as long as the first item, and the
        # rest (居民可支配收入) is the shared head, when the first item joins its first word too
        cut = len(first)
        nxt = tokenizer.pos(last[cut:])[:1]
        joins = tokenizer.frequency(first + last[cut:cut + 2]) > 0 or (nxt and nxt[0][1] in ("v", "vn"))
        if tokenizer.frequency(last[:cut]) > 0 and joins and last[cut:].endswith(head):
            # 城镇居民 is a word as 农村居民 is; 种植面积 is the head of 小麦、玉米种植面积 (农村牧区 is one modifier)
            head = last[cut:]
    out = []
    for i in items[:-1]:
        # 规上工业产值、…、社会消费品零售总额: an item ending in a head noun of its own is whole
        whole = i.endswith(head) or (subject.ends_in_head(i) and len(i) >= 4 and lexicon.canonicalize(i) != i) \
            or any(i.endswith(a) for a in _WHOLE_NAMES()) or (len(i) >= 4 and any(i.endswith(h) for h in lexicon.heads()))
        out.append(i if whole else i + head)
    return out + [last]


def _shared_lead(items: list[str]) -> str:
    """The noun of 项目储备、签约、落地 (项目), when the first item is that noun and a verb and every
    other item is a verb alone."""
    if len(items) < 3 or any(len(i) != 2 for i in items[1:]) or len(items[0]) < 4:
        return ""
    toks = tokenizer.pos(items[0])
    if len(toks) < 2 or len(toks[-1][0]) != 2 or toks[-1][1] not in ("v", "vn"):
        return ""
    verbs = sum(all(f in ("v", "vn") for _, f in tokenizer.pos(i)) for i in items[1:])
    if verbs < 2 or verbs < len(items) - 2:  # (jieba reads a step or so as a noun: 落地)
        return ""
    lead = items[0][:-2]
    return lead if all(f.startswith("n") for _, f in toks[:-1]) else ""


def _WHOLE_NAMES() -> tuple[str, ...]:
    return _whole_names_cache or _load_whole()


_whole_names_cache: tuple[str, ...] = ()


def _load_whole() -> tuple[str, ...]:
    global _whole_names_cache
    _whole_names_cache = tuple(a for a, _ in lexicon.metric_aliases() if len(a) >= 3)
    return _whole_names_cache


# ------------------------------------------------------------------ one sentence

def extract(sentence: Sentence, frame: Frame, doc: DocContext, prev: list[str] | None = None,
            held: str | None = None) -> list[Indicator]:
    """Every figure of one sentence that names what it measures, as an Indicator record (a figure
    whose subject cannot be named stays in its sentence, for text search and question-time reading).
    `held`: the place its paragraph speaks of so far (paragraph_place), when not the report's own."""
    return [i for i in _extract(sentence, frame, doc, prev, held) if i.metric]


def paragraph_place(sentence: Sentence, doc: DocContext, held: str | None) -> str | None:
    """The place the paragraph speaks of once this sentence is read (DocPlaces.topic_place)."""
    if doc.places is None or sentence.table is not None:
        return None
    return doc.places.topic_place(_scope_before_name(_entry_as_prose(sentence.norm)), held)


def lead_in_place(sentence: Sentence, doc: DocContext) -> str | None:
    """The place a lead-in's last clause names as its subject (…报告显示，过去五年某省综合实力大幅
    提升：), other than the report's own: the list items under it are that place's figures."""
    if doc.places is None:
        return None
    text = _scope_before_name(sentence.norm.rstrip().rstrip("：:"))
    cut = max(text.rfind("，"), text.rfind(","), text.rfind("。"), text.rfind("；"))
    spans = [sp for sp in doc.places.spans(text) if sp.start > cut and not rank_area(text, sp)]
    if spans:
        label = spans[0].label
    else:  # 过去五年河南综合实力…: the parent city or province by its short name, whatever follows it
        clause = text[cut + 1:]
        label = next((full for short, full in doc.places.chain_shorts().items() if short in clause[:12]), None)
    return label if label and label != doc.region and not label.startswith("全") else None


def _extract(sentence: Sentence, frame: Frame, doc: DocContext, prev: list[str] | None = None,
             held: str | None = None) -> list[Indicator]:
    if sentence.table is not None:
        return _table_row(sentence, frame, doc)
    if sentence.section == 0 and (sentence.index == 0 or sentence.heading):
        frame = NO_FRAME  # a figure in the document's title is not dated by what follows
    text = _scope_before_name(_entry_as_prose(sentence.norm))
    figs = [f for f in find_figures(text) if not is_threshold(text, f) and not _in_slogan(text, f)
            and not _BACK_COUNT.match(text, f.start) and not _starting_point(text, f)]
    if not figs:
        return []
    spans = doc.places.spans(text, held) if doc.places else []
    names_to_drop = [text[s.start:s.end] for s in spans]
    if held:  # 【区情速览·某区】…。2020年某城镇化率…: the paragraph's place by its short name is no part of a name
        from .docmeta import short_name

        names_to_drop += [n for n in (held, short_name(held)) if len(n) >= 2 and n in text]
    prev = prev or []
    topic = _topic(text, figs[0].start, names_to_drop)
    dm = _DOMAIN_OPENER.match(text)
    domain = dm.group(1) if dm and dm.end() <= figs[0].start else ""
    out: list[Indicator] = []
    subjects: list[str] = []
    runs: list[list[int]] = []  # the subjects of each list run so far (indexes into `subjects`)
    i, prev_end = 0, 0
    while i < len(figs):
        f = figs[i]
        start = max(_clause_start(text, f.start, 0), prev_end)
        pre = _drop_places(text[start:f.start], names_to_drop, doc.region)
        run = [i]
        while run[-1] + 1 < len(figs) and _JOIN.match(text[figs[run[-1]].end:figs[run[-1] + 1].start] or "x"):
            run.append(run[-1] + 1)
        lm = _LIST_MARK.search(pre)
        if not lm and len(run) >= 2 and runs and len(runs[-1]) == len(run) and len(set(subjects[k] for k in runs[-1])) == len(run) \
                and (not subject.strip(pre) or subject.is_weak(subject.strip(pre))):
            # 城乡收入分别达到a和b，同比增长c和d: a second run of as many figures, with no subject of its
            # own, goes with the items of the list before (分别 is said once)
            lm = re.match("", pre)
        if lm and len(run) >= 2:
            listed = _listed_places(text, start, f.start, spans, len(run))
            if listed:  # 鹭屿街道、泊湾镇…一般公共预算收入分别完成a、b: one place per figure
                head_text = _drop_places(text[listed[-1].end:f.start], [], doc.region)
                lm2 = _LIST_MARK.search(head_text)
                own = subject.strip(head_text[:lm2.start()] if lm2 else head_text)
                names = [own or (subjects[-1] if subjects else topic)] * len(run)
            else:
                names = _list_names(pre[:lm.start()], len(run), subjects, runs, prev, topic, text[:start])
            verbs = pre[lm.start():]
            years = _listed_years(text[:f.start], len(run))
            items = _carry_unit([figs[fi] for fi in run])
            refs = _listed_references(text[start:f.start], len(run))
            if refs and (subjects or topic) and not listed and not subject.ends_in_head(subject.strip(pre[:lm.start()])):
                names = [subjects[-1] if subjects else topic] * len(run)  # the gaps of the thing just named
            for k, fi in enumerate(run):
                place = listed[k].label if listed else None
                rec = _record(sentence, items[k], fi, names[k], verbs, frame, doc, text, spans, place,
                              year=years[k] if years else None)
                if refs:  # 比全国、全省和焦作市平均增速分别高出a、b和c个百分点: each gap is against its own reference
                    rec = replace(rec, context=f"{names[k]}比{refs[k][0]}{refs[k][1]}{items[k].value}")
                out.append(rec)
                subjects.append(names[k])
            runs.append(list(range(len(subjects) - len(run), len(subjects))))
            prev_end = figs[run[-1]].end
            i = run[-1] + 1
            continue
        each = list(_EACH.finditer(pre))
        if each:
            pos = each[-1].start()
            back = _BACK_REFERENCE.fullmatch(subject.strip(pre[:pos]) or "-")
            names = split_list(pre[:pos], 2) if subject.strip(pre[:pos]) and not back else []
            if back and subjects:
                # …增长11.7%；…增长15.9%，这两项指标的增速均位列全市第三: the last things named, each
                n = "两二三四五六".find(back.group(1)) + 2 if not back.group(1).isdigit() else int(back.group(1))
                names = list(dict.fromkeys(reversed(subjects)))[:n][::-1]
            if not names and runs:
                names = [subjects[k] for k in runs[-1]]
            if not names:
                names = [_weak_name(subject.strip(pre[:pos]), subjects, topic, prev)]
            for name in names:
                out.append(_record(sentence, f, i, name, pre[pos:], frame, doc, text, spans))
                subjects.append(name)
            runs.append(list(range(len(subjects) - len(names), len(subjects))))
            prev_end = f.end
            i += 1
            continue
        if _FROM.search(pre) and _TO.match(text[f.end:f.end + 4]) and not re.search(r"(?:19|20)\d\d年的?$", pre):
            # 贫困发生率由5.3%下降到1.9%: the starting point of an undated change is not a figure
            # of its own; the subject carries on to the figure it changes to
            subjects.append(_single_name(text, f, pre[:_FROM.search(pre).start()], subjects, topic, prev)[0])
            prev_end = f.end
            i += 1
            continue
        near = _topic_between(text, prev_end, start, names_to_drop) if subjects else ""
        if near:
            # 规上工业企业，新增超300家；“小巨人”企业，新增20家: the clause right before names it
            name, span = _single_name(text, f, pre, [near], "", prev)
        else:
            name, span = _single_name(text, f, pre, subjects, topic, prev)
        if i and subjects and _counted_then_amount(text, figs[i - 1], f, pre):
            name = subjects[-1] + name  # 11个省重点项目完成投资40.7亿元: the amount of what was counted
        elif i and subjects and _PROJECT_AMOUNT.fullmatch(name) and not re.search(r"[；;。]", text[figs[i - 1].end:f.start]):
            owner = re.sub(_PROJECT_AMOUNT.pattern + "$", "", subjects[-1])
            if owner.endswith("项目") and owner != subjects[-1] or subjects[-1].endswith("项目"):
                name = (owner if owner.endswith("项目") else subjects[-1]) + name  # 续建项目32个，总投资X，年度计划投资Y
        if domain and domain not in name and _GENERIC_DONE.fullmatch(name):
            name = domain + name  # 乡村旅游势头更旺，全年接待游客N万人次: the tourists of 乡村旅游
        carried = name
        bare = pre.strip("，,、 ")
        if subjects and not _RELATION.fullmatch(name) and _RELATION.fullmatch(bare):
            name = bare.rstrip("的")  # 投资额X亿元，完成年度任务的Y%: the share of the plan done
        if subjects and _RELATION.fullmatch(name):
            # 投资完成X亿元，超额完成年度任务Y亿元，增长Z%: the amount over the plan is the same
            # thing's, and what follows goes on with the thing, not with the plan
            name, carried = subjects[-1] + name, subjects[-1]
        out.append(_record(sentence, f, i, name, pre, frame, doc, text, spans))
        subjects.append(carried)
        runs.append([len(subjects) - 1])
        nxt = figs[i + 1].start if i + 1 < len(figs) else len(text)
        prev_end = f.end + span if f.end + span <= nxt else f.end
        i += 1
    if held and not any(p.label == doc.region and not rank_area(text, p) for p in spans):
        # 某年某区紧扣…。全区…。其中，第一产业增加值…: the paragraph's place, not the report's
        out = [replace(r, region=held) if r.region == doc.region else r for r in out]
    return out


def _carry_unit(items: list[Figure]) -> list[Figure]:
    """依次高出0.8、1.5、2.1个百分点; 分别增长1.8个、1.7个和1.5个百分点: the unit written once, at the
    list's end, is every item's."""
    last = items[-1]
    if last.unit not in ("个百分点", "百分点", "%", "‰"):
        return items
    out = []
    for f in items[:-1]:
        if f.unit in ("", "个", last.unit) and f.number is not None and not f.rank and last.unit not in f.value:
            number_text = re.sub(r"个$", "", f.value)
            f = replace(f, value=number_text + last.unit, unit=last.unit)
        out.append(f)
    return out + [last]


# 比全国、全省和焦作市平均增速分别高出…, 分别高于全国、全省、焦作市平均增速…: the references of a list of gaps
_REFERENCES = re.compile(r"(比|较|高于|低于|快于|慢于|高出|超过)((?:[\u4e00-\u9fff]{2,6}?[、和与及])+[\u4e00-\u9fff]{2,6}?)"
                         r"(?=的?(?:平均|水平|增速|增幅|分别|[\d.]))")


def _listed_references(pre: str, n: int) -> list[tuple[str, str]]:
    """[(reference, the comparison word)] for a list of n gaps, or [] when the clause lists none."""
    m = _REFERENCES.search(pre)
    if not m:
        return []
    refs = [r for r in re.split(r"[、和与及]", m.group(2)) if r]
    if len(refs) != n:
        return []
    low = re.search(r"(低于|低出|慢于|(?<![提])低|慢)", pre[m.start():]) is not None
    word = "低" if low else "高"
    return [(r, word) for r in refs]


# the amounts of projects counted just before (续建项目32个，总投资X亿元，年度计划投资Y亿元)
_PROJECT_AMOUNT = re.compile(r"(?:总投资|(?:年度)?计划投资|完成投资|年度投资|当年投资|累计投资|计划完成投资)")
# 这两项指标的增速, 以上三项: the things just named, counted
_BACK_REFERENCE = re.compile(r"(?:这|上述|以上|前述|前)?([两二三四五六]|\d)[项个](?:主要)?(?:指标|数据)?(?:的)?(?:增速|增幅|总量|排名|排位)?")
_ENTERED = re.compile(r"(?:入选|跻身|位列|荣登|进入|列入|名列|入围)([^，,。；;、]{2,16})")
_ENTERED_BEFORE = re.compile(r"(?:入选|跻身|荣登|入围|进入)([^，,。；;、]{2,20})[，,](?:并)?(?:位列|位居|排名|排在|名列|居)$")
_ENTRY = re.compile(r"^((?:[\d.:]+[^\s,，。；;—\d]{0,4}[、,，和]?)+?)——([^,，。；;—]{2,40})(.*)$")


_RELATION = re.compile(r"(?:超额?|超过|多)?完成(?:了)?(?:年度|全年|年初|序时|全年计划|年度计划)?(?:任务|目标|计划|进度)的?"
                       r"|超(?:过|出)?(?:年度|全年|年初|序时)?(?:任务|目标|计划|进度)")
# a sentence opening on how a field is doing (乡村旅游势头更旺，…; 外贸发展强劲，…): the field whose
# figures follow, when they are named only by what was done (接待游客, 实现收入)
_DOMAIN_OPENER = re.compile(r"^([\u4e00-\u9fff]{2,6}?)(?:的)?(?:势头|发展|态势|市场|人气)?(?:更旺|更足|更好|强劲|良好|迅猛|向好|火爆|"
                            r"升温|持续升温|红火|兴旺|提速|加快|回暖|复苏|亮点纷呈|蓬勃发展|持续发力)[，,]")
_GENERIC_DONE = re.compile(r"(?:接待|实现|完成|吸引|带动|达到)?(?:游客|收入|营业收入|营收|投资|产值|销售额|营业额|人次)"
                           r"(?:(?:实现)?(?:收入|营收))?")


def _starting_point(text: str, f: Figure) -> bool:
    """从X亿元的生产总值起步，…: where a story starts, undated, is no figure of the year."""
    return text[max(0, f.start - 1):f.start] in ("从", "由") and bool(
        re.match(r"[^，,。；;]{0,12}(?:起步|出发|起家|起跑)", text[f.end:])
        # 从X亿元的经济总量，到Y%以上的增长目标: the plan's starting point beside its target, undated
        or re.match(r"的[^，,。；;]{0,8}[，,]到[^。；;]{0,16}目标", text[f.end:]))


# 两项分别增长a%、b%: the items named before, counted to say 分别 of them, is no figure
_BACK_COUNT = re.compile(r"[两二三四五六七八九十]+[项者类](?:指标|收入|数据)?(?:分别|均|都|依次|同比|比上年|较上年)")

_SCOPE_NOTE = re.compile(r"[（(]([\u4e00-\u9fff]{2,4})[）)](?=-?\d)")


def _scope_before_name(text: str) -> str:
    """地区生产总值（区属）122.7亿元 → 区属地区生产总值122.7亿元: a bracketed scope right before the
    figure qualifies the indicator named before it, and is no subject of its own."""
    if "（" not in text and "(" not in text:
        return text
    for m in reversed(list(_SCOPE_NOTE.finditer(text))):
        before = text[:m.start()]
        name = next((a for a, _ in lexicon.metric_aliases() if len(a) >= 2 and before.endswith(a)), None)
        if name:
            text = before[:-len(name)] + m.group(1) + name + text[m.end():]
    return text


def _entry_as_prose(text: str) -> str:
    """259亿元——地区生产总值，年均增长6% (a 数读 box's entry: the figure, then what it is) read as
    地区生产总值259亿元，年均增长6%; two figures before the dash are a 分别 list."""
    m = _ENTRY.match(text)
    if not m or not re.match(r"\d", m.group(1)):
        return text
    figures = m.group(1).rstrip("、,，和")
    several = len(re.findall(r"[、,，和]", figures)) >= 1
    return m.group(2) + ("分别为" if several else "") + figures + m.group(3)


def _counted_then_amount(text: str, before: Figure, f: Figure, pre: str) -> bool:
    """137个市重点项目完成投资236.8亿元: a count and its noun open the clause, and the figure after
    it is an amount (完成投资) that names no thing of its own."""
    between = text[before.end:f.start]
    if re.search(f"[{_BREAK}]", between) or not _is_count(before) or _is_count(f):
        return False
    s = subject.of_clause(pre)
    own = s.text
    return bool(s.action or not own) and (not own or subject.is_weak(own) or own in ("投资", "资金", "产值", "收入"))


def _listed_places(text: str, start: int, end: int, spans, n: int):
    """A list of n places opening the clause (鹭屿街道、泊湾镇、砚坝镇和芷溪街道…): their spans."""
    inside = [sp for sp in spans if start <= sp.start and sp.end <= end]
    if len(inside) != n:
        return None
    for a, b in zip(inside, inside[1:]):
        if not re.fullmatch(r"[、和与及,，]", text[a.end:b.start]):
            return None
    if text[start:inside[0].start].strip("，,;；") and not re.fullmatch(r"(?:其中|全年|(?:19|20)\d\d年)[,，]?", text[start:inside[0].start]):
        return None
    return inside


def _drop_places(pre: str, names: list[str], region: str | None) -> str:
    for n in sorted(set(names), key=len, reverse=True):
        pre = pre.replace(n, "")
    if region:
        for own in (region, region[:-1] if len(region) >= 3 else region):
            if len(own) >= 2 and pre.startswith(own):
                pre = pre[len(own):]
    return pre


def _topic(text: str, first_fig: int, names: list[str]) -> str:
    """What a sentence's figure-less opening clauses are about (全县经济总量迈上新台阶，达到…)."""
    end = _clause_start(text, first_fig, 0)
    if end <= 0:
        return ""
    for clause in reversed(re.split(f"[{_BREAK}]", _drop_places(text[:end], names, None))):
        t = subject.topic(clause)
        if t:
            return t
    return ""


def _topic_between(text: str, start: int, end: int, names: list[str]) -> str:
    """The subject a figure-less clause between two figures names (…；国家级企业，新增20家)."""
    seg = text[start:end]
    # the first piece ends the clause of the figure before (迈上3000亿元台阶，增速…): not a clause of its own
    clauses = [c for c in re.split(f"[{_BREAK}]", _drop_places(seg, names, None))[1:] if c]
    if len(clauses) < 1:
        return ""
    t = subject.topic(clauses[-1])
    return t if t and subject.ends_in_head(t) else ""


def _weak_name(own: str, subjects: list[str], topic: str, prev: list[str]) -> str:
    base = subjects[-1] if subjects else (topic or (prev[-1] if prev else ""))
    if base and subject.is_weak(own):
        return subject.inherit(base, own)
    return own or base


# the area a rank is held in, after a ranking verb: 居岚州市, 位列全省, 排在某州同类县市中
_RANK_AREA = re.compile(r"(?:位居|居于?|位列|名列|排名?在?|列)(?:全?[\u4e00-\u9fff]{0,8}?(?:国|省|自治区|市|州|盟|地区|县|区))"
                        r"(?:同类[\u4e00-\u9fff]{0,4})?(?:范围内|内|中)?$")


def _single_name(text: str, f: Figure, pre: str, subjects: list[str], topic: str,
                 prev: list[str]) -> tuple[str, int]:
    """The subject of a lone figure, and how far after it the figure's phrase reaches (the
    counted noun)."""
    s = subject.of_clause(pre)
    name = s.text
    if f.rank:
        name = _RANK_AREA.sub("", name)  # 增速居某市第2位: the area ranked in is not what is ranked
    lead = numbers.find_thresholds(name, open_end=True)
    if lead and lead[0].start == 0 and subjects and numbers.find_thresholds(subjects[-1], open_end=True):
        # 超过10万元的村38个，其中超过50万元的（村）9个: the same thing counted, another threshold
        return numbers.replace_threshold(subjects[-1], name), 0
    if not name and not s.action:
        after_name = _named_after(text, f)
        if after_name:
            return after_name, 0  # 6%左右，这是我们为今年地区生产总值设定的预期增速（its measure: below）
    sibling = pre.strip("，,、 ")
    if _is_count(f) and subjects and re.fullmatch(r"[\u4e00-\u9fff]{2}", sibling) \
            and [t for _, t in tokenizer.pos(sibling)] == ["v"]:
        prior, k = subjects[-1], subjects[-1].find(sibling[-1])
        if k >= 1 and prior[k - 1:k + 1] != sibling and not re.search(r"[\d]", prior):
            return prior[:k - 1] + sibling + prior[k + 1:], 0  # 应到代表215名，实到199名: 实到代表
    if _is_count(f) and (not s.action or (not name and subject.post_action(s.action)[1])):
        base, verb = subject.post_action(name or s.action)
        if verb and not base and (subjects or topic):
            # 过亿元项目签约101个、落地74个: the things counted before, in another state
            prior = subjects[-1] if subjects else topic
            name = subject.post_action(prior)[0] + verb if subject.post_action(prior)[1] else prior + verb
            return name, 0
    after = _noun_after(text, f) if _is_count(f) else ""
    listed = "、" in pre and _is_count(f)   # names listed before a classifier: it counts the noun after
    if after and (pre.rstrip().endswith("等") or listed or not name or subject.is_weak(name)
                  or (len(name) <= 4 and not subject.ends_in_head(name))):
        if name and not listed and not pre.rstrip().endswith("等") and not subject.is_weak(name):
            after = name + after  # 完成污水治理193个村 → 污水治理村
        return after, _span_of(text, f.end, after)
    if subjects and re.fullmatch(r"(?:增速|增幅|总量|规模)(?:[和与及、](?:增速|增幅|总量|规模))+", name or ""):
        return subjects[-1], 0  # …增长6.9%；增速和总量均排在全州第5位: both of the thing before
    if name and subject.is_weak(name) and s.action in _AMOUNT_ACTIONS:
        name = s.action + name  # 完成投资 is not 总投资
    if not name or subject.is_weak(name):
        if subjects or topic or prev:
            if not name and not subjects and not topic and _is_count(f):
                pass
            elif f.rank and name in ("增幅", "增速") and (subjects or topic):
                name = (subjects[-1] if subjects else topic) + name  # 增幅位居全市第4: the rank of the growth
            else:
                name = _share_name(_weak_name(name, subjects, topic, prev), name)
                name = _reheaded(name, f)
        if not name:
            name = _named_after(text, f) or subject.strip(_after_clause(text, f.end))
    elif name.startswith("占") and (subjects or topic):
        name = (subjects[-1] if subjects else topic) + name  # 民生支出…，占财政支出的81.4%
    if name and not subject.ends_in_head(name) and _is_count(f) and not subject.post_action(name)[1]:
        head = subject.unit_heads().get(f.unit.lstrip("万亿"))
        if head and not name.endswith(head):
            ends_in_threshold = any(t.end == len(name) for t in numbers.find_thresholds(name, open_end=True))
            name += ("的" if ends_in_threshold else "") + head  # 安置9860人 → 安置人数
    return name, 0


def _reheaded(name: str, f: Figure) -> str:
    """易地扶贫搬迁完成1646户6680人: the 人 goes on with the thing, not with the 户数 the figure
    before was headed by."""
    heads = subject.unit_heads()
    own = heads.get(f.unit.lstrip("万亿")) if _is_count(f) else None
    if not own or name.endswith(own):
        return name
    for head in set(heads.values()):
        if head != own and name.endswith(head) and len(name) > len(head) + 1:
            return name[:-len(head)] + own
    return name


# actions that tell one amount from another of the same thing (完成投资 vs 总投资, 争取资金)
_AMOUNT_ACTIONS = ("完成", "实现", "投入", "争取", "安排", "发放", "拉动", "直接拉动", "带来", "兑现", "拨付", "筹措", "整合")


def _span_of(text: str, end: int, noun: str) -> int:
    """How far after a figure its counted noun reaches (quotes around it included)."""
    rest = _after_clause(text, end)
    i = rest.find(noun[-2:]) if noun else -1
    if i < 0:
        return len(rest)
    j = i + len(noun[-2:])
    while j < len(rest) and rest[j] in "”’\"'」』":
        j += 1
    return j


def _named_after(text: str, f: Figure) -> str:
    """6%左右，这是我们为今年地区生产总值设定的预期增速: the indicator the next clause names."""
    j = f.end
    while j < len(text) and text[j] in "，, ":
        j += 1
    nxt = text[j:_clause_end(text, j)]
    if not re.match(r"^(?:这是|这个|即|也就是|是)", nxt):
        return ""
    names = sorted(lexicon.concepts(lexicon.canonicalize(nxt)), key=len, reverse=True)
    return names[0] if names else ""


def _share_name(inherited: str, own: str) -> str:
    return inherited


# an earlier clause that counts out a list (在投资、工业、财政三项指标上，…依次高出a、b和c): its items
_COUNTED_LIST = re.compile(r"([^，,。；;：:]{3,40}?)(?:等)?([两二三四五六七八九十])(?:项|个|大|类|方面)(?:主要)?(?:指标|领域|行业)?(?:上|中|方面)?[，,]")


def _counted_list(earlier: str, n: int) -> list[str]:
    for m in reversed(list(_COUNTED_LIST.finditer(earlier))):
        if "两二三四五六七八九十".index(m.group(2)) + 1 != n and not (m.group(2) == "两" and n == 2):
            continue
        items = split_list(re.sub(r"^(?:在|对|从|就)", "", m.group(1)), n)
        if len(items) == n:
            return items
    return []


def _list_names(head: str, n: int, subjects: list[str], runs: list[list[int]], prev: list[str], topic: str,
                earlier: str = "") -> list[str]:
    own = subject.strip(head)
    back = re.match(r"^(?:[两二三四五六七八九十]+[项个者类]|二者|两者|三者|以上|上述)", own)
    if back and len(subjects) >= n:
        return subjects[-n:]  # 两项收入分别增长2.9%和6.3%: the two named before
    if own and not subject.is_weak(own):
        names = split_list(head, n)
        if len(names) == n:
            return names
        if len(names) == 1:
            return names * n
    # 增幅依次为a、b / 分别增长a、b: the items of the list before, or of the sentence before
    if runs and len(runs[-1]) == n:
        return [subject.inherit(subjects[k], own) for k in runs[-1]]
    if len(subjects) >= n and len(set(subjects[-n:])) == n:
        return [subject.inherit(x, own) for x in subjects[-n:]]  # pm2.5…，pm10…，分别下降a、b
    counted = _counted_list(earlier, n) if not own or subject.is_weak(own) else []
    if counted:
        return counted
    if len(prev) >= n and not subjects:
        return [subject.inherit(p, own) for p in prev[-n:]]
    base = subjects[-1] if subjects else topic
    return [subject.inherit(base, own) if base else own] * n


# ------------------------------------------------------------------ the record

_GROWTH = re.compile(lexicon.cue_alternation("growth") + r"(?!到|至|为)")
_SHARE = re.compile(lexicon.cue_alternation("share"))
_DECLINE = re.compile(lexicon.cue_alternation("decline") + r"[^增长提高]{0,3}$")


def _measure(f: Figure, verbs: str, metric: str, text: str) -> str:
    if f.rank or (f.unit in ("位", "名") and re.search(r"(上升|提升|前进|下降|后退|跃升|提高)了?$", verbs)):
        return "rank"  # 第7位; 排位上升2位 (a change of rank, named so below)
    if f.unit in ("个百分点", "百分点"):
        return "growth"
    if (_SHARE.search(verbs) or re.search(r"(比重|占比|比例)$", metric) or metric.startswith("占")
            or "占" in metric) and f.unit in ("%", "成"):
        return "share"
    after = text[f.end:f.end + 2]
    counts_noun = _is_count(f) and bool(re.match(r"[\u4e00-\u9fff]", after or " ")) \
        and not re.match(r"(以上|以下|左右|以内)", after)
    if (_GROWTH.search(verbs) or re.search(r"(增速|增幅|涨幅|增长率|降幅|降低率|下降率)$", metric)) and not counts_noun:
        return "growth"
    if f.unit == "%" and re.search(r"(?:增长|提高|下降|降低)[\d.]+%(?:以上|左右)?[，,]?(?:力争|争取|冲刺)(?:达到|实现)?$", text[:f.start]):
        return "growth"  # 增长10%，力争11.5%: the higher aim of the same growth
    if f.unit == "%" and re.match(r"(?:以上|左右|以内)?的(?:预期|年均)?(?:增长|增速|增幅)", text[f.end:]):
        return "growth"  # 到7.5%以上的增长目标: the rate of a growth named after it
    if f.unit == "%" and re.search(r"(增加值|总产值|产值|生产总值|投资|收入|总额|出口总值|进出口|营业收入|销售额|营收)$", metric) \
            and re.search(r"(目标|预计完成|完成|实现)$", verbs.strip() or text[max(0, f.start - 4):f.start]):
        return "growth"  # 规模以上工业增加值目标7.0%，预计完成3.3%: a flow's per cent is its growth
    if f.unit == "%" and re.search(r"(价格(?:总)?指数|价格|cpi|ppi)$", metric, re.I):
        return "growth"  # 居民消费价格指数控制在3.5%以内: a price index in per cent is its rise (102.1 would be its level)
    if _is_count(f):
        return "count"
    return "level"


_YEAR_LIST = re.compile(r"((?:19|20)\d\d)年(?:(?:[、和与及至]|以及)((?:19|20)\d\d)年)+")


def _listed_years(upto: str, n: int) -> list[int] | None:
    """2016年、2017年，…分别为1.57%和1.85%: one year per figure of the list, in order."""
    found = None
    for m in _YEAR_LIST.finditer(upto):
        found = m
    if found is None:
        return None
    years = [int(y) for y in re.findall(r"((?:19|20)\d\d)年", found.group(0))]
    if len(years) != n or "至" in found.group(0) or len(set(years)) != n:
        return None
    return years


def _ranked_in(text: str, p, f: Figure) -> bool:
    """A place that is the area a rank is held in (居全国第6位, 全市第一, 在全省排名第三), not whose
    rank it is: in the rank's own clause, with nothing but ranking words between it and the rank."""
    between = text[p.end:f.start]
    return not re.search(r"[，,；;。]", between) and (
        p.label.startswith("全") or text[p.start:p.end].startswith("全") or text[max(0, p.start - 1):p.start] in ("居", "在", "列", "于")
        or re.fullmatch(r"(?:中|内|里|范围内|的)?(?:排名|排|位居|居|位列|名列|列)?(?:第)?", between) is not None
        or re.search(r"(位居|居于|排名|排在|名列|居|在)$", text[:p.start]) is not None)


def _record(sentence: Sentence, f: Figure, order: int, metric: str, verbs: str, frame: Frame,
            doc: DocContext, text: str, spans, place: str | None = None, year: int | None = None) -> Indicator:
    cs = f.start
    while cs > 0 and text[cs - 1] not in _END:
        cs -= 1
    clause = text[cs:_clause_end(text, f.end)]
    t = figure_time(text, f.start, frame, doc.report_year, doc.now)
    if year is not None and year != t.year:
        from .timeframe import FigureTime

        kind = ("actual" if year < doc.report_year else "target") if doc.report_year else t.kind
        t = FigureTime(year=year, kind=kind, base_year=None, preliminary=t.preliminary, period="")
    if not verbs.strip() and _named_after(text, f) == metric:
        verbs = text[f.end:_clause_end(text, _clause_end(text, f.end) + 1)]  # …设定的预期增速: a growth
    measure = _measure(f, verbs, metric, text)
    region = place or doc.region
    if place is None and doc.places is not None:
        if not f.rank:
            region = doc.places.place_before(text, f.start, spans) or doc.region
        else:  # 甘肃全省…增长6.4%，增速居全国第6位: whose rank, past the area it is ranked in
            own = [p for p in spans if not _ranked_in(text, p, f) and not re.search(r"[；;。]|[我本该][县区市旗州盟]", text[p.end:f.start])]
            region = doc.places.place_before(text, f.start, own) or doc.region
    if f.rank and text[max(0, f.start - 1):f.start] == "以":
        entered = _ENTERED.match(text, f.end)
        if entered:
            metric = entered.group(1)  # 以第59位入选全国投资潜力百强区: the rank in the list it entered
    elif f.rank:
        entered = _ENTERED_BEFORE.search(text[:f.start])
        if entered:  # 跻身某年某百强榜，位列第N位: the same
            metric = re.sub(r"^(?:19|20)\d\d(?:年度?)?", "", entered.group(1))
    metric = subject.strip(metric) if metric else metric
    metric = subject.headed(metric, f.unit, lexicon.unit_family(f.unit), _is_count(f), f.rank)
    if measure == "rank" and not f.rank:
        metric = (metric or "") + "位次变化"  # 上升2位: how far the rank moved, not the rank
    if metric == "经济" and measure == "growth":
        metric = "经济增长"  # 经济增长4.5%-5%: the economy's growth is that of its output (GDP)
    if t.period == "multi" and re.search(r"年均|年递增|年平均", verbs + clause[:clause.find(f.value) if f.value in clause else 0]) \
            and not metric.endswith("年均"):
        metric += "年均"  # a five-year average is not the last year's growth
    value, number = f.value, f.number
    counted = _PREDICATE.split(_after_clause(text, f.end), 1)[0]
    if measure == "count" and metric and counted and counted.startswith(metric) and len(counted) <= 6 \
            and not metric[:1].isdigit():
        value = f.value + counted  # 40个国家和地区: the count with what it counts, as the text says it
    if measure == "growth" and _DECLINE.search(verbs) and number is not None and not value.startswith("下降"):
        value, number = "下降" + value, -abs(number)
    return Indicator(
        sentence=sentence.index, section=sentence.section, order=order,
        metric=metric, canonical=lexicon.canonicalize(metric),
        value=value, number=number, unit=f.unit, qualifier=f.qualifier,
        measure=measure, year=t.year, kind=t.kind, region=region, base_year=t.base_year,
        context=clause, preliminary=t.preliminary, period=t.period,
    )


# ------------------------------------------------------------------ tables

_HEADER_NOTE = re.compile(r"[（(][^（）()]{0,12}[）)]$")


def _table_row(sentence: Sentence, frame: Frame, doc: DocContext) -> list[Indicator]:
    entity = _entity_row(sentence, [c.strip() for c in sentence.norm.split("|")], frame, doc)
    if entity is not None:
        return entity  # | 某市 | 某年 | 目标 | …增长6.5%以上 |: the row names whose figures they are
    out = _table_cells(sentence, frame, doc)
    if any(_header_place(h, doc) for h in sentence.table or ()):
        return out  # | 指标 | 某市 | 某县 |: each column is its place's (set in _table_cells)
    # 沙坪坝区把…目标…如下： (the caption names another place): the table's figures are that place's
    place = _caption_place(sentence.caption, doc)
    # (| 郑州市 | 增长7% |… under 全省部分省辖市…目标: a row that names its place keeps it)
    return [replace(i, region=place) if i.region == doc.region else i for i in out] if place else out


def _header_place(header: str, doc: DocContext) -> str | None:
    """| 周口市 | as a column header: the place the column's figures are of."""
    if doc.places is None or not header:
        return None
    from .normalize import fold

    h = re.sub(r"[（(](?:19|20)\d\d年?(?:度)?[)）]$", "", fold(header))  # 来宾市（2023年）: the column's year is noted apart
    spans = [p for p in doc.places.spans(h) if p.label and not p.label.startswith("全")]
    if len(spans) == 1 and spans[0].start == 0 and len(h) - spans[0].end <= 4:
        return spans[0].label  # 周口市, 项城市（县级市）, 本县 — a place with at most a short note
    return None


def _caption_place(caption: str, doc: DocContext) -> str | None:
    if not caption or doc.places is None:
        return None
    spans = [p for p in doc.places.spans(caption) if p.label and p.label != doc.region and not p.label.startswith("全")]
    return spans[0].label if spans and spans[0].start <= 16 else None


def _table_cells(sentence: Sentence, frame: Frame, doc: DocContext) -> list[Indicator]:
    from .normalize import fold

    cells = [c.strip() for c in sentence.norm.split("|")]
    headers = [fold(h) for h in (sentence.table or ())]
    if len(cells) < 2:
        return []
    if headers and re.fullmatch(r"(?:序号|编号|序|no\.?)", headers[0]) and re.fullmatch(r"[\d一二三四五六七八九十]+[.、]?", cells[0]):
        # | 2 | 固定资产投资增长6%左右 | 区发展改革委 |: a numbered list of targets, each cell a clause
        for col, cell in enumerate(cells[1:], start=1):
            if find_figures(cell) and re.search(r"[\u4e00-\u9fff]{2}", re.sub(r"[\d.%]", "", cell)):
                h = headers[col] if col < len(headers) else ""
                year, kind = _column_time(h, col, [None] * len(headers), doc.report_year, cell, frame)
                lead = h + "：" if re.search(r"(目标|预期|计划)", h) else ""  # 2022年预期目标：… states targets
                return _extract(replace(sentence, norm=lead + cell, table=None), Frame(year, kind), doc)
        return []
    ry = doc.report_year
    # a table whose rows are (year, indicator, target, actual): the year and the indicator are
    # columns of their own, named by their headers (年份 / 指标)
    year_col = next((i for i, h in enumerate(headers) if re.fullmatch(r"(?:年份|年度|时间|年)", h)), None)
    metric_col = next((i for i, h in enumerate(headers) if re.fullmatch(r"(?:指标|项目|指标名称|名称|主要指标)", h)), 0) \
        if year_col is not None else 0
    row_year = None
    if year_col is not None and year_col < len(cells):
        ym = re.match(r"((?:19|20)\d\d)年?", cells[year_col])
        row_year = int(ym.group(1)) if ym else None
    if metric_col >= len(cells):
        return []
    # | 年份 | 全县生产总值 | 固定资产投资 |: no column names the indicator, each column's header does
    by_column = year_col is not None and metric_col == year_col
    # | 地市 | 生产总值 | 规上工业增加值 |, | 南阳市 | 保8%、争9% | 11%左右 |: a row per place
    row_place = None
    if year_col is None and metric_col == 0 and headers and re.fullmatch(r"(?:地市|地区|城市|市州|县区|县市区|区县|县市|市县|各地|地方|[省市县区]别|主体|单位|省份|省市)", headers[0]):
        row_place = _header_place(cells[0], doc)
        by_column = row_place is not None
    metric_cell = cells[metric_col]
    note = _HEADER_NOTE.search(metric_cell)
    unit_note = note.group(0)[1:-1] if note else ""
    metric_cell = _HEADER_NOTE.sub("", metric_cell)
    if re.fullmatch(r"(累计|合计|总计|存量)", unit_note):
        metric_cell, unit_note = metric_cell + unit_note, ""  # 高标准农田（累计）: a running total, not the year's
    unit_col = next((i for i, h in enumerate(headers) if h in ("单位", "计量单位")), None)
    unit = cells[unit_col] if unit_col is not None and unit_col < len(cells) else unit_note
    if not unit:
        um = re.search(r"单位[:：]\s*([^）)，,。；;\s]{1,6})", sentence.caption)
        unit = um.group(1) if um else ""  # …对照如下（单位：亿元）：
    col_years = []  # each column's year: its own, else that of the nearest column before it that has one
    last = None
    for h in headers:
        ym = re.search(r"((?:19|20)\d\d)", h)
        last = int(ym.group(1)) if ym else last
        col_years.append(last)
    out = []
    for col, cell in enumerate(cells):
        if col in (unit_col, year_col, metric_col) or not cell:
            continue
        h = headers[col] if col < len(headers) else ""
        h_unit = _HEADER_NOTE.search(h)
        raw = cell
        qm = re.fullmatch(r"(-?\d+(?:\.\d+)?)(以上|以下|左右|以内)", cell)
        as_written = ""
        if qm and not re.search(r"(增长|增速|同比|%)", h):  # 17.5以上 under 粮食总产量（万吨）
            cell = qm.group(1) + (h_unit.group(0)[1:-1] if h_unit else unit) + qm.group(2)
            as_written = raw
        elif re.fullmatch(r"-?\d+(?:\.\d+)?", cell):
            col_unit = "%" if ("%" in h or re.search(r"(增长|增速|同比)", h)) else (h_unit.group(0)[1:-1] if h_unit else unit)
            cell = cell + col_unit
        elif re.fullmatch(r"(?:保|确保)[\d.]+%?[、，,](?:争|力争|争取)[\d.]+%", cell):
            as_written = raw  # 保8%、争9%: a floor and an aim, one target as the cell writes it
        figs = find_figures(cell)
        if not figs:
            continue
        year, kind = _column_time(h, col, col_years, ry, raw, frame)
        if row_year is not None and not re.search(r"(?:19|20)\d\d", h):
            year = row_year  # | 2023年 | 地区生产总值 | 增长8% |: the row's year
            if not re.search(r"(目标|预期|计划|实绩|完成|实际|实现)", h) and ry:
                kind = "actual" if year < ry else "target"
        # a cell may state more than one figure (18.1亿元，可比口径增长10%): each is read with the
        # words between it and the figure before it
        for j, f in enumerate(figs):
            before = cell[figs[j - 1].end:f.start] if j else cell[:f.start]
            if j and not re.search(r"(增长|增速|同比|下降|减少|占|比重|提高|完成|达到|实现|力争|争取|确保|突破)", before):
                continue  # a second number that is no figure of its own (a range's end, a date)
            rec = _cell_figure(sentence, doc, f, j, col, h, _HEADER_NOTE.sub("", h) if by_column else metric_cell, cell, before, raw,
                               as_written if j == 0 else "", year, kind)
            place = _header_place(h, doc) or row_place
            out.append(replace(rec, region=place) if place else rec)
    return out


_ROW_YEAR = re.compile(r"((?:19|20)\d\d)年?度?")
_ROW_KIND = {"目标": "target", "预期目标": "target", "预期": "target", "计划": "target", "实际": "actual",
             "实绩": "actual", "完成": "actual", "实际完成": "actual", "预计": "actual", "初步核算": "actual"}


def _entity_row(sentence: Sentence, cells: list[str], frame: Frame, doc: DocContext) -> list[Indicator] | None:
    """| 兴化市 | 2025年 | 目标 | 地区生产总值增长6.5%以上 | 一般公共预算收入增长2%以上，… |: a row
    of a place, a year and a reading, whose other cells state figures in words: each cell is read
    as a clause of that place and year. None when the row is not of that shape."""
    if not any(_ROW_YEAR.fullmatch(c) for c in cells[1:4]) or \
            not any(re.match(r"[\u4e00-\u9fff]{3,}.*\d", c) for c in cells[2:]):
        return None  # (cheap tests first: most rows have no year cell beside prose cells)
    for place_col, c in enumerate(cells[:2]):
        place = "全国" if c == "全国" else _header_place(c, doc) if len(c) <= 12 else None
        if place:
            break
    else:
        return None
    year = next((int(m.group(1)) for i, c in enumerate(cells) if i != place_col and (m := _ROW_YEAR.fullmatch(c))), None)
    prose = [c for i, c in enumerate(cells) if i != place_col and find_figures(c) and re.match(r"[\u4e00-\u9fff]{3,}", c)]
    if year is None or not prose:
        return None
    kind = next((_ROW_KIND[c] for c in cells if c in _ROW_KIND), None) or _kind_of(year, doc.report_year) or "target"
    out: list[Indicator] = []
    for c in prose:
        got = _extract(replace(sentence, norm=c, table=None), Frame(year, kind), doc)
        out += [replace(i, region=place if place != doc.region else i.region, year=i.year or year) for i in got]
    return out


def _column_time(h: str, col: int, col_years: list, ry, raw: str, frame: Frame) -> tuple:
    """The year and kind (target/actual) of a table cell, from its column header."""
    ym = re.search(r"((?:19|20)\d\d)", h)
    if ym:
        year = int(ym.group(1))
    elif re.search(r"(?<![比较同])(上年|去年)(?!同期)", h) and ry:
        year = ry - 1  # | 上年完成 |, not | 比上年增长 | (the growth of the column's own year)
    elif re.search(r"(今年|本年)", h) and ry:
        year = ry
    elif col < len(col_years) and col_years[col] and re.search(r"(增长|增速|同比|%)", h):
        year = col_years[col]  # | 2022年完成 | 增长% |: the growth of the year before it
    elif re.search(r"(目标|预期|计划)", h) and ry:
        year = ry
    elif col < len(col_years) and col_years[col]:
        year = col_years[col]  # | 指标（2024年） | 某市 | 某县 |: the year the table is dated by
    else:
        year = frame.year
    if re.search(r"(年初|原定)[^|]{0,4}(目标|预期)", h):
        kind = "target"
        if not ym and ry:
            year = ry - 1
    elif re.search(r"(目标|预期|计划)", h) and not re.search(r"(完成|实绩|实际)", h):
        kind = "target"
    elif re.search(r"(实绩|完成|实际|实现|增长|增速|同比|进展|进度|执行)", h) or _PART_CAPTION.search(h):
        kind = "actual"  # | 一季度进展 |: what was done so far
    elif year and ry:
        kind = "actual" if year < ry else "target"
    else:
        kind = frame.kind
    if kind == "target" and re.search(r"(预计|初步)", raw) and ry and (year is None or year >= ry) \
            and not re.search(r"(目标|预期)", h):
        kind, year = "actual", ry - 1
    return year, kind


def _cell_figure(sentence: Sentence, doc: DocContext, f, j: int, col: int, h: str, metric_cell: str,
                 cell: str, before: str, raw: str, as_written: str, year, kind) -> Indicator:
    """One figure of a table cell as an indicator of the row's metric."""
    metric = subject.strip(metric_cell) or metric_cell
    metric = subject.headed(metric, f.unit, lexicon.unit_family(f.unit), _is_count(f), f.rank) or metric + "数值"
    growth_cell = bool(re.search(r"(增长|增速|同比|下降)", h + before)) or (
        f.unit == "%" and not re.search(r"(率|比重|占比|比例|指数|份额|水平)$", metric_cell))
    measure = "growth" if growth_cell and f.unit in ("%", "个百分点", "百分点", "倍") else \
        _measure(f, metric_cell, metric, metric_cell + cell)
    value, number = as_written or f.value, f.number
    if before.rstrip().endswith(("-", "−", "－")) and number is not None:
        value, number = "-" + value, -number
    elif re.search(r"下降", before + metric_cell[-2:]) and number is not None and measure == "growth":
        value, number = "下降" + value, -abs(number)
    return Indicator(
        sentence=sentence.index, section=sentence.section, order=col - 1 + 100 * j,
        metric=metric, canonical=lexicon.canonicalize(metric),
        value=value, number=number, unit=f.unit, qualifier=f.qualifier,
        measure=measure, year=year, kind=kind, region=doc.region, context=metric_cell + "|" + cell,
        preliminary=bool(re.search(r"(预计|初步)", raw)) and kind == "actual",
        # a part-year caption (2023年上半年) holds for every column but one of the year's targets
        # (| 2025年预期目标 | 一季度进展 |: the target is the whole year's)
        period="partial" if _PART_CAPTION.search(h) or (
            _PART_CAPTION.search(sentence.caption) and not (kind == "target" and re.search(r"(目标|预期|计划)", h))) else "",
    )


_PART_CAPTION = re.compile(PART_OF_YEAR)  # a table of 2023年上半年: every figure is of part of a year


# kept for callers that date a plan period (understand.py)
__all__ = ["DocContext", "Indicator", "extract", "is_threshold", "plan_end_year", "section_contexts", "split_list"]
