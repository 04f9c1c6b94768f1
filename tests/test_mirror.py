"""The offline mirror: every version builds, its links resolve, v2 differs from v1 exactly as the
scenario says, each platform gives the date signals the spiders are written against, and the
server answers as a crawler expects (ETag, 304, 404, 500, robots.txt)."""

from __future__ import annotations

import http.client
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import lxml.html
import pytest
from protego import Protego

from mirror import site
from mirror.server import MirrorServer
from mirror.site import ENGAGE_PATHS, articles, build, sites, uk_time, versions

VERSIONS = versions()
HMICFRS = "hmicfrs.justiceinspectorates.gov.uk"
WMP = "www.westmidlands.police.uk"
STAFFS = "www.staffordshire.police.uk"
MERSEY = "www.merseyside.police.uk"
NOTTS = "www.nottinghamshire.police.uk"
EDITED = (
    WMP,
    "/news/west-midlands/news/news/2026/september/appeal-after-man-seriously-injured-in-digbeth-assault/",
)
EDITED_TITLE = "Appeal after man seriously injured in Digbeth assault"
WITHDRAWN = (
    MERSEY,
    "/news/merseyside/news/news/2026/september/concern-for-missing-15-year-old-girl-from-kirkby/",
)
WMP_FEED = (WMP, "/news/west-midlands/news/GetNewsRss/")
STAFFS_FEED = (STAFFS, "/news/staffordshire/news/GetNewsRss/")

# Article URL paths per layout: what a listing's article links look like.
ARTICLE_PATTERNS = {
    "hmicfrs": r"^/news/news-feed/(?!page/)[a-z0-9-]+/$",
    "soh": r"^/news/{slug}/news/news/20\d\d/[a-z]+/[a-z0-9-]+/$",
    "generic": r"^/news/20\d\d/\d\d/[a-z0-9-]+/$",
    "pcc": r"^/news/20\d\d/\d\d/[a-z0-9-]+$",
}


def _doc(page: site.Page) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(page.body)


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _listing_chain(pages: dict, s: site.Site) -> list[tuple[str, lxml.html.HtmlElement]]:
    """Listing pages of a site in order, found by following rel="next" from the first."""
    chain, path = [], s.listing_path(1)
    while path:
        page = pages[(s.host, path)]
        assert page.status == 200, (s.host, path)
        doc = _doc(page)
        chain.append((path, doc))
        nxt = doc.xpath('//a[@rel="next"]/@href')
        path = nxt[0] if nxt else None
        assert len(chain) < 20
    return chain


def _article_links(s: site.Site, doc: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    pattern = re.compile(ARTICLE_PATTERNS[s.layout].format(slug=s.slug))
    seen: dict[str, str] = {}
    for a in doc.xpath("//a[@href]"):
        href = a.get("href")
        if pattern.match(href) and _text(a) and not _text(a).startswith("Read more"):
            seen.setdefault(href, _text(a))
    return list(seen.items())


def _feed_items(page: site.Page) -> list[dict[str, str]]:
    root = ET.fromstring(page.body)
    return [{child.tag: (child.text or "") for child in item} for item in root.iter("item")]


def test_versions_are_ordered_and_start_with_the_two_the_demo_uses():
    assert VERSIONS[:2] == ["v1", "v2"]
    assert len(set(VERSIONS)) == len(VERSIONS)


def test_unknown_version_is_refused():
    with pytest.raises(KeyError):
        build("v9")


@pytest.mark.parametrize("version", VERSIONS)
def test_every_version_builds_pages_for_every_host(version):
    pages = build(version)
    assert {host for host, _ in pages} == {s.host for s in sites()}
    for (host, path), page in pages.items():
        assert path.startswith("/"), (host, path)
        assert page.status in (200, 500), (host, path)
        assert isinstance(page.body, bytes)
        assert page.body
        if page.status == 200:
            assert page.last_modified is not None
            assert page.last_modified.tzinfo is not None


@pytest.mark.parametrize("version", VERSIONS)
def test_build_is_deterministic(version):
    before = {k: (p.body, p.last_modified) for k, p in build(version).items()}
    site._build.cache_clear()
    after = {k: (p.body, p.last_modified) for k, p in build(version).items()}
    assert before == after


@pytest.mark.parametrize("version", VERSIONS)
def test_no_page_names_the_loopback_server(version):
    for key, page in build(version).items():
        assert b"127.0.0.1" not in page.body, key
        assert b"localhost" not in page.body, key


@pytest.mark.parametrize("version", VERSIONS)
def test_links_are_real_https_urls_or_root_relative(version):
    for (host, path), page in build(version).items():
        if not page.content_type.startswith("text/html"):
            continue
        for _el, _attr, link, _pos in _doc(page).iterlinks():
            ok = link.startswith("https://") or link.startswith("#")
            ok = ok or (link.startswith("/") and not link.startswith("//"))
            assert ok, (host, path, link)


HEALTHY_LISTINGS = [
    (v, s.id) for v in VERSIONS for s in sites() if s.listing_status.get(v, 200) == 200
]


@pytest.mark.parametrize(("version", "site_id"), HEALTHY_LISTINGS)
def test_listings_link_every_article_once_and_each_link_resolves(version, site_id):
    s = site.site(site_id)
    pages = build(version)
    chain = _listing_chain(pages, s)
    listed: list[str] = []
    for _path, doc in chain:
        links = _article_links(s, doc)
        assert 0 < len(links) <= s.page_size
        listed += [href for href, _title in links]
    assert len(listed) == len(set(listed))
    expected = articles(site_id, version)
    assert listed == [a.path for a in expected], "listing shows every article, newest first"
    for href in listed:
        assert pages[(s.host, href)].status == 200, href


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("site_id", [s.id for s in sites() if s.layout == "soh"])
def test_feed_is_rss_with_real_links_to_the_latest_twenty(version, site_id):
    s = site.site(site_id)
    pages = build(version)
    page = pages[(s.host, s.feed_path)]
    if s.listing_status.get(version, 200) != 200:
        assert page.status == 500
        return
    assert page.content_type.startswith("application/rss+xml")
    items = _feed_items(page)
    latest = articles(site_id, version)[: site.FEED_SIZE]
    assert [i["title"] for i in items] == [a.title for a in latest]
    for item in items:
        url = urlsplit(item["link"])
        assert url.scheme == "https"
        assert url.netloc == s.host
        assert item["guid"] == item["link"]
        assert pages[(url.netloc, url.path)].status == 200
        assert parsedate_to_datetime(item["pubDate"]).tzinfo is not None


def test_feeds_are_capped_at_twenty_items():
    items = _feed_items(build("v2")[WMP_FEED])
    assert len(articles("west-midlands", "v2")) > site.FEED_SIZE
    assert len(items) == site.FEED_SIZE


@pytest.mark.parametrize("version", VERSIONS)
def test_inspectorate_documents_linked_from_news_resolve(version):
    pages = build(version)
    linked = 0
    for a in articles("hmicfrs", version):
        for link in a.links:
            assert link.text.startswith(("Get the letter: ", "Get the report: "))
            assert link.href.startswith(("/publication-html/", "/peel-reports/"))
            assert pages[(HMICFRS, link.href)].status == 200, link.href
            linked += 1
    assert linked >= 8


@pytest.mark.parametrize("version", VERSIONS)
def test_engage_related_reports_of_forces_in_engage_resolve(version):
    pages = build(version)
    doc = _doc(pages[(HMICFRS, ENGAGE_PATHS["current"])])
    hrefs = doc.xpath('//section[@class="engage-force"]//a/@href')
    assert hrefs
    for href in hrefs:
        assert pages[(HMICFRS, href)].status == 200, href


def _diff(old: str, new: str) -> tuple[set, set, set]:
    a, b = build(old), build(new)
    changed = {
        k for k in a.keys() & b.keys() if (a[k].status, a[k].body) != (b[k].status, b[k].body)
    }
    return changed, b.keys() - a.keys(), a.keys() - b.keys()


def _listing_keys() -> set[tuple[str, str]]:
    keys = set()
    for s in sites():
        keys |= {(s.host, s.listing_path(n)) for n in range(1, 6)}
        if s.feed_path:
            keys.add((s.host, s.feed_path))
    return keys | {(HMICFRS, p) for p in ENGAGE_PATHS.values()}


def test_v2_changes_exactly_what_the_scenario_says():
    changed, added, removed = _diff("v1", "v2")
    assert changed - _listing_keys() == {EDITED}
    assert removed == {WITHDRAWN}
    new_articles = {
        (s.host, a.path)
        for s in sites()
        for a in articles(s.id, "v2")
        if (s.host, a.path) not in build("v1")
    }
    new_documents = {
        (
            HMICFRS,
            "/publication-html/west-midlands-police-peel-causes-of-concern-revisit-letter-october-2026/",
        ),
        (
            HMICFRS,
            "/publication-html/nottinghamshire-police-return-to-default-phase-of-monitoring-october-26/",
        ),
        (HMICFRS, "/peel-reports/avon-and-somerset-2025-27/"),
    }
    assert added - _listing_keys() == new_articles | new_documents
    must_be_new = {
        (
            WMP,
            "/news/west-midlands/news/news/2026/october/inspectorate-confirms-we-have-closed-three-of-four-causes-of-concern/",
        ),
        (
            NOTTS,
            "/news/nottinghamshire/news/news/2026/october/force-removed-from-enhanced-monitoring-by-the-inspectorate/",
        ),
        (
            HMICFRS,
            "/news/news-feed/west-midlands-police-has-addressed-three-of-its-four-causes-of-concern/",
        ),
        (HMICFRS, "/news/news-feed/nottinghamshire-police-removed-from-enhanced-monitoring/"),
        (
            "www.westmidlands-pcc.gov.uk",
            "/news/2026/10/commissioner-welcomes-progress-on-three-of-four-causes-of-concern",
        ),
        (
            "www.avonandsomerset-pcc.gov.uk",
            "/news/2026/10/commissioners-response-to-the-peel-inspection-of-avon-and-somerset-constabulary",
        ),
        (
            "www.avonandsomerset.police.uk",
            "/news/2026/10/our-response-to-the-hmicfrs-peel-inspection-report/",
        ),
    }
    assert must_be_new <= new_articles
    assert {host for host, _ in new_articles} == {s.host for s in sites()} - {STAFFS}


def test_unchanged_pages_keep_their_etag_and_last_modified():
    v1, v2 = build("v1"), build("v2")
    changed, _, _ = _diff("v1", "v2")
    same = (v1.keys() & v2.keys()) - changed
    assert len(same) > 100
    for key in same:
        assert v1[key].etag == v2[key].etag, key
        assert v1[key].last_modified == v2[key].last_modified, key


def test_changed_pages_move_their_last_modified_forward():
    v1, v2 = build("v1"), build("v2")
    changed, _, _ = _diff("v1", "v2")
    for key in changed:
        if v2[key].status == 200:
            assert v2[key].last_modified > v1[key].last_modified, key


def test_edited_appeal_gains_update_prefix_and_a_paragraph():
    old, new = _doc(build("v1")[EDITED]), _doc(build("v2")[EDITED])
    assert _text(old.xpath("//h1")[0]) == EDITED_TITLE
    assert _text(new.xpath("//h1")[0]) == "UPDATE: " + EDITED_TITLE
    old_paras = [_text(p) for p in old.xpath('//div[@class="news-article__body"]/p')]
    new_paras = [_text(p) for p in new.xpath('//div[@class="news-article__body"]/p')]
    assert new_paras[: len(old_paras)] == old_paras
    assert len(new_paras) == len(old_paras) + 1
    assert "arrested" in new_paras[-1]
    assert build("v2")[EDITED].last_modified == datetime(2026, 10, 9, 9, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("version", "title"), [("v1", EDITED_TITLE), ("v2", "UPDATE: " + EDITED_TITLE)]
)
def test_listing_and_feed_show_the_current_title_of_the_edited_appeal(version, title):
    pages = build(version)
    wmp = site.site("west-midlands")
    listed = dict(_article_links(wmp, _listing_chain(pages, wmp)[0][1]))
    assert listed[EDITED[1]] == title
    feed = {i["link"]: i["title"] for i in _feed_items(pages[WMP_FEED])}
    assert feed["https://" + WMP + EDITED[1]] == title


def test_withdrawn_appeal_is_gone_from_page_listing_and_feed():
    mersey = site.site("merseyside")
    url = "https://" + MERSEY + WITHDRAWN[1]
    for version, present in (("v1", True), ("v2", False), ("v3", False)):
        pages = build(version)
        assert (WITHDRAWN in pages) is present
        listed = {
            h for _p, doc in _listing_chain(pages, mersey) for h, _t in _article_links(mersey, doc)
        }
        assert (WITHDRAWN[1] in listed) is present
        feed = {i["link"] for i in _feed_items(pages[(MERSEY, mersey.feed_path)])}
        assert (url in feed) is present


def test_staffordshire_listing_and_feed_fail_in_v2_while_articles_still_answer():
    staffs = site.site("staffordshire")
    v1, v2, v3 = build("v1"), build("v2"), build("v3")
    listing_v1 = [p for p, _doc in _listing_chain(v1, staffs)]
    assert len(listing_v1) >= 2
    for path in [*listing_v1, staffs.feed_path]:
        assert v2[(STAFFS, path)].status == 500, path
        assert v3[(STAFFS, path)].status == 200, path
    for a in articles("staffordshire", "v1"):
        assert v2[(STAFFS, a.path)].status == 200
        assert v2[(STAFFS, a.path)].body == v1[(STAFFS, a.path)].body
    assert len(articles("staffordshire", "v3")) > len(articles("staffordshire", "v1"))


def _engage(version: str, listing: str) -> list[dict[str, str]]:
    doc = _doc(build(version)[(HMICFRS, ENGAGE_PATHS[listing])])
    out = []
    for block in doc.xpath('//section[@class="engage-force"]'):
        lines = [_text(p) for p in block.xpath("./p")]
        out.append(
            {
                "force": _text(block.xpath("./h2")[0]),
                "entered": next(x for x in lines if x.startswith("Entered Engage: ")),
                "exited": next((x for x in lines if x.startswith("Moved out of Engage: ")), ""),
                "reasons": len(block.xpath("./ul/li")),
            }
        )
    return out


PREVIOUS_V1 = {
    "Cleveland Police",
    "Greater Manchester Police",
    "Gloucestershire Constabulary",
    "Staffordshire Police",
    "Wiltshire Police",
    "Metropolitan Police Service",
    "Devon and Cornwall Police",
}


@pytest.mark.parametrize(
    ("version", "current", "previous"),
    [
        (
            "v1",
            ["Lincolnshire Police", "Nottinghamshire Police", "West Midlands Police"],
            PREVIOUS_V1,
        ),
        (
            "v2",
            ["Lincolnshire Police", "West Midlands Police"],
            PREVIOUS_V1 | {"Nottinghamshire Police"},
        ),
    ],
)
def test_engage_lists(version, current, previous):
    now = _engage(version, "current")
    before = _engage(version, "previous")
    assert [f["force"] for f in now] == current
    assert {f["force"] for f in before} == previous
    assert all(f["reasons"] > 0 and f["exited"] == "" for f in now)
    assert all(f["reasons"] > 0 and f["exited"] for f in before)


def test_nottinghamshire_moves_out_of_engage_in_v2():
    first = _engage("v2", "previous")[0]
    assert first == {
        "force": "Nottinghamshire Police",
        "entered": "Entered Engage: March 2026",
        "exited": "Moved out of Engage: October 2026",
        "reasons": 2,
    }
    cleveland = next(f for f in _engage("v1", "previous") if f["force"] == "Cleveland Police")
    assert cleveland["entered"] == "Entered Engage: 2019"


@pytest.mark.parametrize(
    ("local", "offset_hours"),
    [
        (datetime(2026, 10, 20, 10, 0), 1),
        (datetime(2026, 10, 25, 0, 30), 1),
        (datetime(2026, 10, 25, 2, 0), 0),
        (datetime(2026, 10, 26, 9, 0), 0),
        (datetime(2026, 3, 28, 12, 0), 0),
        (datetime(2026, 3, 29, 3, 0), 1),
        (datetime(2025, 12, 11, 0, 1), 0),
        (datetime(2024, 12, 6, 10, 0), 0),
    ],
)
def test_uk_time(local, offset_hours):
    assert uk_time(local).utcoffset().total_seconds() == offset_hours * 3600


def test_uk_time_agrees_with_the_tz_database_for_every_article():
    try:
        london = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        pytest.skip("no time-zone database on this machine")
    for s in sites():
        for a in articles(s.id, VERSIONS[-1]):
            assert a.published.utcoffset() == a.published.replace(tzinfo=london).utcoffset()


def _article_page(site_id: str, version: str = "v2") -> tuple[site.Article, lxml.html.HtmlElement]:
    a = next(x for x in articles(site_id, version) if x.links or site_id != "hmicfrs")
    return a, _doc(build(version)[(a.site.host, a.path)])


def _meta(doc: lxml.html.HtmlElement, prop: str) -> list[str]:
    return doc.xpath(f'//meta[@property="{prop}"]/@content')


@pytest.mark.parametrize(
    ("site_id", "title_xpath", "body_xpath"),
    [
        ("hmicfrs", '//h1[@class="page-title"]', '//div[@class="entry-content"]'),
        (
            "west-midlands",
            '//h1[@class="news-article__title"]',
            '//div[@class="news-article__body"]',
        ),
        ("avon-and-somerset", '//h1[@class="headline"]', '//div[@class="article__body"]'),
        ("pcc-avon-and-somerset", '//h1[@class="entry-title"]', '//div[@class="entry-content"]'),
    ],
)
def test_each_platform_has_its_title_and_main_container(site_id, title_xpath, body_xpath):
    a, doc = _article_page(site_id)
    assert [_text(h) for h in doc.xpath(title_xpath)] == [a.title]
    assert len(doc.xpath("//h1")) == 1
    body = doc.xpath(body_xpath)
    assert len(body) == 1
    assert a.summary in _text(body[0])


def test_hmicfrs_gives_the_date_in_a_time_element_only():
    a, doc = _article_page("hmicfrs")
    assert doc.xpath('//p[@class="published"]/time/@datetime') == [a.published.isoformat()]
    assert (
        _text(doc.xpath('//p[@class="published"]')[0])
        == f"Published on: {a.published.day} {a.published:%B %Y}"
    )
    assert not _meta(doc, "article:published_time")
    assert "Get the " in _text(doc.xpath('//div[@class="entry-content"]')[0])


def test_hmicfrs_letters_give_published_on_text_and_letter_information():
    page = build("v2")[
        (
            HMICFRS,
            "/publication-html/west-midlands-police-peel-causes-of-concern-revisit-letter-october-2026/",
        )
    ]
    doc = _doc(page)
    assert _text(doc.xpath('//p[@class="published"]')[0]) == "Published on: 20 October 2026"
    assert not doc.xpath("//time")
    terms = [_text(t) for t in doc.xpath('//section[@id="letter-information"]//dt')]
    assert terms == ["From:", "To:", "Cc:", "Sent on:"]


def test_peel_report_pages_give_a_grade_table():
    doc = _doc(build("v2")[(HMICFRS, "/peel-reports/avon-and-somerset-2025-27/")])
    grades = [_text(td).lower() for td in doc.xpath('//table[@class="peel-grades"]//td')]
    assert grades.count("good") == 2
    assert grades.count("adequate") == 3
    assert grades.count("requires improvement") == 3


def test_soh_gives_the_date_as_text_only_in_uk_local_time():
    pages = build("v2")
    cases = {
        "inspectorate-confirms-we-have-closed-three-of-four-causes-of-concern": (
            "Published: 16:30 20/10/2026",
            "Tue, 20 Oct 2026 16:30:00 +0100",
        ),
        "clocks-go-back-extra-patrols-as-evenings-get-darker": (
            "Published: 09:00 26/10/2026",
            "Mon, 26 Oct 2026 09:00:00 +0000",
        ),
    }
    feed = {i["link"].rstrip("/").rsplit("/", 1)[-1]: i for i in _feed_items(pages[WMP_FEED])}
    for a in articles("west-midlands", "v2"):
        if a.slug not in cases:
            continue
        stamp, pub_date = cases.pop(a.slug)
        doc = _doc(pages[(WMP, a.path)])
        assert _text(doc.xpath('//p[@class="news-article__date"]')[0]) == stamp
        assert not doc.xpath("//time")
        assert not _meta(doc, "article:published_time")
        assert feed[a.slug]["pubDate"] == pub_date
    assert not cases


@pytest.mark.parametrize(
    "furniture",
    [
        "Leave this site",
        "We use some essential cookies",
        "Share this page",
        "Is there a problem with this page?",
    ],
)
def test_soh_page_furniture_is_on_listings_and_articles(furniture):
    pages = build("v1")
    for s in sites():
        if s.layout != "soh":
            continue
        for path in (s.listing_path(1), articles(s.id, "v1")[0].path):
            assert furniture in pages[(s.host, path)].body.decode(), (s.host, path)


def test_avon_and_somerset_gives_the_date_in_json_ld_and_meta_only():
    a, doc = _article_page("avon-and-somerset")
    data = json.loads(doc.xpath('//script[@type="application/ld+json"]')[0].text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == a.title
    assert data["datePublished"] == a.published.isoformat()
    assert _meta(doc, "article:published_time") == [a.published.isoformat()]
    assert not doc.xpath("//article//time")
    assert "Rate this page" in _text(doc)


def test_pcc_gives_the_date_as_text_only():
    a, doc = _article_page("pcc-avon-and-somerset")
    assert (
        _text(doc.xpath('//p[@class="entry-date"]')[0]) == f"{a.published.day} {a.published:%B %Y}"
    )
    assert not doc.xpath("//time")
    assert not doc.xpath("//meta[@property]")
    assert not doc.xpath('//script[@type="application/ld+json"]')


def _request(server: MirrorServer, method: str, path: str, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def _mirror_path(key: tuple[str, str]) -> str:
    return "/" + key[0] + key[1]


@pytest.fixture
def server():
    with MirrorServer("v1") as srv:
        yield srv


LISTING = "/" + WMP + "/news/west-midlands/news/"


def test_server_answers_200_with_validators_then_304(server):
    status, headers, body = _request(server, "GET", LISTING)
    assert status == 200
    assert body == build("v1")[(WMP, "/news/west-midlands/news/")].body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    status, headers, body = _request(server, "GET", LISTING, {"If-None-Match": etag})
    assert (status, body, headers["ETag"]) == (304, b"", etag)
    status, _, _ = _request(server, "GET", LISTING, {"If-None-Match": 'W/"other", ' + etag})
    assert status == 304
    status, _, _ = _request(server, "GET", LISTING, {"If-Modified-Since": modified})
    assert status == 304


@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": '"something-else"'},
        {"If-Modified-Since": "Wed, 30 Sep 2026 12:00:00 GMT"},
        {"If-Modified-Since": "not a date"},
    ],
)
def test_server_answers_200_when_the_validator_does_not_match(server, headers):
    status, _, body = _request(server, "GET", LISTING, headers)
    assert status == 200
    assert body


def test_if_none_match_takes_precedence_over_if_modified_since(server):
    _, headers, _ = _request(server, "GET", LISTING)
    status, _, _ = _request(
        server,
        "GET",
        LISTING,
        {"If-None-Match": '"stale"', "If-Modified-Since": headers["Last-Modified"]},
    )
    assert status == 200


def test_head_has_headers_and_no_body(server):
    _, get_headers, get_body = _request(server, "GET", LISTING)
    status, headers, body = _request(server, "HEAD", LISTING)
    assert (status, body) == (200, b"")
    assert headers["Content-Length"] == str(len(get_body))
    assert headers["ETag"] == get_headers["ETag"]


@pytest.mark.parametrize(
    "path",
    [
        "/" + WMP + "/news/west-midlands/news/?page=9",
        "/" + WMP + "/no-such-page/",
        "/www.example.police.uk/news/",
        "/" + HMICFRS + "/news/news-feed/no-such-story/",
        "/robots.txt",
    ],
)
def test_server_answers_404_for_unknown_paths_and_hosts(server, path):
    status, headers, _ = _request(server, "GET", path)
    assert status == 404
    assert "ETag" not in headers


@pytest.mark.parametrize("s", sites(), ids=lambda s: s.id)
def test_robots_txt_per_host_allows_news_and_disallows_search(server, s):
    status, headers, body = _request(server, "GET", f"/{s.host}/robots.txt")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    robots = Protego.parse(body.decode())
    agent = "forcewatch"
    assert robots.can_fetch(s.listing_url, agent)
    assert robots.can_fetch(articles(s.id, "v1")[0].url, agent)
    if s.feed_url:
        assert robots.can_fetch(s.feed_url, agent)
    assert not robots.can_fetch(f"{s.base}/search/?q=engage", agent)


def test_set_version_switches_live_and_requests_are_logged(server):
    withdrawn = _mirror_path(WITHDRAWN)
    staffs_listing = f"/{STAFFS}/news/staffordshire/news/"
    assert _request(server, "GET", withdrawn)[0] == 200
    server.clear_requests()
    server.set_version("v2")
    assert server.version == "v2"
    assert _request(server, "GET", withdrawn)[0] == 404
    assert _request(server, "GET", staffs_listing)[0] == 500
    assert _request(server, "HEAD", _mirror_path(EDITED))[0] == 200
    assert server.requests == [
        ("GET", WITHDRAWN[0], WITHDRAWN[1], 404),
        ("GET", STAFFS, "/news/staffordshire/news/", 500),
        ("HEAD", EDITED[0], EDITED[1], 200),
    ]


def test_unchanged_page_is_not_modified_across_versions(server):
    path = f"/{HMICFRS}/news/news-feed/west-midlands-police-moved-into-enhanced-monitoring/"
    _, headers, _ = _request(server, "GET", path)
    server.set_version("v2")
    status, _, _ = _request(server, "GET", path, {"If-None-Match": headers["ETag"]})
    assert status == 304
    status, _, _ = _request(
        server,
        "GET",
        LISTING,
        {"If-Modified-Since": format_datetime(datetime(2026, 10, 2, tzinfo=UTC), usegmt=True)},
    )
    assert status == 200


def test_query_strings_are_part_of_the_key(server):
    status, _, body = _request(server, "GET", "/" + WMP + "/news/west-midlands/news/?page=2")
    assert status == 200
    assert body == build("v1")[(WMP, "/news/west-midlands/news/?page=2")].body


def test_post_is_refused(server):
    status, headers, _ = _request(server, "POST", f"/{WMP}/hyd/page-feedback/")
    assert status == 405
    assert headers["Allow"] == "GET, HEAD"


def test_server_is_quiet_on_stderr(server, capfd):
    _request(server, "GET", LISTING)
    _request(server, "GET", "/" + WMP + "/missing/")
    assert capfd.readouterr().err == ""


def test_server_binds_only_loopback():
    with pytest.raises(ValueError, match="loopback"):
        MirrorServer("v1", host="0.0.0.0")


def test_server_url_and_restart():
    srv = MirrorServer("v2")
    with pytest.raises(RuntimeError):
        _ = srv.url
    with srv:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", srv.url)
        assert srv.url_for("https://" + WMP + "/news/") == srv.url + "/" + WMP + "/news/"
        assert _request(srv, "GET", f"/{STAFFS}/news/staffordshire/news/")[0] == 500
    srv.start()
    try:
        assert _request(srv, "GET", LISTING)[0] == 200
    finally:
        srv.stop()
