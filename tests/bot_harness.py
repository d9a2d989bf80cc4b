"""Shared set-up for the bot tests: a real knowledge service on copied seeds, the real PTB
Application built by ``bot.app.build_application``, and the fake Bot API server it talks to.

Import the fixtures into a test module with ``from bot_harness import *``-style explicit imports.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from bot.runner import BotRunner
from bot.settings import Settings
from fake_bot_api import BOT_USERNAME, Call, FakeBotApi, group_chat, private_chat, user

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
TOKEN = "123456789:AAE-TestSecretTokenValue_0123456789"
STEP = 15.0  # the longest any single awaited step may take before the test fails

__all__ = [
    "BOT_USERNAME", "STEP", "TOKEN", "Bot", "FakeBotApi", "copy_seeds", "group_chat", "no_proxy",
    "YUNXI_REPORT", "fresh_service", "private_chat", "running_bot", "shared_service", "text_of", "user",
]

YUNXI_REPORT = """云溪县2023年政府工作报告

——2023年1月10日在云溪县第十八届人民代表大会第三次会议上

云溪县人民政府县长  李明

各位代表：

现在，我代表县人民政府，向大会报告工作，请予审议。

一、2022年工作回顾

过去一年，全县地区生产总值增长5.1%，一般公共预算收入增长8.2%。

二、2023年主要预期目标

2023年主要预期目标：地区生产总值增长6%左右，一般公共预算收入增长7%以上，固定资产投资增长9%左右。
"""


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy in the environment would route 127.0.0.1 through it: clear them all."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def copy_seeds(target: Path) -> Path:
    """A private copy of the repository's seeds under ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.iterdir():
        if seed.is_file():
            shutil.copy2(seed, target / seed.name)
    return target


def fresh_service(root: Path) -> Any:
    """A knowledge service of its own: a copy of the seeds in ``root``/seeds, its KB in ``root``/kb."""
    from knowledge.service import KnowledgeService

    return KnowledgeService.open(root / "kb" / "knowledge.db", copy_seeds(root / "seeds"))


@pytest.fixture(scope="session")
def shared_service(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One read-only knowledge service on a copy of the seeds, shared by the tests that only ask."""
    return fresh_service(tmp_path_factory.mktemp("shared-kb"))


@dataclass
class Bot:
    """A running bot: the fake server it polls, the PTB application and its settings."""

    api: FakeBotApi
    app: Any
    settings: Settings
    runner: Any = None

    async def reply_to(self, update: dict[str, Any], *, timeout: float = STEP) -> Call:
        """The first sendMessage that quotes the message of ``update``."""
        return (await self.wait_replies(update, 1, timeout=timeout))[0]

    async def wait_replies(self, update: dict[str, Any], count: int, *, timeout: float = STEP) -> list[Call]:
        """The first ``count`` sendMessage calls that quote the message of ``update``."""
        message = update["message"]
        calls = await self.api.wait_for(
            "sendMessage",
            lambda p: p["chat_id"] == message["chat"]["id"]
            and (p.get("reply_parameters") or {}).get("message_id") == message["message_id"],
            count=count,
            timeout=timeout,
        )
        return calls[:count]

    def replies_to(self, update: dict[str, Any]) -> list[Call]:
        message = update["message"]
        return self.api.calls_of(
            "sendMessage",
            lambda p: p["chat_id"] == message["chat"]["id"]
            and (p.get("reply_parameters") or {}).get("message_id") == message["message_id"],
        )

    async def ask_private(self, who: dict[str, Any], text: str) -> str:
        """Send ``text`` in ``who``'s private chat; return the bot's quoted reply."""
        return text_of(await self.reply_to(self.api.push_text(private_chat(who), who, text)))

    async def settle(self) -> None:
        """Wait until every queued update was fetched and handled (bounded)."""
        async with asyncio.timeout(STEP):
            while self.api._updates:  # noqa: SLF001 - not fetched and confirmed yet
                await asyncio.sleep(0.02)
            await self.runner.wait_idle(STEP)


def text_of(call: Call) -> str:
    return str(call.params.get("text", ""))


_RUNS = itertools.count(1)


@asynccontextmanager
async def running_bot(service: Any, tmp_path: Path, **overrides: Any) -> AsyncIterator[Bot]:
    """Start the bot as ``python -m bot`` runs it (``bot.runner.BotRunner``: the durable inbox,
    the fair dispatcher, the real PTB Application) against a fresh fake server; stop both in the
    right order. ``api=`` reuses a running fake server (a restart)."""
    token = overrides.pop("token", TOKEN)
    poll_timeout = overrides.pop("poll_timeout", 1)
    given_api = overrides.pop("api", None)
    async with _server(token, given_api) as api:
        settings = Settings(
            token=token,
            kb_path=getattr(service, "kb_path", tmp_path / "kb.db"),
            seeds_dir=getattr(service, "seeds_dir", tmp_path / "seeds"),
            api_url=api.url,
            # a fresh fake server numbers its updates from 1 again: a fresh inbox too (a restart
            # test passes the same api= and inbox=)
            inbox=tmp_path / f"inbox-{next(_RUNS)}.db",
        )
        settings = replace(settings, **overrides)
        runner = BotRunner(settings, service, poll_timeout=poll_timeout)
        async with asyncio.timeout(STEP):
            await runner.start()
        try:
            yield Bot(api, runner.application, settings, runner)
        finally:
            async with asyncio.timeout(STEP):
                await runner.stop()


@asynccontextmanager
async def _server(token: str, given: FakeBotApi | None) -> AsyncIterator[FakeBotApi]:
    if given is not None:
        yield given
        return
    async with FakeBotApi(token) as api:
        yield api


def env_without_proxies(**extra: str) -> dict[str, str]:
    """The environment for a ``python -m bot`` subprocess."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in {"http_proxy", "https_proxy", "all_proxy"}}
    env.update(NO_PROXY="127.0.0.1,localhost", PYTHONUNBUFFERED="1", **extra)
    return env
