from __future__ import annotations

from datetime import datetime

import pytest
from scrapy.http import Request
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
from twisted.internet.error import ConnectionRefusedError

from items import ArticleItem, KnownArticle, WithdrawnItem
from mirror import site
from registry import Source
from spiders.base import ENTRY_PUBLISHED
from spiders.soh_news import SohNewsSpider

WMP = Source(
    id="west-midlands",
    name="West Midlands Police",
    kind="force",
    platform="soh",
    start_urls=("https://www.westmidlands.police.uk/news/west-midlands/news/",),
    force="West Midlands Police",
    feed_url="https://www.westmidlands.police.uk/news/west-midlands/news/GetNewsRss/",
)
NEWS = "https://www.westmidlands.police.uk/news/west-midlands/news/"
CONCERNS = f"{NEWS}news/2026/october/inspectors-close-three-of-four-causes-of-concern/"
APPEAL = f"{NEWS}news/2026/september/appeal-after-shop-window-smashed-in-digbeth/"
TEAM = f"{NEWS}news/2026/september/new-neighbourhood-team-for-sutton-coldfield/"
BIKES = f"{NEWS}news/2026/august/cyclists-reminded-to-register-their-bikes/"
PATROLS = f"{NEWS}news/2026/july/summer-patrols-in-birmingham-city-centre/"
FEED_KNOWN = {
    CONCERNS: KnownArticle(
        "Inspectors close three of four causes of concern", "2026-10-14T14:05:00+01:00"
    ),
    APPEAL: KnownArticle(
        "UPDATE: Appeal after shop window smashed in Digbeth", "2026-09-28T09:30:00+01:00"
    ),
    TEAM: KnownArticle("New neighbourhood team for Sutton Coldfield", "2026-09-15T16:45:00+01:00"),
}
GONE = f"{NEWS}news/2026/september/appeal-to-find-missing-bicycle-owner/"


def feed_request(spider: SohNewsSpider) -> Request:
    (request,) = start_requests(spider)
    return request


def test_the_feed_comes_first_and_is_conditional() -> None:
    spider = make_spider(SohNewsSpider, WMP)
    request = feed_request(spider)
    assert request.url == WMP.feed_url
    assert request.callback == spider.parse_feed
    assert request.errback == spider.feed_errback
    assert request.meta["conditional"] is True
    assert request.meta["handle_httpstatus_list"] == [304]


def test_without_a_feed_the_listing_is_walked() -> None:
    source = Source(
        id=WMP.id, name=WMP.name, kind="force", platform="soh", start_urls=WMP.start_urls
    )
    spider = make_spider(SohNewsSpider, source)
    (request,) = start_requests(spider)
    assert request.url == NEWS
    assert request.callback == spider.parse_listing


def test_first_crawl_reads_the_feed_and_walks_the_listing_for_history() -> None:
    spider = make_spider(SohNewsSpider, WMP)
    request = feed_request(spider)
    out = call(request, respond(request, "soh_news/feed.xml", xml=True))
    assert urls(out) == [CONCERNS, APPEAL, TEAM, NEWS]
    assert [r.meta[ENTRY_PUBLISHED] for r in requests_in(out)[:3]] == [
        "2026-10-14T13:05:00+00:00",
        "2026-09-28T09:30:00+01:00",
        "2026-09-15T16:45:00+01:00",
    ]
    listing = requests_in(out)[-1]
    assert listing.meta["conditional"] is True
    assert stats(spider)["forcewatch/listing_pages"] == 1
    # Page 1 repeats the feed (the dupefilter drops those requests); none of its entries is
    # stored, so paging goes on, by a "Next" link without rel=next.
    page_1 = call(listing, respond(listing, "soh_news/listing.html"))
    assert urls(page_1) == [CONCERNS, APPEAL, TEAM, f"{NEWS}?page=2"]
    page_2_request = requests_in(page_1)[-1]
    page_2 = call(page_2_request, respond(page_2_request, "soh_news/listing_page_2.html"))
    assert urls(page_2) == [BIKES, PATROLS]
    assert requests_in(page_2)[0].meta[ENTRY_PUBLISHED] == "2026-08-30T11:20:00+01:00"
    assert stats(spider)["forcewatch/listing_pages"] == 3


def test_a_known_feed_is_enough_and_unchanged_items_are_skipped() -> None:
    spider = make_spider(SohNewsSpider, WMP, known=FEED_KNOWN)
    request = feed_request(spider)
    assert call(request, respond(request, "soh_news/feed.xml", xml=True)) == []


def test_an_edited_title_in_the_feed_is_fetched_again() -> None:
    known = {
        **FEED_KNOWN,
        APPEAL: KnownArticle("Appeal after shop window smashed in Digbeth", None),
    }
    spider = make_spider(SohNewsSpider, WMP, known=known)
    request = feed_request(spider)
    assert urls(call(request, respond(request, "soh_news/feed.xml", xml=True))) == [APPEAL]


def test_an_article_gone_from_the_feed_is_checked_and_withdrawn_on_404() -> None:
    known = {
        **FEED_KNOWN,
        GONE: KnownArticle("Appeal to find bicycle owner", "2026-09-20T10:00:00+01:00"),
    }
    spider = make_spider(SohNewsSpider, WMP, known=known)
    request = feed_request(spider)
    (check,) = requests_in(call(request, respond(request, "soh_news/feed.xml", xml=True)))
    assert check.url == GONE
    (item,) = call(check, respond(check, status=404))
    assert isinstance(item, WithdrawnItem)
    assert (item.url, item.http_status) == (GONE, 404)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("html page", "feed is not RSS"),
        ("http 500", "feed failed (HTTP 500)"),
        ("refused", "feed failed (ConnectionRefusedError"),
        ("empty feed", "feed has no items"),
    ],
)
def test_a_failed_feed_is_a_listing_error_then_the_listing_is_read(
    answer: str, message: str
) -> None:
    known = {
        **FEED_KNOWN,
        GONE: KnownArticle("Appeal to find bicycle owner", "2026-09-20T10:00:00+01:00"),
    }
    spider = make_spider(SohNewsSpider, WMP, known=known)
    request = feed_request(spider)
    if answer == "html page":
        out = call(
            request,
            respond(request, "soh_news/feed_error.html", headers={"Content-Type": "text/html"}),
        )
    elif answer == "http 500":
        out = fail(request, http_error(request, 500))
    elif answer == "refused":
        out = fail(request, ConnectionRefusedError())
    else:
        body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
        out = call(request, respond(request, body=body, xml=True))
    (listing,) = requests_in(out)
    assert listing.url == NEWS
    assert listing.callback == spider.parse_listing
    assert stats(spider)["forcewatch/listing_errors"] == 1
    assert message in stats(spider)["forcewatch/last_error"]
    # The listing is read, but after a failure nothing is taken for withdrawn.
    page_1 = call(listing, respond(listing, "soh_news/listing.html"))
    assert page_1 == []


def test_feed_not_modified_stops_everything() -> None:
    spider = make_spider(SohNewsSpider, WMP, known={**FEED_KNOWN})
    request = feed_request(spider)
    assert call(request, respond(request, status=304, xml=True)) == []
    assert stats(spider)["forcewatch/listing_not_modified"] == 1


def test_listing_not_modified_on_page_one() -> None:
    source = Source(
        id=WMP.id, name=WMP.name, kind="force", platform="soh", start_urls=WMP.start_urls
    )
    spider = make_spider(SohNewsSpider, source, known=FEED_KNOWN)
    (request,) = start_requests(spider)
    assert call(request, respond(request, status=304)) == []
    assert stats(spider)["forcewatch/listing_not_modified"] == 1


def test_soh_article_date_is_uk_local_time() -> None:
    spider = make_spider(SohNewsSpider, WMP)
    request = spider.article_request(CONCERNS, "2026-10-14T13:05:00+00:00")
    (item,) = call(request, respond(request, "soh_news/article.html"))
    assert isinstance(item, ArticleItem)
    assert item.source_id == "west-midlands"
    assert item.title == "Inspectors close three of four causes of concern"
    assert item.published == "2026-10-14T14:05:00+01:00"
    assert "Leave this site" not in item.body_html
    assert "We use some essential cookies" not in item.body_html


def test_feed_links_to_other_sites_are_ignored() -> None:
    spider = make_spider(SohNewsSpider, WMP, known=FEED_KNOWN)
    request = feed_request(spider)
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel>'
        b"<item><title>Elsewhere</title><link>https://www.example.org/news/x/</link></item>"
        b"<item><title>Inspectors close three of four causes of concern</title>"
        b"<link>" + CONCERNS.encode() + b"</link></item></channel></rss>"
    )
    assert call(request, respond(request, body=body, xml=True)) == []
    assert "forcewatch/listing_errors" not in stats(spider)


@pytest.mark.parametrize(
    ("listing", "url", "expected"),
    [
        (NEWS, CONCERNS, True),
        (NEWS, NEWS, False),
        (NEWS, f"{NEWS}?page=2", False),
        (NEWS, f"{NEWS}GetNewsRss/", False),
        (NEWS, "https://www.westmidlands.police.uk/news/west-midlands/", False),
        (NEWS, "https://www.westmidlands.police.uk/ro/report/", False),
        (NEWS, "https://www.example.org/news/west-midlands/news/news/2026/october/x/", False),
        # Forces nest articles under their listing in their own ways.
        (
            "https://www.btp.police.uk/news/btp/news/",
            "https://www.btp.police.uk/news/btp/news/england/disruption-at-euston/",
            True,
        ),
        (
            "https://www.gloucestershire.police.uk/news/gloucestershire/news/",
            "https://www.gloucestershire.police.uk/news/gloucestershire/news/force-leaves-engage/",
            True,
        ),
        (
            "https://www.kent.police.uk/news/kent/latest/",
            "https://www.kent.police.uk/news/kent/latest/news/2026/may/arrest-in-dover/",
            True,
        ),
    ],
)
def test_articles_are_the_pages_under_the_listing(listing: str, url: str, expected: bool) -> None:
    source = Source(
        id="x",
        name="X",
        kind="force",
        platform="soh",
        start_urls=(listing,),
        feed_url=f"{listing}GetNewsRss/",
    )
    assert make_spider(SohNewsSpider, source).is_article_url(url) is expected


def test_a_source_pattern_overrides_the_listing_path_rule() -> None:
    source = Source(
        id=WMP.id,
        name=WMP.name,
        kind="force",
        platform="soh",
        start_urls=WMP.start_urls,
        article_pattern=r"^/news/west-midlands/appeals/",
    )
    spider = make_spider(SohNewsSpider, source)
    assert spider.is_article_url(CONCERNS) is False
    assert spider.is_article_url("https://www.westmidlands.police.uk/news/west-midlands/appeals/x/")


MIRROR_SOH = {s.id: s for s in mirror_sources("soh")}


@pytest.mark.parametrize("site_id", sorted(MIRROR_SOH))
def test_first_crawl_of_the_mirror_finds_every_article(site_id: str) -> None:
    spider = make_spider(SohNewsSpider, MIRROR_SOH[site_id])
    crawl = crawl_mirror(spider, "v1")
    expected = {a.url: a for a in site.articles(site_id, "v1")}
    found = crawl.articles()
    assert found.keys() == expected.keys()
    for url, item in found.items():
        assert item.title == expected[url].title
        assert datetime.fromisoformat(item.published) == expected[url].published
    assert "forcewatch/listing_errors" not in stats(spider)


@pytest.mark.parametrize("site_id", sorted(MIRROR_SOH))
def test_second_crawl_of_the_mirror_fetches_only_what_changed(site_id: str) -> None:
    source = MIRROR_SOH[site_id]
    v1 = crawl_mirror(make_spider(SohNewsSpider, source), "v1")
    spider = make_spider(SohNewsSpider, source, known=known_from(v1))
    v2 = crawl_mirror(spider, "v2")
    before = {a.url: a.title for a in site.articles(site_id, "v1")}
    after = {a.url: a.title for a in site.articles(site_id, "v2")}
    if site.site(site_id).listing_status.get("v2"):
        assert v2.items == []
        assert stats(spider)["forcewatch/listing_errors"] == 2
        return
    assert set(v2.articles()) == {url for url, title in after.items() if before.get(url) != title}
    assert v2.withdrawn() == sorted(before.keys() - after.keys())
    assert [status for status, _ in v2.fetched if status != 200] == [404] * len(v2.withdrawn())
