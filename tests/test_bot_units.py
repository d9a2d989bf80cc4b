"""The bot's pure parts: settings, message splitting, upload file names, token redaction."""

from __future__ import annotations

import html
import logging
from pathlib import Path

import pytest
from hypothesis import given, settings as hyp_settings, strategies as st

from bot.logs import TokenRedactingFilter
from bot.settings import DEFAULT_API_URL, Settings, SettingsError, parse_admin_ids
from bot.text import split_html, tg_len
from knowledge.seedsdir import safe_file_name, save_atomically
from fake_bot_api import html_problem

TOKEN = "123456789:AAE-TestSecretTokenValue_0123456789"


# ---------------------------------------------------------------- settings


def test_defaults_with_an_empty_environment():
    s = Settings.from_env({})
    assert s.token == "" and s.admin_ids == frozenset()
    assert s.kb_path == Path("data/knowledge.db") and s.seeds_dir == Path("seeds")
    assert s.log_level == "INFO" and s.rate_limit and not s.log_questions
    assert s.inbox_path == Path("data/inbox.db") and not s.webhook_url and s.webhook_port == 8443
    assert s.base_url == "https://api.telegram.org/bot"
    assert s.base_file_url == "https://api.telegram.org/file/bot"
    assert s.api_url == DEFAULT_API_URL


def test_every_setting_is_read():
    s = Settings.from_env({
        "TELEGRAM_BOT_TOKEN": f" {TOKEN} ", "ADMIN_IDS": "12, 34,,56", "KB_PATH": "/tmp/k.db",
        "SEEDS_DIR": "/tmp/seeds", "LOG_LEVEL": "debug", "TELEGRAM_API_URL": "http://127.0.0.1:8081/",
        "INBOX_PATH": "/tmp/in.db", "WEBHOOK_URL": "https://bot.example.cn/hook", "WEBHOOK_PORT": "9443",
        "WEBHOOK_SECRET": "s3cret_-x", "LOG_QUESTIONS": "on", "TELEGRAM_RATE_LIMIT": "off",
    })
    assert s.token == TOKEN and s.admin_ids == {12, 34, 56}
    assert s.kb_path == Path("/tmp/k.db") and s.seeds_dir == Path("/tmp/seeds")
    assert s.log_level == "DEBUG" and s.log_questions and not s.rate_limit
    assert s.inbox_path == Path("/tmp/in.db") and s.webhook_url == "https://bot.example.cn/hook"
    assert s.webhook_port == 9443 and s.webhook_secret == "s3cret_-x" and "s3cret" not in repr(s)
    assert s.base_url == "http://127.0.0.1:8081/bot"  # trailing slash stripped, no double slash
    assert s.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert TOKEN not in repr(s)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", set()), ("  ", set()), ("42", {42}), ("1,2,3", {1, 2, 3}), (" 7 , 7 ", {7}), ("1,,2,", {1, 2})],
)
def test_admin_ids_parse(raw, expected):
    assert parse_admin_ids(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12;34", "12 34", "-5", "1.5", "０１", "12,@admin", "0x10"])
def test_malformed_admin_ids_fail_with_a_clear_message(raw):
    with pytest.raises(SettingsError, match="ADMIN_IDS"):
        Settings.from_env({"ADMIN_IDS": raw})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("TELEGRAM_API_URL", "127.0.0.1:8081"),
        ("TELEGRAM_API_URL", "http://127.0.0.1:8081/bot"),
        ("WEBHOOK_URL", "http://bot.example.cn/hook"),
        ("WEBHOOK_PORT", "70000"),
        ("WEBHOOK_SECRET", "has space"),
        ("LOG_QUESTIONS", "maybe"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_other_malformed_settings_fail_naming_the_setting(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


# ---------------------------------------------------------------- splitting long replies


def test_short_reply_is_one_message():
    assert split_html("<b>7%以上</b>\n冀州区") == ["<b>7%以上</b>\n冀州区"]


def test_long_reply_splits_on_lines_and_reopens_open_tags():
    lines = [f"第{i}行：地区生产总值增长7%以上 &amp; 固定资产投资增长6.5%以上" for i in range(400)]
    text = "<b>7%以上</b>\n<blockquote>" + "\n".join(lines) + "</blockquote>\n完"
    parts = split_html(text)
    assert len(parts) > 1
    for part in parts:
        assert tg_len(part) <= 4096
        assert html_problem(part) is None, part[:80]
    assert parts[1].startswith("<blockquote>第")  # cut at a line boundary, tag reopened
    visible = "".join(html.unescape(p.replace("<b>", "").replace("</b>", "")
                                    .replace("<blockquote>", "").replace("</blockquote>", "")) for p in parts)
    assert visible.replace("\n", "") == html.unescape(
        text.replace("<b>", "").replace("</b>", "").replace("<blockquote>", "").replace("</blockquote>", "")
    ).replace("\n", "")


def test_a_single_huge_line_is_cut_between_characters_not_inside_tags_or_entities():
    text = "<b>" + "增长&amp;&lt;" * 3000 + "</b>"
    parts = split_html(text)
    assert len(parts) >= 2
    assert all(html_problem(p) is None and tg_len(p) <= 4096 for p in parts)


_piece = st.one_of(
    st.text(alphabet="冀州区枣强县增长7%以上，。 ab\n", min_size=1, max_size=60).map(html.escape),
    st.sampled_from(["<b>", "</b>", "<blockquote>", "</blockquote>", "\n", "&amp;", "&lt;", "😀"]),
)


@st.composite
def _telegram_html(draw):
    """Balanced Telegram HTML built from Chinese text, entities, emoji and b/blockquote tags."""
    out, stack = [], []
    for piece in draw(st.lists(_piece, min_size=1, max_size=400)):
        if piece in ("<b>", "<blockquote>"):
            name = piece[1:-1]
            if name in stack:
                continue
            stack.append(name)
        elif piece in ("</b>", "</blockquote>"):
            if not stack or f"</{stack[-1]}>" != piece:
                continue
            stack.pop()
        out.append(piece)
    out.extend(f"</{name}>" for name in reversed(stack))
    return "".join(out)


@hyp_settings(max_examples=60, deadline=None)
@given(_telegram_html(), st.integers(min_value=40, max_value=400))
def test_split_parts_always_parse_and_keep_all_text(text, limit):
    parts = split_html(text, limit=limit)
    if html_problem(text) == "message text is empty":
        return
    strip = lambda s: "".join(html.unescape(__import__("re").sub(r"<[^>]*>", "", s)).split())  # noqa: E731
    assert "".join(strip(p) for p in parts) == strip(text)
    for part in parts:
        assert tg_len(part) <= limit
        assert html_problem(part) is None, part


# ---------------------------------------------------------------- upload file names


@pytest.mark.parametrize(
    ("given_name", "expected"),
    [
        ("云溪县.txt", "云溪县.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\win.ini.md", "win.ini.md"),
        ("/abs/path/报告 2023.TXT", "报告_2023.txt"),
        (".hidden.txt", "hidden.txt"),
        ("...txt", "upload_x.txt"),
        ("", "upload_x.txt"),
        (None, "upload_x.txt"),
        ("a?b*c|d<e>.md", "a_b_c_d_e.md"),
        ("ｆｕｌｌ.txt", "full.txt"),
        ("x" * 300 + ".txt", "x" * 100 + ".txt"),
    ],
)
def test_safe_file_name(given_name, expected):
    assert safe_file_name(given_name, "upload_x") == expected


def test_save_atomically_writes_only_inside_the_folder(tmp_path):
    path = save_atomically(tmp_path / "seeds", "a.txt", "正文".encode())
    assert path == tmp_path / "seeds" / "a.txt" and path.read_text(encoding="utf-8") == "正文"
    assert [p.name for p in (tmp_path / "seeds").iterdir()] == ["a.txt"]
    with pytest.raises(ValueError):
        save_atomically(tmp_path / "seeds", "../escape.txt", b"x")
    assert not (tmp_path / "escape.txt").exists()


# ---------------------------------------------------------------- token redaction


def _record(msg, *args, exc=None):
    return logging.LogRecord("x", logging.ERROR, __file__, 1, msg, args, exc)


def test_redaction_covers_message_arguments_and_tracebacks():
    redactor = TokenRedactingFilter(TOKEN)
    record = _record("POST %s", f"https://api.telegram.org/bot{TOKEN}/getMe")
    assert redactor.filter(record) and TOKEN not in record.getMessage() and "<TOKEN>" in record.getMessage()
    try:
        raise RuntimeError(f"failed: /bot{TOKEN}/sendMessage")
    except RuntimeError as error:
        record = _record("boom", exc=(type(error), error, error.__traceback__))
    redactor.filter(record)
    formatted = logging.Formatter().format(record)
    assert "boom" in formatted and "RuntimeError" in formatted and TOKEN not in formatted
