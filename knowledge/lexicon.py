"""Domain knowledge loaded from the data files under knowledge/data/ (read once, cached)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


def _lines(name: str) -> list[str]:
    out = []
    for raw in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip() if raw.lstrip().startswith("#") else raw.rstrip()
        if line.strip():
            out.append(line)
    return out


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    family: str
    hint: str  # percent / count / amount / growth


@lru_cache(maxsize=1)
def metric_aliases() -> tuple[tuple[str, str], ...]:
    """(alias, canonical) pairs, longest alias first, aliases already folded to lower case."""
    pairs = []
    for line in _lines("metrics.tsv"):
        canonical, aliases = line.split("\t", 1)
        for alias in aliases.split("|"):
            alias = alias.strip()
            if alias:
                pairs.append((alias.lower(), canonical))
        pairs.append((canonical.lower(), canonical))
    pairs = sorted(set(pairs), key=lambda p: -len(p[0]))
    return tuple(pairs)


@lru_cache(maxsize=1)
def canonical_metrics() -> frozenset[str]:
    return frozenset(c for _, c in metric_aliases())


@lru_cache(maxsize=1)
def generic_metric_words() -> frozenset[str]:
    return frozenset(_lines("metric_generic.txt"))


@lru_cache(maxsize=1)
def heads() -> tuple[str, ...]:
    return tuple(sorted(_lines("heads.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def units() -> tuple[Unit, ...]:
    out = []
    for line in _lines("units.tsv"):
        text, family, hint = line.split("\t")
        out.append(Unit(text, family, hint))
    return tuple(sorted(out, key=lambda u: -len(u.text)))


@lru_cache(maxsize=1)
def unit_map() -> dict[str, Unit]:
    return {u.text: u for u in units()}


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, ...]]:
    """{name: (regex alternative, …)} from cues.tsv."""
    table: dict[str, list[str]] = {}
    for line in _lines("cues.tsv"):
        name, alternative = line.split("\t", 1)
        table.setdefault(name, []).append(alternative)
    return {k: tuple(v) for k, v in table.items()}


def cue_alternation(name: str) -> str:
    """The cue words of one kind as a regex group: (a|b|…)."""
    return "(" + "|".join(cues()[name]) + ")"


@lru_cache(maxsize=1)
def _alias_pattern():
    import re

    pairs = metric_aliases()
    table = {alias: canonical for alias, canonical in pairs}
    pattern = re.compile("|".join(re.escape(a) for a, _ in pairs))  # longest alias first
    return pattern, table


def canonicalize(text: str) -> str:
    """Replace every known metric alias in `text` (folded, lower case) by its canonical name.

    An alias that names no measure of its own and is followed by a head noun is a modifier of
    another indicator, not that indicator: 规上工业企业, 规模以上工业总产值 stay as written."""
    if not text:
        return text
    pattern, table = _alias_pattern()
    low = text.lower()
    out, last = [], 0
    heads = _modified_heads()
    for m in pattern.finditer(low):
        alias = m.group(0)
        if alias != table[alias].lower() and not alias.endswith(_HEAD_ENDINGS) and heads.match(low, m.end()):
            continue
        out.append(text[last:m.start()])
        out.append(table[alias])
        last = m.end()
    out.append(text[last:])
    return "".join(out)


# endings of an alias that names a measure itself (农民收入, 社零总额): never a mere modifier
_HEAD_ENDINGS = ("收入", "总额", "总值", "增加值", "投资", "支出", "产值", "产量", "率", "天数", "浓度", "就业", "总量",
                 "增速", "增长", "零售额", "销售额", "进出口", "外资", "pm2.5", "pm10", "gdp")


@lru_cache(maxsize=1)
def _modified_heads():
    """Head nouns that make the alias before them a modifier (规上工业|企业, 规模以上工业|总产值)."""
    import re

    words = [w for w in _lines("head_nouns.txt") if len(w) >= 2 and w not in ("总量", "规模", "比重", "占比", "比例")]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


@lru_cache(maxsize=1)
def splits() -> dict[str, tuple[str, ...]]:
    """Compound modifiers that stand for a list: 城乡 → 城镇, 农村."""
    out = {}
    for line in _lines("splits.tsv"):
        whole, parts = line.split("\t")
        out[whole] = tuple(parts.split("|"))
    return out


@lru_cache(maxsize=1)
def list_heads() -> tuple[str, ...]:
    """Heads shared across a 、-list: the head nouns and every indicator name and alias,
    longest first (鹭屿街道、泊湾镇一般公共预算收入 → 一般公共预算收入)."""
    names = set(heads()) | {a for a, _ in metric_aliases() if len(a) >= 3} | set(canonical_metrics())
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def modifiers() -> tuple[str, ...]:
    return tuple(_lines("modifiers.txt"))


@lru_cache(maxsize=1)
def populations() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(group, its words) from populations.tsv: 农村/城镇/全体居民 exclude each other."""
    return tuple((cols[0], tuple(cols[1:])) for cols in (line.split("\t") for line in _lines("populations.tsv")))


@lru_cache(maxsize=65536)
def population(text: str) -> str | None:
    """The population group a text names first (城镇居民人均可支配收入 → urban), or None."""
    best: tuple[int, str] | None = None
    for group, words in populations():
        for w in words:
            i = text.find(w)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, group)
    return best[1] if best else None


@lru_cache(maxsize=1)
def sectors() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(sector, the sector it is part of or "-", its words) from sectors.tsv."""
    return tuple((cols[0], cols[1], tuple(cols[2:])) for cols in (line.split("\t") for line in _lines("sectors.tsv")))


@lru_cache(maxsize=65536)
def sector(text: str) -> str | None:
    """The sector of the economy a text names first (服务业增加值 → tertiary), or None."""
    best: tuple[int, str] | None = None
    for name, _, words in sectors():
        for w in words:
            i = text.find(w)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, name)
    return best[1] if best else None


def sectors_differ(a: str, b: str) -> bool:
    """Two sectors that are neither the same nor one part of the other (工业 is part of 二产)."""
    parent = {name: up for name, up, _ in sectors()}
    return a != b and parent.get(a) != b and parent.get(b) != a


@lru_cache(maxsize=1)
def parts() -> tuple[tuple[str, str], ...]:
    return tuple(tuple(line.split("\t")) for line in _lines("parts.tsv"))


@lru_cache(maxsize=1)
def head_units() -> tuple[tuple[str, frozenset[str]], ...]:
    """(head noun, unit families) from head_units.tsv, longest head first."""
    out = []
    for line in _lines("head_units.tsv"):
        head, fams = line.split("\t")
        out.append((head, frozenset(fams.split("|"))))
    return tuple(sorted(out, key=lambda x: -len(x[0])))


def families_of(phrase: str) -> frozenset[str]:
    """The unit families an indicator phrase is measured in, from its head (投资 → 元)."""
    for head, fams in head_units():
        if phrase.endswith(head):
            return fams
    return frozenset()


# count units that answer a question counting 个 (几个项目 may be counted in 项, 家, 座 …)
GENERIC_COUNT = frozenset("个 项 家 座 所 处 条 件 套 台 支 部 栋 间 张 场 批 只 头 辆 株 棵 匹".split())


def unit_family(unit: str) -> str:
    u = unit_map().get(unit) or unit_map().get(unit.lstrip("万亿千百"))
    return u.family if u else unit


@lru_cache(maxsize=1)
def concept_pattern():
    import re

    names = sorted(canonical_metrics(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def concepts(canonical_phrase: str) -> frozenset[str]:
    """The indicator names of metrics.tsv a canonicalized phrase contains (longest first)."""
    return frozenset(m.group(0) for m in concept_pattern().finditer(canonical_phrase)) if canonical_phrase else frozenset()


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Common Chinese surnames, single and compound (data/surnames.txt)."""
    return frozenset(w for line in _lines("surnames.txt") for w in line.split())


def is_bare_name(text: str) -> bool:
    """A line that is a person's name and nothing else (张某某, 欧阳某某): a surname, then one or two
    characters (two or three after a compound surname)."""
    t = text.strip()
    if not re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", t):
        return False
    names = surnames()
    if t[:2] in names and 3 <= len(t) <= 5:
        return True
    return t[0] in names and 2 <= len(t) <= 4 and not t.endswith(("代表", "同志", "主任", "委员", "书记"))

