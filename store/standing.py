"""What a force's standing is built from and what it is: PEEL grade tables, the events of a
force in the order they were learnt, the linked changes, each force's standing as JSON, and
the watermark up to which the change log has been read into them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from store.changes import add_change
from store.db import utcnow, write_transaction
from store.events import TABLE, event_key, record_event
from store.runs import OK

INSPECTORATE = "inspectorate"
PCC = "pcc"


@dataclass
class ReportOutcome:
    """What storing one report's grade table did: `previous` is the force's report before it."""

    status: str  # new | changed | unchanged
    previous: dict[str, Any] | None = None
    events: list[str] = field(default_factory=list)


def _report(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "grades": json.loads(row["grades"])}


def save_peel_report(
    db: Database,
    *,
    source_id: str,
    url: str,
    force: str,
    cycle: str,
    title: str,
    published: str | None,
    grades: dict[str, str],
    html_hash: str,
    events_for: Callable[[dict[str, Any] | None], list[dict[str, Any]]],
    run_id: int | None,
    baseline: bool,
    now: str | None = None,
) -> ReportOutcome:
    """Store a report's grades per force and cycle; a new table, or one whose grades changed,
    is recorded as the events `events_for(previous report)` makes of it, in one transaction."""
    now = now or utcnow()
    with write_transaction(db):
        rows = list(db.query("SELECT grades FROM peel_reports WHERE url = ?", [url]))
        if rows and json.loads(rows[0]["grades"]) == grades:
            return ReportOutcome("unchanged")
        earlier = [
            _report(r)
            for r in db.query(
                "SELECT url, cycle, title, published, grades FROM peel_reports"
                " WHERE force = ? AND url != ? AND cycle != ? AND COALESCE(published, '') <= ?"
                " ORDER BY published DESC LIMIT 1",
                [force, url, cycle, published or ""],
            )
        ]
        outcome = ReportOutcome("changed" if rows else "new", earlier[0] if earlier else None)
        db.execute(
            "INSERT INTO peel_reports (url, source_id, force, cycle, title, published, grades,"
            " html_hash, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE"
            " SET force = excluded.force, cycle = excluded.cycle, title = excluded.title,"
            " published = excluded.published, grades = excluded.grades,"
            " html_hash = excluded.html_hash, fetched_at = excluded.fetched_at",
            [
                url,
                source_id,
                force,
                cycle,
                title,
                published,
                json.dumps(grades),
                html_hash,
                now,
            ],
        )
        for event in events_for(outcome.previous):
            key = event_key(event["type"], event["force"], url, TABLE)
            record_event(
                db,
                key,
                {**event, "origin": TABLE},
                url=url,
                source_id=source_id,
                revision_id=None,
                run_id=run_id,
                baseline=baseline,
                now=now,
            )
            outcome.events.append(key)
    return outcome


def peel_reports(db: Database, force: str | None = None) -> list[dict[str, Any]]:
    """Stored grade tables, oldest first."""
    sql = "SELECT * FROM peel_reports"
    params: list[Any] = []
    if force is not None:
        sql += " WHERE force = ?"
        params.append(force)
    return [_report(r) for r in db.query(sql + " ORDER BY published, url", params)]


def force_events(db: Database, force: str) -> list[dict[str, Any]]:
    """Every event of a force, retracted ones too, in the order forcewatch learnt of them,
    with the source and the article (or report) it came from."""
    rows = db.query(
        "SELECT e.id, e.type, e.force, e.count, e.area, e.grade, e.evidence, e.confidence,"
        " e.article_url AS url, e.source_id, COALESCE(s.kind, '') AS source_kind,"
        " COALESCE(s.name, e.source_id) AS source_name, e.baseline,"
        " e.retracted_at IS NOT NULL AS retracted, e.origin, e.occurred, e.detected_at,"
        " COALESCE(p.title, a.title) AS title, COALESCE(a.published, p.published) AS published,"
        " (SELECT MIN(c.id) FROM changes c WHERE c.event_id = e.id AND c.kind = 'event') AS seq"
        " FROM events e LEFT JOIN sources s ON s.id = e.source_id"
        " LEFT JOIN articles a ON a.url = e.article_url"
        " LEFT JOIN peel_reports p ON p.url = e.article_url"
        " WHERE e.force = ? ORDER BY seq, e.id",
        [force],
    )
    out = []
    for row in rows:
        row["grade"] = json.loads(row["grade"]) if row["grade"] else None
        row["baseline"] = bool(row["baseline"])
        row["retracted"] = bool(row["retracted"])
        row["seq"] = row["seq"] or 0
        out.append(row)
    return out


def forces_with_events(db: Database) -> list[str]:
    return [r["force"] for r in db.query("SELECT DISTINCT force FROM events ORDER BY force")]


def changed_forces(db: Database, after: int) -> set[str]:
    """Forces named by change-log entries after `after`: their standing may have moved."""
    rows = db.query(
        "SELECT DISTINCT force FROM changes WHERE id > ? AND force IS NOT NULL", [after]
    )
    return {r["force"] for r in rows}


def max_change_id(db: Database) -> int:
    return next(db.query("SELECT COALESCE(MAX(id), 0) AS n FROM changes"))["n"]


def inspectorate_read(db: Database) -> bool:
    """Whether a crawl of the inspectorate's news has finished well: only then does
    forcewatch hold its record of Engage moves and causes of concern, and can call a report
    that disagrees with it a contradiction."""
    rows = db.query(
        "SELECT 1 FROM crawl_runs r JOIN sources s ON s.id = r.source_id"
        " WHERE s.kind = ? AND r.outcome = ?"
        " AND EXISTS (SELECT 1 FROM articles a WHERE a.source_id = s.id) LIMIT 1",
        [INSPECTORATE, OK],
    )
    return next(rows, None) is not None


def meta(db: Database) -> dict[str, str]:
    return {r["key"]: r["value"] for r in db.query("SELECT key, value FROM standing_meta")}


def set_meta(db: Database, **values: Any) -> None:
    for key, value in values.items():
        db.execute(
            "INSERT INTO standing_meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, str(value)],
        )


def standing_through(db: Database) -> int:
    """The last change-log entry read into the standing: later ones are not linked yet."""
    return int(meta(db).get("through", 0))


def stored_links(db: Database, force: str) -> dict[str, dict[str, Any]]:
    """The linked changes of a force as last stored: their state, and whether their first
    source had been taken back."""
    rows = db.query("SELECT id, state, lead_retracted FROM links WHERE force = ?", [force])
    return {
        r["id"]: {"state": r["state"], "lead_retracted": bool(r["lead_retracted"])} for r in rows
    }


def save_force(
    db: Database,
    force: str,
    *,
    stage: str,
    next_due: str | None,
    standing: dict[str, Any],
    links: Sequence[dict[str, Any]],
    now: str,
) -> None:
    """Replace a force's linked changes and standing with newly derived ones."""
    db.execute(
        "DELETE FROM link_events WHERE link_id IN (SELECT id FROM links WHERE force = ?)", [force]
    )
    db.execute("DELETE FROM links WHERE force = ?", [force])
    for link in links:
        db.execute(
            "INSERT INTO links (id, force, type, state, reason, occurred, count, area,"
            " lead_change_id, lead_retracted, sources, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                link["id"],
                force,
                link["type"],
                link["state"],
                link["reason"],
                link["date"],
                link["count"],
                link["areas"][0] if len(link["areas"]) == 1 else None,
                link["lead_change_id"] or None,
                int(link["lead_retracted"]),
                len(link["sources"]),
                json.dumps(link),
            ],
        )
        db.conn.executemany(
            "INSERT OR REPLACE INTO link_events (event_id, link_id) VALUES (?, ?)",
            [(event_id, link["id"]) for event_id in link["event_ids"]],
        )
    db.execute(
        "INSERT INTO standings (force, stage, next_due, data, updated_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(force) DO UPDATE SET stage = excluded.stage, next_due = excluded.next_due,"
        " data = excluded.data, updated_at = excluded.updated_at",
        [force, stage, next_due, json.dumps(standing), now],
    )


def clear(db: Database) -> None:
    """Forget every derived standing and link, before deriving them again from the events."""
    db.execute("DELETE FROM link_events")
    db.execute("DELETE FROM links")
    db.execute("DELETE FROM standings")


def standings(db: Database) -> dict[str, dict[str, Any]]:
    """Every force's stored standing, by force."""
    return {
        r["force"]: json.loads(r["data"]) for r in db.query("SELECT force, data FROM standings")
    }


def standing_of(db: Database, force: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT data FROM standings WHERE force = ?", [force]))
    return json.loads(rows[0]["data"]) if rows else None


def links_by_id(db: Database, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    wanted = sorted(set(ids))
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.query(f"SELECT id, data FROM links WHERE id IN ({marks})", chunk):
            out[row["id"]] = json.loads(row["data"])
    return out


def links(db: Database, *, force: str | None = None, state: str | None = None) -> list[dict]:
    """Stored linked changes, newest first."""
    where, params = [], []
    if force is not None:
        where.append("force = ?")
        params.append(force)
    if state is not None:
        where.append("state = ?")
        params.append(state)
    sql = "SELECT data FROM links" + (" WHERE " + " AND ".join(where) if where else "")
    return [json.loads(r["data"]) for r in db.query(sql + " ORDER BY occurred DESC, id", params)]


def due_forces(db: Database, today: str) -> list[str]:
    """Forces with a PCC response clock that has run out by `today` since it was last read."""
    rows = db.query(
        "SELECT force FROM standings WHERE next_due IS NOT NULL AND next_due < ?", [today]
    )
    return [r["force"] for r in rows]


def pcc_watch(db: Database, force: str) -> dict[str, Any] | None:
    """Since when forcewatch has read the force's PCC site (its first good crawl) and how far
    back what it holds from there goes; None when it reads no PCC site for the force."""
    row = next(
        db.query(
            "SELECT MIN(r.started_at) AS since,"
            " (SELECT MIN(a.published) FROM articles a JOIN sources s2 ON s2.id = a.source_id"
            "  WHERE s2.kind = ? AND s2.force = ?) AS covers_from"
            " FROM crawl_runs r JOIN sources s ON s.id = r.source_id"
            " WHERE s.kind = ? AND s.force = ? AND r.outcome = ?",
            [PCC, force, PCC, force, OK],
        )
    )
    return row if row["since"] else None


def pcc_articles(db: Database, force: str) -> list[dict[str, Any]]:
    """The live articles of the force's PCC sources, each with its latest text."""
    return list(
        db.query(
            "SELECT a.url, a.title, a.published,"
            " (SELECT r.text FROM revisions r WHERE r.article_url = a.url"
            "  ORDER BY r.id DESC LIMIT 1) AS text"
            " FROM articles a JOIN sources s ON s.id = a.source_id"
            " WHERE s.kind = ? AND s.force = ? AND a.status = 'live' ORDER BY a.published",
            [PCC, force],
        )
    )


def overdue_noted(db: Database, report_url: str) -> bool:
    rows = db.query(
        "SELECT 1 FROM changes WHERE kind = 'pcc_response_overdue' AND url = ? LIMIT 1",
        [report_url],
    )
    return next(rows, None) is not None


def add_note(
    db: Database,
    *,
    kind: str,
    force: str,
    summary: str,
    detail: str,
    source_id: str,
    url: str,
    event_id: str | None,
    baseline: bool,
    now: str,
) -> int:
    """A change-log entry of forcewatch's own about a force's standing."""
    return add_change(
        db,
        detected_at=now,
        source_id=source_id,
        force=force,
        kind=kind,
        summary=summary,
        url=url,
        baseline=baseline,
        event_id=event_id,
        detail=detail,
    )
