"""The change-log page over 10,000 entries: the whole request through Flask (filters, two
queries, 50 entries rendered with Jinja), against the store's two queries for the same page.

The first page and the last one (the deepest OFFSET) are measured; each figure is the best of
several requests, after one that warms the templates and SQLite's page cache.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import store
from config import Config
from registry import Source
from store.browse import change_page, count_changes
from store.db import write_transaction
from store.events import event_key, record_event
from web import create_app

ENTRIES = 10_000
PER_PAGE = 50
PASSES = 7
SOURCE = Source(
    id="west-midlands",
    name="West Midlands Police",
    kind="force",
    platform="soh",
    start_urls=("https://www.westmidlands.police.uk/news/west-midlands/news/",),
    force="West Midlands Police",
)
FORCES = ("West Midlands Police", "Nottinghamshire Police", "Kent Police", "Essex Police")
TYPES = ("concern_raised", "concern_closed", "aoi_raised", "engage_entered")


def _seed(db: Any) -> None:
    store.sync_sources(db, [SOURCE])
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with write_transaction(db):
        for n in range(ENTRIES):
            force, kind = FORCES[n % len(FORCES)], TYPES[n % len(TYPES)]
            url = f"{SOURCE.start_urls[0]}news/2026/story-{n}/"
            event = {
                "type": kind,
                "force": force,
                "count": 1 + n % 3,
                "evidence": f"Inspectors found that matter {n} needed attention at {force}.",
                "confidence": 0.9,
                "summary": f"{force}: {kind.replace('_', ' ')} ({n})",
            }
            record_event(
                db,
                event_key(kind, force, url),
                event,
                url=url,
                source_id=SOURCE.id,
                revision_id=None,
                run_id=None,
                baseline=False,
                now=(start + timedelta(minutes=n)).isoformat(timespec="seconds"),
            )


def _best(func: Any) -> float:
    func()
    best = float("inf")
    for _ in range(PASSES):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def run() -> dict[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        config = Config(db=Path(tmp) / "forcewatch.db", outbox=Path(tmp) / "outbox")
        db = store.connect(config.db)
        _seed(db)
        if count_changes(db) != ENTRIES:
            raise RuntimeError("the change log was not seeded")
        last = ENTRIES // PER_PAGE
        app = create_app(config, sources=[SOURCE])
        client = app.test_client()

        def page(number: int) -> None:
            response = client.get(f"/changes?page={number}")
            if response.status_code != 200 or response.data.count(b'class="change"') != PER_PAGE:
                raise RuntimeError(f"page {number} of the change log did not render")

        def queries() -> None:
            count_changes(db)
            change_page(db, limit=PER_PAGE)

        baseline = _best(queries)
        first_ms = _best(lambda: page(1))
        last_ms = _best(lambda: page(last))
        app.extensions["forcewatch"].mailer.close()
        db.close()
    return {
        "change_log_page_ms": {
            "value": first_ms,
            "unit": "ms/page",
            "baseline": baseline,
            "ratio": first_ms / baseline,
        },
        "change_log_last_page_ms": {
            "value": last_ms,
            "unit": "ms/page",
            "baseline": baseline,
            "ratio": last_ms / baseline,
        },
    }


if __name__ == "__main__":
    print(run())
