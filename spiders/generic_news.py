"""Sites on no shared platform: a listing, article links picked by the source's URL pattern."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from items import KnownArticle
from registry import Source
from spiders.base import NewsSpider


class GenericNewsSpider(NewsSpider):
    """Walks a source's listing pages; only sources.toml says which links are articles."""

    name = "generic_news"

    def __init__(
        self, source: Source, known: Mapping[str, KnownArticle] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(source, known, **kwargs)
        if self.article_pattern is None:
            raise ValueError(f"source {source.id!r} needs an article_pattern for generic_news")
