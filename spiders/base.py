"""The incremental crawl every news spider shares: listings, known articles, withdrawals.

A spider walks each listing (or feed) newest first. Entries it already holds with the same
title are not fetched, and a page made only of those ends the walk. When every walk has ended
without a listing error, stored articles that should have been listed but were not are asked
for again: only a 404 or 410 makes them withdrawn.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import scrapy
from scrapy.http import Request, Response, TextResponse
from scrapy.selector import Selector
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from items import ArticleItem, KnownArticle, WithdrawnItem
from registry import Source
from spiders.extract import (
    canonical_url,
    extract_main_fragment,
    extract_published,
    extract_title,
    normalise_space,
    text_of,
    to_datetime,
)

LISTING_PAGES = "forcewatch/listing_pages"
LISTING_NOT_MODIFIED = "forcewatch/listing_not_modified"
LISTING_ERRORS = "forcewatch/listing_errors"
ARTICLE_ERRORS = "forcewatch/article_errors"
LAST_ERROR = "forcewatch/last_error"
EMPTY_LISTINGS = "forcewatch/empty_listings"

# Request meta set by the spiders (besides Scrapy's handle_httpstatus_list).
CONDITIONAL = "conditional"  # the conditional-request middleware revalidates this request
# How far one walk pages back through a listing (FORCEWATCH_MAX_LISTING_PAGES overrides).
MAX_LISTING_PAGES = 30
LISTING_PAGE = "listing_page"  # 1 for a start URL or feed, n for the nth page of its walk
ENTRY_PUBLISHED = "entry_published"  # the date the listing or feed gave, if the page gives none
WITHDRAWAL_CHECK = "withdrawal_check"  # a known article no longer listed, asked for again

WITHDRAWN_STATUSES = (404, 410)

_NEXT_TEXT = re.compile(
    r"(?:next|older)(?:\s+(?:page|posts|news|articles|entries|stories|items))?"
    r"\s*[\u00bb\u203a>\u2192]*",
    re.IGNORECASE,
)
_EMPTY_LISTING = re.compile(
    r"\bno (?:news|articles?|results|stories|posts|items|press releases)\b(?:\s+\w+){0,3}?\s+"
    r"(?:found|available|published|to (?:show|display))\b"
    r"|\bthere (?:are|is) (?:currently )?no (?:news|articles?|results|stories|posts|items)\b",
    re.IGNORECASE,
)
# Listing and page titles of one article differ in typography more often than in words.
_TYPOGRAPHY = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_PAGE_IN_PATH = re.compile(r"/page/(\d+)/?$")


@dataclass(frozen=True)
class Entry:
    """One article as a listing page or feed shows it."""

    url: str  # canonical
    title: str
    published: str | None


def listing_scope(response: TextResponse) -> Selector:
    """Where a listing's entries are: main content, not an <article>, which may be one entry."""
    found = response.css("main, [role=main], #content")
    return found[0] if found else response.selector


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def title_key(title: str | None) -> str:
    """What two titles must share to be the same title: words and their order."""
    return normalise_space(title).translate(_TYPOGRAPHY)


def describe_failure(failure: Failure) -> str:
    """A short reason for a failed request: its HTTP status, or the network error."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"


def failed_url(failure: Failure) -> str:
    # An HTTP error's response carries the real URL even when the mirror served it.
    if failure.check(HttpError):
        return failure.value.response.url
    request = getattr(failure, "request", None)
    return request.url if request is not None else "?"


class NewsSpider(scrapy.Spider):
    """Base of the platform spiders; one instance crawls one source."""

    # Regex on URL paths picking article links, used when the source gives none.
    default_article_pattern: str | None = None

    def __init__(
        self,
        source: Source,
        known: Mapping[str, KnownArticle] | None = None,
        **kwargs: Any,
    ) -> None:
        if not isinstance(source, Source):
            raise TypeError(f"{type(self).__name__} needs a registry.Source, got {source!r}")
        super().__init__(**kwargs)
        self.source = source
        self.known: dict[str, KnownArticle] = {
            canonical_url(url): article for url, article in (known or {}).items()
        }
        self.start_urls = list(source.start_urls)
        urls = [*source.start_urls, *([source.feed_url] if source.feed_url else [])]
        self.allowed_domains = sorted({urlsplit(url).hostname or "" for url in urls} - {""})
        pattern = source.article_pattern or self.default_article_pattern
        self.article_pattern = re.compile(pattern) if pattern else None
        # Per-run state of the incremental rules, and nothing else.
        self._open_walks = 0
        self._listings: set[str] = set()
        self._seen: set[str] = set()
        self._oldest: datetime | None = None
        self._listing_failed = False
        self._start_not_modified = False

    async def start(self) -> AsyncIterator[Request]:
        for request in self.start_listing_requests():
            yield request

    def start_listing_requests(self) -> list[Request]:
        """Page 1 of every listing of the source, each opening a walk."""
        return [self.listing_request(url) for url in self.start_urls]

    def listing_request(
        self,
        url: str,
        *,
        page: int = 1,
        callback: Callable[[Response], Any] | None = None,
        errback: Callable[[Failure], Any] | None = None,
    ) -> Request:
        """A listing or feed request: conditional, 304 accepted; page 1 opens a walk."""
        if page == 1:
            self._open_walks += 1
        self._listings.add(canonical_url(url))
        return Request(
            url,
            callback=callback or self.parse_listing,
            errback=errback or self.listing_errback,
            # Every listing request is made once per run, so none may be lost to the dupefilter:
            # a walk that never calls back would hold the withdrawal checks forever.
            dont_filter=True,
            meta={CONDITIONAL: True, "handle_httpstatus_list": [304], LISTING_PAGE: page},
        )

    def article_request(self, url: str, published: str | None = None) -> Request:
        """An article to fetch; `published` is the listing's date, for pages that print none."""
        return Request(
            url,
            callback=self.parse_article,
            errback=self.article_errback,
            meta={ENTRY_PUBLISHED: published},
        )

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """Entries to fetch, then the next page while this one held anything new or changed."""
        if self.not_modified(response):
            yield from self.end_walk()
            return
        if not isinstance(response, TextResponse):
            self.listing_error(f"{response.url}: listing is not a web page")
            yield from self.end_walk()
            return
        self.count(LISTING_PAGES)
        entries = self.listing_entries(response)
        if not entries:
            if self.is_explicitly_empty(response):
                self.logger.info("%s: the listing says it is empty", response.url)
            else:
                self.count(EMPTY_LISTINGS)
                self.listing_error(f"{response.url}: listing page has no article links")
            yield from self.end_walk()
            return
        requests = self.follow_entries(entries)
        yield from requests
        next_url = self.next_page_url(response) if requests else None
        page = response.meta.get(LISTING_PAGE, 1)
        if next_url and page >= self.max_listing_pages:
            # A first crawl of a big site would otherwise walk years of archive; the history
            # beyond the cap is simply not reached (and so never counted as withdrawn).
            self.logger.info("%s: %d listing pages read, paging stops", response.url, page)
            next_url = None
        if next_url:
            yield self.listing_request(next_url, page=page + 1)
            return
        if not requests:
            self.logger.info("%s: every entry known and unchanged, paging stops", response.url)
        yield from self.end_walk()

    @property
    def max_listing_pages(self) -> int:
        settings = getattr(self, "settings", None)
        if settings is None:
            return MAX_LISTING_PAGES
        return settings.getint("FORCEWATCH_MAX_LISTING_PAGES", MAX_LISTING_PAGES)

    def not_modified(self, response: Response) -> bool:
        """A 304 on a listing or feed: nothing there changed, so its walk stops here."""
        if response.status != 304:
            return False
        self.count(LISTING_NOT_MODIFIED)
        if response.meta.get(LISTING_PAGE, 1) == 1:
            self._start_not_modified = True
        self.logger.info("%s: not modified", response.url)
        return True

    def follow_entries(self, entries: Iterable[Entry]) -> list[Request]:
        """Requests for the entries not known with the same title; records what was listed."""
        requests = []
        for entry in entries:
            self._seen.add(entry.url)
            known = self.known.get(entry.url)
            published = to_datetime(entry.published or (known.published if known else None))
            if published is not None and (self._oldest is None or published < self._oldest):
                self._oldest = published
            if known is not None and title_key(known.title) == title_key(entry.title):
                continue
            requests.append(self.article_request(entry.url, entry.published))
        return requests

    def end_walk(self) -> Iterator[Request]:
        """Close one walk; when the last one closes, ask again for what vanished from listings."""
        self._open_walks -= 1
        if self._open_walks == 0:
            yield from self.withdrawal_checks()

    def withdrawal_checks(self) -> Iterator[Request]:
        # Only a clean walk can tell that something is no longer listed, and only for the span of
        # dates it covered: older articles were merely not reached.
        if self._listing_failed or self._start_not_modified or self._oldest is None:
            return
        for url, known in self.known.items():
            if url in self._seen or not self.is_listed_url(url):
                continue
            published = to_datetime(known.published)
            if published is None or published < self._oldest:
                continue
            self.logger.info("%s: no longer listed, checking whether it was withdrawn", url)
            yield Request(
                url,
                callback=self.parse_withdrawal_check,
                errback=self.article_errback,
                meta={"handle_httpstatus_list": list(WITHDRAWN_STATUSES), WITHDRAWAL_CHECK: True},
            )

    def parse_withdrawal_check(self, response: Response) -> Iterator[Any]:
        """404/410 withdraws the article; any page it still serves is read as usual."""
        if response.status in WITHDRAWN_STATUSES:
            yield WithdrawnItem(
                source_id=self.source.id,
                url=canonical_url(response.url),
                http_status=response.status,
                fetched_at=utc_now(),
            )
            return
        yield from self.parse_article(response)

    def parse_article(self, response: Response) -> Iterator[Any]:
        """The article as found, uncleaned; its URL is the real one (the mirror restores it)."""
        if not isinstance(response, TextResponse):
            self.count(ARTICLE_ERRORS)
            self.logger.warning("%s: article is not a web page", response.url)
            return
        yield ArticleItem(
            source_id=self.source.id,
            url=canonical_url(response.url),
            title=extract_title(response),
            published=extract_published(response) or response.meta.get(ENTRY_PUBLISHED),
            body_html=extract_main_fragment(response),
            html_hash=hashlib.sha256(response.body).hexdigest(),
            fetched_at=utc_now(),
        )

    def listing_errback(self, failure: Failure) -> Iterator[Request]:
        """A listing that could not be fetched ends its walk as an error (failure is not change)."""
        self.listing_error(f"{failed_url(failure)}: {describe_failure(failure)}")
        yield from self.end_walk()

    def article_errback(self, failure: Failure) -> None:
        """One article failing is counted and logged; the rest of the crawl goes on."""
        self.count(ARTICLE_ERRORS)
        self.logger.warning("%s: %s", failed_url(failure), describe_failure(failure))

    def listing_error(self, message: str) -> None:
        """A listing or feed that failed or looks broken: counted, logged, never raised."""
        self._listing_failed = True
        self.count(LISTING_ERRORS)
        self.crawler.stats.set_value(LAST_ERROR, message)
        self.logger.error(message)

    def count(self, key: str) -> None:
        self.crawler.stats.inc_value(key)

    def is_article_url(self, url: str) -> bool:
        """Whether a canonical URL is an article this source's listings link to."""
        parts = urlsplit(url)
        return (
            self.article_pattern is not None
            and parts.hostname in self.allowed_domains
            and url not in self._listings
            and self.article_pattern.search(parts.path) is not None
        )

    def is_listed_url(self, url: str) -> bool:
        """Whether a known URL would appear in a listing, and so may be checked for withdrawal."""
        return self.is_article_url(url)

    def is_explicitly_empty(self, response: TextResponse) -> bool:
        """The page says in words that it has no entries (empty on purpose, not broken)."""
        return _EMPTY_LISTING.search(text_of(listing_scope(response))) is not None

    def listing_entries(self, response: TextResponse) -> list[Entry]:
        """The article entries of a listing page, in page order, one per URL."""
        return self._entries_in(listing_scope(response), response) or self._entries_in(
            response.selector, response
        )

    def _entries_in(self, scope: Selector, response: TextResponse) -> list[Entry]:
        anchors: dict[str, list[Selector]] = {}
        for anchor in scope.css("a[href]"):
            url = canonical_url(response.urljoin(anchor.attrib["href"]))
            if self.is_article_url(url):
                anchors.setdefault(url, []).append(anchor)
        entries = []
        for url, links in anchors.items():
            container = self._entry_container(links[0], response)
            entries.append(
                Entry(url, self._entry_title(links, container), extract_published(container))
            )
        return entries

    def _entry_container(self, anchor: Selector, response: TextResponse) -> Selector:
        """The largest element around a link that holds no other article link: its entry."""
        container = anchor
        for ancestor in reversed(anchor.xpath("ancestor::*")):
            if ancestor.root.tag in ("main", "body", "html"):
                break
            urls = {
                canonical_url(response.urljoin(href))
                for href in ancestor.css("a::attr(href)").getall()
            }
            if len({url for url in urls if self.is_article_url(url)}) > 1:
                break
            container = ancestor
        return container

    def _entry_title(self, links: list[Selector], container: Selector) -> str:
        headings = "h1, h2, h3, h4, h5, h6"
        for link in links:
            for heading in link.css(headings):
                if text_of(heading):
                    return text_of(heading)
        for heading in container.css(headings):
            if text_of(heading):
                return text_of(heading)
        for link in links:
            text = text_of(link) or normalise_space(link.attrib.get("title"))
            if text:
                return text
        return ""

    def next_page_url(self, response: TextResponse) -> str | None:
        """The next listing page the page itself links to: rel=next, "Next"/"Older", page N+1."""
        hrefs = response.css('link[rel~="next"]::attr(href), a[rel~="next"]::attr(href)').getall()
        for anchor in response.css("a[href]"):
            label = text_of(anchor) or normalise_space(anchor.attrib.get("aria-label"))
            if _NEXT_TEXT.fullmatch(label):
                hrefs.append(anchor.attrib["href"])
        hrefs.extend(self._numbered_next(response))
        here = canonical_url(response.url)
        host = urlsplit(here).hostname
        for href in hrefs:
            url = canonical_url(response.urljoin(href))
            if url == here or urlsplit(url).hostname != host:
                continue
            # A link back to a page already read this run would walk in a circle.
            return None if url in self._listings else url
        return None

    def _numbered_next(self, response: TextResponse) -> list[str]:
        here = urlsplit(response.url)
        query = dict(parse_qsl(here.query))
        in_path = _PAGE_IN_PATH.search(here.path)
        try:
            current = int(query.get("page") or (in_path.group(1) if in_path else 1))
        except ValueError:
            return []
        base = here.path[: in_path.start()] if in_path else here.path.rstrip("/")
        wanted = str(current + 1)
        found = []
        for href in response.css("a::attr(href)").getall():
            there = urlsplit(response.urljoin(href))
            by_query = (
                there.path == here.path and dict(parse_qsl(there.query)).get("page") == wanted
            )
            if by_query or there.path.rstrip("/") == f"{base}/page/{wanted}":
                found.append(href)
        return found
