"""The console chat: questions from stdin, answers on stdout (used when there is no token)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from bot import messages

if TYPE_CHECKING:
    from knowledge.service import KnowledgeService


def run_console(service: KnowledgeService, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Answer one question per line until EOF, ``exit`` or Ctrl-C; return the exit code (0)."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    for stream in (stdin, stdout):  # a C/POSIX locale must not break Chinese text
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    interactive = stdin.isatty()
    examples = service.examples(1)
    if interactive:
        print(messages.CONSOLE_INTRO.format(example=examples[0] if examples else messages.DEFAULT_EXAMPLE), file=stdout)
    try:
        while True:
            if interactive:
                print(messages.CONSOLE_PROMPT, end="", file=stdout, flush=True)
            line = stdin.readline()
            if not line:  # EOF
                break
            question = line.strip()
            if question.lower() in messages.CONSOLE_EXIT_WORDS:
                break
            if question:
                print(service.ask(question).reply, file=stdout, flush=True)
                if interactive:
                    print(file=stdout)
    except KeyboardInterrupt:
        print(file=stdout)
    if interactive:
        print(messages.CONSOLE_BYE, file=stdout)
    return 0
