"""The console chat: the bot's conversation in a terminal (used when there is no token).

The same replies as the bot, and its commands: /start, /help, /sources, /ask 问题, /scorecard 地区 年份,
/add 网址, /reload (the person at the console runs the machine, so is its admin). On a terminal, lines are edited and
recalled with the standard `readline` (arrow keys, history of this session). A chart the bot would
send as a photo is written to charts/ and its path printed.
"""

from __future__ import annotations

import html
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot import messages

if TYPE_CHECKING:
    from knowledge.service import KnowledgeService

_TAG = re.compile(r"</?(?:b|i|code|pre|a)(?: [^>]*)?>")


def plain(text: str) -> str:
    """The bot's HTML message as console text: tags dropped, entities unescaped."""
    return html.unescape(_TAG.sub("", text))


def run_console(service: KnowledgeService, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Answer one line at a time until EOF, ``exit`` or Ctrl-C; return the exit code (0)."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    for stream in (stdin, stdout):  # a C/POSIX locale must not break Chinese text
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    interactive = stdin.isatty() and stdin is sys.stdin and stdout is sys.stdout
    if interactive:
        try:
            import readline  # noqa: F401 - importing it gives input() line editing and history
        except ImportError:  # Windows without pyreadline: plain input() still works
            pass
    examples = service.examples(1)
    if interactive:
        print(messages.CONSOLE_INTRO.format(example=examples[0] if examples else messages.DEFAULT_EXAMPLE), file=stdout)
    try:
        while True:
            if interactive:
                try:
                    line = input(messages.CONSOLE_PROMPT)
                except EOFError:
                    print(file=stdout)
                    break
            else:
                line = stdin.readline()
                if not line:  # EOF
                    break
            text = line.strip()
            if text.lower() in messages.CONSOLE_EXIT_WORDS:
                break
            if text:
                print(reply_to(service, text), file=stdout, flush=True)
                if interactive:
                    print(file=stdout)
    except KeyboardInterrupt:
        print(file=stdout)
    if interactive:
        print(messages.CONSOLE_BYE, file=stdout)
    return 0


CHART_DIR = Path("charts")  # where the console writes the charts it would send as photos


def _answer(service: KnowledgeService, question: str) -> str:
    """The reply; a chart the bot would send as a photo is written to charts/ and named."""
    from knowledge.chart import chartable, render

    result = service.ask(question)
    if not chartable(result):
        return result.reply
    try:
        CHART_DIR.mkdir(exist_ok=True)
        path = CHART_DIR / f"chart-{time.strftime('%Y%m%d-%H%M%S')}-{abs(hash(question)) % 10_000:04d}.png"
        path.write_bytes(render(result) or b"")
    except OSError as error:
        return result.reply + "\n" + messages.CONSOLE_CHART_FAILED.format(error=error.strerror or error)
    return result.reply + "\n" + messages.CONSOLE_CHART.format(path=path)


def reply_to(service: KnowledgeService, text: str) -> str:
    """What the bot would answer to this message in a private chat, as console text."""
    if not text.startswith("/"):
        return _answer(service, text)
    command, _, rest = text[1:].partition(" ")
    command = command.split("@", 1)[0].lower()
    example = (service.examples(1) or [messages.DEFAULT_EXAMPLE])[0]
    if command == "start":
        return plain(messages.START.format(example=html.escape(example)))
    if command == "help":
        lines = "\n".join(f"• {q}" for q in service.examples(5)) or plain(messages.NO_EXAMPLES)
        return plain(messages.HELP.format(examples=lines, username="bot")) + "\n" + messages.CONSOLE_HELP_TAIL
    if command == "sources":
        return service.sources_text() or plain(messages.SOURCES_EMPTY)
    if command == "ask":
        return _answer(service, rest.strip()) if rest.strip() else plain(messages.ASK_USAGE.format(example=example))
    if command == "scorecard":
        return _answer(service, rest.strip() + "目标完成情况") if rest.strip() else plain(messages.SCORECARD_USAGE)
    if command == "add":
        return _add(service, rest)
    if command == "reload":
        return _reload(service)
    return messages.CONSOLE_UNKNOWN_COMMAND.format(command=command)


def _reload(service: KnowledgeService) -> str:
    from knowledge.service import BuildFailed, ReloadInProgress

    try:
        return service.reload().to_text()
    except ReloadInProgress:
        return messages.RELOAD_IN_PROGRESS
    except BuildFailed as error:
        return plain(messages.RELOAD_FAILED.format(reason=html.escape(str(error))))


def _add(service: KnowledgeService, rest: str) -> str:
    """/add URL in the console: fetch into the seeds folder, then reload (the bot's /add)."""
    from knowledge.fetch import FetchError, fetch, find_url

    url = find_url(rest)
    if url is None:
        return plain(messages.ADD_USAGE)
    try:
        got = fetch(url, service.seeds_dir)
    except (FetchError, OSError) as error:
        return plain(messages.ADD_FAILED.format(reason=html.escape(str(error))))
    fields = dict(name=got.path.name, size_kb=got.size / 1024, region=got.region, year=got.year or "?")
    if got.same_as:
        return plain(messages.ADD_SAME.format(**fields))
    saved = plain((messages.UPLOAD_REPLACED if got.replaced else messages.UPLOAD_SAVED).format(**fields))
    return saved + "\n" + _reload(service)
