"""The judging rules of ../shared/eval/README.md, applied to a JSONL question set."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from .normalize import fix_pm, to_simplified


def norm(s) -> str:
    if s is None:
        return ""
    s = unicodedata.normalize("NFKC", str(s))
    s = to_simplified(s)
    s = fix_pm(s)
    return re.sub(r"\s+", "", s)


class QuestionFileError(ValueError):
    """A question set that cannot be read: the message names the file and the line."""


_TYPES = {"figure", "none", "clarify", "text", "compare"}


def load_questions(path) -> list[dict]:
    """The records of a JSONL question set; a missing file, a line that is not JSON or a record
    without a known `type` raises QuestionFileError saying where."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise QuestionFileError(f"找不到问题集文件：{path}") from None
    except IsADirectoryError:
        raise QuestionFileError(f"{path} 是文件夹，不是问题集文件") from None
    except UnicodeDecodeError:
        raise QuestionFileError(f"{path} 不是 UTF-8 文本") from None
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionFileError(f"{path} 第 {n} 行不是合法的 JSON（{exc.msg}，第 {exc.colno} 列）") from None
        if not isinstance(item, dict) or "q" not in item:
            raise QuestionFileError(f"{path} 第 {n} 行缺少问题字段 \"q\"")
        if item.get("type") not in _TYPES:
            raise QuestionFileError(f"{path} 第 {n} 行的 \"type\" 应为 {'/'.join(sorted(_TYPES))} 之一，"
                                    f"而不是 {item.get('type')!r}")
        out.append(item)
    if not out:
        raise QuestionFileError(f"{path} 里没有问题")
    return out


_NUM = re.compile(r"(\d+(?:\.\d+)?)")


def _same_number_unit(expected: str, ans: dict) -> bool:
    m = _NUM.search(norm(expected))
    if not m or ans.get("number") is None:
        return False
    unit = norm(expected)[m.end():]
    unit = re.sub(r"(以上|以下|左右|以内|多|余)$", "", unit)
    return abs(float(m.group(1)) - float(ans["number"])) < 1e-9 and norm(ans.get("unit")) == unit


def _value_ok(expected: str, ans: dict) -> bool:
    return norm(expected) in norm(ans.get("value")) or _same_number_unit(expected, ans)


def judge(item: dict, result: dict) -> str:
    """'correct' | 'wrong' | 'missed' for one question."""
    t = item["type"]
    status = result.get("status")
    answers = result.get("answers") or []
    if t == "none":
        return "correct" if status == "not_found" or not answers else "wrong"
    if t == "clarify":
        if status == "ambiguous":
            return "correct"
        got = {norm(a.get("region")): a for a in answers}
        ok = all(norm(r) in got and _value_ok(v, got[norm(r)]) for r, v in zip(item["region"], item["value"]))
        if ok:
            return "correct"
        return "missed" if status == "not_found" or not answers else "wrong"
    if status != "answered" or not answers:
        return "missed"
    if t == "figure":
        a = answers[0]
        ok = (norm(a.get("region")) == norm(item["region"]) and _value_ok(item["value"], a)
              and norm(item["source"]) in norm(a.get("sentence")))
        return "correct" if ok else "wrong"
    if t == "text":
        a = answers[0]
        hay = norm(a.get("sentence")) + norm(a.get("value")) + norm(result.get("reply"))
        return "correct" if all(norm(m) in hay for m in item["must"]) else "wrong"
    if t == "compare":
        ok = True
        for r, v in zip(item["region"], item["value"]):
            if not any(norm(a.get("region")) == norm(r) and _value_ok(v, a) for a in answers):
                ok = False
        return "correct" if ok else "wrong"
    return "wrong"


def _reason(item: dict, result: dict, verdict: str) -> str:
    a = (result.get("answers") or [{}])[0]
    if verdict == "missed":
        return f"status={result.get('status')} (expected {item.get('value') or item.get('must')})"
    return (f"got {a.get('region')} {a.get('year')} {a.get('kind')} {a.get('metric')} = {a.get('value')!r}"
            f" | expected {item.get('region')} {item.get('value') or item.get('must')}"
            f" | sentence: {str(a.get('sentence'))[:60]}")


def missing_regions(items: list[dict], service) -> list[str]:
    """Regions the question set expects that the knowledge base has no report of."""
    known = {norm(d.region) for d in service.kb.documents} | {norm(p.name) for p in service.kb.places}
    wanted: list[str] = []
    for item in items:
        regions = item.get("region")
        for r in (regions if isinstance(regions, list) else [regions]):
            if r and norm(r) not in known and r not in wanted:
                wanted.append(r)
    return wanted


def evaluate_file(path: Path, service, quiet: bool = False) -> int:
    return evaluate_items(load_questions(path), service, quiet)


def evaluate_items(items: list[dict], service, quiet: bool = False) -> int:
    """Score the questions, print failures (unless quiet) and the table; 0."""
    missing = missing_regions(items, service)
    if missing:
        import sys

        print(f"注意：问题集里的 {'、'.join(missing[:6])}{'等' if len(missing) > 6 else ''} 不在知识库里，"
              f"这些问题会被判为答错或漏答。请用 --seeds 指向包含这些报告的文件夹（及种子报告），"
              f"并用 --db 另建知识库。", file=sys.stderr)
    by_type: dict[str, Counter] = defaultdict(Counter)
    failures = []
    for item in items:
        result = service.ask(item["q"]).to_dict()
        v = judge(item, result)
        by_type[item["type"]][v] += 1
        by_type["all"][v] += 1
        if v != "correct":
            failures.append((item, result, v))
    if not quiet:
        for item, result, v in failures:
            print(f"[{v}] {item['id']} {item['q']}\n    {_reason(item, result, v)}")
    print(f"{'type':8} {'n':>4} {'correct':>8} {'wrong':>6} {'missed':>7} {'accuracy':>9} {'wrong%':>7}")
    for t in sorted(k for k in by_type if k != "all") + ["all"]:
        c = by_type[t]
        n = sum(c.values())
        print(f"{t:8} {n:4d} {c['correct']:8d} {c['wrong']:6d} {c['missed']:7d} "
              f"{c['correct'] / n:9.3f} {c['wrong'] / n:7.3f}")
    c = by_type["all"]
    n = sum(c.values())
    print(f"accuracy {c['correct'] / n:.3f}  wrong {c['wrong'] / n:.3f}  ({n} questions)")
    return 0
