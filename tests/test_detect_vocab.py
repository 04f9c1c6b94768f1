"""The vocabulary: event types, monitoring states, grades and areas, and their classifiers."""

from __future__ import annotations

import pytest

from detect import vocab
from detect.vocab import classify_area, find_areas, normalise_grade


def test_event_types_are_the_contract() -> None:
    assert vocab.EVENT_TYPES == (
        "engage_entered",
        "engage_exited",
        "concern_raised",
        "concern_closed",
        "peel_graded",
        "aoi_raised",
        "aoi_closed",
    )
    assert vocab.ENGAGE_ENTERED == "engage_entered"
    assert vocab.AOI_CLOSED == "aoi_closed"


def test_monitoring_states_and_grades() -> None:
    assert (vocab.SCAN, vocab.ENGAGE) == ("scan", "engage")
    assert vocab.GRADES == ("outstanding", "good", "adequate", "requires improvement", "inadequate")


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("good", "good"),
        ("'Good'", "good"),
        ("OUTSTANDING", "outstanding"),
        ("adequate.", "adequate"),
        ("Inadequate", "inadequate"),
        ("requires improvement", "requires improvement"),
        ("Requires Improvement", "requires improvement"),
        ("require improvement", "requires improvement"),
        ("requiring improvement", "requires improvement"),
        ("needs improvement", "requires improvement"),
        ("RI", "requires improvement"),
        ("graded as 'inadequate' overall", "inadequate"),
        ("", None),
        (None, None),
        ("excellent", None),
        ("improvement", None),
    ],
)
def test_normalise_grade(text: str | None, grade: str | None) -> None:
    assert normalise_grade(text) == grade


def test_inadequate_is_not_read_as_adequate() -> None:
    assert normalise_grade("inadequate") == vocab.INADEQUATE


@pytest.mark.parametrize(
    ("sentence", "area"),
    [
        ("The force is not investigating crime effectively.", vocab.INVESTIGATIONS),
        ("outcomes for victims of crime", vocab.INVESTIGATIONS),
        ("work effectively to keep vulnerable people safe", vocab.VULNERABLE_PEOPLE),
        ("the backlog of MARAC cases", vocab.VULNERABLE_PEOPLE),
        ("manage the risk posed by registered sex offenders", vocab.SEX_OFFENDER_MANAGEMENT),
        ("managing sex offenders in the community", vocab.SEX_OFFENDER_MANAGEMENT),
        ("people who commit online child abuse offences", vocab.ONLINE_CHILD_ABUSE),
        ("its online child sexual exploitation team", vocab.ONLINE_CHILD_ABUSE),
        ("health care for detainees in custody", vocab.CUSTODY),
        ("answering 999 calls quickly", vocab.CALL_HANDLING),
        ("Responding to the public", vocab.CALL_HANDLING),
        ("call handling in the control room", vocab.CALL_HANDLING),
        ("the accuracy of its crime recording", vocab.CRIME_RECORDING),
        ("Leadership and force management", vocab.LEADERSHIP),
        ("Police powers and public treatment", vocab.PUBLIC_TREATMENT),
        ("its use of stop and search", vocab.PUBLIC_TREATMENT),
        ("Preventing crime and antisocial behaviour", vocab.NEIGHBOURHOOD_POLICING),
        ("neighbourhood policing teams", vocab.NEIGHBOURHOOD_POLICING),
        ("Managing offenders and suspects", vocab.MANAGING_OFFENDERS),
        ("vetting and counter-corruption", vocab.VETTING),
        ("Building, supporting and protecting the workforce", vocab.WORKFORCE),
        ("The weather was fine all week.", None),
        ("", None),
    ],
)
def test_classify_area(sentence: str, area: str | None) -> None:
    assert classify_area(sentence) == area


def test_every_classified_area_is_in_the_fixed_list() -> None:
    text = (
        "investigations, vulnerable people, sex offenders, online child abuse, custody, 999 calls, "
        "crime recording, leadership, public treatment, neighbourhood policing, managing "
        "offenders, workforce, value for money, organised crime, vetting"
    )
    found = find_areas(text)
    assert set(found) <= set(vocab.AREAS)
    assert len(found) == len(vocab.AREAS)


def test_find_areas_in_order_of_mention() -> None:
    assert find_areas("custody suites and then 999 calls, then custody again") == [
        vocab.CUSTODY,
        vocab.CALL_HANDLING,
    ]
