"""Load: 300 questions from 30 users at once, then 200 more while an admin's /reload runs.

Everything goes through the real bot runner (inbox, fair dispatcher), its sender (Telegram's ~30 messages/s overall) and
httpx, so the test also shows the bot keeps to Telegram's rate and never blocks on a rebuild.
"""

from __future__ import annotations

import itertools

from bot_harness import (
    YUNXI_REPORT,
    no_proxy,  # noqa: F401 - autouse fixture
    fresh_service,
    private_chat,
    running_bot,
    text_of,
    user,
)

KNOWN = [
    ("冀州2022年GDP目标", "7%以上"),
    ("枣强2022年GDP目标", "7%左右"),
    ("冀州区2022年地区生产总值增长目标", "7%以上"),
    ("枣强县2022年固定资产投资目标", "7%左右"),
]
ADMIN = user(4242, "Admin")


async def test_500_questions_from_many_users_with_a_reload_in_the_middle(tmp_path):
    service = fresh_service(tmp_path)
    for question, figure in KNOWN:  # the figures the bot must deliver, straight from the service
        assert figure in service.ask(question).reply, question
    questions = itertools.cycle(KNOWN)
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        first_wave = push_wave(bot, questions, first_user=20_000, users=30, rounds=10)
        replies = await bot.api.wait_for("sendMessage", count=300, timeout=120)
        check_answers(bot, first_wave)

        (service.seeds_dir / "999_yunxi.txt").write_text(YUNXI_REPORT, encoding="utf-8")
        reload = bot.api.push_text(private_chat(ADMIN), ADMIN, "/reload")
        second_wave = push_wave(bot, questions, first_user=30_000, users=20, rounds=10)
        report = await bot.reply_to(reload, timeout=120)
        replies = await bot.api.wait_for("sendMessage", count=501, timeout=120)
        check_answers(bot, second_wave)
        new_region = await bot.ask_private(user(40_000), "云溪县2023年GDP目标")

    answered_during_reload = [
        c for c in replies if c.at < report.at and c.params["chat_id"] >= 30_000 and c is not report
    ]
    assert answered_during_reload, "questions waited for the rebuild instead of being answered meanwhile"
    assert "6%左右" in new_region
    sends = sorted(c.at for c in replies)
    rate = (len(sends) - 30) / (sends[-1] - sends[0])  # after the limiter's initial burst of 30
    assert rate <= 33, f"{rate:.1f} messages/s exceeds Telegram's 30/s"


def push_wave(bot, questions, *, first_user, users, rounds):
    """`rounds` × `users` questions pushed at once; returns (update, expected figure) pairs."""
    wave = []
    for _ in range(rounds):
        for n in range(users):
            asker = user(first_user + n)
            question, figure = next(questions)
            wave.append((bot.api.push_text(private_chat(asker), asker, question), figure))
    return wave


def check_answers(bot, wave):
    for update, figure in wave:
        replies = bot.replies_to(update)
        assert len(replies) == 1, update["message"]["text"]
        assert figure in text_of(replies[0]), (update["message"]["text"], text_of(replies[0]))
