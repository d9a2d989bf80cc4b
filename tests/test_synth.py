"""knowledge.synth: synthetic reports renamed, nudged, year-shifted, deterministic, buildable."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from knowledge.build import build_kb
from knowledge.synth import (
    Generator,
    apply_edits,
    list_reports,
    main,
    map_piece,
    regions_from_db,
    rewrite_item,
    seed_regions,
    synthesize,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "tests" / "data" / "dev.jsonl"  # bundled from ../shared/eval
WS = re.compile(r"\s+")


def flat(text: str) -> str:
    return WS.sub("", text)


@pytest.fixture(scope="module")
def regions() -> dict[str, str]:
    found = seed_regions(SEEDS)
    assert set(found) == {p.name for p in list_reports(SEEDS)}
    return found


@pytest.fixture(scope="module")
def gen(regions) -> Generator:
    return Generator(SEEDS, seed=7, regions=regions, year_shift=None, max_year_shift=3)


def test_regions_renamed_consistently(gen, regions):
    seen_regions, seen_shorts = set(), set()
    old_forms = {f for r in regions.values() for f in (r, gen.seeds[0].short, gen.seeds[-1].short)}
    for i in range(12):
        doc, text = gen.make(i)
        src = gen.seed_for(doc.source)
        body = flat(text)
        # every mention of the seed region, full or short, is gone; the new one is there
        for form in old_forms:
            assert form not in body, (doc.file, form)
        assert body.count(doc.region_to) >= flat(src.text).count(src.region)
        assert body.count(doc.short_to) >= flat(src.text).count(src.short)
        # same level, plausible, unique
        assert doc.region_to[-1] == src.region[-1]
        assert doc.short_to != doc.region_to and doc.region_to.startswith(doc.short_to)
        assert re.fullmatch(r"[\u4e00-\u9fff]{2}[县区市旗]", doc.region_to)
        assert doc.region_to not in seen_regions and doc.short_to not in seen_shorts
        seen_regions.add(doc.region_to)
        seen_shorts.add(doc.short_to)


def test_figures_nudged_keeping_format(gen):
    doc, text = gen.make(0)
    src = gen.seed_for(doc.source)
    numeric = [(a, b, new) for a, b, new in doc.edits if re.fullmatch(r"[0-9][0-9,.]*", new)]
    nudged = 0
    for a, b, new in numeric:
        old = src.text[a:b]
        if len(old) == 4 and src.text[b:b + 1] == "年":
            assert int(new) - int(old) == doc.year_shift
            continue
        nudged += 1
        # same number of decimals, within ±20 % (or one step of the last digit for small numbers)
        assert len(old.partition(".")[2]) == len(new.partition(".")[2]), (old, new)
        x, y = float(old.replace(",", "")), float(new.replace(",", ""))
        step = 10 ** -len(old.partition(".")[2])
        assert y != x and y > 0
        assert abs(y - x) <= max(0.2 * x + step / 2, step) + 1e-9, (old, new)
    assert nudged >= 100
    # units and surrounding text untouched: removing the numbers gives the same skeleton
    strip = lambda s, names: re.sub(r"[0-9][0-9,.]*", "#", re.sub("|".join(names), "@", s))  # noqa: E731
    assert strip(flat(text), [doc.region_to, doc.short_to]) == strip(flat(src.text), [src.region, src.short])


def test_dates_ordinals_and_codes_kept(regions):
    text = "1月28日，全市第4，PM_{2.5}浓度44微克/立方米，G240国道，5A景区，“1+N”政策，增长7.2%。"
    new, _ = synthesize(text, [], 0, random.Random(1))
    for kept in ("1月28日", "第4", "PM_{2.5}", "G240", "5A", "1+N"):
        assert kept in new
    assert "44微克" not in new and "7.2%" not in new
    assert re.search(r"增长[0-9]+\.[0-9]%", new)


def test_years_shifted_consistently(regions):
    g = Generator(SEEDS, seed=1, regions=regions, year_shift=3)
    doc, text = g.make(0)
    src = g.seed_for(doc.source)
    years_old = re.findall(r"((?:19|20)[0-9]{2})年", flat(src.text))
    years_new = re.findall(r"((?:19|20)[0-9]{2})年", flat(text))
    assert years_old and len(years_old) == len(years_new)
    assert all(int(n) - int(o) == 3 for o, n in zip(years_old, years_new))


def test_deterministic_and_prefix_stable(regions, tmp_path):
    a = Generator(SEEDS, seed=5, regions=regions).generate(tmp_path / "a", 6)
    b = Generator(SEEDS, seed=5, regions=regions).generate(tmp_path / "b", 3)
    c = Generator(SEEDS, seed=6, regions=regions).generate(tmp_path / "c", 3)
    for x, y in zip(a, b):
        assert x.manifest() == y.manifest()
        assert (tmp_path / "a" / x.file).read_bytes() == (tmp_path / "b" / y.file).read_bytes()
    assert [d.region_to for d in a[:3]] != [d.region_to for d in c]
    manifest = [json.loads(line) for line in (tmp_path / "a" / "manifest.jsonl").read_text().splitlines()]
    assert [m["file"] for m in manifest] == [d.file for d in a]


def test_edits_map_pieces(gen):
    doc, text = gen.make(1)
    src = gen.seed_for(doc.source)
    assert apply_edits(src.text, doc.edits) == text
    piece = flat(src.text)[200:260]
    mapped = map_piece(src.text, doc.edits, piece)
    assert mapped is None or mapped in flat(text)


@pytest.mark.skipif(not DEV.exists(), reason="dev set not present")
def test_rewrite_dev_questions(gen):
    items = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    done = 0
    for i in range(4):
        doc, text = gen.make(i)
        src = gen.seed_for(doc.source)
        for it in items:
            if it.get("doc") != doc.source:
                continue
            r = rewrite_item(it, doc, src)
            if r is None:
                continue
            done += 1
            assert doc.short_to in r["q"] or doc.region_to in r["q"]
            assert r["region"] == doc.region_to
            if r.get("source"):
                assert r["source"] in flat(text)
            if isinstance(r.get("value"), str):
                assert r["value"] in r["source"]
            if isinstance(it.get("year"), int):
                assert r["year"] == it["year"] + doc.year_shift
    assert done >= 40


def test_cli_refuses_seeds_dir_and_writes(tmp_path, regions):
    assert main(["--out", str(SEEDS / "x"), "--count", "1"]) == 2
    assert not (SEEDS / "x").exists()


def test_build_reads_renamed_regions(tmp_path, regions):
    """Real build, real SQLite: the synthetic reports come out under their new names."""
    g = Generator(SEEDS, seed=3, regions=regions, year_shift=None, max_year_shift=3)
    corpus = tmp_path / "corpus"
    docs = g.generate(corpus, 4)
    (corpus / "manifest.jsonl").unlink()
    db = tmp_path / "kb.db"
    report = build_kb(corpus, db, log=lambda *a, **k: None)
    assert report.documents == 4
    assert report.indicators > 0
    got = regions_from_db(db)
    assert got == {d.file: d.region_to for d in docs}
    assert not set(got.values()) & set(regions.values())
