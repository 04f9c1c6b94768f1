"""The inspectorate's news feed, and the letters and PEEL reports its news items link to."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Response, TextResponse

from detect.vocab import normalise_grade
from items import PeelGradesItem
from spiders.base import NewsSpider, utc_now
from spiders.extract import (
    canonical_url,
    extract_published,
    extract_title,
    main_selector,
    normalise_space,
    text_of,
)

# Letters and reports are never listed in the news feed; they are reached from the news item
# that announces them ("Get the letter", "Get the report").
_LINKED_DOCUMENT = re.compile(r"^/(?:publication-html|peel-reports)/[^/]+/?$")
# /peel-reports/<force-slug>-<cycle>/, the cycle as "2025-27" (or "2021-22").
_PEEL_REPORT = re.compile(r"^/peel-reports/[^/]+-(?P<cycle>\d{4}-\d{2,4})/?$")
_FORCE_LABEL = re.compile(r"^Force:\s*(?P<force>.+)$")
_INSPECTION_OF = re.compile(r"\binspection of (?P<force>.+)$", re.IGNORECASE)


class HmicfrsNewsSpider(NewsSpider):
    """Walks /news/news-feed/ (then /page/N/) and follows each new item to its letter or report."""

    name = "hmicfrs_news"
    default_article_pattern = r"^/news/news-feed/(?!page/)[^/]+/?$"

    def parse_article(self, response: Response) -> Iterator[Any]:
        """The item, then a report's grade table, then the letters and reports a news item
        links to that are not yet held."""
        yield from super().parse_article(response)
        if isinstance(response, TextResponse):
            grades = self.peel_grades(response)
            if grades is not None:
                yield grades
        if not isinstance(response, TextResponse) or not self.is_article_url(
            canonical_url(response.url)
        ):
            return
        host = urlsplit(response.url).hostname
        for href in main_selector(response).css("a::attr(href)").getall():
            url = canonical_url(response.urljoin(href))
            parts = urlsplit(url)
            if (
                parts.hostname == host
                and _LINKED_DOCUMENT.match(parts.path)
                and url not in self.known
            ):
                yield self.article_request(url)

    def peel_grades(self, response: TextResponse) -> PeelGradesItem | None:
        """A PEEL report page's grade table (area in the row's th, grade in its td), or None
        for any other page. A report whose table gives no grade we know is logged, not
        guessed at."""
        url = canonical_url(response.url)
        report = _PEEL_REPORT.match(urlsplit(url).path)
        if report is None:
            return None
        grades = {}
        for row in response.css("table.peel-grades tr"):
            area = text_of(row.css("th"))
            grade = normalise_grade(text_of(row.css("td")))
            if area and grade:
                grades[area] = grade
        force = self._report_force(response)
        if not grades or not force:
            self.logger.warning("%s: no grade table or no force on the PEEL report", url)
            return None
        return PeelGradesItem(
            source_id=self.source.id,
            url=url,
            force=force,
            cycle=report.group("cycle"),
            title=extract_title(response),
            published=extract_published(response),
            grades=grades,
            html_hash=hashlib.sha256(response.body).hexdigest(),
            fetched_at=utc_now(),
        )

    def _report_force(self, response: TextResponse) -> str:
        """The force the report names ("Force: ..."), else the one its title inspects."""
        for line in main_selector(response).css("p"):
            m = _FORCE_LABEL.match(text_of(line))
            if m:
                return normalise_space(m.group("force"))
        m = _INSPECTION_OF.search(extract_title(response))
        return normalise_space(m.group("force")) if m else ""
