"""Command line: build, ask, eval — a thin layer over build/service/evaluate."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass


def _say(message: str) -> None:
    """Progress lines; a closed pipe (`| head`) must not abort the build."""
    try:
        print(message, flush=True)
    except BrokenPipeError:
        pass


def _decode_line(raw: bytes) -> str:
    """One line of standard input: UTF-8, else GB18030, else UTF-8 with replacement characters."""
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    _utf8_stdio()
    parser = argparse.ArgumentParser(prog="python -m knowledge",
                                     description="政府工作报告知识库：构建、提问、评测")
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="从报告文件夹构建知识库")
    b.add_argument("--seeds", help="报告文件夹（默认 SEEDS_DIR 或 seeds/）")
    b.add_argument("--db", help="知识库路径（默认 KB_PATH 或 data/knowledge.db）")
    a = sub.add_parser("ask", help="提问")
    a.add_argument("--db")
    a.add_argument("--seeds")
    a.add_argument("--json", action="store_true", help="输出 JSON")
    a.add_argument("--batch", action="store_true", help="从标准输入逐行读取问题，每行输出一个 JSON")
    a.add_argument("question", nargs="*")
    e = sub.add_parser("eval", help="按评测规则给问题集打分")
    e.add_argument("file")
    e.add_argument("--db")
    e.add_argument("--seeds")
    e.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from .build import BuildFailed, build_kb
    from .service import KnowledgeService, default_paths

    if args.cmd == "build":
        kb, seeds = default_paths(args.db, args.seeds)
        try:
            report = build_kb(seeds, kb, log=_say)
        except BuildFailed as exc:
            print(f"构建失败：{exc}（原有知识库保持不变）", file=sys.stderr)
            return 1
        print(f"完成：{report.documents} 份文档，{report.sentences} 句，{report.indicators} 个指标，"
              f"跳过 {len(report.skipped)} 个文件，用时 {report.seconds:.1f} 秒 → {report.db_path}")
        return 0

    try:
        svc = KnowledgeService.open(args.db, args.seeds, log_build=lambda m: print(m, file=sys.stderr))
    except (BuildFailed, FileNotFoundError) as exc:
        print(f"无法打开知识库：{exc}", file=sys.stderr)
        return 1

    if args.cmd == "ask":
        if args.batch:
            for raw in sys.stdin.buffer:
                res = svc.ask(_decode_line(raw).rstrip("\r\n"))
                print(json.dumps(res.to_dict(), ensure_ascii=False), flush=True)
            return 0
        question = " ".join(args.question)
        if not question:
            print("请给出问题，例如：python -m knowledge ask 某县今年GDP目标", file=sys.stderr)
            return 2
        res = svc.ask(question)
        print(json.dumps(res.to_dict(), ensure_ascii=False, indent=2) if args.json else res.reply)
        return 0

    if args.cmd == "eval":
        from .evaluate import evaluate_file

        return evaluate_file(Path(args.file), svc, quiet=args.quiet)
    return 2
