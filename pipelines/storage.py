"""Writes each item and everything derived from it to the store in one transaction."""

from __future__ import annotations

from scrapy.exceptions import DropItem

import standing
import store
from detect.forces import FORCES
from items import ArticleItem, EngageListItem, PeelGradesItem, WithdrawnItem
from pipelines.base import CrawlContext
from pipelines.events import engage_list_events, peel_report_events
from store.standing import save_peel_report


class StorePipeline(CrawlContext):
    def process_item(self, item: object) -> object:
        if isinstance(item, ArticleItem):
            self._article(item)
        elif isinstance(item, WithdrawnItem):
            if store.mark_withdrawn(
                self.db,
                url=item.url,
                http_status=item.http_status,
                run_id=self.run_id,
                baseline=self.baseline,
            ):
                self.count("withdrawn")
        elif isinstance(item, EngageListItem):
            outcome = store.save_engage_list(
                self.db,
                source_id=item.source_id,
                listing=item.listing,
                url=item.url,
                forces=item.forces,
                html_hash=item.html_hash,
                events_for=lambda added, removed: engage_list_events(
                    item.listing, added, removed, item.forces
                ),
                run_id=self.run_id,
                baseline=self.baseline,
            )
            self.count("list_changes", len(outcome.added) + len(outcome.removed))
            self.count("events", len(outcome.events))
        elif isinstance(item, PeelGradesItem):
            if item.force not in FORCES:
                # Grades filed under a name no force has would make a standing of their own.
                raise DropItem(f"PEEL report {item.url}: unknown force {item.force!r}")
            report = save_peel_report(
                self.db,
                source_id=item.source_id,
                url=item.url,
                force=item.force,
                cycle=item.cycle,
                title=item.title,
                published=item.published,
                grades=item.grades,
                html_hash=item.html_hash,
                events_for=lambda previous: peel_report_events(item, previous),
                run_id=self.run_id,
                baseline=self.baseline,
            )
            self.count("events", len(report.events))
        return item

    def close_spider(self) -> None:
        """What this crawl stored is read into the forces' standing before the next dispatch."""
        try:
            if self.db is not None:
                standing.refresh(self.db)
        finally:
            super().close_spider()

    def _article(self, item: ArticleItem) -> None:
        source = self.source
        force = source.force or _single_event_force(item)
        outcome = store.save_article(
            self.db,
            source_id=item.source_id,
            force=force,
            url=item.url,
            title=item.title,
            published=item.published,
            text=item.text,
            html_hash=item.html_hash,
            events=item.events,
            run_id=self.run_id,
            baseline=self.baseline,
        )
        self.count(outcome.status)
        self.count("events", len(outcome.new_events))
        self.count("retractions", len(outcome.retracted_events))


def _single_event_force(item: ArticleItem) -> str | None:
    """An inspectorate article is filed under a force when its events name exactly one."""
    forces = {e["force"] for e in item.events}
    return forces.pop() if len(forces) == 1 else None
