"""What the scheduler needs to judge each source's health, and what it last told the operator."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from store.db import write_transaction
from store.runs import ERROR, OK, RUNNING


def crawl_health(db: Database) -> dict[str, dict[str, Any]]:
    """Per source: finished runs, the last one, the last healthy one, and the failures since."""
    rows = db.query(
        "SELECT r.source_id, COUNT(*) AS runs, MAX(r.finished_at) AS last_finished_at,"
        " MAX(CASE WHEN r.outcome = ? THEN r.finished_at END) AS last_ok_at,"
        " SUM(CASE WHEN r.outcome = ? AND r.id > COALESCE(ok.last_ok_id, 0) THEN 1 ELSE 0 END)"
        " AS failures"
        " FROM crawl_runs r LEFT JOIN (SELECT source_id, MAX(id) AS last_ok_id FROM crawl_runs"
        " WHERE outcome = ? GROUP BY source_id) ok ON ok.source_id = r.source_id"
        " WHERE r.outcome != ? GROUP BY r.source_id",
        [OK, ERROR, OK, RUNNING],
    )
    return {row["source_id"]: row for row in rows}


def recent_runs(db: Database, per_source: int = 20) -> dict[str, list[dict[str, Any]]]:
    """The latest finished runs of every source, newest first."""
    rows = db.query(
        "SELECT id, source_id, started_at, finished_at, outcome, error, baseline, requests, items,"
        " new, changed, withdrawn, events FROM (SELECT *, ROW_NUMBER() OVER"
        " (PARTITION BY source_id ORDER BY id DESC) AS n FROM crawl_runs WHERE outcome != ?)"
        " WHERE n <= ? ORDER BY source_id, id DESC",
        [RUNNING, per_source],
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        row["baseline"] = bool(row["baseline"])
        out.setdefault(row["source_id"], []).append(row)
    return out


def publication_dates(db: Database, per_source: int = 20) -> dict[str, list[str]]:
    """The publication dates of each source's latest articles, as stored (newest first)."""
    rows = db.query(
        "SELECT source_id, published FROM (SELECT source_id, published, ROW_NUMBER() OVER"
        " (PARTITION BY source_id ORDER BY published DESC) AS n FROM articles"
        " WHERE published IS NOT NULL) WHERE n <= ? ORDER BY source_id, published DESC",
        [per_source],
    )
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row["source_id"], []).append(row["published"])
    return out


def health_reports(db: Database) -> dict[str, dict[str, Any]]:
    """What the operator was last told about each source, and when."""
    return {row["source_id"]: row for row in db.query("SELECT * FROM source_health")}


def record_health_reports(db: Database, reports: Iterable[tuple[str, str, str]], now: str) -> None:
    """Remember (source id, state, detail) as told to the operator at `now`."""
    with write_transaction(db):
        for source_id, state, detail in reports:
            db.execute(
                "INSERT INTO source_health (source_id, state, detail, reported_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(source_id) DO UPDATE SET state = excluded.state,"
                " detail = excluded.detail, reported_at = excluded.reported_at",
                [source_id, state, detail, now],
            )


def fail_abandoned_runs(db: Database, started_before: str, error: str, now: str) -> int:
    """Close runs still open from a scheduler that died with them, so they count as failures
    and the next crawl is planned from them."""
    return db.execute(
        "UPDATE crawl_runs SET outcome = ?, error = ?, finished_at = ?, errors = errors + 1"
        " WHERE outcome = ? AND started_at < ?",
        [ERROR, error, now, RUNNING, started_before],
    ).rowcount
