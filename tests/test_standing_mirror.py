"""The standing after real crawls of the mirror, v1 (baseline) then v2, as `forcewatch status`
shows it: the West Midlands revisit (three causes of concern closed, one open), Nottinghamshire
out of Engage on four sources and alerted once, Avon and Somerset's grades beside its previous
report's; and a rebuild from the change log that gives the same standing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import standing
import store
from alerts.dispatch import dispatch
from alerts.subscriptions import subscribe
from cli import demo_standing, main
from config import Config
from crawl import crawl_in_subprocess
from mirror.server import MirrorServer
from mirror.site import hosts
from registry import load_sources, on_hosts

pytestmark = pytest.mark.integration

READER = "reader@example.org"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """v1, a reader subscribed, v2, the reader's alerts dispatched into a Maildir."""
    root = tmp_path_factory.mktemp("standing")
    db_path = root / "forcewatch.db"
    config = Config(db=db_path, outbox=root / "outbox")
    sources = on_hosts(load_sources(), hosts())
    with MirrorServer("v1") as server:
        crawl_in_subprocess(sources, db_path, mirror=server.url, timeout=300)
        db = store.connect(db_path)
        subscribe(db, config, READER, confirmed=True)
        db.close()
        server.set_version("v2")
        crawl_in_subprocess(sources, db_path, mirror=server.url, timeout=300)
    db = store.connect(db_path)
    report = dispatch(db, config=config)
    db.close()
    return db_path, report


@pytest.fixture
def db(crawled):
    database = store.connect(crawled[0])
    yield database
    database.close()


def test_the_west_midlands_revisit_closes_three_causes_of_concern_and_leaves_one_open(db):
    wmp = standing.for_force(db, "West Midlands Police")
    assert (wmp.stage, wmp.since) == ("engage", "2026-01-22")
    assert (wmp.concerns.raised, wmp.concerns.closed, wmp.concerns.open) == (4, 3, 1)
    closure = next(k for k in wmp.timeline if k.type == "concern_closed")
    assert closure.state == "confirmed"
    assert closure.count == 3
    assert {s.source_id for s in closure.sources} == {"hmicfrs", "west-midlands"}
    assert closure.summary == "West Midlands Police: 3 causes of concern closed"
    assert (
        wmp.grades_summary() == "2025-27: 1 good, 2 adequate, 2 requires improvement, 3 inadequate"
    )
    # The evidence of its stage: the inspectorate's list, news item and letter.
    assert {s.source_id for s in wmp.evidence} == {"hmicfrs", "hmicfrs-engage"}


def test_nottinghamshire_leaves_engage_on_four_sources_and_is_alerted_once(db, crawled):
    notts = standing.for_force(db, "Nottinghamshire Police")
    assert (notts.stage, notts.since) == ("scan", "2026-10-22")
    assert notts.concerns.open == 0
    exit_change = next(k for k in notts.timeline if k.type == "engage_exited")
    assert exit_change.state == "confirmed"
    assert len(exit_change.sources) == 4
    _, report = crawled
    subjects = [subject for _, subject in report.messages]
    assert subjects.count("Nottinghamshire Police: removed from enhanced monitoring (Engage)") == 1
    # One email per linked change the v2 crawl brought, whatever its number of sources.
    events = store.list_changes(db, kind="event", include_baseline=False)
    assert len(subjects) == len({e["link_id"] for e in events}) < len(events)


def test_the_engage_list_and_the_inspectorate_agree_on_who_is_in_engage(db):
    engaged = [s.force for s in standing.in_engage(db)]
    assert engaged == ["Lincolnshire Police", "West Midlands Police"]
    lincs = standing.for_force(db, "Lincolnshire Police")
    assert (lincs.since, lincs.concerns.open) == ("2024-12-06", 3)
    assert all(not s.review for s in standing.current(db))


def test_avon_and_somerset_grades_beside_its_previous_report(db):
    avon = standing.for_force(db, "Avon and Somerset Constabulary")
    grades = {g.area: (g.grade, g.previous) for g in avon.grades}
    assert grades["Investigating crime"] == ("requires improvement", "adequate")
    assert grades["Responding to the public"] == ("good", "requires improvement")
    assert grades["Preventing crime"] == ("good", "good")
    assert avon.grades_cycle == "2025-27"
    [entry] = [
        c
        for c in store.list_changes(db, kind="event", include_baseline=False)
        if "PEEL 2025-27 grades" in c["summary"]
    ]
    assert "Investigating crime: adequate -> requires improvement" in entry["summary"]
    response = next(c for c in avon.pcc if c.report_url.endswith("-2025-27/"))
    assert (response.state, response.days) == ("responded", 5)


def test_a_rebuild_from_the_change_log_gives_the_same_standing(db):
    before = [s.to_dict() for s in standing.current(db)]
    links = [k.to_dict() for k in standing.linked_changes(db)]
    standing.rebuild(db)
    assert [s.to_dict() for s in standing.current(db)] == before
    assert [k.to_dict() for k in standing.linked_changes(db)] == links


def run(db_path, *args):
    result = CliRunner().invoke(main, [*args, "--db", str(db_path)])
    return result.exit_code, result.stdout, result.stderr


def test_status_shows_every_force_and_one_in_detail(crawled):
    db_path, _ = crawled
    code, out, _ = run(db_path, "status")
    assert code == 0
    rows = {line.split("  ")[0]: " ".join(line.split()) for line in out.splitlines()}
    assert len([r for r in rows if r.endswith(("Police", "Constabulary", "Service"))]) == 44
    assert rows["West Midlands Police"].startswith(
        "West Midlands Police Engage 2026-01-22 1 2025-27"
    )
    assert rows["Nottinghamshire Police"].startswith("Nottinghamshire Police Scan 2026-10-22 0")
    assert "In Engage: Lincolnshire Police since 6 December 2024; West Midlands Police" in out

    code, out, _ = run(db_path, "status", "WMP")
    assert code == 0
    assert "Stage: Engage (enhanced monitoring), since 22 January 2026" in out
    assert "Causes of concern: 4 raised, 3 closed, 1 open" in out
    assert "West Midlands Police: 3 causes of concern closed  [confirmed]" in out

    code, out, _ = run(db_path, "status", "Avon and Somerset", "--json")
    data = json.loads(out)
    assert data["force"] == "Avon and Somerset Constabulary"
    assert {"area": "Investigating crime", "grade": "requires improvement"}.items() <= next(
        g for g in data["grades"] if g["area"] == "Investigating crime"
    ).items()

    code, out, err = run(db_path, "status", "--rebuild", "--json")
    assert code == 0
    assert len(json.loads(out)) == 44
    assert "the same as before" in err

    code, _, err = run(db_path, "status", "Gotham City Police")
    assert code == 2
    assert "unknown force 'Gotham City Police'" in err


def test_the_demo_ends_with_the_standing_of_the_forces_it_learnt_of(crawled, capsys):
    demo_standing(crawled[0])
    out = capsys.readouterr().out
    assert out.startswith("\nStanding after the second crawl")
    assert "West Midlands Police" in out
    assert "Nottinghamshire Police" in out
    assert "Bedfordshire Police" not in out
