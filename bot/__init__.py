"""Telegram layer of the report bot: settings, handlers, console chat. Run with ``python -m bot``."""
