"""Records what each crawl of a source did, from Scrapy's stats, when its spider closes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy import signals

import store
from store.runs import ERROR, OK

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

COUNTS = ("new", "changed", "unchanged", "withdrawn", "events")

# How a run's error begins when a listing showed no article at all, which source health
# reads as "empty where it used to list articles".
EMPTY_LISTING = "listing shows no articles"

# Sent with `run=` (the stored crawl run) once a run's outcome is in the store.
run_recorded = object()


def run_outcome(stats: dict, reason: str) -> tuple[str, str | None]:
    """A run is healthy only if it finished, no listing or feed failed, and one was read.

    A listing that yields nothing is never taken for a quiet site (failure is not change).
    """
    if reason != "finished":
        return ERROR, f"crawl stopped: {reason}"
    listing_errors = stats.get("forcewatch/listing_errors", 0)
    if listing_errors:
        detail = stats.get("forcewatch/last_error") or "see the crawl log"
        if stats.get("forcewatch/empty_listings", 0):
            return ERROR, f"{EMPTY_LISTING}: {listing_errors} listing/feed error(s): {detail}"
        return ERROR, f"{listing_errors} listing/feed error(s): {detail}"
    # An article that failed to parse or to store must be fetched again next time: the run is
    # not healthy, so its listings' validators are not kept and nothing counts as withdrawn.
    item_errors = stats.get("forcewatch/item_errors", 0)
    if item_errors:
        return ERROR, f"{item_errors} article(s) could not be processed; see the crawl log"
    article_errors = stats.get("forcewatch/article_errors", 0)
    if article_errors:
        return ERROR, f"{article_errors} article(s) could not be fetched or parsed"
    if not (
        stats.get("forcewatch/listing_pages", 0) or stats.get("forcewatch/listing_not_modified", 0)
    ):
        return ERROR, "no listing page or feed could be read"
    return OK, None


class CrawlRunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("FORCEWATCH_DB")
        self.run_id = crawler.settings.getint("FORCEWATCH_RUN_ID")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        return ext

    def item_error(self, item: object, response: object, spider: Spider, failure: object) -> None:
        """Scrapy logs a pipeline exception but counts nothing: count it against the run."""
        self.crawler.stats.inc_value("forcewatch/item_errors")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if not self.run_id:
            return
        stats = self.crawler.stats.get_stats()
        outcome, error = run_outcome(stats, reason)
        prefix = "downloader/response_status_count/"
        responses = {k[len(prefix) :]: v for k, v in stats.items() if k.startswith(prefix)}
        counts = {k: stats.get(f"forcewatch/{k}", 0) for k in COUNTS}
        counts["items"] = stats.get("item_scraped_count", 0)
        counts["errors"] = (
            stats.get("forcewatch/listing_errors", 0)
            + stats.get("forcewatch/article_errors", 0)
            + stats.get("forcewatch/item_errors", 0)
            + stats.get("spider_exceptions/count", 0)
        )
        db = store.connect(self.db_path)
        try:
            store.finish_run(
                db,
                self.run_id,
                outcome=outcome,
                requests=stats.get("downloader/request_count", 0),
                responses=responses,
                counts=counts,
                error=error,
                seconds=stats.get("elapsed_time_seconds"),
            )
            [run] = store.list_runs(db, run_ids=[self.run_id])
        finally:
            db.close()
        self.crawler.signals.send_catch_log(run_recorded, run=run)
