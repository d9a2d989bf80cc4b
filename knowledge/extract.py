"""Indicators from sentences: every figure with its metric, measure, year, kind and region.

Pure functions over folded sentence text. The document supplies its own region, report year
and sections; the general knowledge (cue words, heads of indicator phrases, units) comes from
the data files through `lexicon`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon
from .numbers import Figure, find_figures
from .segment import Section, Sentence


@dataclass(frozen=True, slots=True)
class Indicator:
    sentence: int      # Sentence.index
    section: int
    order: int         # position of the figure in the sentence
    metric: str        # the indicator phrase, folded: 农村居民人均可支配收入
    canonical: str     # the metric with synonyms folded to canonical names (for matching)
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


@dataclass(frozen=True, slots=True)
class SectionContext:
    kind: str | None   # 'target' for a plan section, 'actual' for a review section
    year: int | None


# ------------------------------------------------------------------ section context

_REVIEW = re.compile(lexicon.cue_alternation("review_section"))
_PLAN = re.compile(lexicon.cue_alternation("plan_section"))
_YEAR = re.compile(r"(?<![\d.])(19[5-9]\d|20\d\d)年")
_BASE_BEFORE = re.compile(lexicon.cue_alternation("base_before") + r"(?:上年|去年)?$")


def section_contexts(sections: list[Section], report_year: int | None) -> dict[int, SectionContext]:
    """Each section is a review of the past year (actual) or a plan for the report year (target)."""
    out: dict[int, SectionContext] = {}
    prev = SectionContext(None, None)
    for sec in sections:
        body = [s for s in sec.sentences if not s.heading]
        head = " ".join(s.norm for s in body[:1])
        title = sec.norm
        ctx = None
        years = ([int(y) for y in _YEAR.findall(title)] or [int(y) for y in _BARE_YEAR.findall(title)]
                 or [int(y) for y in _YEAR.findall(head[:60])])
        if report_year and years:
            y = years[0]
            if y < report_year:
                ctx = SectionContext("actual", y)
            elif y >= report_year:
                ctx = SectionContext("target", y)
        pm = _PLAN_PERIOD_T.search(title)
        if ctx is None and pm and report_year:
            end = plan_end_year(pm.group(1))
            ctx = SectionContext("target" if end >= report_year else "actual", end)
        if ctx is None and _REVIEW.search(title + head[:40]):
            ctx = SectionContext("actual", report_year - 1 if report_year else None)
        sub = bool(re.match(r"^[（(][一二三四五六七八九十]+[）)]", title))
        if ctx is None and (_PLAN.search(title) or (not (sub and prev.kind) and _PLAN.search(head[:40]))):
            ctx = SectionContext("target", report_year)
        if ctx is None:
            ctx = prev if prev.kind else SectionContext(None, None)
        out[sec.index] = ctx
        prev = ctx
    return out


_BARE_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.%])")  # 【回眸2019】
_LEAD_YEAR = re.compile(r"^(?:[^，,。]{0,8}[，,])?[^，,。]{0,6}?((?:19|20)\d\d)年")


def running_context(sentence: Sentence, current: SectionContext, section: SectionContext,
                    report_year: int | None) -> SectionContext:
    """A section without a heading of its own (a news story, a long paragraph) takes its year
    from lead sentences: "报告显示，2024年棠州经济运行稳中有进。" dates what follows."""
    if section.kind is not None or not report_year:
        return section
    m = _LEAD_YEAR.match(sentence.norm)
    if m and not re.search(r"(到|至|比|较)$", sentence.norm[:m.start(1)]):
        y = int(m.group(1))
        return SectionContext("actual" if y < report_year else "target", y)
    if re.search(r"(过去一年|过去的一年|去年)", sentence.norm[:12]):
        return SectionContext("actual", report_year - 1)
    return current


# ------------------------------------------------------------------ metric phrase

_CLAUSE_BREAK = "，,；;：:。！？!?（）()【】"
_CLAUSE_END = "，,；;。！？!?"
_LEAD_SCOPE = re.compile(
    r"^(?:(?:(?:增加|提高|提升|上升|下降|减少|降低|降|增长)(?:到|至)|其中|同时|此外|另外|在|将|全年|年内|今年|去年|上年|当年|目前|累计|共|总计|合计|力争|确保|争取|预计|计划|"
    r"全县|全区|全市|全省|全镇|全乡|全旗|该县|该区|该市|我县|我区|我市|本县|本区|本市|"
    r"(?:19|20)\d\d年(?:底|末|全年)?|到(?:19|20)\d\d年(?:底|末)?|主要预期目标|预期目标|主要目标|今年目标为|目标为|目标是|预期|预计|"
    r"年初[^，。、]{0,12}?确定的|确定的|其|并|且|和|及|与|、|等)+)"
)
_TRAIL = re.compile(
    r"(?:(?:高于|低于|快于|慢于|高出|低出)(?:全[国省市县区])?(?:平均水平|平均)?|中?(?:我|该|本)[县区市]|上升至|下降至|"
    r"调整为|调整到|调整|同口径|可比口径|按可比价格计算|按可比价计算|(?:由|从)(?:上年|去年|年初|上一年)?(?:底|末)?的?|由|从|(?:19|20)\d\d年(?:底|末)?的?|"
    r"逆势|稳步|持续|快速|较快|平稳|大幅|小幅|明显|力争|确保|争取|预计|预期|计划|翻了一番|翻一番|翻番|"
    r"分别|均|各|都|共|累计|总计|平均|全年|年均|同比|比上年|较上年|比去年|较去年|比(?:19|20)\d\d年|较(?:19|20)\d\d年|"
    r"增长|增加|提高|提升|上升|下降|降低|减少|降到|降至|降为|提高到|提升到|增加到|增长到|达到|达|为|是|在|控制在|稳定在|保持在|"
    r"突破|超过|超|实现|完成|接近|近|约|位居|居|排名|排|列|名列|跃居|至|到|占|的|了|有|计|全市|全省|全国)+$"
)
_SHARE_PHRASE = re.compile(r"^占|(比重|占比)$")
_ATTRIBUTE = re.compile(r"(播种面积|种植面积|面积|总产量|产量|总产值|产值|人数|规模|数量)$")
_JUN = re.compile(r"(?<![人平年])均(?![衡等匀])|都(?!市|会|要)")
_GROWTH = re.compile(lexicon.cue_alternation("growth") + r"(?!到|至|为)")
_SHARE = re.compile(lexicon.cue_alternation("share"))


def _clause_before(text: str, start: int, floor: int) -> str:
    i = start
    while i > floor and text[i - 1] not in _CLAUSE_BREAK:
        i -= 1
    return text[i:start]


def _clause_after(text: str, end: int) -> str:
    j = end
    while j < len(text) and text[j] not in _CLAUSE_BREAK and text[j] not in "、":
        j += 1
    return text[end:j]


_RANK_SCOPE = re.compile(r"(位居|居于|居|名列|列|排名|排在|排)(全?[\u4e00-\u9fff]{0,4}?[国省市县区])$")


def clean_metric(phrase: str) -> str:
    p = phrase.strip("、，,；;和及与等 ")
    p = _RANK_SCOPE.sub("", p)  # 增速居岚州市(第2位): the area ranked in is not the indicator
    p = _TRAIL.sub("", p)
    p = _LEAD_SCOPE.sub("", p)
    p = _TRAIL.sub("", p)
    p = p.strip("、，,；;和及与等的 ")
    m = re.match(r"^(实现|完成|达到)(.{2,})$", p)
    if m and not _is_weak(m.group(2)):
        p = m.group(2)  # 实现地区生产总值 → 地区生产总值, 完成造林 → 造林; 完成投资 stays
    return p


def _is_weak(metric: str) -> bool:
    """A metric that names no indicator on its own: it leans on the figure before it."""
    return (len(metric) <= 1 or metric in lexicon.generic_metric_words() or bool(_ATTRIBUTE.fullmatch(metric))
            or metric in ("增幅", "增速", "总量", "总产量", "总规模", "总面积", "总投资", "比例", "比重"))


# ------------------------------------------------------------------ lists: 分别 / 均

def _split_list(subject: str, n_hint: int = 0) -> list[str]:
    """'城镇、农村居民人均可支配收入' → ['城镇居民人均可支配收入', '农村居民人均可支配收入']."""
    subject = clean_metric(subject)
    head = ""
    m = re.search(r"等(?=[^、等]{2,}$)", subject)
    if m:  # 养老、医疗等社会保险参保率: the head follows 等
        head = subject[m.end():]
        items = [i for i in re.split(r"[、和及与]", subject[:m.start()]) if i]
        return [i + head for i in items] if items else [subject]
    items = [i for i in re.split(r"、|和|及|与", subject) if i]
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
        return [subject] if subject else []
    last = items[-1]
    for h in lexicon.list_heads():
        if last.endswith(h) and len(last) > len(h):
            head = h
            break
    if not head:
        return items
    return [i if i.endswith(head) else i + head for i in items[:-1]] + [last]


# ------------------------------------------------------------------ main

def extract(sentence: Sentence, ctx: SectionContext, region: str | None, report_year: int | None,
            parent: str | None = None, prev_metrics: list[str] | None = None) -> list[Indicator]:
    """Every figure of one sentence as an Indicator."""
    if sentence.table is not None:
        return _extract_table_row(sentence, ctx, region, report_year)
    if sentence.section == 0 and (sentence.index == 0 or sentence.heading):
        # a figure in the document's title (经济总量突破2000亿元) is not dated by what follows
        ctx = SectionContext(None, None)
    text = sentence.norm
    figs = find_figures(text)
    if not figs:
        return []
    out: list[Indicator] = []
    metrics: list[str] = []  # metric of each figure so far
    groups: list[list[int]] = []  # runs of figures joined by 、/和 (for 均 after 分别)
    i = 0
    prev_end = 0
    while i < len(figs):
        f = figs[i]
        before = _clause_before(text, f.start, prev_end)
        # a run of figures after 分别 (or a run joined by 、/和 whose subject is a list)
        run = [i]
        j = i
        while j + 1 < len(figs) and re.fullmatch(r"[、和及与]", text[figs[j].end:figs[j + 1].start] or "x"):
            run.append(j + 1)
            j += 1
        names: list[str]
        if "分别" in before and len(run) >= 2:
            subject = before[:before.index("分别")]
            names = _split_list(subject, len(run)) if clean_metric(subject) else []
            if len(names) != len(run):
                names = (prev_metrics_in(metrics, len(run)) if not clean_metric(subject) else names)
            if len(names) != len(run):
                names = [clean_metric(subject)] * len(run)
            vm = re.search(r"(?:年均)?分别", before)
            verbzone = before[vm.start():]
            for k, fi in enumerate(run):
                out.append(_make(sentence, figs[fi], fi, names[k], verbzone, ctx, region, report_year, parent, text))
                metrics.append(names[k])
            groups.append(run)
            prev_end = figs[run[-1]].end
            i = run[-1] + 1
            continue
        jm = list(_JUN.finditer(before))
        if jm:
            pos = jm[-1].start()
            subject = before[:pos]
            names = _split_list(subject, 2) if clean_metric(subject) else []
            if not names and groups:
                names = [metrics[g] for g in groups[-1]]
            if not names:
                names = [clean_metric(subject)]
            verbzone = before[pos:]
            for name in names:
                out.append(_make(sentence, f, i, name, verbzone, ctx, region, report_year, parent, text))
                metrics.append(name)
            groups.append([len(metrics) - 1 - k for k in range(len(names))][::-1])
            prev_end = f.end
            i += 1
            continue
        if re.search(r"(由|从)(?:(?:19|20)\d\d年|上年|去年|年初|上一年)?(?:底|末)?的?$", before) and re.match(r"(下降|降低|减少|上升|提高|增加|增长|降|升)(到|至)", text[f.end:f.end + 4]):
            metrics.append(clean_metric(before))
            groups.append([len(metrics) - 1])
            prev_end = f.end
            i += 1
            continue
        metric = clean_metric(before)
        after_noun = _noun_after(text, f)
        took_after = False
        listed = "、" in before and _is_count(f)  # names listed, the figure counts the kind after it
        if after_noun and (before.rstrip().endswith("等") or listed or len(metric) <= 4 and _is_count(f)):
            took_after = True
            verb = re.match(r"^(新建|新增|建成|建设|改造|完成|实施|培育|引进|推动|促成|认定|打造|开展|举办|建立|组建|创建|争创|新改建|改建)", metric)
            metric = (verb.group(1) if verb else ("" if before.rstrip().endswith("等") or listed else metric)) + after_noun
        if not metric or (_is_weak(metric) and not metrics and not (prev_metrics or [])):
            after = clean_metric(_clause_after(text, f.end))
            if after and not metric:
                metric = after
        if not metric and not metrics and f.start > 0:
            prev_clause = clean_metric(_clause_before(text, text.rfind("，", 0, f.start) if "，" in text[:f.start] else (text.rfind(",", 0, f.start)), 0))
            if prev_clause and not _is_weak(prev_clause) and len(prev_clause) <= 20:
                metric = prev_clause
        # a weak metric (增幅, 投资) leans on the figure before it in this sentence; only an empty
        # one reaches back to the sentence before
        if (not metric and (metrics or prev_metrics)) or (metric and _is_weak(metric) and metrics):
            base = metrics[-1] if metrics else (prev_metrics or [""])[-1]
            if metrics and _SHARE_PHRASE.search(base):
                # 海洋生产总值1105亿元，占…比重33.6%；力争1200亿元: a share names no indicator to carry on
                base = next((m for m in reversed(metrics) if not _SHARE_PHRASE.search(m)), base)
            base = re.sub(r"连续[一二三四五六七八九十\d]+年|五年来|五年累计|累计", "", base) or base  # a period is not inherited
            attr = _ATTRIBUTE.search(base)
            if metric and (metric.startswith("总") or _ATTRIBUTE.fullmatch(metric)) and attr and attr.start() > 0:
                metric = base[:attr.start()] + metric  # 粮食播种面积, 总产量 → 粮食总产量; 核桃产量, 产值 → 核桃产值
            else:
                metric = base + metric if metric and not base.endswith(metric) else base
        if not metric:
            metric = clean_metric(_clause_after(text, f.end))
        vz = _TRAIL.search(before.rstrip())
        out.append(_make(sentence, f, i, metric, vz.group(0) if vz else "", ctx, region, report_year, parent, text))
        metrics.append(metric)
        groups.append([len(metrics) - 1])
        # 1236名贫困人口全部脱贫、9个贫困村…: what follows a counted noun is not the next figure's,
        # unless the next figure stands in that same phrase (42个重点项目完成投资52.3亿元)
        span = len(_clause_after(text, f.end)) if took_after else 0
        nxt_start = figs[i + 1].start if i + 1 < len(figs) else len(text)
        prev_end = f.end + span if f.end + span <= nxt_start else f.end
        i += 1
    return out


def _is_count(f: Figure) -> bool:
    u = lexicon.unit_map().get(f.unit) or lexicon.unit_map().get(f.unit.lstrip("万亿千百"))
    return bool(u and u.hint == "count")


def _noun_after(text: str, f: Figure) -> str:
    """The noun a classifier figure counts: 完成49个老旧小区改造 → 老旧小区改造."""
    rest = _clause_after(text, f.end)
    if not rest or not re.match(r"[\u4e00-\u9fff]", rest) or rest.startswith(("以上", "以下", "左右", "以内")):
        return ""
    rest = _PREDICATE.split(rest, 1)[0]
    return clean_metric(rest)[:20]


# where the noun after a classifier ends and what is said of it begins (7个老旧小区改造|广受好评)
_PREDICATE = re.compile(r"(?:广受|受到|得到|获得|全部|基本|顺利|如期|成功|列入|纳入|入选|荣获|被|实现|完成|达到|投入|竣工|通过|已经|已)")


def prev_metrics_in(metrics: list[str], n: int) -> list[str]:
    return metrics[-n:] if len(metrics) >= n else []


def _make(sentence: Sentence, f: Figure, order: int, metric: str, verbzone: str, ctx: SectionContext,
          region: str | None, report_year: int | None, parent: str | None, text: str) -> Indicator:
    scope = _clause_before(text, f.start, 0)
    clause_start = f.start
    while clause_start > 0 and text[clause_start - 1] not in _CLAUSE_END:
        clause_start -= 1
    clause_end = f.end
    while clause_end < len(text) and text[clause_end] not in _CLAUSE_END:
        clause_end += 1
    clause = text[clause_start:clause_end]
    year, kind, base_year = _year_kind(text, f, ctx, report_year, sentence)
    measure = _measure(f, verbzone, metric, clause)
    reg = _figure_region(scope, clause, f, region, parent)
    pm = _PLACE_HEAD.match(metric)
    if pm and reg == region and region and not f.rank and pm.group(1) != region \
            and not region.startswith(pm.group(1)) and not _GENERIC_PLACE.match(pm.group(1)):
        reg, metric = pm.group(1), metric[pm.end():] or metric
    metric = _strip_place(metric)
    if region and len(metric) > len(region) + 1:
        for own in (region, region[:-1]):
            if len(own) >= 2 and metric.startswith(own):
                metric = metric[len(own):]  # 汀湖区老旧小区改造 → 老旧小区改造
                break
    if re.search(r"年均", verbzone) and not metric.endswith("年均"):
        metric += "年均"  # a five-year average is not the last year's growth
    value, number = f.value, f.number
    if measure == "growth" and _DECLINE.search(verbzone) and number is not None:
        value, number = "下降" + value if not value.startswith("下降") else value, -abs(number)
    return Indicator(
        sentence=sentence.index, section=sentence.section, order=order,
        metric=metric, canonical=lexicon.canonicalize(metric),
        value=value, number=number, unit=f.unit, qualifier=f.qualifier,
        measure=measure, year=year, kind=kind, region=reg, base_year=base_year,
        context=clause,
    )


_PLACE = re.compile(r"^(全市|全省|全国|全县|全区|全镇)")
_OTHER_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,4}?(?<![地单城])[省市盟州])(?=全年|地区生产总值|生产总值|GDP|gdp|经济|规模以上|规上|一般公共预算|财政|城镇|农村|居民|全社会|社会消费品|固定资产|外贸|平均)")
_PLACE_HEAD = re.compile(r"^([\u4e00-\u9fff]{2,3}(?<![地单城])(?:[县区市镇乡]|街道))(?=工业总产值|农业总产值|地区生产总值|生产总值|一般公共预算|财政|规模以上|规上|城镇|农村|居民|社会消费品|固定资产|GDP|gdp)")
_GENERIC_PLACE = re.compile(r"^(全|该|本|我|各|城|市|省|县|区|超)")
_DECLINE = re.compile(lexicon.cue_alternation("decline") + r"[^增长提高]{0,3}$")


def _strip_place(metric: str) -> str:
    return _PLACE.sub("", metric) or metric


def _figure_region(scope: str, clause: str, f: Figure, region: str | None, parent: str | None) -> str | None:
    """Whose figure: 全市…/丰阳市… inside a county report belong to the city, not the county."""
    if f.rank:
        return region  # 位居全省第5名: the region's own standing
    near = re.search(r"全(省|国|市|盟|州)$", scope)
    if near and not (region and region.endswith(near.group(1))):
        return "全" + near.group(1) if near.group(1) in ("省", "国") else (parent or f"{region}所在{near.group(1)}")
    s = re.sub(r"^(在|其中|同时|而|但|且)", "", scope)
    m = re.match(r"^全(市|省|国|盟|州|地区)", s)
    if m:
        if region and region.endswith(m.group(1)):
            return region  # 全市 in a city's own report is the city itself
        if m.group(1) in ("省", "国"):
            return "全" + m.group(1)
        return parent or f"{region}所在{m.group(1)}"
    if parent and s.startswith(parent):
        return parent
    m = _OTHER_PLACE.match(s)
    if m and region and not m.group(1).startswith(region[:-1]) and not _GENERIC_PLACE.match(m.group(1)):
        return m.group(1)  # 丰阳市地区生产总值增长5.1%: another place's figure
    return region


def _measure(f: Figure, verbzone: str, metric: str, clause: str) -> str:
    if f.rank:
        return "rank"
    if f.unit in ("个百分点", "百分点"):
        return "growth"
    if _SHARE.search(verbzone) or (f.unit == "%" and (re.search(r"(比重|占比|比例)$", metric) or metric.startswith("占"))):
        return "share"
    u = lexicon.unit_map().get(f.unit) or lexicon.unit_map().get(f.unit.lstrip("万亿千百"))
    rest = clause[clause.find(f.value) + len(f.value):] if f.value in clause else ""
    # a count followed by the noun it counts (提升三个省级园区) is a count, whatever verb precedes it
    counts_noun = bool(u and u.hint == "count" and re.match(r"[\u4e00-\u9fff]", rest[:1] or " ")
                       and not re.match(r"(以上|以下|左右|以内)", rest))
    if (_GROWTH.search(verbzone) or re.search(r"(增速|增幅)$", metric)) and not counts_noun:
        return "growth"
    if u and u.hint == "count":
        return "count"
    return "level"


_TARGET_CUE = re.compile(lexicon.cue_alternation("target_cue"))
_PAST_TARGET = re.compile(lexicon.cue_alternation("past_target"))
_TARGET_STRONG = re.compile(lexicon.cue_alternation("target_strong"))
_ACTUAL_STRONG = re.compile(lexicon.cue_alternation("actual_strong"))


_PLAN_PERIOD_T = re.compile(r"十([一二三四五六七八九])五")
_PLAN_PERIOD = re.compile(r"十([一二三四五六七八九])五[”\"’']?(?:时期|期间|末|规划|以来)")


def plan_end_year(numeral: str) -> int:
    """十四五 → 2025: the n-th five-year plan ends in 2025 + 5·(n − 14) (a national convention)."""
    n = 10 + "一二三四五六七八九".index(numeral) + 1
    return 2025 + 5 * (n - 14)


def _year_kind(text: str, f: Figure, ctx: SectionContext, report_year: int | None,
               sentence: Sentence) -> tuple[int | None, str | None, int | None]:
    upto = text[:f.start]
    base_year = None
    explicit = None
    for m in _YEAR.finditer(upto):
        pre = upto[max(0, m.start() - 3):m.start()]
        post = upto[m.end():m.end() + 3]
        if _BASE_BEFORE.search(pre) or post.startswith(("以来", "的基础", "基础")):
            base_year = int(m.group(1))
            continue
        if upto[m.end():].startswith(("-", "—", "至")):
            continue
        explicit = int(m.group(1))
    if explicit is None:
        pm = None
        for pm in _PLAN_PERIOD.finditer(upto):
            pass
        if pm is not None and not _BASE_BEFORE.search(upto[:pm.start()].rstrip("“\"‘'")):
            explicit = plan_end_year(pm.group(1))  # “十三五”时期年均增长6.9% → 2020
    if explicit is not None and report_year:
        return explicit, ("actual" if explicit < report_year else "target"), base_year
    if _PAST_TARGET.search(upto):
        review = ctx.year if ctx.kind == "actual" and ctx.year else (report_year - 1 if report_year else None)
        return review, "target", base_year
    kind, year = ctx.kind, ctx.year
    if kind == "actual":
        # a target cue before the figure (确保剩余…, 全年将…, 今年目标为增长5%) makes it a target
        if _TARGET_CUE.search(upto) and not re.search(r"(去年|上年)", upto):
            kind, year = "target", report_year
    elif kind == "target":
        if re.search(r"(去年|上年|过去一年|过去的一年)", upto) and not re.search(r"(较|比|同比)(去年|上年)$", upto[-6:]):
            kind, year = "actual", (report_year - 1 if report_year else None)
        else:
            # 完成18.7亿元，同比增长5.2%，今年目标为增长5%: a year-on-year change is achieved;
            # figures before the sentence's first target cue share that reading
            first_target = _TARGET_CUE.search(text)
            cut = first_target.start() if first_target else len(text)
            if f.start < cut and "同比" in text[:cut]:  # 比上年提高… in a plan is the planned change
                kind, year = "actual", (report_year - 1 if report_year else None)
    else:
        if _TARGET_STRONG.search(text):
            kind, year = "target", report_year
        elif _ACTUAL_STRONG.search(text) or re.search(r"(实现了|完成了|达到了)", text):
            kind, year = "actual", (report_year - 1 if report_year else None)
    if year is None and kind == "target":
        year = report_year
    if year is None and kind == "actual" and report_year:
        year = report_year - 1
    return year, kind, base_year


# ------------------------------------------------------------------ tables

def _extract_table_row(sentence: Sentence, ctx: SectionContext, region: str | None,
                       report_year: int | None) -> list[Indicator]:
    cells = [c.strip() for c in sentence.norm.split("|")]
    header = [c for c in (sentence.table or ())]
    if len(cells) < 2:
        return []
    from .normalize import fold

    metric_cell = cells[0]
    headers = [fold(h) for h in header]
    unit_col = next((i for i, h in enumerate(headers) if h in ("单位", "计量单位")), None)
    unit = cells[unit_col] if unit_col is not None and unit_col < len(cells) else ""
    out = []
    for col, cell in enumerate(cells[1:], start=1):
        if col == unit_col:
            continue
        h = headers[col] if col < len(headers) else ""
        if re.fullmatch(r"-?\d+(?:\.\d+)?", cell):
            # a bare number takes its column's unit: 增长% → %, else the 单位 column
            col_unit = "%" if "%" in h else unit
            cell = cell + col_unit
        figs = find_figures(cell)
        if not figs:
            continue
        ym = _YEAR.search(h) or re.search(r"(19|20)\d\d", h)
        year_cols = [int(y) for y in re.findall(r"((?:19|20)\d\d)", " ".join(headers))]
        year = int(ym.group(0)[:4]) if ym else (max(year_cols) if year_cols and re.search(r"(增长|增速|同比)", h) else ctx.year)
        if re.search(r"(目标|预期|计划)", h):
            kind = "target"
        elif re.search(r"(实绩|完成|实际|实现|增长|增速|同比)", h):
            kind = "actual"
        elif year and report_year:
            kind = "actual" if year < report_year else "target"
        else:
            kind = ctx.kind
        f = figs[0]
        metric = clean_metric(metric_cell) or metric_cell
        measure = "growth" if re.search(r"(增长|增速|同比)", h) else _measure(f, metric_cell, metric, metric_cell + cell)
        value, number = f.value, f.number
        if cell[:f.start].rstrip().endswith(("-", "−", "－")) and number is not None:
            value, number = "-" + value, -number
        elif re.search(r"(下降|降低|减少)$", metric_cell) and number is not None and measure == "growth":
            value, number = "下降" + value, -number
        out.append(Indicator(
            sentence=sentence.index, section=sentence.section, order=col - 1,
            metric=metric, canonical=lexicon.canonicalize(metric),
            value=value, number=number, unit=f.unit, qualifier=f.qualifier,
            measure=measure, year=year, kind=kind, region=region, context=metric_cell + cell,
        ))
    return out
