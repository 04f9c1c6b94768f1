"""From one force's events to its standing: link the reports of each change, then replay the
changes in the order they happened. Pure: events in, standing out.

Linking is a fold over the events in the order forcewatch learnt of them, so the same events
always give the same linked changes, whether they arrive in one crawl or in ten; the replay
then sorts the changes by when they happened, so sources may arrive in any order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from urllib.parse import urlsplit

from detect import vocab as v
from pipelines.events import describe_event
from standing.model import (
    CONFIRMED,
    INSPECTORATE,
    REPORTED,
    RETRACTED,
    REVIEW,
    Afis,
    Concerns,
    EventRecord,
    ForceStanding,
    Grade,
    GradeChange,
    LinkedChange,
    PccClock,
    SourceRef,
)

# Reports of one change by the inspectorate, the force, its PCC and the press fall within
# three weeks of each other.
WINDOW_DAYS = 21

TABLE = "table"

# On one day an entry comes before the concerns it brings, raisings before closures, an exit
# last.
_ORDER = {
    v.ENGAGE_ENTERED: 0,
    v.CONCERN_RAISED: 1,
    v.AOI_RAISED: 2,
    v.PEEL_GRADED: 3,
    v.CONCERN_CLOSED: 4,
    v.AOI_CLOSED: 5,
    v.ENGAGE_EXITED: 6,
}
_COUNTED = (v.CONCERN_RAISED, v.CONCERN_CLOSED, v.AOI_RAISED, v.AOI_CLOSED)
_OCCURRED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_CYCLE = re.compile(r"-(\d{4}-\d{2,4})/?$")

Span = tuple[date | None, date]


def day_of(text: str | None) -> date | None:
    """The calendar day an ISO date or datetime names, as written (UK time on our sources)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def event_span(event: EventRecord) -> Span:
    """The days within which the event happened: one day for an article's date; a month or a
    year for a list that says only "Entered Engage: January 2026"; and for a list that says
    nothing, any time up to the day it was seen (lists are updated weeks late)."""
    seen = day_of(event.detected_at) or date.max
    stated = _stated_span(event.occurred or "")
    if stated is not None:
        first, last = stated
        return first, max(first, min(last, seen))
    published = day_of(event.published)
    if published is not None:
        return published, published
    return None, seen


def _stated_span(text: str) -> tuple[date, date] | None:
    """ "2026-10-22", "2026-10" or "2026" as the first and last day it names."""
    m = _OCCURRED.fullmatch(text.strip()[:10])
    if m is None:
        return None
    year = int(m.group(1))
    try:
        if m.group(3):
            point = date(year, int(m.group(2)), int(m.group(3)))
            return point, point
        if m.group(2):
            month = int(m.group(2))
            following = date(year + month // 12, month % 12 + 1, 1)
            return date(year, month, 1), following - timedelta(days=1)
    except ValueError:
        return None
    return date(year, 1, 1), date(year, 12, 31)


def _gap(a: Span, b: Span) -> int:
    """Days between two spans; 0 when they overlap. A span without a start reaches back."""
    after = (a[0] - b[1]).days if a[0] is not None else 0
    before = (b[0] - a[1]).days if b[0] is not None else 0
    return max(0, after, before)


def channel(event: EventRecord) -> str:
    """Who said it: a source's news, its letters, its reports, its list, its grade tables.

    A linked change holds one report per channel: HMICFRS's news item and its letter are two
    sources of one change, two news items of one force's site are two changes.
    """
    segment = urlsplit(event.url).path.strip("/").split("/")[0]
    return f"{event.source_id}|{event.origin}|{segment}"


@dataclass
class _Cluster:
    order: int
    events: list[EventRecord] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    channels: set[str] = field(default_factory=set)

    def add(self, event: EventRecord, span: Span) -> None:
        self.events.append(event)
        self.spans.append(span)
        self.channels.add(channel(event))

    def span(self) -> Span:
        """Anchored by its dated sources once it has any; open while it has only lists."""
        starts = [s[0] for s in self.spans if s[0] is not None]
        ends = [s[1] for s in self.spans if s[0] is not None] or [s[1] for s in self.spans]
        return (min(starts) if starts else None), max(ends)

    def day(self) -> date:
        """When it happened: the earliest dated report, else the earliest a list allows."""
        points = [s[0] for s in self.spans if s[0] is not None and s[0] == s[1]]
        if points:
            return min(points)
        starts = [s[0] for s in self.spans if s[0] is not None]
        return min(starts) if starts else max(s[1] for s in self.spans)


def link_events(events: Iterable[EventRecord], window: int = WINDOW_DAYS) -> list[_Cluster]:
    """Group one force's events into changes: same type, within `window` days, one per channel.

    An event joins the nearest change it fits (ties: the most recent, then the oldest-made);
    changes never merge, so a change keeps its first event, and its id, for good.
    """
    clusters: dict[str, list[_Cluster]] = {}
    made: list[_Cluster] = []
    for event in sorted(events, key=lambda e: (e.seq, e.id)):
        span = event_span(event)
        fits = []
        for cluster in clusters.get(event.type, []):
            if channel(event) in cluster.channels:
                continue
            gap = _gap(span, cluster.span())
            if gap <= window:
                fits.append((gap, -cluster.span()[1].toordinal(), cluster.order, cluster))
        if fits:
            target = min(fits, key=lambda f: f[:3])[3]
        else:
            target = _Cluster(order=len(made))
            made.append(target)
            clusters.setdefault(event.type, []).append(target)
        target.add(event, span)
    return made


def _areas(events: Sequence[EventRecord], kind: str) -> tuple[str, ...]:
    found: list[str] = []
    for event in events:
        named = [event.area] if event.area else []
        if kind in _COUNTED:
            named += v.find_areas(event.evidence)
        for area in named:
            if area not in found:
                found.append(area)
    return tuple(found)


def _cycle(url: str) -> str | None:
    m = _CYCLE.search(urlsplit(url).path)
    return m.group(1) if m else None


def _event_dict(event: EventRecord) -> dict[str, object]:
    return {"type": event.type, "force": event.force, "count": event.count, "area": event.area}


def _draft(force: str, cluster: _Cluster) -> LinkedChange:
    """A linked change's values from its sources, before the replay judges it."""
    lead = cluster.events[0]
    active = [e for e in cluster.events if not e.retracted]
    pool = active or cluster.events
    inspectorate = any(e.source_kind == INSPECTORATE for e in active)
    stated = [e.count for e in pool if e.count and e.source_kind == INSPECTORATE] or [
        e.count for e in pool if e.count
    ]
    count = max(stated) if stated else None
    areas = _areas(pool, lead.type)
    tables = sorted(
        (e for e in pool if e.origin == TABLE and e.grade), key=lambda e: e.published or ""
    )
    if len(pool) == 1:
        summary = describe_event(_event_dict(pool[0]))
    else:
        # An area names the change only when it covers all of it: "3 closed (custody)" would
        # say more than any source did when only one of the three areas is known.
        one_area = areas[0] if len(areas) == 1 and (count or 1) == 1 else None
        summary = describe_event(
            {"type": lead.type, "force": force, "count": count, "area": one_area}
        )
    state = (CONFIRMED if inspectorate else REPORTED) if active else RETRACTED
    return LinkedChange(
        id=lead.id,
        force=force,
        type=lead.type,
        state=state,
        date=cluster.day().isoformat(),
        summary=summary,
        lead_change_id=lead.seq,
        count=count,
        areas=areas,
        inspectorate=inspectorate,
        baseline=all(e.baseline for e in cluster.events),
        lead_retracted=lead.retracted,
        cycle=_cycle(tables[-1].url) if tables else None,
        grades=dict(tables[-1].grade) if tables and tables[-1].grade else None,
        report_url=tables[-1].url if tables else None,
        report_title=tables[-1].title if tables else None,
        event_ids=tuple(e.id for e in cluster.events),
        sources=tuple(
            SourceRef(
                source_id=e.source_id,
                source_name=e.source_name,
                source_kind=e.source_kind,
                url=e.url,
                title=e.title,
                published=e.published or e.occurred,
                evidence=e.evidence,
                event_id=e.id,
                retracted=e.retracted,
            )
            for e in cluster.events
        ),
    )


def _restates(link: LinkedChange, before: LinkedChange, window: int) -> bool:
    """A change of the same type soon after one already applied, with no other number, is the
    same change said again (a letter recalling the concerns it raised a fortnight before)."""
    if link.grades is not None and before.grades is not None and link.cycle != before.cycle:
        return False
    close = (date.fromisoformat(link.date) - date.fromisoformat(before.date)).days <= window
    return close and (link.count is None or before.count is None or link.count == before.count)


def _number(link: LinkedChange) -> int:
    """How many concerns a change is about: as stated, else one per named area, else one."""
    return link.count or max(1, len(link.areas))


def _long(day: str | None) -> str:
    if not day:
        return "a date not known"
    d = date.fromisoformat(day)
    return f"{d.day} {d:%B %Y}"


def _grade_changes(reports: Sequence[LinkedChange], link: LinkedChange) -> tuple[GradeChange, ...]:
    """Areas whose grade differs from the one the force's previous report gave them."""
    out = []
    for area, grade in (link.grades or {}).items():
        before = _previous_grade(reports, area, link.cycle)
        if before is not None and before[0] != grade:
            out.append(GradeChange(area, before[0], grade))
    return tuple(out)


def _previous_grade(
    reports: Sequence[LinkedChange], area: str, cycle: str | None
) -> tuple[str, str | None] | None:
    for report in reversed(reports):
        if report.cycle != cycle and report.grades and area in report.grades:
            return report.grades[area], report.cycle
    return None


def derive(
    force: str,
    events: Iterable[EventRecord],
    *,
    basis: bool,
    window: int = WINDOW_DAYS,
    pcc: Sequence[PccClock] = (),
) -> tuple[ForceStanding, list[LinkedChange]]:
    """A force's standing and its linked changes, from all of its events.

    `basis` says whether forcewatch reads the inspectorate at all: only then can an exit of a
    force not in Engage, or a closure with no cause of concern open, contradict the record,
    and such a change is held for `review` instead of being applied.
    """
    drafts = [_draft(force, c) for c in link_events(events, window)]
    ordered = sorted(drafts, key=lambda k: (k.date, _ORDER.get(k.type, 9), k.lead_change_id))
    stage, since, stage_change = v.SCAN, None, None
    concerns = {"raised": 0, "closed": 0, "open": 0}
    areas: dict[str, str] = {}
    afis = {"raised": 0, "closed": 0}
    reports: list[LinkedChange] = []
    applied: dict[str, LinkedChange] = {}
    final: dict[str, LinkedChange] = {}
    for link in ordered:
        if link.state == RETRACTED:
            final[link.id] = link
            continue
        before = applied.get(link.type)
        if before is not None and _restates(link, before, window):
            final[link.id] = replace(link, restates=before.id)
            continue
        reason = None
        if link.type == v.ENGAGE_ENTERED:
            if stage == v.ENGAGE:
                if basis:
                    reason = f"already in Engage since {_long(since)} on forcewatch's record"
            else:
                stage, since, stage_change = v.ENGAGE, link.date, link.id
        elif link.type == v.ENGAGE_EXITED:
            if stage != v.ENGAGE and basis:
                reason = "not in Engage on forcewatch's record"
            else:
                stage, since, stage_change = v.SCAN, link.date, link.id
        elif link.type == v.CONCERN_RAISED:
            n = _number(link)
            concerns["raised"] += n
            concerns["open"] += n
            areas.update(dict.fromkeys(link.areas, "open"))
        elif link.type == v.CONCERN_CLOSED:
            if concerns["open"] == 0 and basis:
                reason = "no cause of concern open on forcewatch's record"
            else:
                n = _number(link)
                concerns["closed"] += n
                concerns["open"] = max(0, concerns["open"] - n)
                areas.update(dict.fromkeys(link.areas, "closed"))
        elif link.type == v.AOI_RAISED:
            afis["raised"] += link.count or 0
        elif link.type == v.AOI_CLOSED:
            afis["closed"] += link.count or 0
        elif link.type == v.PEEL_GRADED and link.grades:
            link = replace(link, grade_changes=_grade_changes(reports, link))
            reports.append(link)
        if reason is not None:
            final[link.id] = replace(link, state=REVIEW, reason=reason)
            continue
        applied[link.type] = link
        final[link.id] = link
    timeline = sorted(
        final.values(),
        key=lambda k: (k.date, _ORDER.get(k.type, 9), k.lead_change_id),
        reverse=True,
    )
    grades = ()
    if reports:
        latest = reports[-1]
        rows = []
        for area, grade in (latest.grades or {}).items():
            previous = _previous_grade(reports[:-1], area, latest.cycle)
            rows.append(
                Grade(
                    area=area,
                    grade=grade,
                    cycle=latest.cycle,
                    previous=previous[0] if previous else None,
                    previous_cycle=previous[1] if previous else None,
                    report_url=latest.report_url,
                )
            )
        grades = tuple(rows)
    standing = ForceStanding(
        force=force,
        stage=stage,
        since=since,
        stage_change=stage_change,
        evidence=final[stage_change].sources if stage_change else (),
        concerns=Concerns(areas=areas, **concerns),
        grades=grades,
        grades_cycle=reports[-1].cycle if reports else None,
        afis=Afis(**afis),
        pcc=tuple(pcc),
        review=tuple(k.id for k in timeline if k.state == REVIEW),
        last_event=next((k for k in timeline if k.state != RETRACTED), None),
        timeline=tuple(timeline),
    )
    return standing, [final[d.id] for d in drafts]


def report_links(links: Iterable[LinkedChange]) -> list[LinkedChange]:
    """The changes that are a PEEL report's grade table, oldest first."""
    return sorted((k for k in links if k.grades), key=lambda k: k.date)
