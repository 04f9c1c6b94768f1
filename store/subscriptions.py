"""Subscriptions: who wants which alerts, how often, and the record of their consent."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from store.db import write_transaction

PENDING = "pending"
CONFIRMED = "confirmed"
UNSUBSCRIBED = "unsubscribed"
SUBSCRIPTION_STATES = (PENDING, CONFIRMED, UNSUBSCRIBED)

IMMEDIATE = "immediate"
DAILY = "daily"
WEEKLY = "weekly"
FREQUENCIES = (IMMEDIATE, DAILY, WEEKLY)

# How consent was given: by opening the emailed link, or by the operator on the command line.
VIA_LINK = "link"
VIA_OPERATOR = "operator"

CREATED = "created"
EXISTS = "exists"
UPDATED = "updated"
RENEWED = "renewed"


def filter_key(forces: Sequence[str], event_types: Sequence[str], articles: bool) -> str:
    """The same filters in any order are the same subscription."""
    return json.dumps([sorted(set(forces)), sorted(set(event_types)), bool(articles)])


def decode(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["forces"] = json.loads(row["forces"])
    row["event_types"] = json.loads(row["event_types"])
    row["articles"] = bool(row["articles"])
    row["follow_ups"] = bool(row.get("follow_ups"))
    return row


def max_change_id(db: Database) -> int:
    return next(db.query("SELECT COALESCE(MAX(id), 0) AS n FROM changes"))["n"]


def _get(db: Database, where: str, params: Sequence[Any]) -> dict[str, Any] | None:
    rows = list(db.query(f"SELECT * FROM subscriptions WHERE {where}", params))
    return decode(rows[0]) if rows else None


def save_subscription(
    db: Database,
    *,
    email: str,
    forces: Sequence[str],
    event_types: Sequence[str],
    articles: bool,
    frequency: str,
    token: str,
    confirmed: bool,
    now: str,
    follow_ups: bool = False,
) -> tuple[dict[str, Any], str]:
    """Create the subscription, or find the one with the same filters; says which happened.

    `token` is used only for a new subscription: links in earlier emails keep working.
    A subscription consent was withdrawn from needs consent again (unless `confirmed`).
    Like the frequency, the choice of follow-ups is the latest request's.
    """
    key = filter_key(forces, event_types, articles)
    with write_transaction(db):
        row = _get(db, "email = ? AND filter_key = ?", [email, key])
        if row is None:
            db.execute(
                "INSERT INTO subscriptions (email, forces, event_types, articles, filter_key,"
                " frequency, state, token, created_at, confirmed_at, confirmed_via,"
                " matched_through, follow_ups) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    email,
                    json.dumps(sorted(set(forces))),
                    json.dumps(sorted(set(event_types))),
                    int(articles),
                    key,
                    frequency,
                    CONFIRMED if confirmed else PENDING,
                    token,
                    now,
                    now if confirmed else None,
                    VIA_OPERATOR if confirmed else None,
                    max_change_id(db),
                    int(follow_ups),
                ],
            )
            status = CREATED
        else:
            status = EXISTS
            if row["follow_ups"] != follow_ups:
                db.execute(
                    "UPDATE subscriptions SET follow_ups = ? WHERE id = ?",
                    [int(follow_ups), row["id"]],
                )
                status = UPDATED
            if row["frequency"] != frequency:
                db.execute(
                    "UPDATE subscriptions SET frequency = ? WHERE id = ?", [frequency, row["id"]]
                )
                # Alerts already queued follow the new frequency, so none is stranded.
                db.execute(
                    "UPDATE outbox SET kind = ? WHERE subscription_id = ? AND state = 'pending'",
                    [frequency, row["id"]],
                )
                status = UPDATED
            if row["state"] == UNSUBSCRIBED:
                db.execute(
                    "UPDATE subscriptions SET state = ?, unsubscribed_at = NULL,"
                    " confirmation_sent_at = NULL, confirmed_at = NULL, confirmed_via = NULL,"
                    " digest_slot = NULL WHERE id = ?",
                    [PENDING, row["id"]],
                )
                status = RENEWED
            if confirmed and row["state"] != CONFIRMED:
                _confirm(db, row["id"], now, VIA_OPERATOR)
        row = _get(db, "email = ? AND filter_key = ?", [email, key])
    assert row is not None
    return row, status


def _confirm(db: Database, subscription_id: int, now: str, via: str) -> None:
    # Alerts start with the changes detected after consent, never with the history before it.
    db.execute(
        "UPDATE subscriptions SET state = ?, confirmed_at = ?, confirmed_via = ?,"
        " matched_through = ? WHERE id = ?",
        [CONFIRMED, now, via, max_change_id(db), subscription_id],
    )


def mark_confirmation_sent(db: Database, subscription_id: int, now: str) -> None:
    db.execute(
        "UPDATE subscriptions SET confirmation_sent_at = ? WHERE id = ?", [now, subscription_id]
    )


def confirm_subscription(db: Database, token: str, now: str) -> tuple[str, dict[str, Any]] | None:
    """Confirm a pending subscription by its token: (state before, subscription), or None.

    An unsubscribed subscription stays unsubscribed: an old confirmation link must not undo
    an unsubscribe.
    """
    with write_transaction(db):
        row = _get(db, "token = ?", [token])
        if row is None:
            return None
        if row["state"] == PENDING:
            _confirm(db, row["id"], now, VIA_LINK)
        after = _get(db, "id = ?", [row["id"]])
    assert after is not None
    return row["state"], after


def unsubscribe(
    db: Database, *, now: str, email: str | None = None, token: str | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """End the subscriptions of an address, or the one a token names: (state before, row) each.

    Ending one twice is not an error; alerts still queued for it are cancelled by the next
    dispatch, which sends only to confirmed subscriptions.
    """
    if (email is None) == (token is None):
        raise ValueError("unsubscribe takes an email or a token")
    where, param = ("email = ?", email) if email is not None else ("token = ?", token)
    with write_transaction(db):
        before = [
            decode(r) for r in db.query(f"SELECT * FROM subscriptions WHERE {where}", [param])
        ]
        db.execute(
            f"UPDATE subscriptions SET state = ?, unsubscribed_at = ? WHERE {where} AND state != ?",
            [UNSUBSCRIBED, now, param, UNSUBSCRIBED],
        )
        after = {
            r["id"]: decode(r)
            for r in db.query(f"SELECT * FROM subscriptions WHERE {where}", [param])
        }
    return [(row["state"], after[row["id"]]) for row in before]


def subscription_by_token(db: Database, token: str) -> dict[str, Any] | None:
    return _get(db, "token = ?", [token])


def list_subscriptions(db: Database, email: str | None = None) -> list[dict[str, Any]]:
    """Every subscription (or an address's), with its alert counts and its address's standing."""
    sql = (
        "SELECT s.*, a.suspended_at, a.suspended_reason, a.permanent_failures,"
        " (SELECT COUNT(*) FROM outbox o WHERE o.subscription_id = s.id AND o.state = 'sent')"
        " AS sent,"
        " (SELECT COUNT(*) FROM outbox o WHERE o.subscription_id = s.id AND o.state = 'pending')"
        " AS pending,"
        " (SELECT COUNT(*) FROM outbox o WHERE o.subscription_id = s.id AND o.state = 'failed')"
        " AS failed"
        " FROM subscriptions s LEFT JOIN mail_addresses a ON a.email = s.email"
    )
    params: list[Any] = []
    if email is not None:
        sql += " WHERE s.email = ?"
        params.append(email)
    sql += " ORDER BY s.email, s.id"
    return [decode(r) for r in db.query(sql, params)]


def subscription_counts(db: Database) -> dict[str, int]:
    """Subscriptions by state, distinct addresses, and suspended addresses."""
    counts = dict.fromkeys(SUBSCRIPTION_STATES, 0)
    for row in db.query("SELECT state, COUNT(*) AS n FROM subscriptions GROUP BY state"):
        counts[row["state"]] = row["n"]
    counts["addresses"] = next(db.query("SELECT COUNT(DISTINCT email) AS n FROM subscriptions"))[
        "n"
    ]
    counts["suspended"] = next(
        db.query("SELECT COUNT(*) AS n FROM mail_addresses WHERE suspended_at IS NOT NULL")
    )["n"]
    return counts
