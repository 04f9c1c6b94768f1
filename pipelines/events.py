"""Runs the detector on new and changed articles and turns Engage list differences into events."""

from __future__ import annotations

import logging
from typing import Any

from detect import Article, detect
from detect import vocab as v
from detect.forces import resolve_force
from items import ArticleItem, EngageListItem

logger = logging.getLogger(__name__)

PHRASES = {
    v.ENGAGE_ENTERED: "moved into enhanced monitoring (Engage)",
    v.ENGAGE_EXITED: "removed from enhanced monitoring (Engage)",
    v.CONCERN_RAISED: ("cause of concern raised", "causes of concern raised"),
    v.CONCERN_CLOSED: ("cause of concern closed", "causes of concern closed"),
    v.PEEL_GRADED: "PEEL grades published",
    v.AOI_RAISED: ("area for improvement raised", "areas for improvement raised"),
    v.AOI_CLOSED: ("area for improvement closed", "areas for improvement closed"),
}


def describe_event(event: dict[str, Any]) -> str:
    """One line for the change log and email subjects: "West Midlands Police: 3 causes of
    concern closed". It quotes what was detected and judges nothing."""
    phrase = PHRASES[event["type"]]
    count = event.get("count")
    if isinstance(phrase, tuple):
        singular, plural = phrase
        phrase = f"{count} {singular if count == 1 else plural}" if count else plural
    text = f"{event['force']}: {phrase}"
    if event.get("area"):
        text += f" ({event['area']})"
    return text


class DetectPipeline:
    def process_item(self, item: object) -> object:
        if isinstance(item, ArticleItem):
            self._detect_article(item)
        elif isinstance(item, EngageListItem):
            self._canonicalise(item)
        return item

    def _detect_article(self, item: ArticleItem) -> None:
        source = self.crawler.spider.source
        article = Article(
            title=item.title,
            text=item.text,
            url=item.url,
            published=item.published,
            source_kind=source.kind,
            force=source.force,
        )
        item.events = []
        for event in detect(article):
            data = event.to_dict()
            data["summary"] = describe_event(data)
            item.events.append(data)

    def _canonicalise(self, item: EngageListItem) -> None:
        for entry in item.forces:
            canonical = resolve_force(entry["force"])
            if canonical is None:
                logger.warning("Engage list names an unknown force: %r", entry["force"])
            else:
                entry["force"] = canonical

    @classmethod
    def from_crawler(cls, crawler: Any) -> DetectPipeline:
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline


def engage_list_events(listing: str, added: list[str], removed: list[str]) -> list[dict[str, Any]]:
    """The list page is the inspectorate's own record, so its changes carry full confidence.
    Only the "in Engage" page yields events; the "previously in Engage" page corroborates."""
    if listing != "current":
        return []
    events = []
    for force, kind, verb in [(f, v.ENGAGE_ENTERED, "added to") for f in added] + [
        (f, v.ENGAGE_EXITED, "removed from") for f in removed
    ]:
        event = {
            "type": kind,
            "force": force,
            "evidence": f"{force} was {verb} the inspectorate's list of police forces in Engage.",
            "confidence": 1.0,
        }
        event["summary"] = describe_event(event)
        events.append(event)
    return events
