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
from store.runs import (
    fail_unfinished,
    finish_run,
    is_baseline,
    list_runs,
    start_run,
    sync_sources,
)
from store.validators import load_validators, save_validators

__all__ = [
    "CHANGE_KINDS",
    "DEFAULT_DB",
    "ArticleOutcome",
    "StoreError",
    "connect",
    "fail_unfinished",
    "finish_run",
    "is_baseline",
    "known_articles",
    "latest_revision",
    "list_changes",
    "list_runs",
    "load_validators",
    "mark_withdrawn",
    "save_article",
    "save_engage_list",
    "save_validators",
    "start_run",
    "sync_sources",
    "utcnow",
]
