"""Subscribing, confirming and unsubscribing: validation, double opt-in, the confirmation email.

A subscription starts `pending` and sends nothing until its emailed link is opened (or the
operator confirms it with --confirmed); the confirmation time is the record of consent.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlite_utils import Database

import store
from alerts.dispatch import iso, utc_now
from alerts.matching import SUBSCRIBABLE_TYPES, unknown_event_types
from alerts.render import Renderer
from alerts.transports import Transport, check_mail_settings, transport_for
from config import Config
from detect.forces import FORCES, resolve_force
from store.subscriptions import CONFIRMED, FREQUENCIES, IMMEDIATE, PENDING

# A second request for the same subscription within this time sends no second email.
CONFIRMATION_INTERVAL = timedelta(hours=1)


class SubscriptionError(ValueError):
    """A request that cannot be a subscription; the message says what to change."""


def normalise_email(address: str) -> str:
    """The address as stored: syntax checked, lower-cased, no DNS lookup."""
    try:
        result = validate_email(address.strip(), check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise SubscriptionError(f"not a usable email address {address!r}: {exc}") from None
    # Local parts are case-sensitive in principle and never in practice: one person typing
    # "Reader@" and "reader@" must not hold two subscriptions or get two emails.
    return (result.ascii_email or result.normalized).lower()


def canonical_forces(names: Sequence[str]) -> list[str]:
    """Canonical force names from the names people use ("WMP", "the Met", "Devon & Cornwall")."""
    out = []
    for name in names:
        canonical = resolve_force(name)
        if canonical is None:
            raise SubscriptionError(
                f"unknown force {name!r} (a name such as {FORCES[0]!r};"
                f" {len(FORCES)} forces are known)"
            )
        out.append(canonical)
    return sorted(set(out))


def check_event_types(types: Sequence[str]) -> list[str]:
    unknown = unknown_event_types(types)
    if unknown:
        raise SubscriptionError(
            f"unknown event type {unknown[0]!r} (known: {', '.join(SUBSCRIBABLE_TYPES)})"
        )
    return sorted(set(types))


@dataclass
class SubscribeOutcome:
    subscription: dict[str, Any]
    status: str  # store's created | exists | updated | renewed
    confirmation: str | None = None  # where the confirmation email went, if one was sent
    confirmation_skipped: bool = False  # one was sent within the hour already


def subscribe(
    db: Database,
    config: Config,
    email: str,
    *,
    forces: Sequence[str] = (),
    event_types: Sequence[str] = (),
    articles: bool = False,
    frequency: str = IMMEDIATE,
    confirmed: bool = False,
    follow_ups: bool = False,
    transport: Transport | None = None,
    now: datetime | None = None,
) -> SubscribeOutcome:
    """Validate and store a subscription; unless `confirmed`, email the confirmation link.

    `follow_ups`: also a short email when a change first reported by others is confirmed by
    the inspectorate.

    Raises SubscriptionError for a bad request and the transport's DeliveryError when the
    confirmation cannot be sent (the subscription stays pending; asking again resends it).
    """
    if frequency not in FREQUENCIES:
        raise SubscriptionError(
            f"unknown frequency {frequency!r} (known: {', '.join(FREQUENCIES)})"
        )
    address = normalise_email(email)
    chosen_forces = canonical_forces(forces)
    chosen_types = check_event_types(event_types)
    moment = now or utc_now()
    if not confirmed:
        check_mail_settings(config)
    subscription, status = store.save_subscription(
        db,
        email=address,
        forces=chosen_forces,
        event_types=chosen_types,
        articles=articles,
        frequency=frequency,
        token=secrets.token_urlsafe(24),
        confirmed=confirmed,
        now=iso(moment),
        follow_ups=follow_ups,
    )
    outcome = SubscribeOutcome(subscription, status)
    if subscription["state"] != PENDING:
        return outcome
    last = subscription["confirmation_sent_at"]
    if last and last > iso(moment - CONFIRMATION_INTERVAL):
        outcome.confirmation_skipped = True
        return outcome
    outcome.confirmation = send_confirmation(db, config, subscription, transport=transport)
    return outcome


def send_confirmation(
    db: Database,
    config: Config,
    subscription: dict[str, Any],
    *,
    transport: Transport | None = None,
) -> str:
    """Email the confirmation link now (not through the outbox: the person is waiting for it)."""
    renderer = Renderer(base_url=config.base_url, mail_from=config.mail_from)
    transport = transport or transport_for(config)
    moment = utc_now()
    message = renderer.message(
        renderer.confirmation(subscription),
        to=subscription["email"],
        token=subscription["token"],
        message_id=renderer.message_id(f"confirm.{subscription['id']}.{moment:%Y%m%d%H%M%S}"),
        date=moment,
    )
    with transport:
        transport.send(renderer.sender, subscription["email"], message)
    store.mark_confirmation_sent(db, subscription["id"], iso(moment))
    return transport.describe()


def confirm(db: Database, token: str, now: datetime | None = None) -> tuple[str, dict[str, Any]]:
    """Confirm by token: (state before, subscription). Raises SubscriptionError if unknown."""
    result = store.confirm_subscription(db, token.strip(), iso(now or utc_now()))
    if result is None:
        raise SubscriptionError("no subscription has that token")
    return result


def unsubscribe(
    db: Database, who: str, now: datetime | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """End every subscription of an address, or the one a token names."""
    moment = iso(now or utc_now())
    who = who.strip()
    if "@" in who:
        ended = store.unsubscribe(db, email=normalise_email(who), now=moment)
        if not ended:
            raise SubscriptionError(f"no subscription for {who}")
    else:
        ended = store.unsubscribe(db, token=who, now=moment)
        if not ended:
            raise SubscriptionError("no subscription has that token")
    return ended


def is_active(subscription: dict[str, Any]) -> bool:
    return subscription["state"] == CONFIRMED and not subscription.get("suspended_at")
