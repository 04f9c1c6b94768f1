"""Source health: states judged from crawl runs and article dates, what the operator is told
and when, the health job through a real SMTP server, and `forcewatch sources --health`."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from alerts_support import WMP, SmtpServer, free_port
from click.testing import CliRunner

import store
from cli import main
from config import Config
from registry import Source
from scheduler import (
    DISABLED,
    EMPTY,
    ERROR,
    FAILING,
    NEW,
    OK,
    QUIET,
    Scheduler,
    SourceHealth,
    assess,
    due_reports,
)

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
STAFFS = Source(
    id="staffordshire",
    name="Staffordshire Police",
    kind="force",
    platform="soh",
    start_urls=("https://www.staffordshire.police.uk/news/staffordshire/news/",),
    force="Staffordshire Police",
)
OFF = Source(
    id="dorset",
    name="Dorset Police",
    kind="force",
    platform="soh",
    start_urls=("https://www.dorset.police.uk/news/dorset/news/",),
    force="Dorset Police",
    enabled=False,
    disabled_reason="news listing URL unknown",
)
HTTP_500 = "2 listing/feed error(s): https://www.staffordshire.police.uk/news/: HTTP 500"
NO_LINKS = (
    "listing shows no articles: 1 listing/feed error(s): https://www.staffordshire.police.uk/news/staffordshire/news/:"
    " listing page has no article links"
)


def runs(*outcomes: str, error: str = HTTP_500) -> list[dict]:
    """Finished runs, newest first, one a hour back from NOW; the oldest is the baseline."""
    out = []
    for n, outcome in enumerate(outcomes):
        out.append(
            {
                "outcome": outcome,
                "error": error if outcome == "error" else None,
                "items": 2 if outcome == "ok" else 0,
                "baseline": n == len(outcomes) - 1,
            }
        )
    return out


def totals(rows: list[dict]) -> dict:
    failures = 0
    for row in rows:
        if row["outcome"] == "ok":
            break
        failures += 1
    return {
        "runs": len(rows),
        "failures": failures,
        "last_finished_at": (NOW - timedelta(minutes=5)).isoformat(),
        "last_ok_at": "2026-11-01T09:00:00+00:00" if "ok" in {r["outcome"] for r in rows} else None,
    }


def every(days: float, count: int, last: datetime) -> list[str]:
    return [(last - timedelta(days=days * n)).isoformat() for n in range(count)]


DAILY_UNTIL_YESTERDAY = every(1, 10, NOW - timedelta(days=1))


@pytest.mark.parametrize(
    ("source", "history", "published", "state"),
    [
        (OFF, runs("ok"), [], DISABLED),
        (STAFFS, [], [], NEW),
        (STAFFS, runs("ok", "ok"), DAILY_UNTIL_YESTERDAY, OK),
        (STAFFS, runs("error", "ok"), DAILY_UNTIL_YESTERDAY, ERROR),
        (STAFFS, runs("error", "error", "ok"), DAILY_UNTIL_YESTERDAY, ERROR),
        (STAFFS, runs("error", "error", "error", "ok"), DAILY_UNTIL_YESTERDAY, FAILING),
        (STAFFS, runs("error", "error", "error"), [], FAILING),
        # A listing with no article links where the source had articles: told at once.
        (STAFFS, runs("error", "ok", error=NO_LINKS), DAILY_UNTIL_YESTERDAY, EMPTY),
        # ... but a source that never listed anything is only failing to crawl.
        (STAFFS, runs("error", error=NO_LINKS), [], ERROR),
        # Daily publisher silent for 30 days: quiet. Weekly one silent for 10 days: fine.
        (STAFFS, runs("ok", "ok"), every(1, 10, NOW - timedelta(days=30)), QUIET),
        (STAFFS, runs("ok", "ok"), every(7, 10, NOW - timedelta(days=10)), OK),
        # Never quiet within a week, however busy the source usually is.
        (STAFFS, runs("ok", "ok"), every(0.1, 10, NOW - timedelta(days=5)), OK),
        # Too few dated articles to know what usual is.
        (STAFFS, runs("ok", "ok"), every(1, 4, NOW - timedelta(days=60)), OK),
        # A source that fails is failing, not quiet.
        (
            STAFFS,
            runs("error", "error", "error", "ok"),
            every(1, 10, NOW - timedelta(days=30)),
            FAILING,
        ),
    ],
    ids=[
        "disabled",
        "never-crawled",
        "healthy",
        "one-failure",
        "two-failures",
        "three-failures",
        "never-succeeded",
        "empty-listing",
        "empty-from-the-start",
        "quiet",
        "weekly-not-quiet",
        "quiet-needs-a-week",
        "too-few-dates",
        "failing-beats-quiet",
    ],
)
def test_states(source, history, published, state):
    health = assess(source, totals(history) if history else None, history, published, NOW, 3)
    assert health.state == state


def test_what_a_state_says():
    history = runs("error", "error", "error", "ok")
    failing = assess(STAFFS, totals(history), history, DAILY_UNTIL_YESTERDAY, NOW, 3)
    assert failing.failures == 3
    assert failing.detail == (
        f"3 crawls in a row failed; last error: {HTTP_500}; last good crawl 2026-11-01 09:00 UTC"
    )
    quiet = assess(
        STAFFS,
        totals(runs("ok", "ok")),
        runs("ok", "ok"),
        every(1, 10, NOW - timedelta(days=30)),
        NOW,
        3,
    )
    assert quiet.detail == (
        "nothing published for 30 days (since 03 October 2026); it usually publishes every 1 day"
    )
    assert quiet.usual_gap == timedelta(days=1)
    assert quiet.last_published == NOW - timedelta(days=30)


def test_items_per_crawl_are_compared_with_the_usual_number_without_the_baseline():
    history = [
        {"outcome": "ok", "error": None, "items": 1, "baseline": False},
        {"outcome": "ok", "error": None, "items": 4, "baseline": False},
        {"outcome": "ok", "error": None, "items": 6, "baseline": False},
        {"outcome": "error", "error": HTTP_500, "items": 0, "baseline": False},
        {"outcome": "ok", "error": None, "items": 80, "baseline": True},
    ]
    health = assess(WMP, totals(history), history, [], NOW, 3)
    assert (health.items_last, health.items_usual) == (1, 5)


def judged(state: str, source: Source = STAFFS) -> SourceHealth:
    return SourceHealth(source, state, f"detail of {state}")


def told(state: str, hours_ago: float) -> dict:
    return {
        "state": state,
        "detail": "",
        "reported_at": (NOW - timedelta(hours=hours_ago)).isoformat(timespec="seconds"),
    }


@pytest.mark.parametrize(
    ("now_state", "before", "headline"),
    [
        (FAILING, None, "failing"),
        (EMPTY, None, "empty"),
        (QUIET, None, "quiet"),
        (FAILING, told(FAILING, 2), None),
        (FAILING, told(FAILING, 25), "still failing"),
        (QUIET, told(FAILING, 1), "quiet"),
        (OK, told(FAILING, 1), "recovered"),
        (OK, told(QUIET, 1), "recovered"),
        (OK, told(OK, 1), None),
        (OK, None, None),
        (NEW, None, None),
        # One failure after a reported problem: not news until it recovers or fails for good.
        (ERROR, told(FAILING, 2), None),
        (ERROR, None, None),
    ],
)
def test_the_operator_is_told_once_per_change_of_state_and_again_a_day_later(
    now_state, before, headline
):
    records = {STAFFS.id: before} if before else {}
    reports = due_reports([judged(now_state)], records, NOW)
    assert [r.headline for r in reports] == ([headline] if headline else [])


def add_run(db, source_id, outcome, at, error=None, items=1):
    run_id = store.start_run(
        db, source_id, baseline=False, now=(at - timedelta(seconds=20)).isoformat()
    )
    store.finish_run(
        db,
        run_id,
        outcome=outcome,
        requests=2,
        responses={},
        counts={"items": items},
        error=error,
        now=at.isoformat(timespec="seconds"),
    )


def test_the_store_counts_failures_since_the_last_healthy_run():
    db = store.connect(":memory:")
    store.sync_sources(db, [STAFFS, WMP])
    for n, outcome in enumerate(["error", "ok", "error", "ok", "error", "error"]):
        add_run(db, STAFFS.id, outcome, NOW - timedelta(hours=6 - n), error=HTTP_500)
    add_run(db, WMP.id, "ok", NOW - timedelta(hours=1))
    store.start_run(db, WMP.id, baseline=False, now=NOW.isoformat())
    health = store.crawl_health(db)
    assert health[STAFFS.id]["failures"] == 2
    assert health[STAFFS.id]["runs"] == 6
    assert health[STAFFS.id]["last_ok_at"] == (NOW - timedelta(hours=3)).isoformat()
    assert health[WMP.id]["failures"] == 0
    assert health[WMP.id]["runs"] == 1, "a run still open is not counted"
    recent = store.recent_runs(db, per_source=3)
    assert [r["outcome"] for r in recent[STAFFS.id]] == ["error", "error", "ok"]
    db.close()


def failing_db(config: Config):
    db = store.connect(config.db)
    store.sync_sources(db, [STAFFS, WMP])
    add_run(db, WMP.id, "ok", NOW - timedelta(hours=4))
    add_run(db, STAFFS.id, "ok", NOW - timedelta(hours=4))
    for hours in (3, 2, 1):
        add_run(db, STAFFS.id, "error", NOW - timedelta(hours=hours), error=HTTP_500)
    return db


def check_at(sched: Scheduler, moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        sched.clock = lambda: moment
        sched.run_job("health")


def test_the_health_job_emails_the_operator_once_then_a_day_later_then_on_recovery(smtp, tmp_path):
    config = smtp.config(tmp_path, admin_email="operator@example.org")
    db = failing_db(config)
    sched = Scheduler(config, [STAFFS, WMP])

    check_at(sched, NOW)
    [mail] = smtp.mailbox.received
    assert mail.recipients == ["operator@example.org"]
    assert mail.subject == "forcewatch sources: 1 source needs attention"
    assert "staffordshire (Staffordshire Police): failing" in mail.text
    assert "3 crawls in a row failed; last error: 2 listing/feed error(s)" in mail.text
    assert "west-midlands" not in mail.text
    # Not subscriber mail: no unsubscribe headers.
    assert mail.message["List-Unsubscribe"] is None

    check_at(sched, NOW + timedelta(hours=6))
    assert len(smtp.mailbox.received) == 1

    check_at(sched, NOW + timedelta(hours=25))
    assert len(smtp.mailbox.received) == 2
    assert "staffordshire (Staffordshire Police): still failing" in smtp.mailbox.received[1].text

    add_run(db, STAFFS.id, "ok", NOW + timedelta(hours=26))
    check_at(sched, NOW + timedelta(hours=26))
    assert len(smtp.mailbox.received) == 3
    recovered = smtp.mailbox.received[2]
    assert recovered.subject == "forcewatch sources: 1 recovered"
    assert "staffordshire (Staffordshire Police): recovered" in recovered.text

    check_at(sched, NOW + timedelta(hours=27))
    assert len(smtp.mailbox.received) == 3
    db.close()


def test_a_report_the_server_does_not_take_is_tried_again_later(tmp_path, caplog):
    down = Config(
        db=tmp_path / "fw.db",
        smtp_host="127.0.0.1",
        smtp_port=free_port(),
        smtp_tls="none",
        smtp_timeout=2.0,
        admin_email="operator@example.org",
    )
    db = failing_db(down)
    sched = Scheduler(down, [STAFFS, WMP])
    with caplog.at_level(logging.WARNING, logger="forcewatch.scheduler"):
        check_at(sched, NOW)
    assert "report to the operator not sent" in caplog.text
    assert store.health_reports(db) == {}

    with SmtpServer() as smtp:
        sched.config = smtp.config(tmp_path, db=down.db, admin_email="operator@example.org")
        check_at(sched, NOW + timedelta(minutes=10))
        assert len(smtp.mailbox.received) == 1
    assert store.health_reports(db)[STAFFS.id]["state"] == FAILING
    db.close()


def test_without_an_admin_address_the_report_goes_to_the_log_once(tmp_path, caplog):
    config = Config(db=tmp_path / "fw.db", outbox=tmp_path / "outbox")
    db = failing_db(config)
    sched = Scheduler(config, [STAFFS, WMP])
    with caplog.at_level(logging.INFO, logger="forcewatch.scheduler"):
        check_at(sched, NOW)
        check_at(sched, NOW + timedelta(hours=1))
    assert caplog.text.count("health: staffordshire failing: 3 crawls in a row failed") == 1
    assert "1 in this log (no admin_email set)" in caplog.text
    assert not (tmp_path / "outbox").exists()
    db.close()


def test_sources_health_shows_every_source_with_its_state(tmp_path):
    config = Config(db=tmp_path / "fw.db")
    failing_db(config).close()
    with time_machine.travel(NOW, tick=False):
        result = CliRunner().invoke(main, ["sources", "--health", "--db", str(config.db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["id", "state", "failures"]
    staffs = next(line for line in lines if line.startswith("staffordshire "))
    assert staffs.split()[1:3] == ["failing", "3"]
    assert "3 crawls in a row failed" in staffs
    assert next(line for line in lines if line.startswith("west-midlands ")).split()[1] == "ok"
    assert next(line for line in lines if line.startswith("bedfordshire ")).split()[1] == "disabled"
    assert next(line for line in lines if line.startswith("kent ")).split()[1] == "new"
    assert "1 failing" in lines[-1]
    # Without --health the command lists the registry as before.
    plain = CliRunner().invoke(main, ["sources", "--db", str(config.db)])
    assert plain.stdout.splitlines()[0].split() == ["id", "kind", "platform", "enabled", "watches"]
