from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse
from scrapy.selector import Selector
from spider_support import FILES

from spiders.extract import (
    canonical_url,
    extract_main_fragment,
    extract_published,
    extract_title,
    parse_iso,
    parse_rfc822,
    published_from_text,
)


def page(head: str = "", body: str = "") -> Selector:
    return Selector(text=f"<html><head>{head}</head><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://WWW.Example.Police.UK/News/a/", "https://www.example.police.uk/News/a/"),
        ("https://example.org/a/#section-2", "https://example.org/a/"),
        ("https://example.org/a?utm_source=x&utm_medium=email", "https://example.org/a"),
        ("https://example.org/a/?fbclid=IwAR0&gclid=Cj0&id=7", "https://example.org/a/?id=7"),
        ("https://example.org/a?mc_cid=1&mc_eid=2&_ga=2.1", "https://example.org/a"),
        ("https://example.org/a?page=2&UTM_Campaign=x", "https://example.org/a?page=2"),
        ("https://example.org/a?ref=twitter", "https://example.org/a"),
        ("https://example.org/a?source=rss&q=knife+crime", "https://example.org/a?q=knife+crime"),
        # "ref" and "source" stay when they are not a referring channel.
        ("https://example.org/a?ref=PR-2026-14", "https://example.org/a?ref=PR-2026-14"),
        (
            "https://example.org/a?source=court-listings",
            "https://example.org/a?source=court-listings",
        ),
        ("https://example.org/news/a", "https://example.org/news/a"),
        ("https://example.org:443/a/", "https://example.org/a/"),
        ("http://example.org:8080/a/", "http://example.org:8080/a/"),
        ("https://example.org/a?q=a%20b&x=1", "https://example.org/a?q=a%20b&x=1"),
        ("HTTPS://example.org/a?", "https://example.org/a"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent() -> None:
    url = "https://WWW.X.UK/a/?utm_source=y&id=3#top"
    assert canonical_url(canonical_url(url)) == canonical_url(url)


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        (
            '<meta property="og:title" content="From og"><title>From title | Site</title>',
            "<main><h1>From h1</h1></main>",
            "From og",
        ),
        (
            '<meta property="og:title" content="Story  - Kent Police">'
            '<meta property="og:site_name" content="Kent Police">',
            "",
            "Story",
        ),
        # A dash inside the story is not a site suffix unless og:site_name says so.
        (
            '<meta property="og:title" content="Year one - what changed">',
            "",
            "Year one - what changed",
        ),
        ("<title>From title | Site</title>", "<article><h1> From\n h1 </h1></article>", "From h1"),
        ("<title>From title | Site</title>", "<main><h1>Main h1</h1></main>", "Main h1"),
        # An h1 outside main/article is the site's logo, not the story.
        ("<title>Story | News | Site</title>", "<header><h1>Site</h1></header>", "Story"),
        ("<title>Story</title>", "", "Story"),
        ("", "<p>nothing</p>", ""),
    ],
)
def test_extract_title_fallback_order(head: str, body: str, expected: str) -> None:
    assert extract_title(page(head, body)) == expected


JSON_LD = (
    '<script type="application/ld+json">'
    '{"@type": "NewsArticle", "datePublished": "2026-10-14T09:30:00+01:00"}</script>'
)
GRAPH = (
    '<script type="application/ld+json">{"@graph": ['
    '{"@type": "WebPage", "datePublished": "2020-01-01"},'
    '{"@type": ["Article"], "datePublished": "2026-03-02T10:00:00Z"}]}</script>'
)
META = '<meta property="article:published_time" content="2026-10-13T08:00:00+01:00">'
TIME = '<article><time datetime="2026-10-12T07:00:00+01:00">12 Oct</time></article>'


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        (JSON_LD + META, TIME + "Published: 14:05 14/10/2026", "2026-10-14T09:30:00+01:00"),
        (GRAPH, "", "2026-03-02T10:00:00+00:00"),
        # Broken JSON-LD, or JSON-LD about something else, falls through to the meta tag.
        (
            '<script type="application/ld+json">{"@type": </script>' + META,
            "",
            "2026-10-13T08:00:00+01:00",
        ),
        (
            '<script type="application/ld+json">'
            '{"@type": "Event", "datePublished": "2020-01-01"}</script>' + META,
            "",
            "2026-10-13T08:00:00+01:00",
        ),
        ("", TIME + "<p>Published: 14:05 14/10/2026</p>", "2026-10-12T07:00:00+01:00"),
        ("", "<main><p>Published: 14:05 14/10/2026</p></main>", "2026-10-14T14:05:00+01:00"),
        ("", "<p>Published: 09:15 03/12/2026</p>", "2026-12-03T09:15:00+00:00"),
        ("", "<p>Published on: 6 December 2024</p>", "2024-12-06T00:00:00+00:00"),
        ("", "<p>12 February 2026</p><p>Meeting on 3 March 2026.</p>", "2026-02-12T00:00:00+00:00"),
        ("", "<p>6 Dec 2024</p>", "2024-12-06T00:00:00+00:00"),
        ("", "<p>1 June 2025</p>", "2025-06-01T00:00:00+01:00"),
        # A naive <time> value is UK local time.
        ("", '<time datetime="2026-07-01T12:00">1 July</time>', "2026-07-01T12:00:00+01:00"),
        (
            "",
            '<time datetime="soon">soon</time><p>Published: 10:00 05/01/2026</p>',
            "2026-01-05T10:00:00+00:00",
        ),
        ("", "<p>No date here.</p>", None),
    ],
)
def test_extract_published_fallback_order(head: str, body: str, expected: str | None) -> None:
    assert extract_published(page(head, body)) == expected


def test_extract_published_text_fallback_can_be_switched_off() -> None:
    sel = page(body="<p>Published: 14:05 14/10/2026</p>")
    assert extract_published(sel, text_fallback=False) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The label wins over a date written earlier in the text.
        ("Event on 2 May 2026. Published: 10:00 01/05/2026", "2026-05-01T10:00:00+01:00"),
        (
            "Published on 6 December 2024 and Published: 10:00 01/05/2026",
            "2024-12-06T00:00:00+00:00",
        ),
        ("Published: 25:00 01/05/2026 then 7 May 2026", "2026-05-07T00:00:00+01:00"),
        ("Published: 10:00 31/02/2026", None),
        ("Sent on 3rd Sept 2025", "2025-09-03T00:00:00+01:00"),
        # 01:30 on the night the clocks go back happens twice; the first (BST) is taken.
        ("Published: 01:30 25/10/2026", "2026-10-25T01:30:00+01:00"),
        ("Published: 12:00 25/10/2026", "2026-10-25T12:00:00+00:00"),
    ],
)
def test_published_from_text(text: str, expected: str | None) -> None:
    assert published_from_text(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-10-14T09:30:00+01:00", "2026-10-14T09:30:00+01:00"),
        ("2026-10-14T08:30:00.123Z", "2026-10-14T08:30:00+00:00"),
        ("2026-10-14", "2026-10-14T00:00:00+01:00"),
        ("14/10/2026", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_iso(value: str | None, expected: str | None) -> None:
    assert parse_iso(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed, 14 Oct 2026 13:05:00 GMT", "2026-10-14T13:05:00+00:00"),
        ("Mon, 28 Sep 2026 09:30:00 +0100", "2026-09-28T09:30:00+01:00"),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_rfc822(value: str | None, expected: str | None) -> None:
    assert parse_rfc822(value) == expected


@pytest.mark.parametrize(
    ("body", "marker"),
    [
        (
            "<nav>menu</nav><main><article><p>story</p></article><aside>x</aside></main>",
            "<article>",
        ),
        ("<nav>menu</nav><main><p>story</p></main><footer>f</footer>", "<main>"),
        ('<nav>menu</nav><div role="main"><p>story</p></div>', '<div role="main">'),
        ('<nav>menu</nav><div id="content"><p>story</p></div>', '<div id="content">'),
        (
            '<nav>menu</nav><div class="page content"><p>story</p></div>',
            '<div class="page content">',
        ),
        ("<p>story</p>", "<body>"),
    ],
)
def test_extract_main_fragment_fallback_order(body: str, marker: str) -> None:
    fragment = extract_main_fragment(page(body=body))
    assert fragment.startswith(marker)
    assert "story" in fragment
    assert "menu" not in fragment or marker == "<body>"


STORY = "<p>" + "Inspectors found that the force had improved how it answers calls. " * 4 + "</p>"


@pytest.mark.parametrize(
    ("body", "marker"),
    [
        # A teaser <article> before the story does not win over the paragraphs' container.
        (
            f'<article class="teaser"><a href="/x"><p>Other headline</p></a></article>'
            f'<section role="main">{STORY}{STORY}</section>',
            '<section role="main">',
        ),
        # Div soup: the box of paragraphs, not the wrapper with the rail.
        (
            f'<div id="content"><div class="story-body">{STORY}{STORY}</div>'
            f'<div class="related"><p>Another force placed in special measures today.</p></div></div>',
            '<div class="story-body">',
        ),
        # A story split into sibling blocks: their common parent.
        (
            f'<div class="wrap"><div class="article">{STORY}<div class="ad">Ad</div>{STORY}</div>'
            f'<div class="rail"><a href="/1">One</a></div></div>',
            '<div class="article">',
        ),
        # The paragraphs' box widens to the article around it.
        (
            f'<article class="a"><h1>T</h1><div class="text">{STORY}</div></article>',
            '<article class="a">',
        ),
    ],
)
def test_main_fragment_follows_the_paragraphs(body: str, marker: str) -> None:
    assert extract_main_fragment(page(body=body)).startswith(marker)


def test_main_fragment_is_left_uncleaned() -> None:
    html = (FILES / "soh_news" / "article.html").read_bytes()
    response = HtmlResponse("https://www.westmidlands.police.uk/x/", body=html, encoding="utf-8")
    fragment = extract_main_fragment(response)
    assert fragment.startswith('<article class="news-article">')
    assert "three of the four causes of concern" in fragment
    assert "Leave this site" not in fragment


@pytest.mark.parametrize(
    ("file", "title", "published"),
    [
        (
            "extract/yoast_graph.html",
            "Officers praised for lifesaving first aid",
            "2026-06-18T15:20:00+01:00",
        ),
        (
            "soh_news/article.html",
            "Inspectors close three of four causes of concern",
            "2026-10-14T14:05:00+01:00",
        ),
        (
            "hmicfrs_news/letter.html",
            "Nottinghamshire Police: return to default phase of monitoring",
            "2025-05-23T00:00:00+01:00",
        ),
        (
            "generic_news/pcc_article.html",
            "Commissioner responds to inspection report",
            "2026-02-12T00:00:00+00:00",
        ),
        (
            "generic_news/avon_article.html",
            "Statement on our latest PEEL inspection",
            "2026-10-09T12:00:00+01:00",
        ),
    ],
)
def test_saved_pages(file: str, title: str, published: str) -> None:
    response = HtmlResponse(
        "https://example.org/", body=(FILES / file).read_bytes(), encoding="utf-8"
    )
    assert extract_title(response) == title
    assert extract_published(response) == published
