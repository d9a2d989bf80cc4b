"""Synthetic government work reports for benchmarks and tests.

Each synthetic report is a seed report with

* its region renamed: the document's own region (read by ``knowledge.docmeta`` as the build reads
  it, never hard-coded here) and its short form (``某某县`` → ``某某``) are replaced by a generated, unique, plausible name of the same level (县/区/市 …);
* every figure nudged by ±1–20 %, keeping its decimals, thousands separators and unit;
* optionally every year shifted by the same ``k`` (a 2022 report about 2021 becomes a 2025 report
  about 2024).

Generation is deterministic: report ``i`` of seed ``S`` is the same whatever ``--count`` is, so a
200-report corpus is a prefix of the 2,000-report one. Every change is recorded as an edit
``(start, end, replacement)`` on the seed text, which lets a benchmark rewrite a question about a
seed into the same question about a synthetic report (``rewrite_item``).

CLI::

    python -m knowledge.synth --out DIR --count N [--seed S] [--seeds DIR]
                              [--year-shift K | --max-year-shift K]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import reader
from .build import report_lines
from .docmeta import detect, short_name

# Characters that commonly make up Chinese place names. Two of them plus the original level suffix
# give a plausible region name (安平县, 嘉源区, …).
SYLLABLES = (
    "安宁阳河丰泉江林华兴和康乐福永昌盛源东西南北德武文定远靖临沙石桃柳枫云龙凤泰鹤梅兰溪"
    "湖川岭峰原洋汉晋嘉瑞祥平清青白金玉桂松柏丹崇庆隆吉秀怀仁信义滨海宜湘黎蒲榆"
)
# Longest first: the level suffix kept from the original name.
LEVEL_SUFFIXES = ("自治县", "自治旗", "新区", "县", "区", "市", "旗")
REPORT_SUFFIXES = (".txt", ".md")

_CJK = r"\u4e00-\u9fff"
# Characters that, right after a 4-digit number, make it a quantity rather than a year.
_UNIT_CHARS = set("亩元吨人个家万亿千百米公户座平立次项所张套台辆条处间名位余多件株头只场栋把份批支棵枚")
# Characters around a number that mark it as a date, code, ordinal, ratio or anniversary: kept.
_SKIP_AFTER = set("月日号时点届周·∶:+／/") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_{}")
_SKIP_BEFORE = set("第·∶:+．.{_") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_RANGE_CHARS = set("-—–~～至到")
_NUMBER_RE = re.compile(r"(?<![0-9,])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?![0-9])")
_WS_RE = re.compile(r"\s+")

Edit = tuple[int, int, str]


# ---------------------------------------------------------------------------------------------
# Region of a seed document
# ---------------------------------------------------------------------------------------------

def level_suffix(name: str) -> str:
    for suffix in LEVEL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return ""


def seed_regions(seeds_dir: str | Path, log: Callable[[str], None] = lambda s: None) -> dict[str, str]:
    """The region each seed report names itself, by file name, found the way the build finds it
    (``knowledge.docmeta``); a report without one is left out."""
    found: dict[str, str] = {}
    for p in list_reports(seeds_dir):
        region = detect(report_lines(reader.read(p))).region
        if region:
            found[p.name] = region
        else:
            log(f"synth: {p.name}: no region found in its text")
    return found


def regions_from_db(db_path: str | Path) -> dict[str, str]:
    """``{document file name: region}`` from a built knowledge base."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return dict(con.execute("SELECT name, region FROM documents"))
    finally:
        con.close()


def list_reports(seeds_dir: str | Path) -> list[Path]:
    return sorted(p for p in Path(seeds_dir).iterdir() if p.is_file() and p.suffix in REPORT_SUFFIXES)


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

def name_bases(seed: int, forbidden_text: str, taken: Iterable[str] = ()) -> list[str]:
    """All usable two-character bases, in a seed-dependent order. A base is usable when it does not
    occur in ``forbidden_text`` (the seed corpus: so it never collides with a word or a real
    region of the reports) and is not ``taken``."""
    taken = set(taken)
    bases = []
    for a in SYLLABLES:
        for b in SYLLABLES:
            base = a + b
            if a == b or base in forbidden_text or base in taken:
                continue
            if any(base in t or t in base for t in taken if t):
                continue
            bases.append(base)
    random.Random(f"names:{seed}").shuffle(bases)
    return bases


# ---------------------------------------------------------------------------------------------
# Text transformation
# ---------------------------------------------------------------------------------------------

def _spaced(name: str) -> str:
    """Regex matching ``name`` with any whitespace (line breaks of PDF copies) between characters."""
    return r"\s*".join(re.escape(ch) for ch in name)


def _is_year(text: str, m: re.Match) -> bool:
    s = m.group(0)
    if not (len(s) == 4 and s.isdigit() and 1950 <= int(s) <= 2060):
        return False
    after = text[m.end(): m.end() + 1]
    if after == "年":
        return True
    if after in _RANGE_CHARS and re.match(r"[-—–~～至到](?:19|20)[0-9]{2}(?![0-9])", text[m.end(): m.end() + 6]):
        return True
    before = text[max(0, m.start() - 5): m.start()]
    if re.search(r"(?:19|20)[0-9]{2}[-—–~～至到]$", before):
        return True
    if after and re.match(rf"[{_CJK}]", after) and after not in _UNIT_CHARS:
        return True  # “2021河北(某地)国际博览会”
    return False


def _nudge(s: str, rng: random.Random, unit_after: str) -> str | None:
    """``s`` changed by ±1–20 %, same decimals and separators; None to keep it as it is."""
    commas = "," in s
    raw = s.replace(",", "")
    intpart, _, frac = raw.partition(".")
    if len(intpart) > 1 and intpart.startswith("0"):
        return None  # codes like 08
    decimals = len(frac)
    x = float(raw)
    if x == 0:
        return None
    percent = unit_after.startswith("%") or unit_after.startswith("％")
    if percent and x == 100:
        return None  # 100% coverage stays 100%
    sign = rng.choice((-1, 1))
    if percent and x <= 100 and sign > 0 and x * 1.2 > 100:
        sign = -1
    factor = 1 + sign * rng.uniform(0.01, 0.20)
    step = 10 ** -decimals
    y = round(x * factor, decimals)
    if y == x:
        y = round(x + sign * step, decimals)
    if y <= 0:
        y = round(x + step, decimals)
    if decimals:
        out = f"{y:,.{decimals}f}" if commas else f"{y:.{decimals}f}"
    else:
        out = f"{int(round(y)):,}" if commas else str(int(round(y)))
    return out if out != s else None


def synthesize(text: str, renames: list[tuple[str, str]], year_shift: int,
               rng: random.Random) -> tuple[str, list[Edit]]:
    """Apply region renames, year shift and figure nudges to ``text``.

    ``renames`` is ``[(old, new), …]``, longest first. Returns the new text and the edits on
    ``text`` (sorted, non-overlapping) that produce it."""
    edits: list[Edit] = []
    taken = bytearray(len(text))  # 1 where a rename already covers the character
    for old, new in renames:
        for m in re.finditer(_spaced(old), text):
            if any(taken[m.start(): m.end()]):
                continue
            # keep the layout: the whitespace found inside the name goes after the new name
            ws = "".join(ch for ch in m.group(0) if ch.isspace())
            edits.append((m.start(), m.end(), new + ws))
            taken[m.start(): m.end()] = b"\x01" * (m.end() - m.start())
    for m in _NUMBER_RE.finditer(text):
        if any(taken[m.start(): m.end()]):
            continue
        s = m.group(0)
        if _is_year(text, m):
            if year_shift:
                edits.append((m.start(), m.end(), str(int(s) + year_shift)))
            continue
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before in _SKIP_BEFORE or after in _SKIP_AFTER:
            continue
        unit_after = text[m.end(): m.end() + 3].lstrip()
        new = _nudge(s, rng, unit_after)
        if new is not None:
            edits.append((m.start(), m.end(), new))
    edits.sort()
    return apply_edits(text, edits), edits


def apply_edits(text: str, edits: list[Edit], start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` with the edits lying inside it applied."""
    end = len(text) if end is None else end
    out, pos = [], start
    for a, b, new in edits:
        if b <= start or a >= end:
            continue
        if a < start or b > end:
            raise ValueError("edit straddles the span")
        out.append(text[pos:a])
        out.append(new)
        pos = b
    out.append(text[pos:end])
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Corpus generation
# ---------------------------------------------------------------------------------------------

@dataclass
class Seed:
    path: Path
    text: str
    region: str
    short: str
    suffix: str


@dataclass
class SynthDoc:
    index: int
    file: str
    source: str
    region_from: str
    region_to: str
    short_from: str
    short_to: str
    year_shift: int
    edits: list[Edit] = field(default_factory=list, repr=False)

    def manifest(self) -> dict:
        return {k: getattr(self, k) for k in
                ("index", "file", "source", "region_from", "region_to", "short_from", "short_to", "year_shift")}


class Generator:
    """Deterministic generator of synthetic reports from seed reports.

    ``year_shift``: a fixed shift for every report, or ``None`` with ``max_year_shift`` for a
    per-report shift drawn from ``0..max_year_shift``."""

    def __init__(self, seeds_dir: str | Path, seed: int = 0,
                 regions: dict[str, str] | None = None, year_shift: int | None = 0,
                 max_year_shift: int = 0, log: Callable[[str], None] = lambda s: None):
        self.seed = seed
        self.year_shift = year_shift
        self.max_year_shift = max_year_shift
        paths = list_reports(seeds_dir)
        if not paths:
            raise ValueError(f"no reports in {seeds_dir}")
        regions = dict(regions) if regions else seed_regions(seeds_dir, log=log)
        self.seeds: list[Seed] = []
        for p in paths:
            region = regions.get(p.name)
            if not region:
                log(f"synth: {p.name}: region unknown, report skipped")
                continue
            self.seeds.append(Seed(p, p.read_text(encoding="utf-8"), region, short_name(region),
                                   level_suffix(region)))
        if not self.seeds:
            raise ValueError("no seed report with a known region")
        corpus = "".join(_WS_RE.sub("", s.text) for s in self.seeds)
        own = [s.short for s in self.seeds] + [s.region for s in self.seeds]
        self.bases = name_bases(seed, corpus, own)

    def capacity(self) -> int:
        return len(self.bases)

    def make(self, index: int) -> tuple[SynthDoc, str]:
        """Synthetic report number ``index`` (0-based) and its text."""
        if index >= len(self.bases):
            raise ValueError(f"only {len(self.bases)} distinct region names available")
        src = self.seeds[index % len(self.seeds)]
        rng = random.Random(f"doc:{self.seed}:{index}")
        base = self.bases[index]
        new_region = base + src.suffix if src.suffix else base
        new_short = base if src.short != src.region else new_region
        if self.year_shift is None:
            shift = rng.randint(0, self.max_year_shift)
        else:
            shift = self.year_shift
        renames = [(src.region, new_region)]
        if src.short != src.region:
            renames.append((src.short, new_short))
        text, edits = synthesize(src.text, renames, shift, rng)
        stem = src.path.stem.split("_", 1)[-1][:8]
        fname = f"syn{index:05d}_{stem}{src.path.suffix}"
        doc = SynthDoc(index, fname, src.path.name, src.region, new_region, src.short, new_short, shift, edits)
        return doc, text

    def generate(self, out_dir: str | Path, count: int, start: int = 0,
                 keep_edits: bool = False) -> list[SynthDoc]:
        """Write reports ``start .. count-1`` into ``out_dir`` plus ``manifest.jsonl``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        docs = []
        mode = "a" if start else "w"
        with open(out / "manifest.jsonl", mode, encoding="utf-8") as mf:
            for i in range(start, count):
                doc, text = self.make(i)
                (out / doc.file).write_text(text, encoding="utf-8")
                mf.write(json.dumps(doc.manifest(), ensure_ascii=False) + "\n")
                if not keep_edits:
                    doc.edits = []
                docs.append(doc)
        return docs

    def seed_for(self, file_name: str) -> Seed | None:
        return next((s for s in self.seeds if s.path.name == file_name), None)


# ---------------------------------------------------------------------------------------------
# Rewriting questions about a seed into questions about a synthetic report
# ---------------------------------------------------------------------------------------------

def _stripped_index(text: str) -> tuple[str, list[int]]:
    chars, index = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch)
            index.append(i)
    return "".join(chars), index


def map_piece(text: str, edits: list[Edit], piece: str, _cache: dict | None = None) -> str | None:
    """The synthetic version of ``piece`` (a whitespace-free excerpt of the seed ``text``), or None
    when it cannot be located or an edit straddles its ends."""
    if _cache is not None and id(text) in _cache:
        flat, index = _cache[id(text)]
    else:
        flat, index = _stripped_index(text)
        if _cache is not None:
            _cache[id(text)] = (flat, index)
    piece = _WS_RE.sub("", piece)
    k = flat.find(piece)
    if k < 0 or not piece:
        return None
    a, b = index[k], index[k + len(piece) - 1] + 1
    try:
        return _WS_RE.sub("", apply_edits(text, edits, a, b))
    except ValueError:
        return None


_YEAR_IN_Q = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")


def rewrite_item(item: dict, doc: SynthDoc, seed: Seed, fold: Callable[[str], str] | None = None,
                 _cache: dict | None = None) -> dict | None:
    """The dev-set ``item`` (about ``seed``) rewritten to be about synthetic report ``doc``, with
    its expected value and source mapped through the same edits; None when it cannot be done
    safely (comparisons, a region written in a form not found, a value outside its source …)."""
    if item.get("type") not in ("figure", "text", "none"):
        return None
    if item.get("region") != seed.region:
        return None
    q = item["q"]
    forms = [(seed.region, doc.region_to), (seed.short, doc.short_to)]

    def rename(s: str) -> str | None:
        for old, new in forms:
            if old in s:
                return s.replace(old, new)
        return None

    new_q = rename(q)
    if new_q is None and fold is not None:
        new_q = rename(fold(q))
    if new_q is None:
        return None
    k = doc.year_shift
    if k:
        nq = unicodedata.normalize("NFKC", new_q)
        if re.search(r"(?<![0-9])[0-9]{2}年", nq) or re.search(r"[〇零一二三四五六七八九]{4}年", nq):
            return None  # “21年”, “二〇二一年”: not rewritten
        new_q = _YEAR_IN_Q.sub(lambda m: str(int(m.group(1)) + k), nq)
    out = dict(item)
    out["id"] = f"{item['id']}@{doc.file}"
    out["q"] = new_q
    out["region"] = doc.region_to
    out["doc"] = doc.file
    if isinstance(item.get("year"), int):
        out["year"] = item["year"] + k
    text, edits = seed.text, doc.edits
    source = item.get("source")
    if source:
        new_source = map_piece(text, edits, source, _cache)
        if new_source is None:
            return None
        out["source"] = new_source
        value = item.get("value")
        if isinstance(value, str) and value:
            if value not in source:
                return None
            # locate value inside the source's place in the document
            flat_src = _WS_RE.sub("", source)
            pos = flat_src.find(value)
            before = map_piece(text, edits, flat_src[:pos], _cache) if pos else ""
            with_value = map_piece(text, edits, flat_src[: pos + len(value)], _cache)
            if before is None or with_value is None or not with_value.startswith(before):
                return None
            out["value"] = with_value[len(before):]
        elif value is not None:
            return None
    elif item.get("value") not in (None, ""):
        return None
    if item.get("must"):
        musts = []
        for m in item["must"]:
            mapped = map_piece(text, edits, m, _cache) if re.search(r"[0-9]", m) else None
            if mapped is None:
                if re.search(r"[0-9]", m):
                    return None
                mapped = rename(m) or m
            musts.append(mapped)
        out["must"] = musts
    return out


# ---------------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------------

def _default_seeds_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "seeds"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m knowledge.synth", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--count", type=int, required=True, help="number of synthetic reports")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--seeds", default=str(_default_seeds_dir()), help="seed reports directory")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--year-shift", type=int, default=0, help="add K to every year (default 0)")
    g.add_argument("--max-year-shift", type=int, default=None,
                   help="per report, add a random K in 0..MAX to every year")
    args = ap.parse_args(argv)
    out = Path(args.out).resolve()
    seeds = Path(args.seeds).resolve()
    if out == seeds or seeds in out.parents:
        print("refusing to write into the seeds directory", file=sys.stderr)
        return 2
    log = lambda s: print(s, file=sys.stderr)  # noqa: E731
    gen = Generator(seeds, seed=args.seed,
                    year_shift=None if args.max_year_shift is not None else args.year_shift,
                    max_year_shift=args.max_year_shift or 0, log=log)
    docs = gen.generate(out, args.count)
    print(f"wrote {len(docs)} synthetic reports to {out} (manifest: {out / 'manifest.jsonl'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
