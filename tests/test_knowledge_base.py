"""The built knowledge base: the rows the issue names, idempotent builds, atomic swaps."""
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from knowledge.build import BuildFailed, build_kb

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    db = tmp_path_factory.mktemp("kb") / "kb.db"
    build_kb(SEEDS, db, log=None)
    return db


@pytest.mark.parametrize("region,year,kind,metric,value", [
    ("冀州区", 2022, "target", "地区生产总值", "7%以上"),
    ("冀州区", 2021, "actual", "地区生产总值", "7.5%"),
    ("冀州区", 2021, "actual", "农村居民人均可支配收入", "11.7%"),
    ("冀州区", 2022, "target", "农村居民人均可支配收入", "8%以上"),
    ("枣强县", 2022, "target", "城镇调查失业率", "5.5%以内"),
    ("枣强县", 2021, "actual", "复合材料产业营业收入", "105亿元"),
    ("枣强县", 2021, "actual", "新增高标准农田", "8.73万亩"),
])
def test_issue_rows_present(kb, region, year, kind, metric, value):
    db = sqlite_utils.Database(kb)
    rows = list(db["indicators"].rows_where(
        "region = ? and year = ? and kind = ? and metric like ? and value = ?",
        [region, year, kind, f"%{metric}%", value]))
    assert rows, (region, year, kind, metric, value)


def test_tables_and_columns(kb):
    db = sqlite_utils.Database(kb)
    assert {"documents", "sections", "sentences", "indicators"} <= set(db.table_names())
    cols = set(db["indicators"].columns_dict)
    assert {"region", "year", "kind", "measure", "metric", "value", "number", "unit", "qualifier",
            "sentence_id", "document_id"} <= cols
    docs = {r["region"]: r for r in db["documents"].rows}
    assert docs["冀州区"]["year"] == 2022 and docs["枣强县"]["level"] == "县"
    # full-text search works on Chinese through the segmented column
    hits = db.execute("select count(*) from sentences_fts where sentences_fts match '\"高标准农田\"'").fetchone()[0]
    assert hits >= 3


def _dump(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return {t: conn.execute(f"select * from {t} order by 1").fetchall()
                for t in ("documents", "sections", "sentences", "indicators")}
    finally:
        conn.close()


def test_building_twice_gives_the_same_database(kb, tmp_path):
    again = tmp_path / "again.db"
    build_kb(SEEDS, again, log=None)
    assert _dump(kb) == _dump(again)


def test_failed_build_keeps_the_previous_knowledge_base(kb, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copy(kb, db)
    before = _dump(db)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "empty.txt").write_bytes(b"")
    (broken / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    with pytest.raises(BuildFailed):
        build_kb(broken, db, log=None)
    assert _dump(db) == before
    assert not list(tmp_path.glob("kb.db.tmp-*"))


def test_bad_files_are_skipped_with_reasons_and_good_ones_load(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    (folder / "copy.txt").write_bytes((SEEDS / "000_4fb11857ce7e28a6.txt").read_bytes())
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    report = build_kb(folder, tmp_path / "kb.db", log=None)
    assert report.documents == 2
    skipped = dict(report.skipped)
    assert set(skipped) == {"empty.txt", "photo.txt", "copy.txt", "notes.docx"}
    assert "空" in skipped["empty.txt"] and "PNG" in skipped["photo.txt"]
    assert "000_4fb11857ce7e28a6.txt" in skipped["copy.txt"]


def test_the_base_is_browsable_by_a_person(tmp_path):
    """Substring search on the sentences (a trigram index), plain-named views, and a datasette
    metadata file that describes tables and columns that exist."""
    import json
    import sqlite3

    from knowledge.build import build_kb

    root = Path(__file__).resolve().parent.parent
    build_kb(root / "seeds", tmp_path / "kb.db", log=None)
    conn = sqlite3.connect(tmp_path / "kb.db")
    assert conn.execute("select count(*) from sentences_text where sentences_text match '张赤峰'").fetchone()[0] == 1
    like = conn.execute("select count(*) from sentences where text like '%生产总值%'").fetchone()[0]
    assert conn.execute("select count(*) from sentences_text where sentences_text match '生产总值'").fetchone()[0] == like
    row = conn.execute("select region, year, kind, indicator, value, sentence from figures "
                       "where region = '冀州区' and year = 2022 and indicator = '地区生产总值'").fetchone()
    assert row[2] == "目标" and row[4] == "7%以上" and "7%以上" in row[5]
    assert conn.execute("select report_year from reports where region = '枣强县'").fetchone()[0] == 2022
    meta = json.loads((root / "knowledge" / "datasette.json").read_text(encoding="utf-8"))
    names = {r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
    for table, spec in meta["databases"]["knowledge"]["tables"].items():
        assert table in names, table
        cols = {r[1] for r in conn.execute(f"pragma table_info([{table}])")}
        assert set(spec.get("columns", {})) <= cols, (table, set(spec.get("columns", {})) - cols)


def test_a_very_long_region_is_searched_through_the_indexes_with_the_same_answers(kb, monkeypatch):
    """Text questions on a region with a yearbook-sized report do not load its whole text: with the
    threshold lowered to zero, the seeds' text questions take that path and still find their facts."""
    import json

    from knowledge import kb as kbmod
    from knowledge.evaluate import judge
    from knowledge.service import KnowledgeService

    dev = Path(__file__).resolve().parent / "data" / "dev.jsonl"
    items = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [it for it in items if it["type"] == "text"]
    assert len(texts) >= 5
    monkeypatch.setattr(kbmod, "LARGE_REGION_SENTENCES", 0)
    svc = KnowledgeService.open(kb, SEEDS)
    calls = []
    real = svc.kb._region_sentences_searched
    monkeypatch.setattr(svc.kb, "_region_sentences_searched", lambda *a: calls.append(a) or real(*a))
    verdicts = [judge(it, svc.ask(it["q"]).to_dict()) for it in texts]
    assert calls, "the indexed path was not taken"
    assert not svc.kb._sent_cache  # nothing of the whole text was loaded
    assert verdicts.count("correct") >= len(texts) - 1, verdicts
