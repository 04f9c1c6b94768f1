"""A person in a real browser: subscribe, confirm from the emailed link, get an alert, leave by
the one-click unsubscribe a mail client sends; and a screenshot of the change log.

Headless Chromium from Debian's package (/usr/bin/chromium), driven by Playwright; the site is
`forcewatch serve` itself (waitress) in a child process, and the mail goes to aiosmtpd on
127.0.0.1. The forms are used with JavaScript switched off, as some readers have it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alerts_support import NOTTS, WMP, Received, SmtpServer, add_event, free_port
from playwright.sync_api import expect, sync_playwright

import store
from alerts.dispatch import dispatch
from config import Config
from registry import Source

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "var" / "artifacts"
# Nothing in the browser may reach out on its own: no updates, sync, QUIC or first-run pages.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READER = "reader@example.org"
SCRIPT_TITLE = "<script>document.title='owned'</script> Force answers the inspectorate"
HMICFRS = Source(
    id="hmicfrs-engage",
    name="HMICFRS: police forces in Engage",
    kind="inspectorate",
    platform="engage_list",
    start_urls=(
        "https://hmicfrs.justiceinspectorates.gov.uk/about-us/what-we-do/"
        "our-approach-to-monitoring-forces/police-forces-in-engage/",
    ),
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium is not installed at /usr/bin/chromium"
        " (apt-get install chromium chromium-driver; .ci/run does this)",
    ),
]


def seed(db: object) -> None:
    """A change log worth looking at: events from two forces, an Engage list, a hostile title."""
    store.sync_sources(db, [WMP, NOTTS, HMICFRS])
    store.save_engage_list(
        db,
        source_id=HMICFRS.id,
        listing="current",
        url=HMICFRS.start_urls[0],
        forces=[
            {
                "force": "West Midlands Police",
                "entered": "January 2026",
                "exited": None,
                "reasons": ["Not answering calls from the public quickly enough."],
            }
        ],
        html_hash="h",
        events_for=lambda added, removed: [],
        run_id=None,
        baseline=True,
        now="2026-10-01T06:00:00+00:00",
    )
    add_event(
        db,
        force="Nottinghamshire Police",
        kind="engage_exited",
        count=None,
        title="Nottinghamshire Police removed from enhanced monitoring",
        evidence="The force has been moved out of Engage and back to routine monitoring.",
        now="2026-10-29T07:10:00+00:00",
    )
    add_event(db, now="2026-10-29T08:00:00+00:00")
    add_event(
        db,
        kind="concern_raised",
        count=1,
        title=SCRIPT_TITLE,
        evidence="Inspectors raised a cause of concern about how the force handles 999 calls.",
        now="2026-10-30T09:30:00+00:00",
    )


def wait_for(condition: Callable[[], object], what: str, seconds: float = 20) -> object:
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)
    return result


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
def site(tmp_path: Path, smtp: SmtpServer) -> Iterator[tuple[str, Config]]:
    """`forcewatch serve` on a free port over a seeded database, mailing through `smtp`."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = smtp.config(tmp_path, base_url=base)
    db = store.connect(config.db)
    seed(db)
    db.close()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "FORCEWATCH_SMTP_HOST": "127.0.0.1",
        "FORCEWATCH_SMTP_PORT": str(smtp.port),
        "FORCEWATCH_SMTP_TLS": "none",
        "FORCEWATCH_BASE_URL": base,
        "FORCEWATCH_OUTBOX": str(tmp_path / "outbox"),
    }
    command = [sys.executable, "-m", "cli", "serve", "--db", str(config.db), "--port", str(port)]
    with subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    ) as server:
        try:

            def answers() -> bool:
                assert server.poll() is None, server.stdout.read().decode()
                try:
                    return urllib.request.urlopen(base + "/", timeout=2).status == 200
                except OSError:
                    return False

            wait_for(answers, "forcewatch serve to answer")
            yield base, config
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_subscribe_confirm_alert_and_one_click_unsubscribe_in_chromium(tmp_path, smtp, site):
    base, config = site
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            locale="en-GB",
        )
        browser.set_default_timeout(15_000)
        browser.on("request", lambda request: requested.append(request.url))
        page = browser.new_page()
        # The forms must work for a reader whose browser runs no JavaScript.
        browser.new_cdp_session(page).send("Emulation.setScriptExecutionDisabled", {"value": True})

        page.goto(base + "/subscribe")
        page.get_by_label("Email address").fill(READER)
        page.get_by_label("West Midlands Police").check()
        page.get_by_label("Cause of concern closed").check()
        page.get_by_label("An email for each change, as it happens").check()
        page.get_by_role("button", name="Subscribe").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
        expect(page.get_by_role("status")).to_contain_text(READER)

        def mail_to_reader() -> list[Received]:
            return smtp.mailbox.to(READER)

        [confirmation] = wait_for(mail_to_reader, "the confirmation email")
        assert confirmation.subject == "Confirm your forcewatch alerts"
        link = re.search(rf"{re.escape(base)}/confirm/[A-Za-z0-9_-]+", confirmation.text).group(0)
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")
        expect(page.get_by_role("status")).to_contain_text(
            "West Midlands Police; concern_closed; as they happen"
        )
        db = store.connect(config.db)
        [subscription] = store.list_subscriptions(db, READER)
        assert subscription["state"] == "confirmed"

        # A change after the confirmation: the alert carries the one-click headers.
        add_event(
            db,
            title="Inspectors close the last cause of concern",
            evidence="The final cause of concern has now been closed.",
            count=1,
            now="2026-10-31T10:00:00+00:00",
        )
        assert dispatch(db, config=config).sent == 1
        alert = wait_for(lambda: smtp.mailbox.to(READER)[1:], "the alert")[0]
        assert alert.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        one_click = re.search(r"<(http[^>]+)>", alert.message["List-Unsubscribe"]).group(1)
        assert one_click == f"{base}/unsubscribe/{subscription['token']}"

        # What a mail client does: a bare POST, no cookie, no page, no CSRF token.
        mail_client = playwright.request.new_context()
        response = mail_client.post(one_click, form={"List-Unsubscribe": "One-Click"})
        assert response.status == 200
        assert mail_client.post(one_click, form={"List-Unsubscribe": "One-Click"}).status == 200
        mail_client.dispose()
        assert store.list_subscriptions(db, READER)[0]["state"] == "unsubscribed"
        db.close()

        manage = re.search(rf"{re.escape(base)}/manage/[A-Za-z0-9_-]+", alert.text).group(0)
        page.goto(manage)
        expect(page.locator(".subscription")).to_contain_text("Ended")
        expect(page.get_by_role("button", name="Start it again")).to_be_visible()

        # With JavaScript on, the force list gains a search box.
        scripted = browser.new_page()
        scripted.goto(base + "/subscribe")
        scripted.get_by_label("Find a force").fill("midlands")
        expect(scripted.get_by_label("West Midlands Police")).to_be_visible()
        expect(scripted.get_by_label("Avon and Somerset Constabulary")).to_be_hidden()

        page.goto(base + "/changes")
        expect(page.get_by_text(SCRIPT_TITLE).first).to_be_visible()
        assert page.title() == "Change log \N{EN DASH} forcewatch"
        assert page.locator("main script").count() == 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / "change-log.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
    assert requested
    assert all(url.startswith(base + "/") for url in requested), [
        u for u in requested if not u.startswith(base + "/")
    ]
