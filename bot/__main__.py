"""``python -m bot``: the Telegram bot with long polling, or the console chat without a token."""

from __future__ import annotations

import logging
import sys

from bot import messages
from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("bot")


def open_service(settings: Settings):
    """Load the knowledge base, building it from SEEDS_DIR first when KB_PATH is missing, and
    rebuilding it when a report in SEEDS_DIR is newer than it (blocking; says what it does)."""
    from knowledge.service import KnowledgeService

    created = not settings.kb_path.parent.exists()
    settings.kb_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return KnowledgeService.open(settings.kb_path, settings.seeds_dir, refresh=True,
                                     notice=lambda m: print(m, file=sys.stderr, flush=True))
    except BaseException:
        if created:  # a failed first start leaves no empty data/ folder behind
            try:
                settings.kb_path.parent.rmdir()
            except OSError:
                pass
        raise


def wait_for_telegram(settings: Settings) -> bool:
    """Check the token against the Bot API before polling. Unreachable: one line per attempt and
    a retry with back-off (a supervisor sees a live process, SIGTERM stops it). Rejected token:
    one line and False."""
    import asyncio
    import time

    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError, TelegramError

    async def probe() -> None:
        async with Bot(settings.token, base_url=settings.base_url) as bot:
            await bot.get_me()

    import signal

    def stop(_signum, _frame):
        raise SystemExit(0)

    previous = signal.signal(signal.SIGTERM, stop)  # stopped while waiting: exit cleanly
    try:
        return _wait(settings, probe, InvalidToken, NetworkError, TelegramError)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _wait(settings, probe, InvalidToken, NetworkError, TelegramError) -> bool:
    import asyncio
    import time

    delay = 2.0
    while True:
        try:
            asyncio.run(probe())
            return True
        except InvalidToken:
            print(messages.STARTUP_TOKEN_REJECTED, file=sys.stderr, flush=True)
            return False
        except NetworkError as error:  # TimedOut is a NetworkError too
            reason = str(error).replace(settings.token, "<TOKEN>")
            print(messages.STARTUP_UNREACHABLE.format(url=settings.api_url, reason=reason, delay=int(delay)),
                  file=sys.stderr, flush=True)
        except TelegramError as error:
            print(messages.STARTUP_API_ERROR.format(error=str(error).replace(settings.token, "<TOKEN>")),
                  file=sys.stderr, flush=True)
            return False
        time.sleep(delay)
        delay = min(delay * 2, 60.0)


def main(argv: list[str] | None = None) -> int:
    """Start the bot; return the process exit code (2 for bad settings)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help"):
        print(messages.BOT_USAGE)
        return 0
    if argv and argv != ["--check"]:
        print(messages.BOT_USAGE, file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as error:
        print(messages.STARTUP_SETTINGS_ERROR.format(error=error), file=sys.stderr)
        return 2
    configure_logging(settings)
    if argv == ["--check"]:
        return check(settings)
    if not settings.token:
        print(messages.CONSOLE_NO_TOKEN, file=sys.stderr)
    try:
        service = open_service(settings)
    except Exception as error:  # noqa: BLE001 - any failure here is fatal and must read clearly
        log.debug("knowledge base start-up failed", exc_info=True)
        print(
            messages.STARTUP_KB_ERROR.format(kb_path=settings.kb_path, seeds_dir=settings.seeds_dir, error=error),
            file=sys.stderr,
        )
        return 1
    if not settings.token:
        from bot.console import run_console

        return run_console(service)

    if not wait_for_telegram(settings):
        return 1
    import asyncio

    return asyncio.run(serve(settings, service))


async def serve(settings: Settings, service) -> int:
    """Receive, store and answer until SIGTERM/SIGINT (or the token is revoked)."""
    import asyncio
    import signal

    from telegram.error import InvalidToken

    from bot.runner import BotRunner

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    runner = BotRunner(settings, service)
    try:
        await runner.start()
    except InvalidToken:
        await runner.stop()
        print(messages.STARTUP_TOKEN_REJECTED, file=sys.stderr, flush=True)
        return 1
    mode = f"webhook {settings.webhook_url}" if settings.webhook_url else f"long polling against {settings.api_url}"
    log.info("started: %s (admins: %d)", mode, len(settings.admin_ids))
    stopped, failed = asyncio.ensure_future(stop.wait()), asyncio.ensure_future(runner.failed.wait())
    await asyncio.wait({stopped, failed}, return_when=asyncio.FIRST_COMPLETED)
    for waiter in (stopped, failed):
        waiter.cancel()
    await runner.stop()
    log.info("stopped")
    if runner.failure:
        print(runner.failure, file=sys.stderr, flush=True)
        return 1
    return 0


def check(settings: Settings) -> int:
    """``python -m bot --check``: 0 when the knowledge base answers, 1 (with the reason) when not."""
    from knowledge.service import KnowledgeService

    from bot.inbox import Inbox

    if not settings.kb_path.is_file():
        print(messages.CHECK_NO_KB.format(kb_path=settings.kb_path), file=sys.stderr)
        return 1
    try:
        service = KnowledgeService.open(settings.kb_path, settings.seeds_dir, build_if_missing=False)
    except Exception as error:  # noqa: BLE001
        print(messages.CHECK_FAILED.format(problem=error), file=sys.stderr)
        return 1
    problem = service.health_problem(thorough=True)
    if problem:
        print(messages.CHECK_FAILED.format(problem=problem), file=sys.stderr)
        return 1
    pending = Inbox(settings.inbox_path).pending_count() if settings.inbox_path.exists() else 0
    docs = service.kb.documents
    print(messages.CHECK_OK.format(documents=len(docs), indicators=sum(d.indicators for d in docs),
                                   built_at=service.kb.built_at or "?", pending=pending))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C while the knowledge base is still loading
        sys.exit(130)
