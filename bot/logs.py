"""Logging set-up: one stderr handler, and the bot token redacted from every record."""

from __future__ import annotations

import logging

from bot.settings import Settings


class TokenRedactingFilter(logging.Filter):
    """Replaces the bot token in every log record (message, arguments and traceback text)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        token = self._token
        if not token:
            return True
        message = record.getMessage()
        if token in message:
            record.msg, record.args = message.replace(token, "<TOKEN>"), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and token in record.exc_text:
            record.exc_text = record.exc_text.replace(token, "<TOKEN>")
        if record.stack_info and token in record.stack_info:
            record.stack_info = record.stack_info.replace(token, "<TOKEN>")
        return True


def configure_logging(settings: Settings) -> None:
    """Log to stderr at the configured level, with the token redacted everywhere."""
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=settings.log_level
    )
    # httpx logs every request URL at INFO, and the URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    install_token_redaction(settings.token)


def install_token_redaction(token: str, logger: logging.Logger | None = None) -> TokenRedactingFilter:
    """Attach a TokenRedactingFilter to every handler of ``logger`` (the root logger by default)."""
    redactor = TokenRedactingFilter(token)
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(redactor)
    return redactor
