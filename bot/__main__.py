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


def main() -> int:
    """Start the bot; return the process exit code (2 for bad settings)."""
    try:
        settings = load_settings()
    except SettingsError as error:
        print(messages.STARTUP_SETTINGS_ERROR.format(error=error), file=sys.stderr)
        return 2
    configure_logging(settings)
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

    from bot.app import ALLOWED_UPDATES, build_application

    if not wait_for_telegram(settings):
        return 1
    log.info("starting long polling against %s (admins: %d)", settings.api_url, len(settings.admin_ids))
    build_application(settings, service).run_polling(allowed_updates=ALLOWED_UPDATES)
    log.info("stopped")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C while the knowledge base is still loading
        sys.exit(130)
