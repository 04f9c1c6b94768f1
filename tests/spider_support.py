"""Drives spider callbacks on saved pages and on the mirror's pages, with real crawler stats."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from items import ArticleItem, EngageListItem, KnownArticle, WithdrawnItem
from mirror import site
from registry import Source, load_sources, on_hosts

FILES = Path(__file__).parent / "files"

S = TypeVar("S", bound=Spider)


def make_spider(cls: type[S], source: Source, known: Mapping[str, KnownArticle] | None = None) -> S:
    crawler = get_crawler(cls)
    return cls.from_crawler(crawler, source=source, known=known)


def stats(spider: Spider) -> dict[str, Any]:
    return spider.crawler.stats.get_stats()


def start_requests(spider: Spider) -> list[Request]:
    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def respond(
    request: Request,
    page: str | None = None,
    *,
    status: int = 200,
    body: bytes = b"",
    xml: bool = False,
    headers: dict[str, str] | None = None,
) -> Response:
    """The response a server would give `request`: a saved page (tests/files/...) or `body`."""
    if page is not None:
        body = (FILES / page).read_bytes()
    cls = XmlResponse if xml else HtmlResponse
    return cls(
        url=request.url,
        status=status,
        body=body,
        headers=headers,
        request=request,
        encoding="utf-8",
    )


def call(request: Request, response: Response) -> list[Any]:
    """Everything the request's callback yields for `response`."""
    return list(request.callback(response) or [])


def fail(request: Request, error: Exception) -> list[Any]:
    """Everything the request's errback yields for `error`, as Scrapy would call it."""
    failure = Failure(error)
    failure.request = request
    return list(request.errback(failure) or [])


def http_error(request: Request, status: int) -> HttpError:
    return HttpError(respond(request, status=status, body=b"<html><body>error</body></html>"))


def requests_in(output: Iterable[Any]) -> list[Request]:
    return [o for o in output if isinstance(o, Request)]


def items_in(output: Iterable[Any]) -> list[Any]:
    return [o for o in output if not isinstance(o, Request)]


def urls(output: Iterable[Any]) -> list[str]:
    return [r.url for r in requests_in(output)]


@dataclass
class Crawl:
    """What a spider did over a mirror version: its items, and the (status, URL) it fetched."""

    items: list[Any] = field(default_factory=list)
    fetched: list[tuple[int, str]] = field(default_factory=list)

    def articles(self) -> dict[str, ArticleItem]:
        return {i.url: i for i in self.items if isinstance(i, ArticleItem)}

    def withdrawn(self) -> list[str]:
        return [i.url for i in self.items if isinstance(i, WithdrawnItem)]

    def lists(self) -> dict[str, EngageListItem]:
        return {i.listing: i for i in self.items if isinstance(i, EngageListItem)}


def crawl_mirror(spider: Spider, version: str) -> Crawl:
    """Run a spider over the mirror's pages in memory, as Scrapy's engine would drive it.

    Requests are answered in order from `mirror.site.pages`; unknown paths 404; a status the
    request does not accept goes to its errback as an HttpError; the dupefilter is a set of
    URLs that `dont_filter` requests bypass. No server, no conditional requests.
    """
    pages = site.pages(version)
    crawl = Crawl()
    queue = deque(start_requests(spider))
    seen: set[str] = set()
    while queue:
        request = queue.popleft()
        if request.url in seen and not request.dont_filter:
            continue
        seen.add(request.url)
        parts = urlsplit(request.url)
        assert parts.hostname in spider.allowed_domains, f"offsite request {request.url}"
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        page = pages.get((parts.hostname, path)) or site.error_page(404)
        crawl.fetched.append((page.status, request.url))
        cls = XmlResponse if "xml" in page.content_type else HtmlResponse
        response = cls(
            url=request.url,
            status=page.status,
            body=page.body,
            headers={"Content-Type": page.content_type},
            request=request,
        )
        if page.status < 300 or page.status in request.meta.get("handle_httpstatus_list", ()):
            output = call(request, response)
        else:
            output = fail(request, HttpError(response))
        for thing in output:
            (queue if isinstance(thing, Request) else crawl.items).append(thing)
    return crawl


def mirror_sources(platform: str) -> list[Source]:
    """The sources of sources.toml that the mirror serves, on one platform."""
    return [s for s in on_hosts(load_sources(), site.hosts()) if s.platform == platform]


def known_from(crawl: Crawl) -> dict[str, KnownArticle]:
    """What the store would hand the next crawl after storing `crawl`'s articles."""
    return {url: KnownArticle(a.title, a.published) for url, a in crawl.articles().items()}
