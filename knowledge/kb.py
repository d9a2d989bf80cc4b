"""Read side of the knowledge base: a read-only SQLite connection per thread, indexed lookups.

Only small things live in memory (documents, places, the metric vocabulary); indicators and
sentences are fetched through indexes, so the cost of a question does not grow with the corpus.
"""
from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from . import store
from .docmeta import aliases, short_name, table_abbreviations
from .places import whole_province_names
from .understand import Gazetteer, Place


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    name: str
    title: str
    region: str
    short: str
    aliases: str  # |-joined abbreviations of the region (土左旗)
    level: str | None
    parent: str | None
    year: int | None
    spoken: int | None  # the year its own 今年 means (year − 1 for a report heard in December)
    sections: int
    sentences: int
    indicators: int


_SUBAREA_KIND = re.compile(r"(高新区|经开区|开发区|新区|工业园区|产业园区|示范区|自贸区|保税区|起步区|经济区)$")
LARGE_REGION_SENTENCES = 20_000  # above this, a region's text questions go through the indexes
LARGE_REGION_HITS = 600          # sentences a text question on such a region scores at most
CANDIDATE_CACHE_LIMIT = 40_000  # prepared candidates kept in memory (~1.5 KB each with their row)


class KnowledgeBase:
    def __init__(self, db_path: Path | str):
        self.path = Path(db_path)
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []  # every thread's connection, closed by retire()
        self._users = 0
        self._retired = False
        self._cand_cache: dict = {}
        self._cand_size = 0
        self._text_cache: dict = {}
        self._cache_lock = threading.Lock()
        conn = store.connect_readonly(self.path)
        try:
            self.meta = {r["key"]: r["value"] for r in conn.execute("select key, value from meta")}
            self.documents = [Document(**{k: r[k] for k in Document.__slots__})
                              for r in conn.execute(
                                  "select id, name, title, region, short, aliases, level, parent, year, spoken, sections,"
                                  " sentences, indicators from documents order by region, year, name")]
            self.vocabulary = [r[0] for r in conn.execute(
                "select distinct canonical from indicators where canonical != '' order by canonical")]
            sub_regions = [(r[0], r[1]) for r in conn.execute(
                "select distinct i.region, i.document_id from indicators i join documents d"
                " on d.id = i.document_id where i.region != d.region order by d.name, i.region")]
        finally:
            conn.close()
        # every two-character string of an indicator name: a question's filler character inside
        # one (高 of 高频事项) is part of the name asked
        self.name_bigrams = frozenset(v[i:i + 2] for v in self.vocabulary for i in range(len(v) - 1))
        self.docs_by_id = {d.id: d for d in self.documents}
        regions: dict[str, list[Document]] = {}
        for d in self.documents:
            regions.setdefault(d.region, []).append(d)
        self.places = [Place(name=r, short=ds[0].short or r, parent=ds[0].parent,
                             years=tuple(sorted({d.year for d in ds if d.year})),
                             aliases=tuple(dict.fromkeys(aliases(r) + whole_province_names(r) + [
                                 a for d in ds for a in (d.aliases or "").split("|") if a])))
                       for r, ds in regions.items()]
        # places a report gives figures for without a report of their own (a city's counties)
        self.sub_places: dict[str, str] = {}  # sub-region → the region whose report names it
        for name, doc_id in sub_regions:
            if name in regions or name.startswith("全") and name != "全国" or "所在" in name:
                continue
            d = self.docs_by_id.get(doc_id)
            if d and name not in self.sub_places:
                self.sub_places[name] = d.region
                # 廊坊市安次区, a place outside the report's own city named with its city: 安次区, 安次 too
                own = re.match(r"^[\u4e00-\u9fff]{2,4}?[市州盟]([\u4e00-\u9fff]{2,6}[区县旗市])$", name)
                tail = aliases(own.group(1)) if own else []
                short = short_name(own.group(1)) if own else short_name(name)
                self.places.append(Place(name=name, short=short, parent=d.region,
                                         years=(d.year,) if d.year else (),
                                         aliases=tuple(dict.fromkeys(aliases(name) + tail + whole_province_names(name)
                                                                     + table_abbreviations(name)))))
        # a sub-area is also asked for by its kind alone (高新区 for 西安高新区) when it is the only one
        kinds: dict[str, list[int]] = {}
        for k, p in enumerate(self.places):
            m = _SUBAREA_KIND.search(p.name)
            if m and m.start() > 0:
                kinds.setdefault(m.group(0), []).append(k)
        for kind, ks in kinds.items():
            if len(ks) == 1 and kind not in regions:
                p = self.places[ks[0]]
                self.places[ks[0]] = Place(p.name, p.short, p.parent, p.years, p.aliases + (kind,))
        self._years = {p.name: max(p.years) if p.years else None for p in self.places}
        # the year the latest report's own 今年 means, where it is not its report year (heard in December)
        latest = {r: max(ds, key=lambda d: d.year or 0) for r, ds in regions.items()}
        latest.update({name: latest[parent] for name, parent in self.sub_places.items() if parent in latest})
        self._spoken = {r: d.spoken for r, d in latest.items() if d.spoken is not None and d.spoken != d.year}
        self.report_years = set(self._years.values())
        self._sent_cache: dict = {}
        self.gazetteer = Gazetteer(self.places)
        self.docs_by_region = regions

    @property
    def built_at(self) -> str:
        return self.meta.get("built_at", "")

    def conn(self) -> sqlite3.Connection:
        c = getattr(self._local, "conn", None)
        if c is None:
            c = store.connect_readonly(self.path)
            self._local.conn = c
            with self._cache_lock:
                self._opened.append(c)
        return c

    def enter(self) -> None:
        """A question starts on this base (see retire)."""
        with self._cache_lock:
            self._users += 1

    def leave(self) -> None:
        with self._cache_lock:
            self._users -= 1
            last = self._retired and self._users <= 0
        if last:
            self._close_all()

    def retire(self) -> None:
        """A newer base took this one's place: close every connection once no question uses it
        (a reload would otherwise leave a handle on each replaced file)."""
        with self._cache_lock:
            self._retired = True
            idle = self._users <= 0
        if idle:
            self._close_all()

    def open_connections(self) -> int:
        with self._cache_lock:
            return len(self._opened)

    def _close_all(self) -> None:
        with self._cache_lock:
            opened, self._opened = self._opened, []
        for c in opened:
            try:
                c.close()
            except sqlite3.Error:
                pass
        self._local = threading.local()

    def report_year(self, region: str) -> int | None:
        return self._years.get(region)

    def spoken_year(self, region: str) -> int | None:
        """The year the region's latest report calls 今年 when that is not its report year (a
        report heard in December 2025 plans 2026; its 今年 is 2025); None otherwise."""
        return self._spoken.get(region)

    def spoken_regions(self) -> list[str]:
        """The regions whose latest report was heard in December (see spoken_year)."""
        return list(self._spoken)

    # -------------------------------------------------------------- indicator lookups

    _IND_SQL = ("select i.*, s.text as sentence_text, s.idx as sentence_idx, sec.title as section_title "
                "from indicators i join sentences s on s.id = i.sentence_id "
                "join sections sec on sec.id = i.section_id ")

    _LEAN_SQL = ("select i.id, i.document_id, i.sentence_id, i.section_id, i.region, i.year, i.kind, "
                 "i.measure, i.metric, i.canonical, i.value, i.number, i.unit, i.qualifier, i.base_year, "
                 "i.context_canonical, i.sentence_canonical, i.period, i.preliminary, s.idx as sentence_idx "
                 "from indicators i join sentences s on s.id = i.sentence_id ")

    # a sentence with its document's region, name and year and its section's title and year
    _SENT_SQL = ("select s.*, d.region as region, d.name as doc_name, d.year as doc_year, "
                 "sec.title as section_title, sec.year as section_year from sentences s "
                 "join documents d on d.id = s.document_id join sections sec on sec.id = s.section_id ")

    def sentence_and_section(self, sentence_id: str, section_id: str) -> tuple[str, str]:
        key = (sentence_id, section_id)
        hit = self._text_cache.get(key)
        if hit is None:
            row = self.conn().execute(
                "select s.text, sec.title from sentences s join sections sec on sec.id = ? where s.id = ?",
                (section_id, sentence_id)).fetchone()
            hit = (row[0], row[1]) if row else ("", "")
            if len(self._text_cache) >= 4096:
                self._text_cache.clear()
            self._text_cache[key] = hit
        return hit

    def indicators_for(self, regions: list[str], year: int | None = None, kind: str | None = None,
                       canonicals: list[str] | None = None, lean: bool = False) -> list[sqlite3.Row]:
        where, args = [], []
        if regions:
            where.append(f"i.region in ({','.join('?' * len(regions))})")
            args += regions
        if year is not None:
            where.append("i.year = ?")
            args.append(year)
        if kind is not None:
            where.append("i.kind = ?")
            args.append(kind)
        if canonicals is not None:
            if not canonicals:
                return []
            where.append(f"i.canonical in ({','.join('?' * len(canonicals))})")
            args += canonicals
        # rows in the order of a base written from scratch (files by name, each in reading order),
        # also when the base was patched by an incremental build and rows sit elsewhere on disk
        order = ("i.region, i.year, i.kind, " if regions else "i.canonical, " if canonicals else "") + "d.name, i.rowid"
        sql = ((self._LEAN_SQL if lean else self._IND_SQL) + "join documents d on d.id = i.document_id "
               + ("where " + " and ".join(where) if where else "") + " order by " + order)
        return self.conn().execute(sql, args).fetchall()

    def candidates(self, regions: tuple, year, kind, canonicals: tuple | None = None) -> list:
        """Indicators prepared for scoring, cached per (regions, year, kind[, metrics])."""
        key = (regions, year, kind, canonicals)
        hit = self._cand_cache.get(key)
        if hit is not None:
            return hit
        from .rank import Candidate, CandidateSet

        rows = self.indicators_for(list(regions), year=year, kind=kind,
                                   canonicals=list(canonicals) if canonicals is not None else None,
                                   lean=True)
        out = CandidateSet([Candidate(r) for r in rows], indexed=bool(regions))
        with self._cache_lock:
            self._cand_size += len(out.items)
            self._cand_cache[key] = out
            while self._cand_size > CANDIDATE_CACHE_LIMIT and len(self._cand_cache) > 1:
                old = self._cand_cache.pop(next(iter(self._cand_cache)))
                self._cand_size -= len(old.items)
        return out

    def region_sentences_with(self, regions: tuple, words: list[str]) -> list:
        """The regions' own sentences that share a word with the question (cached per region set):
        the cost follows the size of those reports, not of the corpus. Regions with very long
        reports (a yearbook loaded as one file) are searched through the indexes instead, so that a
        question neither loads nor scores the whole text."""
        size = sum(d.sentences for r in regions for d in self.docs_by_region.get(r, ()))
        if size > LARGE_REGION_SENTENCES:
            return self._region_sentences_searched(regions, words)
        hit = self._sent_cache.get(regions)
        if hit is None:
            sql = (self._SENT_SQL + f"where d.region in ({','.join('?' * len(regions))}) "
                   "order by s.document_id, s.idx")
            rows = self.conn().execute(sql, list(regions)).fetchall()
            hit = [(r, frozenset(r["tokens"].split()), r["norm"]) for r in rows]
            with self._cache_lock:
                if len(self._sent_cache) >= 64:
                    self._sent_cache.pop(next(iter(self._sent_cache)))
                self._sent_cache[regions] = hit
        wanted = set(words)
        long_words = [w for w in words if len(w) >= 2]
        pattern = re.compile("|".join(map(re.escape, long_words))) if long_words else None
        return [r for r, toks, norm in hit if toks & wanted or (pattern is not None and pattern.search(norm))]

    def _region_sentences_searched(self, regions: tuple, words: list[str]) -> list:
        """The same selection for a large region, capped: the best BM25 matches of the words among
        the region's sentences, then sentences holding a word as a substring of their folded text
        (a word jieba cuts differently there), in reading order."""
        out = {r["id"]: r for r in self.search_sentences(words, list(regions), limit=LARGE_REGION_HITS)}
        for w in dict.fromkeys(w for w in words if len(w) >= 2):
            for r in self.sentences_with(w, list(regions), limit=LARGE_REGION_HITS // 4):
                out.setdefault(r["id"], r)
        return list(out.values())

    # -------------------------------------------------------------- full-text search

    def search_sentences(self, tokens: list[str], regions: list[str] | None, limit: int = 40) -> list[sqlite3.Row]:
        """BM25 over jieba-segmented sentences; user words are quoted, never passed as syntax."""
        terms = []
        for t in tokens:
            t = re.sub(r'["\x00-\x1f]', "", t).strip()
            if t and t not in terms:
                terms.append(t)
        if not terms:
            return []
        query = " OR ".join('"' + t + '"' for t in terms[:32])
        sql = ("select s.*, d.region as region, d.name as doc_name, d.year as doc_year, "
               "sec.title as section_title, sec.year as section_year, bm25(sentences_fts) as bm "
               "from sentences_fts join sentences s on s.rowid = sentences_fts.rowid "
               "join documents d on d.id = s.document_id join sections sec on sec.id = s.section_id "
               "where sentences_fts match ? ")
        args: list = [query]
        if regions:
            sql += f"and d.region in ({','.join('?' * len(regions))}) "
            args += regions
        sql += "order by bm, s.document_id, s.idx limit ?"  # ties in content order, not storage order
        args.append(limit)
        try:
            return self.conn().execute(sql, args).fetchall()
        except sqlite3.OperationalError:
            return []

    def sentences_with(self, needle: str, regions: list[str] | None, limit: int = 50) -> list[sqlite3.Row]:
        sql = self._SENT_SQL + "where s.norm like ? escape '\\' "
        args: list = ["%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"]
        if regions:
            sql += f"and d.region in ({','.join('?' * len(regions))}) "
            args += regions
        sql += "order by s.document_id, s.idx limit ?"
        args.append(limit)
        return self.conn().execute(sql, args).fetchall()

    def opening_sentences(self, regions: list[str], n: int) -> list[sqlite3.Row]:
        """The first `n` sentences of each document of `regions` (title, dateline, signature)."""
        sql = (self._SENT_SQL + f"where s.idx < ? and d.region in ({','.join('?' * len(regions))}) "
               "order by s.document_id, s.idx")
        return self.conn().execute(sql, [n, *regions]).fetchall()

    def close(self) -> None:
        c = getattr(self._local, "conn", None)
        if c is not None:
            c.close()
            self._local.conn = None
