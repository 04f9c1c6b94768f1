"""The event extractor: plain functions from an article to the events it reports.

`detect` imports nothing of the rest of the project and does no I/O, so pipelines, the CLI and
the evaluation all call the same pure function.
"""

from __future__ import annotations

from .extract import detect_events
from .model import Article, Event

__all__ = ["Article", "Event", "detect"]


def detect(article: Article) -> list[Event]:
    """The events the article reports as news (not as background), one per (type, force)."""
    return detect_events(article)
