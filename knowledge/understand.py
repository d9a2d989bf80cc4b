"""Question → what it asks: regions, year, kind, measure, unit, indicator phrase, type.

Region, year, kind and measure become hard constraints when the question states them; only the
indicator phrase is matched fuzzily (rank.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon, tokenizer
from .normalize import fold
from .numbers import cn_to_number, thresholds
from .timeframe import PART_OF_YEAR, plan_end_year

MAX_QUESTION = 300


@dataclass(frozen=True, slots=True)
class Place:
    """A region of the loaded documents."""
    name: str            # 云溪县
    short: str           # 云溪
    parent: str | None   # 岚州市
    years: tuple[int, ...]  # report years of its documents
    aliases: tuple[str, ...] = ()  # other names people use (枫溪县 for 枫溪瑶族自治县)


@dataclass(slots=True)
class Question:
    raw: str
    norm: str
    regions: list[str] = field(default_factory=list)         # loaded regions named (in order)
    unknown_places: list[str] = field(default_factory=list)  # places named that have no report
    years: list[int] = field(default_factory=list)           # explicit years
    relative: int | None = None                               # 去年 −1, 今年 0, 明年 +1
    base_year: int | None = None                              # 比2018年: a comparison base
    kind: str | None = None
    measure: str | None = None
    unit_family: str | None = None
    metric: str = ""          # the indicator phrase, canonicalized
    qtype: str = "figure"     # figure / text / compare / list
    truncated: bool = False
    kind_weak: bool = False   # kind from a weak cue (要/争取): gives way to a past year
    year_by_region: dict = field(default_factory=dict)  # 青岫2022年和汀湖2023年: a year each
    versus: bool = False      # a difference against a reference (比全省平均高多少)
    versus_ref: str = ""      # that reference, short: 全省, 焦作 (比焦作市平均高多少)
    families: frozenset = frozenset()  # unit families the indicator's head implies (投资 → 元)
    period: str = ""          # "" one year; "partial" part of one (前三季度); "multi" several (累计, 五年)
    assess: bool = False      # 目标完成了吗: the outcome of a target is asked
    series: bool = False      # 历年, 这两年, 走势: the figures of every loaded year are asked
    scorecard: bool = False   # 2022年目标完成情况: every target of a year with its outcome
    mentioned: tuple = ()     # figures the question quotes (那671个项目): the sentence should hold them
    thresholds: frozenset = frozenset()  # 超过50万元的村: a threshold of what is counted, {(5e5, 以上)}
    source: str = ""          # the publication asked of: "bulletin" (统计公报里), "report" (报告里)

    def year_for(self, report_year: int | None, region: str | None = None) -> int | None:
        """The year asked about, for a document given in `report_year` (of `region`)."""
        if region is not None and region in self.year_by_region:
            y = self.year_by_region[region]
            if isinstance(y, tuple):  # (relative,): 冀州今年
                return report_year + y[0] if report_year else None
            return y
        if self.years:
            return self.years[0]
        if self.relative is not None and report_year:
            return report_year + self.relative
        return None


@lru_cache(maxsize=1)
def _qpatterns() -> dict[str, re.Pattern]:
    return {k: re.compile("|".join(map(re.escape, v))) for k, v in _qwords().items()}


def _has(signal: str, text: str) -> bool:
    return _qpatterns()[signal].search(text) is not None


@lru_cache(maxsize=1)
def _qwords() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in lexicon._lines("question_words.tsv"):
        word, signal = line.split("\t")
        table.setdefault(signal, []).append(word)
    return {k: sorted(v, key=len, reverse=True) for k, v in table.items()}


_RANK_AREA = re.compile(r"(?:在(?:全[国省市县区]|[\u4e00-\u9fff]{2,3}?[省市])|全[国省市县区])(?=排|排名|位居|居|第几|的排名|中排)")
_RANK_FIELD = re.compile(r"在[\u4e00-\u9fff]{2,12}?(?:中|里|内|之中)?(?=排|排名|位居|居|位列|第几|的排名)")
_PLAN_Q = re.compile(r"十([一二三四五六七八九])五(?:末|期末|时期|期间|规划)?")
_COUNT_FAMILIES = {"个", "家", "座", "所", "条", "项", "处", "人", "户", "次", "件", "套", "台", "辆", "只", "头"}
_SUFFIX_WORDS = {"县域", "县城", "县级", "县委", "县长", "县直", "区域", "区级", "区委", "区长", "区直",
                 "市场", "市级", "市委", "市长", "市民", "市区", "市直", "州长", "旗长"}
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,7}?)(省|市|区|县|旗|州|盟)")
_NOT_PLACE = re.compile(
    r"^(全|该|本|我|各|城|园|社|小|景|开发|新|老|乡|镇|村|市|县|区|省|多|哪|每|农|山|湖|商|工业|产业|经济|保税|示范|试点|城乡|居民|主城|辖|郊|老城|中心|核心|功能|自治|建成|片区|街区)"
)
_YEAR_Q = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年|$|(?!\d))")
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
_SHORT_YEAR = re.compile(r"(?<![\d过近续多几这去今明前])([012]\d)年(?!代|来|间|内|后|前(?!三季度))")
_PARTIAL_Q = re.compile(f"({PART_OF_YEAR})")
_RANGE_Q = re.compile(r"((?:19|20)\d\d)年?(?:到|至|—|–|-|~|～)((?:19|20)\d\d)年")
_SOURCE_ASKED = re.compile(r"(?:据|按|按照|根据)?((?:统计)?公报|(?:政府)?工作报告|报告)(?:里面?|中|上面?|显示|公布)的?(?:说的?|写的?)?")
_NEXT_YEARS = re.compile(r"(?:今后|未来)[五三]年(?:里|内|的)?")
_SPAN_Q = re.compile(r"(?<![\d年])(?:近|过去的?|这)?(?:[两二三四五六七八九十]|十[一二三四五六七八九]|[1-9]|1\d)年(?:来|间|里|内)?(?![前后底末初级度份])")
_MULTI_Q = re.compile(r"(累计|五年|期间|以来|十[一二三四五六七八九]五|总共|一共|合计|两年|三年|年均)")
_QUOTED_FIGURE = re.compile(r"(?<![a-zA-Z\d.])(\d+(?:\.\d+)?)(万|亿|个|家|项|亿元|万元|人|户|%)?")
_THRESHOLD_NUM = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?=(?:千万|百万|万|亿)?(?:元|亩|吨)?(?:及以上|以上|以下|级|的))")
_WHEN = re.compile(r"哪天|哪一天|什么时候|何时|什么时间|几月几[日号]")
_WHICH_ITEMS = re.compile(r"哪[几一二三两四五六七八九十]+(?:[个家项块座所条位种类样支批大件]|部分|方面)")
_SERIES = re.compile(r"(历年|近几年|近年来|这几年|这两年|这三年|近两年|近三年|几年来|逐年|每年|走势|趋势|变化情况|怎么变|如何变化|变化)")
_SCORECARD = re.compile(r"(?:各项|全部|所有|主要)?目标(?:的)?(?:完成情况|完成得?怎么样|完成度|都完成了[吗没]|完成了哪些)|目标完成情况|成绩单")
_ASSESS = re.compile(r"(完成了?[吗没么]|完成没有|完成了没|实现了?[吗没么]|实现没有|达标了?[吗没]|达到了?[吗没]|完成情况|完成得?怎么样|完成度)")
_RELATIVE = (("过去五年", -1), ("过去的五年", -1), ("五年来", -1),  # a period ending last year
             ("前年", -2), ("去年", -1), ("上年", -1), ("上一年", -1), ("今年", 0), ("本年", 0),
             ("当年", 0), ("明年", 1), ("下一年", 1))
_STRONG_TARGET = ("目标", "预期", "计划", "规划", "任务", "target", "goal", "plan")
_BASE = re.compile(r"(?<![占对])(比|较|相比|同比)((?:19|20)\d\d年|去年|上年|前年)")
_UNIT_ASK = re.compile(r"(?:多少|几)(万|亿)?([\u4e00-\u9fff/]{1,6})")
_FILLERS = ['定的', '定了', '定为', '定在', '是涨还是降', '是增是减', '是涨是跌', '是升是降', '增减', '是升还是降', '是增还是减', '涨还是跌', '还是', '幅度', '百分之几', '百分之多少', '百分之', '做到', '过去五年', '比较一下', '对比一下', '平均水平', '多少个点', '几个点', '哪个少', '有没有', '五年来', '查一下', '有多少', '想知道', '排第几', '哪个多', '怎么样', '比一比', '告诉我', '多少点', '是多少', '第几', '下降', '更少', '减少', '这个', '对比', '打算', '数值', '增速', '查查', '荣获', '平均', '那个', '怎么', '增幅', 'pk', '翻番', 'vs', '力争', '预期', '提高', '看看', '多了', '一共', '谁多', '得了', '获得', '涨幅', '总量', '数字', '帮我', '预计', '如何', '增长', '那些', '多大', '请问', '一下', '占比', '总共', '所占', '合计', '年初', '可比', '同口径', '控制', '分别', '名次', '谁少', '增加(?!值)', '实际', '拿了', '排在', '情况', '比较', '更多', '目标', '拿到', '这些', '怎样', '哪个', '是否', '实绩', '少了', '计划', '数据', '排名', '指标', '多少', '什么', '知道', '多高', '达到', '争取', '位居', '吗', '与', '及', '说', '呢', '为', '要', '低', '降', '到', '跟', '拿', '吧', '将', '在', '叫', '或', '高', '各', '谁', '涨', '了', '排', '弄', '请', '有', '啥', '是', '呀', '几', '和', '哪', '搞', '啊', '么', '的', '钱']
_DROP = re.compile("(" + "|".join(sorted(_FILLERS, key=lambda w: -len(re.sub(r"\\(.*?\\)", "", w)))) + ")")


_SEPARATOR = re.compile(r"[、，,;；和与跟及]|vs")
_GENERIC_DIVISIONS = frozenset({"城区", "郊区", "新区", "市区", "矿区", "市中区", "县城"})


def _mark_separators(folded: str) -> str:
    """List separators become "|" (冀州和枣强 → 冀州|枣强), except inside a division's name: the
    和 of 和平区 and the 及 of a place are part of the place."""
    from .places import names_in

    if not re.search("[和与跟及]", folded):
        return _SEPARATOR.sub("|", folded)
    inside = [(s, e) for s, e, _ in names_in(folded)]
    inside += [(m.start(), m.end()) for m in _separator_shorts().finditer(folded)]  # 呼和浩特
    return _SEPARATOR.sub(lambda m: m.group(0) if any(s <= m.start() < e for s, e in inside) else "|", folded)


@lru_cache(maxsize=1)
def _separator_shorts() -> re.Pattern:
    """Short names of three characters or more with a separator character inside (呼和浩特, 巴彦淖尔
    is none): written without their level, they are still one name."""
    from .places import divisions

    names = [s for s in divisions().by_short if len(s) >= 3 and re.search("[和与跟及]", s)]
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)) or "(?!)")


_VERSUS_REF = re.compile(r"(?:比|较|高于|低于|快于|慢于|高出|超过)(全国|全省|全市|全州|全区|全县|全盟|[\u4e00-\u9fff]{2,5}?)"
                         r"(?:全[省市州县区盟])?(?:的)?(?:平均)?(?:水平|增速|增幅|速度)?(?:高|低|快|慢|多|少|(?=[\d.]))")


def versus_reference(text: str) -> str:
    """The reference of a gap (比全省平均高多少 → 全省, 高于焦作市平均增速 → 焦作), without its level
    character, so that 焦作 and 焦作市 agree; "" when none is named."""
    m = _VERSUS_REF.search(text)
    if not m:
        return ""
    ref = m.group(1)
    return ref if ref.startswith("全") else re.sub(r"(?<=[\u4e00-\u9fff]{2})[省市州县区盟]$", "", ref)


@lru_cache(maxsize=1)
def _typos() -> tuple[tuple[str, str], ...]:
    rows = [line.split("\t") for line in lexicon._lines("typos.tsv")]
    return tuple(sorted(((r[0], r[1]) for r in rows if len(r) == 2), key=lambda r: -len(r[0])))


def _untypo(text: str) -> str:
    """曾长 → 增长, 目表 → 目标: question words typed with a wrong homophone (data/typos.tsv)."""
    for typed, meant in _typos():
        if typed in text:
            text = text.replace(typed, meant)
    return text


def _counted_verb(rest: str) -> str:
    """派了多少支驻村工作队, 建了多少个基站, 专项债券发了多少: a one-character verb before the count
    says what was done to the things counted; it is no character of their name (派驻村…, 债券发)."""
    m = re.search(r"([\u4e00-\u9fff])了(?=(?:多少|几)(?:[\u4e00-\u9fff]{0,2}?[\u4e00-\u9fff]{2,}|[\u4e00-\u9fff]?$))", rest)
    if not m or m.group(1) in "涨增降减升跌多少高低快慢":
        return rest
    toks = tokenizer.pos(rest[:m.end()])
    if len(toks) >= 2 and toks[-2][0] == m.group(1) and toks[-2][1] == "v":
        return rest[:m.start()] + rest[m.end():]
    return rest


def parse(raw: str, places: list[Place], known: frozenset = frozenset()) -> Question:
    """`known`: the two-character strings of the knowledge base's indicator names (see
    KnowledgeBase.name_bigrams), which keep a filler character that is part of a name."""
    text = raw if isinstance(raw, str) else str(raw)
    truncated = len(text) > MAX_QUESTION
    text = text[:MAX_QUESTION]
    folded = _untypo(fold(text))
    # keep list separators for place detection; drop emoji, other punctuation and symbols
    marked = _mark_separators(folded)
    marked = re.sub(r"[^\w\u3400-\u9fff%.+/·|-]", "", marked)
    norm = marked.replace("|", "")
    q = Question(raw=text, norm=norm, truncated=truncated)
    rest = _regions(q, marked, places).replace("|", "")
    _years_by_region(q, norm, places)
    rest = _years(q, rest)
    rest = _counted_verb(rest)
    # the area a figure is ranked in (在全省/岚州市排第几) is not part of the indicator
    rest = _RANK_AREA.sub("", rest)
    # the publication asked of (统计公报里, 报告中说的): whose figure, not part of the indicator
    sm = _SOURCE_ASKED.search(rest)
    if sm:
        q.source = "bulletin" if "公报" in sm.group(1) else "report"
        rest = rest[:sm.start()] + rest[sm.end():]
    if _SCORECARD.search(rest) and not _metric_text(_SCORECARD.sub("", rest), known):
        q.scorecard, q.qtype, q.kind = True, "scorecard", "target"  # 枣强2022年目标完成情况: every target
        return q
    if _SERIES.search(rest):
        q.series = True  # 历年GDP增速: every loaded year's figure
        rest = _SERIES.sub("", rest)
    _kind_measure(q, rest)
    if q.assess:
        rest = _ASSESS.sub("", rest).replace("目标", "")
    metric = _metric_text(rest, known)
    if q.measure == "rank":
        # 经济总量在全国省会城市排第几: the field ranked in is no part of the indicator, unless it
        # is all the question names (在全国投资潜力百强区排第几: the list it entered)
        narrowed = _metric_text(_RANK_FIELD.sub("", rest), known)
        if narrowed and len(narrowed) >= 2:
            metric = narrowed
    q.metric = re.sub(r"(完成|实现|达到|是|有|突破|超过|迈上|跨过|跨上|站上|冲刺)$", "", metric) or metric
    if q.versus and "比" in q.metric:
        q.metric = q.metric.split("比")[0]  # 增速比全省平均高多少: the reference is not the indicator
    q.metric = _drop_residue(q.metric)
    q.metric = homophone_fixed(q.metric, known)
    if q.measure == "growth" and q.unit_family is None and re.search(r"(占比|比重)(?:提高|提升|上升|下降|降低|增加|减少)", norm):
        q.unit_family = "百分点"  # 税收占比提高了多少: a share moves in points
        if not re.search(r"(占比|比重)$", q.metric):
            q.metric += "占比"
    if q.measure == "rank":
        q.unit_family = None  # 排第几位: the 位 of a rank, not a count of people
        q.metric = re.sub(r"(?<=[\u4e00-\u9fff]{2})[位名]$", "", q.metric)
        q.metric = re.sub(r"(?<=[\u4e00-\u9fff]{2})(?:里|里面|当中|之中|(?<=[县市区强榜])中)$", "", q.metric)  # 百强县里排第几
    if q.measure == "rank" and re.match(r"全[国省市县区州盟]", q.metric) and len(q.metric) >= 5:
        q.metric = q.metric[2:]  # 在全省“发展杯”竞赛排第几: the field, then what is ranked
    q.thresholds = thresholds(rest)
    # 超过50万元的村: a threshold's figure stays in the phrase (what is counted)
    kept = {m.group("num") for m in _THRESHOLD_NUM.finditer(rest)} if q.thresholds else set()
    nums = [n for n, _ in _QUOTED_FIGURE.findall(q.metric) if n not in kept]
    if nums:  # 济南那671个项目总投资多少: a figure quoted to point at the sentence, not part of the indicator
        q.mentioned = tuple(float(n) for n in nums)
        q.metric = _QUOTED_FIGURE.sub(lambda m: m.group(0) if m.group(1) in kept else "", q.metric).lstrip("那这该其")
    if q.unit_family is None and q.measure in (None, "level"):
        q.families = lexicon.families_of(q.metric)
    return q


# ------------------------------------------------------------------ typos of indicator words

def _readings(ch: str) -> frozenset[str]:
    table = _char_pinyin()
    return frozenset(_toneless(r) for r in table[ord(ch)].split(",")) if ord(ch) in table else frozenset()


@lru_cache(maxsize=4)
def _sound_index(known: frozenset) -> dict[str, frozenset[str]]:
    """Toneless reading → the characters of the knowledge base's indicator names read so."""
    out: dict[str, set[str]] = {}
    for ch in {c for b in known for c in b if "\u4e00" <= c <= "\u9fff"}:
        for r in _readings(ch):
            out.setdefault(r, set()).add(ch)
    return {r: frozenset(chs) for r, chs in out.items()}


def homophone_fixed(metric: str, known: frozenset) -> str:
    """进处口 → 进出口, 专项债卷 → 专项债券, 完成律 → 完成率: a character that forms no two-character
    string of any indicator name the knowledge base holds, where a character read the same way does
    with each neighbour it has (typed by pinyin input, the wrong one of two homophones is common)."""
    if not known or len(metric) < 2:
        return metric
    chars = list(metric)
    for i, ch in enumerate(chars):
        if not "\u4e00" <= ch <= "\u9fff":
            continue
        left = "".join(chars[i - 1:i + 1]) if i else ""
        right = "".join(chars[i:i + 2]) if i + 1 < len(chars) else ""
        if left in known or right in known:
            continue
        fits = []
        for r in _readings(ch):
            for c in _sound_index(known).get(r, ()):
                l2 = chars[i - 1] + c if i else ""
                r2 = c + chars[i + 1] if i + 1 < len(chars) else ""
                if c != ch and (l2 or r2) and (not l2 or l2 in known) and (not r2 or r2 in known):
                    fits.append(c)  # with each neighbour (债卷 at the end: its one neighbour)
        if len(set(fits)) == 1:
            chars[i] = fits[0]
    fixed = "".join(chars)
    return re.sub(r"([\u4e00-\u9fff]{2,})\1$", r"\1", fixed)  # 外贸进出口进出口: the alias and its typo, once


# ------------------------------------------------------------------ regions

@lru_cache(maxsize=1)
def _char_pinyin() -> dict:
    """Code point → readings, from pypinyin's character table (not its 40 MB phrase table)."""
    # load the table module on its own: importing the pypinyin package loads its phrase table too
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")
    path = Path(spec.origin).with_name("pinyin_dict.py")
    module_spec = importlib.util.spec_from_file_location("_pinyin_dict", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module.pinyin_dict


def _toneless(reading: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFD", reading) if not unicodedata.combining(ch)).replace("ü", "v")


def _pinyin(s: str) -> str:
    table = _char_pinyin()
    return " ".join(_toneless(table[ord(ch)].split(",")[0]) if ord(ch) in table else ch for ch in s)


@lru_cache(maxsize=4096)
def _py(s: str) -> str:
    """Toneless pinyin, with the confusions of fuzzy pinyin (模糊音) folded: zh/ch/sh → z/c/s and
    -ang/-eng/-ing → -an/-en/-in (长村 typed for 长春, 枣墙 for 枣强)."""
    return " ".join(_FUZZY_FINAL.sub(r"\1n", _FUZZY_INITIAL.sub(r"\1", syl)) for syl in _pinyin(s).split(" "))


_FUZZY_INITIAL = re.compile(r"^([zcs])h")
_FUZZY_FINAL = re.compile(r"([aei])ng$")


def _spellings(s: str, limit: int = 16) -> list[str]:
    """Every toneless pinyin spelling of a name (成都: chengdu and chengdou), few enough to list."""
    import itertools

    table = _char_pinyin()
    readings = [sorted({_toneless(r) for r in table[ord(ch)].split(",")}) if ord(ch) in table else [ch] for ch in s]
    out = []
    for combo in itertools.product(*readings):
        out.append("".join(combo))
        if len(out) >= limit:
            break
    return out


class Gazetteer:
    """The places of a knowledge base, indexed once: one regex over every name and alias, the
    pinyin of each short name for typos, the parent cities. Per-question work does not grow with
    the number of places."""

    def __init__(self, places: list[Place]):
        self.places = list(places)
        self.by_alias: dict[str, Place] = {}
        for p in self.places:
            for a in (p.name, *p.aliases, p.short):
                if a and len(a) >= 2 and (a == p.name or not _names_a_bigger_place(a, p.name)):
                    self.by_alias.setdefault(a, p)
        aliases = sorted(self.by_alias, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, aliases))) if aliases else None
        self.by_pinyin: dict[str, list[Place]] = {}
        self.short_lengths: set[int] = set()
        self.parents = {p.parent for p in self.places if p.parent}
        self._pinyin_ready = False

    def by_latin(self, word: str) -> Place | None:
        """A place written in pinyin (zaoqiang, zaoqiangxian)."""
        if not hasattr(self, "_latin"):
            self._latin = {}
            for p in self.places:
                for a in {p.short, p.name}:
                    if len(a) >= 2:
                        for spelling in _spellings(a):
                            self._latin.setdefault(spelling, p)
        return self._latin.get(word)

    def homophones(self, window: str) -> list[Place]:
        if not self._pinyin_ready:
            for p in self.places:
                if len(p.short) >= 2:
                    self.by_pinyin.setdefault(_py(p.short), []).append(p)
                    self.short_lengths.add(len(p.short))
            self._pinyin_ready = True
        return [p for p in self.by_pinyin.get(_py(window), [])
                if _homophone(window, p.short) and not _names_a_bigger_place(window, p.name)]


def _names_a_bigger_place(alias: str, name: str) -> bool:
    """河北 is 河北省 before it is 天津's 河北区; 长沙 is 长沙市 before 长沙县: a short name that is
    also a province's or a prefecture city's stands for that bigger place, not for this one."""
    from .places import divisions

    dv = divisions()
    own = {d.code for d in dv.by_name.get(name, ())}
    if any(d.level in ("province", "city") for d in dv.by_name.get(name, ())):
        return False  # the place is itself a city or province: its short name is its own
    return any(d.level in ("province", "city") and d.code not in own for d in dv.by_short.get(alias, ()))


def gazetteer(places) -> Gazetteer:
    return places if isinstance(places, Gazetteer) else Gazetteer(places)


_NATION_AS_FIELD = re.compile(r"(?:的)?(?:名特|百强|排名|排第|排|第|前|示范|首批|唯一|文明|卫生|先进|重点|一流|十佳|优秀|城市|县|区|目录|试点|榜)")


def _regions(q: Question, norm: str, places) -> str:
    gz = gazetteer(places)
    rest = norm
    found: list[tuple[int, str]] = []
    if gz.pattern is not None:
        out, last = [], 0
        for m in gz.pattern.finditer(norm):
            alias, p = m.group(0), gz.by_alias[m.group(0)]
            start, end = m.start(), m.end()
            if alias == p.name and p.short != p.name and norm[end - 1:end + 1] in _SUFFIX_WORDS:
                end = start + len(p.short)  # 南山县域经济 → 南山 + 县域经济; 云溪县长 → 云溪 + 县长
            found.append((start, p.name))
            out.append(norm[last:start])
            out.append("\x00" * (end - start))
            last = end
        out.append(norm[last:])
        rest = "".join(out)
    for m in _LATIN_WORD.finditer(rest):
        p = gz.by_latin(m.group(0))
        if p is not None:
            found.append((m.start(), p.name))
            rest = rest[:m.start()] + "\x00" * (m.end() - m.start()) + rest[m.end():]
    # places named in the question that are not loaded regions: a typo of one, or unknown
    for m in (_PLACE.finditer(rest) if not found else ()):
        name, suffix = m.group(1), m.group(2)
        if "\x00" in m.group(0) or _NOT_PLACE.match(name) or _NOT_PLACE.match(name + suffix):
            continue
        # a place name opens the question or follows a separator or another place
        if m.start() > 0 and rest[m.start() - 1] not in "|\x00" or re.search(r"[的了在有是个多少几年今去]", name):
            continue
        full = name + suffix
        match = gz.homophones(name)
        if match:
            found.append((m.start(), match[0].name))
        elif full in gz.parents or len(name) >= 2:
            q.unknown_places.append(full)
        rest = rest[:m.start()] + "\x00" * len(full) + rest[m.end():]
    if not found and gz.places:
        # a typo without a level suffix: 云希去年… (云溪)
        gz.homophones("")  # builds the pinyin index on first use
        for n in sorted(gz.short_lengths, reverse=True):
            for i in range(0, max(0, len(rest) - n) + 1):
                window = rest[i:i + n]
                if "\x00" in window or not _ALL_CJK.fullmatch(window):
                    continue
                match = gz.homophones(window)
                if match:
                    found.append((i, match[0].name))
                    rest = rest[:i] + "\x00" * n + rest[i + n:]
                    break
            if found:
                break
    if found:
        found, rest = _drop_ancestors(found, norm, rest)
    # 全国排名, 全国名特优新农产品目录, 全国文明城市: the nation as the field of a list or a rank is no
    # place asked (全国GDP is)
    scoped = [(st, n) for st, n in found if n == "全国" and _NATION_AS_FIELD.match(norm, st + 2)]
    if scoped:
        found = [f for f in found if f not in scoped]
        for st, _ in scoped:
            rest = rest[:st] + norm[st:st + 2] + rest[st + 2:]
    if len(found) >= 2:
        def end_of(start: int) -> int:  # where the place found at `start` ends (its characters are \x00 in rest)
            return start + len(rest[start:]) - len(rest[start:].lstrip("\x00"))

        # 元谋县GDP在楚雄州排第几位: the area ranked in is no place asked (rank questions only)
        def ranked_in(start: int) -> bool:
            return norm[start - 1:start] == "在" and bool(re.match(r"(?:中|内|里)?(?:排|位居|居|位列|名列|第几|的排名)", norm[end_of(start):]))
        kept = [(st, n) for st, n in found if not ranked_in(st)]
        if kept and len(kept) < len(found):
            found = kept

        # 沁阳GDP增速比焦作快几个点: the reference of a gap is no place asked; its name stays in the
        # text, where it says which gap (比焦作 …)
        def reference(start: int) -> bool:
            return re.search(r"(?:比|较|高于|低于|快于|慢于|超过|高出)$", norm[:start]) is not None and \
                re.match(r"(?:全[省市州县区盟])?(?:的)?(?:平均)?(?:水平|增速|增幅)?(?:高|低|快|慢|多|少)", norm[end_of(start):]) is not None
        refs = [st for st, _ in found if reference(st)]
        if refs and len(refs) < len(found):
            found = [(st, n) for st, n in found if st not in refs]
            for st in refs:
                rest = rest[:st] + norm[st:end_of(st)] + rest[end_of(st):]
    if not found:
        _national_unknown(q, rest, gz)
    seen = []
    for _, name in sorted(found):
        if name not in seen:
            seen.append(name)
    q.regions = seen
    # a parent city (岚州市) named on its own is a place with no report of its own
    if not seen:
        scope = re.match(r"^(全省|全国|全市)", norm)
        if scope and scope.group(1) not in q.unknown_places:
            q.unknown_places.append(scope.group(1))
        for parent in gz.parents:
            if parent in norm and parent not in q.unknown_places:
                q.unknown_places.append(parent)
    return rest.replace("\x00", "")


def _drop_ancestors(found: list[tuple[int, str]], norm: str, rest: str) -> tuple[list[tuple[int, str]], str]:
    """天津河北区, 河北衡水冀州: the province and city written before a place say where it is; they
    are no places of the question of their own (a loaded 天津市 is not asked too) and no part of
    the indicator."""
    from .places import ancestor_names

    for start, name in sorted(found, reverse=True):
        names = sorted(ancestor_names(name), key=len, reverse=True)
        pos = start
        while pos > 0:
            hit = next((a for a in names if norm[:pos].endswith(a)), None)
            if hit is None:
                break
            pos -= len(hit)
            found = [(s, n) for s, n in found if s != pos]
            rest = rest[:pos] + "\x00" * len(hit) + rest[pos + len(hit):]
    return found, rest


def _national_unknown(q: Question, rest: str, gz) -> None:
    """A real place with no report loaded (桃城, 衡水市): named by its short name at the question's
    start, or with its level anywhere; it must not be answered with another place's figures."""
    from .places import divisions, names_in

    dv = divisions()
    for s, e, name in names_in(rest):
        # a division's full name (新华区, 城关镇) is a place; only the generic ones (城区) are words
        if "\x00" not in rest[s:e] and name not in q.unknown_places and name not in _GENERIC_DIVISIONS:
            q.unknown_places.append(name)
    if q.unknown_places:
        return
    head = rest.lstrip("\x00|")
    from . import tokenizer

    first = (tokenizer.cut(head[:10]) or [""])[0]
    for k in (4, 3, 2):
        cand = head[:k]
        if len(first) > k and first.startswith(cand) and first[-1] not in "省市县区旗州盟":
            continue  # 牡丹亭文化园: the name begins a longer word (牡丹亭), not the place 牡丹(区)
        if len(cand) == k and cand in dv.by_short and (_prefecture_or_higher(dv.by_short[cand])
                                                        or not _common_word(cand)):
            q.unknown_places.append(dv.by_short[cand][0].name)
            return


def _prefecture_or_higher(divisions_named) -> bool:
    """石家庄, 保定, 大连: a city or province short name opening a question is that place, whatever
    jieba makes of the word (石家庄 tagged a person's name, 保定 a verb)."""
    return any(d.level in ("province", "city") for d in divisions_named)


def _common_word(w: str) -> bool:
    """A short place name that is also an everyday word (和平, 发展, 平安) is not read as a place."""
    from . import tokenizer

    toks = tokenizer.pos(w)
    return len(toks) == 1 and toks[0][1] != "ns" and tokenizer.frequency(w) > 300


_LATIN_WORD = re.compile(r"[a-z]{4,}")
_ALL_CJK = re.compile(r"[\u4e00-\u9fff]+")


def _homophone(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) != len(b) or len(a) < 2:
        return False
    same = sum(x == y for x, y in zip(a, b))
    return same >= len(a) - 1 and same >= 1 and _py(a) == _py(b)


# ------------------------------------------------------------------ years

def _years_by_region(q: Question, norm: str, places) -> None:
    """Two regions each followed by its own year: 青岫2022年和汀湖2023年GDP增速比较."""
    if len(q.regions) < 2:
        return
    gz = gazetteer(places)
    spots = []
    for r in q.regions:
        p = next((pl for pl in gz.places if pl.name == r), None)
        names = [a for a in {p.name, p.short, *p.aliases} if a] if p else [r]
        pos = min((norm.find(a) for a in names if norm.find(a) >= 0), default=-1)
        spots.append((pos, r))
    spots.sort()
    years: list = [(m.start(), int(m.group(1))) for m in _YEAR_Q.finditer(norm)]
    rel = re.compile("|".join(w for w, _ in _RELATIVE[3:]))
    years += [(m.start(), (dict(_RELATIVE)[m.group(0)],)) for m in rel.finditer(norm)]  # 济南2025年…冀州今年
    years.sort(key=lambda y: y[0])
    if len(years) != len(spots) or any(p < 0 for p, _ in spots) or all(isinstance(y, tuple) for _, y in years):
        return
    for (pos, region), (ypos, year) in zip(spots, years):
        if ypos < pos:
            return
    q.year_by_region = {region: year for (_, region), (_, year) in zip(spots, years)}


_PLAN_YEAR_Q = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:规划)?的?(开局|起步|首|第一|收官|最后一|末|结束)"
                          r"(?:之年|那一年|那年|的那年|年)")


def _years(q: Question, text: str) -> str:
    m = _BASE.search(text)
    if m:
        y = re.match(r"(\d{4})", m.group(2))
        q.base_year = int(y.group(1)) if y else None
        text = text[:m.start()] + text[m.end():]
    text = _CN_YEAR.sub(lambda mm: f"{int(cn_to_number(mm.group(1)))}年", text)
    om = _PLAN_YEAR_Q.search(text)
    if om:  # 十四五开局那年 → 2021, 十三五收官之年 → 2020: one year of the plan, named by its place in it
        end = plan_end_year(om.group(1))
        q.years.append(end - 4 if om.group(2) in ("开局", "起步", "首", "第一") else end)
        text = text[:om.start()] + text[om.end():]
    pm = _PLAN_Q.search(text)
    if pm and q.base_year is None and re.search(r"(?:比|较|相比)$", text[:pm.start()]) and re.search(r"末$", pm.group(0)):
        q.base_year = plan_end_year(pm.group(1))  # 比十三五末增长了多少: the plan's last year is the base
        text = text[:pm.start() - 1] + text[pm.end():]
        pm = None
    if pm:  # “十四五”末 → 2025
        q.years.append(plan_end_year(pm.group(1)))
        if re.search(r"(时期|期间)$", pm.group(0)):
            q.period = "multi"  # 十三五期间…年均: the plan period, not its last year
        text = text[:pm.start()] + text[pm.end():]
    rm = _RANGE_Q.search(text)
    if rm and int(rm.group(1)) < int(rm.group(2)):
        # 2012到2017年年均增长: a period, dated by its last year
        q.years.append(int(rm.group(2)))
        q.period = "multi"
        text = text[:rm.start()] + text[rm.end():]
    for m in _YEAR_Q.finditer(text):
        q.years.append(int(m.group(1)))
    text = _YEAR_Q.sub("", text)
    if not q.years:
        m = _SHORT_YEAR.search(text)
        if m:  # 渝中23年前三季度: a two-digit year
            q.years.append(2000 + int(m.group(1)))
            text = text[:m.start(1)] + text[m.end():]
    sm = _SPAN_Q.search(text)
    if sm and re.search(r"累计|年均|合计|总共|一共|平均|共计", text):
        q.period = "multi"  # 4年GDP累计, 近3年固投累计, 四年年均增长: a span of years, no part of the name
        text = text[:sm.start()] + text[sm.end():]
    pm = _PARTIAL_Q.search(text)
    if pm:
        q.period = "partial"
        text = text[:pm.start()] + text[pm.end():]  # 上半年第一产业增加值: the part of the year is no part of the name
    elif _MULTI_Q.search(text) or q.period == "multi":
        q.period = "multi"
    nm = _NEXT_YEARS.search(text)
    if nm:  # 今后五年GDP年均增长目标: the plan's goals for the years ahead
        q.period = "multi"
        q.kind = q.kind or "target"
        text = text[:nm.start()] + text[nm.end():]
    for word, rel in _RELATIVE:
        if word in text:
            q.relative = rel
            text = text.replace(word, "")
            break
    return text


# ------------------------------------------------------------------ kind, measure, unit, type

def _kind_measure(q: Question, text: str) -> None:
    # 减少多少贫困人口 / 新增多少家企业: how many, not a rate
    probe = re.sub(r"(减少|增加|新增)(多少|几)(?=[\u4e00-\u9fff])", "", text)
    # 完成投资占年度计划的比例: the plan is what the share is taken of, the figure itself is no target
    probe = re.sub(r"(?:占|完成|超过?)(?:了)?(?:年度|全年|年初)?(?:计划|目标|任务)的?(?=比例|比重|百分之|多少|几成|\d|$)", "占", probe)
    probe = probe.replace("新增", "").replace("新建", "").replace("多少", "").replace("增加值", "值")
    past = q.relative is not None and q.relative < 0
    if _ASSESS.search(text):
        q.assess, q.kind = True, "actual"  # 2023年GDP目标完成了吗: what was achieved
    elif _has("target", re.sub(r"主要|重要|需要|要素|要点|摘要|纪要|要闻", "", probe)):  # 主要建设项目: no 要 of a plan
        strong = any(w in probe for w in _STRONG_TARGET)
        # 去年争取到多少资金: a weak cue (要/争取/力争) does not make a past year a target
        if strong or not past:
            q.kind = "target"
            q.kind_weak = not strong
        else:
            q.kind = "actual"
    elif _has("actual", probe) or past or re.search(r"(?:完成|实现)(?:了)?(?:多少|几)", text):
        q.kind = "actual"  # 收入完成多少: what was achieved
    # 比全省平均高多少: a difference against a reference that is not a year
    if re.search(r"(?<![占同])比(?!重|例|率)(?!上年|去年|上一年).{1,10}?(高|低|多|少|快|慢)(出|了)?(多少|几|啥)|(高出|低于|高于|快于|慢于).{0,8}(多少|几)", text):
        q.versus = True
        q.versus_ref = versus_reference(q.norm)
        q.measure = "growth"
    if _has("rank", probe):
        q.measure = "rank"
    elif re.search(r"(提高|增加|下降|降低|减少|上升)(?:了|(?=多少|几))|百分点", probe):
        q.measure = "growth"  # 比重提高了几个百分点: a change, even of a share
    elif _has("share", re.sub(r"占(?:地|用|领|据|有)", "", probe)):  # 占地多大: an area, not a share
        q.measure = "share"
    elif _has("growth", probe):
        q.measure = "growth"
    elif _has("level", probe):
        q.measure = "level"
    if re.search(r"(多少|几)个?点", text) and not re.search(r"(多少|几)个?点[位钟]", text):
        q.measure = q.measure or "growth"  # 涨了几个点: a percentage
    elif re.search(r"(多少|几)[万亿](?![\u4e00-\u9fff])|多少[万亿]元?$|(多少|几)[万亿](?=台阶|大关|级)", text):
        q.unit_family, q.measure = "元", q.measure or "level"  # 多少亿: an amount of money
    m = _UNIT_ASK.search(text)
    if m and q.unit_family is None and not re.match(r"个?点", m.group(2)):
        word = m.group(2)
        first = (tokenizer_first(word) if word else "")
        for u in lexicon.units():
            if word.startswith(u.text) and (len(first) <= len(u.text) or first == u.text):
                q.unit_family = u.family
                if q.measure is None:
                    q.measure = "level"
                break
        if word.startswith("钱"):
            q.unit_family, q.measure = "元", q.measure or "level"
    if q.measure == "growth" and q.unit_family in _COUNT_FAMILIES and not re.search(r"(增长|增速|增幅|百分)", text):
        q.measure = None  # 停车位增加了多少个: the number added, however the report words it
    if q.base_year and q.measure == "level" and re.search(r"(增加|减少|增长|多了|少了|提高|下降)", text):
        q.measure = None  # 企业比十三五末增加多少家: the change since the base, however the report words it
    if len(q.regions) >= 2 or (_has("compare", text) and len(q.regions) >= 2):
        q.qtype = "compare"
    elif _has("list", text):
        q.qtype = "list"
    elif _has("text", text) and lexicon.concepts(lexicon.canonicalize(text)) and re.search(r"(目标|增长|增速|定了|定的|多少)", text):
        pass  # 财政收入定了啥目标: a figure asked in words
    elif _WHICH_ITEMS.search(text) or _WHEN.search(text):
        q.qtype = "text"  # 哪几家银行, 哪三块招牌, 哪两个镇: names are asked, not a figure
    elif _has("text", text) and not re.search(r"(多少|几[个家座次项天人]|增长|增速|百分)", text):
        q.qtype = "text"


@lru_cache(maxsize=1)
def _unit_ask_any() -> re.Pattern:
    """多少/几 with the unit asked for (多少万亩, 几个, 多少钱): removed from the indicator phrase."""
    units = "|".join(re.escape(u.text) for u in lexicon.units())  # longest first
    # (几个点 asks percentage points: a filler of its own, not 几个 and a stray 点)
    return re.compile(rf"(?<!第)(多少|几)(万|亿)?({units}|钱|)(?!个?点)")


@lru_cache(maxsize=1)
def _metric_scan() -> re.Pattern:
    """Canonical names (kept whole) or fillers (dropped), leftmost first, canonical names first."""
    canon = sorted(lexicon.canonical_metrics(), key=len, reverse=True)
    return re.compile("(?P<c>" + "|".join(map(re.escape, canon)) + ")|" + _DROP.pattern)


def tokenizer_first(word: str) -> str:
    """The first dictionary word of a text (台阶 stays one word: 台 is no unit there)."""
    from . import tokenizer

    toks = tokenizer.cut_all_tokens(word)
    return toks[0] if toks else ""


def _drop_residue(metric: str) -> str:
    """Words after an indicator that only frame the question (定得, 一样, 全市比): dropped."""
    return _RESIDUE.sub("", metric) or metric


_RESIDUE = re.compile(r"(?<=[\u4e00-\u9fff])(?:全[市省县区国]|[市省县区])?(?:比|相比|定得|定的|定了|一样|相同|差不多|谁快|谁慢)+$")


# grammatical words of a question, dropped even beside a name's characters (完成了, 的比重)
_PARTICLES = frozenset("了的是吗呢吧啊呀么为将在到几哪谁啥")


def _metric_text(text: str, known: frozenset = frozenset()) -> str:
    t = _unit_ask_any().sub("", text)
    t = lexicon.canonicalize(t)
    t = re.sub(r"(?<![A-Za-z])[a-z][a-z+&]*(?![a-z\d.])", "", t)  # leftover Latin words (wind+solar)
    # drop fillers outside canonical names; a filler that is part of a word the knowledge base's
    # indicator names hold (高 of 高频事项, 降 of 减税降费, 有 of 有效发明专利, 数字 of 数字经济) stays
    inside = {i for i in range(len(t)) if t[i - 1:i + 1] in known or t[i:i + 2] in known} if known else set()
    out, pos = [], 0
    for m in _metric_scan().finditer(t):
        out.append(t[pos:m.start()])
        if m.group("c"):
            out.append(m.group("c"))
        elif len(m.group(0)) == 1 and m.start() in inside and (
                m.group(0) not in _PARTICLES or t[m.start():m.start() + 2] in known and t[m.start() + 1:m.start() + 3] in known):
            out.append(m.group(0))  # …a particle too, when a name runs on through it (到 of 到位资金)
        elif len(m.group(0)) > 1 and known and m.end() + 1 < len(t) and m.group(0) not in _STRONG_TARGET \
                and all(t[i:i + 2] in known for i in range(m.start(), m.end() + 1)):
            out.append(m.group(0))  # 数字 of 数字经济: a filler word that runs on into an indicator name
        pos = m.end()
    out.append(t[pos:])
    return "".join(out)
