"""Start-up settings of the bot, read once from the environment (or ``.env``)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_API_URL = "https://api.telegram.org"
_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(ValueError):
    """A setting is malformed; the message says which one and how to fix it."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot needs to know at start-up."""

    token: str = ""
    admin_ids: frozenset[int] = frozenset()
    kb_path: Path = Path("data/knowledge.db")
    seeds_dir: Path = Path("seeds")
    log_level: str = "INFO"
    api_url: str = DEFAULT_API_URL
    rate_limit: bool = True  # keep to Telegram's ~30 messages/s and 20 a minute per group
    inbox: Path | None = None  # the durable update store; default: inbox.db beside KB_PATH
    webhook_url: str = ""  # set: receive updates on a webhook instead of long polling
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str = ""  # empty: a new random secret at every start
    log_questions: bool = False  # question texts in the log (off: only ids, statuses and timings)

    @property
    def inbox_path(self) -> Path:
        return self.inbox or self.kb_path.with_name("inbox.db")

    @property
    def base_url(self) -> str:
        """Bot API method root, joined by PTB as ``base_url + token + '/' + method``."""
        return f"{self.api_url}/bot"

    @property
    def base_file_url(self) -> str:
        """File download root, joined by PTB as ``base_file_url + token + '/' + file_path``."""
        return f"{self.api_url}/file/bot"

    def __repr__(self) -> str:  # never show the token, even in a traceback or a debugger
        shown = "<set>" if self.token else "<empty>"
        return (
            f"Settings(token={shown}, admin_ids={sorted(self.admin_ids)}, kb_path={self.kb_path}, "
            f"seeds_dir={self.seeds_dir}, log_level={self.log_level}, api_url={self.api_url}, "
            f"rate_limit={self.rate_limit}, inbox={self.inbox_path}, webhook_url={self.webhook_url or '-'}, "
            f"webhook_listen={self.webhook_listen}:{self.webhook_port}, "
            f"webhook_secret={'<set>' if self.webhook_secret else '<random>'}, log_questions={self.log_questions})"
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Parse settings from a mapping of environment variables; raise SettingsError."""

        def get(name: str) -> str:
            return (env.get(name) or "").strip()

        token = get("TELEGRAM_BOT_TOKEN")
        if token and not _TOKEN_RE.match(token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN 格式不对：应形如 123456789:AAE...（从 @BotFather 复制完整的一行）。"
            )
        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in _LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL 应为 {', '.join(_LOG_LEVELS)} 之一，收到 {log_level!r}。")
        return cls(
            token=token,
            admin_ids=parse_admin_ids(get("ADMIN_IDS")),
            kb_path=Path(get("KB_PATH") or "data/knowledge.db"),
            seeds_dir=Path(get("SEEDS_DIR") or "seeds"),
            log_level=log_level,
            api_url=_parse_api_url(get("TELEGRAM_API_URL")),
            rate_limit=_parse_switch("TELEGRAM_RATE_LIMIT", get("TELEGRAM_RATE_LIMIT"), default=True),
            inbox=Path(get("INBOX_PATH")) if get("INBOX_PATH") else None,
            webhook_url=_parse_webhook_url(get("WEBHOOK_URL")),
            webhook_listen=get("WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=_parse_port(get("WEBHOOK_PORT")),
            webhook_secret=_parse_secret(get("WEBHOOK_SECRET")),
            log_questions=_parse_switch("LOG_QUESTIONS", get("LOG_QUESTIONS"), default=False),
        )


def parse_admin_ids(raw: str) -> frozenset[int]:
    """``"123, 456"`` → ``{123, 456}``; anything but positive integers raises SettingsError."""
    ids = set()
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isascii() or not part.isdigit():
            raise SettingsError(
                f"ADMIN_IDS 只能是以逗号分隔的数字 Telegram 用户 id（例如 12345,67890），"
                f"其中 {part!r} 不是。可以向 @userinfobot 查询自己的 id。"
            )
        ids.add(int(part))
    return frozenset(ids)


def _parse_api_url(raw: str) -> str:
    url = (raw or DEFAULT_API_URL).rstrip("/")
    if not re.match(r"^https?://[^/\s]+", url):
        raise SettingsError(
            f"TELEGRAM_API_URL 应为 Bot API 服务器的根地址，例如 http://127.0.0.1:8081，收到 {raw!r}。"
        )
    if url.endswith("/bot"):
        raise SettingsError("TELEGRAM_API_URL 只写根地址，不要带 /bot（程序会自动加上）。")
    return url


def _parse_switch(name: str, raw: str, default: bool) -> bool:
    if not raw:
        return default
    value = raw.lower()
    if value in ("1", "on", "true", "yes"):
        return True
    if value in ("0", "off", "false", "no"):
        return False
    raise SettingsError(f"{name} 应为 on 或 off，收到 {raw!r}。")


def _parse_webhook_url(raw: str) -> str:
    if not raw:
        return ""
    if not re.match(r"^https://[^/\s]+(/\S*)?$", raw):
        raise SettingsError(f"WEBHOOK_URL 应为 Telegram 能访问的 https 地址，例如 https://bot.example.cn/telegram，收到 {raw!r}。")
    return raw


def _parse_port(raw: str) -> int:
    if not raw:
        return 8443
    if not raw.isdigit() or not 0 <= int(raw) <= 65535:
        raise SettingsError(f"WEBHOOK_PORT 应为 0–65535 的端口号，收到 {raw!r}。")
    return int(raw)


def _parse_secret(raw: str) -> str:
    if raw and not re.match(r"^[A-Za-z0-9_-]{1,256}$", raw):
        raise SettingsError("WEBHOOK_SECRET 只能由 1–256 个字母、数字、_ 和 - 组成（Telegram 的要求）。")
    return raw


def load_settings(env_file: str | os.PathLike[str] | None = ".env") -> Settings:
    """Read ``.env`` (without overriding real environment variables), then parse the environment."""
    if env_file is not None and Path(env_file).is_file():
        from dotenv import load_dotenv

        load_dotenv(env_file, override=False)
    return Settings.from_env(os.environ)
