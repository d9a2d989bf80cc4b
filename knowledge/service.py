"""One object the CLI and the bot use: open the knowledge base, answer, reload, describe."""
from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import assess, lexicon, rank, reply, store, textanswer
from .answers import Answer, Result
from .build import BuildFailed, BuildReport, build_kb  # BuildFailed: part of the service API (bot)
from .kb import Document, KnowledgeBase
from .understand import Question, parse

__all__ = ["BuildFailed", "KnowledgeService", "ReloadInProgress", "ReloadReport", "Sources", "default_paths"]

log = logging.getLogger(__name__)

DEFAULT_KB = Path("data/knowledge.db")
MAX_LISTED = 8  # regions listed for a question that names none
WEAK = 0.6      # a best match below this, tied with a different figure of another name, is not given
DEFAULT_SEEDS = Path("seeds")


def default_paths(kb_path=None, seeds_dir=None) -> tuple[Path, Path]:
    kb = Path(kb_path or os.environ.get("KB_PATH") or DEFAULT_KB)
    seeds = Path(seeds_dir or os.environ.get("SEEDS_DIR") or DEFAULT_SEEDS)
    return kb, seeds


def seeds_newer(seeds_dir: Path, kb_path: Path) -> bool:
    """Did the seeds folder change (a report added, replaced or removed) after the knowledge base
    was written? Compares modification times: the folder's own changes when a file comes or goes."""
    try:
        built = kb_path.stat().st_mtime
        if not seeds_dir.is_dir():
            return False
        inside = seeds_dir.resolve() == kb_path.resolve().parent  # the base's own writes touch the folder
        if not inside and seeds_dir.stat().st_mtime > built:
            return True
        return any(p.stat().st_mtime > built for p in seeds_dir.iterdir()
                   if p.is_file() and not p.name.startswith((".", kb_path.name)))
    except OSError:
        return False


def _set_aside(kb_path: Path) -> None:
    """A damaged knowledge base is kept for a look, out of the way: knowledge.db.damaged-<time>."""
    kb_path.replace(kb_path.with_name(f"{kb_path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"))


def os_error_in_words(error: OSError, kb_path: Path) -> str:
    """Why writing the knowledge base failed, in words an admin can act on."""
    import errno

    folder = kb_path.parent
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"知识库文件夹 {folder} 是只读的（没有写入权限），新的知识库写不进去；请检查 KB_PATH 所在文件夹的权限"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘已满：{folder} 所在的磁盘没有空间写入新的知识库；请腾出空间后再 /reload"
    if error.errno == errno.ENOENT:
        return f"找不到文件或文件夹：{error.filename or folder}"
    return f"读写文件失败：{error.strerror or error}（{error.filename or folder}）"


class ReloadInProgress(Exception):
    """Another reload is running; try again when it has finished."""


@dataclass
class ReloadReport:
    documents_before: int
    documents_after: int
    indicators_before: int
    indicators_after: int
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)   # same file name, new content
    reused: int = 0                                    # unchanged files, not parsed again

    def to_text(self) -> str:
        lines = [f"已重新加载（用时 {self.seconds:.1f} 秒）",
                 f"文档：{self.documents_before} → {self.documents_after}",
                 f"指标：{self.indicators_before} → {self.indicators_after}"]
        if self.added:
            lines.append("新增：" + "、".join(self.added))
        if self.updated:
            lines.append("更新：" + "、".join(self.updated))
        if self.removed:
            lines.append("移除：" + "、".join(self.removed))
        if self.reused:
            lines.append(f"沿用未变的 {self.reused} 份（没有重新解析）")
        if self.skipped:
            lines.append(f"跳过 {len(self.skipped)} 个文件：")
            lines += [f"· {name}：{why}" for name, why in self.skipped]
        return "\n".join(lines)


@dataclass
class Sources:
    documents: list[Document]
    built_at: str


class KnowledgeService:
    def __init__(self, kb: KnowledgeBase, kb_path: Path, seeds_dir: Path,
                 last_build: BuildReport | None = None):
        self._kb = kb
        self.kb_path = kb_path
        self.seeds_dir = seeds_dir
        self.last_build = last_build
        self._reload_lock = threading.Lock()
        self._healing = threading.Lock()
        self.heal_note = ""  # why the last repair could not be done ("" when fine)

    # -------------------------------------------------------------- lifecycle

    @classmethod
    def open(cls, kb_path=None, seeds_dir=None, build_if_missing: bool = True,
             log_build=None, refresh: bool = False, notice=None) -> "KnowledgeService":
        """Open the knowledge base at `kb_path`, building it from `seeds_dir` when it is missing.
        `refresh`: rebuild it first when the seeds folder changed after it was built (a report
        copied in); a failed rebuild keeps the old one. `notice` hears what was done and why."""
        kb_path, seeds_dir = default_paths(kb_path, seeds_dir)
        say = notice or (lambda m: log.info("%s", m))
        if kb_path.is_dir():
            raise BuildFailed(f"知识库路径 {kb_path} 是一个文件夹；KB_PATH 应指向一个文件，例如 {kb_path / 'knowledge.db'}")
        report = None
        if not kb_path.exists():
            if not build_if_missing:
                raise FileNotFoundError(f"知识库不存在：{kb_path}")
            say(f"知识库 {kb_path} 还不存在，正在从 {seeds_dir} 构建……")
            report = build_kb(seeds_dir, kb_path, log=log_build or (lambda m: log.info("%s", m)))
        elif refresh and seeds_newer(seeds_dir, kb_path):
            say(f"{seeds_dir} 里的报告比知识库新，正在重新构建……")
            try:
                report = build_kb(seeds_dir, kb_path, log=log_build or (lambda m: log.info("%s", m)))
            except BuildFailed as exc:
                say(f"重新构建失败，继续使用原来的知识库：{exc}")
        try:
            kb = KnowledgeBase(kb_path)
            problem = None if str(kb.meta.get("schema")) == str(store.SCHEMA_VERSION) else "由旧版本构建"
        except sqlite3.DatabaseError as exc:
            kb, problem = None, f"已损坏（{exc}）"
        if problem:
            if not build_if_missing or not seeds_dir.is_dir():
                raise BuildFailed(f"知识库 {kb_path} {problem}，且没有报告文件夹可以重建它")
            say(f"知识库 {kb_path} {problem}，正在从 {seeds_dir} 重新构建……")
            if kb is None:  # keep the damaged file for a look, out of the way
                _set_aside(kb_path)
            report = build_kb(seeds_dir, kb_path, log=log_build or (lambda m: log.info("%s", m)))
            kb = KnowledgeBase(kb_path)
        return cls(kb, kb_path, seeds_dir, report)

    @property
    def kb(self) -> KnowledgeBase:
        return self._kb

    def reload(self, progress=None) -> ReloadReport:
        """Rebuild from the seeds folder and swap in; the old knowledge base serves meanwhile.
        `progress(done, total, file)` hears each file as it is read."""
        if not self._reload_lock.acquire(blocking=False):
            raise ReloadInProgress("一个重新加载正在进行")
        try:
            t0 = time.perf_counter()
            old = self._kb
            before_docs = {d.name: d.id for d in old.documents}
            try:
                report = build_kb(self.seeds_dir, self.kb_path, log=lambda m: log.info("%s", m), progress=progress)
            except OSError as error:
                raise BuildFailed(os_error_in_words(error, self.kb_path)) from error
            new = KnowledgeBase(self.kb_path)
            self._kb = new  # atomic reference swap: questions in flight finish on `old`
            old.retire()  # its connections close when the last of them is done
            self.last_build = report
            after_docs = {d.name: d.id for d in new.documents}
            return ReloadReport(
                documents_before=len(old.documents), documents_after=len(new.documents),
                indicators_before=sum(d.indicators for d in old.documents),
                indicators_after=sum(d.indicators for d in new.documents),
                skipped=list(report.skipped), seconds=time.perf_counter() - t0,
                added=sorted(after_docs.keys() - before_docs.keys()),
                removed=sorted(before_docs.keys() - after_docs.keys()),
                updated=sorted(n for n in after_docs.keys() & before_docs.keys() if after_docs[n] != before_docs[n]),
                reused=report.reused)
        finally:
            self._reload_lock.release()

    def warm_up(self) -> None:
        """Load what the first text or typo question would otherwise load (jieba's dictionary,
        pinyin tables), so that no user waits for it. Safe to call in a background thread."""
        from . import tokenizer
        from .understand import _py

        tokenizer.warm_up()
        _py("预热")
        self.ask("今年的发展定位是什么")


    # -------------------------------------------------------------- answering

    def ask(self, question: str, region: str | None = None) -> Result:
        """Answer one question; never raises for any input. A damaged knowledge base gives
        status "unavailable" and starts its repair from the seeds in the background."""
        kb = self._kb
        kb.enter()
        try:
            result = self._ask(kb, question if isinstance(question, str) else str(question), region)
        except sqlite3.DatabaseError as error:
            log.error("the knowledge base failed while answering: %s", error)
            self.heal_soon()
            result = Result(question=str(question)[:300], status="unavailable", note=reply.UNAVAILABLE)
        except Exception:  # noqa: BLE001 — a question must never crash the caller
            # the question's text is not logged: it may be private (the bot's LOG_QUESTIONS)
            log.exception("a question of %d characters failed", len(str(question)))
            result = Result(question=str(question)[:300], status="not_found", note=reply.ERROR)
        finally:
            kb.leave()
        result.reply = reply.render_plain(result)
        return result

    # -------------------------------------------------------------- health

    def health_problem(self, thorough: bool = False) -> str | None:
        """None when the knowledge base file can answer; otherwise what is wrong, in words.
        Cheap by default (the header, the tables, one read of each); ``thorough`` adds SQLite's
        ``quick_check`` of every page."""
        path = self.kb_path
        try:
            with open(path, "rb") as f:
                head = f.read(16)
        except FileNotFoundError:
            return f"知识库文件 {path} 不见了"
        except OSError as error:
            return f"知识库文件 {path} 读不了（{error.strerror or error}）"
        if head != b"SQLite format 3\x00":
            return f"知识库文件 {path} 已损坏（不是 SQLite 数据库）"
        try:
            conn = store.connect_readonly(path)
            try:
                if thorough and (check := conn.execute("pragma quick_check").fetchone()[0]) != "ok":
                    return f"知识库文件 {path} 已损坏（{check}）"
                schema = conn.execute("select value from meta where key = 'schema'").fetchone()
                if schema is None or str(schema[0]) != str(store.SCHEMA_VERSION):
                    return f"知识库文件 {path} 不是这个版本构建的"
                for table in ("documents", "sections", "sentences", "indicators"):
                    conn.execute(f"select * from {table} limit 1").fetchall()
                if not conn.execute("select count(*) from documents").fetchone()[0]:
                    return f"知识库文件 {path} 里没有报告"
            finally:
                conn.close()
        except sqlite3.DatabaseError as error:
            return f"知识库文件 {path} 已损坏（{error}）"
        return None

    @property
    def healing(self) -> bool:
        return self._healing.locked()

    def heal_soon(self) -> None:
        """Repair the knowledge base in a background thread (once at a time)."""
        if not self.healing:
            threading.Thread(target=self.heal, name="kb-heal", daemon=True).start()

    def heal(self) -> bool:
        """Check the knowledge base; if it is damaged or gone, move what is left aside and build
        it again from the seeds, then swap it in. True when it is (again) healthy."""
        if not self._healing.acquire(blocking=False):
            return False
        try:
            problem = self.health_problem()
            if problem is None:
                self.heal_note = ""
                return True
            log.warning("%s: rebuilding it from %s", problem, self.seeds_dir)
            if not self.seeds_dir.is_dir():
                self.heal_note = f"{problem}，且报告文件夹 {self.seeds_dir} 不存在，无法重建"
                log.error("%s", self.heal_note)
                return False
            with self._reload_lock:
                if self.kb_path.exists():
                    _set_aside(self.kb_path)
                try:
                    report = build_kb(self.seeds_dir, self.kb_path, log=lambda m: log.info("%s", m))
                except BuildFailed as error:
                    self.heal_note = f"{problem}；从 {self.seeds_dir} 重建失败：{error}"
                    log.error("%s", self.heal_note)
                    return False
                old, self._kb = self._kb, KnowledgeBase(self.kb_path)
                old.retire()
                self.last_build = report
            self.heal_note = ""
            log.warning("knowledge base rebuilt: %d documents", len(self._kb.documents))
            return True
        finally:
            self._healing.release()

    def _ask(self, kb: KnowledgeBase, text: str, region: str | None) -> Result:
        stripped = text.strip()
        if not stripped:
            return Result(question=text, status="not_found", note=reply.EMPTY + reply.HELP_EXAMPLE)
        q = parse(stripped, kb.gazetteer, kb.name_bigrams)
        _speech_relative(kb, q)
        if region and region in kb.gazetteer.by_alias and kb.gazetteer.by_alias[region].name == region:
            q.regions, q.unknown_places = [region], []
            if q.qtype == "compare":
                q.qtype = "figure"
        res = Result(question=q.raw, status="not_found", qtype=q.qtype, truncated=q.truncated)
        if q.unknown_places and not q.regions:
            docs = kb.documents
            loaded = "、".join(f"{d.region}（{d.year}年）" for d in docs[:10])
            more = f"等 {len(docs)} 份" if len(docs) > 10 else ""
            res.note = f"目前没有{q.unknown_places[0]}的报告，无法回答。已载入的报告：{loaded}{more}。"
            return res
        if not re.search(r"[\u3400-\u9fffA-Za-z0-9]", q.norm):
            res.note = reply.EMPTY + reply.HELP_EXAMPLE
            return res
        if q.scorecard and len(q.regions) == 1:
            return self._scorecard(kb, q, res)
        if q.scorecard:  # no region, or several: ask which
            q.qtype = "figure"
            res.note = "请指明一个地区和年份，例如“某县2022年目标完成情况”。"
            return res
        if q.qtype == "list":
            return self._list(kb, q, res)
        if q.qtype == "text":
            return self._text(kb, q, res)
        return self._figure(kb, q, res)

    def _figure(self, kb: KnowledgeBase, q: Question, res: Result) -> Result:
        if not q.metric:
            res.note = "没看出问的是哪项指标。" + reply.HELP_EXAMPLE
            return res
        if q.assess and len(q.regions) == 1:
            return self._assess(kb, q, res)
        if q.series and len(q.regions) == 1 and not q.years and q.relative is None:
            got = self._series(kb, q, res)
            if got.answers:
                return got
        cands = rank.figure_candidates(kb, q, q.regions)
        for r in q.regions:
            if not cands.get(r):
                read = rank.read_sentences(kb, q, r)  # no record fits: read the region's sentences
                if read:
                    cands[r] = read
        if q.regions and len(q.regions) >= 2:
            res.qtype = "compare"
            missing = [r for r in q.regions if not cands.get(r)]
            if missing and not q.period:
                # a region that reports the figure only for part of the year (前三季度) is compared
                # with that figure, labelled so, rather than left out
                import copy

                pq = copy.copy(q)
                pq.period = "partial"
                for r, got in rank.figure_candidates(kb, pq, missing).items():
                    cands[r] = got
            picks = {r: cands[r][0] for r in q.regions if cands.get(r)}
            if q.measure is None and len({p.row["measure"] for p in picks.values()}) > 1:
                # one region's level beside another's growth compares nothing: the measure most
                # regions' best figures share, where each region has it nearly as well matched
                from collections import Counter

                common = Counter(p.row["measure"] for p in picks.values()).most_common(1)[0][0]
                for r, p in picks.items():
                    alt = next((c for c in cands[r] if c.row["measure"] == common), None)
                    if alt is not None and alt.score >= p.score - 0.1:
                        picks[r] = alt
            for r in q.regions:
                if r in picks:
                    best = picks[r]
                    res.answers.append(rank.to_answer(kb, best.row, best.score))
            missing = [r for r in q.regions if not cands.get(r)]
            if not res.answers:
                res.note = self._not_found_note(q, q.regions)
                res.suggestions = self._suggest(kb, q, q.regions)
                return res
            res.status = "answered"
            res.verdict = _verdict(res.answers, lower=bool(re.search(r"(低|少|小)", q.norm)))
            if missing:
                res.note = "、".join(missing) + "的报告里没有找到这项数字。"
            return res
        if q.regions:
            region = q.regions[0]
            got = cands.get(region, [])
            if not got:
                res.note = self._not_found_note(q, [region])
                res.suggestions = self._suggest(kb, q, [region])
                return res
            best = got[0]
            rival = next((x for x in got[1:] if x.row["value"] != best.row["value"]), None)
            if best.score < WEAK and rival is not None and best.score - rival.score < 0.02 \
                    and rival.row["canonical"] != best.row["canonical"]:
                # two different figures, each only loosely named by the question and neither
                # clearly better (应到215名, 实到199名 for 实到代表): say what is there, answer neither
                res.note = self._not_found_note(q, [region])
                res.suggestions = self._suggest(kb, q, [region])
                return res
            res.status = "answered"
            res.answers.append(rank.to_answer(kb, best.row, best.score))
            # other readings of the same indicator (another year or kind) when none was stated
            if q.year_for(kb.report_year(region)) is None and q.kind is None:
                for s in got[1:]:
                    if (s.row["canonical"] == best.row["canonical"] and s.score >= best.score - 0.05
                            and (s.row["year"], s.row["kind"]) != (best.row["year"], best.row["kind"])):
                        res.answers.append(rank.to_answer(kb, s.row, s.score))
                        if s.row["kind"] == best.row["kind"] and s.row["year"] != best.row["year"] \
                                and s.row["document_id"] != best.row["document_id"]:
                            # two reports of the region give this figure for two years: ask which
                            res.status = "ambiguous"
                            res.note = f"{region}有两个年份的数字，请指明年份："
                        break
            return res
        # no region named: every region that has it
        if not cands:
            res.note = self._not_found_note(q, [])
            return res
        top = max(c[0].score for c in cands.values())
        regions = [r for r, c in sorted(cands.items(), key=lambda kv: (-kv[1][0].score, kv[0]))
                   if c[0].score >= top - 0.25]
        for r in regions[:MAX_LISTED]:
            res.answers.append(rank.to_answer(kb, cands[r][0].row, cands[r][0].score))
        if len(regions) == 1:
            res.status = "answered"
        else:
            res.status = "ambiguous"
            more = f"（只列出前 {MAX_LISTED} 个）" if len(regions) > MAX_LISTED else ""
            res.note = f"{len(regions)} 个地区的报告都有这项数字，请指明地区{more}："
        return res

    def _series(self, kb: KnowledgeBase, q: Question, res: Result) -> Result:
        """历年GDP增速: the indicator's outcome in every loaded year, oldest first (one figure a
        year: the best-matching record of the same indicator and measure), then the newest target."""
        import copy

        region = q.regions[0]
        aq = copy.copy(q)
        aq.kind, aq.series, aq.years, aq.year_by_region = "actual", False, [], {}
        actuals = rank.figure_candidates(kb, aq, [region]).get(region, [])
        if not actuals:
            return res
        best = actuals[0]
        same = lambda c: (c.row["canonical"] == best.row["canonical"] and c.row["measure"] == best.row["measure"]  # noqa: E731
                          and (c.row["period"] or "") == "" and c.row["year"] is not None
                          and c.score >= best.score - 0.1)
        by_year: dict[int, object] = {}
        for c in actuals:
            if same(c) and c.row["year"] not in by_year:
                by_year[c.row["year"]] = c
        tq = copy.copy(aq)
        tq.kind = "target"
        newest = max(by_year) if by_year else None
        target = next((c for c in rank.figure_candidates(kb, tq, [region]).get(region, [])
                       if c.row["canonical"] == best.row["canonical"] and c.row["measure"] == best.row["measure"]
                       and c.row["year"] is not None and (newest is None or c.row["year"] > newest)), None)
        res.status, res.qtype = "answered", "series"
        for year in sorted(by_year):
            c = by_year[year]
            res.answers.append(rank.to_answer(kb, c.row, c.score))
        if target is not None:
            res.answers.append(rank.to_answer(kb, target.row, target.score))
        years = sorted(by_year)
        span = f"{years[0]}–{years[-1]}年" if len(years) > 1 else f"{years[0]}年"
        res.verdict = f"{region}{rank.display_metric(q.metric)}：{span}的实绩" + ("，以及最新目标" if target else "")
        if len(years) == 1:
            res.verdict += f"（已载入的报告只有{years[0]}年的实绩）"
        return res

    def _scorecard(self, kb: KnowledgeBase, q: Question, res: Result) -> Result:
        """某县2022年目标完成情况: every numeric target of that year with its outcome and verdict."""
        import copy

        region = q.regions[0]
        year = q.year_for(kb.report_year(region), region) or kb.report_year(region)
        res.qtype = "scorecard"
        rows = [r for r in kb.indicators_for([region]) if r["kind"] == "target" and r["year"] == year
                and r["number"] is not None and (r["period"] or "") == ""]
        seen: set[tuple[str, str]] = set()
        next_report = any(d.region == region and d.year == year + 1 for d in kb.documents)
        for r in rows:
            key = (r["canonical"], r["measure"])
            if key in seen or not r["canonical"]:
                continue
            seen.add(key)
            target = rank.to_answer(kb, r, 1.0)
            aq = Question(raw=r["canonical"], norm=r["canonical"], regions=[region], years=[year], kind="actual",
                          measure=r["measure"], metric=r["canonical"])
            got = [c for c in rank.figure_candidates(kb, aq, [region]).get(region, [])
                   if c.row["canonical"] == r["canonical"] and c.row["measure"] == r["measure"]]
            actual = rank.to_answer(kb, got[0].row, got[0].score) if got else None
            if actual:
                verdict = assess.judge({**target.to_dict(), "context": target.sentence}, actual.to_dict())
            elif next_report:
                verdict = assess.Verdict(None, "没有实绩", f"{year + 1}年的报告没有写这项的实绩")
            else:
                verdict = assess.Verdict(None, "尚无实绩", f"{year}年的实绩要等{year + 1}年的报告")
            res.scorecard.append({"target": target.to_dict(), "actual": actual.to_dict() if actual else None,
                                  **verdict.to_dict()})
        if not res.scorecard:
            res.note = f"{region}的报告里没有{year}年的数字目标。"
            return res
        res.scorecard.sort(key=lambda s: s["met"] is None)  # the judged first, each group in report order
        res.status = "answered"
        met = sum(1 for s in res.scorecard if s["met"] is True)
        judged = sum(1 for s in res.scorecard if s["met"] is not None)
        res.verdict = (f"{region}{year}年目标完成情况：{len(res.scorecard)} 项目标，已判断 {judged} 项，完成 {met} 项"
                       + ("" if judged else f"（已载入的报告里还没有{year}年的实绩）"))
        return res

    def _assess(self, kb: KnowledgeBase, q: Question, res: Result) -> Result:
        """目标完成了吗: the outcome of a year's target — the target from that year's report, then the
        achieved figure of the same indicator and measure; no target, or no outcome yet: say so."""
        import copy

        region = q.regions[0]
        tq = copy.copy(q)
        tq.kind, tq.assess = "target", False
        targets = rank.figure_candidates(kb, tq, [region]).get(region, [])
        year = q.year_for(kb.report_year(region), region)
        label = f"{year}年" if year else ""
        if not targets:
            res.note = f"{region}的报告里没有{label}{rank.display_metric(q.metric)}的目标，无法判断是否完成。"
            return res
        target = targets[0]
        aq = copy.copy(q)
        aq.kind, aq.assess = "actual", False
        aq.measure = target.row["measure"]
        actuals = rank.figure_candidates(kb, aq, [region]).get(region, [])
        if not actuals:
            t = rank.to_answer(kb, target.row, target.score)
            res.note = (f"{region}{label}的目标是{t.value}（{t.metric}），已载入的报告里还没有{label}的实绩，"
                        "暂时无法判断是否完成。")
            res.qtype = "assess"
            res.assessment = {"target": t.to_dict(), "actual": None, "met": None, "verdict": "尚无实绩",
                              "rule": f"{label}的实绩要等下一年的报告"}
            return res
        best = actuals[0]
        res.status, res.qtype = "answered", "assess"
        actual_answer = rank.to_answer(kb, best.row, best.score)
        target_answer = rank.to_answer(kb, target.row, target.score)
        res.answers += [actual_answer, target_answer]
        context = target_answer.sentence  # the target as stated (控制在…以内)
        verdict = assess.judge({**target_answer.to_dict(), "context": context or ""},
                               actual_answer.to_dict())
        res.assessment = {"target": target_answer.to_dict(), "actual": actual_answer.to_dict(), **verdict.to_dict()}
        res.verdict = f"{verdict.word}：{label}目标 {target_answer.value}，实际 {actual_answer.value}"
        return res

    def _text(self, kb: KnowledgeBase, q: Question, res: Result) -> Result:
        slot = textanswer.slot_of(q.raw)
        hits = rank.text_candidates(kb, q, q.regions)
        if slot.kind == "phrase" and slot.head and q.metric == slot.head and q.regions \
                and not any(s >= rank.TEXT_CUTOFF for s, _ in hits[:1]):
            # 拿了什么奖: nothing to search by but the head; the sentences that name such a thing
            seen = {row["id"] for _, row in hits}
            named = [(len(textanswer.fill(slot, row["text"])), row) for row in kb.sentences_with(slot.head, q.regions, limit=200)
                     if row["id"] not in seen]
            # the most specific naming first (2023年第四季度…贡献奖 before a headline's 贡献奖)
            named = sorted([(n, row) for n, row in named if n], key=lambda x: -x[0])
            hits = [(0.3 + min(0.05, 0.002 * n), row) for n, row in named[:12]] + hits
        if slot.kind == "person" and q.regions and slot.head != "讲话":
            # who gave the report: the lines that name an office-holder
            seen = {row["id"] for _, row in hits}
            for title in ("县长", "区长", "市长", "旗长", "州长", "盟长"):
                for row in kb.sentences_with(title, q.regions, limit=20):
                    if row["id"] not in seen:
                        hits.append((0.4, row))
                        seen.add(row["id"])
            if slot.head == "报告":
                # a signature line that is the name alone, right under the title's dateline
                for row in kb.opening_sentences(q.regions, 6):
                    if row["id"] not in seen and lexicon.is_bare_name(row["norm"]):
                        hits.append((0.4, row))
                        seen.add(row["id"])
        # a sentence that holds what the question asks for (a name, a date, a list of that many
        # items, the quoted phrase) is the better answer: read the slot from the best few
        reread = []
        for k, (s, row) in enumerate(hits[:24]):
            value = textanswer.fill(slot, row["text"]) if slot.kind != "none" else ""
            s = textanswer.rescore(slot, q.raw, q.mentioned, row["norm"], value, s)
            if q.years and len(kb.docs_by_region.get(row["region"], ())) > 1 and re.search(r"(报告|会议)", q.norm):
                s += 0.06 if row["doc_year"] == q.years[0] else -0.06  # the report of the year asked
            reread.append((min(1.0, s), k, row, value))
        reread.sort(key=lambda x: (-x[0], x[1]))
        hits = [(s, row, v) for s, _, row, v in reread if s >= rank.TEXT_CUTOFF]
        if slot.kind in ("date", "ordinal", "meeting", "items") or (slot.kind == "person" and slot.head):
            hits = [h for h in hits if h[2]]  # a name, date or list asked for: a sentence without one is no answer
        if not hits:
            res.note = self._not_found_note(q, q.regions)
            return res
        best_s, best, value = hits[0]
        res.status = "answered"
        res.answers.append(_text_answer(kb, best, best_s, q, value))
        if not q.regions:
            others = [(s, r, v) for s, r, v in hits[1:] if r["region"] != best["region"] and s >= best_s - 0.03]
            if others:
                res.status = "ambiguous"
                res.answers.append(_text_answer(kb, others[0][1], others[0][0], q, others[0][2]))
                res.note = "几个地区的报告都提到了，请指明地区："
        return res

    def _list(self, kb: KnowledgeBase, q: Question, res: Result) -> Result:
        regions = q.regions or [p.name for p in kb.places]
        if len(regions) > 1 and not q.regions:
            res.note = "请指明地区，例如：" + "、".join(p.short for p in kb.places[:3]) + "今年有哪些主要目标"
            return res
        region = regions[0]
        ry = kb.report_year(region)
        year = q.year_for(ry) or ry
        kind = q.kind or ("target" if year and ry and year >= ry else "actual")
        rows = [r for r in kb.indicators_for([region], year=year, kind=kind)]
        if not rows:
            res.note = f"{region}的报告里没有找到{year or ''}年的{reply.KIND[kind]}。"
            return res
        # the sentence or section that states the most figures of the kind — the target list
        by_sentence: dict[str, list] = {}
        for r in rows:
            by_sentence.setdefault(r["sentence_id"], []).append(r)
        best = max(by_sentence.values(), key=lambda rs: (("目标" in rs[0]["sentence_text"] or "目标" in (rs[0]["section_title"] or "")) * 100 + len(rs)))
        res.status = "answered"
        res.answers = [rank.to_answer(kb, r, 1.0) for r in best]
        res.note = f"{region} {year}年的主要{reply.KIND[kind]}："
        return res

    # -------------------------------------------------------------- explaining a miss

    def _not_found_note(self, q: Question, regions: list[str]) -> str:
        where = ("、".join(regions) + "的报告") if regions else "已载入的报告"
        if q.qtype == "text":
            return f"{where}里没有找到相关内容。"
        bits = []
        if q.years:
            bits.append(f"{q.years[0]}年")
        elif q.relative is not None:
            bits.append({-2: "前年", -1: "去年", 0: "今年", 1: "明年"}.get(q.relative, ""))
        bits.append(rank.display_metric(q.metric))
        if q.kind:
            bits.append(reply.KIND[q.kind])
        said = {"growth": ("增速", "增幅", "增长"), "share": ("占比", "比重", "比例", "率"), "rank": ("排名", "位次")}
        if q.measure and not q.metric.endswith(said.get(q.measure, ("总量", "数量"))):
            bits.append({"growth": "增速", "level": "总量", "count": "数量", "share": "占比",
                         "rank": "排名"}[q.measure])  # not 比重占比: the name says it already
        return f"{where}里没有{''.join(bits)}的数字，不能作答。"

    def _suggest(self, kb: KnowledgeBase, q: Question, regions: list[str]) -> list[str]:
        """What the documents do say about this indicator (other years, kinds or measures)."""
        loose = Question(raw=q.raw, norm=q.norm, regions=regions, metric=q.metric)
        cands = rank.figure_candidates(kb, loose, regions)
        out = []
        for r in regions:
            for s in cands.get(r, [])[:3]:
                a = rank.to_answer(kb, s.row, s.score)
                out.append(f"报告里有的是：{reply.describe(a)} {a.value}")
        return out[:3]

    # -------------------------------------------------------------- describing the corpus

    def sources(self) -> Sources:
        return Sources(documents=list(self._kb.documents), built_at=self._kb.built_at)

    def sources_text(self) -> str:
        kb = self._kb
        lines = [f"已载入 {len(kb.documents)} 份报告（{kb.built_at or '时间不详'} 构建）："]
        for d in kb.documents:
            lines.append(f"· {d.region} {d.year or '?'}年：{d.title or d.name}（{d.name}；"
                         f"{d.sections} 节，{d.sentences} 句，{d.indicators} 个指标）")
        return "\n".join(lines)

    def examples(self, n: int = 5) -> list[str]:
        """Example questions made from what the loaded documents actually contain."""
        kb = self._kb
        out: list[str] = []
        from .lexicon import canonical_metrics

        known = canonical_metrics()
        for p in kb.places:
            ry = kb.report_year(p.name)
            rows = kb.indicators_for([p.name])
            targets = [r for r in rows if r["kind"] == "target" and r["canonical"] in known]
            actuals = [r for r in rows if r["kind"] == "actual" and r["canonical"] in known]
            if targets:
                out.append(f"{p.short}{ry}年{targets[0]['canonical']}目标")
            if actuals:
                r = actuals[min(1, len(actuals) - 1)]
                out.append(f"{p.short}去年{r['canonical']}" + ("增长多少" if r["measure"] == "growth" else "是多少"))
        if len(kb.places) >= 2:
            a, b = kb.places[0], kb.places[1]
            out.append(f"{a.short}和{b.short}去年GDP增速对比")
        if kb.places:
            out.append(f"{kb.places[0].short}{kb.report_year(kb.places[0].name)}年有哪些主要目标")
        return out[:n]


def _text_answer(kb: KnowledgeBase, row, score: float, q: Question, value: str = "") -> Answer:
    doc = kb.docs_by_id[row["document_id"]]
    return Answer(region=doc.region, year=doc.year, kind=None, metric=q.metric, value=value,
                  number=None, unit="", qualifier="", sentence=row["text"], document=doc.name,
                  section=row["section_title"], score=score, title=doc.title)


def _verdict(answers: list[Answer], lower: bool = False) -> str:
    if len(answers) < 2:
        return ""
    units = {a.unit for a in answers}
    if len(units) != 1 or any(a.number is None for a in answers):
        return "各地数字如下（单位或口径不同，不直接比较）："
    if len({a.period for a in answers}) > 1:
        return "各地数字如下（时段不同，不直接比较）："  # 前三季度 beside a whole year
    ordered = sorted(answers, key=lambda a: -(a.number or 0))
    if all(a.number == ordered[0].number for a in answers):
        if len({a.qualifier for a in answers}) > 1:
            # 7%左右 and 7%以上 are not the same target: the same number, said differently
            return "数字相同，说法不同：" + "，".join(f"{a.region}{a.value}" for a in answers)
        return f"{'、'.join(a.region for a in answers)}相同，都是{ordered[0].value}"
    hi, lo = ordered[0], ordered[-1]
    if lower:
        return f"{lo.region}更低：{lo.value}，{hi.region}为{hi.value}"
    return f"{hi.region}更高：{hi.value}，{lo.region}为{lo.value}"


def _speech_relative(kb: KnowledgeBase, q: Question) -> None:
    """今年 and 明年 of a region whose report was heard in December: as its own text means them.
    A report heard in December 2025 plans 2026; asked what 今年 achieved, the answer is 2025's (its
    今年), asked 今年的目标, 2026's plan; 明年 is 2026. (去年 stays the year the report reviews.)"""
    if q.years or q.relative not in (0, 1):
        return
    for place in q.regions or kb.spoken_regions():
        spoken = kb.spoken_year(place)
        if spoken is None or place in q.year_by_region:
            continue
        if q.relative == 1:
            q.year_by_region[place] = spoken + 1
        elif q.kind != "target" or q.kind_weak and "预计" in q.norm:
            q.year_by_region[place] = spoken  # 今年预计增长多少: that year's estimate
            if q.kind == "target":
                q.kind, q.kind_weak = "actual", False

