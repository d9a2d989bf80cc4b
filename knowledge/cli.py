"""Command line: build, ask, eval — a thin layer over build/service/evaluate.

Settings come from the environment or `.env` (KB_PATH, SEEDS_DIR), as for the bot. Every failure
a user can cause ends in one polite line on stderr and a non-zero exit code, never a traceback:
2 for a usage error, 1 for a file or knowledge base that cannot be used.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DEV = ROOT / "tests" / "data" / "dev.jsonl"  # the development set, bundled with the project


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
        _silence_stdout()


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    """After the reader of our output went away (`| head -1`): no more writes, no error at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _decode_line(raw: bytes) -> str:
    """One line of standard input: UTF-8, else GB18030, else UTF-8 with replacement characters."""
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def _load_env() -> None:
    """`.env` of the working directory, without overriding the real environment (as the bot does)."""
    try:
        from dotenv import load_dotenv
    except ImportError:  # pragma: no cover - python-dotenv is a dependency
        return
    if Path(".env").is_file():
        load_dotenv(".env", override=False)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge", description="政府工作报告知识库：构建、提问、评测、按链接添加报告。",
        epilog="设置取自环境变量或 .env：KB_PATH（知识库文件）、SEEDS_DIR（报告文件夹）。"
               "例如：python -m knowledge ask 某县2022年GDP目标")
    sub = parser.add_subparsers(dest="cmd", metavar="{build,ask,eval,fetch}")
    db_help = "知识库文件（默认 KB_PATH 或 data/knowledge.db；不存在时从报告文件夹构建）"
    seeds_help = "报告文件夹（默认 SEEDS_DIR 或 seeds/）"
    b = sub.add_parser("build", help="从报告文件夹构建知识库", description="从报告文件夹构建知识库（原子替换）。")
    b.add_argument("--seeds", help=seeds_help)
    b.add_argument("--db", help="要写入的知识库文件（默认 KB_PATH 或 data/knowledge.db）")
    a = sub.add_parser("ask", help="提问", description="回答一个问题；--batch 时从标准输入逐行读取问题。")
    a.add_argument("--db", help=db_help)
    a.add_argument("--seeds", help=seeds_help)
    a.add_argument("--json", action="store_true", help="输出 JSON（字段见 tests/data/EVAL_README.md）")
    a.add_argument("--batch", action="store_true", help="从标准输入逐行读取问题，每行输出一个 JSON")
    a.add_argument("--chart", metavar="FILE.png",
                   help="把图表写入这个 PNG 文件（历年数字、地区对比、目标完成情况；答案没有可画的内容时不写，并说明）")
    a.add_argument("question", nargs="*", help="问题，例如 某县2022年GDP目标")
    e = sub.add_parser("eval", help="按评测规则给问题集打分",
                       description="按 tests/data/EVAL_README.md 的规则给 JSONL 问题集打分。")
    e.add_argument("file", nargs="?", help=f"问题集（JSONL；默认随项目附带的开发集 {BUNDLED_DEV.relative_to(ROOT)}）")
    e.add_argument("--db", help=db_help)
    e.add_argument("--seeds", help=seeds_help)
    e.add_argument("--quiet", action="store_true", help="只打印分数表，不列出答错和漏答的问题")
    f = sub.add_parser("fetch", help="按链接下载一份报告到报告文件夹",
                       description="下载网页、PDF 或 Word 格式的报告，确认是一份报告后存入报告文件夹"
                                   "（同名旧文件保留在 .replaced/ 里）；之后运行 build 载入。")
    f.add_argument("url", help="报告的网址，例如 http://www.example.gov.cn/art/2022/1/25/art_1.html")
    f.add_argument("--seeds", help=seeds_help)
    f.add_argument("--timeout", type=float, default=None, help="下载超时秒数（默认 30）")
    return parser


def main(argv: list[str] | None = None) -> int:
    _utf8_stdio()
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.cmd:
        parser.print_help(sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _load_env()
    try:
        return _run(args)
    except KeyboardInterrupt:
        _err("已中断。")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 0


def _run(args) -> int:
    from .build import BuildFailed, build_kb
    from .service import KnowledgeService, default_paths

    if args.cmd == "build":
        kb, seeds = default_paths(args.db, args.seeds)
        if kb.is_dir():
            _err(f"构建失败：{kb} 是一个文件夹；--db / KB_PATH 应指向一个文件")
            return 1
        existed = kb.exists()
        try:
            report = build_kb(seeds, kb, log=_say)
        except BuildFailed as exc:
            _err(f"构建失败：{exc}" + ("（原有知识库保持不变）" if existed else ""))
            return 1
        except OSError as exc:
            _err(f"构建失败：无法写入 {kb}（{exc.strerror or exc}）" + ("（原有知识库保持不变）" if existed else ""))
            return 1
        _say(f"完成：{report.documents} 份文档，{report.sentences} 句，{report.indicators} 个指标，"
             f"跳过 {len(report.skipped)} 个文件，用时 {report.seconds:.1f} 秒 → {report.db_path}")
        return 0

    if args.cmd == "fetch":
        return _fetch(args)

    if args.cmd == "ask" and args.batch and args.question:
        _err("--batch 从标准输入逐行读取问题，不能同时在命令行给出问题。"
             "例如：echo 某县2022年GDP目标 | python -m knowledge ask --batch")
        return 2
    if args.cmd == "ask" and not args.batch and not args.question:
        _err("请给出问题，例如：python -m knowledge ask 某县2022年GDP目标")
        return 2
    items = None
    if args.cmd == "eval":
        from .evaluate import QuestionFileError, load_questions

        path = Path(args.file) if args.file else BUNDLED_DEV
        try:
            items = load_questions(path)
        except QuestionFileError as exc:
            _err(f"无法评测：{exc}")
            return 1

    try:
        svc = KnowledgeService.open(args.db, args.seeds, log_build=_err, refresh=True, notice=_err)
    except (BuildFailed, FileNotFoundError) as exc:
        _err(f"无法打开知识库：{exc}")
        return 1
    except OSError as exc:
        _err(f"无法打开知识库：{exc.strerror or exc}")
        return 1

    if args.cmd == "ask":
        if args.batch:
            for raw in sys.stdin.buffer:
                res = svc.ask(_decode_line(raw).rstrip("\r\n"))
                print(json.dumps(res.to_dict(), ensure_ascii=False), flush=True)
            return 0
        res = svc.ask(" ".join(args.question))
        print(json.dumps(res.to_dict(), ensure_ascii=False, indent=2) if args.json else res.reply, flush=True)
        if args.chart:
            from .chart import render

            png = render(res)
            if png is None:
                _err("这个答案没有可画的图表（图表用于历年数字、地区对比和目标完成情况），没有写文件。")
                return 1
            try:
                Path(args.chart).write_bytes(png)
            except OSError as exc:
                _err(f"无法写入图表 {args.chart}：{exc.strerror or exc}")
                return 1
            _err(f"图表已写入 {args.chart}")
        return 0

    from .evaluate import evaluate_items

    return evaluate_items(items, svc, quiet=args.quiet)


def _fetch(args) -> int:
    from .fetch import TIMEOUT_SECONDS, FetchError, fetch
    from .service import default_paths

    _kb, seeds = default_paths(None, args.seeds)
    try:
        got = fetch(args.url, seeds, timeout=args.timeout or TIMEOUT_SECONDS)
    except FetchError as exc:
        _err(f"没有添加：{exc}")
        return 1
    except OSError as exc:
        _err(f"没有添加：无法写入 {seeds}（{exc.strerror or exc}）")
        return 1
    where = f"{got.region} {got.year or '年份不明'}年报告"
    if got.same_as:
        _say(f"报告文件夹里已有相同的文件 {got.same_as}（{where}），没有重复保存。")
        return 0
    _say(f"已保存 {got.path}（{where}，{got.size / 1024:.0f} KB）"
         + (f"；同名旧文件保留为 {got.replaced}" if got.replaced else "")
         + "。运行 python -m knowledge build 载入。")
    return 0
