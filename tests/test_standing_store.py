"""The standing in the store and in the alerts: one email per linked change whatever order its
sources arrive in, follow-ups, corrections, changes held for review, the PCC response clock
under a frozen clock, PEEL grade changes, and a rebuild that gives the standing built up
crawl by crawl. Emails are read from a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from alerts_support import add_subscribers

import standing
import store
from alerts.dispatch import dispatch, send_due
from items import PeelGradesItem
from pipelines.events import describe_event, engage_list_events, peel_report_events
from registry import load_sources
from store.standing import save_peel_report

SOURCES = {s.id: s for s in load_sources()}
HMICFRS = SOURCES["hmicfrs"]
ENGAGE = SOURCES["hmicfrs-engage"]
WMP = SOURCES["west-midlands"]
NOTTS = SOURCES["nottinghamshire"]
AVON = SOURCES["avon-and-somerset"]
PCC = SOURCES["pcc-avon-and-somerset"]
HOST = "https://hmicfrs.justiceinspectorates.gov.uk"
LIST_URL = ENGAGE.start_urls[0]
BASELINE_AT = "2026-10-01T06:00:00+00:00"
NOW = datetime(2026, 10, 29, 9, 0, tzinfo=UTC)
EXIT = "Nottinghamshire Police: removed from enhanced monitoring (Engage)"
CLOSED = "West Midlands Police: 3 causes of concern closed"


@pytest.fixture(autouse=True)
def clock():
    """Subscriptions are confirmed, and the store's clock reads, at NOW."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def db(config):
    database = store.connect(config.db)
    store.sync_sources(database, list(SOURCES.values()))
    yield database
    database.close()


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def event(kind: str, force: str, count: int | None = None, evidence: str = "") -> dict:
    found = {
        "type": kind,
        "force": force,
        "count": count,
        "area": None,
        "grade": None,
        "evidence": evidence or f"{force}: {kind.replace('_', ' ')}.",
        "confidence": 0.9,
    }
    return {**found, "summary": describe_event(found)}


def article(
    db,
    source,
    url: str,
    day: str,
    *events: dict,
    baseline: bool = False,
    now: str | None = None,
) -> str:
    """Store one article with its events as a crawl would; the text holds each evidence."""
    store.save_article(
        db,
        source_id=source.id,
        force=source.force or (events[0]["force"] if events else None),
        url=url,
        title=url.rstrip("/").rsplit("/", 1)[-1].replace("-", " "),
        published=f"{day}T10:00:00+01:00",
        text="\n".join(e["evidence"] for e in events) or "No news.",
        html_hash="h",
        events=list(events),
        run_id=None,
        baseline=baseline,
        now=now or iso(NOW),
    )
    return url


def engage_list(db, forces: dict[str, str], *, baseline: bool = False, now: str | None = None):
    entries = [
        {"force": f, "entered": when, "exited": None, "reasons": []} for f, when in forces.items()
    ]
    return store.save_engage_list(
        db,
        source_id=ENGAGE.id,
        listing="current",
        url=LIST_URL,
        forces=entries,
        html_hash=str(sorted(forces)),
        events_for=lambda added, removed: engage_list_events("current", added, removed, entries),
        run_id=None,
        baseline=baseline,
        now=now or iso(NOW),
    )


def grades_table(db, force: str, cycle: str, day: str, grades: dict[str, str], **kwargs):
    slug = force.split()[0].lower()
    item = PeelGradesItem(
        source_id=HMICFRS.id,
        url=f"{HOST}/peel-reports/{slug}-{cycle}/",
        force=force,
        cycle=cycle,
        title=f"PEEL {cycle}: An inspection of {force}",
        published=f"{day}T00:00:00+01:00",
        grades=grades,
        html_hash=str(grades),
        fetched_at=iso(NOW),
    )
    return save_peel_report(
        db,
        source_id=item.source_id,
        url=item.url,
        force=item.force,
        cycle=item.cycle,
        title=item.title,
        published=item.published,
        grades=item.grades,
        html_hash=item.html_hash,
        events_for=lambda previous: peel_report_events(item, previous),
        run_id=None,
        baseline=kwargs.get("baseline", False),
        now=kwargs.get("now", iso(NOW)),
    )


def inspectorate_read(db, started: str = BASELINE_AT) -> None:
    """A first crawl of the inspectorate's news that ended well, holding one article."""
    article(db, HMICFRS, f"{HOST}/news/news-feed/state-of-policing/", "2026-06-18", baseline=True)
    crawled(db, HMICFRS, started)


def crawled(db, source, started: str) -> None:
    run = store.start_run(db, source.id, baseline=True, now=started)
    store.finish_run(db, run, outcome="ok", requests=1, responses={}, counts={}, now=started)


def send(db, config, moment: datetime = NOW):
    return dispatch(db, moment, config=config, clock=lambda: moment)


def notts_in_engage(db) -> None:
    """The baseline: the list shows Nottinghamshire in Engage, as the inspectorate said."""
    engage_list(db, {"Nottinghamshire Police": "March 2026"}, baseline=True, now=BASELINE_AT)
    article(
        db,
        HMICFRS,
        f"{HOST}/news/news-feed/nottinghamshire-police-moved-into-enhanced-monitoring/",
        "2026-03-12",
        event("engage_entered", "Nottinghamshire Police"),
        baseline=True,
        now=BASELINE_AT,
    )
    inspectorate_read(db)


def test_a_change_reported_by_four_sources_alerts_once(db, config, smtp):
    notts_in_engage(db)
    add_subscribers(db, config, ["all@example.org"])
    add_subscribers(db, config, ["notts@example.org"], forces=["Nottinghamshire Police"])
    exit_event = event("engage_exited", "Nottinghamshire Police")
    engage_list(db, {})
    article(db, HMICFRS, f"{HOST}/news/news-feed/notts-removed/", "2026-10-22", exit_event)
    article(db, HMICFRS, f"{HOST}/publication-html/notts-default-phase/", "2026-10-22", exit_event)
    article(db, NOTTS, f"{NOTTS.start_urls[0]}news/2026/october/out/", "2026-10-22", exit_event)

    report = send(db, config)

    assert report.sent == 2
    assert [m.subject for m in smtp.mailbox.received] == [EXIT, EXIT]
    mail = smtp.mailbox.to("notts@example.org")[0]
    assert "Also reported by:" in mail.text
    assert mail.text.count("    https://") == 3
    assert "Confirmed by the inspectorate." in mail.text
    # The change log shows every source, each an entry of the one confirmed change.
    exits = [
        c
        for c in store.list_changes(db, kind="event", include_baseline=False)
        if c["event_type"] == "engage_exited"
    ]
    assert len(exits) == 4
    assert len({c["link_id"] for c in exits}) == 1
    assert {(c["state"], c["link_sources"]) for c in exits} == {("confirmed", 4)}
    assert send(db, config, NOW + timedelta(minutes=5)).sent == 0
    notts = standing.for_force(db, "Notts")
    assert (notts.stage, notts.since) == ("scan", "2026-10-22")


def wmp_concerns_raised(db) -> None:
    article(
        db,
        HMICFRS,
        f"{HOST}/news/news-feed/four-causes-of-concern/",
        "2025-12-11",
        event("concern_raised", "West Midlands Police", 4),
        baseline=True,
        now=BASELINE_AT,
    )
    inspectorate_read(db)


FORCE_FIRST = ("force", "inspectorate")
INSPECTORATE_FIRST = ("inspectorate", "force")


@pytest.mark.parametrize(
    ("order", "plain", "followed"),
    [
        # Reported by the force: one alert; confirmed later: a follow-up for those who asked.
        (FORCE_FIRST, [CLOSED], [CLOSED, f"Confirmed by the inspectorate: {CLOSED}"]),
        # Confirmed from the start: the force's word later adds nothing to send.
        (INSPECTORATE_FIRST, [CLOSED], [CLOSED]),
    ],
)
def test_sources_in_either_order_alert_once_and_follow_ups_only_on_confirmation(
    db, config, smtp, order, plain, followed
):
    wmp_concerns_raised(db)
    add_subscribers(db, config, ["plain@example.org"])
    add_subscribers(db, config, ["followed@example.org"], follow_ups=True)
    closure = event("concern_closed", "West Midlands Police", 3)
    urls = {
        "force": (WMP, f"{WMP.start_urls[0]}news/2026/october/three-closed/"),
        "inspectorate": (HMICFRS, f"{HOST}/news/news-feed/wmp-addressed-three/"),
    }
    for step, who in enumerate(order):
        source, url = urls[who]
        article(db, source, url, "2026-10-20", closure)
        send(db, config, NOW + timedelta(hours=step))

    assert [m.subject for m in smtp.mailbox.to("plain@example.org")] == plain
    assert [m.subject for m in smtp.mailbox.to("followed@example.org")] == followed
    first = smtp.mailbox.to("plain@example.org")[0]
    expected = "Not yet confirmed" if order == FORCE_FIRST else "Confirmed by the inspectorate."
    assert expected in first.text
    wmp = standing.for_force(db, "West Midlands Police")
    assert (wmp.concerns.raised, wmp.concerns.closed, wmp.concerns.open) == (4, 3, 1)


def test_a_retracted_change_gets_a_correction_to_those_it_was_sent_to(db, config, smtp):
    wmp_concerns_raised(db)
    add_subscribers(db, config, ["early@example.org"])
    url = f"{WMP.start_urls[0]}news/2026/october/three-closed/"
    article(db, WMP, url, "2026-10-20", event("concern_closed", "West Midlands Police", 3))
    send(db, config)
    add_subscribers(db, config, ["late@example.org"])
    # The force edits the article and the closure is gone from it.
    later = NOW + timedelta(days=1)
    article(db, WMP, url, "2026-10-20", now=iso(later))

    send(db, config, later)

    assert [m.subject for m in smtp.mailbox.to("early@example.org")] == [
        CLOSED,
        f"Correction: {CLOSED}",
    ]
    assert smtp.mailbox.to("late@example.org") == []
    correction = smtp.mailbox.to("early@example.org")[1]
    assert "removed it" in correction.text
    kinds = [c["kind"] for c in store.list_changes(db, force="West Midlands Police")]
    assert {"event", "retraction", "correction"} <= set(kinds)
    wmp = standing.for_force(db, "WMP")
    assert (wmp.concerns.closed, wmp.concerns.open) == (0, 4)
    assert wmp.timeline[0].state == "retracted"


def test_a_change_reconciliation_rejects_gets_a_correction(db, config, smtp):
    add_subscribers(db, config, ["reader@example.org"])
    url = f"{WMP.start_urls[0]}news/2026/october/three-closed/"
    article(db, WMP, url, "2026-10-20", event("concern_closed", "West Midlands Police", 3))
    # Nothing read from the inspectorate yet: nothing to contradict, the closure is sent.
    send(db, config)
    # Its news, once read, holds no cause of concern for the force to have closed.
    later = NOW + timedelta(hours=1)
    inspectorate_read(db, iso(later))
    send(db, config, later)

    assert [m.subject for m in smtp.mailbox.received] == [CLOSED, f"Correction: {CLOSED}"]
    assert "holds it for review" in " ".join(smtp.mailbox.received[1].text.split())
    kinds = [c["kind"] for c in store.list_changes(db, force="West Midlands Police")]
    assert kinds[:2] == ["correction", "review"]
    assert standing.for_force(db, "WMP").concerns.closed == 0


def test_a_queued_alert_whose_change_is_taken_back_before_sending_is_cancelled(db, config, smtp):
    wmp_concerns_raised(db)
    add_subscribers(db, config, ["reader@example.org"], frequency="daily")
    url = f"{WMP.start_urls[0]}news/2026/october/three-closed/"
    article(db, WMP, url, "2026-10-20", event("concern_closed", "West Midlands Police", 3))
    send(db, config)
    article(db, WMP, url, "2026-10-20", now=iso(NOW + timedelta(hours=1)))

    moment = NOW + timedelta(days=1)
    report = send_due(db, moment, config=config, clock=lambda: moment)

    assert smtp.mailbox.received == []
    assert report.cancelled == 1
    [row] = store.outbox_rows(db)
    assert (row["state"], row["last_error"]) == (
        "cancelled",
        "the change was withdrawn before it was sent",
    )


def test_a_contradiction_is_held_for_review_and_cleared_once_the_record_fills_in(db, config, smtp):
    inspectorate_read(db)
    add_subscribers(db, config, ["reader@example.org"])
    exit_url = f"{NOTTS.start_urls[0]}news/2026/october/out/"
    article(db, NOTTS, exit_url, "2026-10-22", event("engage_exited", "Nottinghamshire Police"))

    assert send(db, config).sent == 0
    entries = store.list_changes(db, force="Nottinghamshire Police", include_baseline=False)
    assert [(c["kind"], c["state"]) for c in entries] == [
        ("review", "review"),
        ("event", "review"),
        ("new", None),
    ]
    assert entries[0]["summary"] == f"Held for review: {EXIT}"
    held = standing.for_force(db, "Nottinghamshire Police")
    assert (held.stage, held.since, len(held.review)) == ("scan", None, 1)
    assert [k.reason for k in standing.linked_changes(db, state=standing.REVIEW)] == [
        "not in Engage on forcewatch's record"
    ]

    # The inspectorate's entry, crawled later, happened before the exit: it fits now.
    later = NOW + timedelta(hours=2)
    article(
        db,
        HMICFRS,
        f"{HOST}/news/news-feed/notts-moved-into-enhanced-monitoring/",
        "2026-03-12",
        event("engage_entered", "Nottinghamshire Police"),
        now=iso(later),
    )
    send(db, config, later)

    assert sorted(m.subject for m in smtp.mailbox.received) == [
        "Nottinghamshire Police: moved into enhanced monitoring (Engage)",
        f"{EXIT} (no longer held for review)",
    ]
    notts = standing.for_force(db, "Nottinghamshire Police")
    assert (notts.stage, notts.since, notts.review) == ("scan", "2026-10-22", ())


def avon_report(db, *, responded: str | None) -> None:
    """The 2025-27 report on Avon and Somerset, and its PCC's site read since June."""
    crawled(db, PCC, "2026-06-01T06:00:00+00:00")
    article(db, PCC, "https://www.avonandsomerset-pcc.gov.uk/news/2026/06/rural/", "2026-06-12")
    if responded:
        article(
            db,
            PCC,
            "https://www.avonandsomerset-pcc.gov.uk/news/2026/10/peel-response",
            responded,
            event("peel_graded", AVON.force, evidence="Our response to the PEEL inspection."),
        )
    grades_table(db, AVON.force, "2025-27", "2026-10-15", {"Investigating crime": "adequate"})


def test_an_overdue_pcc_response_is_a_change_of_its_own_on_a_frozen_clock(db, config, smtp):
    add_subscribers(db, config, ["overdue@example.org"], event_types=["pcc_response_overdue"])
    avon_report(db, responded=None)
    overdue = "Avon and Somerset Constabulary: no PCC response to 'PEEL 2025-27: An inspection"
    for day, sent in (
        (datetime(2026, 11, 1, 9, tzinfo=UTC), 0),
        (datetime(2026, 12, 10, 23, tzinfo=UTC), 0),
    ):
        assert send(db, config, day).sent == sent
    assert standing.for_force(db, "Avon and Somerset").pcc[0].state == "pending"

    assert send(db, config, datetime(2026, 12, 11, 0, 5, tzinfo=UTC)).sent == 1
    assert send(db, config, datetime(2026, 12, 12, 9, tzinfo=UTC)).sent == 0

    [mail] = smtp.mailbox.received
    assert mail.subject.startswith(overdue)
    text = " ".join(mail.text.split())
    assert "until 10 December 2026 to publish a response (Police Act 1996, section 55)" in text
    [entry] = store.list_changes(db, kind="pcc_response_overdue")
    assert entry["url"] == f"{HOST}/peel-reports/avon-2025-27/"
    assert not entry["baseline"]
    clock = standing.for_force(db, "Avon and Somerset").pcc[0]
    assert (clock.state, clock.due) == ("overdue", "2026-12-10")


def test_a_pcc_response_within_56_days_stops_the_clock(db, config, smtp):
    add_subscribers(db, config, ["overdue@example.org"], event_types=["pcc_response_overdue"])
    avon_report(db, responded="2026-10-20")
    assert send(db, config, datetime(2027, 2, 1, tzinfo=UTC)).sent == 0
    clock = standing.for_force(db, "Avon and Somerset").pcc[0]
    assert (clock.state, clock.days) == ("responded", 5)
    assert store.list_changes(db, kind="pcc_response_overdue") == []


def test_a_grade_unlike_the_previous_report_is_in_the_change_log(db):
    grades_table(
        db,
        AVON.force,
        "2023-25",
        "2025-02-13",
        {"Investigating crime": "adequate", "Preventing crime": "good"},
        baseline=True,
    )
    outcome = grades_table(
        db,
        AVON.force,
        "2025-27",
        "2026-10-15",
        {"Investigating crime": "requires improvement", "Preventing crime": "good"},
    )
    assert outcome.status == "new"
    assert outcome.previous["cycle"] == "2023-25"
    assert (
        grades_table(
            db,
            AVON.force,
            "2025-27",
            "2026-10-15",
            {"Investigating crime": "requires improvement", "Preventing crime": "good"},
        ).status
        == "unchanged"
    )
    [latest] = store.list_changes(db, kind="event", include_baseline=False)
    assert latest["summary"] == (
        "Avon and Somerset Constabulary: PEEL 2025-27 grades, 1 changed since 2023-25:"
        " Investigating crime: adequate -> requires improvement"
    )
    standing.refresh(db, iso(NOW))
    avon = standing.for_force(db, AVON.force)
    assert [(g.area, g.grade, g.previous) for g in avon.grades] == [
        ("Investigating crime", "requires improvement", "adequate"),
        ("Preventing crime", "good", "good"),
    ]
    # A report page edited in a way that leaves its text's events alone keeps its table.
    store.save_article(
        db,
        source_id=HMICFRS.id,
        force=AVON.force,
        url=f"{HOST}/peel-reports/avon-2025-27/",
        title="PEEL 2025-27: An inspection of Avon and Somerset Constabulary",
        published="2026-10-15T00:00:00+01:00",
        text="Our judgments, revised wording.",
        html_hash="h2",
        events=[],
        run_id=None,
        baseline=False,
    )
    assert store.list_changes(db, kind="retraction") == []


def snapshot(db) -> tuple[dict, dict]:
    return (
        {s.force: s.to_dict() for s in standing.current(db)},
        {k.id: k.to_dict() for k in standing.linked_changes(db)},
    )


def test_a_rebuild_from_the_change_log_gives_the_standing_built_up_crawl_by_crawl(db):
    steps = [
        lambda: notts_in_engage(db),
        lambda: wmp_concerns_raised(db),
        lambda: engage_list(db, {"West Midlands Police": "January 2026"}),
        lambda: grades_table(
            db, AVON.force, "2023-25", "2025-02-13", {"Investigating crime": "adequate"}
        ),
        lambda: article(
            db,
            WMP,
            f"{WMP.start_urls[0]}news/2026/october/three-closed/",
            "2026-10-20",
            event("concern_closed", "West Midlands Police", 3),
            event("aoi_closed", "West Midlands Police", 4),
        ),
        lambda: article(
            db,
            NOTTS,
            f"{NOTTS.start_urls[0]}news/2026/october/out/",
            "2026-10-22",
            event("engage_exited", "Nottinghamshire Police"),
        ),
        lambda: engage_list(db, {"West Midlands Police": "January 2026"}),
        lambda: grades_table(
            db, AVON.force, "2025-27", "2026-10-15", {"Investigating crime": "good"}
        ),
        lambda: article(
            db,
            HMICFRS,
            f"{HOST}/news/news-feed/wmp-addressed-three/",
            "2026-10-21",
            event("concern_closed", "West Midlands Police", 3),
        ),
        # An edit takes the aoi closure back.
        lambda: article(
            db,
            WMP,
            f"{WMP.start_urls[0]}news/2026/october/three-closed/",
            "2026-10-20",
            event("concern_closed", "West Midlands Police", 3),
        ),
    ]
    for n, step in enumerate(steps):
        step()
        standing.refresh(db, iso(NOW + timedelta(hours=n)))
    built = snapshot(db)
    held = store.list_changes(db)

    standing.rebuild(db, iso(NOW + timedelta(hours=len(steps) - 1)))

    assert snapshot(db) == built
    assert store.list_changes(db) == held
    wmp = built[0]["West Midlands Police"]
    assert (wmp["stage"], wmp["since"]) == ("engage", "2026-01-01")
    assert wmp["concerns"]["open"] == 1
    assert wmp["afis"]["closed"] == 0
    notts = built[0]["Nottinghamshire Police"]
    assert (notts["stage"], notts["since"], notts["review"]) == ("scan", "2026-10-22", [])
    assert built[0]["Avon and Somerset Constabulary"]["grades"][0]["previous"] == "adequate"
