from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from scrapy.http import Request
from scrapy.utils.test import get_crawler
from spider_support import (
    call,
    crawl_mirror,
    fail,
    http_error,
    known_from,
    make_spider,
    mirror_sources,
    requests_in,
    respond,
    start_requests,
    stats,
    urls,
)
from twisted.internet.error import DNSLookupError, TimeoutError

from items import ArticleItem, KnownArticle, WithdrawnItem
from mirror import site
from registry import Source
from spiders.base import ENTRY_PUBLISHED, WITHDRAWAL_CHECK
from spiders.extract import UK
from spiders.generic_news import GenericNewsSpider

AVON = Source(
    id="avon-and-somerset",
    name="Avon and Somerset Constabulary",
    kind="force",
    platform="generic",
    start_urls=("https://www.avonandsomerset.police.uk/news/",),
    force="Avon and Somerset Constabulary",
    article_pattern=r"^/news/\d{4}/\d{2}/[^/]+/?$",
)
PCC = Source(
    id="avon-and-somerset-pcc",
    name="Avon and Somerset PCC",
    kind="pcc",
    platform="generic",
    start_urls=("https://www.avonandsomerset-pcc.gov.uk/news/",),
    force="Avon and Somerset Constabulary",
    article_pattern=r"^/news/\d{4}/\d{2}/[^/]+/?$",
)
BASE = "https://www.avonandsomerset.police.uk"
STATEMENT = f"{BASE}/news/2026/10/statement-on-our-latest-peel-inspection/"
ROAD = f"{BASE}/news/2026/09/road-safety-week-of-action/"
APPEAL = f"{BASE}/news/2026/09/appeal-for-witnesses-in-weston-super-mare/"
PAGE_1 = {
    STATEMENT: KnownArticle("Statement on our latest PEEL inspection", "2026-10-09T12:00:00+01:00"),
    ROAD: KnownArticle("Road  safety week\nof action", "2026-09-21T08:00:00+01:00"),
    APPEAL: KnownArticle("Appeal for witnesses in Weston-super-Mare", "2026-09-03T17:15:00+01:00"),
}
# Stored, published within the span page 1 covers, and no longer listed.
GONE = f"{BASE}/news/2026/09/man-charged-after-burglary/"
GONE_KNOWN = {GONE: KnownArticle("Man charged after burglary", "2026-09-10T10:00:00+01:00")}


def first_listing(spider: GenericNewsSpider) -> Request:
    (request,) = start_requests(spider)
    return request


def test_start_asks_for_the_listing_conditionally() -> None:
    spider = make_spider(GenericNewsSpider, AVON)
    request = first_listing(spider)
    assert request.url == "https://www.avonandsomerset.police.uk/news/"
    assert request.meta["conditional"] is True
    assert request.meta["handle_httpstatus_list"] == [304]
    assert request.errback == spider.listing_errback
    assert spider.name == "generic_news"
    assert spider.allowed_domains == ["www.avonandsomerset.police.uk"]


def test_a_source_without_article_pattern_is_refused() -> None:
    source = Source(id="x", name="X", kind="pcc", platform="generic", start_urls=(f"{BASE}/",))
    with pytest.raises(ValueError, match="article_pattern"):
        make_spider(GenericNewsSpider, source)


def test_first_crawl_fetches_every_entry_and_follows_rel_next() -> None:
    spider = make_spider(GenericNewsSpider, AVON)
    request = first_listing(spider)
    out = call(request, respond(request, "generic_news/avon_listing.html"))
    assert urls(out) == [STATEMENT, ROAD, APPEAL, f"{BASE}/news/page/2/"]
    articles, next_page = requests_in(out)[:3], requests_in(out)[3]
    assert [r.meta[ENTRY_PUBLISHED] for r in articles] == [
        "2026-10-09T12:00:00+01:00",
        "2026-09-21T08:00:00+01:00",
        "2026-09-03T17:15:00+01:00",
    ]
    assert all(r.callback == spider.parse_article for r in articles)
    assert all(r.errback == spider.article_errback for r in articles)
    assert next_page.meta["conditional"] is True
    assert next_page.meta["listing_page"] == 2
    assert stats(spider)["forcewatch/listing_pages"] == 1


def test_known_and_unchanged_entries_are_skipped_and_paging_stops() -> None:
    spider = make_spider(GenericNewsSpider, AVON, known=PAGE_1)
    request = first_listing(spider)
    out = call(request, respond(request, "generic_news/avon_listing.html"))
    assert out == []


def test_a_changed_title_is_fetched_again_and_paging_goes_on() -> None:
    known = {**PAGE_1, ROAD: KnownArticle("Road safety week", "2026-09-21T08:00:00+01:00")}
    spider = make_spider(GenericNewsSpider, AVON, known=known)
    request = first_listing(spider)
    out = call(request, respond(request, "generic_news/avon_listing.html"))
    assert urls(out) == [ROAD, f"{BASE}/news/page/2/"]


def test_withdrawal_checks_follow_a_clean_walk() -> None:
    known = {
        **PAGE_1,
        **GONE_KNOWN,
        # Older than anything this walk reached: merely not reached, not withdrawn.
        f"{BASE}/news/2026/08/older-story/": KnownArticle(
            "Older story", "2026-08-01T09:00:00+01:00"
        ),
        # Not an article address of this source.
        f"{BASE}/about-us/": KnownArticle("About us", "2026-09-20T09:00:00+01:00"),
    }
    spider = make_spider(GenericNewsSpider, AVON, known=known)
    request = first_listing(spider)
    out = call(request, respond(request, "generic_news/avon_listing.html"))
    (check,) = requests_in(out)
    assert check.url == GONE
    assert check.meta["handle_httpstatus_list"] == [404, 410]
    assert check.meta[WITHDRAWAL_CHECK] is True
    assert "conditional" not in check.meta


def test_withdrawal_checks_wait_for_the_last_page_of_the_walk() -> None:
    known = {STATEMENT: KnownArticle("Old title", "2026-10-09T12:00:00+01:00"), **GONE_KNOWN}
    spider = make_spider(GenericNewsSpider, AVON, known=known)
    request = first_listing(spider)
    page_1 = call(request, respond(request, "generic_news/avon_listing.html"))
    assert GONE not in urls(page_1)
    next_page = requests_in(page_1)[-1]
    empty_end = (
        b'<html><body><div id="content"><article><h2><a href="/news/2026/08/older-story/">'
        b"Older story</a></h2><time datetime='2026-08-01T09:00:00+01:00'></time></article>"
        b"</div></body></html>"
    )
    page_2 = call(next_page, respond(next_page, body=empty_end))
    assert urls(page_2) == [f"{BASE}/news/2026/08/older-story/", GONE]


@pytest.mark.parametrize(
    "failure",
    [
        "zero links",
        "http 500",
        "dns",
        "timeout",
    ],
)
def test_a_failed_listing_is_an_error_and_never_a_withdrawal(failure: str) -> None:
    spider = make_spider(GenericNewsSpider, AVON, known={**PAGE_1, **GONE_KNOWN})
    request = first_listing(spider)
    if failure == "zero links":
        out = call(request, respond(request, "generic_news/listing_broken.html"))
    elif failure == "http 500":
        out = fail(request, http_error(request, 500))
    elif failure == "dns":
        out = fail(request, DNSLookupError("www.avonandsomerset.police.uk"))
    else:
        out = fail(request, TimeoutError())
    assert out == []
    assert stats(spider)["forcewatch/listing_errors"] == 1
    assert stats(spider)["forcewatch/last_error"].startswith(request.url)


def test_an_error_on_page_two_keeps_withdrawal_checks_back() -> None:
    known = {STATEMENT: KnownArticle("Old title", None), **GONE_KNOWN}
    spider = make_spider(GenericNewsSpider, AVON, known=known)
    request = first_listing(spider)
    next_page = requests_in(call(request, respond(request, "generic_news/avon_listing.html")))[-1]
    assert fail(next_page, http_error(next_page, 503)) == []
    assert stats(spider)["forcewatch/listing_errors"] == 1


def test_not_modified_stops_without_withdrawal_checks() -> None:
    spider = make_spider(GenericNewsSpider, AVON, known={**PAGE_1, **GONE_KNOWN})
    request = first_listing(spider)
    assert call(request, respond(request, status=304)) == []
    assert stats(spider)["forcewatch/listing_not_modified"] == 1
    assert "forcewatch/listing_pages" not in stats(spider)
    assert "forcewatch/listing_errors" not in stats(spider)


def test_an_explicitly_empty_listing_is_not_an_error() -> None:
    spider = make_spider(GenericNewsSpider, PCC)
    request = first_listing(spider)
    assert call(request, respond(request, "generic_news/listing_empty.html")) == []
    assert stats(spider)["forcewatch/listing_pages"] == 1
    assert "forcewatch/listing_errors" not in stats(spider)


def test_pcc_listing_titles_come_from_headings_and_older_posts_is_followed() -> None:
    pcc = "https://www.avonandsomerset-pcc.gov.uk"
    known = {
        f"{pcc}/news/2026/02/commissioner-responds-to-inspection-report": KnownArticle(
            "Commissioner responds to inspection report", "2026-02-12T00:00:00+00:00"
        ),
    }
    spider = make_spider(GenericNewsSpider, PCC, known=known)
    request = first_listing(spider)
    out = call(request, respond(request, "generic_news/pcc_listing.html"))
    assert urls(out) == [
        f"{pcc}/news/2026/01/police-and-crime-panel-meeting",
        f"{pcc}/news/?page=2",
    ]
    assert requests_in(out)[0].meta[ENTRY_PUBLISHED] == "2026-01-28T00:00:00+00:00"
    # Page 2 links only back and to page 3: the next page is the one numbered 3.
    page_2 = requests_in(out)[1]
    out_2 = call(page_2, respond(page_2, "generic_news/pcc_listing_page_2.html"))
    assert urls(out_2) == [
        f"{pcc}/news/2025/12/winter-community-grants-awarded",
        f"{pcc}/news/?page=3",
    ]


@time_machine.travel("2026-10-20T08:00:00+00:00", tick=False)
def test_parse_article_reads_json_ld_and_canonicalises_the_url() -> None:
    spider = make_spider(GenericNewsSpider, AVON)
    request = spider.article_request(STATEMENT + "?utm_source=twitter#top")
    response = respond(request, "generic_news/avon_article.html")
    (item,) = call(request, response)
    assert isinstance(item, ArticleItem)
    assert item.source_id == "avon-and-somerset"
    assert item.url == STATEMENT
    assert item.title == "Statement on our latest PEEL inspection"
    assert item.published == "2026-10-09T12:00:00+01:00"
    assert item.body_html.startswith('<article class="article">')
    assert "better call handling" in item.body_html
    assert len(item.html_hash) == 64
    assert item.fetched_at == "2026-10-20T08:00:00+00:00"


def test_parse_article_reads_a_text_only_date() -> None:
    spider = make_spider(GenericNewsSpider, PCC)
    request = spider.article_request(
        "https://www.avonandsomerset-pcc.gov.uk/news/2026/02/"
        "commissioner-responds-to-inspection-report"
    )
    (item,) = call(request, respond(request, "generic_news/pcc_article.html"))
    assert item.title == "Commissioner responds to inspection report"
    assert item.published == "2026-02-12T00:00:00+00:00"


def test_the_listing_date_stands_in_when_the_page_has_none() -> None:
    spider = make_spider(GenericNewsSpider, AVON)
    request = spider.article_request(ROAD, "2026-09-21T08:00:00+01:00")
    (item,) = call(request, respond(request, body=b"<html><body><h1>x</h1></body></html>"))
    assert item.published == "2026-09-21T08:00:00+01:00"


def start_withdrawal_check(spider: GenericNewsSpider) -> Request:
    request = first_listing(spider)
    (check,) = requests_in(call(request, respond(request, "generic_news/avon_listing.html")))
    return check


@pytest.mark.parametrize("status", [404, 410])
def test_a_withdrawn_article_answers_404_or_410(status: int) -> None:
    spider = make_spider(GenericNewsSpider, AVON, known={**PAGE_1, **GONE_KNOWN})
    check = start_withdrawal_check(spider)
    (item,) = call(check, respond(check, status=status, body=b"<html><body>gone</body></html>"))
    assert isinstance(item, WithdrawnItem)
    assert (item.source_id, item.url, item.http_status) == ("avon-and-somerset", GONE, status)


def test_an_unlisted_article_that_still_answers_is_parsed_as_an_article() -> None:
    spider = make_spider(GenericNewsSpider, AVON, known={**PAGE_1, **GONE_KNOWN})
    check = start_withdrawal_check(spider)
    (item,) = call(check, respond(check, "generic_news/avon_article.html"))
    assert isinstance(item, ArticleItem)
    assert item.url == GONE


def test_a_failed_article_is_counted() -> None:
    spider = make_spider(GenericNewsSpider, AVON)
    request = spider.article_request(ROAD)
    assert fail(request, http_error(request, 500)) == []
    assert stats(spider)["forcewatch/article_errors"] == 1


MIRROR_GENERIC = {s.id: s for s in mirror_sources("generic")}


@pytest.mark.parametrize("site_id", sorted(MIRROR_GENERIC))
def test_first_crawl_of_the_mirror_finds_every_article(site_id: str) -> None:
    spider = make_spider(GenericNewsSpider, MIRROR_GENERIC[site_id])
    crawl = crawl_mirror(spider, "v1")
    expected = {a.url: a for a in site.articles(site_id, "v1")}
    found = crawl.articles()
    assert found.keys() == expected.keys()
    # The PCC site prints the day only; the force's site gives the time too.
    day_only = site.site(site_id).layout == "pcc"
    for url, item in found.items():
        assert item.title == expected[url].title
        published = datetime.fromisoformat(item.published)
        if day_only:
            assert published.date() == expected[url].published.astimezone(UK).date()
        else:
            assert published == expected[url].published
    assert "forcewatch/listing_errors" not in stats(spider)


@pytest.mark.parametrize("site_id", sorted(MIRROR_GENERIC))
def test_second_crawl_of_the_mirror_fetches_only_what_is_new(site_id: str) -> None:
    source = MIRROR_GENERIC[site_id]
    v1 = crawl_mirror(make_spider(GenericNewsSpider, source), "v1")
    v2 = crawl_mirror(make_spider(GenericNewsSpider, source, known=known_from(v1)), "v2")
    before = {a.url: a.title for a in site.articles(site_id, "v1")}
    after = {a.url: a.title for a in site.articles(site_id, "v2")}
    assert set(v2.articles()) == {url for url, title in after.items() if before.get(url) != title}
    assert v2.articles()
    assert v2.withdrawn() == []


def test_paging_stops_at_the_listing_page_cap_without_an_error() -> None:
    pcc = "https://www.avonandsomerset-pcc.gov.uk"
    crawler = get_crawler(GenericNewsSpider, {"FORCEWATCH_MAX_LISTING_PAGES": 2})
    spider = GenericNewsSpider.from_crawler(crawler, source=PCC)
    request = first_listing(spider)
    (page_2,) = [
        r
        for r in requests_in(call(request, respond(request, "generic_news/pcc_listing.html")))
        if r.url.endswith("page=2")
    ]
    out = call(page_2, respond(page_2, "generic_news/pcc_listing_page_2.html"))
    assert urls(out) == [f"{pcc}/news/2025/12/winter-community-grants-awarded"]
    assert "forcewatch/listing_errors" not in stats(spider)
