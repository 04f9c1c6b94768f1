"""Forces as the pages address them, and their standing as the `standing` package keeps it."""

from __future__ import annotations

import re

from sqlite_utils import Database

import standing
from detect.forces import FORCES
from standing import ForceStanding


def force_slug(force: str) -> str:
    """ "Dyfed-Powys Police" -> "dyfed-powys-police": the force's address on the site."""
    return re.sub(r"[^a-z0-9]+", "-", force.lower()).strip("-")


SLUGS: dict[str, str] = {force_slug(f): f for f in FORCES}


def standing_of(db: Database, force: str) -> ForceStanding:
    """The force's stored standing; a force nothing is known of is in routine monitoring."""
    found = standing.for_force(db, force)
    assert found is not None, f"{force!r} is a canonical force name"
    return found


def in_engage(db: Database) -> list[ForceStanding]:
    """The forces in Engage now, longest there first."""
    return standing.in_engage(db)
