"""The scheduler's job set as data, its triggers and restart logic on a frozen clock, the
single-instance lock, and what a hung crawl and a stop do to a running crawl child."""

from __future__ import annotations

import mailbox
import multiprocessing
import socket
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from alerts_support import add_event, open_db
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from click.testing import CliRunner

import crawl
import scheduler
import store
from alerts.subscriptions import subscribe
from cli import main
from config import Config, ConfigError
from crawl import CrawlSummary
from registry import Source
from scheduler import (
    CRAWL_EXECUTOR,
    MAIL_EXECUTOR,
    AlreadyRunning,
    InstanceLock,
    Scheduler,
    build_jobs,
    first_crawl_at,
    stagger,
)

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)  # a Monday, in GMT


def source(sid: str, interval: int = 60, *, enabled: bool = True) -> Source:
    return Source(
        id=sid,
        name=sid.replace("-", " ").title(),
        kind="force",
        platform="soh",
        start_urls=(f"https://www.{sid.replace('-', '')}.police.uk/news/{sid}/news/",),
        force=f"{sid.replace('-', ' ').title()} Police",
        interval_minutes=interval,
        enabled=enabled,
        disabled_reason=None if enabled else "news listing URL unknown",
    )


WMP = source("west-midlands")
NOTTS = source("nottinghamshire", 30)
OFF = source("dorset", enabled=False)


def by_id(jobs):
    return {job.id: job for job in jobs}


def test_the_job_set_built_from_a_config_is_plain_data():
    jobs = build_jobs(Config(), [WMP, NOTTS, OFF], {}, NOW)
    assert [j.id for j in jobs] == [
        "crawl:west-midlands",
        "crawl:nottinghamshire",
        "dispatch",
        "digest:daily",
        "digest:weekly",
        "retry",
        "health",
    ]
    jobs = by_id(jobs)
    assert {j.executor for j in jobs.values() if j.kind == "crawl"} == {CRAWL_EXECUTOR}
    assert {j.executor for j in jobs.values() if j.kind != "crawl"} == {MAIL_EXECUTOR}
    assert jobs["crawl:west-midlands"].args == ("west-midlands",)
    assert jobs["digest:weekly"].args == ("weekly",)

    wmp, notts = jobs["crawl:west-midlands"], jobs["crawl:nottinghamshire"]
    assert isinstance(wmp.trigger, IntervalTrigger)
    assert wmp.trigger.interval == timedelta(hours=1)
    assert notts.trigger.interval == timedelta(minutes=30)
    # Jitter: up to the configured 300 s, but at most a quarter of the interval.
    assert wmp.trigger.jitter == 300
    assert wmp.next_run_time == NOW + stagger("west-midlands", 300)
    assert NOW <= wmp.next_run_time < NOW + timedelta(seconds=300)

    assert jobs["dispatch"].trigger.interval == timedelta(seconds=300)
    assert jobs["dispatch"].next_run_time == NOW
    assert jobs["retry"].trigger.interval == timedelta(seconds=900)
    assert jobs["retry"].next_run_time == NOW + timedelta(seconds=900)
    assert jobs["health"].trigger.interval == timedelta(hours=1)
    # Digests first run at once, to serve a digest time missed while nothing ran.
    assert jobs["digest:daily"].next_run_time == NOW
    assert jobs["digest:weekly"].next_run_time == NOW
    assert isinstance(jobs["digest:daily"].trigger, CronTrigger)


@pytest.mark.parametrize(
    ("now", "digest_time", "weekly_day", "daily", "weekly"),
    [
        # Winter: 07:00 in London is 07:00 UTC.
        (
            NOW,
            "07:00",
            "monday",
            datetime(2026, 11, 3, 7, tzinfo=UTC),
            datetime(2026, 11, 9, 7, tzinfo=UTC),
        ),
        # Before today's digest time: today's and this week's are next.
        (
            NOW.replace(hour=5),
            "07:00",
            "monday",
            datetime(2026, 11, 2, 7, tzinfo=UTC),
            datetime(2026, 11, 2, 7, tzinfo=UTC),
        ),
        # Summer: 07:00 in London is 06:00 UTC.
        (
            datetime(2026, 7, 1, 12, tzinfo=UTC),
            "07:00",
            "friday",
            datetime(2026, 7, 2, 6, tzinfo=UTC),
            datetime(2026, 7, 3, 6, tzinfo=UTC),
        ),
        # The clocks go back on 25 October 2026: 18:30 London is 17:30 UTC before, 18:30 after.
        (
            datetime(2026, 10, 24, 20, tzinfo=UTC),
            "18:30",
            "sunday",
            datetime(2026, 10, 25, 18, 30, tzinfo=UTC),
            datetime(2026, 10, 25, 18, 30, tzinfo=UTC),
        ),
    ],
    ids=["winter", "before-digest-time", "summer", "clocks-go-back"],
)
def test_digest_triggers_fire_at_the_london_wall_clock_time(
    now, digest_time, weekly_day, daily, weekly
):
    config = Config(digest_time=digest_time, weekly_day=weekly_day)
    jobs = by_id(build_jobs(config, [], {}, now))
    assert jobs["digest:daily"].trigger.get_next_fire_time(None, now) == daily
    assert jobs["digest:weekly"].trigger.get_next_fire_time(None, now) == weekly


def test_a_crawl_trigger_repeats_one_interval_after_its_previous_fire_time():
    config = Config(crawl_jitter=0)
    [job] = [j for j in build_jobs(config, [WMP], {}, NOW) if j.kind == "crawl"]
    assert job.trigger.jitter is None
    first = job.trigger.get_next_fire_time(None, NOW)
    assert first == NOW
    assert job.trigger.get_next_fire_time(first, first) == NOW + timedelta(hours=1)
    later = NOW + timedelta(hours=1, minutes=20)
    assert job.trigger.get_next_fire_time(None, later) == NOW + timedelta(hours=2)


def test_the_global_interval_overrides_every_source_and_shrinks_the_jitter():
    config = Config(crawl_interval=8, crawl_jitter=300)
    crawls = [j for j in build_jobs(config, [WMP, NOTTS], {}, NOW) if j.kind == "crawl"]
    assert {j.trigger.interval for j in crawls} == {timedelta(seconds=8)}
    assert {j.trigger.jitter for j in crawls} == {2.0}


def test_forty_sources_never_crawled_start_spread_out_the_same_way_each_time():
    sources = [source(f"force-{n}") for n in range(40)]
    first = [j.next_run_time for j in build_jobs(Config(), sources, {}, NOW) if j.kind == "crawl"]
    again = [j.next_run_time for j in build_jobs(Config(), sources, {}, NOW) if j.kind == "crawl"]
    assert first == again
    assert len(set(first)) == 40
    assert all(NOW <= t < NOW + timedelta(seconds=300) for t in first)
    assert max(first) - min(first) > timedelta(seconds=200)


@pytest.mark.parametrize(
    ("last_finished", "expected"),
    [
        (None, NOW),
        (NOW - timedelta(minutes=10), NOW + timedelta(minutes=50)),
        (NOW - timedelta(minutes=59, seconds=59), NOW + timedelta(seconds=1)),
        (NOW - timedelta(hours=1), NOW),
        (NOW - timedelta(days=3), NOW),
    ],
    ids=["never", "ten-minutes-ago", "just-due", "due-now", "long-overdue"],
)
def test_first_crawl_after_a_start_follows_the_last_finished_crawl(last_finished, expected):
    offset = timedelta(seconds=42)
    assert first_crawl_at(last_finished, timedelta(hours=1), NOW, offset) == expected + offset


@pytest.mark.parametrize(
    "setting", ["dispatch_every", "retry_every", "health_every", "crawl_workers", "health_failures"]
)
def test_a_zero_period_is_refused_with_the_setting_named(setting):
    with pytest.raises(ConfigError, match=setting):
        build_jobs(Config(**{setting: 0}), [WMP], {}, NOW)


def finished_run(db, source_id, *, finished, outcome="ok", error=None):
    run_id = store.start_run(
        db, source_id, baseline=False, now=(finished - timedelta(seconds=30)).isoformat()
    )
    store.finish_run(
        db,
        run_id,
        outcome=outcome,
        requests=3,
        responses={"200": 3},
        counts={"items": 1},
        error=error,
        now=finished.isoformat(timespec="seconds"),
    )
    return run_id


@time_machine.travel(NOW, tick=False)
def test_a_restart_plans_each_crawl_from_the_last_finished_run(tmp_path):
    config = Config(db=tmp_path / "fw.db", crawl_jitter=0)
    hmicfrs = source("hmicfrs", 30)
    db = store.connect(config.db)
    store.sync_sources(db, [WMP, NOTTS, hmicfrs])
    finished_run(db, WMP.id, finished=NOW - timedelta(hours=5))
    finished_run(db, WMP.id, finished=NOW - timedelta(minutes=10))
    finished_run(db, NOTTS.id, finished=NOW - timedelta(hours=3), outcome="error", error="HTTP 500")
    # A run still open is not a finished crawl: it does not delay the next one.
    store.start_run(db, hmicfrs.id, baseline=False, now=(NOW - timedelta(minutes=5)).isoformat())
    db.close()

    jobs = by_id(Scheduler(config, [WMP, NOTTS, hmicfrs, OFF]).plan())
    assert jobs["crawl:west-midlands"].next_run_time == NOW + timedelta(minutes=50)
    assert jobs["crawl:nottinghamshire"].next_run_time == NOW
    assert jobs["crawl:hmicfrs"].next_run_time == NOW
    assert "crawl:dorset" not in jobs


def test_the_lock_admits_one_scheduler_per_database(tmp_path):
    db_path = tmp_path / "var" / "fw.db"
    first = InstanceLock(db_path)
    first.acquire()
    try:
        assert first.path == tmp_path / "var" / "fw.db.lock"
        with pytest.raises(AlreadyRunning, match=r"already running on .*fw\.db"):
            InstanceLock(db_path).acquire()
        # Another database is another lock.
        with InstanceLock(tmp_path / "other.db"):
            pass
    finally:
        first.release()
    with InstanceLock(db_path):
        pass


def test_a_second_run_on_the_same_database_is_refused_in_one_line(tmp_path):
    db_path = tmp_path / "fw.db"
    with InstanceLock(db_path):
        result = CliRunner().invoke(main, ["run", "--db", str(db_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("forcewatch: another `forcewatch run` (pid ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_job_asked_for_while_it_runs_runs_once_more_when_it_ends(tmp_path):
    sched = Scheduler(Config(db=tmp_path / "fw.db"), [])
    calls = []

    def job(kind, *args):
        calls.append(kind)
        if len(calls) == 1:
            # Two crawls end during one dispatch: one more dispatch covers both.
            sched.poke("dispatch")
            sched.poke("dispatch")

    sched.run_job = job
    sched._run("dispatch", "dispatch")
    assert calls == ["dispatch", "dispatch"]


def test_a_crawl_asks_for_a_dispatch_and_a_health_check(tmp_path, monkeypatch, caplog):
    sched = Scheduler(Config(db=tmp_path / "fw.db"), [WMP])
    run = {
        "source_id": WMP.id,
        "outcome": "ok",
        "requests": 5,
        "new": 2,
        "changed": 1,
        "withdrawn": 0,
        "events": 1,
        "baseline": False,
        "error": None,
    }
    seen = {}

    def fake_crawl(sources, db_path, **kwargs):
        seen.update(kwargs, sources=sources)
        return CrawlSummary(runs=[run], seconds=1.5)

    monkeypatch.setattr(crawl, "crawl_in_subprocess", fake_crawl)
    poked = []
    monkeypatch.setattr(sched, "poke", poked.append)
    with caplog.at_level("INFO", logger="forcewatch.scheduler"):
        sched.crawl(WMP.id)
    assert seen["sources"] == [WMP]
    assert seen["timeout"] == 900
    assert seen["overrides"]["DOWNLOAD_DELAY"] == 2.0
    assert poked == ["dispatch", "health"]
    assert "crawl west-midlands: ok in 1.5 s, 5 requests, 2 new, 1 changed" in caplog.text


def test_missed_daily_digests_are_sent_once_after_a_restart(tmp_path):
    config = Config(db=tmp_path / "forcewatch.db", outbox=tmp_path / "outbox")
    monday = datetime(2026, 11, 2, 12, tzinfo=UTC)
    db = open_db(config)
    with time_machine.travel(monday, tick=False):
        subscribe(db, config, "reader@example.org", frequency="daily", confirmed=True, now=monday)
    add_event(db, now=(monday + timedelta(hours=3)).isoformat())
    db.close()

    # forcewatch was stopped from Monday evening to Thursday: three digest times went by.
    thursday = datetime(2026, 11, 5, 10, tzinfo=UTC)
    with time_machine.travel(thursday, tick=False):
        sched = Scheduler(config, [], clock=lambda: thursday)
        jobs = by_id(sched.plan())
        assert jobs["digest:daily"].next_run_time == thursday
        sched.run_job("digest", "daily")
        sched.run_job("digest", "daily")
        sched.run_job("retry")
    messages = list(mailbox.Maildir(config.outbox, create=False))
    assert len(messages) == 1
    assert messages[0]["Subject"].startswith("forcewatch daily digest: 1 change")


class Tarpit:
    """A server on 127.0.0.1 that accepts connections and never answers: a hung site."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def tarpit():
    pit = Tarpit()
    yield pit
    pit.close()


def test_a_hung_crawl_is_killed_at_its_limit_recorded_as_an_error_and_the_scheduler_goes_on(
    tmp_path, tarpit
):
    config = Config(db=tmp_path / "fw.db", crawl_timeout=4)
    sched = Scheduler(config, [WMP], mirror=tarpit.url)
    started = time.monotonic()
    sched._run(f"crawl:{WMP.id}", "crawl", WMP.id)
    assert time.monotonic() - started < 30
    db = store.connect(config.db)
    [run] = store.list_runs(db)
    assert run["outcome"] == "error"
    assert run["error"] == "crawl killed after 4 s time limit"
    [health] = scheduler.source_health(db, [WMP], datetime.now(UTC), 3)
    db.close()
    assert (health.state, health.failures) == ("error", 1)


def test_stopping_ends_a_running_crawl_child_and_records_its_run(tmp_path, tarpit):
    config = Config(
        db=tmp_path / "fw.db", outbox=tmp_path / "outbox", crawl_timeout=120, crawl_jitter=0
    )
    sched = Scheduler(config, [WMP], mirror=tarpit.url, stop_grace=3)
    sched.start()
    try:
        deadline = time.monotonic() + 30
        while not (multiprocessing.active_children() and tarpit.held):
            assert time.monotonic() < deadline, "the crawl child never reached the site"
            time.sleep(0.1)
    finally:
        started = time.monotonic()
        sched.stop()
    assert time.monotonic() - started < 3 + 10
    assert multiprocessing.active_children() == []
    db = store.connect(config.db)
    [run] = store.list_runs(db)
    db.close()
    assert run["outcome"] == "error"
    assert run["finished_at"]
