"""Small parsers shared by the spiders: canonical URLs, titles, publication dates, main fragment.

Everything works on Scrapy selectors (a response or any element of one): parsing a page again
with BeautifulSoup costs twenty times as much, and the cleaning pipeline does that once anyway.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote_plus, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from scrapy.http import TextResponse
from scrapy.selector import Selector, SelectorList

# One table of month names for the whole project; detect/ owns it because it may import nothing.
from detect.text import MONTHS
from pipelines.clean import DROP_TAGS, furniture_marks

UK = ZoneInfo("Europe/London")

# A response or any selector of one (the whole page, or a listing entry).
Markup = Selector | TextResponse

_TRACKING_KEYS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl", "igshid", "ref_src"}
)
# "ref" and "source" are ordinary words in some sites' queries; they are dropped only when the
# value names a referring channel, which is what share buttons and newsletters put there.
_REFERRAL_KEYS = frozenset({"ref", "source"})
_REFERRAL_VALUES = re.compile(
    r"(rss|feed|twitter|x|facebook|fb|instagram|linkedin|whatsapp|email|e-mail|newsletter|"
    r"share|social|homepage|home|nav|menu|related|sidebar|footer|widget|banner)",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": "80", "https": "443"}

_ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "ReportageNews", "AnalysisNewsArticle"})

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_TEXT_DATE = rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})"
# SOH prints "Published: 14:05 14/10/2026" (UK local time); HMICFRS "Published on: 6 December 2024".
_PUBLISHED_NUMERIC = re.compile(
    r"\bPublished(?:\s+on)?\s*:?\s*(\d{1,2})[:.](\d{2})\s+(\d{1,2})/(\d{1,2})/(\d{4})\b",
    re.IGNORECASE,
)
_PUBLISHED_TEXT = re.compile(rf"\bPublished(?:\s+on)?\s*:?\s*{_TEXT_DATE}\b", re.IGNORECASE)
_BARE_TEXT_DATE = re.compile(rf"\b{_TEXT_DATE}\b", re.IGNORECASE)

# Containers that hold an article's own content, most specific first.
_MAIN_CONTAINERS = (
    "article",
    "main",
    "[role=main]",
    "#content",
    "#main-content",
    "#main",
    ".main-content",
    ".content",
)


def normalise_space(text: str | None) -> str:
    """Collapse runs of whitespace (non-breaking spaces included) to single spaces."""
    return " ".join((text or "").split())


def canonical_url(url: str) -> str:
    """The URL an article is known by: tracking parameters and fragment gone, host lower-case."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    userinfo, at, hostport = parts.netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    if port == _DEFAULT_PORTS.get(scheme):
        colon = port = ""
    netloc = f"{userinfo}{at}{host.lower()}{colon}{port}"
    # The raw query pairs are kept as written: re-encoding them could change a meaningful query.
    kept = [pair for pair in parts.query.split("&") if pair and not _is_tracking(pair)]
    return urlunsplit((scheme, netloc, parts.path, "&".join(kept), ""))


def _is_tracking(pair: str) -> bool:
    key, _, value = pair.partition("=")
    key = unquote_plus(key).lower()
    if key.startswith("utm_") or key in _TRACKING_KEYS:
        return True
    return key in _REFERRAL_KEYS and _REFERRAL_VALUES.fullmatch(unquote_plus(value)) is not None


# Elements whose text is never the article's, wherever they sit: the cleaner's own list.
_NOT_STORY = frozenset(DROP_TAGS)
_TEXT_BLOCKS = frozenset({"p", "li", "dd", "blockquote", "pre", "td"})
_INLINE = frozenset(
    {"a", "span", "b", "strong", "em", "i", "u", "br", "small", "sup", "sub", "abbr", "time"}
)
# Below this many letters of paragraph text a page is too thin to score; the container order
# decides instead.
_MIN_STORY = 200
# The article is the deepest element holding this share of the page's paragraph text.
_STORY_SHARE = 0.8
# A block whose words are mostly link text is a teaser or a menu entry, not a paragraph.
_LINK_SHARE = 0.5


def main_selector(sel: Markup) -> Selector:
    """The element holding the page's own content, found by where its paragraphs are.

    Paragraph text outside menus, rails, comments and other furniture is summed up the tree;
    the deepest element holding most of it is the story, widened to the article, main or
    articleBody element around it. Teaser <article>s, a <main> with a sidebar, and div soup
    with no semantic markup all come out right; thin pages fall back to the container order.
    """
    page = sel if isinstance(sel, Selector) else sel.selector
    scored = _story_element(page)
    if scored is not None:
        return scored
    for query in _MAIN_CONTAINERS:
        found = sel.css(query)
        if found:
            return found[0]
    body = sel.css("body")
    if body:
        return body[0]
    return sel if isinstance(sel, Selector) else sel.selector


def _story_element(page: Selector) -> Selector | None:
    bodies = page.css("body")
    if not bodies:
        return None
    body = bodies[0].root
    held: dict[Any, int] = {}
    furniture: dict[Any, bool] = {}
    total = 0
    for element in body.iter(*_TEXT_BLOCKS, "div"):
        if not _is_paragraph(element) or _in_furniture(element, furniture):
            continue
        letters = _letters(element)
        links = sum(_letters(a) for a in element.iter("a"))
        if not letters or links > _LINK_SHARE * letters:
            continue
        own = letters - links
        total += own
        for ancestor in element.iterancestors():
            held[ancestor] = held.get(ancestor, 0) + own
            if ancestor is body:
                break
    if total < _MIN_STORY:
        return None
    node = body
    while True:
        children = [child for child in node if isinstance(child.tag, str)]
        best = max(children, key=lambda child: held.get(child, 0), default=None)
        if best is None or held.get(best, 0) < _STORY_SHARE * total:
            break
        node = best
    if node is body:
        return None
    for candidate in (node, *node.iterancestors()):
        if candidate is body:
            break
        if _is_story_container(candidate):
            node = candidate
            break
    return page.xpath(node.getroottree().getpath(node))[0]


def _is_story_container(element: Any) -> bool:
    return (
        element.tag in ("article", "main")
        or element.get("role") == "main"
        or element.get("itemprop") == "articleBody"
    )


def _is_paragraph(element: Any) -> bool:
    """A block of text: a p, li or the like holding no other block, or a div of inline text."""
    if element.tag == "div":
        if any(isinstance(c.tag, str) and c.tag not in _INLINE for c in element):
            return False
        return bool((element.text or "").strip()) or any(
            (c.tail or "").strip() or c.tag in _INLINE for c in element
        )
    return not any(child.tag in _TEXT_BLOCKS for child in element.iterdescendants())


def _in_furniture(element: Any, known: dict[Any, bool]) -> bool:
    chain = []
    node = element
    while node is not None and node not in known:
        chain.append(node)
        node = node.getparent()
    inside = known.get(node, False) if node is not None else False
    for link in reversed(chain):
        inside = inside or _is_furniture_element(link)
        known[link] = inside
    return known[element]


def _is_furniture_element(element: Any) -> bool:
    if not isinstance(element.tag, str):
        return True
    if element.tag in _NOT_STORY:
        return True
    if element.tag in ("article", "main", "body", "html") or _is_story_container(element):
        return False
    return furniture_marks(
        element.get("class"),
        element.get("id"),
        element.get("role"),
        element.get("aria-label"),
        element.get("data-component"),
    )


def _letters(element: Any) -> int:
    return len("".join(element.text_content().split()))


def extract_main_fragment(sel: Markup) -> str:
    """The article's main fragment as HTML, uncleaned: the clean pipeline strips furniture."""
    return main_selector(sel).get()


def extract_title(sel: Markup) -> str:
    """og:title, else the h1 in the article or main element, else <title> minus its site suffix."""
    site = normalise_space(sel.css('meta[property="og:site_name"]::attr(content)').get())
    og = normalise_space(
        sel.css(
            'meta[property="og:title"]::attr(content), meta[name="og:title"]::attr(content)'
        ).get()
    )
    if og:
        return _strip_site_name(og, site)
    for h1 in sel.css("article h1, main h1"):
        text = text_of(h1)
        if text:
            return text
    title = normalise_space(sel.css("title::text").get())
    # "Story | Section | Site": the story is the first segment.
    return re.split(r"\s+\|\s+", title, maxsplit=1)[0] if title else ""


def _strip_site_name(title: str, site: str) -> str:
    for separator in (" | ", " - ", " \u2013 "):
        if site and title.endswith(f"{separator}{site}"):
            return title[: -len(separator) - len(site)].strip()
    return title


def extract_published(sel: Markup, text_fallback: bool = True) -> str | None:
    """When the page says it was published, as ISO 8601 with its UTC offset.

    Structured signals come first (JSON-LD, article:published_time, <time datetime>); the page
    text is read only if they are all missing. UK local times get Europe/London's offset.
    """
    for value in _json_ld_dates(sel):
        parsed = parse_iso(value)
        if parsed:
            return parsed
    for value in sel.css(
        'meta[property="article:published_time"]::attr(content), '
        'meta[name="article:published_time"]::attr(content)'
    ).getall():
        parsed = parse_iso(value)
        if parsed:
            return parsed
    main = main_selector(sel)
    for value in [
        *main.css("time::attr(datetime)").getall(),
        *sel.css("time::attr(datetime)").getall(),
    ]:
        parsed = parse_iso(value)
        if parsed:
            return parsed
    if not text_fallback:
        return None
    # The story element may leave out the dateline above it; its parent seldom does.
    for text in (text_of(main), text_of(main.xpath("..")), text_of(sel)):
        found = published_from_text(text)
        if found:
            return found
    return None


def published_from_text(text: str) -> str | None:
    """The publication date a page prints: the first "Published" label, else the first date."""
    labelled = sorted(
        [*_PUBLISHED_NUMERIC.finditer(text), *_PUBLISHED_TEXT.finditer(text)],
        key=lambda m: m.start(),
    )
    for match in [*labelled, *_BARE_TEXT_DATE.finditer(text)]:
        found = _date_from_match(match)
        if found:
            return found
    return None


def _date_from_match(match: re.Match[str]) -> str | None:
    groups = match.groups()
    if len(groups) == 5:
        hour, minute, day, month, year = (int(g) for g in groups)
        return _uk_datetime(year, month, day, hour, minute)
    day, month_name, year = groups
    return _uk_datetime(int(year), MONTHS[month_name.lower()], int(day))


def parse_iso(value: str | None) -> str | None:
    """An ISO 8601 date or date-time as ISO with offset; naive values are UK local time."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UK)
    return parsed.isoformat(timespec="seconds")


def parse_rfc822(value: str | None) -> str | None:
    """An RSS pubDate (RFC 822) as ISO 8601 with offset; a missing zone is UK local time."""
    try:
        parsed = parsedate_to_datetime((value or "").strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UK)
    return parsed.isoformat(timespec="seconds")


def to_datetime(value: str | None) -> datetime | None:
    """An ISO string from this module (or the store) back to an aware datetime, for comparisons."""
    iso = parse_iso(value)
    return datetime.fromisoformat(iso) if iso else None


def _uk_datetime(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> str | None:
    try:
        local = datetime.combine(date(year, month, day), time(hour, minute), tzinfo=UK)
    except ValueError:
        return None
    return local.isoformat(timespec="seconds")


def _json_ld_dates(sel: Markup) -> Iterator[str]:
    for raw in sel.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        for node in _walk(data):
            types = node.get("@type")
            types = set(types) if isinstance(types, list) else {types}
            value = node.get("datePublished")
            if types & _ARTICLE_TYPES and isinstance(value, str):
                yield value


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD document, in document order (@graph included)."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value)


def text_of(sel: Selector | SelectorList | TextResponse) -> str:
    """The visible text of an element, whitespace-normalised, scripts and styles left out."""
    parts = sel.xpath(
        "descendant-or-self::text()[not(ancestor::script) and not(ancestor::style)]"
    ).getall()
    return normalise_space(" ".join(parts))
