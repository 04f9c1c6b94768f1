"""Which changes a subscription is sent, and when digests fall due: pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from config import WEEKDAYS
from detect.vocab import EVENT_TYPES
from standing.model import ALERTABLE
from store.subscriptions import DAILY, IMMEDIATE, WEEKLY

LONDON = ZoneInfo("Europe/London")

EVENT_KIND = "event"
# Plain article changes, sent only to subscriptions that asked for them.
ARTICLE_KINDS = ("new", "edited", "withdrawn")
# A linked change held for review and now applied, alerted as it stands.
CLEARED_KIND = "cleared"
# Sent only to the subscriptions a linked change already went to: a short follow-up when the
# inspectorate confirms it (for those who chose follow-ups), a correction when it no longer holds.
FOLLOW_UP_KIND = "confirmed"
CORRECTION_KIND = "correction"
OVERDUE_KIND = "pcc_response_overdue"
# What a subscription can name with --type: the events, and an overdue PCC response.
SUBSCRIBABLE_TYPES = (*EVENT_TYPES, OVERDUE_KIND)

FREQUENCY_WORDS = {IMMEDIATE: "as they happen", DAILY: "in a daily digest", WEEKLY: "weekly"}


def matches(subscription: dict[str, Any], change: dict[str, Any]) -> bool:
    """A change reaches a subscription when it is news (never the baseline of a first crawl),
    about one of its forces, and an event of one of its types (or an article change, if asked).
    List changes and retractions are not alerts of their own: the event they carry is.

    Events linked into one change by several sources are one alert, sent with the entry of
    the first source while the change stands (reported or confirmed). A follow-up or a
    correction goes only to the subscriptions that change was sent to.
    """
    if change["baseline"] or change["id"] <= subscription["matched_through"]:
        return False
    forces = subscription["forces"]
    if forces and change["force"] not in forces:
        return False
    kind = change["kind"]
    types = subscription["event_types"]
    if kind in (EVENT_KIND, CLEARED_KIND):
        if change.get("link_id") is not None:
            if change.get("link_state") not in ALERTABLE:
                return False
            if kind == EVENT_KIND and change["id"] != change.get("link_lead_change_id"):
                return False
        elif kind == CLEARED_KIND or change.get("retracted_at"):
            return False
        return not types or change["event_type"] in types
    if kind in (FOLLOW_UP_KIND, CORRECTION_KIND):
        if subscription["id"] not in change.get("alerted", ()):
            return False
        return kind == CORRECTION_KIND or bool(subscription.get("follow_ups"))
    if kind == OVERDUE_KIND:
        return not types or OVERDUE_KIND in types
    return kind in ARTICLE_KINDS and subscription["articles"]


def still_due(change: dict[str, Any]) -> bool:
    """Whether a queued alert about an event should still go out: not if the change it
    belongs to was taken back or put on hold before it was sent (its correction says so)."""
    if change["kind"] not in (EVENT_KIND, CLEARED_KIND) or change.get("link_id") is None:
        return True
    return change.get("link_state") in ALERTABLE


def match(
    subscriptions: list[dict[str, Any]], changes: list[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (subscription, change) pair to alert on; the store runs this inside its enqueue."""
    relevant = [c for c in changes if not c["baseline"]]
    for subscription in subscriptions:
        for change in relevant:
            if matches(subscription, change):
                yield subscription, change


def describe_filters(subscription: dict[str, Any]) -> str:
    """ "West Midlands Police; concern_closed, concern_raised; as they happen" """
    forces = ", ".join(subscription["forces"]) or "all forces"
    types = ", ".join(subscription["event_types"]) or "all events"
    if subscription["articles"]:
        types += " and every new, edited or withdrawn article"
    described = f"{forces}; {types}; {FREQUENCY_WORDS[subscription['frequency']]}"
    if subscription.get("follow_ups"):
        described += "; a follow-up when the inspectorate confirms a reported change"
    return described


def unknown_event_types(types: Iterable[str]) -> list[str]:
    return [t for t in types if t not in SUBSCRIBABLE_TYPES]


def _at(day: date, digest_time: str) -> datetime:
    hours, minutes = (int(part) for part in digest_time.split(":"))
    # Wall-clock time in London: 07:00 stays 07:00 across the clock changes.
    return datetime.combine(day, time(hours, minutes), tzinfo=LONDON)


def latest_slot(frequency: str, now: datetime, digest_time: str, weekly_day: str) -> datetime:
    """The most recent digest time at or before `now` (UTC): a digest for it is due if a
    subscriber has not had one since."""
    local = now.astimezone(LONDON)
    if frequency == DAILY:
        slot = _at(local.date(), digest_time)
        if slot > local:
            slot = _at(local.date() - timedelta(days=1), digest_time)
    elif frequency == WEEKLY:
        back = (local.weekday() - WEEKDAYS.index(weekly_day)) % 7
        slot = _at(local.date() - timedelta(days=back), digest_time)
        if slot > local:
            slot = _at(local.date() - timedelta(days=back + 7), digest_time)
    else:
        raise ValueError(f"no digest for frequency {frequency!r}")
    return slot.astimezone(UTC)


def next_slot(frequency: str, now: datetime, digest_time: str, weekly_day: str) -> datetime:
    """The first digest time after `now` (UTC)."""
    latest = latest_slot(frequency, now, digest_time, weekly_day).astimezone(LONDON)
    step = 1 if frequency == DAILY else 7
    return _at(latest.date() + timedelta(days=step), digest_time).astimezone(UTC)
