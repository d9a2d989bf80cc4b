"""``python -m bot`` as a user runs it: a subprocess with only the environment to go on."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time

from bot_harness import (
    BOT_USERNAME,
    REPO,
    TOKEN,
    copy_seeds,
    env_without_proxies,
    group_chat,
    no_proxy,  # noqa: F401 - autouse fixture
    private_chat,
    text_of,
    user,
)
from fake_bot_api import FakeBotApi

ALICE = user(1001, "Alice")


def bot_env(tmp_path, **extra):
    """Settings for a subprocess: temp KB and seeds, no token unless given, repo on the path."""
    seeds = tmp_path / "seeds"
    if not seeds.exists():
        copy_seeds(seeds)
    env = env_without_proxies(
        PYTHONPATH=str(REPO), TELEGRAM_BOT_TOKEN="", ADMIN_IDS="", KB_PATH=str(tmp_path / "kb" / "knowledge.db"),
        SEEDS_DIR=str(seeds), LOG_LEVEL="WARNING", TELEGRAM_API_URL="", GROUP_COOLDOWN_SECONDS="0",
    )
    env.update(extra)
    return env


def run_bot(tmp_path, stdin_text="", timeout=90, **extra):
    return subprocess.run(
        [sys.executable, "-m", "bot"], input=stdin_text, capture_output=True, text=True, encoding="utf-8",
        env=bot_env(tmp_path, **extra), cwd=tmp_path, timeout=timeout,
    )


def test_malformed_admin_ids_fail_fast_with_exit_code_2_and_no_traceback(tmp_path):
    started = time.monotonic()
    done = run_bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, ADMIN_IDS="12,abc", timeout=30)
    assert done.returncode == 2
    assert "ADMIN_IDS" in done.stderr and "'abc'" in done.stderr
    assert "Traceback" not in done.stderr and not done.stdout
    assert time.monotonic() - started < 20
    assert not (tmp_path / "kb").exists()  # failed before touching the knowledge base


def test_without_a_token_the_console_chat_answers_piped_questions(tmp_path):
    questions = "冀州2022年GDP目标\n\n去年经济增速多少\nexit\n枣强2022年GDP目标\n"
    done = run_bot(tmp_path, questions)
    assert done.returncode == 0, done.stderr
    assert "BotFather" in done.stderr and "/newbot" in done.stderr and ".env" in done.stderr
    assert "7%以上" in done.stdout
    assert "7.5%" in done.stdout and "7.2%" in done.stdout
    assert "7%左右" not in done.stdout  # asked after `exit`
    assert "Traceback" not in done.stderr
    assert (tmp_path / "kb" / "knowledge.db").exists()  # built from SEEDS_DIR at start

    # Second start: the KB exists now; the chat also ends cleanly at end of input (no `exit`).
    again = run_bot(tmp_path, "枣强2022年GDP目标\n")
    assert again.returncode == 0, again.stderr
    assert "7%左右" in again.stdout


async def test_black_box_bot_answers_over_http_and_stops_on_sigterm(tmp_path):
    async with FakeBotApi(TOKEN) as api:
        env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url + "/", ADMIN_IDS="4242",
                      LOG_LEVEL="DEBUG")
        with open(tmp_path / "out.log", "wb") as out, open(tmp_path / "err.log", "wb") as err:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", env=env, cwd=tmp_path, stdout=out, stderr=err,
                stdin=subprocess.DEVNULL,
            )
            try:
                await api.wait_for("getUpdates", timeout=90)  # KB built, bot polling
                assert api.calls_of("setMyCommands"), "post_init ran"
                private = api.push_text(private_chat(ALICE), ALICE, "冀州2022年GDP目标")
                group = group_chat(-100777)
                ask = api.push_text(group, ALICE, f"/ask@{BOT_USERNAME} 枣强2022年GDP目标")
                chatter = api.push_text(group, ALICE, "今天开会吗")
                replies = {}
                for name, update in (("private", private), ("ask", ask)):
                    message = update["message"]
                    calls = await api.wait_for(
                        "sendMessage",
                        lambda p, m=message: (p.get("reply_parameters") or {}).get("message_id") == m["message_id"],
                        timeout=30,
                    )
                    replies[name] = text_of(calls[0])
                started = time.monotonic()
                process.send_signal(signal.SIGTERM)
                returncode = await asyncio.wait_for(process.wait(), 15)
                stop_seconds = time.monotonic() - started
            finally:
                if process.returncode is None:
                    process.kill()
                    await process.wait()
    log = (tmp_path / "err.log").read_text(encoding="utf-8", errors="replace")
    assert returncode == 0, log[-3000:]
    assert stop_seconds < 10
    assert "7%以上" in replies["private"]
    assert "7%左右" in replies["ask"]
    assert not api.calls_of(
        "sendMessage", lambda p: (p.get("reply_parameters") or {}).get("message_id") == chatter["message"]["message_id"]
    )
    assert "Bot API" in log or "getUpdates" in log  # DEBUG logging was on
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "Traceback" not in log
