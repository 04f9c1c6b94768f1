"""Schema migrations: each one applied once, in order, in its own transaction."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("forcewatch")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            force TEXT,
            platform TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE articles (
            url TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            force TEXT,
            title TEXT NOT NULL,
            published TEXT,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'live',
            text_hash TEXT NOT NULL,
            withdrawn_at TEXT
        );
        CREATE INDEX articles_source ON articles(source_id, status);
        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            started_at TEXT NOT NULL,
            finished_at TEXT,
            seconds REAL,
            baseline INTEGER NOT NULL DEFAULT 0,
            requests INTEGER NOT NULL DEFAULT 0,
            responses TEXT NOT NULL DEFAULT '{}',
            items INTEGER NOT NULL DEFAULT 0,
            new INTEGER NOT NULL DEFAULT 0,
            changed INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            withdrawn INTEGER NOT NULL DEFAULT 0,
            events INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            outcome TEXT NOT NULL DEFAULT 'running',
            error TEXT
        );
        CREATE INDEX crawl_runs_source ON crawl_runs(source_id, started_at);
        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            article_url TEXT NOT NULL REFERENCES articles(url),
            crawl_run_id INTEGER REFERENCES crawl_runs(id),
            fetched_at TEXT NOT NULL,
            title TEXT NOT NULL,
            published TEXT,
            text TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            html_hash TEXT NOT NULL,
            diff TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX revisions_article ON revisions(article_url, id);
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            force TEXT NOT NULL,
            count INTEGER,
            area TEXT,
            grade TEXT,
            evidence TEXT NOT NULL,
            confidence REAL NOT NULL,
            article_url TEXT NOT NULL,
            revision_id INTEGER REFERENCES revisions(id),
            source_id TEXT NOT NULL REFERENCES sources(id),
            detected_at TEXT NOT NULL,
            baseline INTEGER NOT NULL DEFAULT 0,
            retracted_at TEXT
        );
        CREATE INDEX events_force ON events(force, type);
        CREATE INDEX events_article ON events(article_url);
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            detected_at TEXT NOT NULL,
            source_id TEXT NOT NULL REFERENCES sources(id),
            force TEXT,
            kind TEXT NOT NULL,
            summary TEXT NOT NULL,
            url TEXT NOT NULL,
            baseline INTEGER NOT NULL DEFAULT 0,
            revision_id INTEGER REFERENCES revisions(id),
            event_id TEXT REFERENCES events(id),
            crawl_run_id INTEGER REFERENCES crawl_runs(id)
        );
        CREATE INDEX changes_detected ON changes(detected_at);
        CREATE INDEX changes_force ON changes(force, kind);
        CREATE TABLE validators (
            url TEXT PRIMARY KEY,
            source_id TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE engage_lists (
            listing TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            url TEXT NOT NULL,
            forces TEXT NOT NULL,
            html_hash TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        );
        """
    )


@migrations()
def m002_alerts(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE subscriptions (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL,
            forces TEXT NOT NULL,
            event_types TEXT NOT NULL,
            articles INTEGER NOT NULL DEFAULT 0,
            filter_key TEXT NOT NULL,
            frequency TEXT NOT NULL,
            state TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            confirmation_sent_at TEXT,
            confirmed_at TEXT,
            confirmed_via TEXT,
            unsubscribed_at TEXT,
            matched_through INTEGER NOT NULL DEFAULT 0,
            digest_slot TEXT
        );
        CREATE UNIQUE INDEX subscriptions_filters ON subscriptions(email, filter_key);
        CREATE INDEX subscriptions_state ON subscriptions(state, frequency);
        CREATE TABLE mail_addresses (
            email TEXT PRIMARY KEY,
            permanent_failures INTEGER NOT NULL DEFAULT 0,
            last_failure TEXT,
            last_failure_at TEXT,
            suspended_at TEXT,
            suspended_reason TEXT
        );
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
            change_id INTEGER NOT NULL REFERENCES changes(id),
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT,
            claimed_by TEXT,
            claimed_until TEXT,
            sent_at TEXT,
            message_id TEXT,
            UNIQUE (subscription_id, change_id)
        );
        CREATE INDEX outbox_due ON outbox(state, kind, next_attempt_at);
        CREATE INDEX outbox_claimed ON outbox(claimed_by);
        """
    )


@migrations()
def m003_scheduler(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE source_health (
            source_id TEXT PRIMARY KEY REFERENCES sources(id),
            state TEXT NOT NULL,
            detail TEXT NOT NULL,
            reported_at TEXT NOT NULL
        );
        CREATE INDEX crawl_runs_outcome ON crawl_runs(source_id, outcome, id);
        """
    )


@migrations()
def m004_standing(db: Database) -> None:
    db.executescript(
        """
        ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'text';
        ALTER TABLE events ADD COLUMN occurred TEXT;
        ALTER TABLE changes ADD COLUMN detail TEXT;
        ALTER TABLE subscriptions ADD COLUMN follow_ups INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX changes_event ON changes(event_id);
        CREATE INDEX outbox_change ON outbox(change_id);
        CREATE TABLE peel_reports (
            url TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            force TEXT NOT NULL,
            cycle TEXT NOT NULL,
            title TEXT NOT NULL,
            published TEXT,
            grades TEXT NOT NULL,
            html_hash TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        );
        CREATE INDEX peel_reports_force ON peel_reports(force, published);
        CREATE TABLE links (
            id TEXT PRIMARY KEY,
            force TEXT NOT NULL,
            type TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT,
            occurred TEXT,
            count INTEGER,
            area TEXT,
            lead_change_id INTEGER REFERENCES changes(id),
            lead_retracted INTEGER NOT NULL DEFAULT 0,
            sources INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX links_force ON links(force);
        CREATE TABLE link_events (
            event_id TEXT PRIMARY KEY REFERENCES events(id),
            link_id TEXT NOT NULL REFERENCES links(id)
        );
        CREATE INDEX link_events_link ON link_events(link_id);
        CREATE TABLE standings (
            force TEXT PRIMARY KEY,
            stage TEXT NOT NULL,
            next_due TEXT,
            data TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE standing_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )
