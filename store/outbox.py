"""The outbox: one row per (subscription, change) to be emailed, and its delivery state.

A row is `pending` until the mail server accepts it (`sent`), refuses it for good (`failed`),
or its subscription ends first (`cancelled`). Dispatchers claim rows with a lease in one
UPDATE, so two of them never hold the same row, and record each outcome in its own short
transaction, so a crash can repeat at most the one message in flight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from store.db import write_transaction
from store.standing import links_by_id
from store.subscriptions import CONFIRMED, decode

PENDING = "pending"
SENT = "sent"
FAILED = "failed"
CANCELLED = "cancelled"
OUTBOX_STATES = (PENDING, SENT, FAILED, CANCELLED)

# An entry about an event carries the linked change the event belongs to (its state, its
# first entry, how many sources report it); a follow-up or a correction also carries the
# subscriptions its change was already sent to, since only they get one.
CHANGE_COLUMNS = (
    "SELECT c.id, c.detected_at, c.source_id, c.force, c.kind, c.summary, c.url, c.baseline,"
    " c.revision_id, c.detail,"
    " e.type AS event_type, e.count AS event_count, e.area AS event_area,"
    " e.grade AS event_grade, e.evidence AS evidence, e.retracted_at AS retracted_at,"
    " COALESCE(r.title, a.title) AS title, COALESCE(r.published, a.published) AS published,"
    " src.name AS source_name, src.kind AS source_kind,"
    " l.id AS link_id, l.state AS link_state, l.lead_change_id AS link_lead_change_id,"
    " l.sources AS link_sources, json_extract(l.data, '$.summary') AS link_summary,"
    " CASE WHEN c.kind IN ('confirmed', 'correction') THEN ("
    "  SELECT group_concat(DISTINCT o.subscription_id) FROM link_events le2"
    "  JOIN changes c2 ON c2.event_id = le2.event_id"
    "  JOIN outbox o ON o.change_id = c2.id"
    "  WHERE le2.link_id = l.id AND o.state = 'sent'"
    "  AND c2.kind IN ('event', 'cleared', 'confirmed')) END AS alerted"
    " FROM changes c LEFT JOIN events e ON e.id = c.event_id"
    " LEFT JOIN revisions r ON r.id = c.revision_id"
    " LEFT JOIN articles a ON a.url = c.url"
    " LEFT JOIN sources src ON src.id = c.source_id"
    " LEFT JOIN link_events le ON le.event_id = c.event_id"
    " LEFT JOIN links l ON l.id = le.link_id"
)

# What a dispatcher needs of a claimed row: the row, its subscription and its address.
CLAIMED_COLUMNS = (
    "SELECT o.id, o.subscription_id, o.change_id, o.kind, o.attempts, s.email, s.token,"
    " s.state AS subscription_state, s.frequency, s.forces, s.event_types, s.articles,"
    " s.confirmed_at, s.digest_slot, ma.suspended_at,"
    " COALESCE(ma.permanent_failures, 0) AS permanent_failures"
    " FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id"
    " LEFT JOIN mail_addresses ma ON ma.email = s.email"
)

Matcher = Callable[
    [list[dict[str, Any]], list[dict[str, Any]]], Iterable[tuple[dict[str, Any], dict[str, Any]]]
]


def _change(row: dict[str, Any]) -> dict[str, Any]:
    row["baseline"] = bool(row["baseline"])
    alerted = row.get("alerted")
    row["alerted"] = [int(n) for n in str(alerted).split(",")] if alerted else []
    return row


def changes_after(db: Database, change_id: int) -> list[dict[str, Any]]:
    """Changes recorded after `change_id`, oldest first, with what an email says of them."""
    return [
        _change(r) for r in db.query(CHANGE_COLUMNS + " WHERE c.id > ? ORDER BY c.id", [change_id])
    ]


def changes_by_id(db: Database, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Changes as an email shows them: a linked change's with its `sources` and the
    `grade_changes` of a PEEL report."""
    wanted = sorted(set(ids))
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.query(CHANGE_COLUMNS + f" WHERE c.id IN ({marks})", chunk):
            out[row["id"]] = _change(row)
    linked = links_by_id(db, {c["link_id"] for c in out.values() if c["link_id"]})
    for change in out.values():
        link = linked.get(change["link_id"] or "")
        change["sources"] = link["sources"] if link else []
        change["grade_changes"] = [
            f"{g['area']}: {g['before']} -> {g['after']}"
            for g in (link or {}).get("grade_changes", [])
        ]
        change["link_reason"] = link["reason"] if link else None
    return out


def enqueue_alerts(db: Database, match: Matcher, now: str, *, through: int | None = None) -> int:
    """Queue a row for every new change that matches a confirmed subscription; returns how many.

    `match(subscriptions, changes)` gives the (subscription, change) pairs: the caller owns
    the rules, the store runs them over what no dispatcher has seen yet, in one transaction
    with the watermark that records it, so repeating this adds nothing. With `through`, only
    changes up to that id are read (the ones already linked into the forces' standing): later
    ones wait for the next dispatch.
    """
    with write_transaction(db):
        latest = next(db.query("SELECT COALESCE(MAX(id), 0) AS n FROM changes"))["n"]
        if through is not None:
            latest = min(latest, through)
        behind = next(
            db.query(
                "SELECT MIN(matched_through) AS n FROM subscriptions"
                " WHERE state = ? AND matched_through < ?",
                [CONFIRMED, latest],
            )
        )["n"]
        if behind is None:
            return 0
        subscriptions = [
            decode(r)
            for r in db.query(
                "SELECT s.* FROM subscriptions s LEFT JOIN mail_addresses ma ON ma.email = s.email"
                " WHERE s.state = ? AND s.matched_through < ? AND ma.suspended_at IS NULL",
                [CONFIRMED, latest],
            )
        ]
        changes = [c for c in changes_after(db, behind) if c["id"] <= latest]
        rows = [
            (sub["id"], change["id"], sub["frequency"], PENDING, now, now)
            for sub, change in match(subscriptions, changes)
        ]
        before = db.conn.total_changes
        db.conn.executemany(
            "INSERT OR IGNORE INTO outbox (subscription_id, change_id, kind, state, created_at,"
            " next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        added = db.conn.total_changes - before
        db.execute(
            "UPDATE subscriptions SET matched_through = ? WHERE state = ? AND matched_through < ?",
            [latest, CONFIRMED, latest],
        )
    return added


def cancel_orphan_alerts(db: Database, now: str) -> int:
    """Cancel queued alerts of subscriptions that ended and of addresses that were suspended."""
    return db.execute(
        "UPDATE outbox SET state = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL"
        " WHERE state = ? AND subscription_id IN (SELECT s.id FROM subscriptions s"
        " LEFT JOIN mail_addresses ma ON ma.email = s.email"
        " WHERE s.state != ? OR ma.suspended_at IS NOT NULL)",
        [
            CANCELLED,
            f"subscription ended or address suspended before sending ({now})",
            PENDING,
            CONFIRMED,
        ],
    ).rowcount


def claim_immediate(
    db: Database, *, worker: str, now: str, until: str, limit: int
) -> list[dict[str, Any]]:
    """Claim up to `limit` due immediate alerts for `worker` until `until`, and return them.

    One UPDATE under SQLite's write lock: a row unclaimed (or whose lease ran out) goes to
    exactly one dispatcher.
    """
    db.execute(
        "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id IN ("
        " SELECT id FROM outbox WHERE state = ? AND kind = 'immediate' AND next_attempt_at <= ?"
        " AND (claimed_by IS NULL OR claimed_until < ?) ORDER BY change_id, id LIMIT ?)",
        [worker, until, PENDING, now, now, limit],
    )
    return claimed_alerts(db, worker)


def claim_digests(
    db: Database, *, frequency: str, slot: str, worker: str, now: str, until: str, limit: int
) -> list[dict[str, Any]]:
    """Claim the rows of up to `limit` subscriptions whose digest for `slot` is due.

    A digest for a slot holds the changes detected up to that time; later ones wait for the
    next slot, so a digest sent late (nothing ran at the slot) says the same as one on time.
    A subscription is due when its last digest (or its consent) is older than the slot, none
    of its rows waits out a backoff, and no other dispatcher holds any of them: its digest
    then goes out once, whole, from one dispatcher.
    """
    db.execute(
        "UPDATE outbox SET claimed_by = :worker, claimed_until = :until"
        " WHERE state = :pending AND kind = :frequency"
        " AND EXISTS (SELECT 1 FROM changes c WHERE c.id = outbox.change_id"
        "  AND c.detected_at <= :slot)"
        " AND subscription_id IN ("
        "  SELECT s.id FROM subscriptions s WHERE s.state = :confirmed"
        "  AND s.frequency = :frequency AND COALESCE(s.digest_slot, s.confirmed_at) < :slot"
        "  AND EXISTS (SELECT 1 FROM outbox o JOIN changes c ON c.id = o.change_id"
        "   WHERE o.subscription_id = s.id AND o.state = :pending AND o.kind = :frequency"
        "   AND c.detected_at <= :slot)"
        "  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.subscription_id = s.id"
        "   AND o.state = :pending AND (o.next_attempt_at > :now"
        "   OR (o.claimed_by IS NOT NULL AND o.claimed_until >= :now)))"
        "  ORDER BY s.id LIMIT :limit)",
        {
            "worker": worker,
            "until": until,
            "pending": PENDING,
            "frequency": frequency,
            "slot": slot,
            "confirmed": CONFIRMED,
            "now": now,
            "limit": limit,
        },
    )
    return claimed_alerts(db, worker)


def claimed_alerts(db: Database, worker: str) -> list[dict[str, Any]]:
    """The rows `worker` holds and has not settled yet, in sending order."""
    rows = db.query(
        CLAIMED_COLUMNS + " WHERE o.claimed_by = ? AND o.state = ? ORDER BY o.change_id, o.id",
        [worker, PENDING],
    )
    return [decode(r) for r in rows]


def renew_claims(db: Database, worker: str, until: str) -> None:
    db.execute(
        "UPDATE outbox SET claimed_until = ? WHERE claimed_by = ? AND state = ?",
        [until, worker, PENDING],
    )


def mark_alerts_sent(
    db: Database,
    ids: Sequence[int],
    *,
    now: str,
    message_id: str,
    email: str,
    reset_failures: bool = False,
    digest: tuple[int, str] | None = None,
) -> None:
    """Record that the server accepted the message for these rows.

    `digest` is (subscription id, slot) when the rows went out as that slot's digest.
    """
    marks = ",".join("?" * len(ids))
    # claimed_by stays: on a sent row it records which dispatcher sent it, and leaving that
    # indexed column alone keeps this per-message commit small.
    update = (
        f"UPDATE outbox SET state = ?, sent_at = ?, message_id = ?, attempts = attempts + 1,"
        f" last_error = NULL, claimed_until = NULL WHERE id IN ({marks})"
    )
    params = [SENT, now, message_id, *ids]
    if not reset_failures and digest is None:
        db.execute(update, params)  # one statement: its own transaction
        return
    with write_transaction(db):
        db.execute(update, params)
        if reset_failures:
            # "Repeated" permanent failures means in a row: a delivery in between resets it.
            db.execute("UPDATE mail_addresses SET permanent_failures = 0 WHERE email = ?", [email])
        if digest is not None:
            db.execute(
                "UPDATE subscriptions SET digest_slot = ? WHERE id = ?", [digest[1], digest[0]]
            )


def mark_alerts_deferred(
    db: Database,
    ids: Sequence[int],
    *,
    error: str,
    next_attempt_at: str,
    max_attempts: int,
    count_attempt: bool = True,
) -> list[int]:
    """Put rows back in the queue until `next_attempt_at`; those out of attempts fail instead.

    `count_attempt` is False for rows that were never tried because the batch stopped early.
    Returns the ids that failed for good.
    """
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    step = 1 if count_attempt else 0
    with write_transaction(db):
        db.execute(
            f"UPDATE outbox SET attempts = attempts + ?, next_attempt_at = ?, last_error = ?,"
            f" claimed_by = NULL, claimed_until = NULL WHERE id IN ({marks}) AND state = ?",
            [step, next_attempt_at, error, *ids, PENDING],
        )
        exhausted = [
            r["id"]
            for r in db.query(
                f"SELECT id FROM outbox WHERE id IN ({marks}) AND state = ? AND attempts >= ?",
                [*ids, PENDING, max_attempts],
            )
        ]
        if exhausted:
            marks2 = ",".join("?" * len(exhausted))
            db.execute(
                f"UPDATE outbox SET state = ?, last_error = ? WHERE id IN ({marks2})",
                [FAILED, f"gave up after {max_attempts} attempts: {error}", *exhausted],
            )
    return exhausted


def mark_alerts_failed(
    db: Database,
    ids: Sequence[int],
    *,
    email: str,
    error: str,
    now: str,
    suspend_after: int,
    digest: tuple[int, str] | None = None,
) -> bool:
    """The server refused these rows for good; after `suspend_after` such refusals in a row the
    address is suspended with the reason. Returns True when this refusal suspended it."""
    marks = ",".join("?" * len(ids))
    with write_transaction(db):
        db.execute(
            f"UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?,"
            f" claimed_by = NULL, claimed_until = NULL WHERE id IN ({marks})",
            [FAILED, error, *ids],
        )
        db.execute(
            "INSERT INTO mail_addresses (email, permanent_failures, last_failure, last_failure_at)"
            " VALUES (?, 1, ?, ?) ON CONFLICT(email) DO UPDATE SET"
            " permanent_failures = permanent_failures + 1, last_failure = excluded.last_failure,"
            " last_failure_at = excluded.last_failure_at",
            [email, error, now],
        )
        suspended = (
            db.execute(
                "UPDATE mail_addresses SET suspended_at = ?, suspended_reason = ?"
                " WHERE email = ? AND suspended_at IS NULL AND permanent_failures >= ?",
                [
                    now,
                    f"{suspend_after} permanent delivery failures in a row; last: {error}",
                    email,
                    suspend_after,
                ],
            ).rowcount
            > 0
        )
        if digest is not None:
            db.execute(
                "UPDATE subscriptions SET digest_slot = ? WHERE id = ?", [digest[1], digest[0]]
            )
    return suspended


def cancel_alerts(db: Database, ids: Sequence[int], reason: str) -> None:
    marks = ",".join("?" * len(ids))
    db.execute(
        f"UPDATE outbox SET state = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL"
        f" WHERE id IN ({marks}) AND state = ?",
        [CANCELLED, reason, *ids, PENDING],
    )


def mark_digests_served(db: Database, frequency: str, slot: str) -> int:
    """Subscriptions with nothing queued up to `slot` had nothing to say then: served."""
    return db.execute(
        "UPDATE subscriptions SET digest_slot = ? WHERE state = ? AND frequency = ?"
        " AND COALESCE(digest_slot, confirmed_at) < ?"
        " AND NOT EXISTS (SELECT 1 FROM outbox o JOIN changes c ON c.id = o.change_id"
        " WHERE o.subscription_id = subscriptions.id AND o.state = ? AND c.detected_at <= ?)",
        [slot, CONFIRMED, frequency, slot, PENDING, slot],
    ).rowcount


def queued_alerts(db: Database, subscription_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Rows still pending for these subscriptions (what a preview shows), oldest first."""
    if not subscription_ids:
        return []
    marks = ",".join("?" * len(subscription_ids))
    return list(
        db.query(
            "SELECT id, subscription_id, change_id, kind, attempts, next_attempt_at, last_error"
            f" FROM outbox WHERE state = ? AND subscription_id IN ({marks}) ORDER BY change_id, id",
            [PENDING, *subscription_ids],
        )
    )


def outbox_rows(db: Database, *, state: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM outbox"
    params: list[Any] = []
    if state is not None:
        sql += " WHERE state = ?"
        params.append(state)
    return list(db.query(sql + " ORDER BY id", params))


def outbox_counts(db: Database) -> dict[str, int]:
    counts = dict.fromkeys(OUTBOX_STATES, 0)
    for row in db.query("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state"):
        counts[row["state"]] = row["n"]
    return counts


def address_standing(db: Database, email: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM mail_addresses WHERE email = ?", [email]))
    return rows[0] if rows else None
