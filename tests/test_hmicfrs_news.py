from __future__ import annotations

from datetime import datetime
from urllib.parse import urljoin, urlsplit

from scrapy.http import Request
from spider_support import (
    call,
    crawl_mirror,
    items_in,
    known_from,
    make_spider,
    mirror_sources,
    requests_in,
    respond,
    start_requests,
    stats,
    urls,
)

from items import ArticleItem, KnownArticle, PeelGradesItem, WithdrawnItem
from mirror import site
from registry import Source
from spiders.extract import canonical_url
from spiders.hmicfrs_news import HmicfrsNewsSpider

HMICFRS = Source(
    id="hmicfrs",
    name="His Majesty's Inspectorate of Constabulary and Fire & Rescue Services",
    kind="inspectorate",
    platform="hmicfrs",
    start_urls=("https://hmicfrs.justiceinspectorates.gov.uk/news/news-feed/",),
)
HOST = "https://hmicfrs.justiceinspectorates.gov.uk"
FEED = f"{HOST}/news/news-feed/"
NOTTS = f"{FEED}nottinghamshire-police-removed-from-enhanced-monitoring/"
LINCS_PEEL = f"{FEED}serious-concerns-over-lincolnshire-police-performance/"
LINCS_ENGAGE = f"{FEED}lincolnshire-police-moved-into-enhanced-monitoring/"
MET = f"{FEED}metropolitan-police-service-removed-from-enhanced-monitoring/"
STAFFS = f"{FEED}staffordshire-police-removed-from-enhanced-monitoring/"
LETTER = f"{HOST}/publication-html/nottinghamshire-police-return-to-default-phase-of-monitoring/"
OLD_LETTER = f"{HOST}/publication-html/nottinghamshire-police-accelerated-causes-of-concern/"
REPORT = f"{HOST}/peel-reports/nottinghamshire-2023-25/"
PAGE_1 = {
    NOTTS: KnownArticle(
        "Nottinghamshire Police removed from enhanced monitoring", "2025-05-23T10:00:00+01:00"
    ),
    # Curly and straight apostrophes are one title.
    LINCS_PEEL: KnownArticle(
        "Serious concerns over Lincolnshire Police's performance", "2025-04-02T00:01:00+01:00"
    ),
    LINCS_ENGAGE: KnownArticle(
        "Lincolnshire Police moved into enhanced monitoring", "2024-12-06T10:00:00+00:00"
    ),
}


def listing(spider: HmicfrsNewsSpider) -> Request:
    (request,) = start_requests(spider)
    assert request.url == FEED
    return request


def test_first_crawl_reads_page_one_and_follows_rel_next() -> None:
    spider = make_spider(HmicfrsNewsSpider, HMICFRS)
    request = listing(spider)
    out = call(request, respond(request, "hmicfrs_news/news_feed.html"))
    # The tracking query of the second entry is gone from the request.
    assert urls(out) == [NOTTS, LINCS_PEEL, LINCS_ENGAGE, f"{FEED}page/2/"]
    assert requests_in(out)[-1].meta["listing_page"] == 2
    assert stats(spider)["forcewatch/listing_pages"] == 1


def test_a_page_of_known_unchanged_entries_ends_the_walk() -> None:
    spider = make_spider(HmicfrsNewsSpider, HMICFRS, known=PAGE_1)
    request = listing(spider)
    assert call(request, respond(request, "hmicfrs_news/news_feed.html")) == []


def test_the_last_page_ends_the_walk_with_withdrawal_checks_for_news_only() -> None:
    gone = f"{FEED}west-mercia-police-inspection-dates-announced/"
    known = {
        NOTTS: KnownArticle("Nottinghamshire Police leaves Engage", "2025-05-23T10:00:00+01:00"),
        gone: KnownArticle(
            "West Mercia Police inspection dates announced", "2024-09-01T10:00:00+01:00"
        ),
        # Letters are never listed: not seeing one in the feed says nothing about it.
        LETTER: KnownArticle(
            "Nottinghamshire Police: return to default phase", "2025-05-23T00:00:00+01:00"
        ),
    }
    spider = make_spider(HmicfrsNewsSpider, HMICFRS, known=known)
    request = listing(spider)
    page_1 = call(request, respond(request, "hmicfrs_news/news_feed.html"))
    assert urls(page_1) == [NOTTS, LINCS_PEEL, LINCS_ENGAGE, f"{FEED}page/2/"]
    page_2_request = requests_in(page_1)[-1]
    page_2 = call(page_2_request, respond(page_2_request, "hmicfrs_news/news_feed_page_2.html"))
    assert urls(page_2) == [MET, STAFFS, gone]
    check = requests_in(page_2)[-1]
    assert check.meta["handle_httpstatus_list"] == [404, 410]
    (withdrawn,) = call(
        check, respond(check, status=404, body=b"<html><body>Page not found</body></html>")
    )
    assert withdrawn == WithdrawnItem("hmicfrs", gone, 404, withdrawn.fetched_at)


def test_a_news_item_leads_to_its_letter_and_report() -> None:
    known = {OLD_LETTER: KnownArticle("PEEL: Nottinghamshire Police causes of concern", None)}
    spider = make_spider(HmicfrsNewsSpider, HMICFRS, known=known)
    request = spider.article_request(NOTTS, "2025-05-23T10:00:00+01:00")
    out = call(request, respond(request, "hmicfrs_news/news_article.html"))
    (item,) = items_in(out)
    assert isinstance(item, ArticleItem)
    assert item.title == "Nottinghamshire Police removed from enhanced monitoring"
    assert item.published == "2025-05-23T10:00:00+01:00"
    # Not the known letter, the PDF on the assets host, another site's page or the site menu.
    assert urls(out) == [LETTER, REPORT]
    assert all(r.callback == spider.parse_article for r in requests_in(out))


def test_a_letter_is_an_article_and_leads_nowhere() -> None:
    spider = make_spider(HmicfrsNewsSpider, HMICFRS)
    request = spider.article_request(LETTER)
    out = call(request, respond(request, "hmicfrs_news/letter.html"))
    (item,) = out
    assert item.url == LETTER
    assert item.title == "Nottinghamshire Police: return to default phase of monitoring"
    assert item.published == "2025-05-23T00:00:00+01:00"
    assert "Letter information" in item.body_html


def test_a_peel_report_is_an_article_and_a_grade_table() -> None:
    spider = make_spider(HmicfrsNewsSpider, HMICFRS)
    request = spider.article_request(REPORT)
    article, grades = call(request, respond(request, "hmicfrs_news/peel_report.html"))
    assert isinstance(article, ArticleItem)
    assert article.url == REPORT
    assert isinstance(grades, PeelGradesItem)
    assert (grades.url, grades.source_id) == (REPORT, "hmicfrs")
    # No "Force:" line on this page: the title names the force inspected.
    assert grades.force == "Nottinghamshire Police"
    assert grades.cycle == "2023-25"
    assert grades.title == "PEEL 2023\u20132025: An inspection of Nottinghamshire Police"
    assert grades.published == "2025-04-04T00:00:00+01:00"
    # Grades as the vocabulary spells them; the header row and an ungraded area are left out.
    assert grades.grades == {
        "Investigating crime": "requires improvement",
        "Responding to the public": "inadequate",
        "Preventing crime": "good",
    }


def test_a_listing_without_news_links_is_a_listing_error() -> None:
    spider = make_spider(HmicfrsNewsSpider, HMICFRS, known=PAGE_1)
    request = listing(spider)
    assert call(request, respond(request, "hmicfrs_news/news_feed_broken.html")) == []
    assert stats(spider)["forcewatch/listing_errors"] == 1
    assert "no article links" in stats(spider)["forcewatch/last_error"]


def test_pages_of_the_feed_are_not_articles() -> None:
    spider = make_spider(HmicfrsNewsSpider, HMICFRS)
    assert spider.is_article_url(NOTTS)
    assert not spider.is_article_url(f"{FEED}page/2/")
    assert not spider.is_article_url(FEED)
    assert not spider.is_article_url(LETTER)
    assert not spider.is_article_url(
        "https://www.justiceinspectorates.gov.uk/hmicfrs/news/news-feed/x/"
    )


def linked_documents(version: str) -> set[str]:
    """The letters and reports the mirror's news items link to."""
    found = set()
    for article in site.articles("hmicfrs", version):
        for link in article.links:
            url = canonical_url(urljoin(article.url, link.href))
            if urlsplit(url).path.startswith(("/publication-html/", "/peel-reports/")):
                found.add(url)
    return found


def test_first_crawl_of_the_mirror_finds_news_letters_and_reports() -> None:
    (source,) = mirror_sources("hmicfrs")
    spider = make_spider(HmicfrsNewsSpider, source)
    crawl = crawl_mirror(spider, "v1")
    news = {a.url: a for a in site.articles("hmicfrs", "v1")}
    found = crawl.articles()
    assert found.keys() == news.keys() | linked_documents("v1")
    assert linked_documents("v1")
    for url, item in found.items():
        assert item.published, url
        if url in news:
            assert item.title == news[url].title
            assert datetime.fromisoformat(item.published) == news[url].published
    feed_pages = [path for host, path in site.pages("v1") if path.startswith("/news/news-feed/")]
    assert stats(spider)["forcewatch/listing_pages"] == len(
        [path for path in feed_pages if path == "/news/news-feed/" or "/page/" in path]
    )


def test_second_crawl_of_the_mirror_fetches_only_new_items_and_their_documents() -> None:
    (source,) = mirror_sources("hmicfrs")
    v1 = crawl_mirror(make_spider(HmicfrsNewsSpider, source), "v1")
    spider = make_spider(HmicfrsNewsSpider, source, known=known_from(v1))
    v2 = crawl_mirror(spider, "v2")
    new_news = {a.url for a in site.articles("hmicfrs", "v2")} - set(v1.articles())
    new_documents = linked_documents("v2") - linked_documents("v1")
    assert new_news
    assert new_documents
    assert set(v2.articles()) == new_news | new_documents
    assert v2.withdrawn() == []
    # The walk reads pages up to the first one that holds nothing new or changed.
    titles = {url: item.title for url, item in v1.articles().items()}
    listed = site.articles("hmicfrs", "v2")
    size = site.site("hmicfrs").page_size
    pages = [listed[i : i + size] for i in range(0, len(listed), size)]
    unchanged = [all(titles.get(a.url) == a.title for a in page) for page in pages]
    expected = unchanged.index(True) + 1 if True in unchanged else len(pages)
    assert stats(spider)["forcewatch/listing_pages"] == expected


def test_the_mirror_reports_give_each_force_and_cycle_its_grades() -> None:
    (source,) = mirror_sources("hmicfrs")
    v1 = crawl_mirror(make_spider(HmicfrsNewsSpider, source), "v1")
    v2 = crawl_mirror(make_spider(HmicfrsNewsSpider, source, known=known_from(v1)), "v2")
    first = [i for i in v1.items if isinstance(i, PeelGradesItem)]
    assert {(i.force, i.cycle) for i in first} == {
        ("West Midlands Police", "2025-27"),
        ("Staffordshire Police", "2025-27"),
        ("Merseyside Police", "2025-27"),
        ("Avon and Somerset Constabulary", "2023-25"),
    }
    assert all(len(i.grades) >= 8 for i in first)
    # The second crawl reads only the new report: the force's next cycle, some grades changed.
    (avon,) = [i for i in v2.items if isinstance(i, PeelGradesItem)]
    assert (avon.force, avon.cycle) == ("Avon and Somerset Constabulary", "2025-27")
    before = next(i for i in first if i.force == avon.force).grades
    assert avon.grades["Investigating crime"] == "requires improvement"
    assert before["Investigating crime"] == "adequate"
