"""Matching rules, digest times and the retry backoff, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from alerts.dispatch import BACKOFF_CAP, backoff
from alerts.matching import describe_filters, latest_slot, match, matches, next_slot


def sub(**fields):
    base = {
        "id": 1,
        "forces": [],
        "event_types": [],
        "articles": False,
        "frequency": "immediate",
        "matched_through": 0,
    }
    base.update(fields)
    return base


def change(**fields):
    base = {
        "id": 10,
        "kind": "event",
        "force": "West Midlands Police",
        "event_type": "concern_closed",
        "baseline": False,
        "retracted_at": None,
    }
    base.update(fields)
    return base


WMP = ["West Midlands Police"]


@pytest.mark.parametrize(
    ("subscription", "candidate", "expected"),
    [
        (sub(), change(), True),
        (sub(), change(baseline=True), False),
        (sub(matched_through=10), change(), False),
        (sub(matched_through=9), change(), True),
        (sub(forces=WMP), change(), True),
        (sub(forces=["Kent Police"]), change(), False),
        (sub(forces=WMP), change(force=None), False),
        (sub(event_types=["concern_closed"]), change(), True),
        (sub(event_types=["engage_entered", "engage_exited"]), change(), False),
        (sub(), change(retracted_at="2026-10-30T00:00:00+00:00"), False),
        (sub(), change(kind="new", event_type=None), False),
        (sub(articles=True), change(kind="new", event_type=None), True),
        (sub(articles=True), change(kind="edited", event_type=None), True),
        (sub(articles=True), change(kind="withdrawn", event_type=None), True),
        (sub(articles=True, forces=WMP), change(kind="new", force="Kent Police"), False),
        (sub(articles=True), change(kind="new", force=None, event_type=None), True),
        (sub(articles=True), change(kind="list_change", event_type=None), False),
        (sub(articles=True), change(kind="retraction"), False),
        (sub(articles=True), change(kind="new", baseline=True), False),
    ],
)
def test_matches(subscription, candidate, expected):
    assert matches(subscription, candidate) is expected


def test_match_pairs_every_subscription_with_its_changes():
    subs = [sub(id=1), sub(id=2, forces=["Kent Police"]), sub(id=3, event_types=["aoi_raised"])]
    changes = [
        change(id=1),
        change(id=2, force="Kent Police"),
        change(id=3, baseline=True),
    ]
    pairs = [(s["id"], c["id"]) for s, c in match(subs, changes)]
    assert pairs == [(1, 1), (1, 2), (2, 2)]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, "all forces; all events; as they happen"),
        (
            {"forces": ["Kent Police", "Surrey Police"], "frequency": "daily"},
            "Kent Police, Surrey Police; all events; in a daily digest",
        ),
        (
            {"event_types": ["engage_entered"], "articles": True, "frequency": "weekly"},
            "all forces; engage_entered and every new, edited or withdrawn article; weekly",
        ),
    ],
)
def test_describe_filters(fields, expected):
    assert describe_filters(sub(**fields)) == expected


def utc(*args):
    return datetime(*args, tzinfo=UTC)


# 2026: British Summer Time ends on Sunday 25 October; 29 October is a Thursday.
@pytest.mark.parametrize(
    ("frequency", "now", "latest", "following"),
    [
        ("daily", utc(2026, 10, 29, 7, 0), utc(2026, 10, 29, 7, 0), utc(2026, 10, 30, 7, 0)),
        ("daily", utc(2026, 10, 29, 6, 59), utc(2026, 10, 28, 7, 0), utc(2026, 10, 29, 7, 0)),
        ("daily", utc(2026, 7, 1, 6, 0), utc(2026, 7, 1, 6, 0), utc(2026, 7, 2, 6, 0)),
        ("daily", utc(2026, 7, 1, 5, 59), utc(2026, 6, 30, 6, 0), utc(2026, 7, 1, 6, 0)),
        ("daily", utc(2026, 10, 25, 12, 0), utc(2026, 10, 25, 7, 0), utc(2026, 10, 26, 7, 0)),
        ("daily", utc(2026, 10, 25, 6, 30), utc(2026, 10, 24, 6, 0), utc(2026, 10, 25, 7, 0)),
        ("weekly", utc(2026, 10, 29, 12, 0), utc(2026, 10, 26, 7, 0), utc(2026, 11, 2, 7, 0)),
        ("weekly", utc(2026, 10, 26, 7, 0), utc(2026, 10, 26, 7, 0), utc(2026, 11, 2, 7, 0)),
        ("weekly", utc(2026, 10, 26, 6, 59), utc(2026, 10, 19, 6, 0), utc(2026, 10, 26, 7, 0)),
    ],
)
def test_digest_times_are_london_wall_clock_times(frequency, now, latest, following):
    assert latest_slot(frequency, now, "07:00", "monday") == latest
    assert next_slot(frequency, now, "07:00", "monday") == following


def test_digest_time_and_day_come_from_the_settings():
    now = utc(2026, 10, 29, 12, 0)
    assert latest_slot("daily", now, "18:30", "monday") == utc(2026, 10, 28, 18, 30)
    assert latest_slot("weekly", now, "07:00", "thursday") == utc(2026, 10, 29, 7, 0)
    assert latest_slot("weekly", now, "07:00", "friday") == utc(2026, 10, 23, 6, 0)


def test_immediate_has_no_digest_time():
    with pytest.raises(ValueError, match="immediate"):
        latest_slot("immediate", utc(2026, 10, 29, 12), "07:00", "monday")


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [
        (1, timedelta(minutes=1)),
        (2, timedelta(minutes=2)),
        (3, timedelta(minutes=4)),
        (6, timedelta(minutes=32)),
        (9, timedelta(minutes=256)),
        (10, timedelta(seconds=BACKOFF_CAP)),
        (30, timedelta(hours=6)),
    ],
)
def test_backoff_doubles_up_to_a_cap(attempts, wait):
    assert backoff(attempts) == wait
