"""The durable inbox: every update Telegram hands over is stored here before it is confirmed.

Telegram forgets an update once ``getUpdates`` is called with an offset above it (or once the
webhook answered 200). So the poller stores a fetched batch (one SQLite transaction) *before* it
asks for the next one, and an update leaves the inbox only when its handler finished. After a
crash, ``kill -9`` or an outage, :meth:`Inbox.pending` holds exactly the updates still owed an
answer; the bot answers them first thing after a restart (at least once: a question whose answer
was sent just before a crash can be answered twice, never zero times).

The inbox also keeps the region buttons of multi-region answers (``choices``) so that a button
pressed after a restart still works, and expires them after :data:`CHOICE_TTL_SECONDS`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

CHOICE_TTL_SECONDS = 7 * 24 * 3600  # a region button older than a week answers "expired"
MAX_CHOICES = 20_000  # region buttons kept across all chats
DONE_KEPT = 2_000  # handled updates kept (to ignore a redelivered one) before they are pruned

_SCHEMA = """
create table if not exists updates (
    update_id integer primary key,
    body text not null,
    received_at real not null,
    attempts integer not null default 0,
    done_at real
);
create index if not exists updates_pending on updates(update_id) where done_at is null;
create table if not exists choices (
    key text primary key,
    chat_id integer not null,
    body text not null,
    created_at real not null
);
create index if not exists choices_age on choices(created_at);
"""


class Inbox:
    """A small SQLite store (WAL: a write survives the process being killed once committed)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            db.execute("pragma journal_mode=wal")
            db.execute("pragma synchronous=normal")  # durable across a process crash; cheap commits
            db.executescript(_SCHEMA)
            if db.execute("pragma quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            return db
        except sqlite3.DatabaseError:
            # A damaged inbox must not stop the bot: keep it aside and start an empty one.
            if db is not None:
                db.close()
            stamp = time.strftime("%Y%m%d-%H%M%S")
            for suffix in ("", "-wal", "-shm"):
                old = self.path.with_name(self.path.name + suffix)
                if old.exists():
                    old.replace(old.with_name(f"{old.name}.damaged-{stamp}"))
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            db.execute("pragma journal_mode=wal")
            db.executescript(_SCHEMA)
            return db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------ updates

    def add(self, updates: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Store a fetched batch in one transaction; return the updates that were new (a
        redelivered update that is stored already is not handed out twice)."""
        if not updates:
            return []
        now = time.time()
        new = []
        with self._lock:
            self._db.execute("begin immediate")
            try:
                for update in updates:
                    cursor = self._db.execute(
                        "insert or ignore into updates (update_id, body, received_at) values (?, ?, ?)",
                        (int(update["update_id"]), json.dumps(update, ensure_ascii=False), now),
                    )
                    if cursor.rowcount:
                        new.append(update)
                self._db.execute("commit")
            except BaseException:
                self._db.execute("rollback")
                raise
        return new

    def pending(self) -> list[dict[str, Any]]:
        """Updates stored but not handled yet, oldest first."""
        with self._lock:
            rows = self._db.execute("select body from updates where done_at is null order by update_id").fetchall()
        return [json.loads(body) for (body,) in rows]

    def pending_count(self) -> int:
        with self._lock:
            return self._db.execute("select count(*) from updates where done_at is null").fetchone()[0]

    def next_offset(self) -> int:
        """The ``getUpdates`` offset that confirms every stored update (0: nothing stored yet)."""
        with self._lock:
            last = self._db.execute("select max(update_id) from updates").fetchone()[0]
        return 0 if last is None else last + 1

    def newest_received_at(self) -> float | None:
        with self._lock:
            return self._db.execute("select max(received_at) from updates").fetchone()[0]

    def done(self, update_id: int) -> None:
        """The update's handler finished: it is not owed an answer any more."""
        with self._lock:
            self._db.execute("update updates set done_at = ? where update_id = ?", (time.time(), update_id))
            if update_id % 200 == 0:
                self._prune_updates()

    def attempt(self, update_id: int) -> int:
        """Count one more try of an update (one that failed for the network); return the count."""
        with self._lock:
            self._db.execute("update updates set attempts = attempts + 1 where update_id = ?", (update_id,))
            row = self._db.execute("select attempts from updates where update_id = ?", (update_id,)).fetchone()
        return row[0] if row else 0

    def _prune_updates(self) -> None:
        # keep the newest handled ids (max(update_id) must survive: it is the next offset)
        self._db.execute(
            "delete from updates where done_at is not null and update_id < "
            "(select coalesce(min(update_id), 0) from "
            " (select update_id from updates where done_at is not null order by update_id desc limit ?))",
            (DONE_KEPT,),
        )

    # ------------------------------------------------------------ region buttons

    def remember_choice(self, key: str, chat_id: int, choice: dict[str, Any]) -> None:
        now = time.time()
        with self._lock:
            self._db.execute("insert or replace into choices (key, chat_id, body, created_at) values (?, ?, ?, ?)",
                             (key, chat_id, json.dumps(choice, ensure_ascii=False), now))
            self._db.execute("delete from choices where created_at < ?", (now - CHOICE_TTL_SECONDS,))
            self._db.execute(
                "delete from choices where key in (select key from choices order by created_at desc limit -1 offset ?)",
                (MAX_CHOICES,),
            )

    def recall_choice(self, key: str, chat_id: int) -> dict[str, Any] | None:
        """The remembered choice, or None when it is unknown, of another chat, or expired."""
        with self._lock:
            row = self._db.execute("select body, created_at from choices where key = ? and chat_id = ?",
                                   (key, chat_id)).fetchone()
        if row is None or row[1] < time.time() - CHOICE_TTL_SECONDS:
            return None
        return json.loads(row[0])

    def forget_choice(self, key: str) -> None:
        with self._lock:
            self._db.execute("delete from choices where key = ?", (key,))

    def choice_count(self) -> int:
        with self._lock:
            return self._db.execute("select count(*) from choices").fetchone()[0]
