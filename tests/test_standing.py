"""The standing as pure functions: linking sources into changes, replaying them into a force's
state, the entries its movement calls for, and the PCC response clock."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest

from standing.derive import derive, event_span, link_events
from standing.model import (
    BEFORE_WATCH,
    CONFIRMED,
    LATE,
    OVERDUE,
    PENDING,
    REPORTED,
    RESPONDED,
    RETRACTED,
    REVIEW,
    UNWATCHED,
    EventRecord,
    ForceStanding,
    LinkedChange,
    SourceRef,
)
from standing.notes import link_notes
from standing.pcc import PccArticle, PccWatch, clocks

WMP = "West Midlands Police"
SEEN = "2026-10-29T08:00:00+00:00"
HMICFRS = "https://hmicfrs.justiceinspectorates.gov.uk"

# Who says it: (source id, source kind, path segment of its URLs, origin).
NEWS = ("hmicfrs", "inspectorate", "news", "text")
LETTER = ("hmicfrs", "inspectorate", "publication-html", "text")
LIST = ("hmicfrs-engage", "inspectorate", "about-us", "list")
REPORT = ("hmicfrs", "inspectorate", "peel-reports", "table")
FORCE_SITE = ("west-midlands", "force", "news", "text")
PCC = ("pcc-west-midlands", "pcc", "news", "text")
PRESS = ("express-and-star", "press", "news", "text")


def ev(
    kind: str,
    day: str | None,
    by: tuple[str, str, str, str] = NEWS,
    *,
    count: int | None = None,
    area: str | None = None,
    evidence: str = "",
    occurred: str | None = None,
    grade: dict[str, str] | None = None,
    retracted: bool = False,
    slug: str | None = None,
    force: str = WMP,
) -> EventRecord:
    """An event; its id and (for now) its place in the arrival order come from its fields."""
    source_id, source_kind, segment, origin = by
    page = slug or f"{kind}-{day}-{count}"
    return EventRecord(
        id=f"{source_id}:{segment}:{page}:{kind}",
        type=kind,
        force=force,
        seq=0,
        source_id=source_id,
        source_kind=source_kind,
        source_name=source_id,
        url=f"https://{source_id}.example/{segment}/{page}/",
        title=page,
        published=f"{day}T10:00:00+01:00" if day else None,
        occurred=occurred,
        detected_at=SEEN,
        count=count,
        area=area,
        grade=grade,
        evidence=evidence,
        retracted=retracted,
        origin=origin,
    )


def arrived(*events: EventRecord) -> list[EventRecord]:
    """The events in the order given, numbered as the change log would number them."""
    return [replace(e, seq=n) for n, e in enumerate(events, start=1)]


def run(*events: EventRecord, basis: bool = True) -> tuple[ForceStanding, list[LinkedChange]]:
    return derive(WMP, arrived(*events), basis=basis)


@pytest.mark.parametrize(
    ("occurred", "published", "expected"),
    [
        (None, "2026-10-22T10:00:00+01:00", (date(2026, 10, 22), date(2026, 10, 22))),
        ("2026-01", None, (date(2026, 1, 1), date(2026, 1, 31))),
        ("2019", None, (date(2019, 1, 1), date(2019, 12, 31))),
        ("2022-07-06", None, (date(2022, 7, 6), date(2022, 7, 6))),
        # A month still running ends on the day the list was read.
        ("2026-10", None, (date(2026, 10, 1), date(2026, 10, 29))),
        # A list that names no date: any time up to the day it was read.
        (None, None, (None, date(2026, 10, 29))),
    ],
)
def test_when_an_event_happened(occurred, published, expected):
    event = replace(ev("engage_entered", None, LIST, occurred=occurred), published=published)
    assert event_span(event) == expected


EXIT_SOURCES = (
    ev("engage_exited", None, LIST),
    ev("engage_exited", "2026-10-22", NEWS),
    ev("engage_exited", "2026-10-22", LETTER),
    ev("engage_exited", "2026-10-22", FORCE_SITE),
)


@pytest.mark.parametrize(
    ("events", "sources", "states"),
    [
        # The list, the inspectorate's news and letter, and the force: one change.
        (EXIT_SOURCES, [4], [CONFIRMED]),
        (
            [
                ev("concern_closed", "2026-10-20", FORCE_SITE),
                ev("concern_closed", "2026-10-23", PCC),
            ],
            [2],
            [REPORTED],
        ),
        # 21 days apart still link; 22 do not.
        (
            [ev("concern_closed", "2026-10-01", PRESS), ev("concern_closed", "2026-10-22", NEWS)],
            [2],
            [CONFIRMED],
        ),
        (
            [ev("concern_closed", "2026-10-01", PRESS), ev("concern_closed", "2026-10-23", NEWS)],
            [1, 1],
            [REPORTED, CONFIRMED],
        ),
        # One source's two news items are two changes, whatever they say.
        (
            [
                ev("concern_closed", "2026-10-20", FORCE_SITE, slug="a"),
                ev("concern_closed", "2026-10-20", FORCE_SITE, slug="b"),
            ],
            [1, 1],
            [REPORTED, REPORTED],
        ),
        # Another type is another change.
        (
            [ev("concern_closed", "2026-10-20", NEWS), ev("aoi_closed", "2026-10-20", NEWS)],
            [1, 1],
            [CONFIRMED, CONFIRMED],
        ),
        # A list that says "Entered Engage: January 2026" links with the news of that month.
        (
            [
                ev("engage_entered", None, LIST, occurred="2026-01"),
                ev("engage_entered", "2026-01-22", NEWS),
            ],
            [2],
            [CONFIRMED],
        ),
        (
            [
                ev("engage_entered", None, LIST, occurred="2024-12"),
                ev("engage_entered", "2026-01-22", NEWS),
            ],
            [1, 1],
            [CONFIRMED, CONFIRMED],
        ),
    ],
)
def test_sources_of_one_change_are_linked(events, sources, states):
    _, links = run(*events, basis=False)
    assert [len(k.sources) for k in links] == sources
    assert [k.state for k in links] == states


def test_a_change_keeps_the_id_of_its_first_source_as_more_arrive():
    events = arrived(*EXIT_SOURCES)
    final = {k.id: k for k in derive(WMP, events, basis=False)[1]}
    for n in range(1, len(events) + 1):
        _, links = derive(WMP, events[:n], basis=False)
        assert [k.id for k in links] == [events[0].id]
        assert set(final[events[0].id].event_ids) >= set(links[0].event_ids)


def _comparable(standing: ForceStanding) -> dict:
    """A standing without the ids, which name whichever source arrived first."""
    data = standing.to_dict()
    for link in [*data["timeline"], data["last_event"]]:
        if link:
            link.pop("id")
            link.pop("lead_change_id")
            link.pop("event_ids")
            link["sources"] = sorted(s["url"] for s in link["sources"])
            link.pop("summary")
    data["evidence"] = sorted(s["url"] for s in data["evidence"])
    data.pop("stage_change")
    return data


def test_sources_arriving_in_any_order_give_the_same_standing():
    history = [
        ev("engage_entered", "2026-03-12", NEWS),
        ev("concern_raised", "2026-02-26", NEWS, count=2),
        ev("concern_closed", "2026-10-22", NEWS, count=2),
        ev("concern_closed", "2026-10-22", FORCE_SITE, count=2),
        *EXIT_SOURCES,
    ]
    results = [
        _comparable(derive(WMP, arrived(*order), basis=True)[0])
        for order in itertools.islice(itertools.permutations(history), 0, None, 97)
    ]
    assert len(results) > 50
    first = results[0]
    assert first["stage"] == "scan"
    assert first["since"] == "2026-10-22"
    assert first["concerns"]["open"] == 0
    assert first["review"] == []
    assert all(r == first for r in results)


@pytest.mark.parametrize(
    ("events", "basis", "stage", "since", "concerns", "review"),
    [
        ([ev("engage_entered", "2026-01-22")], True, "engage", "2026-01-22", (0, 0, 0), []),
        (
            [ev("engage_entered", "2026-01-22"), ev("engage_exited", "2026-10-22")],
            True,
            "scan",
            "2026-10-22",
            (0, 0, 0),
            [],
        ),
        # An exit for a force not in Engage contradicts the record: held, not applied...
        (
            [ev("engage_exited", "2026-10-22")],
            True,
            "scan",
            None,
            (0, 0, 0),
            ["not in Engage on forcewatch's record"],
        ),
        # ...unless forcewatch has not read the inspectorate, and so has no record to hold.
        ([ev("engage_exited", "2026-10-22")], False, "scan", "2026-10-22", (0, 0, 0), []),
        (
            [ev("engage_entered", "2026-01-22"), ev("engage_entered", "2026-05-01", PRESS)],
            True,
            "engage",
            "2026-01-22",
            (0, 0, 0),
            ["already in Engage since 22 January 2026 on forcewatch's record"],
        ),
        # Three of four closed leaves one open.
        (
            [
                ev("concern_raised", "2025-12-11", count=4),
                ev("concern_closed", "2026-10-20", count=3),
            ],
            True,
            "scan",
            None,
            (4, 3, 1),
            [],
        ),
        (
            [ev("concern_closed", "2026-10-20", count=2)],
            True,
            "scan",
            None,
            (0, 0, 0),
            ["no cause of concern open on forcewatch's record"],
        ),
        ([ev("concern_closed", "2026-10-20", count=2)], False, "scan", None, (0, 2, 0), []),
        # A letter recalling, a fortnight on, the concerns raised: counted once.
        (
            [
                ev("concern_raised", "2026-02-26", count=2),
                ev("concern_raised", "2026-03-12", LETTER, count=2, slug="engage-letter"),
                ev("concern_raised", "2026-03-13", LETTER, count=2, slug="other-letter"),
                ev("concern_closed", "2026-10-22", count=2),
            ],
            True,
            "scan",
            None,
            (2, 2, 0),
            [],
        ),
        # A closure taken back by its only source is not applied.
        (
            [
                ev("concern_raised", "2025-12-11", count=4),
                ev("concern_closed", "2026-10-20", count=3, retracted=True),
            ],
            True,
            "scan",
            None,
            (4, 0, 4),
            [],
        ),
        # The closure crawled before the raising it closes: the order they happened counts.
        (
            [
                ev("concern_closed", "2026-10-20", count=1),
                ev("concern_raised", "2025-12-11", count=1),
            ],
            True,
            "scan",
            None,
            (1, 1, 0),
            [],
        ),
    ],
)
def test_every_transition(events, basis, stage, since, concerns, review):
    standing, _ = run(*events, basis=basis)
    assert (standing.stage, standing.since) == (stage, since)
    c = standing.concerns
    assert (c.raised, c.closed, c.open) == concerns
    assert [k.reason for k in standing.timeline if k.state == REVIEW] == review
    assert len(standing.review) == len(review)


def test_causes_of_concern_by_area_where_sources_name_them():
    standing, _ = run(
        ev(
            "concern_raised",
            "2026-02-26",
            count=2,
            evidence="We raised two causes of concern about call handling and investigations.",
        ),
        ev(
            "concern_closed",
            "2026-10-22",
            count=1,
            area="999 call handling",
            evidence="The cause of concern about call handling is closed.",
        ),
    )
    assert standing.concerns.areas == {"999 call handling": "closed", "investigations": "open"}
    assert standing.concerns.open == 1


def test_a_change_counts_what_the_inspectorate_states_and_names_an_area_only_if_it_covers_it():
    _, (link,) = run(
        ev("concern_closed", "2026-10-20", LETTER, count=1),
        ev("concern_closed", "2026-10-20", NEWS, count=3, area="vulnerable people"),
        ev("concern_closed", "2026-10-20", FORCE_SITE, count=4),
    )
    assert link.count == 3
    assert link.summary == f"{WMP}: 3 causes of concern closed"
    _, (alone,) = run(ev("aoi_closed", "2026-10-20", FORCE_SITE, count=4, area="custody"))
    assert alone.summary == f"{WMP}: 4 areas for improvement closed (custody)"


def test_areas_for_improvement_where_counted():
    standing, _ = run(
        ev("aoi_raised", "2025-12-11", count=5),
        ev("aoi_closed", "2026-09-29", count=4),
        ev("aoi_closed", "2026-12-01", FORCE_SITE),
    )
    assert (standing.afis.raised, standing.afis.closed) == (5, 4)


def test_latest_peel_grades_beside_the_previous_report_and_what_changed():
    before = {"Investigating crime": "adequate", "Responding to the public": "requires improvement"}
    after = {
        "Investigating crime": "requires improvement",
        "Responding to the public": "good",
        "Leadership and force management": "adequate",
    }
    standing, links = run(
        ev("peel_graded", "2026-10-15", REPORT, grade=after, slug="wmp-2025-27"),
        ev("peel_graded", "2026-10-15", NEWS),
        ev("peel_graded", "2025-02-13", REPORT, grade=before, slug="wmp-2023-25"),
    )
    assert standing.grades_cycle == "2025-27"
    grades = {g.area: (g.grade, g.previous, g.previous_cycle) for g in standing.grades}
    assert grades == {
        "Investigating crime": ("requires improvement", "adequate", "2023-25"),
        "Responding to the public": ("good", "requires improvement", "2023-25"),
        "Leadership and force management": ("adequate", None, None),
    }
    latest = next(k for k in links if k.cycle == "2025-27")
    assert [str(g) for g in latest.grade_changes] == [
        "Investigating crime: adequate -> requires improvement",
        "Responding to the public: requires improvement -> good",
    ]
    assert len(latest.sources) == 2
    assert standing.grades_summary() == "2025-27: 1 good, 1 adequate, 1 requires improvement"


def test_a_standing_goes_to_json_and_back_unchanged():
    standing, _ = run(
        ev("engage_entered", "2026-01-22"),
        ev("concern_raised", "2025-12-11", count=4, evidence="about investigations"),
        ev("peel_graded", "2025-12-11", REPORT, grade={"Investigating crime": "inadequate"}),
    )
    assert ForceStanding.from_dict(standing.to_dict()) == standing


def _link(state: str, *, lead_retracted: bool = False, sources: int = 2) -> LinkedChange:
    refs = tuple(
        SourceRef(
            source_id=source_id,
            source_name=source_id,
            source_kind=kind,
            url=f"https://{source_id}.example/x/",
            title=None,
            published=None,
            evidence="",
            event_id=f"e{n}",
            retracted=lead_retracted and n == 0,
        )
        for n, (source_id, kind) in enumerate(
            [("west-midlands", "force"), ("hmicfrs", "inspectorate")][:sources]
        )
    )
    return LinkedChange(
        id="e0",
        force=WMP,
        type="concern_closed",
        state=state,
        date="2026-10-20",
        summary=f"{WMP}: 3 causes of concern closed",
        lead_change_id=1,
        reason="no cause of concern open on forcewatch's record" if state == REVIEW else None,
        lead_retracted=lead_retracted,
        sources=refs,
    )


@pytest.mark.parametrize(
    ("was", "now", "kinds"),
    [
        (None, _link(REPORTED), []),
        (None, _link(REVIEW), ["review"]),
        ((REPORTED, False), _link(REPORTED), []),
        ((REPORTED, False), _link(CONFIRMED), ["confirmed"]),
        ((CONFIRMED, False), _link(REVIEW), ["review", "correction"]),
        ((REPORTED, False), _link(RETRACTED), ["correction"]),
        ((REVIEW, False), _link(CONFIRMED), ["cleared"]),
        ((RETRACTED, False), _link(REPORTED), ["cleared"]),
        ((CONFIRMED, False), _link(CONFIRMED, lead_retracted=True), ["correction"]),
        ((CONFIRMED, True), _link(CONFIRMED, lead_retracted=True), []),
    ],
)
def test_the_entries_a_moving_change_calls_for(was, now, kinds):
    before = {} if was is None else {"e0": {"state": was[0], "lead_retracted": was[1]}}
    notes = link_notes(before, [now])
    assert [n.kind for n in notes] == kinds
    for note in notes:
        assert note.event_id == "e0"
        assert now.summary in note.summary
        assert note.detail


def test_a_confirmation_names_the_inspectorate_and_a_correction_says_what_still_stands():
    (confirmed,) = link_notes(
        {"e0": {"state": REPORTED, "lead_retracted": False}}, [_link(CONFIRMED)]
    )
    assert confirmed.summary == f"Confirmed by the inspectorate: {WMP}: 3 causes of concern closed"
    assert confirmed.source_id == "hmicfrs"
    (partial,) = link_notes(
        {"e0": {"state": CONFIRMED, "lead_retracted": False}},
        [_link(CONFIRMED, lead_retracted=True)],
    )
    assert "still stands" in partial.detail
    assert "hmicfrs" in partial.detail


def report(day: str, cycle: str) -> LinkedChange:
    return replace(
        _link(CONFIRMED),
        type="peel_graded",
        date=day,
        cycle=cycle,
        grades={"Investigating crime": "adequate"},
        report_url=f"{HMICFRS}/peel-reports/west-midlands-{cycle}/",
        report_title=f"PEEL {cycle}: An inspection of {WMP}",
    )


def pcc_article(
    day: str, title: str = "Commissioner responds to the PEEL inspection"
) -> PccArticle:
    return PccArticle(
        url=f"https://pcc.example/news/{day}/",
        title=title,
        published=f"{day}T12:00:00+01:00",
        text="",
    )


WATCHED = PccWatch(since="2026-06-01T00:00:00+00:00", covers_from="2026-01-05T09:00:00+00:00")


@pytest.mark.parametrize(
    ("articles", "watch", "today", "state", "days"),
    [
        ([], WATCHED, date(2026, 11, 1), PENDING, None),
        # The 56th day is still in time; the 57th is not.
        ([], WATCHED, date(2026, 12, 10), PENDING, None),
        ([], WATCHED, date(2026, 12, 11), OVERDUE, None),
        ([pcc_article("2026-10-20")], WATCHED, date(2027, 3, 1), RESPONDED, 5),
        ([pcc_article("2026-12-20")], WATCHED, date(2027, 3, 1), LATE, 66),
        # News of the PCC that is not about the inspection is no response.
        (
            [pcc_article("2026-10-20", "Grants for crime prevention")],
            WATCHED,
            date(2027, 3, 1),
            OVERDUE,
            None,
        ),
        # Comments published before the report are not a response to it.
        ([pcc_article("2026-10-01")], WATCHED, date(2027, 3, 1), OVERDUE, None),
        ([], None, date(2027, 3, 1), UNWATCHED, None),
        (
            [],
            PccWatch(since="2026-11-20T00:00:00+00:00", covers_from="2026-11-01"),
            date(2027, 3, 1),
            BEFORE_WATCH,
            None,
        ),
    ],
)
def test_the_pcc_response_clock(articles, watch, today, state, days):
    (clock,) = clocks([report("2026-10-15", "2025-27")], articles, watch, today)
    assert (clock.state, clock.days) == (state, days)
    assert clock.due == "2026-12-10"


def test_a_response_answers_the_latest_report_before_it_only():
    reports = [report("2025-02-13", "2023-25"), report("2026-10-15", "2025-27")]
    old, new = clocks(reports, [pcc_article("2026-10-20")], WATCHED, date(2027, 3, 1))
    # Nothing read from the PCC's site is as old as the first report: no verdict on it.
    assert old.state == BEFORE_WATCH
    assert (new.state, new.response_url) == (RESPONDED, "https://pcc.example/news/2026-10-20/")


def test_linking_never_merges_changes_it_has_made():
    events = arrived(
        ev("concern_closed", "2026-10-01", PRESS),
        ev("concern_closed", "2026-10-30", NEWS),
        ev("concern_closed", "2026-10-15", FORCE_SITE),
    )
    clusters = link_events(events)
    assert [len(c.events) for c in clusters] == [2, 1]
