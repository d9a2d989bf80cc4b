"""Incremental builds: the previous knowledge base is patched (documents of changed and removed
files out, new ones in) instead of written again, and the result is the same as a full build:
the same rows, the same full-text hits, the same answers."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest  # noqa: F401 - monkeypatch fixture

from knowledge import build
from knowledge.build import build_kb
from knowledge.service import KnowledgeService

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
OTHERS = [ROOT / "tests" / "blind16" / "e2_doumen_2022.txt", ROOT / "tests" / "blind14" / "c1_zhaoan_2023.txt"]
DEV = ROOT / "tests" / "data" / "dev.jsonl"
TABLES = ("documents", "sections", "sentences", "indicators")


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row (in file-name order, each document's rows in reading order: where a patched base
    keeps them on disk does not matter), the full-text hits of a token and of a substring, and meta."""
    conn = sqlite3.connect(db)
    try:
        got = {"documents": conn.execute("select * from documents order by name").fetchall()}
        for t in TABLES[1:]:
            got[t] = conn.execute(f"select t.* from [{t}] t join documents d on d.id = t.document_id "
                                  "order by d.name, t.rowid").fetchall()
        got["fts"] = conn.execute("select s.id from sentences_fts f join sentences s on s.rowid = f.rowid "
                                  "where sentences_fts match '生产总值' order by s.id").fetchall()
        got["trigram"] = conn.execute("select s.id from sentences_text f join sentences s on s.rowid = f.rowid "
                                      "where sentences_text match '一般公共预算' order by s.id").fetchall()
        got["fts_check"] = [conn.execute(f"insert into {t}({t}) values ('integrity-check')").rowcount
                            for t in ("sentences_fts", "sentences_text")]
        got["meta"] = conn.execute("select * from meta where key != 'built_at' order by key").fetchall()
        return got
    finally:
        conn.close()


def folder(tmp_path: Path, name: str, files: list[Path]) -> Path:
    d = tmp_path / name
    d.mkdir()
    for f in files:
        shutil.copy(f, d / f.name)
    return d


def test_adding_a_report_reuses_the_others_and_equals_a_full_build(tmp_path):
    docs = folder(tmp_path, "docs", SEEDS + OTHERS[:1])
    first = build_kb(docs, tmp_path / "kb.db", log=None)
    assert (first.reused, len(first.parsed)) == (0, 3)
    shutil.copy(OTHERS[1], docs / OTHERS[1].name)
    again = build_kb(docs, tmp_path / "kb.db", log=None)
    assert again.reused == 3 and again.parsed == [OTHERS[1].name]
    full = build_kb(folder(tmp_path, "all", SEEDS + OTHERS), tmp_path / "full.db", log=None)
    assert full.reused == 0
    assert dump(tmp_path / "kb.db") == dump(tmp_path / "full.db")
    # and the answers: every development question, same JSON from the patched and the fresh base
    questions = [json.loads(line)["q"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    patched = KnowledgeService.open(tmp_path / "kb.db", docs)
    fresh = KnowledgeService.open(tmp_path / "full.db", tmp_path / "all")
    for q in questions + ["诏安县2023年GDP", "斗门区规上工业增加值", "GDP增长目标"]:
        assert patched.ask(q).to_dict() == fresh.ask(q).to_dict(), q


def test_a_changed_a_renamed_and_a_removed_file(tmp_path):
    docs = folder(tmp_path, "docs", SEEDS + OTHERS)
    build_kb(docs, tmp_path / "kb.db", log=None)
    jz = docs / SEEDS[1].name
    jz.write_text(jz.read_text(encoding="utf-8").replace("地区生产总值增长7%以上", "地区生产总值增长8%以上"),
                  encoding="utf-8")
    (docs / OTHERS[0].name).rename(docs / "doumen-renamed.txt")
    (docs / OTHERS[1].name).unlink()
    report = build_kb(docs, tmp_path / "kb.db", log=None)
    assert report.parsed == [SEEDS[1].name] and report.reused == 2
    assert sorted(d["name"] for d in report.loaded) == sorted([SEEDS[0].name, SEEDS[1].name, "doumen-renamed.txt"])
    svc = KnowledgeService.open(tmp_path / "kb.db", docs)
    assert svc.ask("冀州2022年GDP目标").to_dict()["answers"][0]["value"] == "8%以上"
    assert "诏安" not in svc.sources_text()
    assert "doumen-renamed.txt" in {d.name for d in svc.kb.documents}
    shutil.copytree(docs, tmp_path / "same")
    build_kb(tmp_path / "same", tmp_path / "full.db", log=None)
    assert dump(tmp_path / "kb.db") == dump(tmp_path / "full.db")


def test_other_code_or_a_damaged_base_means_a_full_parse(tmp_path, monkeypatch):
    docs = folder(tmp_path, "docs", SEEDS)
    build_kb(docs, tmp_path / "kb.db", log=None)
    monkeypatch.setattr(build, "_FINGERPRINT", "another version of the pipeline")
    assert build_kb(docs, tmp_path / "kb.db", log=None).reused == 0
    (tmp_path / "kb.db").write_bytes(b"not a database at all" * 100)
    report = build_kb(docs, tmp_path / "kb.db", log=None)
    assert (report.reused, report.documents) == (0, 2)


def test_the_reload_report_says_what_changed(tmp_path):
    docs = folder(tmp_path, "docs", SEEDS + OTHERS[:1])
    svc = KnowledgeService.open(tmp_path / "kb.db", docs)
    jz = docs / SEEDS[1].name
    jz.write_text(jz.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    shutil.copy(OTHERS[1], docs / OTHERS[1].name)
    (docs / OTHERS[0].name).unlink()
    text = svc.reload().to_text()
    assert f"新增：{OTHERS[1].name}" in text
    assert f"更新：{SEEDS[1].name}" in text
    assert f"移除：{OTHERS[0].name}" in text
    assert "沿用未变的 1 份" in text


def test_a_duplicate_of_a_reused_file_is_still_loaded_once(tmp_path):
    docs = folder(tmp_path, "docs", SEEDS)
    build_kb(docs, tmp_path / "kb.db", log=None)
    shutil.copy(SEEDS[0], docs / "copy-of-zaoqiang.txt")
    report = build_kb(docs, tmp_path / "kb.db", log=None)
    assert report.documents == 2 and dict(report.skipped)["copy-of-zaoqiang.txt"].startswith("与 ")


def test_a_file_with_the_text_of_a_kept_one_in_other_bytes_is_loaded_in_file_order(tmp_path):
    docs = folder(tmp_path, "docs", SEEDS)
    build_kb(docs, tmp_path / "kb.db", log=None)
    # the same text in GB18030, under a name that sorts first: a full build loads it and skips the other
    (docs / "0-gbk-copy.txt").write_bytes(SEEDS[1].read_text(encoding="utf-8").encode("gb18030"))
    report = build_kb(docs, tmp_path / "kb.db", log=None)
    assert report.documents == 2 and dict(report.skipped)[SEEDS[1].name].startswith("与 0-gbk-copy.txt")
    build_kb(folder(tmp_path, "all", [*SEEDS, docs / "0-gbk-copy.txt"]), tmp_path / "full.db", log=None)
    assert dump(tmp_path / "kb.db") == dump(tmp_path / "full.db")
