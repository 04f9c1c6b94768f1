"""Subscriptions: validation, double opt-in through a real SMTP server, and unsubscribing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from alerts_support import SmtpServer, add_event, free_port, open_db

import store
from alerts.subscriptions import (
    SubscriptionError,
    canonical_forces,
    check_event_types,
    confirm,
    normalise_email,
    subscribe,
    unsubscribe,
)
from alerts.transports import ServerUnavailable

START = datetime(2026, 10, 29, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def confirm_link(mail) -> str:
    [link] = re.findall(r"https://forcewatch\.example\.org/confirm/([\w-]+)", mail.text)
    return link


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("reader@example.org", "reader@example.org"),
        ("  Reader@EXAMPLE.org ", "reader@example.org"),
        ("first.last+alerts@news.example.co.uk", "first.last+alerts@news.example.co.uk"),
    ],
)
def test_addresses_are_checked_for_syntax_only(given, stored):
    assert normalise_email(given) == stored


@pytest.mark.parametrize(
    "bad", ["", "reader", "reader@", "@example.org", "a@@example.org", "a b@example.org", "a@b"]
)
def test_a_bad_address_is_refused_with_a_reason(bad):
    with pytest.raises(SubscriptionError, match="not a usable email address"):
        normalise_email(bad)


@pytest.mark.parametrize(
    ("names", "canonical"),
    [
        (["West Midlands Police"], ["West Midlands Police"]),
        (["WMP", "west midlands police"], ["West Midlands Police"]),
        (
            ["the Met", "Devon & Cornwall"],
            ["Devon and Cornwall Police", "Metropolitan Police Service"],
        ),
        ([], []),
    ],
)
def test_forces_are_stored_under_their_canonical_names(names, canonical):
    assert canonical_forces(names) == canonical


def test_an_unknown_force_or_type_is_named():
    with pytest.raises(SubscriptionError, match="unknown force 'Gotham City Police'"):
        canonical_forces(["Gotham City Police"])
    with pytest.raises(SubscriptionError, match="unknown event type 'concern_opened'"):
        check_event_types(["concern_closed", "concern_opened"])


def test_double_opt_in_confirmation_email_then_confirm(db, config, smtp, clock):
    outcome = subscribe(db, config, "reader@example.org", forces=["WMP"], frequency="daily")
    assert outcome.status == "created"
    assert outcome.subscription["state"] == "pending"
    [mail] = smtp.mailbox.received
    assert mail.to == "reader@example.org"
    assert mail.subject == "Confirm your forcewatch alerts"
    assert "West Midlands Police; all events; in a daily digest" in mail.text
    token = confirm_link(mail)
    assert token == outcome.subscription["token"]

    clock.shift(timedelta(minutes=5))
    before, sub = confirm(db, token)
    assert before == "pending"
    assert sub["state"] == "confirmed"
    assert sub["confirmed_at"] == "2026-10-29T09:05:00+00:00"
    assert sub["confirmed_via"] == "link"
    assert confirm(db, token)[0] == "confirmed"


def test_a_pending_subscription_is_sent_nothing(db, config, smtp, clock):
    from alerts.dispatch import dispatch

    subscribe(db, config, "reader@example.org")
    add_event(db)
    assert dispatch(db, config=config).sent == 0
    assert len(smtp.mailbox.received) == 1


def test_the_same_filters_twice_make_one_subscription_and_one_email_within_the_hour(
    db, config, smtp, clock
):
    first = subscribe(db, config, "reader@example.org", forces=["Kent Police", "Surrey Police"])
    clock.shift(timedelta(minutes=59))
    again = subscribe(db, config, "READER@example.org", forces=["Surrey Police", "Kent"])
    assert again.status == "exists"
    assert again.subscription["id"] == first.subscription["id"]
    assert again.confirmation_skipped
    assert len(smtp.mailbox.received) == 1
    clock.shift(timedelta(minutes=2))
    later = subscribe(db, config, "reader@example.org", forces=["Kent Police", "Surrey Police"])
    assert later.confirmation is not None
    assert len(smtp.mailbox.received) == 2
    assert len(store.list_subscriptions(db)) == 1


def test_one_address_may_hold_several_subscriptions(db, config, smtp, clock):
    subscribe(db, config, "reader@example.org", forces=["Kent Police"], confirmed=True)
    subscribe(db, config, "reader@example.org", event_types=["engage_entered"], confirmed=True)
    subscribe(
        db, config, "reader@example.org", forces=["Kent Police"], articles=True, confirmed=True
    )
    assert len(store.list_subscriptions(db, "reader@example.org")) == 3


def test_confirmed_on_the_command_line_records_the_operator_and_sends_no_email(
    db, config, smtp, clock
):
    outcome = subscribe(db, config, "reader@example.org", confirmed=True)
    assert outcome.subscription["confirmed_via"] == "operator"
    assert outcome.subscription["confirmed_at"] == "2026-10-29T09:00:00+00:00"
    assert smtp.mailbox.received == []


def test_changing_the_frequency_keeps_the_subscription_and_its_queue(db, config, smtp, clock):
    from alerts.dispatch import Dispatcher

    subscribe(db, config, "reader@example.org", confirmed=True)
    add_event(db)
    Dispatcher(db, config).queue()
    outcome = subscribe(db, config, "reader@example.org", frequency="weekly", confirmed=True)
    assert outcome.status == "updated"
    assert outcome.subscription["frequency"] == "weekly"
    [row] = store.outbox_rows(db)
    assert row["kind"] == "weekly"


def test_unsubscribe_by_token_ends_that_subscription_by_address_ends_all(db, config, clock):
    one = subscribe(db, config, "reader@example.org", forces=["Kent Police"], confirmed=True)
    subscribe(db, config, "reader@example.org", forces=["Surrey Police"], confirmed=True)
    [(before, ended)] = unsubscribe(db, one.subscription["token"])
    assert (before, ended["state"]) == ("confirmed", "unsubscribed")
    assert ended["unsubscribed_at"] == "2026-10-29T09:00:00+00:00"
    states = sorted(s["state"] for s in store.list_subscriptions(db))
    assert states == ["confirmed", "unsubscribed"]
    results = unsubscribe(db, "Reader@Example.org")
    assert sorted(before for before, _ in results) == ["confirmed", "unsubscribed"]
    assert {s["state"] for s in store.list_subscriptions(db)} == {"unsubscribed"}


@pytest.mark.parametrize("who", ["nobody@example.org", "no-such-token"])
def test_unsubscribing_someone_unknown_is_an_error(db, who):
    with pytest.raises(SubscriptionError, match="no subscription"):
        unsubscribe(db, who)


def test_an_old_confirmation_link_does_not_undo_an_unsubscribe(db, config, smtp, clock):
    outcome = subscribe(db, config, "reader@example.org")
    token = outcome.subscription["token"]
    unsubscribe(db, "reader@example.org")
    before, sub = confirm(db, token)
    assert before == "unsubscribed"
    assert sub["state"] == "unsubscribed"


def test_subscribing_again_after_unsubscribing_asks_for_consent_again(db, config, smtp, clock):
    first = subscribe(db, config, "reader@example.org", confirmed=True)
    unsubscribe(db, "reader@example.org")
    again = subscribe(db, config, "reader@example.org")
    assert again.status == "renewed"
    assert again.subscription["state"] == "pending"
    assert again.subscription["confirmed_at"] is None
    assert again.subscription["token"] == first.subscription["token"]
    assert len(smtp.mailbox.received) == 1


def test_an_unknown_token_cannot_be_confirmed(db):
    with pytest.raises(SubscriptionError, match="no subscription has that token"):
        confirm(db, "made-up-token")


def test_a_confirmation_that_cannot_be_sent_leaves_the_subscription_pending(tmp_path, clock):
    with SmtpServer() as placeholder:
        config = placeholder.config(tmp_path, smtp_port=free_port())
    db = open_db(config)
    with pytest.raises(ServerUnavailable, match="cannot connect"):
        subscribe(db, config, "reader@example.org")
    [sub] = store.list_subscriptions(db)
    assert (sub["state"], sub["confirmation_sent_at"]) == ("pending", None)
    with SmtpServer(port=config.smtp_port) as server:
        outcome = subscribe(db, config, "reader@example.org")
    assert outcome.confirmation is not None
    assert len(server.mailbox.received) == 1


@pytest.mark.parametrize("frequency", ["hourly", "Daily", ""])
def test_an_unknown_frequency_is_refused(db, config, frequency):
    with pytest.raises(SubscriptionError, match="unknown frequency"):
        subscribe(db, config, "reader@example.org", frequency=frequency)
