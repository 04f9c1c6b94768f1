"""Which changes a subscription is sent, and when digests fall due: pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from config import WEEKDAYS
from detect.vocab import EVENT_TYPES
from store.subscriptions import DAILY, IMMEDIATE, WEEKLY

LONDON = ZoneInfo("Europe/London")

EVENT_KIND = "event"
# Plain article changes, sent only to subscriptions that asked for them.
ARTICLE_KINDS = ("new", "edited", "withdrawn")

FREQUENCY_WORDS = {IMMEDIATE: "as they happen", DAILY: "in a daily digest", WEEKLY: "weekly"}


def matches(subscription: dict[str, Any], change: dict[str, Any]) -> bool:
    """A change reaches a subscription when it is news (never the baseline of a first crawl),
    about one of its forces, and an event of one of its types (or an article change, if asked).
    List changes and retractions are not alerts of their own: the event they carry is."""
    if change["baseline"] or change["id"] <= subscription["matched_through"]:
        return False
    forces = subscription["forces"]
    if forces and change["force"] not in forces:
        return False
    if change["kind"] == EVENT_KIND:
        if change.get("retracted_at"):
            return False
        types = subscription["event_types"]
        return not types or change["event_type"] in types
    return change["kind"] in ARTICLE_KINDS and subscription["articles"]


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
    return f"{forces}; {types}; {FREQUENCY_WORDS[subscription['frequency']]}"


def unknown_event_types(types: Iterable[str]) -> list[str]:
    return [t for t in types if t not in EVENT_TYPES]


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
