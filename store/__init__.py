"""The SQLite store: the schema, its migrations and every query forcewatch makes.

Only this package knows table and column names; the rest of the project calls these functions.
"""

from __future__ import annotations

from store.articles import (
    ArticleOutcome,
    known_articles,
    latest_revision,
    mark_withdrawn,
    save_article,
)
from store.changes import CHANGE_KINDS, list_changes
from store.db import DEFAULT_DB, StoreError, connect, utcnow
from store.engage import save_engage_list
from store.health import (
    crawl_health,
    fail_abandoned_runs,
    health_reports,
    publication_dates,
    recent_runs,
    record_health_reports,
)
from store.outbox import (
    OUTBOX_STATES,
    address_standing,
    cancel_alerts,
    cancel_orphan_alerts,
    changes_after,
    changes_by_id,
    claim_digests,
    claim_immediate,
    claimed_alerts,
    enqueue_alerts,
    mark_alerts_deferred,
    mark_alerts_failed,
    mark_alerts_sent,
    mark_digests_served,
    outbox_counts,
    outbox_rows,
    queued_alerts,
    renew_claims,
)
from store.runs import (
    fail_unfinished,
    finish_run,
    is_baseline,
    list_runs,
    start_run,
    sync_sources,
)
from store.subscriptions import (
    FREQUENCIES,
    SUBSCRIPTION_STATES,
    confirm_subscription,
    list_subscriptions,
    mark_confirmation_sent,
    save_subscription,
    subscription_by_token,
    subscription_counts,
    unsubscribe,
)
from store.validators import load_validators, save_validators

__all__ = [
    "CHANGE_KINDS",
    "DEFAULT_DB",
    "FREQUENCIES",
    "OUTBOX_STATES",
    "SUBSCRIPTION_STATES",
    "ArticleOutcome",
    "StoreError",
    "address_standing",
    "cancel_alerts",
    "cancel_orphan_alerts",
    "changes_after",
    "changes_by_id",
    "claim_digests",
    "claim_immediate",
    "claimed_alerts",
    "confirm_subscription",
    "connect",
    "crawl_health",
    "enqueue_alerts",
    "fail_abandoned_runs",
    "fail_unfinished",
    "finish_run",
    "health_reports",
    "is_baseline",
    "known_articles",
    "latest_revision",
    "list_changes",
    "list_runs",
    "list_subscriptions",
    "load_validators",
    "mark_alerts_deferred",
    "mark_alerts_failed",
    "mark_alerts_sent",
    "mark_confirmation_sent",
    "mark_digests_served",
    "mark_withdrawn",
    "outbox_counts",
    "outbox_rows",
    "publication_dates",
    "queued_alerts",
    "recent_runs",
    "record_health_reports",
    "renew_claims",
    "save_article",
    "save_engage_list",
    "save_subscription",
    "save_validators",
    "start_run",
    "subscription_by_token",
    "subscription_counts",
    "sync_sources",
    "unsubscribe",
    "utcnow",
]
