"""Single Online Home forces: the RSS feed first, the listing pages when it fails or falls short."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response, TextResponse
from scrapy.selector import Selector
from twisted.python.failure import Failure

from items import KnownArticle
from registry import Source
from spiders.base import LISTING_PAGES, Entry, NewsSpider, describe_failure, failed_url
from spiders.extract import canonical_url, normalise_space, parse_rfc822

_FEED_ROOTS = ("rss", "RDF")
_FEED_NAME = re.compile(r"/GetNewsRss/?$", re.IGNORECASE)


class SohNewsSpider(NewsSpider):
    """Reads the force's GetNewsRss feed; walks /news/<force>/news/?page=N only when needed.

    The feed holds the latest twenty items. When none of them is known (a first crawl, or more
    news since the last crawl than the feed holds) the listing is walked too, with the same
    stop rule, so that older articles are found.
    """

    name = "soh_news"

    def __init__(
        self, source: Source, known: Mapping[str, KnownArticle] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(source, known, **kwargs)
        # Forces nest articles differently under their listing (/news/<yyyy>/<month>/...,
        # a district or region segment, or none), but always under the listing's own path.
        paths = [urlsplit(url).path for url in source.start_urls]
        if source.feed_url:
            paths.append(_FEED_NAME.sub("", urlsplit(source.feed_url).path))
        self.listing_paths = sorted({path if path.endswith("/") else f"{path}/" for path in paths})

    def is_article_url(self, url: str) -> bool:
        """The source's pattern if it has one, else any page below its listing (not the feed)."""
        if self.article_pattern is not None:
            return super().is_article_url(url)
        parts = urlsplit(url)
        if parts.hostname not in self.allowed_domains or url in self._listings:
            return False
        for prefix in self.listing_paths:
            rest = parts.path[len(prefix) :] if parts.path.startswith(prefix) else ""
            if rest and not _FEED_NAME.match(f"/{rest}"):
                return True
        return False

    async def start(self) -> AsyncIterator[Request]:
        if not self.source.feed_url:
            for request in self.start_listing_requests():
                yield request
            return
        yield self.listing_request(
            self.source.feed_url, callback=self.parse_feed, errback=self.feed_errback
        )

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """Feed items like listing entries; the listing when the feed fails or knows nothing."""
        if self.not_modified(response):
            yield from self.end_walk()
            return
        feed = feed_selector(response)
        if feed is None:
            kind = response.headers.get("Content-Type", b"no content type").decode("latin-1")
            self.listing_error(
                f"{response.url}: feed is not RSS ({kind}); reading the listing pages instead"
            )
            yield from self.listing_fallback()
            return
        self.count(LISTING_PAGES)
        entries = self.feed_entries(feed)
        if not entries:
            self.listing_error(f"{response.url}: feed has no items; reading the listing pages")
            yield from self.listing_fallback()
            return
        nothing_known = not any(entry.url in self.known for entry in entries)
        yield from self.follow_entries(entries)
        if nothing_known and self.start_urls:
            self.logger.info("%s: no feed item is known, walking the listing too", response.url)
            yield from self.listing_fallback()
            return
        yield from self.end_walk()

    def feed_errback(self, failure: Failure) -> Iterator[Request]:
        """A feed that cannot be fetched is an error, and the listing pages are read instead."""
        self.listing_error(
            f"{failed_url(failure)}: feed failed ({describe_failure(failure)}); "
            "reading the listing pages instead"
        )
        yield from self.listing_fallback()

    def listing_fallback(self) -> Iterator[Request]:
        """Hand the feed's walk over to the listing pages."""
        # The listing walks open before the feed's closes, so no withdrawal check runs between.
        yield from self.start_listing_requests()
        yield from self.end_walk()

    def feed_entries(self, feed: Selector) -> list[Entry]:
        """The feed's items on this force's site, one per canonical URL."""
        entries: dict[str, Entry] = {}
        for item in feed.xpath("//item"):
            link = normalise_space(item.xpath("string(link)").get())
            if not link and item.xpath("guid[not(@isPermaLink='false')]"):
                link = normalise_space(item.xpath("string(guid)").get())
            if not link:
                continue
            url = canonical_url(link)
            if urlsplit(url).hostname not in self.allowed_domains or url in entries:
                continue
            entries[url] = Entry(
                url=url,
                title=normalise_space(item.xpath("string(title)").get()),
                published=parse_rfc822(item.xpath("string(pubDate)").get()),
            )
        return list(entries.values())


def feed_selector(response: Response) -> Selector | None:
    """The response as an RSS document, or None when it is something else (an error page)."""
    if isinstance(response, TextResponse):
        feed = Selector(text=response.text, type="xml")
    else:
        feed = Selector(body=response.body, type="xml")
    feed.remove_namespaces()
    return feed if feed.xpath("name(/*)").get() in _FEED_ROOTS else None
