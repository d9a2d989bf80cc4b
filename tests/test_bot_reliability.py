"""Issue 11: no question lost, fair under load, a report never lost, the bot heals itself.

Every test drives the real bot (``bot.runner.BotRunner``: inbox, dispatcher, PTB's Application and
httpx) against the local fake Bot API, with the faults injected there: HTTP 500, 429 with
``retry_after``, hangs, malformed bodies, an outage. The process-level guarantees (``kill -9``, a
rejected token, a corrupt knowledge base at start) are in ``test_bot_process.py``.
"""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from bot import messages
from bot.inbox import Inbox
from bot_harness import (
    YUNXI_REPORT,
    copy_seeds,
    fresh_service,
    no_proxy,  # noqa: F401 - autouse fixture
    private_chat,
    running_bot,
    shared_service,  # noqa: F401 - fixture
    text_of,
    user,
)
from fake_bot_api import FakeBotApi

ALICE, BOB, CAROL = user(1001, "Alice"), user(1002, "Bob"), user(1003, "Carol")
ADMIN = user(4242, "Admin")
JIZHOU, ZAOQIANG = ("冀州2022年GDP目标", "7%以上"), ("枣强2022年GDP目标", "7%左右")


def quotes(update):
    message = update["message"]
    return lambda p: p["chat_id"] == message["chat"]["id"] and (
        (p.get("reply_parameters") or {}).get("message_id") == message["message_id"])


def to_chat(chat_id):
    return lambda p: str(p.get("chat_id")) == str(chat_id)


# ---------------------------------------------------------------- sending never throws an answer away


@pytest.mark.parametrize("fault", [
    dict(status=500, description="Internal Server Error"),
    dict(status=502, description="Bad Gateway"),
    dict(status=200, body=b"<html><body>upstream hiccup</body></html>"),  # a malformed body
    dict(status=504, description="Gateway Timeout", delay=7.0),  # a hang: the client times out first
])
async def test_a_failed_send_is_retried_and_the_user_gets_the_figure(shared_service, tmp_path, fault):
    async with running_bot(shared_service, tmp_path) as bot:
        bot.api.fail("sendMessage", **fault)
        text = await bot.ask_private(ALICE, JIZHOU[0])
        failed = bot.api.calls_of("sendMessage", failed=True)
    assert JIZHOU[1] in text
    assert len(failed) == 1  # the first try failed; the same answer went again
    assert messages.ERROR not in text


async def test_two_failed_sends_in_a_row_still_deliver_the_answer(shared_service, tmp_path):
    async with running_bot(shared_service, tmp_path) as bot:
        bot.api.fail("sendMessage", status=500, times=2)
        assert ZAOQIANG[1] in await bot.ask_private(ALICE, ZAOQIANG[0])


async def test_fetched_questions_are_answered_after_a_network_outage(shared_service, tmp_path):
    """The network drops for 8 s right when the first answer goes out: all 10 fetched questions
    are still answered, once each, after it comes back."""
    async with running_bot(shared_service, tmp_path) as bot:
        api = bot.api
        api.fail("sendMessage", when=lambda p: (api.outage(8.0), True)[1], status=500)
        asked = [api.push_text(private_chat(u), u, q) for u in (user(5000 + i) for i in range(10))
                 for q in (JIZHOU[0],)]
        started = time.monotonic()
        replies = [await bot.reply_to(update, timeout=60) for update in asked]
        waited = time.monotonic() - started
        await bot.settle()
        assert all(len(bot.replies_to(update)) == 1 for update in asked)
    assert all(JIZHOU[1] in text_of(reply) for reply in replies)
    assert waited >= 7.0  # they really waited out the outage


async def test_a_429_pauses_only_the_chat_it_names(shared_service, tmp_path):
    """Done-when 3: a 429 with retry_after=20 for one chat; another chat is answered within 5 s."""
    async with running_bot(shared_service, tmp_path) as bot:
        bot.api.fail("sendMessage", when=to_chat(ALICE["id"]), status=429,
                     description="Too Many Requests: retry after 20", retry_after=20)
        throttled = bot.api.push_text(private_chat(ALICE), ALICE, JIZHOU[0])
        async with asyncio.timeout(10):  # Alice's answer met its 429
            while not bot.api.calls_of("sendMessage", to_chat(ALICE["id"]), failed=True):
                await asyncio.sleep(0.05)
        started = time.monotonic()
        other = await bot.ask_private(BOB, ZAOQIANG[0])
        seconds = time.monotonic() - started
        assert not bot.replies_to(throttled)  # still waiting out its 20 s
    assert ZAOQIANG[1] in other
    assert seconds < 5, seconds


async def test_one_user_flooding_does_not_delay_another(shared_service, tmp_path):
    """Done-when 4: 150 questions from one user, then one from another: answered within 5 s."""
    async with running_bot(shared_service, tmp_path) as bot:
        for _ in range(150):
            bot.api.push_text(private_chat(ALICE), ALICE, JIZHOU[0])
        started = time.monotonic()
        text = await bot.ask_private(BOB, ZAOQIANG[0])
        seconds = time.monotonic() - started
        flooded = len(bot.api.calls_of("sendMessage", to_chat(ALICE["id"])))
    assert ZAOQIANG[1] in text
    assert seconds < 5, seconds
    assert flooded < 150  # Bob did not wait for the whole flood


async def test_in_a_group_a_flooding_member_and_the_others_take_turns(shared_service, tmp_path):
    from fake_bot_api import group_chat

    async with running_bot(shared_service, tmp_path) as bot:
        group = group_chat(-100900)
        for _ in range(30):
            bot.api.push_text(group, ALICE, f"/ask {JIZHOU[0]}")
        bob = bot.api.push_text(group, BOB, f"/ask {ZAOQIANG[0]}")
        reply = await bot.reply_to(bob, timeout=20)
        before_bob = [c for c in bot.api.calls_of("sendMessage", to_chat(group["id"])) if c.at < reply.at]
    assert ZAOQIANG[1] in text_of(reply)
    assert len(before_bob) <= 3  # Bob's turn came after one or two of Alice's, not after 30


# ---------------------------------------------------------------- stored updates


async def test_updates_are_stored_before_they_are_confirmed_and_done_after_the_answer(shared_service, tmp_path):
    async with running_bot(shared_service, tmp_path) as bot:
        bot.api.fail("sendMessage", status=500, times=None)  # nothing can be answered
        asked = [bot.api.push_text(private_chat(u), u, JIZHOU[0]) for u in (ALICE, BOB, CAROL)]
        async with asyncio.timeout(15):
            while bot.api.confirmed_below <= asked[-1]["update_id"]:
                await asyncio.sleep(0.05)
        inbox_path = bot.settings.inbox_path
    # stopped with the three confirmed to Telegram but unanswered: all three wait in the inbox
    inbox = Inbox(inbox_path)
    assert [u["update_id"] for u in inbox.pending()] == [u["update_id"] for u in asked]
    inbox.close()


async def test_after_a_restart_the_stored_questions_are_answered_first(shared_service, tmp_path):
    async with FakeBotApi("123456789:AAE-TestSecretTokenValue_0123456789") as api:
        inbox = tmp_path / "inbox.db"
        async with running_bot(shared_service, tmp_path, api=api, inbox=inbox) as bot:
            api.fail("sendMessage", status=500, times=None)
            asked = [api.push_text(private_chat(u), u, q) for u, q in ((ALICE, JIZHOU[0]), (BOB, ZAOQIANG[0]))]
            async with asyncio.timeout(15):
                while api.confirmed_below <= asked[-1]["update_id"]:
                    await asyncio.sleep(0.05)
        api.clear_faults()
        assert api.unconfirmed == 0  # Telegram would not send them again
        async with running_bot(shared_service, tmp_path, api=api, inbox=inbox) as bot:
            first = text_of(await bot.reply_to(asked[0]))
            second = text_of(await bot.reply_to(asked[1]))
            await bot.settle()
        assert Inbox(inbox).pending() == []
    assert JIZHOU[1] in first and ZAOQIANG[1] in second


async def test_region_buttons_survive_a_restart_and_expire(shared_service, tmp_path, monkeypatch):
    import bot.inbox as inbox_module

    question = "去年经济增速多少"
    async with FakeBotApi("123456789:AAE-TestSecretTokenValue_0123456789") as api:
        inbox = tmp_path / "inbox.db"
        async with running_bot(shared_service, tmp_path, api=api, inbox=inbox) as bot:
            reply = await bot.reply_to(api.push_text(private_chat(ALICE), ALICE, question))
        buttons = [b for row in reply.params["reply_markup"]["inline_keyboard"] for b in row]
        jizhou = next(b for b in buttons if "冀州" in b["text"])
        async with running_bot(shared_service, tmp_path, api=api, inbox=inbox) as bot:
            api.push_callback(ALICE, api.sent_message(reply), jizhou["callback_data"])
            edited = await api.wait_for("editMessageText")
            assert "7.5%" in text_of(edited[0]) and "7.2%" not in text_of(edited[0])
            monkeypatch.setattr(inbox_module, "CHOICE_TTL_SECONDS", -1)  # a week later
            api.push_callback(ALICE, api.sent_message(reply), jizhou["callback_data"])
            answered = await api.wait_for("answerCallbackQuery", count=2)
    assert answered[-1].params.get("text") == messages.EXPIRED_CHOICE


def test_remembered_buttons_are_bounded(tmp_path, monkeypatch):
    import bot.inbox as inbox_module

    monkeypatch.setattr(inbox_module, "MAX_CHOICES", 50)
    inbox = Inbox(tmp_path / "inbox.db")
    for i in range(400):
        inbox.remember_choice(f"k{i}", chat_id=i, choice={"question": "q", "regions": ["a", "b"]})
    assert inbox.choice_count() == 50
    assert inbox.recall_choice("k399", 399) is not None and inbox.recall_choice("k0", 0) is None
    assert inbox.recall_choice("k399", 398) is None  # another chat's button


def test_a_damaged_inbox_is_set_aside_and_a_new_one_started(tmp_path):
    path = tmp_path / "inbox.db"
    path.write_bytes(b"garbage, not a database" * 100)
    inbox = Inbox(path)
    assert inbox.add([{"update_id": 5, "message": {}}]) and inbox.next_offset() == 6
    assert list(tmp_path.glob("inbox.db.damaged-*"))


# ---------------------------------------------------------------- a report is never lost


async def test_replacing_a_report_needs_the_admins_yes_and_cancel_keeps_it(tmp_path):
    service = fresh_service(tmp_path)
    seeds = service.seeds_dir
    name = sorted(p.name for p in seeds.glob("001_*.txt"))[0]
    before = (seeds / name).read_bytes()
    newer = before.decode("utf-8").replace("地区生产总值增长7%以上", "地区生产总值增长9%以上").encode()
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        upload = bot.api.push_document(private_chat(ADMIN), ADMIN, name, newer)
        question = await bot.reply_to(upload)
        cancel = [b for row in question.params["reply_markup"]["inline_keyboard"] for b in row][1]
        bot.api.push_callback(ADMIN, bot.api.sent_message(question), cancel["callback_data"])
        edited = await bot.api.wait_for("editMessageText")
        answer = await bot.ask_private(ALICE, JIZHOU[0])
        same = text_of(await bot.reply_to(bot.api.push_document(private_chat(ADMIN), ADMIN, name, before)))
    assert "已取消" in text_of(edited[0])
    assert (seeds / name).read_bytes() == before and JIZHOU[1] in answer
    assert "已有相同的文件" in same


async def test_with_the_seeds_folder_gone_an_upload_never_shrinks_the_knowledge_base(tmp_path):
    service = fresh_service(tmp_path)
    seeds = service.seeds_dir
    moved = seeds.rename(tmp_path / "elsewhere")
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        upload = bot.api.push_document(private_chat(ADMIN), ADMIN, "yunxi.txt", YUNXI_REPORT.encode())
        refused = text_of(await bot.reply_to(upload))
        reload = text_of(await bot.reply_to(bot.api.push_text(private_chat(ADMIN), ADMIN, "/reload"), timeout=30))
        answer = await bot.ask_private(ALICE, JIZHOU[0])
    assert "不存在" in refused and not seeds.exists()
    assert "失败" in reload and "原来的知识库" in reload
    assert JIZHOU[1] in answer and len(service.kb.documents) == 2
    assert moved.is_dir()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
async def test_a_read_only_knowledge_base_folder_is_told_in_plain_words(tmp_path):
    service = fresh_service(tmp_path)
    (service.seeds_dir / "999_yunxi.txt").write_text(YUNXI_REPORT, encoding="utf-8")
    folder = service.kb_path.parent
    folder.chmod(0o555)
    try:
        async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
            text = text_of(await bot.reply_to(bot.api.push_text(private_chat(ADMIN), ADMIN, "/reload"), timeout=30))
            answer = await bot.ask_private(ALICE, JIZHOU[0])
    finally:
        folder.chmod(0o755)
    assert "只读" in text or "没有写入权限" in text, text
    assert JIZHOU[1] in answer


@pytest.mark.parametrize(("code", "words"), [(13, "只读"), (28, "磁盘已满")])
async def test_a_reload_that_cannot_write_says_why_in_plain_words(tmp_path, monkeypatch, code, words):
    """The same as above for a root-run test machine (and a full disk): the failure is injected
    where the build writes its file."""
    import knowledge.build as build_module

    service = fresh_service(tmp_path)
    real = build_module.store.Writer

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(service.kb_path.parent))

    monkeypatch.setattr(build_module.store, "Writer", refuse)
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        text = text_of(await bot.reply_to(bot.api.push_text(private_chat(ADMIN), ADMIN, "/reload"), timeout=30))
        monkeypatch.setattr(build_module.store, "Writer", real)
        answer = await bot.ask_private(ALICE, JIZHOU[0])
    assert words in text and "继续使用原来的知识库" in text, text
    assert JIZHOU[1] in answer


async def test_binary_text_files_are_refused_and_utf16_and_long_names_accepted(tmp_path):
    service = fresh_service(tmp_path)
    seeds = service.seeds_dir
    binary = bytes((i * 37 + 11) % 255 + 1 for i in range(6000))  # no NUL byte, not text
    long_name = "云溪县" * 50 + ".txt"  # 150 characters, 450 bytes in UTF-8
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        chat = private_chat(ADMIN)
        refused = text_of(await bot.reply_to(bot.api.push_document(chat, ADMIN, "data.txt", binary)))
        utf16 = bot.api.push_document(chat, ADMIN, "yunxi_utf16.txt", YUNXI_REPORT.encode("utf-16"))
        saved_utf16 = [text_of(c) for c in await bot.wait_replies(utf16, 2, timeout=60)]
        named = bot.api.push_document(chat, ADMIN, long_name,
                                      YUNXI_REPORT.replace("云溪", "云岭").encode())
        saved_named = [text_of(c) for c in await bot.wait_replies(named, 2, timeout=60)]
        answer = await bot.ask_private(ALICE, "云溪2023年GDP目标")
    assert refused.startswith("没有保存"), refused
    assert not (seeds / "data.txt").exists()
    assert "已保存" in saved_utf16[0] and "已重新加载" in saved_utf16[1]
    assert "已保存" in saved_named[0] and "已重新加载" in saved_named[1]
    assert "6%左右" in answer


# ---------------------------------------------------------------- heals itself, knows where it is


async def test_a_knowledge_base_overwritten_while_running_is_rebuilt_and_answers_again(tmp_path):
    """Done-when 8: garbage over the file while running → correct answers again within 60 s."""
    service = fresh_service(tmp_path)
    async with running_bot(service, tmp_path) as bot:
        assert JIZHOU[1] in await bot.ask_private(ALICE, JIZHOU[0])
        with open(service.kb_path, "r+b") as f:  # in place, as a bad disk or a stray write would
            f.write(os.urandom(64 * 1024))
        started = time.monotonic()
        during = await bot.ask_private(BOB, ZAOQIANG[0])
        seconds = time.monotonic() - started
        after = await bot.ask_private(CAROL, JIZHOU[0])
    assert ZAOQIANG[1] in during and JIZHOU[1] in after
    assert seconds < 60, seconds
    assert service.health_problem(thorough=True) is None
    assert list(service.kb_path.parent.glob("knowledge.db.damaged-*"))


async def test_the_health_watch_rebuilds_a_knowledge_base_deleted_while_idle(tmp_path, monkeypatch):
    import bot.runner as runner_module

    monkeypatch.setattr(runner_module, "HEALTH_EVERY", 0.5)
    service = fresh_service(tmp_path)
    async with running_bot(service, tmp_path) as bot:
        service.kb_path.unlink()
        async with asyncio.timeout(30):
            while not service.kb_path.exists() or service.health_problem():
                await asyncio.sleep(0.2)
        assert JIZHOU[1] in await bot.ask_private(ALICE, JIZHOU[0])


async def test_a_place_no_report_covers_is_answered_no_report_of_it(tmp_path):
    root = tmp_path / "one"
    seeds = copy_seeds(root / "seeds")
    for path in seeds.glob("001_*"):
        path.unlink()  # only 枣强县's report is loaded
    from knowledge.service import KnowledgeService

    service = KnowledgeService.open(root / "kb" / "knowledge.db", seeds)
    async with running_bot(service, tmp_path) as bot:
        replies = {q: await bot.ask_private(ALICE, q) for q in (
            "冀州2022年GDP目标", "桃城今年GDP目标", "石家庄2022年GDP目标", "保定今年GDP目标", "和平区2022年GDP目标")}
    for question, text in replies.items():
        assert "7%左右" not in text and "目前没有" in text, (question, text)
    assert "冀州区" in replies["冀州2022年GDP目标"] and "石家庄市" in replies["石家庄2022年GDP目标"]


async def test_reloads_close_the_handles_of_replaced_knowledge_bases(tmp_path):
    service = fresh_service(tmp_path)
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        for round_ in range(12):
            (service.seeds_dir / "999_yunxi.txt").write_text(YUNXI_REPORT.replace("5.1%", f"5.{round_}%"),
                                                             encoding="utf-8")
            await bot.reply_to(bot.api.push_text(private_chat(ADMIN), ADMIN, "/reload"), timeout=60)
            assert "7%以上" in await bot.ask_private(ALICE, JIZHOU[0])
        fds = os.listdir("/proc/self/fd")
        deleted = [os.readlink(f"/proc/self/fd/{fd}") for fd in fds if os.path.exists(f"/proc/self/fd/{fd}")]
    stale = [target for target in deleted if "knowledge.db" in target and "(deleted)" in target]
    assert not stale, stale


# ---------------------------------------------------------------- webhook mode


async def test_webhook_mode_stores_before_it_confirms_and_answers(shared_service, tmp_path):
    """WEBHOOK_URL set: the bot registers the webhook with its secret, refuses posts without the
    secret, and answers what Telegram posts; an update is in the inbox before the 200."""
    import aiohttp

    secret = "hook-secret_123"
    async with running_bot(shared_service, tmp_path, webhook_url="https://bot.example.cn/tg/hook",
                           webhook_listen="127.0.0.1", webhook_port=0, webhook_secret=secret) as bot:
        assert bot.api.webhook["url"] == "https://bot.example.cn/tg/hook"
        assert bot.api.webhook["secret_token"] == secret
        assert not bot.api.calls_of("getUpdates")  # no polling beside the webhook
        url = f"http://127.0.0.1:{bot.runner.webhook_port}/tg/hook"
        update = bot.api.text_update(private_chat(ALICE), ALICE, JIZHOU[0])
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=update) as refused:
                assert refused.status == 403
            async with http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as wrong:
                assert wrong.status == 403
            bot.api.fail("sendMessage", status=500, times=None)  # hold the answer back for a moment
            async with http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}) as ok:
                assert ok.status == 200
            stored = Inbox(bot.settings.inbox_path)
            assert [u["update_id"] for u in stored.pending()] == [update["update_id"]]
            stored.close()
            bot.api.clear_faults()
            async with http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}) as again:
                assert again.status == 200  # Telegram's redelivery of the same update: not answered twice
            async with http.get(f"http://127.0.0.1:{bot.runner.webhook_port}/healthz") as health:
                assert health.status == 200 and await health.text() == "ok"
        reply = await bot.reply_to(update, timeout=30)
        await bot.settle()
        assert len(bot.replies_to(update)) == 1
    assert JIZHOU[1] in text_of(reply)


def test_a_large_upload_is_checked_in_a_child_process_with_the_same_verdict(monkeypatch):
    """Bounded memory: an upload over LARGE_FILE_BYTES is parsed in a spawned child (its peak
    memory leaves with it; measured on a 19.9 MB report: 78 MB in the bot instead of 812 MB)."""
    import knowledge.build as build_module
    from bot_harness import SEEDS

    data = next(SEEDS.glob("001_*")).read_bytes()
    direct = build_module.check_upload("r.txt", data)
    monkeypatch.setattr(build_module, "LARGE_FILE_BYTES", 1000)
    children = []
    real = build_module._one_child
    monkeypatch.setattr(build_module, "_one_child", lambda: children.append(1) or real())
    in_child = build_module.check_upload("r.txt", data)
    blank = build_module.check_upload("blank.txt", b" " * 5000)
    assert children == [1, 1]
    assert (in_child.region, in_child.year, in_child.skip) == (direct.region, direct.year, None) == ("冀州区", 2022, None)
    assert in_child.rows is None and blank.skip


async def test_sources_says_when_the_knowledge_base_file_is_broken(tmp_path, monkeypatch):
    service = fresh_service(tmp_path)
    monkeypatch.setattr(service, "heal_soon", lambda: None)  # keep it broken while we look
    async with running_bot(service, tmp_path) as bot:
        healthy = text_of(await bot.reply_to(bot.api.push_text(private_chat(ALICE), ALICE, "/sources")))
        with open(service.kb_path, "r+b") as f:
            f.write(b"\0" * 4096)
        broken = text_of(await bot.reply_to(bot.api.push_text(private_chat(BOB), BOB, "/sources")))
    assert "⚠️" not in healthy and "已载入 2 份报告" in healthy
    assert "已损坏" in broken and "重建" in broken


class FailingService:
    """A knowledge service whose answering breaks with an unexpected error (a bug)."""

    def __init__(self, inner):
        self._inner = inner

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def ask(self, question, region=None):
        raise RuntimeError("an unexpected bug")


async def test_an_unexpected_error_is_forwarded_to_the_admins_once(shared_service, tmp_path):
    async with running_bot(FailingService(shared_service), tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        first = text_of(await bot.reply_to(bot.api.push_text(private_chat(ALICE), ALICE, JIZHOU[0])))
        second = text_of(await bot.reply_to(bot.api.push_text(private_chat(BOB), BOB, JIZHOU[0])))
        await bot.settle()
        alerts = bot.api.calls_of("sendMessage", to_chat(ADMIN["id"]))
    assert first == messages.ERROR and second == messages.ERROR
    assert len(alerts) == 1  # at most one alert in ten minutes
    assert "RuntimeError" in text_of(alerts[0]) and JIZHOU[0] not in text_of(alerts[0])
