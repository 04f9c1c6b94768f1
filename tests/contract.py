"""The contract's vocabulary, written out once for the tests that check data against it.

Kept apart from detect/ on purpose: a drift in the detector's vocabulary must not silently
relabel the corpus or the registry that are checked against the contract itself.
"""

from __future__ import annotations

EVENT_TYPES = frozenset(
    {
        "engage_entered",
        "engage_exited",
        "concern_raised",
        "concern_closed",
        "peel_graded",
        "aoi_raised",
        "aoi_closed",
    }
)

# The 43 territorial forces of England and Wales and British Transport Police.
CANONICAL_FORCES = frozenset(
    {
        "Avon and Somerset Constabulary",
        "Bedfordshire Police",
        "Cambridgeshire Constabulary",
        "Cheshire Constabulary",
        "City of London Police",
        "Cleveland Police",
        "Cumbria Constabulary",
        "Derbyshire Constabulary",
        "Devon and Cornwall Police",
        "Dorset Police",
        "Durham Constabulary",
        "Dyfed-Powys Police",
        "Essex Police",
        "Gloucestershire Constabulary",
        "Greater Manchester Police",
        "Gwent Police",
        "Hampshire and Isle of Wight Constabulary",
        "Hertfordshire Constabulary",
        "Humberside Police",
        "Kent Police",
        "Lancashire Constabulary",
        "Leicestershire Police",
        "Lincolnshire Police",
        "Merseyside Police",
        "Metropolitan Police Service",
        "Norfolk Constabulary",
        "North Wales Police",
        "North Yorkshire Police",
        "Northamptonshire Police",
        "Northumbria Police",
        "Nottinghamshire Police",
        "South Wales Police",
        "South Yorkshire Police",
        "Staffordshire Police",
        "Suffolk Constabulary",
        "Surrey Police",
        "Sussex Police",
        "Thames Valley Police",
        "Warwickshire Police",
        "West Mercia Police",
        "West Midlands Police",
        "West Yorkshire Police",
        "Wiltshire Police",
        "British Transport Police",
    }
)
