"""The ingestion pipeline over a folder: read → normalise → meta → segment → extract → store."""
from __future__ import annotations

import hashlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import lexicon, reader, store, tokenizer
from .docmeta import DocMeta, detect
from .extract import DocContext, Indicator, extract, lead_in_place, paragraph_place, section_contexts
from .places import doc_places
from .timeframe import LIST_ITEM, Clock
from .normalize import join_lines, strip_html
from .segment import Section, segment


@dataclass
class ParsedDoc:
    name: str
    sha1: str
    meta: DocMeta
    sections: list[Section]
    indicators: list[Indicator]
    chars: int

    @property
    def sentences(self):
        return [s for sec in self.sections for s in sec.sentences]


@dataclass
class BuildReport:
    db_path: Path
    documents: int = 0
    sections: int = 0
    sentences: int = 0
    indicators: int = 0
    loaded: list[dict] = field(default_factory=list)      # per document: name, region, year, counts
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    seconds: float = 0.0
    reused: int = 0                                       # unchanged files copied from the previous base
    parsed: list[str] = field(default_factory=list)       # files read and parsed afresh


class BuildFailed(Exception):
    """The build could not produce a knowledge base; the previous one is untouched."""


def report_lines(text: str) -> list[str]:
    """The logical lines of a report's text: markup stripped, hard wraps joined."""
    return join_lines(strip_html(text))


def parse_document(name: str, text: str) -> ParsedDoc:
    """Pure: the text of one report → its metadata, sections, sentences and indicators."""
    lines = report_lines(text)
    meta = detect(lines)
    sections = segment(lines, meta.title)
    ctxs = section_contexts(sections, meta.year, meta.now)
    places = doc_places(meta.region, meta.folded) if meta.region else None
    if places is not None and places.city_label is None:
        places.city_label = meta.parent  # a parent the national table does not know, read from the text
    doc = DocContext(meta.region, meta.year, places, meta.now)
    clock = Clock(meta.year, meta.now)
    indicators: list[Indicator] = []
    titled = None  # the place a section's heading names (（三）某市2022年主要预期目标), when not the report's own
    for sec in sections:
        prev: list[str] = []
        held, held_para = None, None  # the place the paragraph speaks of, when not the report's own
        first = sec.sentences[0] if sec.sentences else None
        if first is not None and (first.heading or first.norm.startswith("【")) and not sec.norm.rstrip().endswith(("：", ":")):
            titled = None  # a heading or a label opens another topic; a lead-in line (确定了…目标：, 2020年预期目标：…) goes on
        listed = None  # the place a lead-in names (过去五年某省…提升：), held by the list items under it
        for s in sec.sentences:
            if s.heading:
                clock.heading(s.norm)
                frame = ctxs[sec.index]
            else:
                frame = clock.frame(s.para, s.norm, ctxs[sec.index])
            if s.para != held_para or s.heading:
                if listed is not None and not s.heading and LIST_ITEM.match(s.norm):
                    held, held_para = listed, s.para
                else:
                    held, held_para, listed = titled, s.para, None
            got = extract(s, frame, doc, prev[-3:], held)
            held = paragraph_place(s, doc, held)
            if s.norm.rstrip().endswith(("：", ":")) and not s.heading:
                listed = lead_in_place(s, doc) or listed
            if s.heading or s.position == 0 and s.norm.startswith("【"):
                titled = held  # …and a section opened by a label naming a place (【邻区速览】某区：…)
            indicators.extend(got)
            prev.extend(i.metric for i in got)
    return ParsedDoc(name=name, sha1=hashlib.sha1(text.encode("utf-8")).hexdigest(), meta=meta,
                     sections=sections, indicators=indicators, chars=len(text))


def _rows(doc: ParsedDoc, section_ctx: dict) -> tuple[dict, list[dict], list[dict], list[dict]]:
    did = doc.sha1[:12]
    m = doc.meta
    sec_rows = [{"id": f"{did}:{s.index}", "document_id": did, "idx": s.index, "title": s.title,
                 "kind": section_ctx[s.index].kind, "year": section_ctx[s.index].year}
                for s in doc.sections]
    sent_rows = []
    sentences = [(sec, s) for sec in doc.sections for s in sec.sentences]
    tokens = tokenizer.cut_many([s.norm for _, s in sentences])
    for (sec, s), toks in zip(sentences, tokens):
        sent_rows.append({
            "id": f"{did}:{s.index}", "document_id": did, "section_id": f"{did}:{sec.index}",
            "idx": s.index, "position": s.position, "text": s.text, "norm": s.norm,
            "tokens": " ".join(toks),
        })
    ind_rows = []
    seen: dict[str, int] = {}
    canon_sentence = {s.index: lexicon.canonicalize(s.norm) for sec in doc.sections for s in sec.sentences}
    for ind in doc.indicators:
        base = f"{did}:{ind.sentence}:{ind.order}"
        k = seen.get(base, 0)
        seen[base] = k + 1
        ind_rows.append({
            "id": f"{base}:{k}", "document_id": did, "sentence_id": f"{did}:{ind.sentence}",
            "section_id": f"{did}:{ind.section}", "region": ind.region, "year": ind.year,
            "kind": ind.kind, "measure": ind.measure, "metric": ind.metric,
            "canonical": ind.canonical, "value": ind.value, "number": ind.number,
            "unit": ind.unit, "qualifier": ind.qualifier, "base_year": ind.base_year,
            "context": ind.context, "context_canonical": lexicon.canonicalize(ind.context),
            "preliminary": int(ind.preliminary), "period": ind.period,
            "sentence_canonical": canon_sentence.get(ind.sentence, ""),
        })
    doc_row = {"id": did, "name": doc.name, "title": m.title, "region": m.region, "short": m.short,
               "aliases": "|".join(m.abbreviations),
               "level": m.level, "parent": m.parent, "year": m.year,
               "spoken": m.now if m.now is not None else m.year, "sections": len(doc.sections),
               "sentences": len(sent_rows), "indicators": len(ind_rows), "chars": doc.chars,
               "sha1": doc.sha1}
    return doc_row, sec_rows, sent_rows, ind_rows


@dataclass
class Prepared:
    """One file read, parsed and turned into rows, or the reason it cannot be used."""
    name: str
    skip: str | None = None
    sha1: str = ""
    region: str | None = None
    year: int | None = None
    rows: tuple | None = None  # (document, sections, sentences, indicators)
    reuse: str | None = None   # the id of the same document in the previous base (rows not read)
    counts: tuple[int, int, int] = (0, 0, 0)  # sections, sentences, indicators of a reused document


def prepare(path: Path) -> Prepared:
    """Everything one file needs before storing. Depends on that file alone (no state carried
    between documents), so files can be prepared in any order or in parallel processes and the
    knowledge base comes out the same."""
    try:
        data = reader.read_bytes(path)
        text = reader.to_text(data, path.name)
    except reader.Unreadable as exc:
        return Prepared(path.name, str(exc))
    except OSError as exc:
        return Prepared(path.name, f"无法读取（{exc.strerror or exc}）")
    got = _prepare_text(path.name, text)
    if got.rows is not None:
        got.rows[0]["file_sha1"] = hashlib.sha1(data).hexdigest()
    return got


_FINGERPRINT: str | None = None


def pipeline_fingerprint() -> str:
    """A digest of everything that decides a document's rows: this package's code and data files
    and the versions of the text libraries. A base built under another fingerprint is not reused."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        from importlib.metadata import PackageNotFoundError, version

        h = hashlib.sha1(f"schema {store.SCHEMA_VERSION}".encode())
        root = Path(__file__).resolve().parent
        for p in sorted(root.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".txt", ".tsv", ".json", ".csv"):
                h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
        for package in ("jieba", "opencc", "pdfminer.six", "python-docx", "trafilatura", "pypinyin"):
            try:
                h.update(f"{package} {version(package)}".encode())
            except PackageNotFoundError:
                h.update(f"{package} -".encode())
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


def _reusable(path: Path, previous: dict[str, tuple[str, dict]]) -> Prepared | None:
    """The previous base's copy of this file when its bytes are unchanged, else None."""
    try:
        digest = hashlib.sha1(reader.read_bytes(path)).hexdigest()
    except (reader.Unreadable, OSError):
        return None  # prepare() reads it again and says why
    hit = previous.get(digest)
    if hit is None:
        return None
    did, row = hit
    return Prepared(path.name, None, row["sha1"], row["region"], row["year"], reuse=did,
                    counts=(row["sections"], row["sentences"], row["indicators"]))


def prepare_bytes(name: str, data: bytes) -> Prepared:
    """The check of an upload before it replaces anything: it decodes (whatever its format), names
    its region and yields figures, or `skip` says why not."""
    try:
        text = reader.to_text(data, name)
    except reader.Unreadable as exc:
        return Prepared(name, str(exc))
    got = _prepare_text(name, text)
    if got.skip is None and got.rows is not None and not got.rows[3]:
        return Prepared(name, "读不出任何指标数字（不像一份政府工作报告）", got.sha1, got.region, got.year)
    return got


def _prepare_text(name: str, text: str) -> Prepared:
    path = Path(name)
    try:
        doc = parse_document(path.name, text)
        if not doc.meta.region:
            return Prepared(path.name, "找不到报告所属的地区（如“某某县人民政府”“某某区《政府工作报告》”）",
                            sha1=doc.sha1)
        rows = _rows(doc, section_contexts(doc.sections, doc.meta.year, doc.meta.now))
    except Exception as exc:  # noqa: BLE001 — a parser bug on one odd file must not stop the build
        return Prepared(path.name, f"解析出错（{type(exc).__name__}: {exc}）")
    return Prepared(path.name, None, doc.sha1, doc.meta.region, doc.meta.year, rows)


PARALLEL_MIN_FILES = 24  # below this, starting worker processes costs more than it saves
LARGE_FILE_BYTES = 2 * 2**20  # a report this big is parsed in a child process: its peak memory goes with it


def _light(got: Prepared) -> Prepared:
    """The check's verdict without the rows (what crosses back from a child process)."""
    return Prepared(got.name, got.skip, got.sha1, got.region, got.year)


def _check_bytes_light(name: str, data: bytes) -> Prepared:
    return _light(prepare_bytes(name, data))


def check_upload(name: str, data: bytes) -> Prepared:
    """prepare_bytes for an upload, without its rows; a large file is checked in a child process,
    so a 20 MB report does not leave the bot holding the parse's peak memory."""
    if len(data) < LARGE_FILE_BYTES:
        return _light(prepare_bytes(name, data))
    with _one_child() as pool:
        return pool.submit(_check_bytes_light, name, data).result()


def _one_child():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the bot checks and rebuilds from worker threads, and forking a threaded
    # process can deadlock on locks held by other threads
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_exit_with_parent, initargs=(os.getpid(),))


def _exit_with_parent(parent: int) -> None:
    """In a worker: leave as soon as the build that started it is gone (killed, say), instead of
    waiting forever to hand back results nobody will read."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _prepared(files: list[Path]):
    """Prepared files in order; large folders are prepared by one process per core."""
    workers = min(os.cpu_count() or 1, 4)
    if len(files) < PARALLEL_MIN_FILES or workers < 2:
        for path in files:
            if _size(path) >= LARGE_FILE_BYTES:
                with _one_child() as pool:  # its parse's peak memory ends with the child
                    yield pool.submit(prepare, path).result()
            else:
                yield prepare(path)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the bot rebuilds from a worker thread, and forking a threaded process
    # can deadlock on locks held by other threads
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
        yield from pool.map(prepare, files, chunksize=max(1, min(16, len(files) // (workers * 4))))


def build_kb(seeds_dir: Path | str, db_path: Path | str,
             log: Callable[[str], None] | None = print,
             progress: Callable[[int, int, str], None] | None = None) -> BuildReport:
    """Build the knowledge base of every report in `seeds_dir` into `db_path`, atomically.

    A file that cannot be read or has no recognisable region is skipped with its reason; the
    build fails (and leaves any previous knowledge base whole) only when no report loads.
    Incremental: a file whose bytes are those of a document in the base already at `db_path`
    (built by this same code) is copied from there instead of parsed again; the result is the
    same as a full build.
    """
    log = log or (lambda _msg: None)
    t0 = time.perf_counter()
    seeds_dir, db_path = Path(seeds_dir), Path(db_path)
    report = BuildReport(db_path=db_path)
    if not seeds_dir.is_dir():
        raise BuildFailed(f"找不到资料文件夹：{seeds_dir}")
    files = reader.report_files(seeds_dir)
    others = sorted(p.name for p in seeds_dir.iterdir()
                    if p.is_file() and p not in files and not p.name.startswith("."))
    for name in others:
        report.skipped.append((name, "不是报告文件（可用 .txt .md .pdf .docx .html）"))
        log(f"跳过 {name}：不是报告文件（可用 .txt .md .pdf .docx .html）")
    previous = store.previous_documents(db_path, pipeline_fingerprint()) if db_path.is_file() else None
    reused = {p: hit for p in files if previous and (hit := _reusable(p, previous)) is not None}
    # with documents to reuse, the previous base is patched (gone and changed documents out, new ones
    # in) instead of written again: the cost follows what changed, not the size of the base
    writer = store.Writer(db_path, base=db_path if reused else None)
    try:
        if reused:
            keep = {p.reuse for p in reused.values()}
            for did in writer.document_ids():
                if did not in keep:
                    writer.remove(did)
        fresh = _prepared([p for p in files if p not in reused])
        seen: dict[str, str] = {}
        show_progress = len(files) - len(reused) > 20 and sys.stderr.isatty()
        for i, path in enumerate(files, 1):
            p = reused.get(path) or next(fresh)
            if show_progress:
                print(f"\r[{i}/{len(files)}] {p.name[:40]:40}", end="", file=sys.stderr, flush=True)
            if progress is not None:
                progress(i, len(files), p.name)  # (done, total, file): the bot shows it to the admin
            if p.sha1 and p.sha1 in seen:
                report.skipped.append((p.name, f"与 {seen[p.sha1]} 内容相同，只载入一次"))
                log(f"跳过 {p.name}：与 {seen[p.sha1]} 内容相同")
                continue
            if p.skip:
                report.skipped.append((p.name, p.skip))
                log(f"跳过 {p.name}：{p.skip}")
                continue
            seen[p.sha1] = p.name
            if p.reuse:
                writer.rename(p.reuse, p.name)
                n_secs, n_sents, n_inds = p.counts
                report.reused += 1
            else:
                drow, secs, sents, inds = p.rows
                if reused and drow["id"] in keep:  # the same text as a kept file further on, in other bytes:
                    writer.remove(drow["id"])      # the first in order is loaded, as a full build does
                writer.add(drow, secs, sents, inds)
                n_secs, n_sents, n_inds = len(secs), len(sents), len(inds)
                report.parsed.append(p.name)
            report.documents += 1
            report.sections += n_secs
            report.sentences += n_sents
            report.indicators += n_inds
            report.loaded.append({"name": p.name, "region": p.region, "year": p.year, "sections": n_secs,
                                  "sentences": n_sents, "indicators": n_inds, "reused": bool(p.reuse)})
            log(f"载入 {p.name}：{p.region} {p.year or '年份不明'}年报告，"
                f"{n_secs} 节，{n_sents} 句，{n_inds} 个指标" + ("（未变，沿用）" if p.reuse else ""))
        if show_progress:
            print(file=sys.stderr)
        if report.documents == 0:
            raise BuildFailed("没有可载入的报告" + (f"（跳过 {len(report.skipped)} 个文件）" if report.skipped else ""))
        writer.commit({"documents": report.documents, "indicators": report.indicators,
                       "skipped": len(report.skipped), "pipeline": pipeline_fingerprint()})
    except BaseException:
        writer.abort()
        raise
    report.seconds = time.perf_counter() - t0
    return report
