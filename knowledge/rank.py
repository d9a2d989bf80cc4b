"""Ranking: candidates that satisfy the question's hard constraints, scored on the indicator phrase.

Region, year, kind, measure and unit are filters (never scored); only the indicator phrase is
fuzzy: character and character-bigram overlap between the question's phrase and the indicator's
metric, its clause and its sentence, with synonyms folded to canonical names on both sides, and
RapidFuzz's partial ratio for near-miss spellings.
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from . import lexicon, tokenizer
from .answers import Answer
from .kb import KnowledgeBase
from .understand import Question

CUTOFF = 0.52          # below this an indicator phrase does not answer the question
TEXT_CUTOFF = 0.34
MEASURE_COMPAT = {"level": {"level", "count"}, "count": {"count", "level"}, "growth": {"growth"},
                  "share": {"share"}, "rank": {"rank"}}


def _chars(s: str) -> frozenset[str]:
    return frozenset(c for c in s if not c.isspace())


def _bigrams(s: str) -> frozenset[str]:
    return frozenset(s[i:i + 2] for i in range(len(s) - 1))


@lru_cache(maxsize=8192)
def _sentence_bigrams(text: str) -> frozenset[str]:
    return _bigrams(text)


def _f(q: frozenset, m: frozenset, beta: float = 1.6) -> float:
    """F-beta of question items covered by the candidate (recall weighted over precision)."""
    if not q or not m:
        return 0.0
    hit = len(q & m)
    if not hit:
        return 0.0
    r, p = hit / len(q), hit / len(m)
    b2 = beta * beta
    return (1 + b2) * p * r / (b2 * p + r)


def _recall(q: frozenset, m: frozenset) -> float:
    return len(q & m) / len(q) if q else 0.0


class MetricFeatures:
    """What scoring needs of one canonical metric; shared by all its indicators."""

    __slots__ = ("metric", "core", "chars", "bigrams", "average", "plain", "concepts", "share_of")

    def __init__(self, metric: str):
        self.metric = metric
        self.concepts = lexicon.concepts(metric)
        self.core = _core(metric)
        self.chars = _chars(metric)
        self.bigrams = _bigrams(metric)
        self.average = metric.endswith("年均") and len(metric) > 2
        self.plain = features(metric[:-2]) if self.average else None
        m = _SHARE_OF.match(metric)
        self.share_of = m.group(1) if m else ""  # 税收收入占一般公共预算收入比重: a share of 税收收入


# X占Y(的)比重: the part whose share it is, when a question leaves the whole unsaid (税收占比)
_SHARE_OF = re.compile(r"^(.{2,}?)占.{2,}?(?:的)?(?:比重|比例|份额|占比)$")
_SHARE_ASKED = ("占比", "比重", "比例", "份额")


@lru_cache(maxsize=65536)
def features(metric: str) -> MetricFeatures:
    return MetricFeatures(metric)


class Candidate:
    """An indicator prepared for scoring: its row and its metric's shared features. The clause's
    bigrams are computed on first use only; the sentence is read only when it can matter."""

    __slots__ = ("row", "f", "clause", "_c_bigrams", "_after")

    def __init__(self, row, metric: str | None = None):
        self.row = row
        self.f = features(row["canonical"] or "" if metric is None else metric)
        self.clause = row["context_canonical"] or ""
        self._c_bigrams = None
        self._after = None

    @property
    def c_bigrams(self) -> frozenset:
        if self._c_bigrams is None:
            self._c_bigrams = _bigrams(self.clause)
        return self._c_bigrams

    @property
    def after(self) -> str:
        """What the figure counts, written after it: 100万元|培训企业家300人次."""
        if self._after is None:
            try:
                value = self.row["value"]
            except (KeyError, IndexError):
                value = ""
            self._after = self.clause.partition(value)[2][:8] if value and value in self.clause else ""
        return self._after


class CandidateSet:
    """Candidates, with an inverted index from the bigrams of metric and clause when the set is a
    region's (small); a corpus-wide set is already narrowed to a few metrics and is not indexed."""

    __slots__ = ("items", "index")

    def __init__(self, items: list[Candidate], indexed: bool = True):
        self.items = items
        self.index: dict[str, list[int]] | None = None
        if indexed:
            index: dict[str, list[int]] = {}
            for i, c in enumerate(items):
                for b in c.f.bigrams | c.c_bigrams:
                    index.setdefault(b, []).append(i)
            self.index = index

    def sharing(self, bigrams: frozenset) -> list[Candidate]:
        """Candidates that share at least one bigram with the question's phrase, in order.
        One that shares none cannot reach the cutoff (its bigram scores are all zero)."""
        if self.index is None:
            return self.items
        hits: set[int] = set()
        for b in bigrams:
            got = self.index.get(b)
            if got:
                hits.update(got)
        return [self.items[i] for i in sorted(hits)]


@dataclass(frozen=True, slots=True)
class Phrase:
    """The question's indicator phrase with its n-gram sets and the indicator names it contains."""
    text: str
    chars: frozenset
    bigrams: frozenset
    concepts: frozenset = frozenset()
    action: str = ""              # 引进首店: a verb opening the phrase, looked for in the sentence
    core: "Phrase | None" = None  # the phrase without it (首店)

    @classmethod
    def of(cls, text: str) -> "Phrase":
        return _phrase_of(cls, text)

    @classmethod
    def build(cls, text: str) -> "Phrase":
        from . import subject

        action, rest = subject.split_action(text) if text else ("", text)
        if not action and text:
            rest, action = subject.trailing_action(text)  # 高标准农田建设(目标): 建设 is looked for in the sentence
        core = None
        # 造林面积: what is left after the verb is only a measure word (面积, 规模, 人数), which
        # names nothing by itself; the phrase stays whole
        if action and rest and _MEASURE_TAIL.sub("", rest) == "":
            action = ""
        if action and rest and rest != text and not action.startswith("新"):
            core = cls(rest, _chars(rest), _bigrams(rest), lexicon.concepts(rest))
        else:
            action = ""
        return cls(text, _chars(text), _bigrams(text), lexicon.concepts(text), action, core)


@lru_cache(maxsize=4096)
def _phrase_of(cls, text: str) -> "Phrase":
    return cls.build(text)


@lru_cache(maxsize=16384)
def _context_recall(q: str, metric: str, sent: str) -> float:
    """How much of the question beyond the thing it names the sentence says (受益 ~ 喝上自来水)."""
    words = q.replace(metric, "")
    return 0.5 * (_recall(_bigrams(words), _sentence_bigrams(sent)) + _recall(_chars(words), _chars(sent)))


def _metric_score(p: Phrase, f: MetricFeatures) -> float:
    """How well the phrase names the metric itself (0‥1)."""
    q, metric = p.text, f.metric
    qb = p.bigrams
    s = 0.5 * _f(p.chars, f.chars) + 0.5 * (_f(qb, f.bigrams) if qb and f.bigrams else _f(p.chars, f.chars))
    if metric.endswith(q):
        s = max(s, 0.85)      # the question names the head: 收入 ⊂ 农村居民…收入
    elif metric in q and len(metric) >= 2:
        # the question adds words (疫苗接种覆盖率 ⊃ 覆盖率): worth more the more of it the metric is
        s = max(s, 0.5 + 0.4 * len(metric) / len(q))
    return max(s, 0.9 * fuzz.ratio(q, metric) / 100)


def score_candidate(p: Phrase, c: Candidate, memo: dict | None = None) -> float:
    """How well the question's indicator phrase names this indicator (0‥1): the metric itself
    most, then the clause and sentence it stands in; the head noun and defining modifiers must agree."""
    f = c.f
    q, metric, clause = p.text, f.metric, c.clause
    if not q or not metric:
        return 0.0
    if q == metric:
        return 1.0
    if f.average and not q.endswith("年均"):
        # a five-year average answers for the indicator, a little below the year's own figure
        return 0.97 * score_candidate(p, Candidate(c.row, f.plain.metric), memo)
    if memo is not None:
        s_metric = memo.get(metric)
        if s_metric is None:
            s_metric = memo[metric] = _metric_score(p, f)
    else:
        s_metric = _metric_score(p, f)
    qb = p.bigrams
    s_clause = _recall(qb, c.c_bigrams) if clause else 0.0
    base = 0.55 * s_metric + 0.25 * max(s_clause, s_metric) + 0.08 * s_clause  # the clause breaks ties
    floor = max(s_clause, s_metric)
    s_sent = 0.0
    if base + 0.12 >= CUTOFF * 0.75 and floor < 1.0:  # the sentence can still matter: read it
        s_sent = _recall(qb, _sentence_bigrams(c.row["sentence_canonical"] or ""))
    score = base + 0.12 * max(s_sent, floor)
    # the head of the phrase (what is measured: 收入, 人口, 能耗) must agree
    core, mcore = _core(q), f.core.replace("的", "")  # 的 is dropped from questions
    head_q, head_m = core[-2:], mcore[-2:]
    # 小升规企业培育 ~ 培育小升规企业 (not 单位地区生产总值能耗 for 地区生产总值: its head is not asked)
    reordered = _recall(p.chars, f.chars) >= 0.8 and _recall(f.chars, p.chars) >= 0.6 and head_m in core
    compound = mcore.startswith(core) and len(mcore) - len(core) <= 2  # 税收 ~ 税收收入
    if (len(core) >= 2 and not reordered and not compound and head_m not in core[-3:] and head_q not in mcore[-3:]
            and head_q not in clause[-6:] and head_q not in c.after):
        score *= 0.6
    for mod in lexicon.modifiers():
        if mod in q and mod not in metric and mod not in clause:
            score *= 0.6  # 人均GDP asked, GDP found: another indicator
            break
    else:
        if any(mod in metric and mod not in q for mod in _NARROWING):
            score *= 0.9  # 接待游客 asked: 乡村旅游接待游客 is a part of it, the whole goes first
    asked_group = lexicon.population(q)
    if asked_group and (found_group := lexicon.population(metric)) and found_group != asked_group:
        score *= 0.3  # 全体居民收入 asked, 城镇居民收入 found: another population's figure
    asked_sector = lexicon.sector(q)
    if asked_sector and (found_sector := lexicon.sector(metric)) and lexicon.sectors_differ(asked_sector, found_sector):
        score *= 0.3  # 服务业增加值 asked, 工业增加值 found: another sector's figure
    if _NEW.search(q) and not _NEW_ANY.search(metric + clause):
        score *= 0.6  # 新引进 asked, 推进 found: what is new is not all there is
    for part, whole in lexicon.parts():
        if part in q and whole not in q and whole in metric:
            score *= 0.3  # 出口 asked, 进出口 found: a part is not its whole
            break
    qc = p.concepts
    if qc:
        mc = f.concepts
        if mc and not any(a in b or b in a for a in qc for b in mc):
            score *= 0.4  # PM10 asked, PM2.5 found: another indicator of the list
    tq, tm = _thresholds(q), _thresholds(metric)
    if tq != tm and tq:
        score *= 0.3  # 亿元以上项目 asked, 10亿元以上项目 found: another threshold, another count
    if len(metric) >= 2 and metric in q and len(q) > len(metric) + 1 and not qc:
        # the question names the thing counted and what is said of it (城乡供水一体化让多少群众受益):
        # the rest of the question must be found in the sentence
        ctx = _context_recall(q, metric, c.row["sentence_canonical"] or "")
        if ctx >= 0.5:
            score = max(score, 0.45 + 0.45 * ctx)
    if f.share_of and q.endswith(_SHARE_ASKED) and "占" not in q[:-2]:
        # 税收占比 ~ 税收收入占一般公共预算收入比重: the whole a share is taken of goes unsaid
        score = max(score, 0.97 * score_candidate(p, Candidate(c.row, f.share_of + q[-2:]), memo=None))
    if p.action and p.core is not None:
        alt = score_candidate(p.core, c, None)
        # the action asked (开工) in the figure's own name or clause counts fully; only elsewhere in
        # its sentence (引进…38个，开工31个 for the 38) a little less: the figure it names wins the tie
        said = 1.0 if p.action in metric or p.action in clause else \
            0.97 if p.action in (c.row["sentence_canonical"] or "") else 0.9
        score = max(score, alt * said)
    return min(score, 1.0)


_MEASURE_TAIL = re.compile(r"(?:总?(?:面积|数量|总量|规模|容量|金额|人数|个数|比重|占比|比例)|情况|资金|接种|工作|的)$")


def _core(phrase: str) -> str:
    """The phrase without a trailing measure word: 风电光电并网总规模 → 风电光电并网."""
    c = _MEASURE_TAIL.sub("", phrase) if len(phrase) > 3 else phrase
    return c if len(c) >= 2 else phrase


@dataclass(slots=True)
class Scored:
    row: sqlite3.Row
    score: float


def _kind_year_ok(q: Question, row, report_year: int | None) -> bool:
    want_year = q.year_for(report_year, row["region"])
    if want_year is not None and row["year"] != want_year:
        return False
    if q.kind and row["kind"] and row["kind"] != q.kind:
        weak_past = q.kind_weak and want_year is not None and report_year and want_year < report_year
        if not weak_past:
            return False
    if q.kind == "target" and row["kind"] is None:
        return False
    if q.base_year and row["base_year"] and row["base_year"] != q.base_year:
        return False
    return True


def _measure_ok(q: Question, row) -> bool:
    if row["unit"] in ("个百分点", "百分点") and q.measure not in ("growth", None if q.versus else "growth"):
        return False  # a change in points never answers "what is the rate" (城镇化率是多少)
    if row["unit"] in ("个百分点", "百分点") and not q.versus and not _POINTS_ASKED.search(q.norm) \
            and not _RATE_NAME.search(row["canonical"] or row["metric"] or ""):
        return False  # 增速高于全省0.6个百分点 is a gap to a reference, not 经济增速
    if q.measure == "share" and row["measure"] == "level" and row["unit"] == "%":
        pass  # a rate stated as a level (覆盖率达到90.4%) is a share too
    elif q.measure and row["measure"] not in MEASURE_COMPAT[q.measure]:
        return False
    fam = lexicon.unit_family(row["unit"])
    if q.unit_family:
        if fam != q.unit_family and not (q.unit_family == "个" and fam in lexicon.GENERIC_COUNT):
            return False
    elif q.families and row["measure"] in ("level", "count") and fam not in q.families \
            and fam not in ("%", "成", "倍", "百分点"):
        return False  # 投资多少 is money: 152个项目 does not answer it
    return True


_NARROWING = ("乡村", "入境", "网络", "跨境")  # modifiers that name a part of a whole (乡村旅游 of 旅游)
_POINTS_ASKED = re.compile(r"百分点|几个点|多少个点|多少点|提高|提升|下降|降低|上升|回落|变化|差距|拉动")
_RATE_NAME = re.compile(r"(率|比重|占比|比例|强度|指数|份额|水平|贡献)")
_NEW = re.compile(r"新(?:增|建|引进|开工|认定|培育|签约|改建|注册|登记)")
_NEW_ANY = re.compile(r"新(?:增|建|引进|开工|认定|培育|签约|改建|注册|登记|设)|净增|增加|增设|建成|建设|完成|引进|培育|认定|实施")
_CROSSED = ("突破", "越过", "迈过", "跨过", "超过", "超")
_PERIOD_TOTAL = re.compile(r"(累计|五年来|五年|期间|以来)")
# 四年累计完成81.2亿元: a span of years summed (the span is stripped from the indicator's name)
_SUM_WORD = re.compile(r"累计|合计|总计|共计")
_SUMMED = re.compile(rf"[两二三四五六七八九十\d]{{1,2}}年(?:来|间|里)?(?:{_SUM_WORD.pattern})")
_BASIS = re.compile(r"可比|同口径")
_PERIOD_ASKED = re.compile(r"(累计|五年|期间|以来|十[一二三四五六七八九]五|总共|一共|合计)")
_VERSUS = re.compile(r"(高于|低于|高出|低出|快于|慢于|超出|超过|(?<!同)比(?!上年|去年|上一年|增|降))")  # not 同比/比上年: the year before


def _score_one(q: Question, phrase: Phrase, c: Candidate, ry: int | None, memo: dict | None) -> float | None:
    """One candidate under the question's filters (None: it cannot answer) and its score."""
    row = c.row
    region = row["region"]
    if not _kind_year_ok(q, row, ry or row["year"]):
        return None
    if not _measure_ok(q, row):
        return None
    if q.versus and not _VERSUS.search(c.clause):
        return None  # a difference against a reference is only stated with 高于/低于…
    if q.versus and q.versus_ref:
        from .understand import versus_reference

        said = versus_reference(c.clause)
        if said and not _same_reference(said, q.versus_ref):
            return None  # 比全国平均水平高4.1个百分点 does not answer 比全省高多少
    versus_rate = q.versus and row["unit"] not in ("个百分点", "百分点", "个")  # 高几个点: the gap, not the rate
    if (_PERIOD_TOTAL.search(c.f.metric + (row["canonical"] or ""))
            or _SUMMED.search(_before_value(row))) and not _PERIOD_ASKED.search(q.norm):
        return None  # 五年累计完成投资1620亿元 is not one year's amount
    period = row["period"] or ""
    part_only = False
    if (q.period == "partial") != (period == "partial"):
        asked = q.year_for(ry, region)
        if not (period == "partial" and not q.period and row["kind"] == "actual"
                and (asked is None or (ry and asked == row["year"] == ry))):
            return None  # 前三季度增长5.4% answers only a question about that part of the year
        part_only = True  # …unless the year asked is still under way: its part so far, labelled, after any whole year's
    if period == "multi" and row["measure"] == "growth" and q.period != "multi" and (q.years or q.relative is not None) \
            and (c.f.average or "年均" in c.clause) and row["kind"] == "actual":
        return None  # 年均增长15%: a period's average does not answer one year's growth
    if q.base_year is None and row["base_year"] and row["measure"] == "growth" and row["year"] \
            and row["base_year"] < row["year"] - 1 and q.period != "multi":
        return None  # 较2020年增长30% is five years' growth, not the year's
    s = score_candidate(phrase, c, memo)
    if period == "multi" and q.period == "multi" and _SUM_WORD.search(phrase.text):
        # GDP累计 asked, 四年累计完成545亿元 found: the sum is the period's, the indicator's name has no 累计
        bare = Phrase.of(_SUM_WORD.sub("", phrase.text))
        if bare.text:
            s = max(s, score_candidate(bare, c, None))
    if part_only:
        s *= 0.9
    if _BASIS.search(q.raw) and not _BASIS.search(c.clause):
        s *= 0.93  # 可比增长多少: the growth on a comparable basis (扣除…因素后可比增长2.7%) first
    elif "扣除" in c.clause and not re.search(r"扣除|实际|可比|同口径", q.raw):
        s *= 0.95  # 增长8.8%，扣除价格因素后增长7.1%: the growth as first stated, unless the adjusted one is asked
    metric = c.f.metric
    if q.measure == "share" and row["measure"] == "share" and "占" in metric[1:] and "占" not in phrase.text:
        # 民生领域支出占财政支出 (81.4%) is the share of 民生领域支出: asked for 民生支出占比, the part
        # before 占 is the thing named
        part = metric.split("占", 1)[0]
        if len(part) >= 2:
            s = max(s, 0.97 * score_candidate(phrase, Candidate(row, metric=part), None))
    if q.thresholds and _thresholds(c.f.metric) != q.thresholds:
        s *= 0.3  # 超过50万元的村 asked, 超过10万元的村 found: another threshold, another count
    if q.base_year is None and row["base_year"]:
        s *= 0.95  # 比2015年增长40.2% answers "增长多少" only when that base is asked
    if q.mentioned:
        sent = row["sentence_canonical"] or ""
        if any(_holds_number(sent, n) for n in q.mentioned):
            s = min(1.0, s + 0.12)  # 那671个项目: the sentence the question points at
    if versus_rate:
        s *= 0.9
    if q.source:
        bulletin = "公报" in (row["sentence_canonical"] or "")
        if bulletin != (q.source == "bulletin"):
            s *= 0.9  # 统计公报里的增速: the bulletin's final figure, not the report's estimate (or the reverse)
    literal = row["metric"] or ""
    if literal and literal != phrase.text and len(literal) < len(phrase.text) and phrase.text.endswith(literal) \
            and (row["canonical"] or "") == phrase.text:
        s *= 0.98  # 工业增加值 read as 规上工业增加值: the figure that says 规模以上 itself first
    if row["unit"] in ("万元", "元") and _yi_asked(q.norm):
        s *= 0.97  # 多少亿: the figure written in 亿元 first (2306460万元 beside 230.6亿元)
    if q.measure == "rank" and row["measure"] == "rank":
        # 总量在某市排第1位，增速居某市第2位: the rank of the growth is not the rank of the total
        asked = _ranked_measure_asked(q.norm)
        said = re.findall(r"增速|增幅|总量|规模", _before_value(row)[-12:])
        if asked and said and ("growth" if said[-1] in ("增速", "增幅") else "level") != asked:
            s *= 0.8
    tier = _tier_asked(q.raw)
    if tier and row["kind"] == "target":
        said = _TIER.findall(_before_value(row)[-8:])
        if said:
            s *= 1.0 if _TIER_OF[said[-1]] == tier else 0.9  # 确保1500亿元、争取1600亿元
        elif _aim_follows(row):
            s *= 1.0 if tier == "floor" else 0.9  # 增长10%，力争11.5%: the 10% is the floor
    elif row["kind"] == "target" and (said := _TIER.findall(_before_value(row)[-8:])) \
            and _TIER_OF[said[-1]] == "aim" and re.search(r"确保|保底|至少", c.clause):
        s *= 0.97  # 确保增长7%以上、力争7.5%, no tier asked: the target promised before the aim
    if (period == "multi") != (q.period == "multi"):
        s *= 0.92  # a period's total or average when one year is asked, or the reverse
    if q.measure is None and row["measure"] in ("growth", "rank", "share"):
        s *= 0.97  # "是多少" without a measure reads as the level first
    asked = q.year_for(ry, region)
    if q.kind is None and row["kind"] == "target" and asked is not None and ry and asked < ry:
        s *= 0.9  # a year that a later report reviews: what was achieved, before what was planned
    if q.kind == "target" and q.kind_weak and row["kind"] == "actual":
        s *= 0.85  # 十三五期间…要达到多少: a target asked in words that also fit an outcome; the target first
    if asked is None:
        if q.kind is None and row["kind"] == "target":
            s *= 0.99  # no year or kind stated: the latest achieved figure first
        if ry and row["year"]:
            # with several reports of a region, the latest one's figure first
            s *= 0.98 ** max(0, ry - row["year"] - (1 if row["kind"] == "actual" else 0))
            if row["kind"] == "target" and row["year"] > ry:
                s *= 0.95  # 到2020年突破500亿元: a horizon goal gives way to the report year's target
    return s


def figure_candidates(kb: KnowledgeBase, q: Question, regions: list[str]) -> dict[str, list[Scored]]:
    """Scored indicators per region, best first, only those above the cutoff."""
    out: dict[str, list[Scored]] = {}
    # the year and kind asked, when they are the same for every region concerned, go into SQL
    if q.year_by_region:
        year = None
    elif q.years:
        year = q.years[0]
    elif q.relative is None:
        year = None
    else:
        years = ({kb.report_year(r) for r in regions} if regions else kb.report_years) - {None}
        year = years.pop() + q.relative if len(years) == 1 else None
    kind = None if q.kind_weak else q.kind
    if regions:
        cands = kb.candidates(tuple(regions), year, kind)
    else:
        cands = kb.candidates((), year, kind, tuple(_vocabulary_hits(kb, q.metric)))
    phrase = Phrase.of(q.metric)
    memo: dict[str, float] = {}
    years_of: dict[str, int | None] = {}
    for c in cands.sharing(phrase.bigrams):
        region = c.row["region"]
        if region not in years_of:
            years_of[region] = kb.report_year(region)
        sc = _score_one(q, phrase, c, years_of[region], memo)
        if sc is not None and sc >= CUTOFF:
            out.setdefault(region, []).append(Scored(c.row, sc))
    for region in out:
        # 首次越过9000亿元，为9321.19亿元: a threshold crossed gives way to the figure beside it
        # (…突破X亿元。…地区生产总值达到Y亿元: in another sentence of the same year too)
        exact = {(x.row["canonical"], x.row["measure"], x.row["year"], x.row["kind"], x.row["period"])
                 for x in out[region] if x.row["qualifier"] not in _CROSSED and x.row["number"] is not None}
        for x in out[region]:
            if x.row["qualifier"] in _CROSSED and (x.row["canonical"], x.row["measure"], x.row["year"], x.row["kind"],
                                                   x.row["period"]) in exact:
                x.score *= 0.96
        # equal scores: the figure its clause states with a verb (增长7.5%以上) before one mentioned in passing
        # (从…到7.5%以上的增长目标)
        out[region].sort(key=lambda x: (-round(x.score, 6), not _STATED.search(_before_value(x.row)),
                                        x.row["sentence_idx"], x.row["id"]))
        _cite_the_statement(out[region])
    return out


def _cite_the_statement(ranked: list[Scored]) -> None:
    """The same figure stated more than once — in a table row or a heading (| 第二产业增加值 | 15.3% |,
    【目标】GDP预期增长6.5%左右), in a review's from-to (从139.3亿元增加到182.8亿元), in passing
    (地区生产总值6.5%左右的目标), in a later recap — is cited where it is stated: prose before a row,
    a plain statement before a from-to or a passing mention, then the first of its document (not its
    title)."""
    if len(ranked) < 2:
        return
    top = ranked[0]
    key = _fact(top.row)
    same = [k for k, x in enumerate(ranked[:8]) if top.score - x.score <= 0.06 and _fact(x.row) == key
            and _same_metric(x.row["canonical"] or "", top.row["canonical"] or "")]
    if len(same) < 2:
        return

    def citation(k: int) -> tuple:
        row = ranked[k].row
        before, after = _around_value(row)
        own = row["document_id"] == top.row["document_id"]
        # (the document's title or subtitle, 某县锚定某年：地区生产总值力争增长10%以上, is a headline over
        # the statement)
        return (_terse(row["sentence_canonical"] or "") or _headline(row), _passing(before, after),
                _from_to(before), not own, row["sentence_idx"] if own else k)

    best = min(same, key=citation)
    if best:
        ranked.insert(0, ranked.pop(best))


def _headline(row) -> bool:
    """A title or a news deck at a document's head (区长作政府工作报告：某年全区生产总值达X亿元): a
    line of its own without a sentence's closing stop."""
    sent = (row["sentence_canonical"] or "").rstrip()
    return row["sentence_idx"] <= 2 and not re.search(r"[。！？!?；;…]$", sent)


def _fact(row) -> tuple:
    return (row["value"], row["year"], row["kind"], row["period"])


def _same_metric(a: str, b: str) -> bool:
    """生产总值 and 地区生产总值 name one indicator; 第一产业增加值 and 地区生产总值 do not."""
    return bool(a) and bool(b) and (a in b or b in a)


def _around_value(row) -> tuple[str, str]:
    clause, value = row["context_canonical"] or "", row["value"] or ""
    i = clause.find(value) if value else -1
    return (clause[:i], clause[i + len(value):]) if i >= 0 else ("", "")


def _passing(before: str, after: str) -> bool:
    """地区生产总值6.5%左右的目标; 要从182.8亿元跨到200亿元: the figure is not what the clause states."""
    return after.startswith("的") or bool(re.search(r"[从由][^，,；;从由]{0,12}$", before))


def _from_to(before: str) -> bool:
    """从139.3亿元增加到182.8亿元: the end of a change, stated beside its start."""
    return bool(re.search(r"[从由][^，,；;]*(?:到|至|调整为|提高为|变为)[“\"]?$", before))


def _terse(sentence: str) -> bool:
    """A table row or a heading line (| 第二产业增加值 | 15.3% |, 【目标】GDP预期增长6.5%左右)."""
    # (a label opening a long sentence, 【2019年回顾】据…，…；…, does not make it a heading)
    if "|" in sentence or _CARD.match(sentence) or re.match(r"^[【\[（(]", sentence) and len(sentence) <= 40:
        return True
    # (a list item, 限上社零额同比增长15%以上；, is a statement)
    return len(sentence) <= 24 and "，" not in sentence and "," not in sentence and not re.search(r"[；;。]$", sentence)


_CARD = re.compile(r"^[【\[][^】\]]{0,12}(?:卡片|数读|数说|速览|一图|图解|数据)[^】\]]{0,12}[】\]]")  # 【数据卡片·某年某县】…；…
_STATED = re.compile(r"(增长|增加|提高|下降|达到|达|为|完成|实现|控制在|保持在|稳定在|突破|超过)[^，,；;]{0,2}$")


# the two tiers of a target: the floor promised (确保) and the higher aim (争取)
_TIER_OF = {"确保": "floor", "保底": "floor", "至少": "floor", "争取": "aim", "力争": "aim", "冲刺": "aim", "奋斗": "aim"}
_TIER = re.compile("|".join(_TIER_OF))


@lru_cache(maxsize=4096)
def _yi_asked(question: str) -> bool:
    return re.search(r"(?:多少|几)亿", question) is not None


@lru_cache(maxsize=4096)
def _ranked_measure_asked(question: str) -> str | None:
    """排第几 of the growth (增速) or of the total (总量), when the question says which."""
    return "growth" if re.search(r"增速|增幅|增长", question) else "level" if re.search(r"总量|规模", question) else None


@lru_cache(maxsize=4096)
def _tier_asked(question: str) -> str | None:
    m = _TIER.search(question)
    return _TIER_OF[m.group(0)] if m else None


_SCOPE_LEVEL = {"国": "nation", "省": "province", "市": "city", "州": "city", "盟": "city", "县": "county", "区": "county"}


def _same_reference(a: str, b: str) -> bool:
    """Two references of a gap (versus_reference) that may be one body: the same words, or a scope
    and a name of its level (全市 and 新乡 in a county's report; 全国 is never 焦作)."""
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    scope, name = (a, b) if a.startswith("全") else (b, a)
    if not scope.startswith("全") or name.startswith("全"):
        return False  # two scopes, or two names, that differ
    from .places import divisions

    dv = divisions()
    levels = {d.level for d in dv.by_short.get(name, []) + dv.by_name.get(name, [])}
    return not levels or _SCOPE_LEVEL.get(scope[1:2]) in levels


def _aim_follows(row) -> bool:
    """增长10%，力争11.5%: a higher aim stated right after the figure makes the figure the floor."""
    clause, value = row["context_canonical"] or "", row["value"] or ""
    sentence = row["sentence_canonical"] or ""
    i = clause.find(value) if value else -1
    after = clause[i + len(value):] if i >= 0 else ""
    if not after:
        j = sentence.find(clause) if clause else -1
        after = sentence[j + len(clause):] if j >= 0 else ""
    return bool(re.match(r"[，,、]?(?:力争|争取|冲刺)", after))


def _before_value(row) -> str:
    return _around_value(row)[0]


@lru_cache(maxsize=65536)
def _thresholds(phrase: str) -> frozenset:
    """亿元以上 → {(1e8, 以上)}: thresholds inside an indicator phrase, as numbers."""
    from .numbers import thresholds

    return thresholds(phrase)


def _holds_number(text: str, n: float) -> bool:
    from .numbers import find_figures

    return any(f.number is not None and abs(f.number - n) < 1e-9 for f in find_figures(text))


def _vocabulary_hits(kb: KnowledgeBase, metric: str, limit: int = 40, keep: int = 6) -> list[str]:
    """Canonical metrics of the corpus that may name the phrase: a fast RapidFuzz pre-selection,
    then the phrase score on the metric alone; the few best are fetched by index."""
    if not metric or not kb.vocabulary:
        return []
    hits = process.extract(metric, kb.vocabulary, scorer=fuzz.partial_ratio, processor=None,
                           score_cutoff=50, limit=limit)
    phrase = Phrase.of(metric)
    scored = sorted(((score_candidate(phrase, Candidate({"canonical": h[0], "context_canonical": h[0],
                                                        "sentence_canonical": ""})), h[0]) for h in hits),
                    reverse=True)
    if not scored:
        return []
    best = scored[0][0]
    return [m for s, m in scored if s >= min(best - 0.25, CUTOFF - 0.1)][:keep]


def display_metric(metric: str) -> str:
    """Metrics are stored folded (lower-case Latin); show PM2.5, GDP as people write them."""
    return re.sub(r"[a-z][a-z0-9.]*", lambda m: m.group(0).upper(), metric or "")


def to_answer(kb: KnowledgeBase, row, score: float) -> Answer:
    doc = kb.docs_by_id[row["document_id"]]
    keys = row.keys()
    sentence, section = ((row["sentence_text"], row["section_title"]) if "sentence_text" in keys
                         else kb.sentence_and_section(row["sentence_id"], row["section_id"]))
    return Answer(region=row["region"], year=row["year"], kind=row["kind"], metric=display_metric(row["metric"]),
                  value=row["value"], number=row["number"], unit=row["unit"],
                  qualifier=row["qualifier"], sentence=sentence, document=doc.name,
                  section=section, score=score, measure=row["measure"], title=doc.title,
                  period=_part_of_year(row, sentence or "", section or "") if (row["period"] if "period" in keys else "") == "partial" else "")


def _part_of_year(row, sentence: str, section: str = "") -> str:
    """前三季度, 上半年, 1—10月: the part of the year a partial figure is of, as its sentence (or its
    table's caption) says it; "部分时段" when neither does."""
    from .normalize import fold
    from .timeframe import PART_OF_YEAR

    text = fold(sentence)
    value = row["value"] or ""
    upto = text[:text.find(value)] if value and value in text else text
    found = re.findall(PART_OF_YEAR, upto) or re.findall(PART_OF_YEAR, text) or re.findall(PART_OF_YEAR, fold(section))
    return found[-1] if found else "（部分时段）"


# ------------------------------------------------------------------ text facts

_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]")
_STOP = set("的 了 是 什么 啥 谁 哪 哪些 怎么 怎么样 说 叫 吗 呢 要 有 和 与 在 哪个 几 个 去年 今年 明年 搞 弄 第几 第 年 哪一个".split())


def text_candidates(kb: KnowledgeBase, q: Question, regions: list[str]) -> list[tuple[float, sqlite3.Row]]:
    """Best sentences for a question about words (定位, 口号, 战略, who the 县长 is …)."""
    query = q.norm
    gz = kb.gazetteer
    named = {gz.by_alias[m.group(0)].name: gz.by_alias[m.group(0)] for m in gz.pattern.finditer(query)}.values() \
        if gz.pattern else []
    for p in sorted(named, key=lambda p: -len(p.name)):
        # 云溪县长 → 县长: keep the level character when it starts a title (县长, 区委)
        query = re.sub(re.escape(p.name) + r"(?=[长委])", p.name[-1], query)
        for a in sorted({p.name, p.short, *p.aliases}, key=len, reverse=True):
            query = query.replace(a, "")
    query = re.sub(r"(?:19|20)\d\d年?|(?<!\d)\d\d年|前年|去年|上年|今年|本年|明年|[a-z]+", "", query)
    tokens = [t for t in tokenizer.cut_for_search(query) if t not in _STOP and len(t) >= 1]
    words = [t for t in tokens if len(t) >= 2]
    if regions:
        rows = kb.region_sentences_with(tuple(regions), words or tokens)  # the region's own sentences
    else:
        rows = kb.search_sentences(words or tokens, None, limit=60)       # BM25 over the corpus
    wants_name = bool(re.search(r"(叫什么|叫啥|是什么|口号|名称|名字|哪[几一二三四五六七八九十]个|定位|战略|计划|布局|什么[\u4e00-\u9fff]|啥[\u4e00-\u9fff])", q.norm))
    slogan = bool(re.search(r"(口号|愿景|建成什么样|建设成什么样|建成怎样|什么样的(县|区|市|旗|城市|地方))", q.norm))
    scored: list[tuple[float, sqlite3.Row]] = []
    if slogan:
        rows = list(rows) + _slogan_rows(kb, regions)
    # with no word of two characters left (把…定为什么年), the characters themselves are the query
    qb = _bigrams("".join(words)) if words else _bigrams(re.sub(r"(什么|啥|哪|谁|吗|呢|的|了|要|是)", "", query))
    for row in rows:
        norm = row["norm"]
        cover = _recall(qb, _sentence_bigrams(norm)) if qb else 0.0
        token_cover = sum(1 for w in words if w in norm) / len(words) if words else cover
        s = 0.55 * token_cover + 0.45 * cover
        want = q.year_for(row["doc_year"], row["region"]) if (q.years or q.relative is not None) else None
        if want is not None:
            # the year asked: a sentence of that year's section (or report), not another year's
            if row["section_year"] is not None:
                s += 0.1 if row["section_year"] == want else -0.15
            elif row["doc_year"] != want and len(kb.docs_by_region.get(row["region"], ())) > 1:
                s -= 0.3
        if wants_name and _QUOTED.search(row["text"]):
            s += 0.08
        if slogan and "slogan" in row.keys() and row["slogan"]:
            s = max(s, 0.6)
        scored.append((min(s, 1.0), row))
    scored.sort(key=lambda x: (-x[0], x[1]["document_id"], x[1]["idx"]))
    seen, out = set(), []
    for s, row in scored:
        if row["id"] in seen:
            continue
        seen.add(row["id"])
        out.append((s, row))
    return out


def _slogan_rows(kb: KnowledgeBase, regions: list[str]):
    """A report's slogan: a quoted phrase it repeats, builds towards (加快建设“…”), or titles."""
    out = []
    for region in regions:
        place = next((p for p in kb.places if p.name == region), None)
        short = place.short if place else region
        docs = kb.docs_by_region.get(region, [])
        titles = "".join(d.title for d in docs)
        rows = kb.sentences_with("“", [region], limit=2000)
        scores: dict[str, float] = {}
        first: dict[str, object] = {}
        for r in rows:
            for m in _QUOTED.finditer(r["text"]):
                phrase = m.group(1)
                if not 4 <= len(phrase) <= 16:
                    continue
                s = scores.get(phrase, 0.0) + 1.0
                if re.search(r"(建设|打造|建成|迈向|奋力|朝着|争创)$", r["text"][:m.start()]):
                    s += 1.5
                scores[phrase] = s
                first.setdefault(phrase, r)
        for phrase in scores:
            if phrase in titles:
                scores[phrase] += 2
            if short in phrase:
                scores[phrase] += 1
            if re.search(r"[、·•]", phrase):
                scores[phrase] += 0.5  # two-part slogans: 富美云溪、生态湖城
        if not scores:
            continue
        best = max(scores, key=lambda k: (scores[k], len(k)))
        d = dict(first[best])
        d["slogan"] = True
        out.append(d)
    return out



# ------------------------------------------------------------------ question-time reading

FALLBACK_SCORE = 0.6


def read_sentences(kb: KnowledgeBase, q: Question, region: str) -> list[Scored]:
    """When no stored record names the indicator asked, read the region's sentences that do: a
    figure whose clause names the indicator before it (and no other indicator between the two)
    is read as that indicator's figure, and scored by the same rules as a stored record. Only an
    unrivalled reading answers: two different values read this way are no answer."""
    if not q.metric or len(q.metric) < 2:
        return []
    key = lexicon.canonicalize(q.metric)
    names = sorted(lexicon.concepts(key), key=len, reverse=True) or [key]
    ry = kb.report_year(region)
    phrase = Phrase.of(q.metric)
    found: list[Scored] = []
    for cand in kb.candidates((region,), None, None).items:
        row = cand.row
        clause = row["context_canonical"] or ""
        value = row["value"] or ""
        cut = clause.find(value) if value else -1
        before = clause[:cut] if cut > 0 else ""
        hits = [n for n in names if n in before and _mentioned(before, n)]
        if not hits:
            continue
        name = max(hits, key=lambda n: before.rfind(n))
        tail = before[before.rfind(name) + len(name):]
        if lexicon.concepts(tail) or subject_words(tail):
            continue  # another indicator stands between the one asked and the figure
        c = Candidate(row, metric=name)
        sc = _score_one(q, phrase, c, ry, None)
        if sc is not None and sc >= CUTOFF:
            found.append(Scored(row, min(sc, FALLBACK_SCORE)))
    values = {(x.row["number"], x.row["unit"]) for x in found}
    return found[:1] if len(values) == 1 else []


def _mentioned(text: str, name: str) -> bool:
    """Is the name said as a word of its own (出口 is not said inside 进出口)?"""
    from .places import _on_word_boundaries

    i = text.rfind(name)
    return _on_word_boundaries(text, i, i + len(name)) and not any(
        part == name and whole in text for part, whole in lexicon.parts())


def subject_words(text: str) -> bool:
    """Does a stretch of text name a thing of its own (a head noun), not just a predicate?"""
    from . import subject

    return subject.has_head(text)
