"""Running the bot: updates come in (long polling or a webhook), are stored, then dispatched.

The order is what makes "no question lost" true:

1. **Polling:** ``getUpdates(offset)`` returns a batch; the batch is committed to the inbox; only
   then is the next ``getUpdates`` sent, whose offset confirms the batch to Telegram.
   **Webhook:** the update is committed before the HTTP 200 that confirms it (a failed commit
   answers 500 and Telegram sends the update again).
2. The dispatcher hands stored updates to PTB's handlers fairly; an update is marked done only when
   its handler finished.
3. At start, the updates still pending in the inbox (a crash, ``kill -9``, an outage) are
   dispatched before new ones.

PTB's ``Application`` runs without its ``Updater``: it only holds the handlers and the bot.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError

from bot.app import ALLOWED_UPDATES, build_application, post_init
from bot.delivery import seconds_of
from bot.dispatch import Dispatcher
from bot.inbox import Inbox
from knowledge.seedsdir import clean_pending

if TYPE_CHECKING:
    from bot.settings import Settings
    from knowledge.service import KnowledgeService

log = logging.getLogger(__name__)

POLL_TIMEOUT = 10  # seconds one getUpdates long poll waits for news
HEALTH_EVERY = 15.0  # seconds between two checks of the knowledge base file
THOROUGH_EVERY = 40  # every 40th check reads every page (PRAGMA quick_check)
REDELIVERY_HOURS = 24  # Telegram keeps unconfirmed updates this long


class BotRunner:
    """Start, serve and stop the bot; ``async with BotRunner(settings, service) as runner: …``."""

    def __init__(self, settings: Settings, service: KnowledgeService, *, poll_timeout: float = POLL_TIMEOUT,
                 workers: int | None = None) -> None:
        self.settings = settings
        self.service = service
        self.poll_timeout = poll_timeout
        self.inbox = Inbox(settings.inbox_path)
        self.application = build_application(settings, service, self.inbox)
        self.dispatcher = Dispatcher(self.application, self.inbox, **({"workers": workers} if workers else {}))
        self.failed = asyncio.Event()  # set when serving cannot go on (the token was revoked)
        self.failure = ""
        self._poller: asyncio.Task | None = None
        self._health: asyncio.Task | None = None
        self._web: Any = None
        self._started = False

    async def __aenter__(self) -> BotRunner:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------ life cycle

    async def start(self) -> None:
        """Connect (``getMe``), register the menus, resume stored updates, start receiving."""
        app = self.application
        if self.settings.seeds_dir.is_dir():
            clean_pending(self.settings.seeds_dir)  # uploads whose confirmation expired
        await app.initialize()
        self._started = True
        await post_init(app)
        await app.start()
        self.dispatcher.start()
        pending = self.inbox.pending()
        if pending:
            log.info("answering %d updates stored before the last stop", len(pending))
        for update in pending:
            self.dispatcher.submit(update)
        self._health = asyncio.get_running_loop().create_task(self._watch_health(), name="health")
        if self.settings.webhook_url:
            await self._start_webhook()
        else:
            await self._call_with_retries(lambda: app.bot.delete_webhook(drop_pending_updates=False))
            self._poller = asyncio.get_running_loop().create_task(self._poll(), name="poller")

    async def stop(self, grace: float = 5.0) -> None:
        """Stop receiving, let handlers in flight finish; what is left stays in the inbox."""
        if self._health is not None:
            self._health.cancel()
            await asyncio.gather(self._health, return_exceptions=True)
            self._health = None
        if self._poller is not None:
            self._poller.cancel()
            await asyncio.gather(self._poller, return_exceptions=True)
            self._poller = None
        if self._web is not None:
            await self._web.cleanup()
            self._web = None
        await self.dispatcher.stop(grace)
        self.application.bot_data["charts"].close()
        if self._started:
            if self.application.running:
                await self.application.stop()
            await self.application.shutdown()
            self._started = False
        self.inbox.close()

    async def wait_idle(self, timeout: float) -> None:
        """Wait until nothing is queued, in flight or waiting for a retry (for tests and shutdown)."""
        async with asyncio.timeout(timeout):
            while not self.dispatcher.idle:
                await asyncio.sleep(0.02)

    # ------------------------------------------------------------ health

    async def _watch_health(self, every: float | None = None) -> None:
        """Check the knowledge base file now and then; rebuild it from the seeds when damaged."""
        checks = 0
        while True:
            await asyncio.sleep(every or HEALTH_EVERY)
            checks += 1
            try:
                problem = await asyncio.to_thread(self.service.health_problem, checks % THOROUGH_EVERY == 0)
                if problem and not self.service.healing:
                    log.warning("health check: %s", problem)
                    await asyncio.to_thread(self.service.heal)
            except Exception:  # noqa: BLE001 - the watch must go on
                log.exception("health check failed")

    # ------------------------------------------------------------ polling

    async def _poll(self) -> None:
        bot = self.application.bot
        offset = self._start_offset()
        delay = 1.0
        while True:
            try:
                updates = await bot.get_updates(offset=offset or None, timeout=self.poll_timeout,
                                                allowed_updates=ALLOWED_UPDATES)
            except InvalidToken:
                self._fail("Telegram 不再接受这个 token（已被撤销？）；请向 @BotFather 核对 TELEGRAM_BOT_TOKEN。")
                return
            except Conflict:
                log.warning("another process is polling with this token (409 Conflict); retrying in 5 s")
                await asyncio.sleep(5)
                continue
            except RetryAfter as error:
                await asyncio.sleep(seconds_of(error))
                continue
            except TelegramError as error:  # network, 5xx, malformed: back off, try again
                log.warning("getUpdates failed (%s); retrying in %.0f s", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            delay = 1.0
            if not updates:
                continue
            raw = [update.to_dict() for update in updates]
            while True:
                try:  # stored before the next getUpdates confirms them
                    new = self.inbox.add(raw)
                    break
                except Exception as error:  # noqa: BLE001 - disk full, …: do not confirm; try again
                    log.error("could not store %d updates (%s); retrying in 5 s", len(raw), error)
                    await asyncio.sleep(5)
            parsed = {update.update_id: update for update in updates}
            for data in new:
                self.dispatcher.submit(data, parsed.get(int(data["update_id"])))
            offset = max(update.update_id for update in updates) + 1

    def _start_offset(self) -> int:
        offset = self.inbox.next_offset()
        newest = self.inbox.newest_received_at()
        if newest is not None and newest < time.time() - REDELIVERY_HOURS * 3600:
            return 0  # Telegram keeps nothing that old, and may have started new ids lower
        return offset

    def _fail(self, reason: str) -> None:
        log.error("%s", reason)
        self.failure = reason
        self.failed.set()

    async def _call_with_retries(self, call) -> Any:
        delay = 1.0
        while True:
            try:
                return await call()
            except InvalidToken:
                raise
            except TelegramError as error:
                log.warning("Bot API call failed (%s); retrying in %.0f s", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)

    # ------------------------------------------------------------ webhook

    async def _start_webhook(self) -> None:
        from aiohttp import web

        settings = self.settings
        secret = settings.webhook_secret or secrets.token_urlsafe(32)
        path = "/" + (settings.webhook_url.split("://", 1)[-1].partition("/")[2])
        app = web.Application(client_max_size=2**20)

        async def receive(request: web.Request) -> web.Response:
            given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return web.Response(status=403)
            try:
                update = await request.json()
                int(update["update_id"])
            except (ValueError, KeyError, TypeError):
                return web.Response(status=400)
            try:
                new = self.inbox.add([update])  # stored before the 200 that confirms it
            except Exception as error:  # noqa: BLE001 - Telegram sends it again after a 500
                log.error("could not store a webhook update (%s)", error)
                return web.Response(status=500)
            for item in new:
                self.dispatcher.submit(item)
            return web.Response(status=200)

        async def health(request: web.Request) -> web.Response:
            problem = await asyncio.to_thread(self.service.health_problem)
            return web.Response(status=503 if problem else 200, text=problem or "ok")

        app.router.add_post(path, receive)
        app.router.add_get("/healthz", health)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, settings.webhook_listen, settings.webhook_port)
        await site.start()
        self._web = runner
        self.webhook_port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001 - the port when 0 was asked
        await self._call_with_retries(lambda: self.application.bot.set_webhook(
            settings.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES, max_connections=40))
        log.info("webhook: listening on %s:%s, path %s", settings.webhook_listen, self.webhook_port, path)


def inbox_path_for(kb_path: Path) -> Path:
    """Where the inbox lives by default: beside the knowledge base."""
    return kb_path.with_name("inbox.db")
