"""Domain knowledge loaded from the data files under knowledge/data/ (read once, cached)."""
from __future__ import annotations

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
    """Replace every known metric alias in `text` (folded, lower case) by its canonical name."""
    if not text:
        return text
    pattern, table = _alias_pattern()
    low = text.lower()
    out, last = [], 0
    for m in pattern.finditer(low):
        out.append(text[last:m.start()])
        out.append(table[m.group(0)])
        last = m.end()
    out.append(text[last:])
    return "".join(out)


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
def parts() -> tuple[tuple[str, str], ...]:
    return tuple(tuple(line.split("\t")) for line in _lines("parts.tsv"))
