"""A newcomer's first hour: the CLI and `python -m bot` run as processes, with only the checkout,
the environment and `.env` to go on. Every mistake gets one polite line, never a traceback."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bot_harness import REPO, TOKEN, copy_seeds, env_without_proxies, no_proxy  # noqa: F401
from fake_bot_api import FakeBotApi

SEEDS = REPO / "seeds"
EXTRA = REPO / "tests" / "blind14" / "c1_zhaoan_2023.txt"  # a report of another region


def _env(tmp_path: Path, **extra: str) -> dict:
    env = env_without_proxies(PYTHONPATH=str(REPO), TELEGRAM_BOT_TOKEN="", ADMIN_IDS="", TELEGRAM_API_URL="",
                              KB_PATH="", SEEDS_DIR="", LOG_LEVEL="WARNING")
    for k in ("KB_PATH", "SEEDS_DIR", "TELEGRAM_API_URL"):
        env.pop(k, None)
    env.update(extra)
    return env


def _work(tmp_path: Path) -> Path:
    """A working directory like a checkout: its own seeds/ (copied), no knowledge base yet."""
    copy_seeds(tmp_path / "seeds")
    return tmp_path


def cli(tmp_path: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "knowledge", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, env=_env(tmp_path, **env), timeout=180)


def bot(tmp_path: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot"], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, env=_env(tmp_path, **env), timeout=180)


# ------------------------------------------------------------------ the CLI

def test_eval_without_a_file_scores_the_bundled_development_set(tmp_path):
    done = cli(_work(tmp_path), "eval", "--quiet")
    assert done.returncode == 0, done.stderr
    accuracy = float(done.stdout.split("accuracy")[-1].split()[0])
    assert accuracy >= 0.95


def test_eval_mistakes_are_named_without_a_traceback(tmp_path):
    work = _work(tmp_path)
    missing = cli(work, "eval", "nowhere.jsonl")
    assert missing.returncode == 1 and "找不到问题集文件" in missing.stderr
    (work / "bad.jsonl").write_text('{"q": "冀州GDP", "type": "figure"}\nnot json\n', encoding="utf-8")
    bad = cli(work, "eval", "bad.jsonl")
    assert bad.returncode == 1 and "第 2 行" in bad.stderr
    (work / "untyped.jsonl").write_text('{"q": "冀州GDP"}\n', encoding="utf-8")
    untyped = cli(work, "eval", "untyped.jsonl")
    assert untyped.returncode == 1 and "第 1 行" in untyped.stderr and "type" in untyped.stderr
    for done in (missing, bad, untyped):
        assert "Traceback" not in done.stderr


def test_eval_says_when_the_set_needs_other_reports(tmp_path):
    done = cli(_work(tmp_path), "eval", "--quiet", str(REPO / "tests" / "data" / "heldout.jsonl"))
    assert done.returncode == 0
    assert "不在知识库里" in done.stderr and "--seeds" in done.stderr


def test_batch_output_cut_short_by_head_is_no_error(tmp_path):
    work = _work(tmp_path)
    cli(work, "build")
    questions = "冀州2022年GDP目标\n" * 200
    shell = f"{sys.executable} -m knowledge ask --batch --json | head -1"
    done = subprocess.run(shell, shell=True, input=questions, capture_output=True, text=True, encoding="utf-8",
                          cwd=work, env=_env(work), timeout=180)
    assert done.stdout.count("\n") == 1 and '"status": "answered"' in done.stdout
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_usage_mistakes(tmp_path):
    work = _work(tmp_path)
    bare = cli(work)
    assert bare.returncode == 2 and "build" in bare.stderr and "Traceback" not in bare.stderr
    both = cli(work, "ask", "--batch", "冀州GDP")
    assert both.returncode == 2 and "--batch" in both.stderr
    helps = cli(work, "ask", "--help").stdout + cli(work, "eval", "--help").stdout
    for flag in ("--db", "--seeds", "--quiet", "question"):
        assert flag in helps
    folder = cli(work, "ask", "冀州GDP", KB_PATH=str(work))
    assert folder.returncode == 1 and "文件夹" in folder.stderr and "Traceback" not in folder.stderr


def test_build_honours_kb_path_of_dotenv(tmp_path):
    work = _work(tmp_path)
    (work / ".env").write_text("KB_PATH=custom/kb.db\n", encoding="utf-8")
    done = cli(work, "build")
    assert done.returncode == 0, done.stderr
    assert (work / "custom" / "kb.db").exists() and not (work / "data").exists()


def test_a_failed_first_build_claims_no_old_knowledge_base(tmp_path):
    (tmp_path / "empty").mkdir()
    done = cli(tmp_path, "build", "--seeds", "empty", "--db", "kb.db")
    assert done.returncode == 1
    assert "原有知识库" not in done.stderr and "Traceback" not in done.stderr


# ------------------------------------------------------------------ the knowledge base heals itself

def test_a_report_copied_into_seeds_is_answered_after_a_restart(tmp_path):
    work = _work(tmp_path)
    first = bot(work, "诏安去年GDP多少亿\n")
    assert first.returncode == 0 and "336.23亿元" not in first.stdout
    time.sleep(1.1)  # file times of a fast machine: the copy must be visibly newer
    shutil.copy(EXTRA, work / "seeds" / EXTRA.name)
    again = bot(work, "诏安去年GDP多少亿\n")
    assert again.returncode == 0, again.stderr
    assert "336.23亿元" in again.stdout
    assert "比知识库新" in again.stderr  # said why it rebuilt


def test_a_corrupt_knowledge_base_is_rebuilt_at_start(tmp_path):
    work = _work(tmp_path)
    (work / "data").mkdir()
    (work / "data" / "knowledge.db").write_bytes(b"not a database at all" * 100)
    done = bot(work, "冀州2022年GDP目标\n")
    assert done.returncode == 0, done.stderr
    assert "7%以上" in done.stdout and "损坏" in done.stderr
    assert list((work / "data").glob("knowledge.db.damaged-*"))  # kept aside, not deleted


def test_a_failed_start_leaves_no_empty_data_folder(tmp_path):
    done = bot(tmp_path, "", SEEDS_DIR=str(tmp_path / "nowhere"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "data").exists()


# ------------------------------------------------------------------ the console is the bot

def test_console_commands_answer_as_the_bot(tmp_path):
    done = bot(_work(tmp_path), "/help\n/sources\n/start\n/ask 冀州2022年GDP目标\n/nonsense\n")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "怎么问" in out and "冀州区 2022年" in out and "枣强县 2022年" in out  # /help, /sources
    assert "你好" in out and "7%以上" in out and "没有 /nonsense 这个命令" in out
    assert "<b>" not in out and "<code>" not in out
    assert "已载入的报告里没有" not in out


# ------------------------------------------------------------------ Telegram out of reach

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_bot_api_says_so_and_stops_on_sigterm(tmp_path):
    work = _work(tmp_path)
    env = _env(work, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=f"http://127.0.0.1:{_free_port()}")
    with open(work / "err.log", "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "bot"], cwd=work, env=env, stdout=subprocess.DEVNULL,
                                   stderr=err, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and "无法连接 Telegram API" not in \
                    (work / "err.log").read_text(encoding="utf-8", errors="replace"):
                time.sleep(0.2)
            process.send_signal(signal.SIGTERM)
            returncode = process.wait(15)
        finally:
            if process.poll() is None:
                process.kill()
    log = (work / "err.log").read_text(encoding="utf-8", errors="replace")
    assert "无法连接 Telegram API" in log and "重试" in log
    assert returncode == 0 and "Traceback" not in log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log


async def test_a_rejected_token_is_one_line_and_never_printed(tmp_path):
    work = _work(tmp_path)
    async with FakeBotApi(TOKEN) as api:
        wrong = "987654321:AAF-SomeOtherSecretValue_987654321"
        env = _env(work, TELEGRAM_BOT_TOKEN=wrong, TELEGRAM_API_URL=api.url)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=work, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        _, err = await asyncio.wait_for(process.communicate(), 120)
    log = err.decode("utf-8", errors="replace")
    assert process.returncode == 1
    assert "拒绝" in log and "Traceback" not in log
    assert wrong not in log and wrong.split(":")[1] not in log
