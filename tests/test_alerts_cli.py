"""The alert commands end to end: a subscriber made on the command line gets, through a real
SMTP server, one email per matching event, and none after unsubscribing."""

from __future__ import annotations

import re

import pytest
from alerts_support import add_event, free_port, open_db
from click.testing import CliRunner

import store
from cli import main


@pytest.fixture
def env(smtp, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return {
        "FORCEWATCH_DB": str(tmp_path / "forcewatch.db"),
        "FORCEWATCH_SMTP_HOST": "127.0.0.1",
        "FORCEWATCH_SMTP_PORT": str(smtp.port),
        "FORCEWATCH_SMTP_TLS": "none",
        "FORCEWATCH_SMTP_TIMEOUT": "5",
    }


def run(env, *args):
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def seed(env):
    """Sources in the database, as a crawl leaves them."""
    from config import Config

    db = open_db(Config(db=env["FORCEWATCH_DB"]))
    return db


def test_subscribe_confirm_alert_unsubscribe(env, smtp):
    db = seed(env)
    code, out, _ = run(
        env, "subscribe", "Reader@Example.org", "--force", "WMP", "--type", "concern_closed"
    )
    assert code == 0
    assert "waiting for confirmation: reader@example.org: West Midlands Police;" in out
    assert "Confirmation email sent via SMTP 127.0.0.1:" in out
    [confirmation] = smtp.mailbox.received
    [token] = re.findall(r"/confirm/([\w-]+)", confirmation.text)

    add_event(db, title="Before consent")
    code, out, _ = run(env, "confirm", token)
    assert code == 0
    assert out.startswith("Confirmed reader@example.org")

    add_event(db, title="First closure")
    add_event(db, title="An exit", kind="engage_exited")
    add_event(db, title="Elsewhere", force="Nottinghamshire Police")
    code, out, _ = run(env, "alerts", "send")
    assert code == 0
    assert out.startswith("Sent 1 email(s) via SMTP 127.0.0.1:")
    alert = smtp.mailbox.received[-1]
    assert alert.subject == "West Midlands Police: 3 causes of concern closed"
    assert "first-closure" in alert.text
    assert token in str(alert.message["List-Unsubscribe"])

    assert run(env, "alerts", "send")[1].startswith("Sent 0 email(s)")
    code, out, _ = run(env, "unsubscribe", token)
    assert (code, out.split(":")[0]) == (0, "Unsubscribed")
    add_event(db, title="After leaving")
    assert run(env, "alerts", "send")[1].startswith("Sent 0 email(s)")
    assert len(smtp.mailbox.received) == 2
    db.close()


def test_subscribers_lists_each_subscription_with_counts(env, smtp):
    db = seed(env)
    run(env, "subscribe", "a@example.org", "--confirmed")
    run(env, "subscribe", "b@example.org", "--force", "Kent Police", "--frequency", "weekly")
    run(env, "subscribe", "c@example.org", "--confirmed")
    run(env, "unsubscribe", "c@example.org")
    add_event(db)
    run(env, "alerts", "send")
    code, out, _ = run(env, "subscribers")
    assert code == 0
    lines = out.splitlines()
    a_line = next(line for line in lines if "a@example.org" in line)
    assert re.search(r"confirmed\s+immediate\s+all\s+all\s+.*\s1\s+0\s+0$", a_line)
    assert re.search(r"pending\s+weekly\s+Kent Police", next(x for x in lines if "b@" in x))
    assert "3 subscriptions for 3 addresses: 1 confirmed, 1 pending, 1 unsubscribed" in out
    assert "Alerts: 1 sent, 0 pending, 0 failed, 0 cancelled." in out
    code, out, _ = run(env, "subscribers", "--json")
    assert code == 0
    assert "token" not in out
    db.close()


def test_subscribers_shows_a_suspended_address_and_why(env, smtp):
    db = seed(env)
    run(env, "subscribe", "gone@example.org", "--confirmed")
    smtp.mailbox.rcpt_replies["gone@example.org"] = "550 5.1.1 No such mailbox"
    for n in range(3):
        add_event(db, title=f"Closure {n}")
        code, out, _ = run(env, "alerts", "send")
    assert code == 0
    assert "Suspended gone@example.org after repeated permanent failures." in out
    code, out, _ = run(env, "subscribers")
    assert re.search(r"gone@example.org\s+suspended\s+immediate", out)
    assert "1 address(es) suspended" in out
    assert "Suspended: gone@example.org: 3 permanent delivery failures in a row" in out
    assert "550 5.1.1 No such mailbox" in out
    db.close()


def test_preview_prints_what_would_be_sent_and_sends_nothing(env, smtp):
    db = seed(env)
    run(env, "subscribe", "reader@example.org", "--confirmed")
    run(
        env,
        "subscribe",
        "reader@example.org",
        "--force",
        "Notts",
        "--frequency",
        "daily",
        "--confirmed",
    )
    add_event(db)
    add_event(db, force="Nottinghamshire Police", kind="engage_exited", title="Out")
    code, out, _ = run(env, "alerts", "preview", "reader@example.org")
    assert code == 0
    assert out.count("=== at the next dispatch") == 2
    assert "Subject: West Midlands Police: 3 causes of concern closed" in out
    assert "Subject: forcewatch daily digest: 1 change for 1 force" in out
    assert smtp.mailbox.received == []
    assert store.outbox_rows(db) == []
    code, out, _ = run(env, "alerts", "preview", "nobody@example.org")
    assert code == 2
    db.close()


def test_alerts_test_sends_one_message_and_says_where(env, smtp):
    code, out, _ = run(env, "alerts", "test", "ops@example.org")
    assert code == 0
    assert out.startswith("Test message to ops@example.org accepted by SMTP 127.0.0.1:")
    [mail] = smtp.mailbox.received
    assert mail.subject == "forcewatch test message"


def test_alerts_test_says_what_went_wrong(env):
    env = {**env, "FORCEWATCH_SMTP_PORT": str(free_port())}
    code, _, err = run(env, "alerts", "test", "ops@example.org")
    assert code == 2
    assert "test message to ops@example.org not sent via SMTP 127.0.0.1:" in err
    assert "cannot connect" in err
    assert len(err.strip().splitlines()) == 1


def test_alerts_send_with_the_server_down_keeps_everything_and_exits_1(env):
    db = seed(env)
    run(env, "subscribe", "reader@example.org", "--confirmed")
    add_event(db)
    env = {**env, "FORCEWATCH_SMTP_PORT": str(free_port())}
    code, out, err = run(env, "alerts", "send")
    assert code == 1
    assert "Sent 0 email(s)" in out
    assert "1 deferred" in out
    assert "cannot connect" in err
    assert [r["state"] for r in store.outbox_rows(db)] == ["pending"]
    db.close()


def test_without_smtp_settings_alerts_land_in_the_maildir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"FORCEWATCH_DB": str(tmp_path / "f.db"), "FORCEWATCH_OUTBOX": str(tmp_path / "box")}
    db = seed(env)
    run(env, "subscribe", "reader@example.org", "--confirmed")
    add_event(db)
    code, out, _ = run(env, "alerts", "send")
    assert code == 0
    assert f"Sent 1 email(s) via Maildir {tmp_path / 'box'}" in out
    assert len(list((tmp_path / "box" / "new").iterdir())) == 1
    db.close()


@pytest.mark.parametrize(
    ("args", "extra_env", "message"),
    [
        (["subscribe", "not-an-address"], {}, "not a usable email address 'not-an-address'"),
        (["subscribe", "a@example.org", "--force", "Gotham"], {}, "unknown force 'Gotham'"),
        (["subscribe", "a@example.org", "--type", "closed"], {}, "unknown event type 'closed'"),
        (["subscribe", "a@example.org", "--frequency", "hourly"], {}, "unknown frequency 'hourly'"),
        (["confirm", "no-such-token"], {}, "no subscription has that token"),
        (["unsubscribe", "nobody@example.org"], {}, "no subscription for nobody@example.org"),
        (["alerts", "preview", "x@"], {}, "not a usable email address"),
        (["alerts", "send"], {"FORCEWATCH_SMTP_TLS": "tls"}, "setting 'smtp_tls' must be one of"),
        (
            ["alerts", "test", "a@example.org"],
            {"FORCEWATCH_SMTP_USER": "fw"},
            "'smtp_password' is not",
        ),
        (["alerts", "send"], {"FORCEWATCH_MAIL_FROM": "nobody"}, "'mail_from' needs an email"),
    ],
)
def test_bad_requests_and_settings_are_one_line_with_status_2(env, args, extra_env, message):
    code, out, err = run({**env, **extra_env}, *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_a_confirmation_link_cannot_restart_an_ended_subscription(env, smtp):
    run(env, "subscribe", "reader@example.org")
    [token] = re.findall(r"/confirm/([\w-]+)", smtp.mailbox.received[0].text)
    run(env, "unsubscribe", "reader@example.org")
    code, _, err = run(env, "confirm", token)
    assert code == 2
    assert "subscribe again" in err
