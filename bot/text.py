"""Fitting replies into Telegram messages: HTML-aware splitting at 4,096 characters."""

from __future__ import annotations

import re

from telegram.constants import MessageLimit

MAX_MESSAGE_CHARS = MessageLimit.MAX_TEXT_LENGTH  # 4096, counted in UTF-16 code units
MAX_QUESTION_CHARS = 500

# A tag, an entity, a newline, or one other character: the units a split may fall between.
_ATOM_RE = re.compile(r"<[^>]*>|&#?\w+;|\n|[^<&\n]", re.DOTALL)
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>")


def tg_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def split_html(html: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Split Telegram HTML into messages of at most ``limit`` characters.

    Splits prefer line boundaries, never fall inside a tag or an entity, and close the tags still
    open at the end of a part and reopen them at the start of the next, so every part parses alone.
    """
    if tg_len(html) <= limit:
        return [html]
    parts: list[str] = []
    stack: list[tuple[str, str]] = []  # (name, opening tag) of the tags open at this point
    current = ""
    for separator, segment in _segments(html, max(1, limit - 2 * _max_tag_overhead(html))):
        after = _apply_tags(stack, segment)
        candidate = current + separator + segment if current else _reopen(stack) + segment
        if current and tg_len(candidate + _closers(after)) > limit:
            parts.append(current + _closers(stack))
            candidate = _reopen(stack) + segment
        current, stack = candidate, after
    if current:
        parts.append(current + _closers(stack))
    return [part for part in parts if _visible(part)]


def _max_tag_overhead(html: str) -> int:
    """The most characters that reopening and closing the open tags can add at any point."""
    stack: list[tuple[str, str]] = []
    worst = 0
    for match in _TAG_RE.finditer(html):
        stack = _apply_tags(stack, match.group(0))
        worst = max(worst, tg_len(_reopen(stack) + _closers(stack)))
    return worst


def _segments(html: str, max_len: int) -> list[tuple[str, str]]:
    """Lines (with their leading separator), long lines cut further at atom boundaries."""
    out: list[tuple[str, str]] = []
    for index, line in enumerate(html.split("\n")):
        separator = "\n" if index else ""
        piece = ""
        for atom in _ATOM_RE.findall(line) or [""]:
            if piece and tg_len(piece) + tg_len(atom) > max_len:
                out.append((separator, piece))
                separator, piece = "", ""
            piece += atom
        out.append((separator, piece))
    return out


def _apply_tags(stack: list[tuple[str, str]], segment: str) -> list[tuple[str, str]]:
    stack = list(stack)
    for match in _TAG_RE.finditer(segment):
        closing, name = match.group(1), match.group(2).lower()
        if not closing:
            stack.append((name, match.group(0)))
            continue
        for position in range(len(stack) - 1, -1, -1):
            if stack[position][0] == name:
                del stack[position]
                break
    return stack


def _reopen(stack: list[tuple[str, str]]) -> str:
    return "".join(tag for _, tag in stack)


def _closers(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _visible(part: str) -> bool:
    return bool(re.sub(r"<[^>]*>", "", part).strip())
