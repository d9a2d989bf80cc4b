"""``python -m bot``: the Telegram bot with long polling, or the console chat without a token."""

from __future__ import annotations

import logging
import sys

from bot import messages
from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("bot")


def open_service(settings: Settings):
    """Load the knowledge base, building it from SEEDS_DIR first when KB_PATH is missing (blocking)."""
    from knowledge.service import KnowledgeService

    settings.kb_path.parent.mkdir(parents=True, exist_ok=True)
    return KnowledgeService.open(settings.kb_path, settings.seeds_dir)


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

    log.info("starting long polling against %s (admins: %d)", settings.api_url, len(settings.admin_ids))
    build_application(settings, service).run_polling(allowed_updates=ALLOWED_UPDATES)
    log.info("stopped")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C while the knowledge base is still loading
        sys.exit(130)
