"""The change log: one entry per new, edited or withdrawn article, list change and event, and
the entries a force's standing adds: a reported change confirmed, one held for review or cleared,
a correction, a PCC response overdue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

CHANGE_KINDS = (
    "new",
    "edited",
    "withdrawn",
    "list_change",
    "event",
    "retraction",
    "confirmed",
    "review",
    "cleared",
    "correction",
    "pcc_response_overdue",
)


def add_change(
    db: Database,
    *,
    detected_at: str,
    source_id: str,
    force: str | None,
    kind: str,
    summary: str,
    url: str,
    baseline: bool,
    revision_id: int | None = None,
    event_id: str | None = None,
    crawl_run_id: int | None = None,
    detail: str | None = None,
) -> int:
    """`detail` is forcewatch's own explanation, for entries that quote no source."""
    if kind not in CHANGE_KINDS:
        raise ValueError(f"unknown change kind {kind!r}")
    return db.execute(
        "INSERT INTO changes (detected_at, source_id, force, kind, summary, url, baseline,"
        " revision_id, event_id, crawl_run_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            detected_at,
            source_id,
            force,
            kind,
            summary,
            url,
            int(baseline),
            revision_id,
            event_id,
            crawl_run_id,
            detail,
        ],
    ).lastrowid


def change_filters(
    force: str | None,
    kinds: Sequence[str],
    event_types: Sequence[str],
    after: str | None,
    before: str | None,
    include_baseline: bool,
) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters for the change log's filters (changes `c`, events `e`)."""
    where, params = [], []
    if force:
        where.append("c.force = ?")
        params.append(force)
    if kinds:
        where.append(f"c.kind IN ({','.join('?' * len(kinds))})")
        params.extend(kinds)
    if event_types:
        where.append(f"e.type IN ({','.join('?' * len(event_types))})")
        params.extend(event_types)
    if after:
        where.append("c.detected_at >= ?")
        params.append(after)
    if before:
        where.append("c.detected_at < ?")
        params.append(before)
    if not include_baseline:
        where.append("c.baseline = 0")
    return (" WHERE " + " AND ".join(where) if where else ""), params


def list_changes(
    db: Database,
    *,
    force: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    include_baseline: bool = True,
) -> list[dict[str, Any]]:
    """Newest first; `since` is an ISO date or datetime compared with the detection time.

    Entries about an event carry the change it is linked into: `link_id`, its `state`
    (reported, confirmed, review or retracted) and how many sources report it.
    """
    where, params = change_filters(force, [kind] if kind else [], [], since, None, include_baseline)
    sql = (
        "SELECT c.id, c.detected_at, c.source_id, c.force, c.kind, c.summary, c.url, c.baseline,"
        " e.type AS event_type, e.count AS event_count, e.area AS event_area,"
        " e.grade AS event_grade, e.evidence AS evidence, e.confidence AS confidence,"
        " c.detail, l.id AS link_id, l.state, l.sources AS link_sources"
        " FROM changes c LEFT JOIN events e ON e.id = c.event_id"
        " LEFT JOIN link_events le ON le.event_id = c.event_id"
        " LEFT JOIN links l ON l.id = le.link_id"
    )
    sql += where + " ORDER BY c.detected_at DESC, c.id DESC"
    rows = []
    for row in db.query(sql, params):
        row["baseline"] = bool(row["baseline"])
        rows.append(row)
    return rows
