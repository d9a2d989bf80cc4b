"""Benchmarks of the knowledge service, its command line and the bot, with targets.

    python -m knowledge.bench            # full run: 2, 200 and 2,000 reports, one 10 MB report (~6 min)
    python -m knowledge.bench --quick    # smoke run: 2 and 20 reports, one 2 MB report (< 1 min)

Printed, each with its target and PASS/FAIL:

* time per question over the development set, in process (start-up excluded), for our service
  and for the PEER a user would assemble — jieba (default dictionary, no folding) + BM25Okapi
  over the sentences (split on 。！？；) of the same documents, answering the top sentence's
  document region and the first figure of that sentence — and both accuracies (``judge``);
* start-up: wall time of ``python -m knowledge ask --db PATH Q`` (median of 5 runs);
* for 2, 200 and 2,000 reports (the seeds plus ``knowledge.synth`` reports): build time against
  one jieba pass over the same text, time per question (originals and questions rewritten for
  synthetic regions) and peak memory (VmHWM of the child process that builds or answers);
  at 200 reports (quick: the largest size), one report added and rebuilt, as a new process and
  as in the bot's /reload;
* one 10 MB report (quick: 2 MB): its build (time, peak memory) and its text questions (time
  the first time asked, peak memory);
* bot throughput: answered updates per second through a fake Bot API server on 127.0.0.1, the
  real bot against a minimal PTB echo bot in the same harness.

Everything is written under a temporary directory (``--work`` to choose one, e.g. bench-out/);
seeds/ and data/ are only read.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .evaluate import judge, load_questions

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT / "seeds"
DEFAULT_DEV = ROOT / "tests" / "data" / "dev.jsonl"  # the development set, bundled from ../shared/eval
SYNTH_SEED = 0
MAX_YEAR_SHIFT = 3          # synthetic reports: every year shifted by a random 0..3
BUILD_CHECK_MIN = 100       # build-vs-jieba target checked from this many reports up
REWRITE_DOCS = 6            # synthetic reports the dev questions are rewritten for, per scale (quick: 2)

TARGETS = {
    "question_vs_peer": 0.5,    # our median time per question ≤ 0.5 × peer's
    "scale_question": 2.0,      # median per question at the largest size ≤ 2 × at 2 reports
    "build_vs_jieba": 2.0,      # build ≤ 2 × one jieba pass over the same text
    "startup_s": 1.5,           # `python -m knowledge ask` wall time
    "bot_vs_echo": 0.5,         # real bot throughput ≥ 0.5 × echo bot
    "memory_mb": 300.0,         # peak memory at the largest size
    "incremental": 0.15,        # adding one report to 200: rebuild ≤ 0.15 × the full build
    "large_mb": 700.0,          # a 10 MB report: peak memory of its build, and of answering on it
    "large_text_s": 2.0,        # a 10 MB report: a text question (first time asked) answered within
}
LARGE_MB = 10.0                 # size of the one large report (quick: 2 MB)
INCREMENTAL_AT = 200            # the size where adding one report is timed (quick: the largest)


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------

def out(line: str = "") -> None:
    print(line, flush=True)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))
    return s[k]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def vm_hwm_mb() -> float:
    """Peak resident memory of this process in MB (VmHWM; ru_maxrss where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def verdict_summary(verdicts: list[str]) -> dict:
    n = len(verdicts) or 1
    return {
        "n": len(verdicts),
        "correct": verdicts.count("correct"),
        "wrong": verdicts.count("wrong"),
        "missed": verdicts.count("missed"),
        "accuracy": verdicts.count("correct") / n,
        "wrong_rate": verdicts.count("wrong") / n,
    }


def acc_str(s: dict) -> str:
    if not s.get("n"):
        return "n/a"
    return (f"accuracy {s['accuracy']:.1%} ({s['correct']}/{s['n']}), wrong {s['wrong_rate']:.1%}, "
            f"missed {s['missed']}")


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def run_child(args: list[str], timeout: float = 900) -> dict:
    """Run ``python -m knowledge.bench --child …`` and parse the JSON of its last stdout line."""
    cmd = [sys.executable, "-m", "knowledge.bench", "--child", *args]
    proc = subprocess.run(cmd, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=timeout)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"child {' '.join(args[:1])} failed (exit {proc.returncode}):\n"
                           f"{proc.stderr[-3000:]}")
    return json.loads(lines[-1])


# ---------------------------------------------------------------------------------------------
# the peer: jieba + BM25 over sentences
# ---------------------------------------------------------------------------------------------

_SENT_SPLIT = re.compile(r"(?<=[。！？；])")
_WS = re.compile(r"\s+")
_PEER_FIGURE = re.compile(
    r"(?<![0-9.])([0-9][0-9,]*(?:\.[0-9]+)?)\s*"
    r"(%|‰|(?:[万亿千百]*(?:美元|元|平方米|立方米|平方公里|公里|公顷|千瓦|微克/立方米|公斤|斤|吨|亩|人次|人|"
    r"个|家|座|天|米|度|户|项|件|次|所|辆|台|套|条|处|支|名))|[万亿千百]+)?"
    r"(以上|左右|以内|以下|多)?"
)


def peer_figure(sentence: str) -> dict | None:
    """The first figure of a sentence (years, dates and ordinals skipped)."""
    for m in _PEER_FIGURE.finditer(sentence):
        after = sentence[m.end(1): m.end(1) + 1]
        before = sentence[m.start() - 1: m.start()] if m.start() else ""
        if after in ("年", "月", "日", "号") or before == "第":
            continue
        number = m.group(1).replace(",", "")
        try:
            num = float(number)
        except ValueError:
            continue
        unit = m.group(2) or ""
        return {"value": _WS.sub("", m.group(0)), "number": num, "unit": unit, "qualifier": m.group(3) or ""}
    return None


class Peer:
    """What a user would assemble in an afternoon: jieba + rank_bm25 over report sentences."""

    name = "jieba+BM25"

    def __init__(self, reports: list[tuple[str, str, str]]):
        """``reports``: ``[(file name, region, text), …]``."""
        import jieba
        from rank_bm25 import BM25Okapi

        jieba.initialize()
        self._lcut = jieba.lcut
        self.sentences: list[tuple[str, str, str]] = []  # (sentence, region, file)
        corpus = []
        for fname, region, text in reports:
            for raw in _SENT_SPLIT.split(text):
                sent = _WS.sub("", raw)
                if len(sent) < 4:
                    continue
                self.sentences.append((sent, region, fname))
                corpus.append(self.tokens(sent))
        self.bm25 = BM25Okapi(corpus)

    def tokens(self, text: str) -> list[str]:
        return [t for t in self._lcut(text) if t.strip() and not re.fullmatch(r"[\W_]+", t)]

    def ask(self, question: str) -> dict:
        import numpy as np

        scores = self.bm25.get_scores(self.tokens(question))
        best = int(np.argmax(scores)) if len(scores) else -1
        if best < 0 or scores[best] <= 0:
            return {"question": question, "status": "not_found", "answers": [], "reply": ""}
        sent, region, fname = self.sentences[best]
        fig = peer_figure(sent)
        answer = {"region": region, "year": None, "kind": None, "metric": None,
                  "value": fig["value"] if fig else "", "number": fig["number"] if fig else None,
                  "unit": fig["unit"] if fig else "", "qualifier": fig["qualifier"] if fig else "",
                  "sentence": sent, "document": fname, "section": "", "score": float(scores[best])}
        return {"question": question, "status": "answered", "answers": [answer],
                "reply": f"{region}：{answer['value']}（{sent}）"}


def report_texts(seeds_dir: Path, regions: dict[str, str]) -> list[tuple[str, str, str]]:
    from knowledge.synth import list_reports

    out_ = []
    for p in list_reports(seeds_dir):
        out_.append((p.name, regions.get(p.name, ""), p.read_text(encoding="utf-8")))
    return out_


# ---------------------------------------------------------------------------------------------
# part 1: time per question and accuracy, ours vs the peer
# ---------------------------------------------------------------------------------------------

@dataclass
class Timed:
    name: str
    cold: list[float] = field(default_factory=list)   # first pass: includes lazy first-use loading
    warm: list[float] = field(default_factory=list)   # second pass
    verdicts: list[str] = field(default_factory=list)
    first_s: float = 0.0
    setup_s: float = 0.0

    def summary(self) -> dict:
        warm = self.warm or self.cold
        cold_med = statistics.median(self.cold) if self.cold else float("nan")
        warm_med = statistics.median(warm) if warm else float("nan")
        # a second pass much faster than the first would mean answers are cached: trust the first
        cached = bool(self.warm) and warm_med < cold_med / 5
        times = self.cold if cached else warm
        return {"name": self.name, "median_s": statistics.median(times) if times else float("nan"),
                "p99_s": percentile(times, 99), "cold_median_s": cold_med,
                "cold_p99_s": percentile(self.cold, 99), "cold_max_s": max(self.cold, default=float("nan")),
                "second_pass_cached": cached, "first_question_s": self.first_s,
                "setup_s": self.setup_s, **verdict_summary(self.verdicts)}


WARM_UP_QUESTION = "测试一下今年的目标"


def time_questions(answerers: dict[str, Callable[[str], dict]], items: list[dict],
                   judge: Callable[[dict, dict], str], passes: int = 2) -> dict[str, Timed]:
    """Ask every question of ``items`` to each answerer in turn, ``passes`` times (a block of all
    questions per answerer and pass, so one answerer's garbage and caches do not land on the
    other's clock). One warm-up question first, not counted. The first pass includes lazy
    first-use loading (dictionaries the service loads on the first question that needs them);
    the second is the steady state. Verdicts come from the first pass."""
    res = {name: Timed(name) for name in answerers}
    for name, fn in answerers.items():
        t0 = time.perf_counter()
        fn(WARM_UP_QUESTION)
        res[name].first_s = time.perf_counter() - t0
    for p in range(passes):
        for name, fn in answerers.items():
            bucket = res[name].cold if p == 0 else res[name].warm
            for item in items:
                t0 = time.perf_counter()
                result = fn(item["q"])
                bucket.append(time.perf_counter() - t0)
                if p == 0:
                    try:
                        res[name].verdicts.append(judge(item, result))
                    except Exception:
                        res[name].verdicts.append("wrong")
    return res


def service_answerer(db: Path, seeds_dir: Path) -> tuple[Callable[[str], dict], float]:
    from knowledge.service import KnowledgeService

    t0 = time.perf_counter()
    svc = KnowledgeService.open(db, seeds_dir)
    opened = time.perf_counter() - t0
    return (lambda q: svc.ask(q).to_dict()), opened


def peer_part(seeds_dir: Path, items: list[dict], regions: dict[str, str] | None = None,
              with_service_db: Path | None = None) -> dict[str, dict]:
    """The dev questions against the peer (and our service when ``with_service_db`` is given).
    Returns ``{name: summary}`` with median/p99 seconds and accuracy."""
    from knowledge.synth import seed_regions

    regions = regions or seed_regions(seeds_dir)
    t0 = time.perf_counter()
    peer = Peer(report_texts(seeds_dir, regions))
    peer_setup = time.perf_counter() - t0
    answerers: dict[str, Callable[[str], dict]] = {}
    setups = {}
    if with_service_db is not None:
        fn, opened = service_answerer(with_service_db, seeds_dir)
        answerers["ours"] = fn
        setups["ours"] = opened
    answerers["peer"] = peer.ask
    setups["peer"] = peer_setup
    res = time_questions(answerers, items, judge)
    for name, t in res.items():
        t.setup_s = setups[name]
    return {name: t.summary() for name, t in res.items()}


# ---------------------------------------------------------------------------------------------
# part 2: start-up of the command line
# ---------------------------------------------------------------------------------------------

def startup_part(db: Path, question: str, runs: int = 5) -> dict:
    """Wall time of ``python -m knowledge ask --db PATH Q`` (the first dev question)."""
    times, rc, err = [], 0, ""
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "knowledge", "ask", "--db", str(db), question],
                           cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=120)
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            rc, err = p.returncode, p.stderr[-500:]
    return {"runs": runs, "median_s": statistics.median(times), "min_s": min(times),
            "max_s": max(times), "returncode": rc, "stderr": err}


# ---------------------------------------------------------------------------------------------
# part 3: scale — build, jieba pass, questions and memory for 2 … 2,000 reports
# ---------------------------------------------------------------------------------------------

def child_build(seeds: str, db: str, warm: bool = False) -> dict:
    from knowledge.build import build_kb

    if warm:  # as in the bot's /reload: jieba and its tagger already loaded by the questions
        from knowledge import tokenizer

        tokenizer.pos("预热")
    t0 = time.perf_counter()
    rep = build_kb(Path(seeds), Path(db), log=lambda *a, **k: None)
    dt = time.perf_counter() - t0
    return {"seconds": dt, "peak_mb": vm_hwm_mb(), "documents": rep.documents,
            "indicators": rep.indicators, "skipped": len(rep.skipped), "reused": rep.reused}


def child_ask(db: str, seeds: str, questions: str) -> dict:
    from knowledge.service import KnowledgeService

    items = load_questions(questions)
    t0 = time.perf_counter()
    svc = KnowledgeService.open(Path(db), Path(seeds))
    opened = time.perf_counter() - t0
    res = time_questions({"ours": lambda q: svc.ask(q).to_dict()}, items, judge)["ours"]
    s = res.summary()
    times = res.cold if s["second_pass_cached"] else res.warm
    return {"open_s": opened, "first_s": res.first_s, "times": times, "cold_times": res.cold,
            "verdicts": res.verdicts, "ids": [it["id"] for it in items],
            "peak_mb": vm_hwm_mb()}


def jieba_pass(files: list[Path]) -> tuple[float, int]:
    """One jieba.lcut over every file's text (dictionary already loaded, text already read)."""
    import jieba

    jieba.initialize()
    texts = [p.read_text(encoding="utf-8") for p in files]
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    return time.perf_counter() - t0, chars


def make_corpus(dest: Path, seeds_dir: Path, pool: Path, synth_files: list[str]) -> list[Path]:
    """``dest`` holding copies of the seeds plus hard links to ``synth_files`` of ``pool``."""
    from knowledge.synth import list_reports

    dest.mkdir(parents=True, exist_ok=True)
    files = []
    for p in list_reports(seeds_dir):
        shutil.copy2(p, dest / p.name)
        files.append(dest / p.name)
    for name in synth_files:
        target = dest / name
        try:
            os.link(pool / name, target)
        except OSError:
            shutil.copy2(pool / name, target)
        files.append(target)
    return files


def scale_part(sizes: list[int], seeds_dir: Path, items: list[dict], work: Path,
               regions: dict[str, str], rewrite_docs: int = REWRITE_DOCS) -> list[dict]:
    from knowledge.normalize import fold
    from knowledge.synth import Generator, list_reports, rewrite_item

    n_seeds = len(list_reports(seeds_dir))
    gen = Generator(seeds_dir, seed=SYNTH_SEED, regions=regions, year_shift=None,
                    max_year_shift=MAX_YEAR_SHIFT)
    pool = work / "synthetic"
    n_synth = max(0, max(sizes) - n_seeds)
    t0 = time.perf_counter()
    docs = gen.generate(pool, n_synth + 1)  # the last one is the report added to time an incremental build
    extra, docs = docs[-1], docs[:-1]
    inc_at = INCREMENTAL_AT if INCREMENTAL_AT in sizes else max(sizes)
    out(f"  generated {len(docs)} synthetic reports in {time.perf_counter() - t0:.1f} s "
        f"(knowledge.synth, seed {SYNTH_SEED}, years shifted by 0..{MAX_YEAR_SHIFT})")
    rows = []
    for size in sizes:
        k = max(0, size - n_seeds)
        corpus = work / f"corpus-{size}"
        files = make_corpus(corpus, seeds_dir, pool, [d.file for d in docs[:k]])
        db = work / f"kb-{size}.db"
        b = run_child(["build", "--seeds", str(corpus), "--db", str(db)])
        inc = None
        if size == inc_at:  # one report added to a copy of this folder, rebuilt over a copy of its base
            inc_dir, inc_db = work / f"corpus-{size}-plus-1", work / f"kb-{size}-plus-1.db"
            make_corpus(inc_dir, seeds_dir, pool, [d.file for d in docs[:k]] + [extra.file])
            shutil.copy2(db, inc_db)
            inc = run_child(["build", "--seeds", str(inc_dir), "--db", str(inc_db)])
            shutil.copy2(db, inc_db)
            inc["warm_seconds"] = run_child(["build", "--seeds", str(inc_dir), "--db", str(inc_db), "--warm"])["seconds"]
            inc_db.unlink(missing_ok=True)
            shutil.rmtree(inc_dir, ignore_errors=True)
        jt, chars = jieba_pass(files)
        # questions: the originals plus the dev questions rewritten for a few synthetic reports
        qs = list(items)
        rewritten = []
        if k:
            picks = sorted({round(i * (k - 1) / max(1, rewrite_docs - 1)) for i in range(rewrite_docs)}) \
                if k > 1 else [0]
            cache: dict = {}
            for i in picks:
                doc, _ = gen.make(i)
                seed = gen.seed_for(doc.source)
                for it in items:
                    if it.get("doc") == doc.source:
                        r = rewrite_item(it, doc, seed, fold, cache)
                        if r is not None:
                            rewritten.append(r)
        qs += rewritten
        qfile = work / f"questions-{size}.jsonl"
        qfile.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in qs), encoding="utf-8")
        a = run_child(["ask", "--db", str(db), "--seeds", str(corpus), "--questions", str(qfile)])
        n_orig = len(items)
        t_all, t_orig, t_rew = a["times"], a["times"][:n_orig], a["times"][n_orig:]
        v_orig, v_rew = a["verdicts"][:n_orig], a["verdicts"][n_orig:]
        shifted = {q["id"] for q in rewritten if "@" in q["id"] and
                   next(d for d in docs if d.file == q["doc"]).year_shift}
        v_rew_shift = [v for q, v in zip(rewritten, v_rew) if q["id"] in shifted]
        v_rew_same = [v for q, v in zip(rewritten, v_rew) if q["id"] not in shifted]
        row = {
            "reports": size, "chars": chars, "db_mb": db.stat().st_size / 1e6 if db.exists() else None,
            "build_s": b["seconds"], "build_peak_mb": b["peak_mb"], "documents": b["documents"],
            "incremental_s": inc["seconds"] if inc else None,
            "incremental_documents": inc["documents"] if inc else None,
            "incremental_reused": inc.get("reused") if inc else None,
            "incremental_warm_s": inc.get("warm_seconds") if inc else None,
            "indicators": b["indicators"], "skipped": b["skipped"], "jieba_s": jt,
            "open_s": a["open_s"], "first_question_s": a["first_s"], "ask_peak_mb": a["peak_mb"],
            "questions": len(t_all), "q_median_s": statistics.median(t_all), "q_p99_s": percentile(t_all, 99),
            "orig_median_s": statistics.median(t_orig), "orig_p99_s": percentile(t_orig, 99),
            "cold_p99_s": percentile(a["cold_times"], 99), "cold_max_s": max(a["cold_times"]),
            "rewritten": len(t_rew),
            "rew_median_s": statistics.median(t_rew) if t_rew else None,
            "acc_orig": verdict_summary(v_orig) if any(v_orig) else None,
            "acc_rewritten_same_years": verdict_summary(v_rew_same) if any(v_rew_same) else None,
            "acc_rewritten_shifted_years": verdict_summary(v_rew_shift) if any(v_rew_shift) else None,
        }
        rows.append(row)
        print_scale_row(row)
        try:
            db.unlink()
        except OSError:
            pass
    return rows


def large_part(seeds_dir: Path, items: list[dict], work: Path, regions: dict[str, str],
               mb: float = LARGE_MB) -> dict:
    """One report of `mb` megabytes: the seed most text questions are about, followed by synthetic
    rewrites of it (same region, other figures) until the size is reached, like a yearbook loaded as
    one file. Built, then asked that seed's development questions, each in a child process."""
    from collections import Counter

    from knowledge.synth import Generator

    source = Counter(it["doc"] for it in items if it.get("type") == "text" and isinstance(it.get("doc"), str)
                     ).most_common(1)[0][0]
    gen = Generator(seeds_dir, seed=SYNTH_SEED, regions=regions, year_shift=0)
    folder = work / "large"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"large_{source}"
    size = 0
    with open(path, "w", encoding="utf-8") as f:
        text = (seeds_dir / source).read_text(encoding="utf-8")
        f.write(text)
        size += len(text.encode("utf-8"))
        i = 0
        while size < mb * 1e6 and i < gen.capacity():
            doc, text = gen.make(i)
            i += 1
            if doc.source != source:
                continue
            text = "\n" + text.replace(doc.region_to, doc.region_from).replace(doc.short_to, doc.short_from)
            f.write(text)
            size += len(text.encode("utf-8"))
    db = work / "large.db"
    b = run_child(["build", "--seeds", str(folder), "--db", str(db)])
    qs = [it for it in items if it.get("doc") == source]
    qfile = work / "questions-large.jsonl"
    qfile.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in qs), encoding="utf-8")
    a = run_child(["ask", "--db", str(db), "--seeds", str(folder), "--questions", str(qfile)])
    text_times = [t for q, t in zip(qs, a["cold_times"]) if q.get("type") == "text"]
    return {"mb": size / 1e6, "file": path.name, "build_s": b["seconds"], "build_peak_mb": b["peak_mb"],
            "indicators": b["indicators"], "questions": len(qs), "text_questions": len(text_times),
            "text_max_s": max(text_times) if text_times else None,
            "text_median_s": statistics.median(text_times) if text_times else None,
            "all_max_s": max(a["cold_times"]), "ask_peak_mb": a["peak_mb"], "open_s": a["open_s"],
            "accuracy": verdict_summary(a["verdicts"])}


def print_scale_row(r: dict) -> None:
    out(f"  {r['reports']:>5} reports  ({r['chars'] / 1e6:.2f} M chars, {r['documents']} documents, "
        f"{r['indicators']} indicators, {r['skipped']} skipped, KB {r['db_mb'] or 0:.1f} MB)")
    out(f"        build {r['build_s']:.2f} s  vs one jieba pass {r['jieba_s']:.2f} s  "
        f"= {r['build_s'] / r['jieba_s']:.2f}×   (peak memory of the build: {r['build_peak_mb']:.0f} MB)")
    if r.get("incremental_s") is not None:
        out(f"        one report added, rebuilt: {r['incremental_s']:.2f} s = "
            f"{r['incremental_s'] / r['build_s']:.2f}× the full build ({r['incremental_documents']} documents, "
            f"{r['incremental_reused']} reused); in a process with jieba loaded (the bot's /reload): "
            f"{r['incremental_warm_s']:.2f} s")
    out(f"        questions: {r['questions']} ({r['rewritten']} rewritten for synthetic regions)  "
        f"median {ms(r['q_median_s'])}  p99 {ms(r['q_p99_s'])}   originals only: median "
        f"{ms(r['orig_median_s'])}  p99 {ms(r['orig_p99_s'])}")
    out(f"        1st pass p99 {ms(r['cold_p99_s'])}, max {ms(r['cold_max_s'])}; open {r['open_s']:.2f} s, "
        f"warm-up question {ms(r['first_question_s'])}; peak memory answering {r['ask_peak_mb']:.0f} MB")
    for key, label in (("acc_orig", "original questions"),
                       ("acc_rewritten_same_years", "rewritten, same years"),
                       ("acc_rewritten_shifted_years", "rewritten, years shifted")):
        if r.get(key):
            out(f"        {label:<26} {acc_str(r[key])}")


# ---------------------------------------------------------------------------------------------
# part 4: bot throughput through a fake Bot API server
# ---------------------------------------------------------------------------------------------

BOT_TOKEN = "123456:BENCHbenchBENCHbench"


def _bot_user(name: str) -> dict:
    """getMe's answer of the benchmarks' fake Bot APIs."""
    return {"id": 123456, "is_bot": True, "first_name": name, "username": f"{name.lower()}_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}


class FakeBotAPI:
    """A minimal Telegram Bot API on 127.0.0.1: serves queued private-message updates through
    getUpdates and counts sendMessage replies."""

    def __init__(self, texts: list[str]):
        now = int(time.time())
        self.updates = []
        for i, text in enumerate(texts, start=1):
            uid = 10_000 + i  # one private chat per update
            self.updates.append({
                "update_id": i,
                "message": {"message_id": i, "date": now,
                            "chat": {"id": uid, "type": "private", "first_name": "测试"},
                            "from": {"id": uid, "is_bot": False, "first_name": "测试", "language_code": "zh-hans"},
                            "text": text},
            })
        self.expected = len(texts)
        self.answered: set[int] = set()
        self.replies = 0
        self.first_served: float | None = None
        self.last_reply: float | None = None
        self.done = asyncio.Event()
        self.methods: dict[str, int] = {}
        self._msg_id = 1_000_000
        self.runner = None
        self.port = 0

    async def start(self) -> str:
        from aiohttp import web

        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    @staticmethod
    def _param(params: dict, name: str, default=None):
        v = params.get(name, default)
        if isinstance(v, str):
            try:
                return json.loads(v)
            except ValueError:
                return v
        return v

    async def handle(self, request):
        from aiohttp import web

        method = request.match_info["method"]
        self.methods[method] = self.methods.get(method, 0) + 1
        params: dict = {}
        if request.can_read_body:
            if request.content_type == "application/json":
                params = await request.json()
            else:
                params = dict(await request.post())
        m = method.lower()
        result: object = True
        if m == "getme":
            result = _bot_user("Bench")
        elif m == "getupdates":
            offset = int(self._param(params, "offset", 0) or 0)
            limit = int(self._param(params, "limit", 100) or 100)
            timeout = float(self._param(params, "timeout", 0) or 0)
            batch = [u for u in self.updates if u["update_id"] >= offset][:limit]
            if batch and self.first_served is None:
                self.first_served = time.perf_counter()
            if not batch and timeout:
                try:
                    await asyncio.wait_for(self.done.wait(), timeout=min(timeout, 0.5))
                except asyncio.TimeoutError:
                    pass
            result = batch
        elif m in ("sendmessage", "editmessagetext", "sendphoto"):
            chat_id = int(self._param(params, "chat_id", 0) or 0)
            if m in ("sendmessage", "sendphoto"):  # a chart goes as a photo with the reply as caption
                self.replies += 1
                self.answered.add(chat_id)
                self.last_reply = time.perf_counter()
                if len(self.answered) >= self.expected:
                    self.done.set()
            self._msg_id += 1
            result = {"message_id": self._msg_id, "date": int(time.time()),
                      "chat": {"id": chat_id, "type": "private", "first_name": "测试"},
                      "from": {"id": 123456, "is_bot": True, "first_name": "Bench"},
                      "text": str(params.get("text", params.get("caption", "")))}
        elif m == "getmycommands":
            result = []
        elif m in ("getwebhookinfo",):
            result = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return web.json_response({"ok": True, "result": result})


class _PTBPolling:
    """A plain PTB application run the usual way (its Updater), for the echo bot."""

    def __init__(self, app) -> None:
        self.app = app

    async def start(self) -> None:
        app = self.app
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1, drop_pending_updates=False)

    async def stop(self) -> None:
        app = self.app
        await app.updater.stop()
        await app.stop()
        if app.post_stop:
            await app.post_stop(app)
        await app.shutdown()


async def _drive(factory: Callable[[str], object], texts: list[str], timeout: float) -> dict:
    """``factory(url)`` makes something with ``async start()`` and ``async stop()`` that answers
    the fake server's updates."""
    api = FakeBotAPI(texts)
    url = await api.start()
    bot = factory(url)
    try:
        await bot.start()
        try:
            await asyncio.wait_for(api.done.wait(), timeout=timeout)
        except asyncio.TimeoutError:
            pass
        await bot.stop()
    finally:
        await api.stop()
    span = (api.last_reply or 0) - (api.first_served or 0)
    answered = len(api.answered)
    return {"updates": len(texts), "answered": answered, "replies": api.replies,
            "seconds": span if span > 0 else float("nan"),
            "per_second": answered / span if span > 0 else 0.0,
            "complete": answered >= len(texts), "methods": api.methods}


def echo_factory(url: str, rate_limited: bool = False):
    """A minimal PTB echo bot; ``rate_limited`` adds PTB's AIORateLimiter (defaults: 30 messages/s
    overall, 1/s per private chat)."""
    from telegram import Update
    from telegram.ext import AIORateLimiter, Application, ContextTypes, MessageHandler, filters

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(update.effective_message.text)

    builder = Application.builder().token(BOT_TOKEN).base_url(f"{url}/bot")
    if rate_limited:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return _PTBPolling(app)


def real_bot_factory(db: Path, seeds_dir: Path, rate_limited: bool = True) -> Callable[[str], object]:
    """The project's bot as ``python -m bot`` runs it (bot.runner.BotRunner: the durable inbox,
    the fair dispatcher, the sender) pointed at the fake server."""
    from bot.runner import BotRunner
    from bot.settings import Settings
    from knowledge.service import KnowledgeService

    service = KnowledgeService.open(db, seeds_dir)
    service.warm_up()  # what the bot does in the background at start, done before timing
    runs = iter(range(1, 1000))

    def factory(url: str):
        inbox = Path(tempfile.mkdtemp(prefix="bench-inbox-")) / f"inbox-{next(runs)}.db"
        settings = Settings(token=BOT_TOKEN, kb_path=db, seeds_dir=seeds_dir, api_url=url, log_level="WARNING",
                            rate_limit=rate_limited, inbox=inbox)
        return _WarmRunner(settings, service, poll_timeout=1)

    class _WarmRunner(BotRunner):
        async def start(self) -> None:
            # what the bot does in the background at start (its chart worker loads matplotlib), done
            # before timing, as the service's warm-up above
            await self.application.bot_data["charts"].warm_up()
            await super().start()

    return factory


def bot_part(db: Path, seeds_dir: Path, items: list[dict], n_updates: int, timeout: float = 120) -> dict:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    # PTB's last getUpdates at shutdown (to confirm the offset) may time out on the harness's
    # single polling connection: harmless, not a bot error.
    logging.getLogger("telegram.ext.Updater").setLevel(logging.CRITICAL)
    texts = [items[i % len(items)]["q"] for i in range(n_updates)]
    echo = asyncio.run(_drive(echo_factory, texts, timeout))
    echo_rl = asyncio.run(_drive(lambda url: echo_factory(url, rate_limited=True), texts, timeout))
    real_rl = asyncio.run(_drive(real_bot_factory(db, seeds_dir, rate_limited=True), texts, timeout))
    real = asyncio.run(_drive(real_bot_factory(db, seeds_dir, rate_limited=False), texts, timeout))
    # like for like: both without a rate limiter (the target), and both with PTB's AIORateLimiter
    # (Telegram's ~30 messages/s, which the production bot runs with: TELEGRAM_RATE_LIMIT=on)
    return {"echo": echo, "echo_rate_limited": echo_rl, "real": real, "real_rate_limited": real_rl}


# ---------------------------------------------------------------------------------------------
# 5. soak: many users, faults, a crash
# ---------------------------------------------------------------------------------------------

class SoakAPI:
    """A Bot API on 127.0.0.1 with Telegram's offset semantics (an offset confirms every update
    below it for good) and injected faults: ``fail_share`` of the first replies to a question fail
    with HTTP 500 once; ``outage()`` drops every connection for a while. Records every reply."""

    def __init__(self, fail_share: float) -> None:
        self.fail_share = fail_share
        self.updates: list[dict] = []
        self.pushed_at: dict[tuple[int, int], float] = {}
        self.first_reply_at: dict[tuple[int, int], float] = {}
        self.replies: dict[tuple[int, int], list[str]] = {}
        self.failed_once: set[tuple[int, int]] = set()
        self.confirmed = 0
        self.polled = False
        self.down_until = 0.0
        self.injected = 0
        self._ids = 0
        self._msg = 5_000_000
        self.runner = None

    async def start(self) -> str:
        from aiohttp import web

        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    def push(self, user: int, text: str) -> None:
        self._ids += 1
        self.updates.append({"update_id": self._ids, "message": {
            "message_id": self._ids, "date": int(time.time()), "text": text,
            "chat": {"id": user, "type": "private", "first_name": "用户"},
            "from": {"id": user, "is_bot": False, "first_name": "用户"}}})
        self.pushed_at[(user, self._ids)] = time.perf_counter()

    def outage(self, seconds: float) -> None:
        self.down_until = time.perf_counter() + seconds

    async def handle(self, request):
        from aiohttp import web

        if time.perf_counter() < self.down_until:
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=503)
        method = request.match_info["method"].lower()
        params: dict = {}
        if request.can_read_body:
            params = await request.json() if request.content_type == "application/json" else dict(await request.post())
        get = lambda name, default=None: FakeBotAPI._param(params, name, default)  # noqa: E731
        result: object = True
        if method == "getme":
            result = _bot_user("Soak")
        elif method == "getupdates":
            self.polled = True
            offset = int(get("offset", 0) or 0)
            self.confirmed = max(self.confirmed, offset)
            batch = [u for u in self.updates if u["update_id"] >= self.confirmed][: int(get("limit", 100) or 100)]
            if not batch:
                await asyncio.sleep(min(float(get("timeout", 0) or 0), 0.5))
            result = batch
        elif method == "sendmessage":
            chat = int(get("chat_id", 0) or 0)
            reply_to = (get("reply_parameters") or {}).get("message_id")
            key = (chat, int(reply_to or 0))
            if key not in self.failed_once and (hash(key) % 1000) < self.fail_share * 1000:
                self.failed_once.add(key)
                self.injected += 1
                return web.json_response({"ok": False, "error_code": 500, "description": "Internal Server Error"},
                                         status=500)
            self.replies.setdefault(key, []).append(str(params.get("text", "")))
            self.first_reply_at.setdefault(key, time.perf_counter())
            self._msg += 1
            result = {"message_id": self._msg, "date": int(time.time()), "text": str(params.get("text", "")),
                      "chat": {"id": chat, "type": "private", "first_name": "用户"},
                      "from": {"id": 123456, "is_bot": True, "first_name": "Soak"}}
        return web.json_response({"ok": True, "result": result})


def _child_peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def _soak(db: Path, seeds_dir: Path, items: list[dict], questions: int, users: int,
                outage_s: float, kill_at: float, timeout: float) -> dict:
    import signal

    api = SoakAPI(fail_share=0.05)
    url = await api.start()
    work = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    env = child_env()
    env.update(TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_API_URL=url, KB_PATH=str(db), SEEDS_DIR=str(seeds_dir),
               INBOX_PATH=str(work / "inbox.db"), ADMIN_IDS="", LOG_LEVEL="WARNING", NO_PROXY="127.0.0.1")

    async def launch():
        return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", env=env, cwd=str(work),
                                                    stdout=subprocess.DEVNULL, stderr=open(work / "bot.err", "ab"),
                                                    stdin=subprocess.DEVNULL)

    expected: dict[tuple[int, int], str] = {}
    peak = 0.0
    process = await launch()
    t0 = time.perf_counter()
    try:
        while not api.polled and time.perf_counter() - t0 < 60:  # the bot is up when it polls
            await asyncio.sleep(0.1)
        start = time.perf_counter()
        pushed, killed, outage_done = 0, False, False
        per_tick = max(1, questions // 40)  # spread over ~20 s
        while True:
            now = time.perf_counter() - start
            if pushed < questions:
                for _ in range(min(per_tick, questions - pushed)):
                    item = items[pushed % len(items)]
                    user = 800_000 + pushed % users
                    api.push(user, item["q"])
                    expected[(user, api._ids)] = item["value"]
                    pushed += 1
            if not outage_done and now >= 2.0:
                api.outage(outage_s)
                outage_done = True
            if not killed and now >= kill_at:
                peak = max(peak, _child_peak_mb(process.pid))
                process.send_signal(signal.SIGKILL)
                await process.wait()
                process = await launch()
                killed = True
            if pushed >= questions and killed and all(k in api.replies for k in expected):
                break
            if now > timeout:
                break
            await asyncio.sleep(0.5)
        peak = max(peak, _child_peak_mb(process.pid))
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 20)
        except asyncio.TimeoutError:
            process.kill()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await api.stop()
    answered = [k for k in expected if k in api.replies]
    right = [k for k in answered if expected[k] in api.replies[k][0]]
    latencies = [api.first_reply_at[k] - api.pushed_at[k] for k in answered]
    duplicates = sum(len(api.replies[k]) - 1 for k in answered)
    shutil.rmtree(work, ignore_errors=True)
    return {"questions": len(expected), "users": users, "answered": len(answered), "right": len(right),
            "duplicates": duplicates, "injected_500": api.injected, "outage_s": outage_s, "killed_at_s": kill_at,
            "p50_s": percentile(latencies, 50) if latencies else float("nan"),
            "p99_s": percentile(latencies, 99) if latencies else float("nan"), "peak_mb": peak}


def soak_part(db: Path, seeds_dir: Path, items: list[dict], quick: bool) -> dict:
    figure_items = [it for it in items if it.get("type") == "figure" and isinstance(it.get("value"), str)]
    if quick:
        return asyncio.run(_soak(db, seeds_dir, figure_items, questions=200, users=20, outage_s=3.0,
                                 kill_at=6.0, timeout=120))
    return asyncio.run(_soak(db, seeds_dir, figure_items, questions=2000, users=200, outage_s=20.0,
                             kill_at=30.0, timeout=400))


# ---------------------------------------------------------------------------------------------
# the whole run
# ---------------------------------------------------------------------------------------------

def verdict(ok: bool | str | None) -> str:
    if isinstance(ok, str):
        return ok
    return "info" if ok is None else ("PASS" if ok else "FAIL")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m knowledge.bench", description="benchmarks with targets")
    ap.add_argument("--quick", action="store_true", help="smoke run: 2 and 20 reports, fewer updates")
    ap.add_argument("--sizes", default=None, help="comma-separated report counts (default 2,200,2000)")
    ap.add_argument("--seeds", default=str(DEFAULT_SEEDS))
    ap.add_argument("--dev", default=str(DEFAULT_DEV), help="development question set (JSON Lines)")
    ap.add_argument("--work", default=None, help="work directory (default: a temporary one, removed)")
    ap.add_argument("--updates", type=int, default=None, help="bot updates per run (400; quick 60)")
    ap.add_argument("--no-bot", action="store_true", help="skip the bot parts (throughput and soak)")
    ap.add_argument("--json", default=None, help="also write the figures as JSON to this file")
    ap.add_argument("--child", choices=("build", "ask"), help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--questions", help=argparse.SUPPRESS)
    ap.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child == "build":
        print(json.dumps(child_build(args.seeds, args.db, warm=args.warm)))
        return 0
    if args.child == "ask":
        print(json.dumps(child_ask(args.db, args.seeds, args.questions)))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([2, 20] if args.quick else [2, 200, 2000])
    n_updates = args.updates or (60 if args.quick else 400)
    seeds_dir = Path(args.seeds).resolve()
    items = load_questions(args.dev)
    if args.work:
        work = Path(args.work).resolve()
        work.mkdir(parents=True, exist_ok=True)
        cleanup = False
    else:
        work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
        cleanup = True
    if work == seeds_dir or seeds_dir in work.parents or work == ROOT / "data":
        print("refusing to work inside seeds/ or data/", file=sys.stderr)
        return 2
    t_start = time.perf_counter()
    figures: dict = {"mode": "quick" if args.quick else "full", "sizes": sizes}
    out(f"knowledge bench ({figures['mode']}) — Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {platform.machine()}; work dir {work}")
    out(f"dev set: {args.dev} ({len(items)} questions); seeds: {seeds_dir}")
    try:
        # ---- build the seed KB (also the scale row for the seeds alone)
        from knowledge.synth import seed_regions

        seed_db = work / "seeds.db"
        b = run_child(["build", "--seeds", str(seeds_dir), "--db", str(seed_db)])
        out(f"seed KB: {b['documents']} documents, {b['indicators']} indicators, built in {b['seconds']:.2f} s")
        regions = seed_regions(seeds_dir)

        # ---- 1. questions: ours vs peer
        out("")
        out("== 1. Time per question over the dev set, in process (start-up excluded) ==")
        out("   PEER = jieba 0.42 (default dictionary, no folding) + rank_bm25 BM25Okapi over the "
            "sentences (split on 。！？；); answer = top sentence's document region + its first figure")
        q = peer_part(seeds_dir, items, regions, with_service_db=seed_db)
        figures["questions"] = q
        out("   (2 passes over the questions; figures from the 2nd, steady-state pass; 1st pass p99/max "
            "shows lazy first-use loading)")
        for name in ("ours", "peer"):
            s = q[name]
            out(f"   {name:<5} median {ms(s['median_s'])}  p99 {ms(s['p99_s'])}   | 1st pass: median "
                f"{ms(s['cold_median_s'])}, p99 {ms(s['cold_p99_s'])}, max {ms(s['cold_max_s'])}")
            out(f"         {acc_str(s)}   (open/index {s['setup_s']:.2f} s, warm-up question "
                f"{ms(s['first_question_s'])})")
        ratio_q = q["ours"]["median_s"] / q["peer"]["median_s"]
        out(f"   ours/peer median = {ratio_q:.2f}×   target ≤ {TARGETS['question_vs_peer']}×   "
            f"{verdict(ratio_q <= TARGETS['question_vs_peer'])}")

        # ---- 2. start-up
        out("")
        out("== 2. Start-up: `python -m knowledge ask --db PATH Q`, subprocess wall time ==")
        st = startup_part(seed_db, items[0]["q"], runs=3 if args.quick else 5)
        figures["startup"] = st
        out(f"   median {st['median_s']:.2f} s (min {st['min_s']:.2f}, max {st['max_s']:.2f}, {st['runs']} runs)"
            f"   target ≤ {TARGETS['startup_s']} s   {verdict(st['median_s'] <= TARGETS['startup_s'])}"
            + (f"   [exit {st['returncode']}: {st['stderr'].strip()[-200:]}]" if st["returncode"] else ""))

        # ---- 3. scale
        out("")
        out(f"== 3. Scale: {', '.join(map(str, sizes))} reports (seeds + synthetic); build and answering "
            f"each in a child process ==")
        rows = scale_part(sizes, seeds_dir, items, work, regions, rewrite_docs=2 if args.quick else REWRITE_DOCS)
        figures["scale"] = rows

        # ---- 3b. one large report
        out("")
        lmb = 2.0 if args.quick else LARGE_MB
        out(f"== 3b. One {lmb:.0f} MB report (a seed followed by rewrites of itself): build, then its dev questions ==")
        lg = large_part(seeds_dir, items, work, regions, mb=lmb)
        figures["large"] = lg
        out(f"   {lg['file']}: {lg['mb']:.1f} MB, {lg['indicators']} indicators; build {lg['build_s']:.1f} s, "
            f"peak {lg['build_peak_mb']:.0f} MB")
        out(f"   {lg['questions']} questions, first time asked: text questions median {ms(lg['text_median_s'])}, "
            f"max {ms(lg['text_max_s'])}; any question max {ms(lg['all_max_s'])}; open {lg['open_s']:.2f} s; "
            f"peak {lg['ask_peak_mb']:.0f} MB")
        out(f"   {acc_str(lg['accuracy'])}  (informational: the rewrites repeat the seed's sentences with other figures)")

        # ---- 4. bot
        out("")
        out("== 4. Bot throughput: fake Bot API on 127.0.0.1, private-message updates via getUpdates ==")
        if args.no_bot:
            bp = {"skipped": "--no-bot"}
        else:
            try:
                bp = bot_part(seed_db, seeds_dir, items, n_updates)
            except Exception as exc:  # report, do not hide the rest of the figures
                bp = {"skipped": f"bot harness failed: {type(exc).__name__}: {exc}"}
        figures["bot"] = bp
        if "skipped" in bp:
            out(f"   SKIPPED: {bp['skipped']}")
        else:
            labels = {"echo": "echo bot", "real": "real bot (TELEGRAM_RATE_LIMIT=off)",
                      "echo_rate_limited": "echo bot + AIORateLimiter",
                      "real_rate_limited": "real bot + its sender's limits (production)"}
            for name, label in labels.items():
                r = bp[name]
                out(f"   {label:<37} {r['answered']}/{r['updates']} updates answered in {r['seconds']:.2f} s "
                    f"= {r['per_second']:.1f} updates/s")
            if bp["echo_rate_limited"]["per_second"]:
                out(f"   with the rate limiter on both: real / echo = "
                    f"{bp['real_rate_limited']['per_second'] / bp['echo_rate_limited']['per_second']:.2f}×"
                    "  (both capped by Telegram's ~30 messages/s)")

        # ---- 5. soak
        out("")
        out("== 5. Soak: users asking through the fake Bot API with faults (5% of replies fail once with "
            "HTTP 500, an outage, kill -9 and a restart) ==")
        if args.no_bot:
            sk = {"skipped": "--no-bot"}
        else:
            try:
                sk = soak_part(seed_db, seeds_dir, items, args.quick)
            except Exception as exc:  # report, do not hide the rest of the figures
                sk = {"skipped": f"soak harness failed: {type(exc).__name__}: {exc}"}
        figures["soak"] = sk
        if "skipped" in sk:
            out(f"   SKIPPED: {sk['skipped']}")
        else:
            out(f"   {sk['questions']} questions from {sk['users']} users; {sk['injected_500']} replies failed once, "
                f"{sk['outage_s']:.0f} s outage from 2 s, kill -9 at {sk['killed_at_s']:.0f} s")
            out(f"   answered {sk['answered']}/{sk['questions']}, right figure {sk['right']}, duplicates "
                f"{sk['duplicates']}; latency p50 {sk['p50_s']:.1f} s, p99 {sk['p99_s']:.1f} s; "
                f"bot peak memory {sk['peak_mb']:.0f} MB")

        # ---- summary
        out("")
        out("== Targets ==")
        first, last = rows[0], rows[-1]
        checks = []
        checks.append(("time per question, ours vs peer (median)",
                       f"{ms(q['ours']['median_s'])} vs {ms(q['peer']['median_s'])} = {ratio_q:.2f}×",
                       f"≤ {TARGETS['question_vs_peer']}×", ratio_q <= TARGETS["question_vs_peer"]))
        sq = last["q_median_s"] / first["q_median_s"]
        checks.append((f"time per question at {last['reports']} vs {first['reports']} reports (median)",
                       f"{ms(last['q_median_s'])} vs {ms(first['q_median_s'])} = {sq:.2f}×",
                       f"≤ {TARGETS['scale_question']}×", sq <= TARGETS["scale_question"]))
        for r in rows:
            bj = r["build_s"] / r["jieba_s"]
            # below BUILD_CHECK_MIN reports the build's fixed cost (imports, loading its own
            # jieba dictionary, ~0.7 s) dwarfs a jieba pass of a few hundredths of a second
            small = r["reports"] < BUILD_CHECK_MIN
            checks.append((f"build vs one jieba pass, {r['reports']} reports",
                           f"{r['build_s']:.2f} s vs {r['jieba_s']:.2f} s = {bj:.2f}×"
                           + ("  [info only: fixed start-up cost dominates]" if small else ""),
                           f"≤ {TARGETS['build_vs_jieba']}×", None if small else bj <= TARGETS["build_vs_jieba"]))
        for r in rows:
            if r.get("incremental_s") is not None:
                ri = r["incremental_s"] / r["build_s"]
                small = r["reports"] < BUILD_CHECK_MIN  # a build of a few reports is mostly start-up
                checks.append((f"one report added to {r['reports']}, rebuilt vs full build",
                               f"{r['incremental_s']:.2f} s vs {r['build_s']:.2f} s = {ri:.2f}×, "
                               f"{r['incremental_documents']} documents"
                               + ("  [info only: fixed start-up cost dominates]" if small else ""),
                               f"≤ {TARGETS['incremental']}×",
                               None if small else ri <= TARGETS["incremental"]
                               and r["incremental_documents"] == r["documents"] + 1))
        checks.append(("ask start-up (median wall time)", f"{st['median_s']:.2f} s",
                       f"≤ {TARGETS['startup_s']} s", st["median_s"] <= TARGETS["startup_s"] and not st["returncode"]))
        if "skipped" in bp:
            checks.append(("bot throughput vs echo", f"skipped: {bp['skipped']}", f"≥ {TARGETS['bot_vs_echo']}×", "SKIP"))
        else:
            rb = bp["real"]["per_second"] / bp["echo"]["per_second"] if bp["echo"]["per_second"] else 0
            checks.append(("bot throughput vs echo (no rate limiter on either)",
                           f"{bp['real']['per_second']:.1f} vs {bp['echo']['per_second']:.1f} updates/s = {rb:.2f}×",
                           f"≥ {TARGETS['bot_vs_echo']}×", rb >= TARGETS["bot_vs_echo"] and bp["real"]["complete"]))
        if "skipped" in sk:
            checks.append(("soak: every question answered", f"skipped: {sk['skipped']}", "all", "SKIP"))
        else:
            checks.append(("soak: every question answered with the right figure",
                           f"{sk['right']}/{sk['questions']} (answered {sk['answered']}, duplicates {sk['duplicates']})",
                           "all", sk["right"] == sk["questions"]))
        checks.append((f"a {lg['mb']:.0f} MB report: peak memory (build / answering)",
                       f"{lg['build_peak_mb']:.0f} MB / {lg['ask_peak_mb']:.0f} MB",
                       f"≤ {TARGETS['large_mb']:.0f} MB", max(lg["build_peak_mb"], lg["ask_peak_mb"]) <= TARGETS["large_mb"]))
        checks.append((f"a {lg['mb']:.0f} MB report: a text question, first time asked (max)",
                       ms(lg["text_max_s"]), f"≤ {TARGETS['large_text_s']} s",
                       lg["text_max_s"] is not None and lg["text_max_s"] <= TARGETS["large_text_s"]))
        peak = max(last["build_peak_mb"], last["ask_peak_mb"])
        checks.append((f"peak memory at {last['reports']} reports (build / answering)",
                       f"{last['build_peak_mb']:.0f} MB / {last['ask_peak_mb']:.0f} MB",
                       f"≤ {TARGETS['memory_mb']:.0f} MB", peak <= TARGETS["memory_mb"]))
        width = max(len(c[0]) for c in checks)
        for label, fig, target, ok in checks:
            out(f"   {verdict(ok)}  {label:<{width}}  {fig}   (target {target})")
        if args.quick:
            out("   (quick run: the scale targets are checked at 20 reports, not 2,000; build targets need "
                f"≥ {BUILD_CHECK_MIN} reports)")
        figures["checks"] = [{"what": c[0], "figure": c[1], "target": c[2], "result": verdict(c[3])} for c in checks]
        out(f"\nbench took {time.perf_counter() - t_start:.0f} s")
        if args.json:
            Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    finally:
        if cleanup:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
