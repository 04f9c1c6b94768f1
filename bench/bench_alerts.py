"""Immediate alerts for one event to 10,000 confirmed subscribers through aiosmtpd on loopback,
against a bare smtplib loop sending the same messages over one reused connection (the ceiling),
measured before and after the dispatcher in the same run.

The dispatcher's figure includes everything it does per message: queueing, claiming, building
the message, sending it and committing its outcome. The SMTP server runs in its own process, as
a real one would, so it does not share the interpreter with the code being measured.
"""

from __future__ import annotations

import multiprocessing
import smtplib
import socket
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import store
from alerts.dispatch import dispatch
from alerts.render import Renderer
from alerts.transports import SmtpTransport
from config import Config
from registry import Source

SUBSCRIBERS = 10_000
SOURCE = Source(
    id="west-midlands",
    name="West Midlands Police",
    kind="force",
    platform="soh",
    start_urls=("https://www.westmidlands.police.uk/news/west-midlands/news/",),
    force="West Midlands Police",
)


class _Counter:
    """Accepts every message and counts it, nothing more."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 OK"


def _serve(port: int, ready: Any, stop: Any) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(_Counter(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class _Recording(SmtpTransport):
    """The SMTP transport, keeping each message so the baseline can send the very same bytes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent: list[tuple[str, bytes]] = []

    def send(self, sender: str, recipient: str, message: bytes) -> None:
        super().send(sender, recipient, message)
        self.sent.append((recipient, message))


def _seed(config: Config) -> None:
    db = store.connect(config.db)
    store.sync_sources(db, [SOURCE])
    now = "2026-10-29T08:00:00+00:00"
    for n in range(SUBSCRIBERS):
        store.save_subscription(
            db,
            email=f"reader{n:05}@example.org",
            forces=[],
            event_types=[],
            articles=False,
            frequency="immediate",
            token=f"benchtoken{n:05}xxxxxxxxxxxxxxxxxxxx",
            confirmed=True,
            now=now,
        )
    event = {
        "type": "concern_closed",
        "force": SOURCE.force,
        "count": 3,
        "area": None,
        "grade": None,
        "evidence": "Three of the four causes of concern have been closed by the force.",
        "confidence": 0.9,
        "summary": "West Midlands Police: 3 causes of concern closed",
    }
    store.save_article(
        db,
        source_id=SOURCE.id,
        force=SOURCE.force,
        url=f"{SOURCE.start_urls[0]}news/2026/october/causes-of-concern-closed/",
        title="Inspectorate confirms we have closed three of four causes of concern",
        published="2026-10-28T14:05:00+00:00",
        text="The inspectorate has closed three of the four causes of concern.",
        html_hash="bench",
        events=[event],
        run_id=None,
        baseline=False,
    )
    db.close()


def _same_messages(db: Any, config: Config) -> list[tuple[str, bytes]]:
    """The messages the dispatcher will send, built as it builds them, for the first ceiling."""
    renderer = Renderer(base_url=config.base_url, mail_from=config.mail_from)
    [change] = [c for c in store.changes_after(db, 0) if c["kind"] == "event"]
    rendered = renderer.alert(change)
    now = datetime.now(UTC)
    return [
        (
            sub["email"],
            renderer.message(
                rendered,
                to=sub["email"],
                token=sub["token"],
                message_id=renderer.message_id(f"alert.{change['id']}.{n}"),
                date=now,
            ),
        )
        for n, sub in enumerate(store.list_subscriptions(db), 1)
    ]


def _bare_loop(port: int, sender: str, messages: list[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    smtp = smtplib.SMTP("127.0.0.1", port, local_hostname="forcewatch.example.org")
    for recipient, message in messages:
        smtp.sendmail(sender, [recipient], message)
    smtp.quit()
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run() -> dict[str, dict[str, Any]]:
    port = _free_port()
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Event(), context.Event()
    server = context.Process(target=_serve, args=(port, ready, stop), daemon=True)
    server.start()
    try:
        if not ready.wait(30):
            raise RuntimeError("the benchmark's SMTP server did not start")
        with tempfile.TemporaryDirectory() as tmp:
            config = Config(
                db=Path(tmp) / "forcewatch.db",
                smtp_host="127.0.0.1",
                smtp_port=port,
                smtp_tls="none",
            )
            _seed(config)
            db = store.connect(config.db)
            sender = "alerts@forcewatch.example.org"
            # The ceiling is measured before and after the dispatcher, so that a change in the
            # machine's load during the run weighs on both figures alike.
            before = _bare_loop(port, sender, _same_messages(db, config))
            transport = _Recording(
                "127.0.0.1", port, tls="none", local_hostname="forcewatch.example.org"
            )
            started = time.perf_counter()
            report = dispatch(db, config=config, transport=transport)
            ours = time.perf_counter() - started
            db.close()
            if report.sent != SUBSCRIBERS or report.error:
                raise RuntimeError(f"the dispatcher sent {report.sent} of {SUBSCRIBERS}")
            after = _bare_loop(port, sender, transport.sent)
    finally:
        stop.set()
        server.join(10)
    bare = (before + after) / 2
    value = SUBSCRIBERS / ours
    baseline = SUBSCRIBERS / bare
    return {
        "alerts_per_second": {
            "value": value,
            "unit": "messages/s",
            "baseline": baseline,
            "ratio": value / baseline,
        }
    }


if __name__ == "__main__":
    print(run())
