"""The seeds folder as admins fill it (an upload, a fetched link): a safe name, a size cap, an
atomic write, the replaced file kept for /undo."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

ALLOWED_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
REPLACED_DIR = ".replaced"  # inside SEEDS_DIR: earlier versions of replaced reports (never loaded)
PENDING_DIR = ".pending"  # inside SEEDS_DIR: uploads waiting for the admin to confirm a replacement
PENDING_HOURS = 24
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the Bot API's own getFile limit
_UNSAFE_RE = re.compile(r"[^\w.\-]+")
_MAX_NAME_CHARS = 100
_MAX_NAME_BYTES = 180  # file systems allow 255 bytes; room for the suffix and a dated copy's prefix


def has_allowed_suffix(file_name: str | None) -> bool:
    """True for the report formats the reader takes (any case)."""
    return bool(file_name) and file_name.lower().endswith(ALLOWED_SUFFIXES)


def safe_file_name(file_name: str | None, fallback_stem: str) -> str:
    """A plain file name for SEEDS_DIR: no directories, no hidden or reserved names, a report suffix.

    ``../../etc/passwd.txt`` → ``passwd.txt``; ``..\\a b?.MD`` → ``a_b_.md``; ``''`` → fallback.
    """
    name = unicodedata.normalize("NFKC", file_name or "")
    name = name.replace("\\", "/").split("/")[-1]
    suffix = next((s for s in ALLOWED_SUFFIXES if name.lower().endswith(s)), ".txt")
    stem = name[: len(name) - len(suffix)] if name.lower().endswith(suffix) else name
    stem = _UNSAFE_RE.sub("_", stem).strip("._-")[:_MAX_NAME_CHARS]
    while len(stem.encode("utf-8")) > _MAX_NAME_BYTES:  # 150 Chinese characters are 450 bytes: too long a name
        stem = stem[:-1]
    return f"{stem or fallback_stem}{suffix}"


def _stamp() -> str:
    import time

    return time.strftime("%Y%m%d-%H%M%S")


def keep_replaced(directory: Path, name: str) -> Path | None:
    """Before a report is overwritten: copy the old file to SEEDS_DIR/.replaced/ under a dated
    name (the original stays in place until the new one atomically takes its name)."""
    import shutil

    target = directory / name
    if not target.is_file():
        return None
    keep = directory / REPLACED_DIR
    keep.mkdir(exist_ok=True)
    copy = keep / f"{_stamp()}-{name}"
    shutil.copy2(target, copy)
    return copy


def record_upload(directory: Path, name: str, replaced: Path | None) -> None:
    """Remember the last upload, for /undo (a small JSON file beside the kept copies)."""
    import json

    keep = directory / REPLACED_DIR
    keep.mkdir(exist_ok=True)
    (keep / "last-upload.json").write_text(
        json.dumps({"name": name, "replaced": replaced.name if replaced else None}, ensure_ascii=False),
        encoding="utf-8")


def undo_last_upload(directory: Path) -> tuple[str, str] | None:
    """Undo the last upload: the replaced report comes back, or an added one is taken out (kept in
    .replaced/ either way). Returns (what was done: 'restored' | 'removed', file name), or None."""
    import json

    keep = directory / REPLACED_DIR
    record = keep / "last-upload.json"
    if not record.is_file():
        return None
    last = json.loads(record.read_text(encoding="utf-8"))
    name, replaced = last["name"], last.get("replaced")
    current = directory / name
    if current.is_file():
        os.replace(current, keep / f"{_stamp()}-undone-{name}")
    if replaced and (keep / replaced).is_file():
        os.replace(keep / replaced, current)
        done = "restored"
    else:
        done = "removed"
    record.unlink()
    return done, name


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


def stash_pending(directory: Path, key: str, data: bytes) -> Path:
    """Keep an upload that would replace a report until the admin confirms it (never loaded)."""
    pending = directory / PENDING_DIR
    pending.mkdir(exist_ok=True)
    return save_atomically(pending, f"{key}.bin", data)


def take_pending(directory: Path, key: str) -> bytes | None:
    """The stashed upload's bytes (and it is gone from the stash), or None when there is none."""
    path = directory / PENDING_DIR / f"{key}.bin"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    path.unlink(missing_ok=True)
    return data


def clean_pending(directory: Path) -> int:
    """Drop stashed uploads older than PENDING_HOURS (their confirmation buttons are expired)."""
    import time

    pending = directory / PENDING_DIR
    if not pending.is_dir():
        return 0
    removed = 0
    for path in pending.iterdir():
        try:
            if path.stat().st_mtime < time.time() - PENDING_HOURS * 3600:
                path.unlink()
                removed += 1
        except OSError:
            pass
    return removed
