"""The one segmenter: a private jieba.Tokenizer with the project's user dictionary.

Ingestion and questions use the same instance, so both sides cut text the same way. jieba's
dictionary load (~0.5 s with its cache) happens once, on first use or at `warm_up()`.
"""
from __future__ import annotations

import logging
import re
import sys
import tempfile
import threading
from pathlib import Path

from .lexicon import DATA

_lock = threading.Lock()
_tok = None
_KEEP = re.compile(r"[\w\u3400-\u9fff]")


def _tokenizer():
    global _tok
    if _tok is None:
        with _lock:
            if _tok is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                t = jieba.Tokenizer()
                t.tmp_dir = tempfile.gettempdir()
                t.initialize()
                t.load_userdict(_userdict_lines())
                _tok = t
    return _tok


def _userdict_lines():
    import io

    lines = [l for l in (DATA / "userdict.txt").read_text(encoding="utf-8").splitlines()
             if l.strip() and not l.startswith("#")]
    return io.StringIO("\n".join(lines))


def warm_up() -> None:
    _tokenizer()


def cut(text: str) -> list[str]:
    """Dictionary words only (no HMM guessing of unknown words): the index and the questions are
    cut the same way, and an unknown word still matches through its characters."""
    return [w for w in _tokenizer().lcut(text, HMM=False) if _KEEP.search(w)]


def cut_many(texts: list[str]) -> list[list[str]]:
    """Cut many short texts in one pass (one call into jieba instead of one per sentence)."""
    out: list[list[str]] = [[]]
    for w in _tokenizer().cut("\n".join(t.replace("\n", " ") for t in texts), HMM=False):
        if w == "\n":
            out.append([])
        elif _KEEP.search(w):
            out[-1].append(w)
    return out


def cut_for_search(text: str) -> list[str]:
    return [w for w in _tokenizer().lcut_for_search(text, HMM=False) if _KEEP.search(w)]


_pos_tok = None


def frequency(word: str) -> int:
    """jieba's dictionary count of a word (0 when unknown): how common a word is."""
    return _tokenizer().FREQ.get(word, 0) or 0


def pos(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech flag) pairs, cut like `cut` (dictionary words, no HMM); the project's
    words (indicator terms, region names) come out whole, tagged as in the user dictionary."""
    global _pos_tok
    if _pos_tok is None:
        base = _tokenizer()  # outside the lock: it takes the lock itself
        with _lock:
            if _pos_tok is None:
                _pos_tok = _pos_tokenizer(base)
    return [(p.word, p.flag) for p in _pos_tok.lcut(text, HMM=False) if _KEEP.search(p.word)]


def _pos_tokenizer(base):
    """jieba's POSTokenizer over our tokenizer. Importing jieba.posseg tags jieba's global default
    tokenizer from its 350,000-line dictionary (~0.5 s, as long as tagging ours); the global one is
    not used by this project, so that import reads an empty dictionary instead."""
    import jieba

    if "jieba.posseg" not in sys.modules:
        default = jieba.dt.dictionary
        empty = Path(tempfile.gettempdir()) / "knowledge-empty-dict.txt"
        try:
            empty.touch()
            jieba.dt.dictionary = str(empty)
            import jieba.posseg  # noqa: F401 — its module-level POSTokenizer reads the empty file
        except OSError:
            pass
        finally:
            jieba.dt.dictionary = default
    import jieba.posseg

    return jieba.posseg.POSTokenizer(base)


def cut_all_tokens(text: str) -> list[str]:
    """Every token of a text, punctuation included, so that their lengths add up to the text's."""
    return _tokenizer().lcut(text, HMM=False)
