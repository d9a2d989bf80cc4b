"""The bot in private chats, groups and inline mode, driven through its real HTTP stack.

Every test starts the real PTB Application (``bot.app.build_application``) against the fake Bot
API server in ``fake_bot_api.py`` and a real knowledge service built from copies of the seeds.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time

import pytest

from bot import messages
from bot.app import ALLOWED_UPDATES
from bot_harness import (
    BOT_USERNAME,
    TOKEN,
    group_chat,
    no_proxy,  # noqa: F401 - autouse fixture
    private_chat,
    running_bot,
    shared_service,  # noqa: F401 - fixture
    text_of,
    user,
)
from fake_bot_api import BOT_ID

ALICE = user(1001, "Alice")
BOB = user(1002, "Bob")
OTHER_BOT = user(5555, "OtherBot", is_bot=True)


# ---------------------------------------------------------------- private chat


async def test_private_question_is_answered_with_the_figure_and_quoted(shared_service, tmp_path):
    async with running_bot(shared_service, tmp_path) as bot:
        update = bot.api.push_text(private_chat(ALICE), ALICE, "冀州2022年GDP目标")
        reply = await bot.reply_to(update)
    assert "7%以上" in text_of(reply)
    assert "冀州" in text_of(reply)
    assert reply.params["parse_mode"] == "HTML"
    assert "<b>" in text_of(reply)


async def test_commands_menu_is_registered_at_start(shared_service, tmp_path):
    """Everyone sees the question commands; an admin's private chat also the admin ones."""
    async with running_bot(shared_service, tmp_path, admin_ids=frozenset({4242})) as bot:
        calls = bot.api.calls_of("setMyCommands")
    assert len(calls) == 2
    everyone, admin = calls
    assert "scope" not in everyone.params
    assert [c["command"] for c in everyone.params["commands"]] == ["start", "help", "ask", "sources", "scorecard"]
    assert admin.params["scope"] == {"type": "chat", "chat_id": 4242}
    assert [c["command"] for c in admin.params["commands"]] == [
        "start", "help", "ask", "sources", "scorecard", "add", "reload", "undo"]


async def test_start_help_and_sources(shared_service, tmp_path):
    async with running_bot(shared_service, tmp_path) as bot:
        chat = private_chat(ALICE)
        texts = []
        for count, command in enumerate(("/start", "/help", "/sources"), start=1):
            bot.api.push_text(chat, ALICE, command)
            calls = await bot.api.wait_for("sendMessage", lambda p: p["chat_id"] == ALICE["id"], count=count)
            texts.append(text_of(calls[-1]))
    start, help_, sources = texts
    assert "/help" in start
    examples = shared_service.examples(5)
    assert examples and all(html.escape(e) in help_ for e in examples)
    assert "冀州" in sources and "枣强" in sources


class SlowService:
    """The real service, with a question that takes a noticeable time (as on a busy machine)."""

    def __init__(self, service, delay):
        self._service, self._delay = service, delay

    def __getattr__(self, name):
        return getattr(self._service, name)

    def ask(self, question, region=None):
        time.sleep(self._delay)
        return self._service.ask(question, region=region)


async def test_typing_is_shown_only_while_an_answer_takes_noticeably_long(shared_service, tmp_path):
    async with running_bot(SlowService(shared_service, 1.0), tmp_path) as bot:
        slow = await bot.ask_private(ALICE, "冀州2022年GDP目标")
        typing = bot.api.calls_of("sendChatAction")
    assert "7%以上" in slow
    assert [c.params for c in typing] == [{"chat_id": ALICE["id"], "action": "typing"}]
    async with running_bot(shared_service, tmp_path) as bot:
        await bot.ask_private(ALICE, "桃城区去年GDP增速多少")  # answered at once: no typing needed
        assert not bot.api.calls_of("sendChatAction")


async def test_not_found_says_so(shared_service, tmp_path):
    async with running_bot(shared_service, tmp_path) as bot:
        text = await bot.ask_private(ALICE, "桃城区去年GDP增速多少")
    expected = shared_service.ask("桃城区去年GDP增速多少")
    assert expected.status == "not_found"
    assert "7.5%" not in text and "7.2%" not in text
    assert any(word in text for word in ("没有", "未找到", "找不到")), text


async def test_edited_messages_stickers_photos_channel_posts_and_bots_are_not_answered(shared_service, tmp_path):
    async with running_bot(shared_service, tmp_path) as bot:
        chat = private_chat(ALICE)
        original = bot.api.push_text(chat, ALICE, "冀州2022年GDP目标")
        await bot.reply_to(original)
        edited = dict(original["message"], text="枣强2022年GDP目标", edit_date=1)
        edited.pop("entities", None)
        bot.api.push(edited_message=edited)
        sticker = bot.api.push(message={
            "message_id": 90001, "date": 1, "chat": chat, "from": ALICE,
            "sticker": {"file_id": "st", "file_unique_id": "st", "type": "regular", "width": 512,
                        "height": 512, "is_animated": False, "is_video": False},
        })
        photo_in_group = bot.api.push(message={
            "message_id": 90002, "date": 1, "chat": group_chat(-1001), "from": ALICE,
            "photo": [{"file_id": "ph", "file_unique_id": "ph", "width": 90, "height": 90}],
            "caption": f"@{BOT_USERNAME} 冀州2022年GDP目标",
        })
        bot.api.push(channel_post={
            "message_id": 90003, "date": 1, "chat": {"id": -1009, "type": "channel", "title": "频道"},
            "text": "冀州2022年GDP目标",
        })
        from_bot = bot.api.push_text(private_chat(OTHER_BOT), OTHER_BOT, "冀州2022年GDP目标")
        via_inline = bot.api.push_text(chat, ALICE, "冀州2022年GDP目标", via_bot=bot.api.me)
        mention_in_private = bot.api.push_text(chat, ALICE, f"@{BOT_USERNAME} 枣强2022年GDP目标")
        bot_in_group = bot.api.push_text(group_chat(-1002), OTHER_BOT, f"/ask@{BOT_USERNAME} 冀州2022年GDP目标")
        sentinel = bot.api.push_text(private_chat(BOB), BOB, "枣强2022年GDP目标")
        assert "7%左右" in text_of(await bot.reply_to(sentinel))
        await bot.settle()
        answers = bot.api.calls_of("sendMessage")
        sticker_reply = bot.replies_to(sticker)
    # the sticker in a private chat gets the "text only" hint, nothing else gets an answer
    assert len(sticker_reply) == 1 and "文字" in text_of(sticker_reply[0])
    for ignored in (photo_in_group, from_bot, bot_in_group, via_inline):
        assert not bot.replies_to(ignored)
    assert "7%左右" in text_of(bot.replies_to(mention_in_private)[0])
    assert len(answers) == 4, [text_of(c) for c in answers]  # original, sticker hint, mention, sentinel
    assert not bot.api.calls_of("sendMessage", lambda p: p["chat_id"] == -1009)


async def test_empty_and_huge_questions_get_a_polite_note(shared_service, tmp_path):
    async with running_bot(shared_service, tmp_path) as bot:
        chat = private_chat(ALICE)
        huge = bot.api.push_text(chat, ALICE, "冀州" * 5000)
        blank = bot.api.push_text(chat, ALICE, "   \n ")
        empty_ask = bot.api.push_text(chat, ALICE, "/ask")
        huge_reply = text_of(await bot.reply_to(huge))
        blank_reply = text_of(await bot.reply_to(blank))
        ask_reply = text_of(await bot.reply_to(empty_ask))
    assert "太长" in huge_reply
    assert "/ask" in ask_reply
    assert blank_reply  # a usage hint, not a crash


# ---------------------------------------------------------------- groups


@pytest.mark.parametrize(
    "text",
    [
        "/ask 冀州2022年GDP目标",
        f"/ask@{BOT_USERNAME} 冀州2022年GDP目标",
        f"@{BOT_USERNAME} 冀州2022年GDP目标",
        f"冀州2022年GDP目标 @{BOT_USERNAME}",
    ],
    ids=["ask", "ask@bot", "mention-first", "mention-last"],
)
async def test_group_questions_addressed_to_the_bot_are_answered(shared_service, tmp_path, text):
    async with running_bot(shared_service, tmp_path) as bot:
        update = bot.api.push_text(group_chat(-100200), ALICE, text)
        reply = text_of(await bot.reply_to(update))
    assert "7%以上" in reply
    assert BOT_USERNAME not in reply


async def test_group_reply_to_the_bot_is_answered_and_chatter_is_ignored(shared_service, tmp_path):
    async with running_bot(shared_service, tmp_path) as bot:
        group = group_chat(-100300)
        chatter = [
            bot.api.push_text(group, ALICE, "冀州2022年GDP目标"),  # a question, but not for the bot
            bot.api.push_text(group, BOB, "大家好"),
            bot.api.push_text(group, BOB, "/ask@some_other_bot 冀州2022年GDP目标"),
            bot.api.push_text(group, BOB, "@some_other_bot 冀州2022年GDP目标"),
        ]
        first = bot.api.push_text(group, ALICE, "/ask 冀州2022年GDP目标")
        bot_message = bot.api.sent_message(await bot.reply_to(first))
        follow_up = bot.api.push_reply(group, BOB, "枣强2022年GDP目标", to=bot_message)
        reply_to_human = bot.api.push_reply(group, ALICE, "枣强2022年GDP目标", to=chatter[1]["message"])
        answer = text_of(await bot.reply_to(follow_up))
        await bot.settle()
    assert "7%左右" in answer
    for update in [*chatter, reply_to_human]:
        assert not bot.replies_to(update), update["message"]["text"]


async def test_eight_users_asking_in_one_group_within_two_seconds_all_get_the_right_figure(shared_service, tmp_path):
    """Issue 11, done-when 1: default settings (Telegram's limits kept), nothing dropped; a /start
    and a bare @mention in between do not cost anyone an answer."""
    async with running_bot(shared_service, tmp_path) as bot:
        assert bot.settings.rate_limit
        group = group_chat(-100400)
        askers = [user(3000 + i, f"用户{i}") for i in range(8)]
        questions = {}
        for index, asker in enumerate(askers):
            wanted = ("冀州2022年GDP目标", "7%以上") if index % 2 else ("枣强2022年GDP目标", "7%左右")
            questions[asker["id"]] = (bot.api.push_text(group, asker, f"/ask@{BOT_USERNAME} {wanted[0]}"), wanted[1])
            if index == 3:
                bot.api.push_text(group, ALICE, f"/start@{BOT_USERNAME}")
                bot.api.push_text(group, BOB, f"@{BOT_USERNAME}")
            await asyncio.sleep(0.25)
        for update, figure in questions.values():
            assert figure in text_of(await bot.reply_to(update, timeout=20))


# ---------------------------------------------------------------- ambiguity buttons


async def test_ambiguous_question_gets_region_buttons_and_the_callback_edits_in_place(shared_service, tmp_path):
    question = "去年经济增速多少"
    expected = shared_service.ask(question)
    assert len(expected.regions) >= 2, expected.reply
    async with running_bot(shared_service, tmp_path) as bot:
        update = bot.api.push_text(private_chat(ALICE), ALICE, question)
        reply = await bot.reply_to(update)
        keyboard = reply.params["reply_markup"]["inline_keyboard"]
        buttons = [b for row in keyboard for b in row]
        assert [b["text"] for b in buttons] == expected.regions
        assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
        assert "7.5%" in text_of(reply) and "7.2%" in text_of(reply)  # every region's figure listed

        jizhou = next(b for b in buttons if "冀州" in b["text"])
        message = bot.api.sent_message(reply)
        bot.api.push_callback(BOB, message, jizhou["callback_data"])
        edit = (await bot.api.wait_for("editMessageText"))[0]
        answered = await bot.api.wait_for("answerCallbackQuery")
    assert edit.params["message_id"] == message["message_id"]
    assert edit.params["chat_id"] == ALICE["id"]
    assert "7.5%" in text_of(edit) and "7.2%" not in text_of(edit)
    assert "枣强" not in text_of(edit).split("<blockquote>")[0]
    assert not answered[0].params.get("show_alert")


async def test_expired_region_button_gets_a_polite_note(shared_service, tmp_path):
    async with running_bot(shared_service, tmp_path) as bot:
        update = bot.api.push_text(private_chat(ALICE), ALICE, "冀州2022年GDP目标")
        message = bot.api.sent_message(await bot.reply_to(update))
        bot.api.push_callback(ALICE, message, "rg:deadbeef:0")
        bot.api.push_callback(ALICE, message, "rg:garbage")
        answers = await bot.api.wait_for("answerCallbackQuery", count=2)
    assert all(a.params["text"] == messages.EXPIRED_CHOICE for a in answers)
    assert not bot.api.calls_of("editMessageText")


# ---------------------------------------------------------------- inline mode


async def test_inline_query_is_answered_with_the_figure(shared_service, tmp_path):
    async with running_bot(shared_service, tmp_path) as bot:
        pushed = [bot.api.push_inline(ALICE, q) for q in ("冀州GDP目标", "", "去年经济增速多少")]
        calls = await bot.api.wait_for("answerInlineQuery", count=3)
    by_id = {c.params["inline_query_id"]: c for c in calls}
    figure, hint, ambiguous = (by_id[u["inline_query"]["id"]] for u in pushed)
    assert figure.params["cache_time"] <= 10 and figure.params["is_personal"] is True
    content = figure.params["results"][0]["input_message_content"]["message_text"]
    assert "7%以上" in content and "<blockquote>" in content
    assert hint.params["results"][0]["id"] == "hint"
    titles = [r["title"] for r in ambiguous.params["results"]]
    assert len(titles) >= 3 and any("冀州" in t for t in titles[1:]) and any("枣强" in t for t in titles[1:])


# ---------------------------------------------------------------- errors and the token


async def test_error_handler_logs_with_context_without_the_token(shared_service, tmp_path, caplog):
    from bot.logs import install_token_redaction

    caplog.set_level(logging.DEBUG)
    redactor = install_token_redaction(TOKEN)  # what configure_logging does, here on caplog's handler
    # Even if someone turns httpx up to INFO (it logs every URL, token included), nothing leaks.
    logging.getLogger("httpx").setLevel(logging.INFO)
    try:
        async with running_bot(shared_service, tmp_path) as bot:
            chat = private_chat(ALICE)
            # A proxy-style failure whose description echoes the URL, token included.
            bot.api.fail("sendMessage", when=lambda p: "7%以上" in str(p.get("text")), status=400,
                         description=f"Bad Request: upstream /bot{TOKEN}/sendMessage rejected", times=1)
            update = bot.api.push_text(chat, ALICE, "冀州2022年GDP目标")
            apology = await bot.reply_to(update)
            later = await bot.ask_private(ALICE, "枣强2022年GDP目标")
    finally:
        logging.getLogger("httpx").setLevel(logging.WARNING)
        for handler in logging.getLogger().handlers:
            handler.removeFilter(redactor)
    assert text_of(apology) == messages.ERROR
    assert "7%左右" in later  # the bot carries on
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and f"chat={ALICE['id']}" in errors[0].getMessage()
    assert "<TOKEN>" in caplog.text  # the filter saw the token and replaced it
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text


async def test_flood_wait_is_retried_by_the_rate_limiter(shared_service, tmp_path):
    async with running_bot(shared_service, tmp_path) as bot:
        bot.api.fail("sendMessage", status=429, description="Too Many Requests: retry after 1", retry_after=1)
        started = asyncio.get_running_loop().time()
        text = await bot.ask_private(ALICE, "冀州2022年GDP目标")
        waited = asyncio.get_running_loop().time() - started
        polls = bot.api.calls_of("getUpdates")
    assert "7%以上" in text
    assert len(bot.api.calls_of("sendMessage", failed=True)) == 1
    assert waited >= 1.0  # it honoured retry_after
    assert sorted(polls[0].params["allowed_updates"]) == sorted(ALLOWED_UPDATES)
    assert bot.app.bot.id == BOT_ID


async def test_server_errors_are_survived(shared_service, tmp_path, caplog):
    """A 5xx on sendMessage is logged and the user's next question is still answered; 5xx and
    502s on getUpdates only delay polling."""
    caplog.set_level(logging.WARNING)
    async with running_bot(shared_service, tmp_path) as bot:
        bot.api.fail("getUpdates", status=502, description="Bad Gateway", times=2)
        bot.api.fail("sendMessage", status=500, description="Internal Server Error", times=1)
        update = bot.api.push_text(private_chat(ALICE), ALICE, "冀州2022年GDP目标")
        await bot.api.wait_for("sendMessage", lambda p: True, count=1, timeout=30)
        text = await bot.ask_private(ALICE, "枣强今年GDP目标")
    assert update is not None
    assert "7%左右" in text
    assert len(bot.api.calls_of("getUpdates", failed=True)) == 2
    assert len(bot.api.calls_of("sendMessage", failed=True)) == 1
    assert TOKEN not in caplog.text
