"""Runs the detector on new and changed articles and turns Engage list differences into events."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from detect import Article, detect
from detect import vocab as v
from detect.forces import resolve_force
from items import ArticleItem, EngageListItem, PeelGradesItem
from store.events import LIST, TABLE

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
        elif isinstance(item, PeelGradesItem):
            canonical = resolve_force(item.force)
            if canonical is None:
                logger.warning("PEEL report %s names an unknown force: %r", item.url, item.force)
            else:
                item.force = canonical
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


def engage_list_events(
    listing: str,
    added: list[str],
    removed: list[str],
    entries: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The list page is the inspectorate's own record, so its changes carry full confidence.
    Only the "in Engage" page yields events; the "previously in Engage" page corroborates.

    A force's block says when it entered ("Entered Engage: January 2026"): that is when its
    entry happened, however late the page was updated. A force gone from the page says nothing.
    """
    if listing != "current":
        return []
    entered = {e["force"]: stated_month(e.get("entered")) for e in entries or []}
    events = []
    for force, kind, verb in [(f, v.ENGAGE_ENTERED, "added to") for f in added] + [
        (f, v.ENGAGE_EXITED, "removed from") for f in removed
    ]:
        event = {
            "type": kind,
            "force": force,
            "evidence": f"{force} was {verb} the inspectorate's list of police forces in Engage.",
            "confidence": 1.0,
            "origin": LIST,
            "occurred": entered.get(force) if kind == v.ENGAGE_ENTERED else None,
        }
        event["summary"] = describe_event(event)
        events.append(event)
    return events


def stated_month(text: str | None) -> str | None:
    """ "January 2026" -> "2026-01", "6 July 2022" -> "2022-07-06", "2019" -> "2019"."""
    words = " ".join((text or "").split())
    for fmt, width in (("%d %B %Y", 10), ("%B %Y", 7), ("%Y", 4)):
        try:
            return datetime.strptime(words, fmt).date().isoformat()[:width]
        except ValueError:
            continue
    return None


def peel_report_events(
    item: PeelGradesItem, previous: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """A report's grade table as one peel_graded event; its change-log line names every area
    whose grade differs from the force's previous report ("Investigating crime: adequate ->
    requires improvement")."""
    changed = []
    if previous is not None:
        for area, grade in item.grades.items():
            before = previous["grades"].get(area)
            if before is not None and before != grade:
                changed.append(f"{area}: {before} -> {grade}")
    event = {
        "type": v.PEEL_GRADED,
        "force": item.force,
        "grade": dict(item.grades),
        "evidence": "; ".join(f"{area}: {grade}" for area, grade in item.grades.items()),
        "confidence": 1.0,
        "origin": TABLE,
        "occurred": (item.published or "")[:10] or None,
    }
    summary = f"{item.force}: PEEL {item.cycle} grades"
    if changed:
        summary += f", {len(changed)} changed since {previous['cycle']}: " + "; ".join(changed)
    elif previous is not None:
        summary += f", none changed since {previous['cycle']}"
    else:
        summary += f" published ({len(item.grades)} areas)"
    event["summary"] = summary
    return [event]
