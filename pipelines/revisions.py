"""Compares each article with its stored latest revision: new, changed or unchanged."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from items import ArticleItem
from pipelines.base import CrawlContext
from store.articles import UNCHANGED, classify


class RevisionsPipeline(CrawlContext):
    def process_item(self, item: object) -> object:
        if not isinstance(item, ArticleItem):
            return item
        if not item.text:
            # An article page with no text is a parse failure, never a change to record.
            self.count("article_errors")
            raise DropItem(f"no article text found at {item.url}", log_level="WARNING")
        item.status = classify(self.db, item.url, item.title, item.text)
        if item.status == UNCHANGED:
            self.count("unchanged")
            raise DropItem(f"unchanged: {item.url}", log_level="DEBUG")
        return item
