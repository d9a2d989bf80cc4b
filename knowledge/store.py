"""SQLite knowledge base through sqlite-utils: schema, full-text index, atomic swap."""
from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

SCHEMA_VERSION = 6

DOCUMENT_COLUMNS = {
    "id": str, "name": str, "title": str, "region": str, "short": str, "aliases": str, "level": str, "parent": str,
    "year": int, "spoken": int, "sections": int, "sentences": int, "indicators": int, "chars": int, "sha1": str,
    "file_sha1": str,  # of the file's bytes: an unchanged file is reused by the next build
}
SECTION_COLUMNS = {"id": str, "document_id": str, "idx": int, "title": str, "kind": str, "year": int}
SENTENCE_COLUMNS = {
    "id": str, "document_id": str, "section_id": str, "idx": int, "position": int,
    "text": str, "norm": str, "tokens": str,
}
INDICATOR_COLUMNS = {
    "id": str, "document_id": str, "sentence_id": str, "section_id": str, "region": str,
    "year": int, "kind": str, "measure": str, "metric": str, "canonical": str, "value": str,
    "number": float, "unit": str, "qualifier": str, "base_year": int, "context": str,
    "context_canonical": str, "sentence_canonical": str, "preliminary": int, "period": str,
}


# full-text tables over `sentences` (external content): jieba tokens for ranking, trigrams of the
# text for substring search by people browsing the base
FTS_TABLES = (("sentences_fts", "tokens"), ("sentences_text", "text"))

# Views with self-explaining names (described in knowledge/datasette.json).
VIEWS = (
    """create view reports as select name as file, title, region, level, parent as parent_region,
       year as report_year, sections, sentences, indicators, chars, id as document_id from documents""",
    """create view figures as select d.region as report_region, i.region, i.year,
       case i.kind when 'target' then '目标' when 'actual' then '实绩' else '' end as kind,
       i.measure, i.metric as indicator, i.value, i.number, i.unit, i.qualifier, i.preliminary,
       i.period, s.text as sentence, sec.title as section, d.name as file, d.year as report_year
       from indicators i join documents d on d.id = i.document_id join sentences s on s.id = i.sentence_id
       left join sections sec on sec.id = i.section_id""",
)


def temp_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}")


def clean_stale_temps(db_path: Path) -> None:
    """Remove temp files left by builds that were killed (their pid is gone)."""
    for p in db_path.parent.glob(f"{db_path.name}.tmp-*"):
        try:
            pid = int(p.name.rsplit("-", 1)[1])
            os.kill(pid, 0)
        except (ValueError, ProcessLookupError):
            p.unlink(missing_ok=True)
        except PermissionError:
            pass


class Writer:
    """Writes a knowledge base into a temp file; `commit()` swaps it in atomically.

    Fresh (`base=None`): an empty base, indexes and full-text tables made at commit. Patching
    (`base=` the previous base): a copy of it, where `remove()` takes out the documents that are
    gone or changed and `add()` puts in the new ones, full-text rows included; the rest of the
    base (indexes, full-text index) is kept, so the cost follows what changed."""

    def __init__(self, db_path: Path, base: Path | None = None):
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_temps(self.db_path)
        self.tmp = temp_path(self.db_path)
        self.tmp.unlink(missing_ok=True)
        self.patching = base is not None
        if self.patching:
            shutil.copyfile(base, self.tmp)
        self.conn = sqlite3.connect(self.tmp)
        self.conn.execute("PRAGMA journal_mode=OFF")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.db = sqlite_utils.Database(self.conn)
        if self.patching:
            return
        self.db["documents"].create(DOCUMENT_COLUMNS, pk="id")
        self.db["sections"].create(SECTION_COLUMNS, pk="id", foreign_keys=[("document_id", "documents")])
        self.db["sentences"].create(SENTENCE_COLUMNS, pk="id", foreign_keys=[
            ("document_id", "documents"), ("section_id", "sections")])
        self.db["indicators"].create(INDICATOR_COLUMNS, pk="id", foreign_keys=[
            ("document_id", "documents"), ("sentence_id", "sentences"), ("section_id", "sections")])

    def add(self, document: dict, sections: list[dict], sentences: list[dict], indicators: list[dict]) -> None:
        self.db["documents"].insert(document)
        # rows are plain str/int/float already: one executemany per table on the same connection
        # (sqlite-utils' insert_all converts value by value, a third of the build on large folders)
        for table, columns, rows in (("sections", SECTION_COLUMNS, sections),
                                     ("sentences", SENTENCE_COLUMNS, sentences),
                                     ("indicators", INDICATOR_COLUMNS, indicators)):
            if rows:
                cols = list(columns)
                sql = f"insert into [{table}] ({', '.join(cols)}) values ({', '.join('?' * len(cols))})"
                self.conn.executemany(sql, [tuple(r.get(c) for c in cols) for r in rows])
        if self.patching:  # the full-text tables are external-content: fed by hand, like at commit
            for fts, column in FTS_TABLES:
                self.conn.execute(f"insert into [{fts}](rowid, [{column}]) select rowid, [{column}] "
                                  "from sentences where document_id = ?", (document["id"],))

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("select id from documents")]

    def remove(self, document_id: str) -> None:
        """Take a document out of the patched base: its full-text entries, then its rows."""
        for fts, column in FTS_TABLES:
            self.conn.execute(f"insert into [{fts}]([{fts}], rowid, [{column}]) select 'delete', rowid, "
                              f"[{column}] from sentences where document_id = ?", (document_id,))
        for table in ("indicators", "sentences", "sections", "documents"):
            key = "id" if table == "documents" else "document_id"
            self.conn.execute(f"delete from [{table}] where [{key}] = ?", (document_id,))

    def rename(self, document_id: str, name: str) -> None:
        self.conn.execute("update documents set name = ? where id = ? and name != ?", (name, document_id, name))

    def commit(self, meta: dict) -> None:
        if not self.patching:
            self._index()
        self.db["meta"].insert_all(
            [{"key": k, "value": str(v)} for k, v in
             {"schema": SCHEMA_VERSION, "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              **meta}.items()], pk="key", replace=True)
        self.conn.commit()
        self.conn.execute("PRAGMA journal_mode=DELETE")
        self.conn.close()
        fd = os.open(self.tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(self.tmp, self.db_path)
        dfd = os.open(self.db_path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)

    def _index(self) -> None:
        db = self.db
        db["indicators"].create_index(["region", "year", "kind"])
        db["indicators"].create_index(["canonical"])
        db["indicators"].create_index(["sentence_id"])
        db["sentences"].create_index(["document_id", "idx"])
        db["sections"].create_index(["document_id"])
        db["indicators"].create_index(["document_id"])
        db["documents"].create_index(["region"])
        db["sentences"].enable_fts(["tokens"], create_triggers=False, replace=True)
        # for people browsing the base (datasette, sqlite-utils): substring search on the text itself
        # (张赤峰, 生产总值 — the jieba index above finds only whole tokens), and plain-named views
        self.conn.execute("create virtual table sentences_text using fts5(text, content='sentences', "
                          "content_rowid='rowid', tokenize='trigram')")
        self.conn.execute("insert into sentences_text(sentences_text) values ('rebuild')")
        for sql in VIEWS:
            self.conn.execute(sql)

    def abort(self) -> None:
        try:
            self.conn.close()
        finally:
            self.tmp.unlink(missing_ok=True)


def previous_documents(db_path: Path, pipeline: str) -> dict[str, tuple[str, dict]] | None:
    """{file sha1: (document id, document row)} of the knowledge base at `db_path` when its rows are
    what this code would produce again (same schema, same pipeline fingerprint); None otherwise
    (no base, damaged, or built by other code: then everything is parsed afresh)."""
    try:
        conn = connect_readonly(db_path)
    except sqlite3.Error:
        return None
    try:
        meta = {r["key"]: r["value"] for r in conn.execute("select key, value from meta")}
        if meta.get("schema") != str(SCHEMA_VERSION) or meta.get("pipeline") != pipeline:
            return None
        return {r["file_sha1"]: (r["id"], dict(r)) for r in conn.execute("select * from documents")
                if r["file_sha1"]}
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def connect_readonly(db_path: Path) -> sqlite3.Connection:
    uri = f"file:{Path(db_path).resolve()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn
