"""Opening the database: WAL, a busy timeout and the migrations, in one place."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from store.migrations import migrations

DEFAULT_DB = Path("var/forcewatch.db")

# Crawls, the dispatcher and a person's commands share one file; writers wait for each other
# rather than fail with "database is locked".
BUSY_TIMEOUT_MS = 30_000


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says which file and why."""


def connect(path: str | Path | None = None) -> Database:
    """Open (creating if needed) the database at `path`, or an in-memory one for `":memory:"`."""
    target = DEFAULT_DB if path is None else path
    try:
        if str(target) == ":memory:":
            db = Database(memory=True)
        else:
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            db = Database(sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000))
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys=ON")
        if migrations.pending(db):
            # Two processes opening a new database at once must not both create its tables.
            with write_transaction(db):
                migrations.apply(db)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"cannot open database {target}: {exc}") from exc
    return db


def utcnow() -> str:
    """Timestamps are stored as ISO 8601 UTC text, which sorts and compares as time."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """BEGIN IMMEDIATE takes the write lock before the first read, so a read-then-write cannot
    fail half-way on a snapshot another writer has made stale (db.atomic() begins DEFERRED)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()
