"""The dispatcher: queue what matches, claim what is due, send it, record each outcome.

Delivery loses nothing. Every (subscription, change) is an outbox row before anything is
sent; a row leaves `pending` only when the server has accepted it (`sent`) or refused it for
good (`failed`). A server that is down or says "later" leaves rows pending with a growing
backoff. Each outcome is committed right after its message, so a process killed mid-batch
repeats at most the message in flight, and rows are claimed with a lease so that two
dispatchers never send the same one.

The scheduler calls `dispatch` after each crawl and `dispatch_digests` at digest time;
`forcewatch alerts send` calls `send_due`, which does both.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

import standing
import store
from alerts.matching import latest_slot, match, matches, next_slot, still_due
from alerts.render import Rendered, Renderer
from alerts.transports import (
    RecipientDeferred,
    RecipientRefused,
    ServerUnavailable,
    Transport,
    check_mail_settings,
    transport_for,
)
from config import Config, load_config
from store.subscriptions import CONFIRMED, DAILY, IMMEDIATE, WEEKLY

MAX_ATTEMPTS = 12  # about a day of retries with the backoff below
SUSPEND_AFTER = 3  # permanent refusals in a row before an address is suspended
LEASE_SECONDS = 300
BATCH = 500
DIGEST_BATCH = 100
BACKOFF_FIRST = 60
BACKOFF_CAP = 6 * 3600


def backoff(attempts: int) -> timedelta:
    """Wait after the n-th failed attempt: 1, 2, 4, ... minutes, at most six hours."""
    return timedelta(seconds=min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_CAP))


def iso(moment: datetime) -> str:
    """The store's timestamp form: UTC, seconds, which compares correctly as text."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class DispatchReport:
    """What one dispatch did; `error` is the server failure that stopped it, if any."""

    transport: str
    queued: int = 0
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    cancelled: int = 0
    suspended: list[str] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)  # (recipient, subject)
    error: str | None = None

    def merge(self, other: DispatchReport) -> DispatchReport:
        self.queued += other.queued
        self.sent += other.sent
        self.deferred += other.deferred
        self.failed += other.failed
        self.cancelled += other.cancelled
        self.suspended += other.suspended
        self.messages += other.messages
        self.error = self.error or other.error
        return self


class Dispatcher:
    """One dispatch run: one worker id, one renderer, one transport connection for the batch."""

    def __init__(
        self,
        db: Database,
        config: Config,
        *,
        transport: Transport | None = None,
        lease_seconds: int = LEASE_SECONDS,
        batch: int = BATCH,
        digest_batch: int = DIGEST_BATCH,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        check_mail_settings(config)
        self.db = db
        self.config = config
        self.renderer = Renderer(base_url=config.base_url, mail_from=config.mail_from)
        self.transport: Transport = transport or transport_for(config)
        self.lease = timedelta(seconds=lease_seconds)
        self.batch = batch
        self.digest_batch = digest_batch
        self.clock = clock
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self._renewed = clock()
        self._fresh_connection = True
        self._stopped: str | None = None
        self._suspended: set[str] = set()

    def report(self) -> DispatchReport:
        return DispatchReport(self.transport.describe())

    def _until(self) -> str:
        return iso(self.clock() + self.lease)

    def queue(self) -> int:
        """Turn new changes into outbox rows, and cancel rows whose subscription has ended.

        The forces' standing is brought up to date first (at the dispatcher's clock, which
        runs the PCC response clocks), so events are matched as the changes they are linked
        into; entries recorded after that wait for the next dispatch.
        """
        now = iso(self.clock())
        through = standing.refresh(self.db, now).through
        added = store.enqueue_alerts(self.db, match, now, through=through)
        store.cancel_orphan_alerts(self.db, now)
        return added

    def _drop_withdrawn(
        self, rows: list[dict[str, Any]], changes: dict[int, dict[str, Any]], report: DispatchReport
    ) -> list[dict[str, Any]]:
        """Rows whose change was taken back or put on hold since it was queued are cancelled:
        the correction tells those who were sent it; the others need not hear of it."""
        gone = [r for r in rows if not still_due(changes[r["change_id"]])]
        if gone:
            store.cancel_alerts(
                self.db, [r["id"] for r in gone], "the change was withdrawn before it was sent"
            )
            report.cancelled += len(gone)
        return [r for r in rows if still_due(changes[r["change_id"]])]

    def immediate(self, now: datetime) -> DispatchReport:
        """Send every due immediate alert: one email per (subscriber, change)."""
        report = self.report()
        report.queued = self.queue()
        rendered: dict[int, Rendered] = {}
        while self._stopped is None:
            rows = store.claim_immediate(
                self.db, worker=self.worker, now=iso(now), until=self._until(), limit=self.batch
            )
            if not rows:
                break
            changes = store.changes_by_id(self.db, {r["change_id"] for r in rows})
            rows = self._drop_withdrawn(rows, changes, report)
            for change_id in {r["change_id"] for r in rows} - rendered.keys():
                # Common to every subscriber of the change, so built once for all of them.
                rendered[change_id] = self.renderer.alert(changes[change_id])
            self._send_rows(
                [
                    (
                        [row],
                        rendered[row["change_id"]],
                        f"alert.{row['change_id']}.{row['id']}",
                        None,
                    )
                    for row in rows
                ],
                report,
            )
        report.error = self._stopped
        return report

    def digests(self, frequency: str, now: datetime) -> DispatchReport:
        """Send each subscriber of `frequency` whose digest is due one email of its changes."""
        report = self.report()
        report.queued = self.queue()
        slot = latest_slot(frequency, now, self.config.digest_time, self.config.weekly_day)
        slot_iso = iso(slot)
        while self._stopped is None:
            rows = store.claim_digests(
                self.db,
                frequency=frequency,
                slot=slot_iso,
                worker=self.worker,
                now=iso(now),
                until=self._until(),
                limit=self.digest_batch,
            )
            if not rows:
                break
            changes = store.changes_by_id(self.db, {r["change_id"] for r in rows})
            rows = self._drop_withdrawn(rows, changes, report)
            groups: dict[int, list[dict[str, Any]]] = {}
            for row in rows:
                groups.setdefault(row["subscription_id"], []).append(row)
            batch = []
            for sub_id, sub_rows in groups.items():
                digest = self.renderer.digest(
                    frequency, sub_rows[0], [changes[r["change_id"]] for r in sub_rows], slot
                )
                key = f"digest.{sub_id}.{slot:%Y%m%d%H%M}"
                batch.append((sub_rows, digest, key, (sub_id, slot_iso)))
            self._send_rows(batch, report)
        if self._stopped is None:
            store.mark_digests_served(self.db, frequency, slot_iso)
        report.error = self._stopped
        return report

    def _send_rows(
        self,
        batch: Sequence[tuple[list[dict[str, Any]], Rendered, str, tuple[int, str] | None]],
        report: DispatchReport,
    ) -> None:
        """Send each message of a claimed batch and record its outcome before the next one."""
        for index, (rows, rendered, key, digest) in enumerate(batch):
            ids = [r["id"] for r in rows]
            first = rows[0]
            if self._stopped is not None:
                # The server went away: rows not tried wait with the ones that were.
                rest = [r["id"] for rs, *_ in batch[index:] for r in rs]
                report.deferred += len(rest)
                store.mark_alerts_deferred(
                    self.db,
                    rest,
                    error=self._stopped,
                    next_attempt_at=iso(self.clock() + backoff(1)),
                    max_attempts=MAX_ATTEMPTS,
                    count_attempt=False,
                )
                return
            if (
                first["subscription_state"] != CONFIRMED
                or first["suspended_at"]
                or first["email"] in self._suspended
            ):
                store.cancel_alerts(self.db, ids, "subscription ended or address suspended")
                report.cancelled += len(ids)
                continue
            self._renew_lease()
            message = self.renderer.message(
                rendered,
                to=first["email"],
                token=first["token"],
                message_id=self.renderer.message_id(key),
                date=self.clock(),
            )
            try:
                self._deliver(first["email"], message)
            except RecipientDeferred as exc:
                self._defer(ids, rows, str(exc), report)
            except RecipientRefused as exc:
                report.failed += len(ids)
                if store.mark_alerts_failed(
                    self.db,
                    ids,
                    email=first["email"],
                    error=str(exc),
                    now=iso(self.clock()),
                    suspend_after=SUSPEND_AFTER,
                    digest=digest,
                ):
                    report.suspended.append(first["email"])
                    self._suspended.add(first["email"])
            except ServerUnavailable as exc:
                self._stopped = str(exc)
                self._defer(ids, rows, str(exc), report)
            else:
                store.mark_alerts_sent(
                    self.db,
                    ids,
                    now=iso(self.clock()),
                    message_id=self.renderer.message_id(key),
                    email=first["email"],
                    reset_failures=first["permanent_failures"] > 0,
                    digest=digest,
                )
                report.sent += 1
                report.messages.append((first["email"], rendered.subject))

    def _deliver(self, recipient: str, message: bytes) -> None:
        """Send on the open connection; if it went away after serving earlier messages (an
        idle timeout, a per-connection limit), reconnect once and try again."""
        try:
            self.transport.send(self.renderer.sender, recipient, message)
        except ServerUnavailable:
            if self._fresh_connection:
                raise
            self._fresh_connection = True
            self.transport.reconnect()
            self.transport.send(self.renderer.sender, recipient, message)
        except (RecipientDeferred, RecipientRefused):
            self._fresh_connection = False
            raise
        self._fresh_connection = False

    def _defer(
        self, ids: list[int], rows: list[dict[str, Any]], error: str, report: DispatchReport
    ) -> None:
        attempts = max(r["attempts"] for r in rows) + 1
        given_up = store.mark_alerts_deferred(
            self.db,
            ids,
            error=error,
            next_attempt_at=iso(self.clock() + backoff(attempts)),
            max_attempts=MAX_ATTEMPTS,
        )
        report.failed += len(given_up)
        report.deferred += len(ids) - len(given_up)

    def _renew_lease(self) -> None:
        """A long batch keeps its rows: the lease is extended well before it could run out."""
        if self.clock() - self._renewed > self.lease / 3:
            store.renew_claims(self.db, self.worker, self._until())
            self._renewed = self.clock()

    def close(self) -> None:
        self.transport.close()


def _run(
    db: Database,
    config: Config | None,
    transport: Transport | None,
    work: Callable[[Dispatcher], DispatchReport],
    **options: Any,
) -> DispatchReport:
    dispatcher = Dispatcher(db, config or load_config(), transport=transport, **options)
    try:
        return work(dispatcher)
    finally:
        dispatcher.close()


def dispatch(
    db: Database,
    now: datetime | None = None,
    *,
    config: Config | None = None,
    transport: Transport | None = None,
    **options: Any,
) -> DispatchReport:
    """Queue the alerts new changes call for and send the immediate ones that are due.

    `config` defaults to the one `forcewatch` itself would load (forcewatch.toml, environment).
    """
    return _run(db, config, transport, lambda d: d.immediate(now or utc_now()), **options)


def dispatch_digests(
    db: Database,
    frequency: str,
    now: datetime | None = None,
    *,
    config: Config | None = None,
    transport: Transport | None = None,
    **options: Any,
) -> DispatchReport:
    """Send the `frequency` ("daily" or "weekly") digests due at `now`: one per subscriber who
    has not had one since the latest digest time, none to a subscriber with nothing to say.

    Safe to call at any time and as often as wanted: a digest time missed while nothing ran
    is served once, late, not once per missed day.
    """
    if frequency not in (DAILY, WEEKLY):
        raise ValueError(f"digests are daily or weekly, not {frequency!r}")
    return _run(db, config, transport, lambda d: d.digests(frequency, now or utc_now()), **options)


def send_due(
    db: Database,
    now: datetime | None = None,
    *,
    config: Config | None = None,
    transport: Transport | None = None,
    **options: Any,
) -> DispatchReport:
    """Immediate alerts, then any daily or weekly digest that is due, over one connection."""
    moment = now or utc_now()

    def work(d: Dispatcher) -> DispatchReport:
        report = d.immediate(moment)
        for frequency in (DAILY, WEEKLY):
            if report.error:
                break
            report.merge(d.digests(frequency, moment))
        return report

    return _run(db, config, transport, work, **options)


@dataclass
class Preview:
    """One email that would be sent to an address, and when."""

    when: str
    rendered: Rendered
    token: str


def preview(
    db: Database, email: str, now: datetime | None = None, *, config: Config | None = None
) -> list[Preview]:
    """What the next dispatches would send to `email`: its queued alerts and the new changes
    its subscriptions match. Writes nothing."""
    config = config or load_config()
    moment = now or utc_now()
    renderer = Renderer(base_url=config.base_url, mail_from=config.mail_from)
    subscriptions = [
        s
        for s in store.list_subscriptions(db, email)
        if s["state"] == CONFIRMED and not s["suspended_at"]
    ]
    if not subscriptions:
        return []
    queued: dict[int, list[int]] = {}
    for row in store.queued_alerts(db, [s["id"] for s in subscriptions]):
        queued.setdefault(row["subscription_id"], []).append(row["change_id"])
    fresh = store.changes_after(db, min(s["matched_through"] for s in subscriptions))
    wanted = {cid for ids in queued.values() for cid in ids}
    changes = {c["id"]: c for c in fresh}
    changes.update(store.changes_by_id(db, wanted - changes.keys()))
    out: list[Preview] = []
    for sub in subscriptions:
        ids = list(queued.get(sub["id"], []))
        ids += [c["id"] for c in fresh if matches(sub, c) and c["id"] not in ids]
        chosen = [changes[i] for i in sorted(ids)]
        if not chosen:
            continue
        if sub["frequency"] == IMMEDIATE:
            out += [
                Preview("at the next dispatch", renderer.alert(c), sub["token"]) for c in chosen
            ]
            continue
        args = (sub["frequency"], moment, config.digest_time, config.weekly_day)
        latest, following = latest_slot(*args), next_slot(*args)
        served = sub["digest_slot"] or sub["confirmed_at"]
        # As the dispatcher does: a digest holds the changes detected up to its time.
        now_due = [c for c in chosen if served < iso(latest) and c["detected_at"] <= iso(latest)]
        later = [c for c in chosen if c not in now_due]
        for when, slot, part in (("now (due)", latest, now_due), ("next", following, later)):
            if part:
                label = when if when != "next" else f"at {iso(slot)}"
                digest = renderer.digest(sub["frequency"], sub, part, slot)
                out.append(Preview(label, digest, sub["token"]))
    return out


def send_test_message(
    email: str, *, config: Config | None = None, transport: Transport | None = None
) -> str:
    """Send one test message now, outside the outbox; returns where it went. Raises the
    transport's DeliveryError, whose message says what the server answered."""
    config = config or load_config()
    check_mail_settings(config)
    renderer = Renderer(base_url=config.base_url, mail_from=config.mail_from)
    transport = transport or transport_for(config)
    rendered = renderer.test_message(transport.describe())
    message = renderer.message(
        rendered,
        to=email,
        token=secrets.token_urlsafe(12),
        message_id=renderer.message_id(f"test.{secrets.token_hex(8)}"),
        date=utc_now(),
    )
    with transport:
        transport.send(renderer.sender, email, message)
    return transport.describe()
