"""The web pages through Flask's test client: reading, downloading, feeds, and the whole
subscribe, confirm, manage and unsubscribe flow (mail written to a Maildir)."""

from __future__ import annotations

import csv
import email
import email.policy
import html
import io
import json
import mailbox
import re
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from alerts_support import NOTTS, WMP, add_event, add_subscribers, free_port

import standing
import store
from config import Config
from detect.vocab import EVENT_TYPES
from registry import Source
from store.browse import change_page, count_changes
from web import create_app
from web.app import EVENT_LABELS, KIND_LABELS
from web.security import CSRF_COOKIE, Csrf, Limit, Limits, RateLimiter

ENGAGE = Source(
    id="hmicfrs-engage",
    name="HMICFRS: police forces in Engage",
    kind="inspectorate",
    platform="engage_list",
    start_urls=(
        "https://hmicfrs.justiceinspectorates.gov.uk/about-us/what-we-do/"
        "our-approach-to-monitoring-forces/police-forces-in-engage/",
    ),
)
BASE = "http://forcewatch.test"
ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT_TITLE = "<script>alert('x')</script> Chief constable <b>answers</b> inspectors"


@dataclass
class Site:
    config: Config
    db: Any
    app: Any
    client: Any

    def wait_for_mail(self) -> None:
        self.app.extensions["forcewatch"].mailer.wait(timeout=10)

    def outbox(self) -> list[email.message.EmailMessage]:
        box = mailbox.Maildir(self.config.outbox, create=True)
        return [email.message_from_bytes(bytes(m), policy=email.policy.default) for m in box]

    def csrf(self, path: str = "/subscribe") -> str:
        page = self.client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)

    def subscribe(self, address: str, **fields: Any) -> Any:
        data = {"email": address, "frequency": "immediate", "csrf": self.csrf(), **fields}
        return self.client.post("/subscribe", data=data)


def make_site(tmp_path: Path, limits: Limits | None = None) -> Site:
    config = Config(db=tmp_path / "fw.db", outbox=tmp_path / "outbox", base_url=BASE)
    db = store.connect(config.db)
    store.sync_sources(db, [WMP, NOTTS, ENGAGE])
    app = create_app(config, limits=limits, sources=[WMP, NOTTS, ENGAGE])
    return Site(config, db, app, app.test_client())


@pytest.fixture
def site(tmp_path):
    made = make_site(tmp_path)
    yield made
    made.app.extensions["forcewatch"].mailer.close()


def confirm_link(message: email.message.EmailMessage) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"{re.escape(BASE)}/confirm/[A-Za-z0-9_-]+", text).group(0)


def test_labels_cover_the_vocabulary():
    assert set(EVENT_LABELS) == set(EVENT_TYPES)
    assert set(KIND_LABELS) == set(store.CHANGE_KINDS)


def enter_engage(db: Any) -> dict[str, Any]:
    """West Midlands Police moved into Engage, read into the standing as a crawl would."""
    change = add_event(
        db,
        kind="engage_entered",
        count=None,
        title="West Midlands Police moved into enhanced monitoring",
        evidence="The inspectorate has moved West Midlands Police into Engage.",
    )
    standing.refresh(db)
    return change


def test_home_shows_recent_changes_and_the_forces_in_engage(site):
    enter_engage(site.db)
    page = site.client.get("/").get_data(as_text=True)
    engage = page.split('id="engage-heading"')[1].split("</section>")[0]
    assert 'href="/forces/west-midlands-police"' in engage
    assert "since 28 October 2026" in engage
    assert "Nottinghamshire" not in engage
    latest = page.split('id="latest-heading"')[1].split("</section>")[0]
    assert "West Midlands Police: moved into enhanced monitoring (Engage)" in latest
    assert "The inspectorate has moved West Midlands Police into Engage." in latest
    forces = site.client.get("/forces").get_data(as_text=True)
    assert forces.count("In Engage</span>") == 1


def test_a_script_title_renders_as_text_everywhere(site):
    add_event(
        site.db,
        title=SCRIPT_TITLE,
        evidence="Three causes of concern were closed <img src=x onerror=alert(1)>.",
        url="javascript:alert(1)",
    )
    for path in ("/", "/changes", "/forces/west-midlands-police"):
        page = site.client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page, path
        assert "<img src=x" not in page, path
        assert "&lt;img src=x onerror=alert(1)&gt;" in page, path
        assert 'href="javascript:' not in page, path
    changes = site.client.get("/changes").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Chief constable" in changes
    feed = site.client.get("/feeds/changes.atom").get_data(as_text=True)
    assert "<script>" not in feed
    entries = ET.fromstring(feed).findall(f"{ATOM}entry")
    assert len(entries) == 2  # the article and its event
    assert any("<img src=x onerror=alert(1)>" in e.find(f"{ATOM}content").text for e in entries)
    assert all(e.find(f"{ATOM}link") is None for e in entries)  # javascript: is never a link


def test_pages_send_security_headers_and_load_nothing_from_elsewhere(site):
    add_event(site.db)
    for path in ("/", "/changes", "/forces", "/forces/west-midlands-police", "/subscribe"):
        response = site.client.get(path)
        assert response.status_code == 200, path
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        page = response.get_data(as_text=True)
        assert page.startswith('<!doctype html>\n<html lang="en-GB">')
        assert '<meta name="viewport"' in page
        loaded = re.findall(r'<(?:script|link|img)\b[^>]*(?:src|href)="([^"]*)"', page)
        assert loaded, path
        assert all(url.startswith("/") for url in loaded), (path, loaded)


def test_change_log_is_newest_first_and_paginated(site):
    for n in range(120):
        add_event(
            site.db,
            title=f"Story {n:03d}",
            url=f"https://www.westmidlands.police.uk/news/story-{n:03d}/",
            now=f"2026-10-{1 + n // 10:02d}T{n % 10:02d}:00:00+00:00",
        )
    first = site.client.get("/changes?type=event").get_data(as_text=True)
    titles = re.findall(r"Story (\d{3})", first)
    assert titles[0] == "119"
    assert len(set(titles)) == 50
    assert titles == sorted(titles, reverse=True)
    assert "120 changes match, newest first; page 1 of 3." in first
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first
    last = site.client.get("/changes?type=event&page=3").get_data(as_text=True)
    assert len(set(re.findall(r"Story (\d{3})", last))) == 20
    assert 'rel="prev"' in last
    assert 'rel="next"' not in last
    assert '<ol class="changes" start="101">' in last


def _seed_filters(db: Any) -> None:
    add_event(
        db, force="West Midlands Police", kind="concern_closed", now="2026-10-10T09:00:00+00:00"
    )
    add_event(
        db,
        force="Nottinghamshire Police",
        kind="engage_exited",
        title="Force leaves enhanced monitoring",
        count=None,
        now="2026-10-20T09:00:00+00:00",
    )
    add_event(
        db,
        force="Nottinghamshire Police",
        kind="concern_raised",
        title="Old concern",
        baseline=True,
        now="2026-09-01T09:00:00+00:00",
    )
    # 23:30 UTC on 28 October is 28 October in London (GMT again from the 25th).
    add_event(
        db,
        force="West Midlands Police",
        kind="aoi_raised",
        title="Late story",
        count=None,
        now="2026-10-28T23:30:00+00:00",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"concern_closed", "engage_exited", "concern_raised", "aoi_raised", "new"}),
        ("force=Nottinghamshire+Police", {"engage_exited", "concern_raised", "new"}),
        ("type=engage_exited", {"engage_exited"}),
        ("type=event&news_only=1", {"concern_closed", "engage_exited", "aoi_raised"}),
        ("since=2026-10-15", {"engage_exited", "aoi_raised", "new"}),
        ("until=2026-10-10", {"concern_closed", "concern_raised", "new"}),
        ("since=2026-10-28&until=2026-10-28&type=event", {"aoi_raised"}),
        ("type=new&force=West+Midlands+Police", {"new"}),
    ],
)
def test_change_log_filters_and_downloads_agree(site, query, expected):
    _seed_filters(site.db)
    rows = json.loads(site.client.get(f"/changes.json?{query}").get_data(as_text=True))
    got = {r["event_type"] or r["kind"] for r in rows["changes"]}
    assert got == expected
    assert rows["count"] == len(rows["changes"])
    table = list(csv.DictReader(io.StringIO(site.client.get(f"/changes.csv?{query}").text)))
    assert [r["id"] for r in table] == [str(r["id"]) for r in rows["changes"]]
    page = site.client.get(f"/changes?{query}").get_data(as_text=True)
    n = len(rows["changes"])
    matched = " match" if query else ""
    assert f"{n} change{'s' if n != 1 else ''}{matched}, newest first." in page
    # The page's download link carries the same filter.
    link = html.unescape(re.search(r'href="(/changes\.json[^"]*)"', page).group(1))
    assert json.loads(site.client.get(link).get_data(as_text=True)) == rows


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("force=Atlantis+Police", "Choose a force from the list"),
        ("type=rumour", "Choose a type of change from the list"),
        ("since=29%2F10%2F2026", "Enter a date as year-month-day"),
        ("since=2026-10-29&until=2026-10-01", "on or after the start date"),
    ],
)
def test_change_log_refuses_filters_it_cannot_use(site, query, message):
    response = site.client.get(f"/changes?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert message in page
    assert site.client.get(f"/changes.csv?{query}").status_code == 400


def test_csv_download_defuses_spreadsheet_formulas(site):
    add_event(site.db, title='=HYPERLINK("http://evil.example")', evidence="@SUM(A1) closed.")
    table = list(csv.DictReader(io.StringIO(site.client.get("/changes.csv?type=event").text)))
    assert table[0]["title"].startswith("'=HYPERLINK")
    assert table[0]["evidence"].startswith("'@SUM")


def test_force_page_shows_standing_timeline_and_sources(site):
    enter_engage(site.db)
    add_event(
        site.db,
        kind="concern_raised",
        count=4,
        title="Four causes of concern <raised>",
        evidence="Inspectors raised four causes of concern.",
        now="2026-10-01T09:00:00+00:00",
    )
    add_event(site.db, kind="concern_closed", count=3, now="2026-10-29T08:00:00+00:00")
    standing.refresh(site.db)
    run = store.start_run(site.db, WMP.id, baseline=False, now="2026-10-29T07:00:00+00:00")
    store.finish_run(
        site.db,
        run,
        outcome="ok",
        requests=3,
        responses={"200": 3},
        counts={"items": 2},
        now="2026-10-29T07:01:00+00:00",
    )
    page = site.client.get("/forces/west-midlands-police").get_data(as_text=True)
    panel = page.split('id="standing-heading"')[1].split("</section>")[0]
    assert "In Engage</span> enhanced monitoring since 28 October 2026." in panel
    assert "The inspectorate has moved West Midlands Police into Engage." in panel
    assert "<strong>1 open</strong>: 4 raised and 3 closed" in panel
    timeline = page.split('id="timeline-heading"')[1].split("</section>")[0]
    assert timeline.index("3 causes of concern closed") < timeline.index(
        "4 causes of concern raised"
    )
    assert "Four causes of concern &lt;raised&gt;" in timeline
    sources = page.split('id="sources-heading"')[1].split("</section>")[0]
    assert "West Midlands Police" in sources
    assert "tag-health-ok" in sources
    assert "Nottinghamshire" not in sources
    assert ENGAGE.name in sources
    assert 'href="/subscribe?force=West+Midlands+Police"' in page

    notts = site.client.get("/forces/nottinghamshire-police").get_data(as_text=True)
    assert "Scan</span> routine monitoring." in notts
    assert site.client.get("/forces/atlantis-police").status_code == 404


def test_forces_index_links_every_force(site):
    page = site.client.get("/forces").get_data(as_text=True)
    assert len(re.findall(r'href="/forces/[a-z-]+"', page)) == 44
    assert 'href="/forces/dyfed-powys-police"' in page


def test_atom_feeds_have_stable_ids_shared_between_feeds(site):
    closed = add_event(site.db)
    add_event(site.db, force="Nottinghamshire Police", kind="engage_exited", count=None)
    add_event(site.db, kind="concern_raised", title="History", baseline=True)
    whole = ET.fromstring(site.client.get("/feeds/changes.atom").data)
    again = ET.fromstring(site.client.get("/feeds/changes.atom").data)
    ids = [e.find(f"{ATOM}id").text for e in whole.findall(f"{ATOM}entry")]
    assert ids == [e.find(f"{ATOM}id").text for e in again.findall(f"{ATOM}entry")]
    # Two articles, each a new article and an event; the baseline's history is not news.
    assert len(ids) == 4
    closed_id = f"tag:forcewatch.test,2026:change:{closed['id']}"
    assert closed_id in ids
    assert whole.find(f"{ATOM}id").text == "tag:forcewatch.test,2026:changes"
    force = ET.fromstring(site.client.get("/feeds/forces/west-midlands-police.atom").data)
    entries = {e.find(f"{ATOM}id").text: e for e in force.findall(f"{ATOM}entry")}
    assert len(entries) == 2
    entry = entries[closed_id]
    assert entry.find(f"{ATOM}title").text == "West Midlands Police: 3 causes of concern closed"
    assert entry.find(f"{ATOM}link").get("href") == closed["url"]
    assert site.client.get("/feeds/forces/atlantis.atom").status_code == 404


def test_subscribe_confirm_and_see_what_was_subscribed(site):
    form = site.client.get("/subscribe")
    assert CSRF_COOKIE in form.headers["Set-Cookie"]
    assert "HttpOnly" in form.headers["Set-Cookie"]
    response = site.subscribe(
        "Reader@Example.org",
        force=["West Midlands Police", "Nottinghamshire Police"],
        type=["concern_closed", "pcc_response_overdue"],
        frequency="daily",
        follow_ups="yes",
    )
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    site.wait_for_mail()
    [message] = site.outbox()
    assert message["To"] == "reader@example.org"
    link = confirm_link(message)
    page = site.client.get(link.removeprefix(BASE))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Subscription confirmed" in text
    assert (
        "Nottinghamshire Police, West Midlands Police; concern_closed, pcc_response_overdue;"
        " in a daily digest; a follow-up when the inspectorate confirms a reported change"
    ) in text
    assert page.headers["Cache-Control"] == "no-store"
    [sub] = store.list_subscriptions(site.db, "reader@example.org")
    assert sub["state"] == "confirmed"
    assert sub["confirmed_via"] == "link"
    again = site.client.get(link.removeprefix(BASE)).get_data(as_text=True)
    assert "already confirmed" in again


def test_subscribe_without_the_csrf_token_is_refused(site):
    data = {"email": "reader@example.org", "frequency": "immediate"}
    assert site.client.post("/subscribe", data=data).status_code == 400
    site.client.get("/subscribe")
    assert site.client.post("/subscribe", data={**data, "csrf": "0" * 64}).status_code == 400
    site.wait_for_mail()
    assert store.list_subscriptions(site.db) == []
    assert site.outbox() == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-address"}, "Enter an email address"),
        ({"force": ["Atlantis Police"]}, "Choose forces from the list"),
        ({"type": ["rumour"]}, "Choose events from the list"),
        ({"frequency": "hourly"}, "Choose how often"),
    ],
)
def test_subscribe_form_errors_name_the_field(site, fields, message):
    data = {"email": "reader@example.org", "frequency": "immediate", **fields}
    response = site.client.post("/subscribe", data={**data, "csrf": site.csrf()})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert message in page
    assert page.count("<title>Error: ") == 1
    site.wait_for_mail()
    assert site.outbox() == []


def test_subscribe_answers_the_same_whether_or_not_the_address_is_subscribed(site):
    [known] = add_subscribers(site.db, site.config, ["known@example.org"], frequency="weekly")
    answers = []
    for address in ("known@example.org", "stranger@example.org"):
        response = site.subscribe(address, frequency="immediate")
        answers.append(
            (response.status_code, response.get_data(as_text=True).replace(address, "@"))
        )
    assert answers[0] == answers[1]
    site.wait_for_mail()
    # Only the new address is emailed; the confirmed one is left exactly as it was.
    assert [m["To"] for m in site.outbox()] == ["stranger@example.org"]
    [after] = store.list_subscriptions(site.db, "known@example.org")
    assert after["frequency"] == "weekly"
    assert after["token"] == known["token"]


def test_rate_limits_per_address_and_per_client(tmp_path):
    site = make_site(
        tmp_path,
        Limits(subscribe_per_client=Limit(4, 3600), subscribe_per_address=Limit(2, 3600)),
    )
    try:
        codes = [site.subscribe("same@example.org").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        limited = site.subscribe("other@example.org")
        assert limited.status_code == 200
        limited = site.subscribe("third@example.org")
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) > 0
        assert "Too many requests" in limited.get_data(as_text=True)
        site.wait_for_mail()
        assert sorted(m["To"] for m in site.outbox()) == ["other@example.org", "same@example.org"]
    finally:
        site.app.extensions["forcewatch"].mailer.close()


def test_rate_limiter_slides_its_window_and_stays_bounded():
    now = [0.0]
    limiter = RateLimiter(clock=lambda: now[0], max_keys=4)
    limit = Limit(2, 60)
    assert [limiter.hit("a", limit) for _ in range(3)] == [0, 0, 60]
    now[0] = 30.0
    assert limiter.hit("a", limit) == 30
    now[0] = 60.5
    assert limiter.hit("a", limit) == 0  # the first request has left the window
    for key in "bcdefgh":
        assert limiter.hit(key, limit) == 0
    assert len(limiter) <= 4


def test_csrf_tokens_belong_to_their_cookie_and_key():
    csrf = Csrf("key one")
    cookie = Csrf.new_cookie()
    assert csrf.valid(cookie, csrf.token(cookie))
    assert not csrf.valid(Csrf.new_cookie(), csrf.token(cookie))
    assert not Csrf("key two").valid(cookie, csrf.token(cookie))
    assert not csrf.valid(None, csrf.token(cookie))
    assert not csrf.valid(cookie, "")


def test_unsubscribe_page_has_one_button_and_one_click_post_needs_only_the_token(site):
    [sub] = add_subscribers(site.db, site.config, ["reader@example.org"])
    page = site.client.get(f"/unsubscribe/{sub['token']}").get_data(as_text=True)
    assert page.count("<button") == 1
    assert f'action="/unsubscribe/{sub["token"]}"' in page
    assert 'name="csrf"' not in page
    # What a mail client sends for RFC 8058: no cookie, no CSRF token, just the form body.
    bare = site.app.test_client()
    for expected in ("You are unsubscribed", "Already unsubscribed"):
        response = bare.post(
            f"/unsubscribe/{sub['token']}",
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
        assert expected in response.get_data(as_text=True)
        [after] = store.list_subscriptions(site.db, "reader@example.org")
        assert after["state"] == "unsubscribed"
    assert bare.post("/unsubscribe/no-such-token-here").status_code == 404
    assert site.client.get("/unsubscribe/no-such-token-here").status_code == 404


def test_manage_page_changes_ends_and_restarts_subscriptions(site):
    mine = add_subscribers(
        site.db, site.config, ["reader@example.org"], forces=["West Midlands Police"]
    )[0]
    other = add_subscribers(site.db, site.config, ["reader@example.org"])[0]
    stranger = add_subscribers(site.db, site.config, ["stranger@example.org"])[0]
    path = f"/manage/{mine['token']}"
    page = site.client.get(path).get_data(as_text=True)
    assert "For reader@example.org." in page
    assert page.count('class="subscription"') == 2
    assert "stranger" not in page
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)

    def post(**data: Any) -> Any:
        return site.client.post(path, data={"csrf": token, **data})

    changed = post(subscription=other["id"], action="change", frequency="weekly", follow_ups="yes")
    assert changed.status_code == 303
    assert "Your choices for this subscription are saved." in site.client.get(
        changed.headers["Location"]
    ).get_data(as_text=True)
    states = {s["id"]: s for s in store.list_subscriptions(site.db, "reader@example.org")}
    assert states[other["id"]]["frequency"] == "weekly"
    assert states[other["id"]]["follow_ups"]

    assert post(subscription=mine["id"], action="end").status_code == 303
    assert store.subscription_by_token(site.db, mine["token"])["state"] == "unsubscribed"
    assert post(subscription=other["id"], action="end").status_code == 303
    assert post(subscription=other["id"], action="resume").status_code == 303
    resumed = store.subscription_by_token(site.db, other["token"])
    assert resumed["state"] == "pending"
    assert resumed["frequency"] == "weekly"
    assert resumed["follow_ups"]  # starting again keeps every choice
    [message] = site.outbox()
    assert confirm_link(message).endswith(other["token"])

    assert post(subscription=stranger["id"], action="end").status_code == 400
    assert store.subscription_by_token(site.db, stranger["token"])["state"] == "confirmed"
    refused = site.client.post(path, data={"subscription": other["id"], "action": "end"})
    assert refused.status_code == 400
    assert post(action="end_all").status_code == 303
    assert {s["state"] for s in store.list_subscriptions(site.db, "reader@example.org")} == {
        "unsubscribed"
    }
    assert site.client.get("/manage/not-a-real-token").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"force": "West Midlands Police"},
        {"kinds": ("event",), "event_types": ("engage_exited",)},
        {"after": "2026-10-15", "include_baseline": False},
        {"before": "2026-10-15"},
    ],
)
def test_store_count_agrees_with_the_rows(site, query):
    _seed_filters(site.db)
    rows = change_page(site.db, **query)
    assert count_changes(site.db, **query) == len(rows)
    assert change_page(site.db, **query, limit=1, offset=1) == rows[1:2]


def test_forcewatch_serve_answers_through_waitress(tmp_path):
    port = free_port()
    command = [sys.executable, "-m", "cli", "serve", "--db", str(tmp_path / "fw.db")]
    env = {"FORCEWATCH_OUTBOX": str(tmp_path / "outbox"), "PATH": "/usr/bin:/bin"}
    with subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    ) as server:
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    response = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                    break
                except OSError:
                    assert server.poll() is None, server.stdout.read().decode()
                    assert time.monotonic() < deadline, "forcewatch serve did not answer"
                    time.sleep(0.2)
            assert response.status == 200
            assert response.headers["Server"] == "forcewatch"
            assert "Changes at police forces" in response.read().decode()
        finally:
            server.terminate()
            server.wait(timeout=10)
