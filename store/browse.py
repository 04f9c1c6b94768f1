"""Reading the change log a page at a time, for the web pages and feeds.

Filters, order and paging all happen in SQL, so a page of the change log costs the same with
ten thousand entries as with ten.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from store.changes import change_filters

COLUMNS = (
    "SELECT c.id, c.detected_at, c.source_id, c.force, c.kind, c.summary, c.detail, c.url,"
    " c.baseline, c.revision_id, e.type AS event_type, e.count AS event_count, e.area AS event_area,"
    " e.grade AS event_grade, e.evidence AS evidence, e.confidence AS confidence,"
    " e.retracted_at AS retracted_at,"
    " COALESCE(r.title, a.title) AS title, COALESCE(r.published, a.published) AS published,"
    " src.name AS source_name, src.kind AS source_kind"
    " FROM changes c LEFT JOIN events e ON e.id = c.event_id"
    " LEFT JOIN revisions r ON r.id = c.revision_id"
    " LEFT JOIN articles a ON a.url = c.url"
    " LEFT JOIN sources src ON src.id = c.source_id"
)


def change_page(
    db: Database,
    *,
    force: str | None = None,
    kinds: Sequence[str] = (),
    event_types: Sequence[str] = (),
    after: str | None = None,
    before: str | None = None,
    include_baseline: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Changes newest first, with their event, source and article title; `after` (inclusive)
    and `before` (exclusive) are ISO timestamps compared with the detection time."""
    where, params = change_filters(force, kinds, event_types, after, before, include_baseline)
    sql = COLUMNS + where + " ORDER BY c.detected_at DESC, c.id DESC"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    rows = []
    for row in db.query(sql, params):
        row["baseline"] = bool(row["baseline"])
        row["event_grade"] = json.loads(row["event_grade"]) if row["event_grade"] else None
        rows.append(row)
    return rows


def count_changes(
    db: Database,
    *,
    force: str | None = None,
    kinds: Sequence[str] = (),
    event_types: Sequence[str] = (),
    after: str | None = None,
    before: str | None = None,
    include_baseline: bool = True,
) -> int:
    """How many changes `change_page` would give without a limit."""
    where, params = change_filters(force, kinds, event_types, after, before, include_baseline)
    # The events join is only needed to filter on the event type.
    join = " LEFT JOIN events e ON e.id = c.event_id" if event_types else ""
    return next(db.query(f"SELECT COUNT(*) AS n FROM changes c{join}{where}", params))["n"]


def changes_per_force(db: Database) -> dict[str, dict[str, int]]:
    """For each force: its changes and, of them, its events (baseline included)."""
    rows = db.query(
        "SELECT force, COUNT(*) AS changes, SUM(kind = 'event') AS events FROM changes"
        " WHERE force IS NOT NULL GROUP BY force"
    )
    return {r["force"]: {"changes": r["changes"], "events": r["events"] or 0} for r in rows}
