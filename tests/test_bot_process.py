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
        SEEDS_DIR=str(seeds), LOG_LEVEL="WARNING", TELEGRAM_API_URL="",
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
    assert "冀州2022年GDP目标" not in log and "枣强2022年GDP目标" not in log  # no question text (LOG_QUESTIONS off)
    assert "7%以上" not in log  # nor the answers
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "Traceback" not in log


# ---------------------------------------------------------------- issue 11: the process level


async def start_bot(tmp_path, api, name="run", **extra):
    """``python -m bot`` against ``api``; stdout and stderr to files named after ``name``."""
    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url, **extra)
    out = open(tmp_path / f"{name}.out", "wb")
    err = open(tmp_path / f"{name}.err", "wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, cwd=tmp_path, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    out.close()
    err.close()
    return process


def output_of(tmp_path, name="run"):
    return ((tmp_path / f"{name}.out").read_text(encoding="utf-8", errors="replace")
            + (tmp_path / f"{name}.err").read_text(encoding="utf-8", errors="replace"))


async def stop(process):
    if process.returncode is None:
        process.kill()
        await process.wait()


async def test_kill_9_with_100_fetched_questions_unanswered_then_a_restart_answers_all_100(tmp_path):
    """Done-when 9. Sending fails (500) while 100 questions are fetched and confirmed to Telegram;
    the process is killed with SIGKILL; after a restart every one of them is answered."""
    async with FakeBotApi(TOKEN) as api:
        process = await start_bot(tmp_path, api, "first")
        try:
            await api.wait_for("getUpdates", timeout=90)
            api.fail("sendMessage", status=500, times=None)
            asked = []
            for i in range(100):
                who = user(30_000 + i % 25)
                question, figure = (("冀州2022年GDP目标", "7%以上") if i % 2 else ("枣强2022年GDP目标", "7%左右"))
                asked.append((api.push_text(private_chat(who), who, question), figure))
            async with asyncio.timeout(30):
                while api.confirmed_below <= asked[-1][0]["update_id"]:
                    await asyncio.sleep(0.05)
            process.kill()
            await process.wait()
        finally:
            await stop(process)
        assert api.unconfirmed == 0  # Telegram would never send them again
        answered_before = {c.params["reply_parameters"]["message_id"] for c in api.calls_of("sendMessage")}
        assert not answered_before
        api.clear_faults()
        process = await start_bot(tmp_path, api, "second")
        try:
            replies = await api.wait_for("sendMessage", count=100, timeout=120)
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 20)
    by_message = {}
    for call in replies:
        by_message.setdefault((call.params["chat_id"], call.params["reply_parameters"]["message_id"]), text_of(call))
    for update, figure in asked:
        message = update["message"]
        assert figure in by_message[(message["chat"]["id"], message["message_id"])]
    assert "Traceback" not in output_of(tmp_path, "second")


async def test_a_token_the_api_rejects_stops_the_process_and_is_never_printed(tmp_path):
    """Done-when 6: getMe answers 401; at LOG_LEVEL=DEBUG nothing printed holds the token."""
    async with FakeBotApi("999999:OtherBotsToken") as api:  # every call with our token: 401
        process = await start_bot(tmp_path, api, LOG_LEVEL="DEBUG")
        try:
            code = await asyncio.wait_for(process.wait(), 90)
        finally:
            await stop(process)
    printed = output_of(tmp_path)
    assert code == 1
    assert "401" in printed and "BotFather" in printed
    assert TOKEN not in printed and TOKEN.split(":")[1] not in printed
    assert "Traceback" not in printed


async def test_a_token_revoked_while_running_stops_the_process_without_printing_it(tmp_path):
    async with FakeBotApi(TOKEN) as api:
        process = await start_bot(tmp_path, api, LOG_LEVEL="DEBUG")
        try:
            await api.wait_for("getUpdates", timeout=90)
            api.token = "999999:Revoked"  # from now on every call is refused with 401
            code = await asyncio.wait_for(process.wait(), 60)
        finally:
            await stop(process)
    printed = output_of(tmp_path)
    assert code == 1 and "BotFather" in printed
    assert TOKEN not in printed and TOKEN.split(":")[1] not in printed


async def test_started_with_a_corrupt_knowledge_base_it_rebuilds_and_answers(tmp_path):
    """Done-when 7."""
    copy_seeds(tmp_path / "seeds")  # the seeds first: older than the base, so no refresh either
    kb = tmp_path / "kb" / "knowledge.db"
    kb.parent.mkdir()
    kb.write_bytes(b"this is not a database" * 1000)
    async with FakeBotApi(TOKEN) as api:
        process = await start_bot(tmp_path, api)
        try:
            await api.wait_for("getUpdates", timeout=90)
            update = api.push_text(private_chat(ALICE), ALICE, "冀州2022年GDP目标")
            calls = await api.wait_for(
                "sendMessage", lambda p: (p.get("reply_parameters") or {}).get("message_id") == update["message"]["message_id"],
                timeout=30)
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 20)
    assert "7%以上" in text_of(calls[0])
    assert list(kb.parent.glob("knowledge.db.damaged-*"))
    assert process.returncode == 0


def test_check_command_passes_on_a_good_base_and_fails_on_a_damaged_one(tmp_path):
    missing = subprocess.run([sys.executable, "-m", "bot", "--check"], capture_output=True, text=True,
                             env=bot_env(tmp_path), cwd=tmp_path, timeout=60)
    assert missing.returncode == 1 and "不存在" in missing.stderr
    run_bot(tmp_path, "exit\n")  # the console builds the base
    good = subprocess.run([sys.executable, "-m", "bot", "--check"], capture_output=True, text=True,
                          env=bot_env(tmp_path), cwd=tmp_path, timeout=60)
    assert good.returncode == 0 and "正常：2 份报告" in good.stdout
    kb = tmp_path / "kb" / "knowledge.db"
    with open(kb, "r+b") as f:
        f.seek(0)
        f.write(b"\0" * 100)
    bad = subprocess.run([sys.executable, "-m", "bot", "--check"], capture_output=True, text=True,
                         env=bot_env(tmp_path), cwd=tmp_path, timeout=60)
    assert bad.returncode == 1 and "已损坏" in bad.stderr and "Traceback" not in bad.stderr
