from __future__ import annotations

import pytest

import store
from registry import Source
from store.articles import CHANGED, NEW, UNCHANGED, classify

WMP = Source(
    id="west-midlands",
    name="West Midlands Police",
    kind="force",
    platform="soh",
    start_urls=("https://www.westmidlands.police.uk/news/west-midlands/news/",),
    force="West Midlands Police",
)
URL = "https://www.westmidlands.police.uk/news/west-midlands/news/news/2026/october/appeal/"


@pytest.fixture
def db():
    database = store.connect(":memory:")
    store.sync_sources(database, [WMP])
    yield database
    database.close()


def save(db, text, *, title="Appeal after burglary", events=(), baseline=False, url=URL):
    return store.save_article(
        db,
        source_id=WMP.id,
        force=WMP.force,
        url=url,
        title=title,
        published="2026-10-14T09:30:00+01:00",
        text=text,
        html_hash="h",
        events=list(events),
        run_id=None,
        baseline=baseline,
        now="2026-10-14T10:00:00+00:00",
    )


def event(kind="concern_closed", count=3):
    return {
        "type": kind,
        "force": "West Midlands Police",
        "count": count,
        "area": None,
        "grade": None,
        "evidence": "Three of the four causes of concern have been closed.",
        "confidence": 0.9,
        "summary": f"West Midlands Police: {count} causes of concern closed",
    }


def test_migrations_are_idempotent(tmp_path):
    path = tmp_path / "f.db"
    store.connect(path).close()
    db = store.connect(path)
    assert db.query("PRAGMA journal_mode").__next__()["journal_mode"] == "wal"
    assert {"articles", "revisions", "changes", "crawl_runs", "events"} <= set(db.table_names())


def test_new_then_edited_article_keeps_both_revisions_with_a_diff(db):
    assert classify(db, URL, "Appeal after burglary", "one") == NEW
    first = save(db, "Police are appealing.\nCall 101.")
    assert first.status == NEW
    assert (
        classify(db, URL, "Appeal after burglary", "Police are appealing.\nCall 101.") == UNCHANGED
    )
    second = save(db, "Police are appealing.\nA man has been arrested.\nCall 101.")
    assert second.status == CHANGED
    revisions = list(db.query("SELECT diff FROM revisions ORDER BY id"))
    assert len(revisions) == 2
    assert "+A man has been arrested." in revisions[1]["diff"]
    kinds = [c["kind"] for c in store.list_changes(db)]
    assert kinds == ["edited", "new"]


def test_a_title_change_alone_is_a_change(db):
    save(db, "Text")
    assert classify(db, URL, "UPDATE: Appeal after burglary", "Text") == CHANGED


def test_events_are_stored_once_and_retracted_when_an_edit_drops_them(db):
    save(db, "Three of four closed.", events=[event()])
    save(db, "Three of four closed. More words.", events=[event()])
    assert [c["kind"] for c in store.list_changes(db, kind="event")] == ["event"]
    save(db, "Nothing about concerns now.", events=[])
    changes = store.list_changes(db)
    assert changes[0]["kind"] == "retraction"
    active = list(db.query("SELECT id FROM events WHERE retracted_at IS NULL"))
    assert active == []


def test_event_changes_carry_the_baseline_flag_of_their_article(db):
    save(db, "Closed.", events=[event()], baseline=True)
    [entry] = store.list_changes(db, kind="event")
    assert entry["baseline"] is True
    assert entry["event_type"] == "concern_closed"
    assert store.list_changes(db, include_baseline=False) == []


def test_withdrawal_is_recorded_once(db):
    save(db, "Text")
    assert store.mark_withdrawn(db, url=URL, http_status=404, run_id=None, baseline=False)
    assert not store.mark_withdrawn(db, url=URL, http_status=404, run_id=None, baseline=False)
    assert store.known_articles(db, WMP.id) == {}
    assert store.list_changes(db)[0]["kind"] == "withdrawn"


def test_unknown_article_cannot_be_withdrawn(db):
    assert not store.mark_withdrawn(db, url=URL, http_status=404, run_id=None, baseline=False)


def test_known_articles_lists_live_articles_of_the_source(db):
    save(db, "Text")
    known = store.known_articles(db, WMP.id)
    assert known[URL].title == "Appeal after burglary"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 2),
        ({"kind": "new"}, 1),
        ({"kind": "event"}, 1),
        ({"force": "West Midlands Police"}, 2),
        ({"force": "Kent Police"}, 0),
        ({"since": "2026-10-14"}, 2),
        ({"since": "2026-10-15"}, 0),
    ],
)
def test_change_filters(db, filters, expected):
    save(db, "Closed.", events=[event()])
    assert len(store.list_changes(db, **filters)) == expected


def test_baseline_until_first_healthy_run(db):
    assert store.is_baseline(db, WMP.id)
    run = store.start_run(db, WMP.id, baseline=True)
    store.finish_run(db, run, outcome="error", requests=1, responses={"500": 1}, counts={})
    assert store.is_baseline(db, WMP.id)
    run = store.start_run(db, WMP.id, baseline=True)
    store.finish_run(db, run, outcome="ok", requests=3, responses={"200": 3}, counts={"new": 2})
    assert not store.is_baseline(db, WMP.id)
    [latest, _] = store.list_runs(db)
    assert latest["responses"] == {"200": 3}
    assert latest["new"] == 2


def test_unfinished_runs_are_closed_as_errors(db):
    run = store.start_run(db, WMP.id, baseline=False)
    assert store.fail_unfinished(db, [run], "killed") == 1
    [row] = store.list_runs(db)
    assert (row["outcome"], row["error"]) == ("error", "killed")


def test_engage_list_differences_become_list_changes_and_events(db):
    engage = Source(
        id="hmicfrs-engage",
        name="HMICFRS Engage lists",
        kind="inspectorate",
        platform="engage_list",
        start_urls=("https://hmicfrs.justiceinspectorates.gov.uk/x/",),
    )
    store.sync_sources(db, [engage])

    def events_for(added, removed):
        return [
            {"type": t, "force": f, "evidence": "list", "confidence": 1.0, "summary": f"{f} {t}"}
            for t, fs in (("engage_entered", added), ("engage_exited", removed))
            for f in fs
        ]

    def snapshot(forces, now):
        return store.save_engage_list(
            db,
            source_id=engage.id,
            listing="current",
            url="https://hmicfrs.justiceinspectorates.gov.uk/x/",
            forces=[{"force": f} for f in forces],
            html_hash="h",
            events_for=events_for,
            run_id=None,
            baseline=False,
            now=now,
        )

    first = snapshot(
        ["West Midlands Police", "Nottinghamshire Police"], "2026-10-01T00:00:00+00:00"
    )
    assert first.added == ["Nottinghamshire Police", "West Midlands Police"]
    same = snapshot(["West Midlands Police", "Nottinghamshire Police"], "2026-10-02T00:00:00+00:00")
    assert (same.added, same.removed, same.events) == ([], [], [])
    moved = snapshot(["West Midlands Police"], "2026-10-29T00:00:00+00:00")
    assert moved.removed == ["Nottinghamshire Police"]
    exits = [c for c in store.list_changes(db, kind="event") if c["event_type"] == "engage_exited"]
    assert [c["force"] for c in exits] == ["Nottinghamshire Police"]
    assert exits[0]["confidence"] == 1.0


def test_bad_path_is_a_clear_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(store.StoreError, match="cannot open database"):
        store.connect(blocker / "sub" / "f.db")
