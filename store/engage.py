"""The inspectorate's Engage list pages, compared as sets of forces rather than as text."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from store.changes import add_change
from store.db import utcnow, write_transaction
from store.events import event_key, record_event

CURRENT = "current"


@dataclass
class ListOutcome:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


def save_engage_list(
    db: Database,
    *,
    source_id: str,
    listing: str,
    url: str,
    forces: list[dict[str, Any]],
    html_hash: str,
    events_for: Callable[[list[str], list[str]], list[dict[str, Any]]],
    run_id: int | None,
    baseline: bool,
    now: str | None = None,
) -> ListOutcome:
    """Store the page's forces and record each force that joined or left as a list change.

    `events_for(added, removed)` turns the difference into events: the caller owns the event
    vocabulary, the store only keeps what it is given, in the same transaction.
    """
    now = now or utcnow()
    outcome = ListOutcome()
    with write_transaction(db):
        rows = list(db.query("SELECT forces FROM engage_lists WHERE listing = ?", [listing]))
        before = {f["force"] for f in json.loads(rows[0]["forces"])} if rows else set()
        after = {f["force"] for f in forces}
        outcome.added = sorted(after - before)
        outcome.removed = sorted(before - after)
        db.execute(
            "INSERT INTO engage_lists (listing, source_id, url, forces, html_hash, fetched_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(listing) DO UPDATE SET forces = excluded.forces,"
            " url = excluded.url, html_hash = excluded.html_hash, fetched_at = excluded.fetched_at",
            [listing, source_id, url, json.dumps(forces, sort_keys=True), html_hash, now],
        )
        page = (
            "Police forces in Engage"
            if listing == CURRENT
            else "Police forces previously in Engage"
        )
        for verb, forces_changed in (
            ("Added to", outcome.added),
            ("Removed from", outcome.removed),
        ):
            for force in forces_changed:
                add_change(
                    db,
                    detected_at=now,
                    source_id=source_id,
                    force=force,
                    kind="list_change",
                    summary=f"{verb} '{page}': {force}",
                    url=url,
                    baseline=baseline,
                    crawl_run_id=run_id,
                )
        for event in events_for(outcome.added, outcome.removed):
            # A force can enter, leave and re-enter: the day of the observation is part of the key.
            key = event_key(event["type"], event["force"], url, now[:10])
            record_event(
                db,
                key,
                event,
                url=url,
                source_id=source_id,
                revision_id=None,
                run_id=run_id,
                baseline=baseline,
                now=now,
            )
            outcome.events.append(key)
    return outcome
