"""The inspectorate's two lists of police forces in Engage (enhanced monitoring): now and before."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response, TextResponse
from scrapy.selector import Selector

from items import EngageListItem
from spiders.base import LISTING_PAGES, NewsSpider, utc_now
from spiders.extract import canonical_url, main_selector, normalise_space, text_of

_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
_WHEN = rf"((?:\d{{1,2}}\s+)?(?:(?:{_MONTH})\s+)?\d{{4}})"
_ENTERED = re.compile(rf"\bEntered Engage\s*(?:on|in)?\s*:?\s*{_WHEN}", re.IGNORECASE)
_EXITED = re.compile(rf"\bMoved out of Engage\s*(?:on|in)?\s*:?\s*{_WHEN}", re.IGNORECASE)
_REASONS_LABEL = re.compile(r"reasons?\b.{0,60}", re.IGNORECASE)
# A heading that is a force's name: "Cleveland Police", "Hampshire and Isle of Wight
# Constabulary", "Metropolitan Police Service", "Dyfed-Powys Police", "British Transport Police".
_FORCE_HEADING = re.compile(
    r"(?:[A-Z][\w'\u2019-]*|and|of)(?:\s+(?:[A-Z][\w'\u2019-]*|and|of))*"
    r"\s+(?:Police(?:\s+Service)?|Constabulary)"
)
# Said in words when the list is empty on purpose: "No forces are currently in Engage."
_NONE_IN_ENGAGE = re.compile(
    r"\bno (?:police )?forces?\b[^.]{0,60}?\b(?:Engage|enhanced (?:phase of )?monitoring)\b",
    re.IGNORECASE,
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class EngageListSpider(NewsSpider):
    """Reads each force block of both list pages into one EngageListItem per page.

    The pages are compared as sets downstream, so a page is yielded whole or not at all: a page
    whose blocks cannot be found is a listing error, unless it says no force is listed.
    """

    name = "engage_list"

    async def start(self) -> AsyncIterator[Request]:
        for url in self.start_urls:
            yield self.listing_request(url, callback=self.parse_list)

    def parse_list(self, response: Response) -> Iterator[Any]:
        """One item for the whole page, or a listing error if its force blocks are missing."""
        if self.not_modified(response):
            yield from self.end_walk()
            return
        if not isinstance(response, TextResponse):
            self.listing_error(f"{response.url}: Engage list is not a web page")
            yield from self.end_walk()
            return
        self.count(LISTING_PAGES)
        forces = force_blocks(response)
        if forces or _NONE_IN_ENGAGE.search(text_of(main_selector(response))):
            yield EngageListItem(
                source_id=self.source.id,
                url=canonical_url(response.url),
                listing="previous" if "previously" in urlsplit(response.url).path else "current",
                forces=forces,
                html_hash=hashlib.sha256(response.body).hexdigest(),
                fetched_at=utc_now(),
            )
        else:
            self.listing_error(f"{response.url}: no force blocks on the Engage list page")
        yield from self.end_walk()


def force_blocks(response: TextResponse) -> list[dict[str, Any]]:
    """One dict per force heading in the main content: force, entered, exited, reasons."""
    main = main_selector(response)
    headings = [h for h in main.css("h2, h3") if _FORCE_HEADING.fullmatch(text_of(h))]
    force_roots = {h.root for h in headings}
    forces = []
    for heading in headings:
        nodes = _block(heading, force_roots, main)
        text = " ".join(text_of(node) for node in nodes)
        entered = _ENTERED.search(text)
        exited = _EXITED.search(text)
        forces.append(
            {
                "force": text_of(heading),
                "entered": normalise_space(entered.group(1)) if entered else None,
                "exited": normalise_space(exited.group(1)) if exited else None,
                "reasons": _reasons(nodes),
            }
        )
    return forces


def _block(heading: Selector, force_roots: set[Any], main: Selector) -> list[Selector]:
    """The elements after a force heading, up to the next force or a higher heading.

    When the heading sits alone in a wrapper (a header, a title div) the wrapper's siblings
    hold the block, so the walk starts one or two levels up.
    """
    level = int(heading.root.tag[1])
    start = heading
    for _ in range(3):
        nodes = []
        for sibling in start.xpath("following-sibling::*"):
            tag = sibling.root.tag
            if tag in _HEADINGS and int(tag[1]) < level:
                break
            if any(element in force_roots for element in sibling.root.iter()):
                break
            nodes.append(sibling)
        if nodes:
            return nodes
        parent = start.xpath("..")
        if not parent or parent[0].root is main.root:
            break
        start = parent[0]
    return []


def _reasons(nodes: list[Selector]) -> list[str]:
    """The bullets of the first list after a "Reasons" label in the block."""
    expecting = False
    for node in nodes:
        for element in node.xpath("descendant-or-self::*"):
            tag = element.root.tag
            if tag in ("ul", "ol"):
                if expecting:
                    return [t for t in (text_of(li) for li in element.xpath("./li")) if t]
            elif tag != "li" and _REASONS_LABEL.fullmatch(text_of(element)):
                expecting = True
    return []
