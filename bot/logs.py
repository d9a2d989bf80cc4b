"""Logging set-up: one stderr handler; the bot token redacted from every record; question texts
kept out of the log (PTB's DEBUG lines carry every request's parameters and every update) unless
``LOG_QUESTIONS=on``."""

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


class MessageTextFilter(logging.Filter):
    """PTB logs every Bot API call with its parameters and result at DEBUG: the questions users
    sent (getUpdates) and the answers (sendMessage). Those records keep the method name only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("telegram") and isinstance(record.msg, str) and "Bot API endpoint" in record.msg:
            endpoint = record.args[0] if isinstance(record.args, tuple) and record.args else "?"
            record.msg, record.args = "Bot API call `%s` (parameters not logged; LOG_QUESTIONS=on shows them)", (endpoint,)
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
    if not settings.log_questions:
        for handler in logging.getLogger().handlers:
            handler.addFilter(MessageTextFilter())


def install_token_redaction(token: str, logger: logging.Logger | None = None) -> TokenRedactingFilter:
    """Attach a TokenRedactingFilter to every handler of ``logger`` (the root logger by default)."""
    redactor = TokenRedactingFilter(token)
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(redactor)
    return redactor
