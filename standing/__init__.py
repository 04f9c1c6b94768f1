"""Each force's standing, derived from its events: monitoring stage (Scan or Engage) since
when and on whose word, causes of concern raised, closed and open, the latest PEEL grades
beside the ones before, areas for improvement, and its PCC's responses to reports.

The derivation (`derive`, `notes`, `pcc`) is pure: events in, standing out. This module's
functions read and refresh what the store keeps of it:

    standing.current(db)          every force, alphabetically (ForceStanding each)
    standing.for_force(db, name)  one force (any name `detect.forces` knows), or None
    standing.in_engage(db)        the forces in Engage now
    standing.linked_changes(db)   linked changes, newest first (LinkedChange each)
    standing.refresh(db, now)     bring the stored standing up to date with the change log
    standing.rebuild(db, now)     derive every force again from its events

Each record has `to_dict()`, ready for JSON.
"""

from __future__ import annotations

from sqlite_utils import Database

import store.standing as st
from detect.forces import FORCES, resolve_force
from detect.vocab import SCAN
from standing.model import (
    ALERTABLE,
    CONFIRMED,
    LINK_STATES,
    REPORTED,
    RETRACTED,
    REVIEW,
    Afis,
    Concerns,
    ForceStanding,
    Grade,
    GradeChange,
    LinkedChange,
    PccClock,
    SourceRef,
)
from standing.refresh import Refreshed, rebuild, refresh

__all__ = [
    "ALERTABLE",
    "CONFIRMED",
    "LINK_STATES",
    "REPORTED",
    "RETRACTED",
    "REVIEW",
    "Afis",
    "Concerns",
    "ForceStanding",
    "Grade",
    "GradeChange",
    "LinkedChange",
    "PccClock",
    "Refreshed",
    "SourceRef",
    "current",
    "for_force",
    "in_engage",
    "linked_changes",
    "rebuild",
    "refresh",
]


def _standing(force: str, stored: dict | None) -> ForceStanding:
    # A force nothing has been learnt of is in routine monitoring, since a date not known.
    return ForceStanding.from_dict(stored) if stored else ForceStanding(force=force, stage=SCAN)


def current(db: Database) -> list[ForceStanding]:
    """Every force, alphabetically, each with its stored standing (Scan and nothing known for
    a force no event has named)."""
    stored = st.standings(db)
    names = sorted(set(FORCES) | set(stored))
    return [_standing(name, stored.get(name)) for name in names]


def for_force(db: Database, name: str) -> ForceStanding | None:
    """One force's standing, its timeline included; None when `name` is no force."""
    force = resolve_force(name) or (name if st.standing_of(db, name) else None)
    if force is None:
        return None
    return _standing(force, st.standing_of(db, force))


def in_engage(db: Database) -> list[ForceStanding]:
    """The forces in Engage, longest there first."""
    return sorted((s for s in current(db) if s.in_engage), key=lambda s: (s.since or "", s.force))


def linked_changes(
    db: Database, *, force: str | None = None, state: str | None = None
) -> list[LinkedChange]:
    """Linked changes, newest first, optionally of one force or in one state (e.g. REVIEW)."""
    return [LinkedChange.from_dict(d) for d in st.links(db, force=force, state=state)]
