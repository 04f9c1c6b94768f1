"""Force names: the canonical list, every alias the press uses, and what is not a force."""

from __future__ import annotations

import pytest

from detect.forces import (
    FORCES,
    TERRITORIAL_FORCES,
    find_forces,
    find_place_subjects,
    resolve_force,
)

CANONICAL = """Avon and Somerset Constabulary; Bedfordshire Police; Cambridgeshire Constabulary;
Cheshire Constabulary; City of London Police; Cleveland Police; Cumbria Constabulary;
Derbyshire Constabulary; Devon and Cornwall Police; Dorset Police; Durham Constabulary;
Dyfed-Powys Police; Essex Police; Gloucestershire Constabulary; Greater Manchester Police;
Gwent Police; Hampshire and Isle of Wight Constabulary; Hertfordshire Constabulary;
Humberside Police; Kent Police; Lancashire Constabulary; Leicestershire Police;
Lincolnshire Police; Merseyside Police; Metropolitan Police Service; Norfolk Constabulary;
North Wales Police; North Yorkshire Police; Northamptonshire Police; Northumbria Police;
Nottinghamshire Police; South Wales Police; South Yorkshire Police; Staffordshire Police;
Suffolk Constabulary; Surrey Police; Sussex Police; Thames Valley Police; Warwickshire Police;
West Mercia Police; West Midlands Police; West Yorkshire Police; Wiltshire Police;
British Transport Police"""


def test_the_list_is_the_contract() -> None:
    names = [n.strip() for n in CANONICAL.replace("\n", " ").split(";")]
    assert sorted(FORCES) == sorted(names)
    assert len(TERRITORIAL_FORCES) == 43
    assert "British Transport Police" not in TERRITORIAL_FORCES


@pytest.mark.parametrize("name", FORCES)
def test_canonical_names_resolve_to_themselves(name: str) -> None:
    assert resolve_force(name) == name
    assert [f for _, _, f in find_forces(f"A statement from {name} today.")] == [name]


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("WMP", "West Midlands Police"),
        ("West Midlands force", "West Midlands Police"),
        ("the West Midlands force", "West Midlands Police"),
        ("West Midlands", "West Midlands Police"),
        ("the Met", "Metropolitan Police Service"),
        ("Met Police", "Metropolitan Police Service"),
        ("Metropolitan Police", "Metropolitan Police Service"),
        ("Scotland Yard", "Metropolitan Police Service"),
        ("Avon and Somerset Police", "Avon and Somerset Constabulary"),
        ("Avon & Somerset Constabulary", "Avon and Somerset Constabulary"),
        ("Devon & Cornwall", "Devon and Cornwall Police"),
        ("Devon and Cornwall Constabulary", "Devon and Cornwall Police"),
        ("GMP", "Greater Manchester Police"),
        ("Greater Manchester", "Greater Manchester Police"),
        ("Notts Police", "Nottinghamshire Police"),
        ("Lincs Police", "Lincolnshire Police"),
        ("Leics Police", "Leicestershire Police"),
        ("Northants Police", "Northamptonshire Police"),
        ("Herts Police", "Hertfordshire Constabulary"),
        ("Cambs Constabulary", "Cambridgeshire Constabulary"),
        ("Staffs Police", "Staffordshire Police"),
        ("Hampshire Constabulary", "Hampshire and Isle of Wight Constabulary"),
        ("Hampshire Police", "Hampshire and Isle of Wight Constabulary"),
        ("Hampshire & IoW Constabulary", "Hampshire and Isle of Wight Constabulary"),
        ("Thames Valley", "Thames Valley Police"),
        ("TVP", "Thames Valley Police"),
        ("Dyfed Powys", "Dyfed-Powys Police"),
        ("Dyfed\u2013Powys Police", "Dyfed-Powys Police"),
        ("Heddlu Gwent", "Gwent Police"),
        ("North Yorks Police", "North Yorkshire Police"),
        ("SYP", "South Yorkshire Police"),
        ("West Yorks Police", "West Yorkshire Police"),
        ("Wiltshire Constabulary", "Wiltshire Police"),
        ("BTP", "British Transport Police"),
        ("Transport Police", "British Transport Police"),
        ("Lincolnshire's police force", "Lincolnshire Police"),
        ("the force in Kent", "Kent Police"),
    ],
)
def test_aliases(alias: str, canonical: str) -> None:
    assert resolve_force(alias) == canonical


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WMP said the Met and GMP had both improved.", ["West Midlands Police",
         "Metropolitan Police Service", "Greater Manchester Police"]),
        ("Police in Lincolnshire and Notts Police met.", ["Lincolnshire Police",
         "Nottinghamshire Police"]),
        ("The Met's commissioner spoke.", ["Metropolitan Police Service"]),
        ("Met officers were praised.", ["Metropolitan Police Service"]),
        ("Kent Police and Kent Fire and Rescue Service held a joint event.", ["Kent Police"]),
        ("Essex County Fire and Rescue Service and Essex Police trained together.",
         ["Essex Police"]),
    ],
)  # fmt: skip
def test_find_forces_in_running_text(text: str, expected: list[str]) -> None:
    assert [f for _, _, f in find_forces(text)] == expected


def test_find_forces_gives_offsets_into_the_text() -> None:
    text = "Yesterday Devon & Cornwall Police said so."
    ((start, end, name),) = find_forces(text)
    assert text[start:end] == "Devon & Cornwall Police"
    assert name == "Devon and Cornwall Police"


@pytest.mark.parametrize(
    "text",
    [
        "West Midlands Fire Service",
        "Greater Manchester Fire and Rescue Service",
        "the fire and rescue service",
        "Hampshire and Isle of Wight Fire and Rescue Service",
        "Police Scotland",
        "PSNI",
        "the Police Service of Northern Ireland",
        "the Met Office",
        "people across the West Midlands",
        "the Mayor of the West Midlands Combined Authority",
        "Kent County Council",
        "Isle of Man Constabulary",
    ],
)
def test_not_police_forces_of_england_and_wales(text: str) -> None:
    assert find_forces(text) == []
    assert resolve_force(text) is None


def test_resolve_force_rejects_empty_and_unknown() -> None:
    assert resolve_force(None) is None
    assert resolve_force("") is None
    assert resolve_force("Ruritania Police") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Norfolk was rated good in four areas.", ["Norfolk Constabulary"]),
        ("Suffolk has been given a cause of concern.", ["Suffolk Constabulary"]),
        ("Burglaries in Norfolk were down.", []),
        ("Residents across Surrey are asked to call.", []),
    ],
)
def test_bare_county_as_subject(text: str, expected: list[str]) -> None:
    assert [f for _, _, f in find_place_subjects(text)] == expected
