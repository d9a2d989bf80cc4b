"""Fair dispatching: which stored update is handled next, and when an update counts as handled.

* **Per chat, one at a time; chats in turn.** Each chat has its own queue, and the workers take
  chats round-robin, so a chat with 150 waiting questions gets one turn like a chat with one. A
  chat paused by Telegram (429) or throttled to its group limit holds one worker, not all.
* **Per user inside a chat, in turn.** In a group, the queued messages of one flooding member do
  not keep the others waiting: users take turns too.
* **Handled = the handler finished.** Only then is the update marked done in the inbox. A handler
  that failed because Telegram could not be reached (after the sender's own retries) is tried again
  later, with back-off; on shutdown, whatever was not handled stays in the inbox for the next start.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict, deque
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from telegram import Update

if TYPE_CHECKING:
    from telegram.ext import Application

    from bot.inbox import Inbox

log = logging.getLogger(__name__)

WORKERS = 8  # updates handled at once (different chats); answering itself is one thread
MAX_ATTEMPTS = 12  # network-failed tries of one update (~30 minutes of back-off) before giving up
RETRY_FIRST_DELAY = 2.0
RETRY_MAX_DELAY = 300.0
RETRY_LATER = "retry_later_updates"  # bot_data key: ids of updates to handle again later (network down, KB in repair)


def routing_key(update: dict[str, Any]) -> tuple[Hashable, Hashable]:
    """(chat, user) of a raw update: the chat decides the turn, the user the turn inside it."""
    for kind in ("message", "edited_message", "channel_post"):
        message = update.get(kind)
        if message:
            return ("chat", message["chat"]["id"]), (message.get("from") or {}).get("id")
    query = update.get("callback_query")
    if query:
        message = query.get("message") or {}
        chat = (message.get("chat") or {}).get("id")
        user = (query.get("from") or {}).get("id")
        return (("chat", chat) if chat is not None else ("user", user)), user
    for kind in ("inline_query", "chosen_inline_result"):
        query = update.get(kind)
        if query:
            user = (query.get("from") or {}).get("id")
            return ("user", user), user
    return ("other", None), None


class FairQueue:
    """Round-robin over chats, and over users within a chat; at most one item per chat out."""

    def __init__(self) -> None:
        self._chats: dict[Hashable, OrderedDict[Hashable, deque]] = {}
        self._ready: deque[Hashable] = deque()  # chats with work and nothing in flight
        self._busy: set[Hashable] = set()
        self._wakeup = asyncio.Event()
        self.size = 0

    def put(self, chat: Hashable, user: Hashable, item: Any) -> None:
        users = self._chats.setdefault(chat, OrderedDict())
        users.setdefault(user, deque()).append(item)
        self.size += 1
        if chat not in self._busy and chat not in self._ready:
            self._ready.append(chat)
        self._wakeup.set()

    async def get(self) -> tuple[Hashable, Any]:
        while not self._ready:
            self._wakeup.clear()
            await self._wakeup.wait()
        chat = self._ready.popleft()
        users = self._chats[chat]
        user, items = next(iter(users.items()))
        item = items.popleft()
        if items:
            users.move_to_end(user)  # the next turn in this chat is another user's
        else:
            del users[user]
        self.size -= 1
        self._busy.add(chat)
        return chat, item

    def release(self, chat: Hashable) -> None:
        """The chat's item was handled: the chat queues again, behind the others (its next turn)."""
        self._busy.discard(chat)
        if self._chats.get(chat):
            self._ready.append(chat)
            self._wakeup.set()
        else:
            self._chats.pop(chat, None)

    @property
    def in_flight(self) -> int:
        return len(self._busy)


class Dispatcher:
    """Hands stored updates to PTB's handlers (``Application.process_update``) fairly."""

    def __init__(self, application: Application, inbox: Inbox, workers: int = WORKERS) -> None:
        self.application = application
        self.inbox = inbox
        self.queue = FairQueue()
        self._workers: list[asyncio.Task] = []
        self._count = workers
        self._retries: set[asyncio.TimerHandle] = set()
        self._waiting_retry = 0
        self.handled = 0

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._workers = [loop.create_task(self._work(), name=f"dispatch-{i}") for i in range(self._count)]

    def submit(self, update: dict[str, Any], parsed: Update | None = None) -> None:
        """Queue a stored update (``parsed``: the Update object it was stored from, if at hand)."""
        chat, user = routing_key(update)
        self.queue.put(chat, user, (update, parsed))

    @property
    def idle(self) -> bool:
        """Nothing queued, in flight or waiting for a retry."""
        return not self.queue.size and not self.queue.in_flight and not self._waiting_retry

    async def stop(self, grace: float = 5.0) -> None:
        """Let the updates in flight finish (up to ``grace`` seconds); queued ones stay stored."""
        for handle in self._retries:
            handle.cancel()
        self._retries.clear()
        self._waiting_retry = 0
        deadline = asyncio.get_running_loop().time() + grace
        while self.queue.in_flight and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []

    async def _work(self) -> None:
        while True:
            chat, (data, parsed) = await self.queue.get()
            try:
                await self._handle(data, parsed)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - a worker never dies of one update
                log.exception("update %s could not be dispatched", data.get("update_id"))
                self.inbox.done(int(data["update_id"]))
            finally:
                self.queue.release(chat)

    async def _handle(self, data: dict[str, Any], parsed: Update | None = None) -> None:
        update_id = int(data["update_id"])
        failed: set[int] = self.application.bot_data.setdefault(RETRY_LATER, set())
        try:
            update = parsed if parsed is not None else Update.de_json(data, self.application.bot)
        except Exception:  # noqa: BLE001 - a stored update this PTB version cannot read
            log.warning("update %s could not be read; skipped", update_id)
            self.inbox.done(update_id)
            return
        await self.application.process_update(update)
        if update_id in failed:
            failed.discard(update_id)
            attempts = self.inbox.attempt(update_id)
            if attempts < MAX_ATTEMPTS:
                delay = min(RETRY_FIRST_DELAY * 2 ** (attempts - 1), RETRY_MAX_DELAY)
                log.info("update %s failed on the network (try %d); again in %.0f s", update_id, attempts, delay)
                self._retry_later(data, delay)
                return
            log.error("update %s given up after %d tries: Telegram could not be reached", update_id, attempts)
        self.inbox.done(update_id)
        self.handled += 1

    def _retry_later(self, data: dict[str, Any], delay: float) -> None:
        loop = asyncio.get_running_loop()
        self._waiting_retry += 1

        def again() -> None:
            self._retries.discard(handle)
            self._waiting_retry -= 1
            self.submit(data)

        handle = loop.call_later(delay, again)
        self._retries.add(handle)
