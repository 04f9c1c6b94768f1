"""Crawl of the mirror: pages per second through the whole pipeline against a bare Scrapy
spider fetching the same pages in the same run, and the cost of a repeat crawl."""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import AsyncCrawlerProcess

from crawl import crawl_in_subprocess, crawl_settings
from mirror.server import MirrorServer
from mirror.site import build, hosts
from registry import load_sources, on_hosts


class BareSpider(scrapy.Spider):
    """Fetches a fixed list of URLs and does nothing with them: the floor for any crawl."""

    name = "bare"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, dont_filter=True)

    def parse(self, response: Any) -> None:
        return None


def _bare_crawl(urls: list[str], mirror: str, db_path: str) -> None:
    settings = crawl_settings(db_path, mirror=mirror, log_level="ERROR")
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("EXTENSIONS", {}, priority="cmdline")
    settings.set("ROBOTSTXT_OBEY", False, priority="cmdline")
    settings.set("DOWNLOADER_MIDDLEWARES", {"middlewares.MirrorMiddleware": 800}, "cmdline")
    process = AsyncCrawlerProcess(settings)
    process.crawl(BareSpider, urls=urls)
    process.start()


def _timed_bare(urls: list[str], mirror: str, db_path: str) -> float:
    started = time.monotonic()
    child = multiprocessing.get_context("spawn").Process(
        target=_bare_crawl, args=(urls, mirror, db_path)
    )
    child.start()
    child.join()
    return time.monotonic() - started


def run() -> dict[str, dict[str, Any]]:
    sources = on_hosts(load_sources(), hosts())
    build("v1")  # render the mirror before timing anything: both crawls then read a warm cache
    with tempfile.TemporaryDirectory() as tmp, MirrorServer("v1") as server:
        db = Path(tmp) / "bench.db"
        first = crawl_in_subprocess(sources, db, mirror=server.url)
        fetched = [f"https://{host}{path}" for _, host, path, _ in list(server.requests)]
        pages = len(fetched)
        bare_seconds = _timed_bare(fetched, server.url, str(Path(tmp) / "bare.db"))
        before = len(server.requests)
        repeat = crawl_in_subprocess(sources, db, mirror=server.url)
        repeat_requests = len(server.requests) - before
    full_rate = pages / first.seconds
    bare_rate = pages / bare_seconds
    return {
        "crawl_pages_per_second": {
            "value": full_rate,
            "unit": "pages/s",
            "baseline": bare_rate,
            "ratio": full_rate / bare_rate,
        },
        "repeat_crawl_requests": {
            "value": repeat_requests,
            "unit": "requests",
            "baseline": pages,
            "ratio": repeat_requests / pages,
        },
        # The crawl's own time, without the fixed cost of starting a process for it.
        "repeat_crawl_seconds": {
            "value": repeat.crawl_seconds,
            "unit": "s",
            "baseline": first.crawl_seconds,
            "ratio": repeat.crawl_seconds / first.crawl_seconds,
        },
    }


if __name__ == "__main__":
    for name, figure in run().items():
        print(name, figure)
