"""Runs one crawl of some sources: a Scrapy crawler per source in one process, results in the store.

Twisted's reactor cannot be restarted, so a process crawls once; `crawl_in_subprocess` gives
callers that crawl more than once (the demo, the scheduler, tests) a fresh process each time.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess, Crawler
from scrapy.settings import Settings

import store
from pipelines.runs import run_recorded
from registry import Source


@dataclass
class CrawlSummary:
    """What a crawl did, read back from the store's crawl runs."""

    runs: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def total(self, key: str) -> int:
        return sum(r[key] for r in self.runs)

    @property
    def crawl_seconds(self) -> float:
        """How long the crawling took, without starting a process: the longest source's run."""
        return max((r["seconds"] or 0.0 for r in self.runs), default=0.0)

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.runs if r["outcome"] != "ok"]

    @property
    def all_failed(self) -> bool:
        return bool(self.runs) and len(self.failed) == len(self.runs)


def crawl_settings(
    db_path: Path | str,
    *,
    mirror: str | None = None,
    log_level: str = "WARNING",
    overrides: dict[str, Any] | None = None,
) -> Settings:
    settings = Settings()
    settings.setmodule("settings", priority="project")
    settings.set("FORCEWATCH_DB", str(db_path), priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    if mirror:
        # The mirror is on loopback and ours: no delay to be polite about.
        settings.set("FORCEWATCH_MIRROR", mirror, priority="cmdline")
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


@dataclass(frozen=True)
class PlannedRun:
    source: Source
    run_id: int
    baseline: bool


def plan_runs(sources: Sequence[Source], db_path: Path | str) -> list[PlannedRun]:
    """Open a crawl run per source before crawling, so a crawl that dies still leaves a record."""
    db = store.connect(db_path)
    try:
        store.sync_sources(db, sources)
        planned = []
        for source in sources:
            baseline = store.is_baseline(db, source.id)
            run_id = store.start_run(db, source.id, baseline=baseline)
            planned.append(PlannedRun(source, run_id, baseline))
    finally:
        db.close()
    return planned


def read_summary(
    db_path: Path | str, planned: Sequence[PlannedRun], started: float
) -> CrawlSummary:
    db = store.connect(db_path)
    try:
        store.fail_unfinished(
            db, [p.run_id for p in planned], "crawl process ended without a result"
        )
        runs = sorted(
            store.list_runs(db, run_ids=[p.run_id for p in planned]), key=lambda r: r["id"]
        )
    finally:
        db.close()
    return CrawlSummary(runs=runs, seconds=time.monotonic() - started)


def run_crawl(
    sources: Sequence[Source],
    db_path: Path | str,
    *,
    mirror: str | None = None,
    log_level: str = "WARNING",
    overrides: dict[str, Any] | None = None,
    progress: Callable[..., None] | None = None,  # called with run=<the stored run>
) -> CrawlSummary:
    """Crawl `sources` in this process (a process can crawl only once)."""
    started = time.monotonic()
    planned = plan_runs(sources, db_path)
    _crawl(
        planned,
        str(db_path),
        mirror=mirror,
        log_level=log_level,
        overrides=overrides,
        progress=progress,
    )
    return read_summary(db_path, planned, started)


def _crawl(
    planned: Sequence[PlannedRun],
    db_path: str,
    *,
    mirror: str | None = None,
    log_level: str = "WARNING",
    overrides: dict[str, Any] | None = None,
    progress: Callable[..., None] | None = None,  # called with run=<the stored run>
) -> None:
    base = crawl_settings(db_path, mirror=mirror, log_level=log_level, overrides=overrides)
    # AsyncCrawlerProcess installs the reactor up front, so each source can have a Crawler
    # built with its own settings (run id, baseline) before the crawl starts.
    process = AsyncCrawlerProcess(base)
    db = store.connect(db_path)
    try:
        for plan in planned:
            settings = base.copy()
            settings.set("FORCEWATCH_RUN_ID", plan.run_id, priority="cmdline")
            settings.set("FORCEWATCH_BASELINE", plan.baseline, priority="cmdline")
            crawler = Crawler(process.spider_loader.load(plan.source.spider), settings)
            if progress is not None:
                crawler.signals.connect(progress, signal=run_recorded, weak=False)
            process.crawl(
                crawler, source=plan.source, known=store.known_articles(db, plan.source.id)
            )
    finally:
        db.close()
    process.start()


def _child(planned: Sequence[PlannedRun], db_path: str, kwargs: dict[str, Any]) -> None:
    _crawl(planned, db_path, **kwargs)


def crawl_in_subprocess(
    sources: Sequence[Source],
    db_path: Path | str,
    *,
    timeout: float | None = None,
    **kwargs: Any,
) -> CrawlSummary:
    """Crawl in a fresh process; a crawl that outlives `timeout` seconds is killed and its
    unfinished runs are recorded as errors."""
    started = time.monotonic()
    planned = plan_runs(sources, db_path)
    child = multiprocessing.get_context("spawn").Process(
        target=_child, args=(planned, str(db_path), kwargs)
    )
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        db = store.connect(db_path)
        try:
            store.fail_unfinished(
                db, [p.run_id for p in planned], f"crawl killed after {timeout:.0f} s time limit"
            )
        finally:
            db.close()
    return read_summary(db_path, planned, started)
