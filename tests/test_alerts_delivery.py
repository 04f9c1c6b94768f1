"""Immediate alerts through a real SMTP server (aiosmtpd on 127.0.0.1), and every way delivery
can go wrong: a server down or saying 4xx, a 5xx for one recipient, a connection dropped
mid-batch, a crash between send and commit, two dispatchers at once."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from aiosmtpd.smtp import AuthResult, LoginPassword
from alerts_support import (
    EVIDENCE,
    SmtpServer,
    add_event,
    add_subscribers,
    free_port,
    open_db,
)

import store
from alerts import dispatch as dispatch_module
from alerts.dispatch import Dispatcher, backoff, dispatch
from alerts.render import Renderer
from alerts.subscriptions import subscribe, unsubscribe
from alerts.transports import MaildirTransport, SmtpTransport, transport_for

START = datetime(2026, 10, 29, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def rows(db, state=None):
    return store.outbox_rows(db, state=state)


def test_each_subscriber_gets_one_email_per_matching_event_and_a_rerun_sends_nothing(
    db, config, smtp, clock
):
    add_subscribers(db, config, ["all@example.org"])
    add_subscribers(db, config, ["wmp@example.org"], forces=["West Midlands Police"])
    add_subscribers(db, config, ["notts@example.org"], forces=["Notts"])
    add_subscribers(db, config, ["exits@example.org"], event_types=["engage_exited"])
    add_event(db)
    add_event(db, force="Nottinghamshire Police", kind="engage_exited", count=None, title="Out")

    report = dispatch(db, config=config)

    assert report.sent == 5
    assert smtp.mailbox.count_by_recipient() == {
        "all@example.org": 2,
        "wmp@example.org": 1,
        "notts@example.org": 1,
        "exits@example.org": 1,
    }
    [wmp] = smtp.mailbox.to("wmp@example.org")
    assert wmp.subject == "West Midlands Police: 3 causes of concern closed"
    [exit_mail] = smtp.mailbox.to("exits@example.org")
    assert exit_mail.subject == "Nottinghamshire Police: removed from enhanced monitoring (Engage)"

    again = dispatch(db, config=config)
    assert (again.queued, again.sent) == (0, 0)
    assert len(smtp.mailbox.received) == 5
    assert {r["state"] for r in rows(db)} == {"sent"}


def test_a_received_alert_has_both_parts_the_quote_the_links_and_the_list_headers(
    db, config, smtp, clock
):
    [sub] = add_subscribers(db, config, ["reader@example.org"])
    change = add_event(db)
    dispatch(db, config=config)

    [mail] = smtp.mailbox.received
    token = sub["token"]
    assert mail.sender == "alerts@forcewatch.example.org"
    headers = mail.message
    assert headers["Message-ID"].endswith("@forcewatch.example.org>")
    assert headers["Date"]
    assert headers["List-Id"] == "forcewatch alerts <alerts.forcewatch.example.org>"
    unsubscribe_header = str(headers["List-Unsubscribe"])
    assert f"<https://forcewatch.example.org/unsubscribe/{token}>" in unsubscribe_header
    assert f"<mailto:alerts@forcewatch.example.org?subject=unsubscribe%20{token}>" in (
        unsubscribe_header
    )
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f'"{EVIDENCE}"' in mail.text.replace("\n    ", " ")
    assert change["url"] in mail.text
    assert "28 October 2026" in mail.text
    assert f"https://forcewatch.example.org/manage/{token}" in mail.text
    assert f"&ldquo;{EVIDENCE}&rdquo;" in mail.html or f"“{EVIDENCE}”" in mail.html
    assert mail.links() == [
        change["url"],
        f"https://forcewatch.example.org/manage/{token}",
        f"https://forcewatch.example.org/unsubscribe/{token}",
    ]


def test_scraped_markup_and_line_breaks_reach_no_header_and_no_html(db, config, smtp, clock):
    add_subscribers(db, config, ["reader@example.org"], articles=True)
    add_event(
        db,
        title="<script>alert('t')</script> Appeal\r\nBcc: victim@example.org",
        evidence="Closed <img src=x onerror=alert(1)> today.",
        url="javascript:alert(1)",
    )
    dispatch(db, config=config)

    for mail in smtp.mailbox.received:
        assert mail.message["Bcc"] is None
        assert "\n" not in mail.subject
        assert "<script>" not in mail.html
        assert "<img src=x" not in mail.html
        assert all(link.startswith("https://") for link in mail.links())
        assert mail.recipients == ["reader@example.org"]
    article_mail = [m for m in smtp.mailbox.received if "new article" in m.subject]
    assert article_mail, "the article change was not sent"
    assert "&lt;script&gt;" in article_mail[0].html


def test_baseline_entries_are_never_sent(db, config, smtp, clock):
    add_subscribers(db, config, ["reader@example.org"], articles=True)
    add_event(db, baseline=True)
    report = dispatch(db, config=config)
    assert report.sent == 0
    assert rows(db) == []
    assert smtp.mailbox.received == []


def test_changes_from_before_consent_are_not_sent(db, config, smtp, clock):
    add_event(db)
    add_subscribers(db, config, ["late@example.org"])
    assert dispatch(db, config=config).sent == 0
    add_event(db, title="A later closure")
    assert dispatch(db, config=config).sent == 1


def test_nothing_is_sent_after_unsubscribing_even_what_was_already_queued(db, config, smtp, clock):
    [sub] = add_subscribers(db, config, ["leaving@example.org"])
    add_event(db, title="First")
    dispatch(db, config=config)
    add_event(db, title="Second")
    Dispatcher(db, config).queue()
    assert len(rows(db, "pending")) == 1
    unsubscribe(db, sub["token"])
    add_event(db, title="Third")

    report = dispatch(db, config=config)

    assert report.sent == 0
    assert len(smtp.mailbox.received) == 1
    assert [r["state"] for r in rows(db)] == ["sent", "cancelled"]


def test_a_server_that_is_down_leaves_rows_pending_and_they_go_out_once_it_is_back(
    db, tmp_path, clock
):
    port = free_port()
    with SmtpServer() as placeholder:
        config = placeholder.config(tmp_path, smtp_port=port)
    add_subscribers(db, config, ["a@example.org", "b@example.org"])
    add_event(db)

    report = dispatch(db, config=config)

    assert report.sent == 0
    assert "cannot connect" in report.error
    pending = rows(db, "pending")
    assert len(pending) == 2
    assert {r["next_attempt_at"] for r in pending} == {"2026-10-29T09:01:00+00:00"}
    assert all("cannot connect" in r["last_error"] for r in pending)
    assert dispatch(db, config=config).error is None, "rows in backoff were tried again"

    clock.shift(timedelta(minutes=2))
    with SmtpServer(port=port) as server:
        report = dispatch(db, config=config)
    assert report.sent == 2
    assert server.mailbox.count_by_recipient() == {"a@example.org": 1, "b@example.org": 1}
    assert rows(db, "pending") == []


def test_backoff_grows_and_a_row_that_never_gets_through_fails_in_the_end(
    db, tmp_path, clock, monkeypatch
):
    monkeypatch.setattr(dispatch_module, "MAX_ATTEMPTS", 4)
    with SmtpServer() as placeholder:
        config = placeholder.config(tmp_path, smtp_port=free_port())
    add_subscribers(db, config, ["a@example.org"])
    add_event(db)
    waits = []
    for _ in range(4):
        dispatch(db, config=config)
        [row] = rows(db)
        if row["state"] != "pending":
            break
        due = datetime.fromisoformat(row["next_attempt_at"])
        waits.append(due - datetime.now(UTC))
        clock.move_to(due)
    assert waits == [backoff(1), backoff(2), backoff(3)]
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    [row] = rows(db)
    assert row["state"] == "failed"
    assert row["attempts"] == 4
    assert row["last_error"].startswith("gave up after 4 attempts")


@pytest.mark.parametrize(
    ("reply", "where"),
    [("421 4.3.2 Service shutting down", "MAIL"), ("451 4.3.0 Try again later", "MAIL")],
)
def test_a_server_refusing_with_4xx_keeps_every_row_for_later(
    db, config, smtp, clock, reply, where
):
    add_subscribers(db, config, ["a@example.org", "b@example.org", "c@example.org"])
    add_event(db)
    smtp.mailbox.mail_reply = reply

    report = dispatch(db, config=config)

    assert report.sent == 0
    assert reply[:3] in report.error
    assert len(rows(db, "pending")) == 3
    assert smtp.mailbox.received == []
    smtp.mailbox.mail_reply = None
    clock.shift(timedelta(minutes=2))
    assert dispatch(db, config=config).sent == 3
    assert len(smtp.mailbox.received) == 3


def test_a_4xx_for_one_recipient_defers_only_that_one(db, config, smtp, clock):
    add_subscribers(db, config, ["a@example.org", "grey@example.org", "c@example.org"])
    add_event(db)
    smtp.mailbox.rcpt_replies["grey@example.org"] = "451 4.7.1 Greylisted, come back later"

    report = dispatch(db, config=config)

    assert (report.sent, report.deferred, report.error) == (2, 1, None)
    [row] = rows(db, "pending")
    assert "451" in row["last_error"]
    del smtp.mailbox.rcpt_replies["grey@example.org"]
    clock.shift(timedelta(minutes=2))
    assert dispatch(db, config=config).sent == 1
    assert smtp.mailbox.count_by_recipient() == {
        "a@example.org": 1,
        "grey@example.org": 1,
        "c@example.org": 1,
    }


def test_a_5xx_for_one_recipient_fails_that_row_and_everyone_else_gets_theirs(
    db, config, smtp, clock
):
    add_subscribers(db, config, ["a@example.org", "gone@example.org", "c@example.org"])
    add_event(db)
    smtp.mailbox.rcpt_replies["gone@example.org"] = "550 5.1.1 No such mailbox"

    report = dispatch(db, config=config)

    assert (report.sent, report.failed, report.suspended) == (2, 1, [])
    [failed] = rows(db, "failed")
    assert "550" in failed["last_error"]
    assert set(smtp.mailbox.count_by_recipient()) == {"a@example.org", "c@example.org"}
    standing = store.address_standing(db, "gone@example.org")
    assert standing["permanent_failures"] == 1
    assert standing["suspended_at"] is None


def test_an_address_is_suspended_with_the_reason_after_repeated_permanent_failures(
    db, config, smtp, clock
):
    add_subscribers(db, config, ["a@example.org", "gone@example.org"])
    smtp.mailbox.rcpt_replies["gone@example.org"] = "550 5.1.1 No such mailbox"
    for n in range(1, dispatch_module.SUSPEND_AFTER + 1):
        add_event(db, title=f"Closure {n}")
        report = dispatch(db, config=config)
    assert report.suspended == ["gone@example.org"]
    standing = store.address_standing(db, "gone@example.org")
    assert standing["suspended_at"] is not None
    assert "550 5.1.1 No such mailbox" in standing["suspended_reason"]

    add_event(db, title="After the suspension")
    report = dispatch(db, config=config)
    assert report.sent == 1
    assert len(smtp.mailbox.to("a@example.org")) == dispatch_module.SUSPEND_AFTER + 1
    [sub] = store.list_subscriptions(db, "gone@example.org")
    assert sub["pending"] == 0
    assert sub["failed"] == dispatch_module.SUSPEND_AFTER


def test_a_delivery_between_refusals_means_they_are_not_in_a_row(db, config, smtp, clock):
    add_subscribers(db, config, ["flaky@example.org"])
    replies = ["550 5.2.1 Mailbox disabled", None, "550 5.2.1 Mailbox disabled", "550 5.2.1 x"]
    for n, reply in enumerate(replies):
        smtp.mailbox.rcpt_replies.pop("flaky@example.org", None)
        if reply:
            smtp.mailbox.rcpt_replies["flaky@example.org"] = reply
        add_event(db, title=f"Closure {n}")
        dispatch(db, config=config)
    standing = store.address_standing(db, "flaky@example.org")
    assert standing["permanent_failures"] == 2
    assert standing["suspended_at"] is None


def test_a_connection_dropped_mid_batch_is_reopened_and_nothing_is_lost_or_doubled(
    db, config, smtp, clock
):
    addresses = [f"r{n}@example.org" for n in range(6)]
    add_subscribers(db, config, addresses)
    add_event(db)
    smtp.mailbox.drop_at = {3}

    report = dispatch(db, config=config)

    assert report.sent == 6
    assert smtp.mailbox.count_by_recipient() == dict.fromkeys(addresses, 1)
    assert smtp.mailbox.connections == 2


def test_a_connection_that_keeps_dropping_leaves_the_rest_for_the_next_run(db, config, smtp, clock):
    addresses = [f"r{n}@example.org" for n in range(6)]
    add_subscribers(db, config, addresses)
    add_event(db)
    smtp.mailbox.drop_at = {3, 4}

    report = dispatch(db, config=config)

    assert report.sent == 2
    assert report.error
    assert len(rows(db, "pending")) == 4
    clock.shift(timedelta(minutes=2))
    assert dispatch(db, config=config).sent == 4
    assert smtp.mailbox.count_by_recipient() == dict.fromkeys(addresses, 1)


def test_a_crash_between_send_and_commit_repeats_only_the_message_in_flight(
    db, config, smtp, clock, monkeypatch
):
    addresses = [f"r{n}@example.org" for n in range(5)]
    add_subscribers(db, config, addresses)
    add_event(db)
    record = store.mark_alerts_sent
    calls = []

    def killed_on_the_third(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise SystemExit("killed after the server accepted the third message")
        return record(*args, **kwargs)

    monkeypatch.setattr(store, "mark_alerts_sent", killed_on_the_third)
    with pytest.raises(SystemExit):
        dispatch(db, config=config)
    monkeypatch.setattr(store, "mark_alerts_sent", record)
    assert len(smtp.mailbox.received) == 3
    assert len(rows(db, "sent")) == 2

    assert dispatch(db, config=config).sent == 0, "rows of a live lease were taken over"
    clock.shift(timedelta(seconds=dispatch_module.LEASE_SECONDS + 1))
    assert dispatch(db, config=config).sent == 3

    counts = smtp.mailbox.count_by_recipient()
    assert set(counts) == set(addresses)
    assert sorted(counts.values()) == [1, 1, 1, 1, 2]
    assert counts[addresses[2]] == 2
    assert len(rows(db, "sent")) == 5


def test_two_dispatchers_at_once_never_send_the_same_row(config, smtp, tmp_path):
    db = open_db(config)
    addresses = [f"r{n:03}@example.org" for n in range(80)]
    add_subscribers(db, config, addresses)
    add_event(db, title="First closure")
    add_event(db, force="Nottinghamshire Police", kind="engage_exited", title="Exit")
    db.close()
    barrier = threading.Barrier(2)
    reports = []

    def run():
        own = store.connect(config.db)
        barrier.wait()
        reports.append(dispatch(own, config=config, batch=7))
        own.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    received = [(m.to, m.subject) for m in smtp.mailbox.received]
    assert len(received) == 160
    assert len(set(received)) == 160
    assert sum(r.sent for r in reports) == 160
    assert all(r.sent > 0 for r in reports), "one dispatcher did all the work; no contention"


def test_a_long_batch_renews_its_lease_so_no_other_dispatcher_takes_its_rows(
    db, config, smtp, clock
):
    addresses = [f"r{n}@example.org" for n in range(6)]
    add_subscribers(db, config, addresses)
    add_event(db)
    others = []

    class Slow(SmtpTransport):
        """Each message takes 25 s; halfway through, a second dispatcher starts."""

        def send(self, sender, recipient, message):
            super().send(sender, recipient, message)
            clock.shift(timedelta(seconds=25))
            if recipient == "r3@example.org":
                other = store.connect(config.db)
                others.append(dispatch(other, config=config, lease_seconds=60))
                other.close()

    slow = Slow("127.0.0.1", smtp.port, tls="none", timeout=5)
    report = dispatch(db, config=config, transport=slow, lease_seconds=60)

    assert report.sent == 6
    assert others[0].sent == 0
    assert smtp.mailbox.count_by_recipient() == dict.fromkeys(addresses, 1)


def test_a_change_is_rendered_once_for_all_its_subscribers(db, config, smtp, clock, monkeypatch):
    add_subscribers(db, config, [f"r{n}@example.org" for n in range(25)])
    add_event(db)
    calls = []
    original = Renderer.alert

    def counting(self, change):
        calls.append(change["id"])
        return original(self, change)

    monkeypatch.setattr(Renderer, "alert", counting)
    assert dispatch(db, config=config).sent == 25
    assert len(calls) == 1
    tokens = {m.links()[-1] for m in smtp.mailbox.received}
    assert len(tokens) == 25, "each subscriber must get their own unsubscribe link"


def test_one_connection_serves_the_whole_batch(db, config, smtp, clock):
    add_subscribers(db, config, [f"r{n}@example.org" for n in range(12)])
    add_event(db)
    dispatch(db, config=config, batch=5)
    assert smtp.mailbox.connections == 1


def test_smtp_login_works_and_the_password_appears_nowhere(tmp_path, clock, caplog):
    password = "correct-horse-battery-staple"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)

    with SmtpServer(authenticator=authenticator, auth_require_tls=False) as server:
        good = server.config(tmp_path, smtp_user="forcewatch", smtp_password=password)
        db = open_db(good)
        add_subscribers(db, good, ["reader@example.org"])
        add_event(db)
        caplog.set_level(logging.DEBUG)
        assert dispatch(db, config=good).sent == 1

        bad = server.config(tmp_path, smtp_user="forcewatch", smtp_password="wrong-password")
        add_event(db, title="Another")
        report = dispatch(db, config=bad)
        db.close()
    assert "refused the login of forcewatch" in report.error
    assert "wrong-password" not in report.error
    for text in (caplog.text, repr(good), str(good), transport_for(good).describe()):
        assert password not in text


def test_starttls_asked_of_a_server_without_it_is_a_clear_error(db, config, clock):
    add_subscribers(db, config, ["reader@example.org"])
    add_event(db)
    report = dispatch(db, config=config.__class__(**{**config.__dict__, "smtp_tls": "starttls"}))
    assert "STARTTLS" in report.error
    assert len(rows(db, "pending")) == 1


def test_without_an_smtp_host_mail_goes_to_a_maildir(tmp_path, clock):
    from config import Config

    config = Config(db=tmp_path / "f.db", outbox=tmp_path / "outbox")
    assert isinstance(transport_for(config), MaildirTransport)
    db = open_db(config)
    add_subscribers(db, config, ["reader@example.org"])
    add_event(db)
    assert dispatch(db, config=config).sent == 1
    [path] = list((tmp_path / "outbox" / "new").iterdir())
    raw = path.read_bytes()
    assert b"\r\n" not in raw
    assert b"Subject: West Midlands Police: 3 causes of concern closed\n" in raw


def test_a_subscription_created_with_the_transport_of_the_config(tmp_path, smtp):
    config = smtp.config(tmp_path)
    assert isinstance(transport_for(config), SmtpTransport)
    db = open_db(config)
    outcome = subscribe(db, config, "new@example.org")
    assert outcome.confirmation.startswith("SMTP 127.0.0.1:")
    [mail] = smtp.mailbox.received
    assert mail.subject == "Confirm your forcewatch alerts"
