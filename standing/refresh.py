"""Bringing the stored standing up to date with the change log, or building it again.

`refresh` re-derives the forces the change log has news of since the last refresh (and those
whose PCC response clock ran out), writes their linked changes and standing, and adds the
entries their movement calls for, in one write transaction. `rebuild` derives every force
again from its events and writes no entries: the same events give the same standing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlite_utils import Database

import store.standing as st
from standing.derive import WINDOW_DAYS, day_of, derive, report_links
from standing.model import OVERDUE, PENDING, EventRecord, ForceStanding, LinkedChange
from standing.notes import Note, link_notes, overdue_note
from standing.pcc import PccArticle, PccWatch, clocks, noticed_late
from store.db import utcnow, write_transaction


@dataclass(frozen=True)
class Refreshed:
    """What a refresh did: the forces derived again, the entries added, and the change-log id
    through which everything is now linked."""

    forces: tuple[str, ...]
    notes: tuple[Note, ...]
    through: int


def refresh(db: Database, now: str | None = None, *, window: int = WINDOW_DAYS) -> Refreshed:
    """Derive again every force the change log has news of; `now` (ISO UTC, default the
    store's clock) is when the PCC response clocks are read."""
    now = now or utcnow()
    with write_transaction(db):
        marks = st.meta(db)
        basis = st.inspectorate_read(db)
        if marks.get("basis") != str(int(basis)):
            # What counts as a contradiction changed: every force is judged again.
            forces = set(st.forces_with_events(db)) | set(st.standings(db))
        else:
            forces = st.changed_forces(db, int(marks.get("through", 0)))
        forces |= set(st.due_forces(db, now[:10]))
        notes: list[Note] = []
        for force in sorted(forces):
            notes += _derive_force(db, force, now, basis=basis, window=window, emit=True)
        through = st.max_change_id(db)
        st.set_meta(db, through=through, basis=int(basis), refreshed_at=now)
    return Refreshed(tuple(sorted(forces)), tuple(notes), through)


def rebuild(db: Database, now: str | None = None, *, window: int = WINDOW_DAYS) -> Refreshed:
    """Forget the stored standing and derive every force again from its events (the change
    log keeps its entries; none is added)."""
    now = now or utcnow()
    with write_transaction(db):
        basis = st.inspectorate_read(db)
        st.clear(db)
        forces = st.forces_with_events(db)
        for force in forces:
            _derive_force(db, force, now, basis=basis, window=window, emit=False)
        through = st.max_change_id(db)
        st.set_meta(db, through=through, basis=int(basis), refreshed_at=now)
    return Refreshed(tuple(forces), (), through)


def derive_force(
    db: Database, force: str, now: str, *, basis: bool, window: int = WINDOW_DAYS
) -> tuple[ForceStanding, list[LinkedChange]]:
    """A force's standing and linked changes from what the store holds, without writing."""
    records = [EventRecord.from_dict(row) for row in st.force_events(db, force)]
    standing, links = derive(force, records, basis=basis, window=window)
    watched = st.pcc_watch(db, force)
    watch = PccWatch(watched["since"], watched["covers_from"]) if watched else None
    articles = [PccArticle(**row) for row in st.pcc_articles(db, force)] if watch else []
    today = day_of(now)
    if today is None:
        raise ValueError(f"not an ISO 8601 time: {now!r}")
    pcc = clocks(report_links(links), articles, watch, today)
    return replace(standing, pcc=tuple(pcc)), links


def _derive_force(
    db: Database, force: str, now: str, *, basis: bool, window: int, emit: bool
) -> list[Note]:
    standing, links = derive_force(db, force, now, basis=basis, window=window)
    notes: list[Note] = []
    if emit:
        notes = link_notes(st.stored_links(db, force), links)
        watched = st.pcc_watch(db, force)
        watch = PccWatch(watched["since"], watched["covers_from"]) if watched else None
        reports = {k.report_url: k for k in links if k.report_url}
        for clock in standing.pcc:
            if clock.state != OVERDUE or st.overdue_noted(db, clock.report_url):
                continue
            report = reports[clock.report_url]
            table = next(s for s in report.sources if s.url == clock.report_url)
            notes.append(
                overdue_note(
                    force,
                    clock,
                    source_id=table.source_id,
                    event_id=None,
                    baseline=noticed_late(clock, watch),
                )
            )
        for note in notes:
            st.add_note(
                db,
                kind=note.kind,
                force=note.force,
                summary=note.summary,
                detail=note.detail,
                source_id=note.source_id,
                url=note.url,
                event_id=note.event_id,
                baseline=note.baseline,
                now=now,
            )
    pending = [c.due for c in standing.pcc if c.state == PENDING]
    st.save_force(
        db,
        force,
        stage=standing.stage,
        next_due=min(pending) if pending else None,
        standing=standing.to_dict(),
        links=[k.to_dict() for k in links],
        now=now,
    )
    return notes
