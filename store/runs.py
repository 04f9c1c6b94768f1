"""Sources as the store sees them, and crawl runs: what each crawl of a source did."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from registry import Source
from store.db import utcnow

OK = "ok"
ERROR = "error"
RUNNING = "running"


def sync_sources(db: Database, sources: Iterable[Source]) -> None:
    """Mirror the registry into the store, so change-log rows can name their source."""
    with db.atomic():
        for s in sources:
            db.execute(
                "INSERT INTO sources (id, name, kind, force, platform, enabled) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                " kind = excluded.kind, force = excluded.force, platform = excluded.platform,"
                " enabled = excluded.enabled",
                [s.id, s.name, s.kind, s.force, s.platform, int(s.enabled)],
            )


def is_baseline(db: Database, source_id: str) -> bool:
    """A source's history is a baseline until it has had one healthy crawl."""
    rows = db.query(
        "SELECT 1 FROM crawl_runs WHERE source_id = ? AND outcome = ? LIMIT 1", [source_id, OK]
    )
    return next(rows, None) is None


def start_run(db: Database, source_id: str, *, baseline: bool, now: str | None = None) -> int:
    return db.execute(
        "INSERT INTO crawl_runs (source_id, started_at, baseline) VALUES (?, ?, ?)",
        [source_id, now or utcnow(), int(baseline)],
    ).lastrowid


def finish_run(
    db: Database,
    run_id: int,
    *,
    outcome: str,
    requests: int,
    responses: dict[str, int],
    counts: dict[str, int],
    error: str | None = None,
    seconds: float | None = None,
    now: str | None = None,
) -> None:
    db.execute(
        "UPDATE crawl_runs SET finished_at = ?, seconds = ?, outcome = ?, requests = ?, responses = ?,"
        " items = ?, new = ?, changed = ?, unchanged = ?, withdrawn = ?, events = ?, errors = ?,"
        " error = ? WHERE id = ?",
        [
            now or utcnow(),
            seconds,
            outcome,
            requests,
            json.dumps(responses, sort_keys=True),
            counts.get("items", 0),
            counts.get("new", 0),
            counts.get("changed", 0),
            counts.get("unchanged", 0),
            counts.get("withdrawn", 0),
            counts.get("events", 0),
            counts.get("errors", 0),
            error,
            run_id,
        ],
    )


def list_runs(
    db: Database, *, run_ids: Iterable[int] | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Newest first; `run_ids` narrows to the runs of one crawl."""
    sql = "SELECT * FROM crawl_runs"
    params: list[Any] = []
    if run_ids is not None:
        ids = list(run_ids)
        sql += f" WHERE id IN ({', '.join('?' for _ in ids)})"
        params.extend(ids)
    sql += " ORDER BY id DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    rows = []
    for row in db.query(sql, params):
        row["responses"] = json.loads(row["responses"])
        row["baseline"] = bool(row["baseline"])
        rows.append(row)
    return rows


def fail_unfinished(db: Database, run_ids: Iterable[int], error: str) -> int:
    """Close runs whose crawl died or was killed before recording an outcome."""
    ids = list(run_ids)
    if not ids:
        return 0
    return db.execute(
        f"UPDATE crawl_runs SET outcome = ?, error = ?, finished_at = ?, errors = errors + 1"
        f" WHERE outcome = ? AND id IN ({', '.join('?' for _ in ids)})",
        [ERROR, error, utcnow(), RUNNING, *ids],
    ).rowcount
