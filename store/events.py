"""Events and their change-log entries, written together."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlite_utils import Database

from store.changes import add_change

# What an event was read from; only events of an article's text are retracted by its edits.
TEXT = "text"
LIST = "list"
TABLE = "table"


def event_key(*parts: str) -> str:
    """Derived from what the event is about, so recording it again is a no-op."""
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def record_event(
    db: Database,
    key: str,
    event: dict[str, Any],
    *,
    url: str,
    source_id: str,
    revision_id: int | None,
    run_id: int | None,
    baseline: bool,
    now: str,
) -> None:
    """Store an event (reviving it if it had been retracted) and its change-log entry.

    `origin` says what the event was read from: an article's text (the default), a list page
    or a report's table; `occurred` is when it happened, where the page says so and the
    article's date does not ("2026-10", "2026-10-22").
    """
    grade = json.dumps(event["grade"], sort_keys=True) if event.get("grade") else None
    db.execute(
        "INSERT INTO events (id, type, force, count, area, grade, evidence, confidence,"
        " article_url, revision_id, source_id, detected_at, baseline, origin, occurred) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET retracted_at = NULL, revision_id = excluded.revision_id,"
        " evidence = excluded.evidence, count = excluded.count, grade = excluded.grade,"
        " confidence = excluded.confidence, detected_at = excluded.detected_at,"
        " baseline = excluded.baseline, occurred = excluded.occurred",
        [
            key,
            event["type"],
            event["force"],
            event.get("count"),
            event.get("area"),
            grade,
            event.get("evidence", ""),
            event.get("confidence", 0.0),
            url,
            revision_id,
            source_id,
            now,
            int(baseline),
            event.get("origin", TEXT),
            event.get("occurred"),
        ],
    )
    add_change(
        db,
        detected_at=now,
        source_id=source_id,
        force=event["force"],
        kind="event",
        summary=event["summary"],
        url=url,
        baseline=baseline,
        revision_id=revision_id,
        event_id=key,
        crawl_run_id=run_id,
    )
