"""The inspectorate's news feed, and the letters and PEEL reports its news items link to."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Response, TextResponse

from spiders.base import NewsSpider
from spiders.extract import canonical_url, main_selector

# Letters and reports are never listed in the news feed; they are reached from the news item
# that announces them ("Get the letter", "Get the report").
_LINKED_DOCUMENT = re.compile(r"^/(?:publication-html|peel-reports)/[^/]+/?$")


class HmicfrsNewsSpider(NewsSpider):
    """Walks /news/news-feed/ (then /page/N/) and follows each new item to its letter or report."""

    name = "hmicfrs_news"
    default_article_pattern = r"^/news/news-feed/(?!page/)[^/]+/?$"

    def parse_article(self, response: Response) -> Iterator[Any]:
        """The item, then the letters and reports a news item links to that are not yet held."""
        yield from super().parse_article(response)
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
