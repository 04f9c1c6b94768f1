"""Articles, their revisions, withdrawals and the events detected in them."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from items import KnownArticle
from store.changes import add_change
from store.db import utcnow, write_transaction
from store.events import TEXT, event_key, record_event

NEW = "new"
CHANGED = "changed"
UNCHANGED = "unchanged"


@dataclass
class ArticleOutcome:
    status: str  # new | changed
    revision_id: int
    new_events: list[str] = field(default_factory=list)
    retracted_events: list[str] = field(default_factory=list)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def known_articles(db: Database, source_id: str) -> dict[str, KnownArticle]:
    """The live articles of a source, so a crawl can skip what it already holds."""
    rows = db.query(
        "SELECT url, title, published FROM articles WHERE source_id = ? AND status = 'live'",
        [source_id],
    )
    return {r["url"]: KnownArticle(r["title"], r["published"]) for r in rows}


def latest_revision(db: Database, url: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT r.id, r.title, r.text, r.text_hash, a.status FROM revisions r "
            "JOIN articles a ON a.url = r.article_url "
            "WHERE r.article_url = ? ORDER BY r.id DESC LIMIT 1",
            [url],
        )
    )
    return rows[0] if rows else None


def classify(db: Database, url: str, title: str, text: str) -> str:
    """new, changed or unchanged against the stored latest revision (cleaned text and title)."""
    latest = latest_revision(db, url)
    if latest is None:
        return NEW
    if latest["text_hash"] == text_hash(text) and latest["title"] == title:
        return CHANGED if latest["status"] != "live" else UNCHANGED
    return CHANGED


def unified_diff(old: str, new: str, url: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{url} (before)",
            tofile=f"{url} (after)",
        )
    )


def save_article(
    db: Database,
    *,
    source_id: str,
    force: str | None,
    url: str,
    title: str,
    published: str | None,
    text: str,
    html_hash: str,
    events: list[dict[str, Any]],
    run_id: int | None,
    baseline: bool,
    now: str | None = None,
) -> ArticleOutcome:
    """Store one new or changed article: the article, its revision, its change-log entries and
    its events, in one transaction, so a crash never leaves a revision without its events."""
    now = now or utcnow()
    digest = text_hash(text)
    with write_transaction(db):
        latest = latest_revision(db, url)
        status = NEW if latest is None else CHANGED
        diff = unified_diff(latest["text"] if latest else "", text, url)
        db.execute(
            "INSERT INTO articles (url, source_id, force, title, published, first_seen, last_seen,"
            " status, text_hash) VALUES (?, ?, ?, ?, ?, ?, ?, 'live', ?) "
            "ON CONFLICT(url) DO UPDATE SET title = excluded.title,"
            " published = COALESCE(excluded.published, articles.published),"
            " last_seen = excluded.last_seen, status = 'live', withdrawn_at = NULL,"
            " text_hash = excluded.text_hash, force = COALESCE(excluded.force, articles.force)",
            [url, source_id, force, title, published, now, now, digest],
        )
        revision_id = db.execute(
            "INSERT INTO revisions (article_url, crawl_run_id, fetched_at, title, published, text,"
            " text_hash, html_hash, diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [url, run_id, now, title, published, text, digest, html_hash, diff],
        ).lastrowid
        kind = "new" if status == NEW else "edited"
        label = "New article" if status == NEW else "Edited article"
        add_change(
            db,
            detected_at=now,
            source_id=source_id,
            force=force,
            kind=kind,
            summary=f"{label}: {title}",
            url=url,
            baseline=baseline,
            revision_id=revision_id,
            crawl_run_id=run_id,
        )
        new_events, retracted = _save_events(
            db,
            url=url,
            source_id=source_id,
            revision_id=revision_id,
            events=events,
            run_id=run_id,
            baseline=baseline,
            now=now,
        )
    return ArticleOutcome(status, revision_id, new_events, retracted)


def _save_events(
    db: Database,
    *,
    url: str,
    source_id: str,
    revision_id: int,
    events: list[dict[str, Any]],
    run_id: int | None,
    baseline: bool,
    now: str,
) -> tuple[list[str], list[str]]:
    """Insert events not yet held for this article; retract those its new text no longer has."""
    active = {
        r["id"]: r
        for r in db.query(
            "SELECT id, type, force FROM events WHERE article_url = ? AND retracted_at IS NULL"
            " AND origin = ?",
            [url, TEXT],
        )
    }
    seen: set[str] = set()
    new_ids: list[str] = []
    for event in events:
        key = event_key(event["type"], event["force"], url)
        seen.add(key)
        if key in active:
            continue
        record_event(
            db,
            key,
            event,
            url=url,
            source_id=source_id,
            revision_id=revision_id,
            run_id=run_id,
            baseline=baseline,
            now=now,
        )
        new_ids.append(key)
    retracted: list[str] = []
    for key, row in active.items():
        if key in seen:
            continue
        db.execute("UPDATE events SET retracted_at = ? WHERE id = ?", [now, key])
        add_change(
            db,
            detected_at=now,
            source_id=source_id,
            force=row["force"],
            kind="retraction",
            summary=f"Retracted on edit: {row['type']} for {row['force']}",
            url=url,
            baseline=baseline,
            revision_id=revision_id,
            event_id=key,
            crawl_run_id=run_id,
        )
        retracted.append(key)
    return new_ids, retracted


def mark_withdrawn(
    db: Database,
    *,
    url: str,
    http_status: int,
    run_id: int | None,
    baseline: bool,
    now: str | None = None,
) -> bool:
    """Record that a live article is gone; False when it was unknown or already withdrawn."""
    now = now or utcnow()
    with write_transaction(db):
        rows = list(
            db.query(
                "SELECT source_id, force, title FROM articles WHERE url = ? AND status = 'live'",
                [url],
            )
        )
        if not rows:
            return False
        row = rows[0]
        db.execute(
            "UPDATE articles SET status = 'withdrawn', withdrawn_at = ?, last_seen = ? "
            "WHERE url = ?",
            [now, now, url],
        )
        add_change(
            db,
            detected_at=now,
            source_id=row["source_id"],
            force=row["force"],
            kind="withdrawn",
            summary=f"Withdrawn (HTTP {http_status}): {row['title']}",
            url=url,
            baseline=baseline,
            crawl_run_id=run_id,
        )
    return True
