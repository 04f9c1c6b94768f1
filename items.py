"""The items spiders yield: plain dataclasses that pipelines consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleItem:
    """One fetched article or letter, before cleaning."""

    source_id: str
    url: str  # canonical real URL (tracking query stripped), never the mirror's
    title: str
    published: str | None  # ISO 8601 with offset, e.g. "2026-10-14T09:30:00+01:00"
    body_html: str  # the article's main fragment, handed to the clean pipeline
    html_hash: str  # sha256 hex of the whole response body
    fetched_at: str  # ISO 8601 UTC
    text: str = ""  # the cleaned main text, filled in by the clean pipeline
    status: str = ""  # new | changed, filled in by the revisions pipeline
    events: list[Any] = field(default_factory=list)  # filled in by the detect pipeline


@dataclass
class WithdrawnItem:
    """A stored article that a healthy crawl no longer lists and whose URL answers 404/410."""

    source_id: str
    url: str
    http_status: int
    fetched_at: str


@dataclass
class EngageListItem:
    """The set of forces on one of the inspectorate's Engage list pages."""

    source_id: str
    url: str
    listing: str  # "current" (forces in Engage) or "previous" (forces previously in Engage)
    forces: list[dict[str, Any]]  # [{"force", "entered", "exited", "reasons": [...]}]
    html_hash: str
    fetched_at: str


@dataclass
class PeelGradesItem:
    """The grade table of one PEEL report page: the inspectorate's judgment per area."""

    source_id: str
    url: str
    force: str  # as the page names it; the detect pipeline makes it canonical
    cycle: str  # the inspection cycle in the report's address, e.g. "2025-27"
    title: str
    published: str | None  # ISO 8601 with offset
    grades: dict[str, str]  # area as the report names it -> one of detect.vocab.GRADES
    html_hash: str
    fetched_at: str


@dataclass(frozen=True)
class KnownArticle:
    """What the store already holds of an article, handed to spiders for incremental crawls."""

    title: str
    published: str | None
