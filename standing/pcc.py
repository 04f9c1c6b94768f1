"""The PCC's response clock: a Police and Crime Commissioner must publish comments on each
inspectorate report on its force within 56 days (Police Act 1996, s.55). Pure functions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from standing.derive import day_of
from standing.model import (
    BEFORE_WATCH,
    LATE,
    OVERDUE,
    PENDING,
    RESPONDED,
    UNWATCHED,
    LinkedChange,
    PccClock,
)

RESPONSE_DAYS = 56

# A PCC's comments on a PEEL report name the inspection; its other news does not.
_ABOUT_PEEL = re.compile(r"\bPEEL\b")


@dataclass(frozen=True)
class PccArticle:
    """An article of one of the force's PCC sources, as stored."""

    url: str
    title: str
    published: str | None
    text: str


@dataclass(frozen=True)
class PccWatch:
    """How long forcewatch has read the PCC's site: `since` its first good crawl, and back to
    `covers_from`, the oldest article that crawl found (None when it found none)."""

    since: str
    covers_from: str | None


def is_response(article: PccArticle) -> bool:
    return bool(_ABOUT_PEEL.search(article.title) or _ABOUT_PEEL.search(article.text))


def clocks(
    reports: Sequence[LinkedChange],
    articles: Sequence[PccArticle],
    watch: PccWatch | None,
    today: date,
) -> list[PccClock]:
    """One clock per report, oldest first. A response counts for the latest report published
    on or before it, so a comment on this cycle's report never answers the last one."""
    dated: list[tuple[date, LinkedChange]] = []
    for report in reports:
        day = day_of(report.date)
        if report.report_url and day is not None:
            dated.append((day, report))
    dated.sort(key=lambda pair: pair[0])
    responses: list[tuple[date, PccArticle]] = []
    for article in articles:
        day = day_of(article.published)
        if day is not None and is_response(article):
            responses.append((day, article))
    responses.sort(key=lambda pair: pair[0])
    out = []
    for index, (published, report) in enumerate(dated):
        until = dated[index + 1][0] if index + 1 < len(dated) else date.max
        answer = next(((d, a) for d, a in responses if published <= d < until), None)
        due = published + timedelta(days=RESPONSE_DAYS)
        state = _state(published, due, answer, watch, today)
        out.append(
            PccClock(
                report_url=report.report_url or "",
                report_title=report.report_title or f"PEEL {report.cycle or ''} report",
                published=published.isoformat(),
                due=due.isoformat(),
                state=state,
                response_url=answer[1].url if answer else None,
                response_title=answer[1].title if answer else None,
                responded=answer[0].isoformat() if answer else None,
                days=(answer[0] - published).days if answer else None,
            )
        )
    return out


def _state(
    published: date,
    due: date,
    answer: tuple[date, PccArticle] | None,
    watch: PccWatch | None,
    today: date,
) -> str:
    if watch is None:
        return UNWATCHED
    if answer is not None:
        return RESPONDED if answer[0] <= due else LATE
    covers_from = day_of(watch.covers_from)
    if covers_from is None or published < covers_from:
        # Nothing that old was read from the PCC's site: silence there says nothing.
        return BEFORE_WATCH
    return PENDING if today <= due else OVERDUE


def noticed_late(clock: PccClock, watch: PccWatch | None) -> bool:
    """An overdue response whose 56 days ran out before forcewatch read the PCC's site is
    history: recorded as baseline, never alerted."""
    since = day_of(watch.since) if watch else None
    return since is not None and date.fromisoformat(clock.due) < since
