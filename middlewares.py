"""Downloader middlewares: conditional requests for listings and feeds, and the offline mirror."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

import store
from pipelines.runs import run_outcome
from store.runs import OK

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

REAL_URL = "mirror_real_url"


class MirrorMiddleware:
    """Sends every request to the mirror server while the crawl keeps seeing the real URL.

    The mirror serves https://HOST/PATH at MIRROR/HOST/PATH. Requests are rewritten last, after
    robots.txt and conditional headers were handled for the real URL, and responses get the real
    URL back first, so spiders, pipelines and the store never see the mirror's address.
    """

    def __init__(self, mirror: str) -> None:
        self.mirror = mirror.rstrip("/")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorMiddleware:
        mirror = crawler.settings.get("FORCEWATCH_MIRROR")
        if not mirror:
            raise NotConfigured("no mirror")
        return cls(mirror)

    def process_request(self, request: Request) -> Request | None:
        if REAL_URL in request.meta:
            return None
        parts = urlsplit(request.url)
        target = f"{self.mirror}/{parts.netloc}{parts.path or '/'}"
        if parts.query:
            target += f"?{parts.query}"
        return request.replace(
            url=target,
            dont_filter=True,
            # Robots were already obeyed for the real URL; each real site keeps its own slot, so
            # politeness per site holds even though every request goes to one address.
            meta={
                **request.meta,
                REAL_URL: request.url,
                "dont_obey_robotstxt": True,
                "download_slot": parts.netloc,
            },
        )

    def process_response(self, request: Request, response: Response) -> Response:
        real = request.meta.get(REAL_URL)
        return response.replace(url=real) if real else response


class ConditionalRequestMiddleware:
    """Revalidates listing pages and feeds with ETag / Last-Modified.

    Only requests marked `meta["conditional"]` take part: revalidating every known article
    would cost more than not requesting them at all. New validators are saved only after a
    healthy crawl, so a failed run never makes the next one skip pages it did not process.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path = crawler.settings.get("FORCEWATCH_DB")
        self.known: dict[str, tuple[str | None, str | None]] = {}
        self.seen: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def _source_id(self, spider: Spider) -> str | None:
        source = getattr(spider, "source", None)
        return source.id if source is not None else None

    def spider_opened(self, spider: Spider) -> None:
        source_id = self._source_id(spider)
        if source_id:
            db = store.connect(self.db_path)
            try:
                self.known = store.load_validators(db, source_id)
            finally:
                db.close()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        source_id = self._source_id(spider)
        # An article that failed must be fetched again next time, so its listing must not 304.
        outcome, _ = run_outcome(self.crawler.stats.get_stats(), reason)
        if source_id and outcome == OK and self.seen:
            db = store.connect(self.db_path)
            try:
                store.save_validators(db, source_id, self.seen)
            finally:
                db.close()

    def process_request(self, request: Request) -> None:
        if not request.meta.get("conditional") or REAL_URL in request.meta:
            return
        etag, last_modified = self.known.get(request.url, (None, None))
        if etag:
            request.headers["If-None-Match"] = etag
        if last_modified:
            request.headers["If-Modified-Since"] = last_modified

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("conditional") and response.status == 200:
            etag = response.headers.get("ETag")
            last_modified = response.headers.get("Last-Modified")
            if etag or last_modified:
                self.seen[response.url] = (
                    etag.decode("latin-1") if etag else None,
                    last_modified.decode("latin-1") if last_modified else None,
                )
        return response
