"""Daily and weekly digests, on a frozen clock, through a real SMTP server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from alerts_support import add_event

import store
from alerts.dispatch import dispatch, dispatch_digests, send_due
from alerts.subscriptions import subscribe


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def iso(moment):
    return moment.isoformat(timespec="seconds")


def digest_at(db, config, frequency, moment):
    """What the scheduler does at `moment`: call dispatch_digests with the clock there."""
    with time_machine.travel(moment, tick=False):
        return dispatch_digests(db, frequency, moment, config=config)


def subscribe_at(db, config, moment, address="reader@example.org", **filters):
    with time_machine.travel(moment, tick=False):
        return subscribe(db, config, address, confirmed=True, now=moment, **filters).subscription


# Winter (GMT): London 07:00 is 07:00 UTC. Summer (BST): it is 06:00 UTC.
@pytest.mark.parametrize(
    ("day", "slot_hour"),
    [((2026, 11, 2), 7), ((2026, 7, 6), 6)],
    ids=["winter", "summer"],
)
def test_one_daily_digest_at_seven_london_time_grouped_by_force(db, config, smtp, day, slot_hour):
    subscribe_at(db, config, utc(*day, 12, 0), frequency="daily")
    for hour, force, kind in [
        (15, "West Midlands Police", "concern_closed"),
        (16, "Nottinghamshire Police", "engage_exited"),
        (17, "West Midlands Police", "aoi_raised"),
    ]:
        add_event(db, force=force, kind=kind, title=f"{kind} {hour}", now=iso(utc(*day, hour)))
    next_day = utc(*day) + timedelta(days=1)

    before = digest_at(db, config, "daily", next_day.replace(hour=slot_hour) - timedelta(minutes=1))
    assert before.sent == 0
    assert smtp.mailbox.received == []

    at_slot = digest_at(db, config, "daily", next_day.replace(hour=slot_hour))
    assert at_slot.sent == 1
    [mail] = smtp.mailbox.received
    assert mail.subject.startswith("forcewatch daily digest: 3 changes for 2 forces")
    text = mail.text
    notts = text.index("== Nottinghamshire Police ==")
    west = text.index("== West Midlands Police ==")
    assert notts < west
    assert "removed from enhanced monitoring" in text[notts:west]
    assert "3 causes of concern closed" in text[west:]
    assert "areas for improvement raised" in text[west:]
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    later = digest_at(db, config, "daily", next_day.replace(hour=slot_hour + 3))
    assert later.sent == 0
    assert len(smtp.mailbox.received) == 1


def test_no_digest_when_there_is_nothing_to_say(db, config, smtp):
    subscribe_at(db, config, utc(2026, 11, 2, 12), frequency="daily", forces=["Kent Police"])
    add_event(db, now=iso(utc(2026, 11, 2, 15)))
    assert digest_at(db, config, "daily", utc(2026, 11, 3, 7)).sent == 0
    assert smtp.mailbox.received == []
    [sub] = store.list_subscriptions(db)
    assert sub["digest_slot"] == "2026-11-03T07:00:00+00:00"


def test_a_change_after_digest_time_waits_for_the_next_digest(db, config, smtp):
    subscribe_at(db, config, utc(2026, 11, 2, 12), frequency="daily")
    add_event(db, title="Monday", now=iso(utc(2026, 11, 2, 15)))
    assert digest_at(db, config, "daily", utc(2026, 11, 3, 7)).sent == 1
    add_event(db, title="Tuesday morning", now=iso(utc(2026, 11, 3, 9)))
    assert digest_at(db, config, "daily", utc(2026, 11, 3, 18)).sent == 0
    assert digest_at(db, config, "daily", utc(2026, 11, 4, 7)).sent == 1
    first, second = smtp.mailbox.received
    assert "1 change for 1 force" in second.subject
    assert "Tuesday morning" not in first.text
    assert "Tuesday morning" in second.text


def test_digest_subscribers_get_no_immediate_alerts(db, config, smtp):
    subscribe_at(db, config, utc(2026, 11, 2, 12), frequency="weekly")
    add_event(db, now=iso(utc(2026, 11, 2, 15)))
    with time_machine.travel(utc(2026, 11, 2, 16), tick=False):
        assert dispatch(db, config=config).sent == 0
    assert smtp.mailbox.received == []


def test_a_weekly_digest_goes_out_on_the_configured_day_only(db, config, smtp):
    # 2 November 2026 is a Monday.
    subscribe_at(db, config, utc(2026, 10, 30, 12), frequency="weekly")
    for n, day in enumerate((31, 1)):
        month = 10 if day == 31 else 11
        add_event(db, title=f"Event {n}", now=iso(utc(2026, month, day, 10)))
    assert digest_at(db, config, "weekly", utc(2026, 11, 1, 7)).sent == 0
    assert digest_at(db, config, "weekly", utc(2026, 11, 2, 7)).sent == 1
    add_event(db, title="Tuesday", now=iso(utc(2026, 11, 3, 10)))
    for day in range(3, 9):
        assert digest_at(db, config, "weekly", utc(2026, 11, day, 7)).sent == 0
    assert digest_at(db, config, "weekly", utc(2026, 11, 9, 7)).sent == 1
    first, second = smtp.mailbox.received
    assert first.subject.startswith("forcewatch weekly digest: 2 changes")
    assert second.subject.startswith("forcewatch weekly digest: 1 change ")


def test_digests_missed_while_nothing_ran_are_sent_once_not_once_per_day(db, config, smtp):
    subscribe_at(db, config, utc(2026, 11, 2, 12), frequency="daily")
    for day in (2, 3, 4):
        add_event(db, title=f"Day {day}", now=iso(utc(2026, 11, day, 15)))
    assert digest_at(db, config, "daily", utc(2026, 11, 5, 10)).sent == 1
    assert digest_at(db, config, "daily", utc(2026, 11, 5, 11)).sent == 0
    [mail] = smtp.mailbox.received
    assert "3 changes" in mail.subject


def test_a_digest_the_server_defers_is_retried_and_still_sent_once(db, config, smtp):
    subscribe_at(db, config, utc(2026, 11, 2, 12), frequency="daily")
    add_event(db, title="One", now=iso(utc(2026, 11, 2, 15)))
    add_event(db, title="Two", now=iso(utc(2026, 11, 2, 16)))
    smtp.mailbox.mail_reply = "421 4.3.2 Try later"
    failed = digest_at(db, config, "daily", utc(2026, 11, 3, 7))
    assert (failed.sent, failed.deferred) == (0, 2)
    smtp.mailbox.mail_reply = None
    assert digest_at(db, config, "daily", utc(2026, 11, 3, 7, 0, 30)).sent == 0, "backoff ignored"
    assert digest_at(db, config, "daily", utc(2026, 11, 3, 7, 2)).sent == 1
    assert digest_at(db, config, "daily", utc(2026, 11, 3, 7, 10)).sent == 0
    [mail] = smtp.mailbox.received
    assert "2 changes" in mail.subject


def test_alerts_send_sends_immediate_alerts_and_the_digests_that_are_due(db, config, smtp):
    subscribe_at(db, config, utc(2026, 11, 2, 12), "now@example.org")
    subscribe_at(db, config, utc(2026, 11, 2, 12), "daily@example.org", frequency="daily")
    subscribe_at(db, config, utc(2026, 11, 2, 12), "weekly@example.org", frequency="weekly")
    add_event(db, now=iso(utc(2026, 11, 3, 15)))
    with time_machine.travel(utc(2026, 11, 3, 16), tick=False):
        report = send_due(db, config=config)
    assert [m.to for m in smtp.mailbox.received] == ["now@example.org"]
    with time_machine.travel(utc(2026, 11, 4, 8), tick=False):
        report = send_due(db, config=config)
    assert report.sent == 1
    assert smtp.mailbox.received[-1].to == "daily@example.org"
    with time_machine.travel(utc(2026, 11, 9, 7, 5), tick=False):
        report = send_due(db, config=config)
    assert [m.to for m in smtp.mailbox.received[-1:]] == ["weekly@example.org"]
    assert report.sent == 1


def test_dispatch_digests_reads_its_settings_like_the_command_does(
    db, config, smtp, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    settings = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp.port, "SMTP_TLS": "none"}
    for key, value in {**settings, "DIGEST_TIME": "18:30"}.items():
        monkeypatch.setenv(f"FORCEWATCH_{key}", str(value))
    subscribe_at(db, config, utc(2026, 11, 2, 12), frequency="daily")
    add_event(db, now=iso(utc(2026, 11, 2, 15)))
    for moment, sent in ((utc(2026, 11, 2, 18, 29), 0), (utc(2026, 11, 2, 18, 30), 1)):
        with time_machine.travel(moment, tick=False):
            assert dispatch_digests(db, "daily", moment).sent == sent
    assert len(smtp.mailbox.received) == 1


def test_an_unknown_digest_frequency_is_refused(db, config):
    with pytest.raises(ValueError, match="daily or weekly"):
        dispatch_digests(db, "hourly", utc(2026, 11, 3, 7), config=config)
