"""HTTP validators (ETag, Last-Modified) of listing pages and feeds, for conditional requests."""

from __future__ import annotations

from sqlite_utils import Database

from store.db import utcnow


def load_validators(db: Database, source_id: str) -> dict[str, tuple[str | None, str | None]]:
    rows = db.query(
        "SELECT url, etag, last_modified FROM validators WHERE source_id = ?", [source_id]
    )
    return {r["url"]: (r["etag"], r["last_modified"]) for r in rows}


def save_validators(
    db: Database, source_id: str, validators: dict[str, tuple[str | None, str | None]]
) -> None:
    now = utcnow()
    with db.atomic():
        for url, (etag, last_modified) in validators.items():
            db.execute(
                "INSERT INTO validators (url, source_id, etag, last_modified, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,"
                " last_modified = excluded.last_modified, updated_at = excluded.updated_at",
                [url, source_id, etag, last_modified, now],
            )
