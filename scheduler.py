"""The scheduler behind `forcewatch run`, on APScheduler 3.x: crawls, alerts, digests, health.

Each source is crawled on its own interval, in a child process of its own (Twisted's reactor
cannot be restarted), and the outcome is read back from the store. Alerts are dispatched after
every crawl and every few minutes, digests at their time in Europe/London, deferred deliveries
are swept up, and the operator hears about sources that break. The job set is data built from
the config, the registry and the store's record of past crawls, so a restart carries on where
the last run stopped, and it can be tested without starting anything.
"""

from __future__ import annotations

import contextlib
import fcntl
import html
import itertools
import logging
import multiprocessing
import os
import secrets
import statistics
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

import store
from alerts.matching import LONDON
from config import Config, ConfigError
from pipelines.runs import EMPTY_LISTING
from registry import Source
from store.runs import OK as RUN_OK

logger = logging.getLogger("forcewatch.scheduler")

CRAWL = "crawl"
DISPATCH = "dispatch"
DIGEST = "digest"
RETRY = "retry"
HEALTH = "health"

CRAWL_EXECUTOR = "crawls"
# Dispatch, digests, the retry sweep and health reports take turns on one thread: each is
# short, and none then competes with another for the outbox or the operator's inbox.
MAIL_EXECUTOR = "default"

# Seconds a crawl child has, after SIGTERM, to close its run before it is killed.
STOP_GRACE = 10.0

OK = "ok"
NEW = "new"
DISABLED = "disabled"
ERROR = "error"  # failed, but fewer times in a row than the operator is told about
FAILING = "failing"
EMPTY = "empty"
QUIET = "quiet"
HEALTH_STATES = (OK, NEW, DISABLED, ERROR, FAILING, EMPTY, QUIET)
REPORTED = (FAILING, EMPTY, QUIET)

REMIND_AFTER = timedelta(days=1)  # a problem still there a day after it was reported is told again
QUIET_FACTOR = 4  # quiet: nothing published for this many times the usual gap between articles
QUIET_MIN = timedelta(days=7)  # ... and never sooner than this
QUIET_SAMPLE = 5  # articles with dates needed before a usual gap means anything


class AlreadyRunning(RuntimeError):
    """Another `forcewatch run` holds the database."""


class InstanceLock:
    """One `forcewatch run` per database: an flock on `<db>.lock`, which the kernel releases
    when the process ends, however it ends, so a crash never leaves a stale lock behind."""

    def __init__(self, db_path: Path | str) -> None:
        self.db_path = Path(db_path)
        self.path = self.db_path.with_name(self.db_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # os.open makes the descriptor non-inheritable, so crawl children never hold the lock.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise AlreadyRunning(
                f"another `forcewatch run` (pid {holder}) is already running on {self.db_path};"
                f" stop it first (its lock is {self.path})"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job as data: what it does, when it first runs and how it repeats."""

    id: str
    kind: str  # crawl | dispatch | digest | retry | health
    trigger: BaseTrigger
    next_run_time: datetime
    executor: str = MAIL_EXECUTOR
    args: tuple[str, ...] = ()


def crawl_interval(source: Source, config: Config) -> timedelta:
    """The global `crawl_interval` when set, else the source's own interval."""
    if config.crawl_interval:
        return timedelta(seconds=config.crawl_interval)
    return timedelta(minutes=source.interval_minutes)


def crawl_jitter(interval: timedelta, config: Config) -> float:
    """At most a quarter of the interval, so short intervals stay near what was asked."""
    return min(float(config.crawl_jitter), interval.total_seconds() / 4)


def stagger(source_id: str, spread: float) -> timedelta:
    """A fixed offset in [0, spread) seconds per source: after a start, the due crawls are
    spread out, and in the same order every time."""
    return timedelta(seconds=spread * zlib.crc32(source_id.encode("utf-8")) / 2**32)


def first_crawl_at(
    last_finished: datetime | None, interval: timedelta, now: datetime, offset: timedelta
) -> datetime:
    """When a source is next due after a (re)start: one interval after its last finished
    crawl, or now if that has passed or it was never crawled, plus its stagger offset."""
    due = now if last_finished is None else max(now, last_finished + interval)
    return due + offset


def _positive(config: Config, *names: str) -> None:
    for name in names:
        if getattr(config, name) <= 0:
            raise ConfigError(f"setting '{name}' must be at least 1, got {getattr(config, name)}")


def build_jobs(
    config: Config,
    sources: Sequence[Source],
    last_finished: Mapping[str, datetime],
    now: datetime,
) -> list[JobSpec]:
    """Every job `forcewatch run` schedules, with its trigger and its first run time.

    Digest jobs first run at once: a digest time missed while forcewatch was stopped is then
    served, and only once, since the digest dispatcher records which slot each subscriber had.
    """
    _positive(
        config, "crawl_workers", "dispatch_every", "retry_every", "health_every", "health_failures"
    )
    jobs = []
    for source in sources:
        if not source.enabled:
            continue
        interval = crawl_interval(source, config)
        jitter = crawl_jitter(interval, config)
        first = first_crawl_at(
            last_finished.get(source.id), interval, now, stagger(source.id, jitter)
        )
        trigger = IntervalTrigger(
            seconds=interval.total_seconds(), start_date=first, timezone=UTC, jitter=jitter or None
        )
        jobs.append(
            JobSpec(f"{CRAWL}:{source.id}", CRAWL, trigger, first, CRAWL_EXECUTOR, (source.id,))
        )
    hour, minute = (int(part) for part in config.digest_time.split(":"))
    retry_first = now + timedelta(seconds=config.retry_every)
    jobs += [
        JobSpec(DISPATCH, DISPATCH, _every(config.dispatch_every, now), now),
        JobSpec(
            f"{DIGEST}:daily",
            DIGEST,
            CronTrigger(hour=hour, minute=minute, timezone=LONDON),
            now,
            args=("daily",),
        ),
        JobSpec(
            f"{DIGEST}:weekly",
            DIGEST,
            CronTrigger(
                day_of_week=config.weekly_day[:3], hour=hour, minute=minute, timezone=LONDON
            ),
            now,
            args=("weekly",),
        ),
        JobSpec(RETRY, RETRY, _every(config.retry_every, retry_first), retry_first),
        JobSpec(HEALTH, HEALTH, _every(config.health_every, now), now),
    ]
    return jobs


def _every(seconds: int, start: datetime) -> IntervalTrigger:
    return IntervalTrigger(seconds=seconds, start_date=start, timezone=UTC)


def _moment(value: str | None) -> datetime | None:
    """A stored timestamp or date as an aware datetime (dates at midnight UTC); None if unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def span(delta: timedelta) -> str:
    """ "3 days", "5 hours", "40 minutes": how long, to the unit that matters."""
    seconds = delta.total_seconds()
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = round(seconds / size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{round(seconds)} seconds"


@dataclass(frozen=True)
class SourceHealth:
    """A source's state as judged from its crawl runs and its articles' dates."""

    source: Source
    state: str
    detail: str
    failures: int = 0
    last_run_at: str | None = None
    last_ok_at: str | None = None
    items_last: int | None = None
    items_usual: float | None = None
    last_published: datetime | None = None
    usual_gap: timedelta | None = None


def assess(
    source: Source,
    totals: Mapping[str, Any] | None,
    runs: Sequence[Mapping[str, Any]],
    published: Iterable[str],
    now: datetime,
    failures_limit: int,
) -> SourceHealth:
    """Judge one source: `totals` from store.crawl_health, `runs` newest first, `published`
    its latest articles' dates. Pure, so every state is tested without a crawl."""
    if not source.enabled:
        return SourceHealth(source, DISABLED, source.disabled_reason or "disabled")
    if not totals or not runs:
        return SourceHealth(source, NEW, "not crawled yet")
    last = runs[0]
    dates = sorted((d for d in map(_moment, published) if d is not None), reverse=True)
    gaps = [a - b for a, b in itertools.pairwise(dates)]
    usual_gap = statistics.median(gaps) if len(dates) >= QUIET_SAMPLE else None
    # The usual number of items leaves the baseline out: a first crawl fetches everything.
    healthy = [r["items"] for r in runs[1:] if r["outcome"] == RUN_OK and not r["baseline"]]
    failures = int(totals["failures"] or 0)
    base = {
        "failures": failures,
        "last_run_at": totals["last_finished_at"],
        "last_ok_at": totals["last_ok_at"],
        "items_last": last["items"],
        "items_usual": statistics.median(healthy) if healthy else None,
        "last_published": dates[0] if dates else None,
        "usual_gap": usual_gap,
    }
    error = last["error"] or "no reason recorded"
    last_ok = totals["last_ok_at"]
    good = f"; last good crawl {last_ok[:16].replace('T', ' ')} UTC" if last_ok else ""
    if last["outcome"] != RUN_OK and EMPTY_LISTING in error and dates:
        detail = f"its listing shows no articles, where it used to: {error}{good}"
        return SourceHealth(source, EMPTY, detail, **base)
    if failures >= failures_limit:
        detail = f"{failures} crawls in a row failed; last error: {error}{good}"
        return SourceHealth(source, FAILING, detail, **base)
    if failures:
        detail = f"{failures} failed crawl(s) in a row (reported at {failures_limit}): {error}"
        return SourceHealth(source, ERROR, detail, **base)
    if usual_gap is not None and dates:
        silence = now - dates[0]
        if silence > max(QUIET_FACTOR * usual_gap, QUIET_MIN):
            detail = (
                f"nothing published for {span(silence)} (since {dates[0]:%d %B %Y});"
                f" it usually publishes every {span(usual_gap)}"
            )
            return SourceHealth(source, QUIET, detail, **base)
    return SourceHealth(source, OK, "crawls fine", **base)


def source_health(
    db: Any, sources: Iterable[Source], now: datetime, failures_limit: int
) -> list[SourceHealth]:
    """Every source's health, in registry order."""
    totals = store.crawl_health(db)
    runs = store.recent_runs(db)
    published = store.publication_dates(db)
    return [
        assess(
            s, totals.get(s.id), runs.get(s.id, []), published.get(s.id, []), now, failures_limit
        )
        for s in sources
    ]


@dataclass(frozen=True)
class HealthReport:
    """One line of news for the operator about one source."""

    source: Source
    state: str  # the state now; OK for a recovery
    headline: str  # "failing", "still failing", "recovered", ...
    detail: str


def due_reports(
    healths: Iterable[SourceHealth], told: Mapping[str, Mapping[str, Any]], now: datetime
) -> list[HealthReport]:
    """What the operator has not been told yet: a new problem, a problem still there a day
    after it was reported, or a recovery. `told` is store.health_reports."""
    out = []
    for health in healths:
        record = told.get(health.source.id)
        before = record["state"] if record else None
        if health.state in REPORTED:
            if before != health.state:
                out.append(HealthReport(health.source, health.state, health.state, health.detail))
            elif now - (_moment(record["reported_at"]) or now) >= REMIND_AFTER:
                out.append(
                    HealthReport(
                        health.source, health.state, f"still {health.state}", health.detail
                    )
                )
        elif health.state == OK and before in REPORTED:
            out.append(HealthReport(health.source, OK, "recovered", health.detail))
    return out


def operator_text(reports: Sequence[HealthReport], now: datetime) -> tuple[str, str]:
    """Subject and body of the operator's health report."""
    trouble = [r for r in reports if r.state != OK]
    recovered = [r for r in reports if r.state == OK]
    parts = []
    if trouble:
        n = len(trouble)
        parts.append(f"{n} source{'s need' if n != 1 else ' needs'} attention")
    if recovered:
        parts.append(f"{len(recovered)} recovered")
    subject = f"forcewatch sources: {', '.join(parts)}"
    local = now.astimezone(LONDON)
    lines = [f"forcewatch checked its sources at {local:%d %B %Y, %H:%M} (Europe/London).", ""]
    for title, group in (("Need attention", trouble), ("Recovered", recovered)):
        if not group:
            continue
        lines.append(f"{title}:")
        for r in group:
            who = f"{r.source.id} ({r.source.name})"
            lines += [f"  {who}: {r.headline}", f"    {r.detail}"]
        lines.append("")
    lines.append("`forcewatch sources --health` shows every source with its state.")
    return subject, "\n".join(lines) + "\n"


def send_operator_report(
    config: Config, reports: Sequence[HealthReport], now: datetime, transport: Any = None
) -> str:
    """Email the operator (`admin_email`) through the alerts' transport; returns where it went.

    Raises the transport's DeliveryError when the server does not take it.
    """
    from alerts.render import Rendered, Renderer
    from alerts.transports import transport_for

    assert config.admin_email
    subject, text = operator_text(reports, now)
    body = f'<pre style="font-family:monospace;white-space:pre-wrap;">{html.escape(text)}</pre>'
    renderer = Renderer(base_url=config.base_url, mail_from=config.mail_from)
    message = renderer.message(
        Rendered(subject, text, body, list_mail=False),
        to=config.admin_email,
        # The operator's report links to no subscription; a token is only required by form.
        token=secrets.token_urlsafe(12),
        message_id=renderer.message_id(f"health.{now:%Y%m%d%H%M%S}.{secrets.token_hex(4)}"),
        date=now,
    )
    transport = transport or transport_for(config)
    with transport:
        transport.send(renderer.sender, config.admin_email, message)
    return transport.describe()


def utc_now() -> datetime:
    return datetime.now(UTC)


class Scheduler:
    """The jobs of one `forcewatch run` on one database, on a BackgroundScheduler."""

    def __init__(
        self,
        config: Config,
        sources: Sequence[Source],
        *,
        mirror: str | None = None,
        transport: Callable[[], Any] | None = None,  # a transport factory, for tests
        clock: Callable[[], datetime] = utc_now,
        stop_grace: float = STOP_GRACE,
    ) -> None:
        self.config = config
        self.sources = [s for s in sources if s.enabled]
        self.by_id = {s.id: s for s in self.sources}
        self.mirror = mirror
        self.transport = transport
        self.clock = clock
        self.stop_grace = stop_grace
        self._cond = threading.Condition()
        self._running: set[str] = set()
        self._again: set[str] = set()
        self._requested: set[str] = set()
        self._stopping = threading.Event()
        self._scheduler = BackgroundScheduler(
            timezone=UTC,
            executors={
                CRAWL_EXECUTOR: ThreadPoolExecutor(config.crawl_workers),
                MAIL_EXECUTOR: ThreadPoolExecutor(1),
            },
            job_defaults={
                "max_instances": 1,
                "coalesce": True,
                "misfire_grace_time": config.misfire_grace,
            },
        )

    def plan(self, now: datetime | None = None) -> list[JobSpec]:
        """The job set for a start now, from what the store knows of past crawls."""
        now = now or self.clock()
        db = store.connect(self.config.db)
        try:
            totals = store.crawl_health(db)
        finally:
            db.close()
        last = {
            sid: moment
            for sid, row in totals.items()
            if (moment := _moment(row["last_finished_at"])) is not None
        }
        return build_jobs(self.config, self.sources, last, now)

    def start(self) -> list[JobSpec]:
        """Check the settings, close runs a dead scheduler left open, and start the jobs."""
        from alerts.render import Renderer
        from alerts.transports import check_mail_settings

        check_mail_settings(self.config)
        Renderer(base_url=self.config.base_url, mail_from=self.config.mail_from)
        now = self.clock()
        db = store.connect(self.config.db)
        try:
            # A crawl of another process (`forcewatch crawl`) may be running: only runs older
            # than any crawl may take are certainly abandoned.
            limit = now - timedelta(seconds=self.config.crawl_timeout + 60)
            closed = store.fail_abandoned_runs(
                db,
                limit.isoformat(timespec="seconds"),
                "abandoned: forcewatch stopped before the crawl ended",
                now.isoformat(timespec="seconds"),
            )
        finally:
            db.close()
        if closed:
            logger.info("closed %d crawl run(s) left open by an earlier run", closed)
        jobs = self.plan(now)
        for job in jobs:
            self._scheduler.add_job(
                self._run,
                trigger=job.trigger,
                args=(job.id, job.kind, *job.args),
                id=job.id,
                name=job.id,
                executor=job.executor,
                next_run_time=job.next_run_time,
                replace_existing=True,
            )
        self._scheduler.start()
        crawls = sorted(j.next_run_time for j in jobs if j.kind == CRAWL)
        logger.info(
            "scheduled %d crawl(s) (first at %s), dispatch every %d s, digests at %s"
            " Europe/London (weekly on %s), retry sweep every %d s, health every %d s",
            len(crawls),
            f"{crawls[0]:%H:%M:%S}" if crawls else "-",
            self.config.dispatch_every,
            self.config.digest_time,
            self.config.weekly_day,
            self.config.retry_every,
            self.config.health_every,
        )
        return jobs

    def run_until(self, stop: threading.Event) -> None:
        """Run until `stop` is set (by a signal handler), then stop cleanly."""
        self.start()
        try:
            while not stop.wait(0.5):
                pass
        finally:
            self.stop()

    def stop(self) -> None:
        """No new job starts; a running crawl child gets SIGTERM (and SIGKILL after
        `stop_grace` seconds); every running job is waited for, so what it did is committed."""
        logger.info("stopping")
        with self._cond:
            self._stopping.set()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        deadline = time.monotonic() + self.stop_grace
        signalled: set[int | None] = set()
        with self._cond:
            while self._running:
                late = time.monotonic() > deadline
                # The only children of this process are crawls (crawl_in_subprocess); its
                # waiting thread then records their runs as it does for a time limit.
                for child in multiprocessing.active_children():
                    if late:
                        child.kill()
                    elif child.pid not in signalled:
                        child.terminate()
                        signalled.add(child.pid)
                self._cond.wait(0.2)
        logger.info("stopped")

    def poke(self, job_id: str) -> None:
        """Run a job now; if it is running already, run it once more when it ends."""
        if self._stopping.is_set():
            return
        with self._cond:
            if job_id in self._running:
                self._again.add(job_id)
                return
            if job_id in self._requested:
                return  # a run asked for earlier has not started yet, and will cover this
            self._requested.add(job_id)
        with contextlib.suppress(JobLookupError):
            self._scheduler.modify_job(job_id, next_run_time=self.clock())

    def _run(self, job_id: str, kind: str, *args: str) -> None:
        # Checked under the lock `stop` sets it under: a job either starts before the stop,
        # and is waited for, or not at all (runs queued in the executors end here).
        with self._cond:
            if self._stopping.is_set():
                return
            self._requested.discard(job_id)
            self._running.add(job_id)
        try:
            while True:
                try:
                    self.run_job(kind, *args)
                except Exception as exc:
                    # One line, and the scheduler carries on with the next job.
                    logger.error("%s: failed: %s: %s", job_id, type(exc).__name__, exc)
                with self._cond:
                    if job_id not in self._again or self._stopping.is_set():
                        break
                    self._again.discard(job_id)
        finally:
            with self._cond:
                self._running.discard(job_id)
                self._again.discard(job_id)
                self._cond.notify_all()

    def run_job(self, kind: str, *args: str) -> None:
        """One run of a job, in the calling thread."""
        {
            CRAWL: self.crawl,
            DISPATCH: self.dispatch,
            DIGEST: self.digest,
            RETRY: self.retry,
            HEALTH: self.health,
        }[kind](*args)

    def crawl(self, source_id: str) -> None:
        from crawl import crawl_in_subprocess

        source = self.by_id[source_id]
        logger.info("crawl %s: start", source_id)
        overrides: dict[str, Any] = {"USER_AGENT": self.config.user_agent}
        if not self.mirror:
            overrides["DOWNLOAD_DELAY"] = self.config.download_delay
        summary = crawl_in_subprocess(
            [source],
            self.config.db,
            timeout=self.config.crawl_timeout,
            mirror=self.mirror,
            log_level="ERROR",
            overrides=overrides,
        )
        for run in summary.runs:
            line = (
                f"crawl {source_id}: {run['outcome']} in {summary.seconds:.1f} s,"
                f" {run['requests']} requests, {run['new']} new, {run['changed']} changed,"
                f" {run['withdrawn']} withdrawn, {run['events']} events"
            )
            if run["baseline"]:
                line += " (baseline)"
            if run["error"]:
                line += f": {run['error']}"
            (logger.info if run["outcome"] == RUN_OK else logger.warning)(line)
        self.poke(DISPATCH)
        self.poke(HEALTH)

    def _transport(self) -> Any:
        return self.transport() if self.transport else None

    def dispatch(self) -> None:
        from alerts.dispatch import dispatch

        self._mail_job(
            DISPATCH, lambda db: dispatch(db, config=self.config, transport=self._transport())
        )

    def digest(self, frequency: str) -> None:
        from alerts.dispatch import dispatch_digests

        self._mail_job(
            f"{DIGEST} {frequency}",
            lambda db: dispatch_digests(
                db, frequency, self.clock(), config=self.config, transport=self._transport()
            ),
        )

    def retry(self) -> None:
        from alerts.dispatch import send_due

        self._mail_job(
            RETRY,
            lambda db: send_due(db, self.clock(), config=self.config, transport=self._transport()),
        )

    def _mail_job(self, name: str, work: Callable[[Any], Any]) -> None:
        logger.info("%s: start", name)
        db = store.connect(self.config.db)
        try:
            report = work(db)
        finally:
            db.close()
        line = (
            f"{name}: {report.queued} queued, {report.sent} sent, {report.deferred} deferred,"
            f" {report.failed} failed, {report.cancelled} cancelled via {report.transport}"
        )
        if report.error:
            logger.warning("%s; stopped: %s (left for a later attempt)", line, report.error)
        else:
            logger.info(line)

    def health(self) -> None:
        """Judge every source and tell the operator what changed since the last report."""
        from alerts.transports import DeliveryError

        logger.info("health: start")
        now = self.clock()
        db = store.connect(self.config.db)
        try:
            healths = source_health(db, self.sources, now, self.config.health_failures)
            reports = due_reports(healths, store.health_reports(db), now)
            counts: dict[str, int] = {}
            for h in healths:
                counts[h.state] = counts.get(h.state, 0) + 1
            summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
            if not reports:
                logger.info("health: %s; nothing new for the operator", summary)
                return
            if self.config.admin_email:
                try:
                    where = send_operator_report(self.config, reports, now, self._transport())
                except DeliveryError as exc:
                    logger.warning("health: %s; report to the operator not sent: %s", summary, exc)
                    return
                told = f"reported {len(reports)} to {self.config.admin_email} via {where}"
            else:
                for r in reports:
                    logger.warning("health: %s %s: %s", r.source.id, r.headline, r.detail)
                told = f"{len(reports)} in this log (no admin_email set)"
            store.record_health_reports(
                db,
                [(r.source.id, r.state, r.detail) for r in reports],
                now.isoformat(timespec="seconds"),
            )
            logger.info("health: %s; %s", summary, told)
        finally:
            db.close()
