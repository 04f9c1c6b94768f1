"""Real crawls of the mirror, v1 then v2 then v2 again, each in its own process."""

from __future__ import annotations

import pytest

import store
from crawl import crawl_in_subprocess
from mirror.server import MirrorServer
from mirror.site import hosts
from registry import load_sources, on_hosts

pytestmark = pytest.mark.integration

STAFFORDSHIRE = "staffordshire"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Crawl v1, v2 and v2 again once for the whole module; tests read the results."""
    db_path = tmp_path_factory.mktemp("crawl") / "forcewatch.db"
    sources = on_hosts(load_sources(), hosts())
    results = {}
    with MirrorServer("v1") as server:
        for label, version in (("v1", "v1"), ("v2", "v2"), ("v2-again", "v2")):
            server.set_version(version)
            before = len(server.requests)
            summary = crawl_in_subprocess(sources, db_path, mirror=server.url, timeout=300)
            db = store.connect(db_path)
            results[label] = {
                "summary": summary,
                "requests": list(server.requests)[before:],
                "changes": store.list_changes(db),
                "staffordshire": store.known_articles(db, STAFFORDSHIRE),
            }
            db.close()
    return results


def _new_changes(results, label, previous):
    seen = {c["id"] for c in results[previous]["changes"]}
    return [c for c in results[label]["changes"] if c["id"] not in seen]


def test_first_crawl_is_a_healthy_baseline(crawled):
    v1 = crawled["v1"]
    assert v1["summary"].failed == []
    assert v1["changes"], "the first crawl stored nothing"
    assert all(c["baseline"] for c in v1["changes"])
    kinds = {c["kind"] for c in v1["changes"]}
    assert {"new", "list_change", "event"} <= kinds


def test_second_crawl_reports_the_news_the_edit_the_withdrawal_and_the_engage_move(crawled):
    changes = _new_changes(crawled, "v2", "v1")
    assert changes
    assert not any(c["baseline"] for c in changes)
    kinds = [c["kind"] for c in changes]
    assert "new" in kinds
    assert kinds.count("edited") >= 1
    edited = [c for c in changes if c["kind"] == "edited"]
    assert any("UPDATE" in c["summary"] for c in edited)
    withdrawn = [c for c in changes if c["kind"] == "withdrawn"]
    assert [c["force"] for c in withdrawn] == ["Merseyside Police"]
    moved = [c for c in changes if c["kind"] == "list_change"]
    assert {c["force"] for c in moved} == {"Nottinghamshire Police"}
    events = {(c["event_type"], c["force"]) for c in changes if c["kind"] == "event"}
    assert ("engage_exited", "Nottinghamshire Police") in events
    assert ("concern_closed", "West Midlands Police") in events


def test_a_failing_listing_is_an_error_and_touches_nothing_stored(crawled):
    runs = {r["source_id"]: r for r in crawled["v2"]["summary"].runs}
    assert runs[STAFFORDSHIRE]["outcome"] == "error"
    assert [r["source_id"] for r in crawled["v2"]["summary"].failed] == [STAFFORDSHIRE]
    assert crawled["v2"]["staffordshire"] == crawled["v1"]["staffordshire"]
    assert crawled["v1"]["staffordshire"], "Staffordshire had articles stored in v1"
    changes = _new_changes(crawled, "v2", "v1")
    assert not [c for c in changes if c["source_id"] == STAFFORDSHIRE]


def test_repeat_crawl_adds_nothing_and_fetches_only_listings_and_feeds(crawled):
    assert _new_changes(crawled, "v2-again", "v2") == []
    requests = crawled["v2-again"]["requests"]
    first = crawled["v1"]["requests"]
    assert len(requests) <= 0.15 * len(first), (len(requests), len(first))
    for _, host, path, status in requests:
        assert status in (200, 304, 500), (host, path, status)
        assert (
            path.endswith("robots.txt")
            or "GetNewsRss" in path
            or "/page/" in path
            or "page=" in path
            or path.endswith("/news/")
            or path.endswith("/news/news-feed/")
            or "engage" in path
        ), f"repeat crawl fetched an article: {host}{path}"
    assert any(status == 304 for *_, status in requests)
