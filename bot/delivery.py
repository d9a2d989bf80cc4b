"""Every Bot API request the handlers make goes through here (PTB's ``BaseRateLimiter`` hook).

* **Telegram's limits by waiting, never by dropping:** about 30 messages a second overall and 20 a
  minute in one group (``aiolimiter`` leaky buckets, as PTB's own ``AIORateLimiter`` uses).
* **A 429 pauses the chat it names, only that chat:** ``retry_after`` seconds for that chat id,
  then the same request again; requests of other chats go on. (PTB's ``AIORateLimiter`` pauses
  every chat on any 429.)
* **Retries with back-off** on what is worth retrying: 5xx answers, timeouts, connection errors and
  malformed bodies. A computed answer is sent again instead of being thrown away. Refusals (400,
  403) are not retried. When the retries run out the error goes up to the handler, and the
  dispatcher tries the whole update again later (``bot.dispatch``).
"""

from __future__ import annotations

import asyncio
import logging
import random
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

OVERALL_PER_SECOND = 30
GROUP_PER_MINUTE = 20
TRIES = 4  # one request: the first try and three retries (0.5 s, 1 s, 2 s apart, jittered)
MAX_429_WAITS = 5
FIRST_BACKOFF = 0.5
UNLIMITED = frozenset({"sendChatAction", "answerCallbackQuery", "answerInlineQuery", "getFile", "getMe",
                       "setMyCommands", "deleteMyCommands", "deleteWebhook", "setWebhook", "close", "logOut"})


def retryable(error: BaseException) -> bool:
    """A failure another try may get past: the network, a 5xx, a malformed answer."""
    if isinstance(error, BadRequest):  # BadRequest is a NetworkError subclass in PTB
        return False
    if isinstance(error, NetworkError):  # TimedOut too
        return True
    return type(error) is TelegramError and "Invalid server response" in str(error)


def seconds_of(error: RetryAfter) -> float:
    """RetryAfter's wait in seconds (an int, or a timedelta in newer PTB; read without PTB's
    deprecation warning about the change)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        retry_after = error.retry_after
    return retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else float(retry_after)


class ChatRateLimiter(BaseRateLimiter[None]):
    """Per-chat 429 pauses, Telegram's send limits, retries of transient failures."""

    def __init__(self, *, limits: bool = True, tries: int = TRIES, first_backoff: float = FIRST_BACKOFF) -> None:
        self._limits = limits
        self._tries = tries
        self._first_backoff = first_backoff
        self._overall = AsyncLimiter(OVERALL_PER_SECOND, 1)
        self._groups: dict[Any, AsyncLimiter] = {}
        self._paused_until: dict[Any, float] = {}  # chat id (None: every chat) → loop time

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def paused(self, chat_id: Any) -> float:
        """Seconds the chat still waits for a 429 (0 when not paused)."""
        now = asyncio.get_running_loop().time()
        return max(self._paused_until.get(chat_id, 0.0), self._paused_until.get(None, 0.0)) - now

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        failures = waits = 0
        while True:
            if (left := self.paused(chat_id)) > 0:
                await asyncio.sleep(left)
            try:
                if self._limits and endpoint not in UNLIMITED:
                    await self._overall.acquire()
                    if _is_group(chat_id):
                        await self._group(chat_id).acquire()
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                waits += 1
                if waits > MAX_429_WAITS:
                    raise
                seconds = seconds_of(error)
                scope = chat_id if chat_id is not None else None
                until = asyncio.get_running_loop().time() + seconds
                self._paused_until[scope] = max(self._paused_until.get(scope, 0.0), until)
                log.info("%s: Telegram asks to wait %.0f s (%s)", endpoint, seconds,
                         f"chat {chat_id}" if scope is not None else "every chat")
            except TelegramError as error:
                failures += 1
                if not retryable(error) or failures >= self._tries:
                    raise
                delay = self._first_backoff * 2 ** (failures - 1) * random.uniform(0.8, 1.2)
                log.info("%s failed (%s); try %d in %.1f s", endpoint, error, failures + 1, delay)
                await asyncio.sleep(delay)

    def _group(self, chat_id: Any) -> AsyncLimiter:
        limiter = self._groups.get(chat_id)
        if limiter is None:
            if len(self._groups) > 10_000:  # forget idle groups' buckets (they refill anyway)
                self._groups.clear()
            limiter = self._groups[chat_id] = AsyncLimiter(GROUP_PER_MINUTE, 60)
        return limiter


def _is_group(chat_id: Any) -> bool:
    if isinstance(chat_id, str):  # @channelusername
        return True
    try:
        return int(chat_id) < 0
    except (TypeError, ValueError):
        return False
