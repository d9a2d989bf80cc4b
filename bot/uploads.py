"""Saving a report file an admin sent into SEEDS_DIR: safe name, size cap, atomic write."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

ALLOWED_SUFFIXES = (".txt", ".md")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the Bot API's own getFile limit
_UNSAFE_RE = re.compile(r"[^\w.\-]+")
_MAX_NAME_CHARS = 100


def has_allowed_suffix(file_name: str | None) -> bool:
    """True for ``*.txt`` / ``*.md`` names (any case)."""
    return bool(file_name) and file_name.lower().endswith(ALLOWED_SUFFIXES)


def safe_file_name(file_name: str | None, fallback_stem: str) -> str:
    """A plain file name for SEEDS_DIR: no directories, no hidden or reserved names, .txt/.md.

    ``../../etc/passwd.txt`` → ``passwd.txt``; ``..\\a b?.MD`` → ``a_b_.md``; ``''`` → fallback.
    """
    name = unicodedata.normalize("NFKC", file_name or "")
    name = name.replace("\\", "/").split("/")[-1]
    suffix = next((s for s in ALLOWED_SUFFIXES if name.lower().endswith(s)), ".txt")
    stem = name[: len(name) - len(suffix)] if name.lower().endswith(suffix) else name
    stem = _UNSAFE_RE.sub("_", stem).strip("._-")[:_MAX_NAME_CHARS]
    return f"{stem or fallback_stem}{suffix}"


def looks_like_text(data: bytes) -> bool:
    """Reject obvious binaries (NUL bytes) before they reach SEEDS_DIR."""
    return b"\x00" not in data[:65536]


def save_atomically(directory: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``directory/name`` via a temporary file and a rename (blocking)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    if target.resolve().parent != directory.resolve():
        raise ValueError(f"unsafe file name {name!r}")
    handle, temp_path = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_path, target)
    except BaseException:
        Path(temp_path).unlink(missing_ok=True)
        raise
    return target
