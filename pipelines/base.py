"""What every store-facing pipeline needs: the crawl's database, run and source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from sqlite_utils import Database

import store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from registry import Source


class CrawlContext:
    """Holds the per-crawl settings the crawl runner put on the crawler, and the connection."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("FORCEWATCH_DB")
        self.run_id: int | None = crawler.settings.getint("FORCEWATCH_RUN_ID") or None
        self.baseline = crawler.settings.getbool("FORCEWATCH_BASELINE")
        self.db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def source(self) -> Source:
        return self.crawler.spider.source

    def open_spider(self) -> None:
        self.db = store.connect(self.db_path)

    def close_spider(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"forcewatch/{key}", n)
