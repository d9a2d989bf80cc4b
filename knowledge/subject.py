"""The subject of a figure: the indicator noun phrase it measures.

A clause before a figure reads  [lead] [action] SUBJECT [trail] FIGURE:
  lead    connectors, scope, time and framing words (其中, 全县, 2022年, 报告提出, 力争)
  action  a verb that opens the subject (新建, 引进, 完成); kept apart, it may tell what is counted
  trail   predicate words and comparison bases (增长, 达到, 比上年, 同比, 控制在, 已)
The word lists are in data/subject.tsv. What is left must be a noun phrase ending in a head noun
(data/head_nouns.txt, an indicator name, or a word jieba tags as a noun); a clause that keeps a
verb inside is cut to its noun phrase (the object next to the figure, else the subject before the
verb). A subject that is only a measure word (增幅, 增速) or an attribute (产值, 产量) leans on the
figure before it: `inherit` builds its name from that figure's subject.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon, numbers, tokenizer


@lru_cache(maxsize=1)
def _roles() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in lexicon._lines("subject.tsv"):
        role, _, alt = line.partition("\t")
        out.setdefault(role, []).append(alt)
    return out


def _alternation(role: str) -> str:
    return "(?:" + "|".join(sorted(_roles()[role], key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    return {
        "lead": re.compile("^(?:" + _alternation("lead") + ")+"),
        "trail": re.compile("(?:" + _alternation("trail") + ")+$"),
        "action": re.compile("^(?:" + _alternation("action") + ")"),
        "attribute": re.compile("(?:" + _alternation("attribute") + ")$"),
        "measure_word": re.compile("^(?:" + _alternation("measure_word") + ")+$"),
        "post_action": re.compile("(?:" + _alternation("post_action") + ")$"),
    }


@lru_cache(maxsize=1)
def unit_heads() -> dict[str, str]:
    out = {}
    for alt in _roles()["unit_head"]:
        unit, _, head = alt.partition("\t")
        out[unit] = head
    return out


@lru_cache(maxsize=1)
def family_heads() -> dict[str, str]:
    out = {}
    for alt in _roles()["family_head"]:
        fam, _, head = alt.partition("\t")
        out[fam] = head
    return out


def headed(metric: str, unit: str, family: str, count: bool, rank: bool) -> str:
    """The subject made to end in a head noun: trailing words that name nothing trimmed
    (地区生产总值其 → 地区生产总值), else the head its unit gives (改造 3000亩 → 改造面积, 14座 → 数量);
    '' when there is nothing to name."""
    if not metric:
        return ""
    if ends_in_head(metric) or (post_action(metric)[1] and ends_in_head(post_action(metric)[0])):
        return metric  # 过亿元项目签约: the things counted, in the state counted
    for k in range(len(metric) - 1, max(1, len(metric) - 3), -1):
        p = metric[:k]
        if ends_in_head(p) and not is_weak(p):
            return p
    if rank:
        return metric + "排名"
    head = family_heads().get(family) or ("数量" if count else "")
    return metric + head if head else ""


@lru_cache(maxsize=1)
def _heads() -> tuple[str, ...]:
    words = set(lexicon._lines("head_nouns.txt")) | set(lexicon.heads())
    words |= {a for a, _ in lexicon.metric_aliases() if len(a) >= 2}
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _head_pattern() -> re.Pattern:
    return re.compile("(?:" + "|".join(map(re.escape, _heads())) + ")$")


_NOUN_FLAGS = {"n", "nr", "nrt", "ns", "nt", "nz", "ng", "vn", "an", "j", "x", "eng", "b", "l", "nrfg", "i", "g", "k"}
_VERB_FLAGS = {"v", "vd", "vg", "vi", "vq", "p", "d", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "y", "e"}


@lru_cache(maxsize=32768)
def _pos(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(tokenizer.pos(text))


def ends_in_head(phrase: str) -> bool:
    """Does the phrase end in a head noun (what is measured: 收入, 投资, 企业, 电梯 …)?"""
    if not phrase:
        return False
    if _head_pattern().search(phrase):
        return True
    if re.search(r"[a-z0-9.]$", phrase):  # gdp, pm2.5, 5g
        return True
    toks = _pos(phrase)
    return bool(toks) and toks[-1][1] in _NOUN_FLAGS and toks[-1][1] not in ("x",) or \
        (bool(toks) and toks[-1][1] == "x" and len(toks[-1][0]) >= 2)


def has_head(phrase: str) -> bool:
    """Does a phrase hold a head noun anywhere (中的税收)?"""
    return any(h in phrase for h in _heads() if len(h) >= 2)


_STRIPPED = "、，,；;和及与等的 —–─-•●◆■▪·※*>"  # list marks (——居民消费价格涨幅…；) are no part of a name


def strip(phrase: str) -> str:
    """The clause without its lead and trail words."""
    p = _patterns()
    s = phrase.strip(_STRIPPED)
    for _ in range(3):
        before = s
        s = p["trail"].sub("", s)
        s = p["lead"].sub("", s)
        s = s.strip(_STRIPPED)
        if s == before:
            break
    return s


def split_action(core: str) -> tuple[str, str]:
    """新建高标准农田 → (新建, 高标准农田); 建设 alone → (建设, ''). 完成投资 stays whole (投资 alone
    names nothing), and so do indicator names that open with a verb (新增城镇就业) and words that
    merely start like one (建成区)."""
    m = _patterns()["action"].match(core)
    if not m:
        return "", core
    if m.end() == len(core):
        return core, ""
    rest = core[m.end():]
    if is_measure_word(rest) or len(rest) < 2 or _alias_at_start(core):
        return "", core
    toks = _pos(core)
    if toks and len(toks[0][0]) > m.end():
        return "", core  # 建成区: the verb is only the start of a longer word
    if m.group(0).startswith("新"):
        return m.group(0), core  # 新增, 新建, 新认定: what is new is another indicator than the total
    return m.group(0), rest


def _alias_at_start(core: str) -> bool:
    return any(core.startswith(a) and len(a) > 2 for a in _verb_aliases())


@lru_cache(maxsize=1)
def _verb_aliases() -> tuple[str, ...]:
    act = _patterns()["action"]
    return tuple(a for a, _ in lexicon.metric_aliases() if act.match(a))


def post_action(core: str) -> tuple[str, str]:
    """过亿元项目签约 → (过亿元项目, 签约): a closing verb of what is counted; 落地 alone → ('', 落地)."""
    m = _patterns()["post_action"].search(core)
    if not m:
        return core, ""
    return core[:m.start()], m.group(0)


def trailing_action(core: str) -> tuple[str, str]:
    """高标准农田建设 → (高标准农田, 建设): a verb closing a question's phrase."""
    m = _closing_verb().search(core)
    if m and m.start() >= 2:
        rest = core[:m.start()]
        if ends_in_head(rest):
            return rest, m.group(0)
    return core, ""


@lru_cache(maxsize=1)
def _closing_verb() -> re.Pattern:
    alts = sorted({a for a in _roles()["action"] + _roles()["post_action"] if not a.startswith("新")}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(alts) + ")$")


def is_measure_word(s: str) -> bool:
    return bool(s) and bool(_patterns()["measure_word"].match(s))


def attribute(s: str) -> str:
    m = _patterns()["attribute"].search(s)
    return m.group(0) if m else ""


def is_weak(s: str) -> bool:
    """A subject that names no indicator on its own: it leans on the figure before it."""
    return (not s or len(s) <= 1 or is_measure_word(s) or s in lexicon.generic_metric_words()
            or attribute(s) == s or s.startswith("总") and len(s) <= 4
            or bool(_PERIOD_ONLY.fullmatch(s))  # 两年平均增长5.6%: a span of years is no indicator
            or s in _PER_HEAD  # …，人均突破15万元: per head of the indicator before it
            or bool(_RATE_VERSUS.match(s)))  # …增长18.8%，增速快于规上工业10.7个百分点: the same indicator's gap


_RATE_VERSUS = re.compile(r"(?:增速|增幅|增长速度|速度)(?:快于|高于|低于|慢于|高出|低出|超过|比)|(?:快于|高于|低于|慢于|高出|低出)")


_PER_HEAD = ("人均", "户均", "亩均", "地均")


_PERIOD_ONLY = re.compile(r"(?:近|过去|这)?[两二三四五六七八九十\d]+年(?:来|间|内|里)?")


def noun_phrase(core: str, last: bool = True) -> str:
    """Cut a clause whose verb takes an object to one noun phrase: the object next to the figure
    (`last`: 为企业增加现金流 → 现金流), else the subject before the verb (生产总值迈上新台阶 →
    生产总值). A clause without such a verb is returned whole (搬迁群众就业)."""
    if not core:
        return ""
    toks = _pos(core)
    # a verb, or a verbal noun after an adverb (将突破): the clause's predicate starts there
    cuts = [i for i, (w, f) in enumerate(toks) if (f in ("v", "p") or f == "vn" and i and toks[i - 1][1] == "d")
            and 0 < i < len(toks) - 1
            and any(ff in _NOUN_FLAGS for _, ff in toks[i + 1:]) and any(ff in _NOUN_FLAGS for _, ff in toks[:i])]
    if not cuts:
        return core
    if _ends_in_indicator(core) or sum(len(w) for w, _ in toks[:cuts[0]]) <= 2:
        return core  # 城镇常住居民人均可支配收入: a verb inside the name of a known indicator
    after = "".join(w for w, _ in toks[cuts[-1] + 1:])
    if is_weak(after):
        return core  # 矿山生态修复面积: the attribute is of the whole phrase
    if last and ends_in_head(after) and len(after) >= 2:
        return after
    head_toks = list(toks[:cuts[0]])
    while head_toks and head_toks[-1][1] in ("d", "ad", "c"):
        head_toks.pop()  # 全县GDP将突破百亿元大关: the adverb before the verb is not the subject's
    before = "".join(w for w, _ in head_toks)
    if len(before) >= 2 and ends_in_head(before) and not is_weak(before):
        return before
    return core


def _ends_in_indicator(core: str) -> bool:
    return bool(_indicator_end().search(core))


@lru_cache(maxsize=1)
def _indicator_end() -> re.Pattern:
    names = sorted({a for a, _ in lexicon.metric_aliases() if len(a) >= 3}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, names)) + ")$")


def leading_noun_phrase(text: str) -> str:
    """The noun phrase a text opens with (招商分团积极走出去 → 招商分团)."""
    toks = _pos(text)
    out = ""
    for w, f in toks:
        if f in _NOUN_FLAGS or f in ("m", "q", "b", "a") and out == "" or (f in ("a", "b", "m") and out):
            out += w
        else:
            break
    return out if out and (len(out) >= 2 or out == text) else text


@dataclass(frozen=True, slots=True)
class Subject:
    text: str        # the indicator phrase ('' when the clause names none)
    action: str = ""  # 新建, 引进 …


def of_clause(pre: str) -> Subject:
    """The subject a clause names right before its figure."""
    # 清理退出白酒生产企业（作坊）622家: an aside in brackets right before the figure names nothing new
    core = strip(_unquote(re.sub(r"[（(][\u4e00-\u9fff、]{1,14}[）)]$", "", pre.rstrip())))
    action, core = split_action(core)
    if not core:
        return Subject("", action)
    if is_weak(core) or "占" in core:
        return Subject(core, action)  # a share names its part and its whole: keep both
    if numbers.find_thresholds(core, open_end=True):
        return Subject(core, action)  # 集体经济收入超过10万元的村: the threshold belongs to what is counted
    if not action:
        m = _new_at_end().search(core)
        if m and m.start() >= 2 and ends_in_head(core[:m.start()]):
            # 华为区域总部等重大项目新引进300个: what is new is named before its verb
            action, core = m.group(0), core[:m.start()]
            inner = of_clause(core)
            return Subject(action + inner.text, action)
    m = re.fullmatch(r"([\u4e00-\u9fff]{3,12}?)(?:累计|共计|合计)([\u4e00-\u9fff]{2,10})", core)
    if m and not is_weak(m.group(1)):
        return Subject(m.group(1) + m.group(2), action)  # 村级工业园改造累计整理土地空间: the work and its measure
    m = re.search(r"等([\u4e00-\u9fff]{2,8})$", core)
    if m and ends_in_head(m.group(1)):
        return Subject(m.group(1), action)  # 东部过境高速等道路: the examples name what is counted
    return Subject(noun_phrase(core) or core, action)


@lru_cache(maxsize=1)
def _new_at_end() -> re.Pattern:
    alts = sorted({a for a in _roles()["action"] if a.startswith("新")}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(alts) + ")$")


def topic(clause: str) -> str:
    """The indicator a figure-less clause is about (全县生产总值迈上新台阶 → 生产总值)."""
    core = strip(_unquote(clause))
    _, core = split_action(core)
    if not core:
        return ""
    bare = re.sub(r"(?:增速|增幅|增长率|增长速度)$", "", core)
    if bare != core and ends_in_head(bare):
        core = bare  # 规上工业增加值增速由负转正，增长X%: the indicator whose rate follows
    toks = _pos(core)
    if toks and toks[0][1] in ("v", "d", "p", "ad", "c", "u", "uj", "m", "t", "r"):
        return ""  # 首次突破千亿元大关: a predicate, not a subject
    if toks and all(f in ("nr", "nrfg", "nrt") for _, f in toks):
        return ""  # 王策飞：6%左右，…: a speaker, not an indicator
    np = noun_phrase(core, last=False)
    return "" if is_weak(np) or not ends_in_head(np) else np


def inherit(base: str, own: str) -> str:
    """A weak subject named from the figure before it: 核桃产量 + 产值 → 核桃产值;
    地区生产总值 + 增速 → 地区生产总值; 龙头企业 + 总数 → 龙头企业总数."""
    base = re.sub(r"连续[一二三四五六七八九十\d]+年|五年来|五年累计|累计|五年|年均$", "", base) or base
    if not own or is_measure_word(own):
        return base
    if _RATE_VERSUS.match(own):
        return base  # its growth's gap to a reference (the comparison itself is read from the clause)
    if own in _PER_HEAD:
        return own + base  # 地区生产总值…，人均突破15万元: the per-head figure of the same indicator
    attr = attribute(base)
    if attr and attr != base and (attribute(own) == own or own.startswith("总")):
        return base[:-len(attr)] + own
    if base.endswith(own):
        return base
    return base + own


_QUOTES = re.compile(r"[“”\"'‘’「」『』《》]")


def _unquote(s: str) -> str:
    return _QUOTES.sub("", s)
