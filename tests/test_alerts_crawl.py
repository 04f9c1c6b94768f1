"""Alerts after real crawls of the mirror: a subscriber made on the command line between the
baseline crawl and the next one gets one email per matching change (the events of its sources
linked into one) through a real SMTP server, none for the baseline; and the demo leaves its
alerts in a Maildir."""

from __future__ import annotations

import email
import email.policy
import mailbox
import subprocess
import sys

import pytest
from alerts_support import SmtpServer
from click.testing import CliRunner

import store
from cli import main
from crawl import crawl_in_subprocess
from mirror.server import MirrorServer
from mirror.site import hosts
from registry import load_sources, on_hosts

pytestmark = pytest.mark.integration


def run(env, *args):
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_one_email_per_matching_change_after_a_crawl_and_none_for_the_baseline(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    db_path = tmp_path / "forcewatch.db"
    sources = on_hosts(load_sources(), hosts())
    with SmtpServer() as smtp, MirrorServer("v1") as mirror:
        env = {
            "FORCEWATCH_DB": str(db_path),
            "FORCEWATCH_SMTP_HOST": "127.0.0.1",
            "FORCEWATCH_SMTP_PORT": str(smtp.port),
            "FORCEWATCH_SMTP_TLS": "none",
        }
        crawl_in_subprocess(sources, db_path, mirror=mirror.url, timeout=300)
        run(env, "subscribe", "wmp@example.org", "--force", "WMP", "--confirmed")
        run(env, "subscribe", "exits@example.org", "--type", "engage_exited", "--confirmed")
        assert run(env, "alerts", "send").startswith("Sent 0 email(s)")

        mirror.set_version("v2")
        crawl_in_subprocess(sources, db_path, mirror=mirror.url, timeout=300)
        run(env, "alerts", "send")
        run(env, "alerts", "send")

        db = store.connect(db_path)
        events = store.list_changes(db, kind="event", include_baseline=False)
        baseline = [c for c in store.list_changes(db, kind="event") if c["baseline"]]
        db.close()
        received = smtp.mailbox.received

    wmp = [c for c in events if c["force"] == "West Midlands Police"]
    exits = [c for c in events if c["event_type"] == "engage_exited"]
    assert wmp, "the v2 crawl found no West Midlands event"
    assert exits, "the v2 crawl found no Engage exit"
    assert baseline, "the v1 crawl recorded no baseline events"
    # Every source of a change is an event of its own; the change is one email.
    assert len(smtp.mailbox.to("wmp@example.org")) == len(linked(wmp)) < len(wmp)
    assert len(smtp.mailbox.to("exits@example.org")) == len(linked(exits)) == 1 < len(exits)
    assert len(received) == len(linked(wmp)) + len(linked(exits))
    sent_urls = {c["url"] for c in wmp + exits}
    for mail in received:
        assert any(url in mail.text for url in sent_urls)
    assert "West Midlands Police: 3 causes of concern closed" in {m.subject for m in received}


def test_the_demo_leaves_the_v2_alerts_in_a_maildir_and_says_how_to_open_them(tmp_path):
    demo = tmp_path / "demo"
    result = subprocess.run(
        [sys.executable, "-m", "cli", "demo", "--dir", str(demo)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Subscribed demo@forcewatch.example.org") < out.index("Crawl of mirror v2")
    assert f"mutt -f {demo / 'outbox'}" in out
    box = mailbox.Maildir(demo / "outbox", create=False)
    subjects = [
        str(email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)["Subject"])
        for key in box.iterkeys()
    ]
    assert f"email(s) in {demo / 'outbox'}/" in out
    assert f": {len(subjects)} email(s)" in out
    assert "West Midlands Police: 3 causes of concern closed" in subjects
    assert "Nottinghamshire Police: removed from enhanced monitoring (Engage)" in subjects
    for subject in subjects:
        assert f"  {subject}  (from " in out
    db = store.connect(demo / "forcewatch.db")
    events = store.list_changes(db, kind="event", include_baseline=False)
    db.close()
    assert len(subjects) == len(linked(events))
    assert subjects.count("Nottinghamshire Police: removed from enhanced monitoring (Engage)") == 1


def linked(events):
    """The changes the events are linked into, as alerted: reported or confirmed."""
    return {e["link_id"] for e in events if e["state"] in ("reported", "confirmed")}
