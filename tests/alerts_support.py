"""A real SMTP server for the alert tests (aiosmtpd on 127.0.0.1), with faults to inject, and
builders for subscribers and changes."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

import store
from alerts.subscriptions import subscribe
from config import Config
from pipelines.events import describe_event
from registry import Source

WMP = Source(
    id="west-midlands",
    name="West Midlands Police",
    kind="force",
    platform="soh",
    start_urls=("https://www.westmidlands.police.uk/news/west-midlands/news/",),
    force="West Midlands Police",
)
NOTTS = Source(
    id="nottinghamshire",
    name="Nottinghamshire Police",
    kind="force",
    platform="soh",
    start_urls=("https://www.nottinghamshire.police.uk/news/nottinghamshire/news/",),
    force="Nottinghamshire Police",
)
SOURCES = {s.force: s for s in (WMP, NOTTS)}
NOW = "2026-10-29T08:00:00+00:00"
EVIDENCE = "Three of the four causes of concern have been closed."


@dataclass
class Received:
    """One message as the server accepted it."""

    sender: str
    recipients: list[str]
    raw: bytes
    message: EmailMessage = field(init=False)

    def __post_init__(self) -> None:
        self.message = email.message_from_bytes(self.raw, policy=email.policy.default)

    @property
    def to(self) -> str:
        return self.recipients[0]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()

    def links(self) -> list[str]:
        return re.findall(r'href="([^"]*)"', self.html)


class Mailbox:
    """An aiosmtpd handler that keeps what it accepts and misbehaves on request."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.mail_reply: str | None = None  # e.g. "421 ..." to MAIL FROM
        self.rcpt_replies: dict[str, str] = {}  # address -> reply, e.g. "550 ..."
        self.drop_at: set[int] = set()  # drop the connection at the DATA of these message numbers
        self.data_seen = 0
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.rcpt_replies.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_seen += 1
            if self.data_seen in self.drop_at:
                # The connection goes down before the message is accepted.
                server.transport.close()
                return "421 4.4.2 connection dropped"
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
            )
        return "250 2.0.0 accepted"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]

    def count_by_recipient(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.received:
            counts[r.to] = counts.get(r.to, 0) + 1
        return counts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """aiosmtpd's Controller on 127.0.0.1, started and stopped by the test."""

    def __init__(
        self, handler: Mailbox | None = None, port: int | None = None, **smtp_options: Any
    ) -> None:
        self.mailbox = handler or Mailbox()
        self.port = port or free_port()
        self.controller = Controller(
            self.mailbox, hostname="127.0.0.1", port=self.port, **smtp_options
        )

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    def config(self, tmp_path: Path, **overrides: Any) -> Config:
        settings: dict[str, Any] = {
            "db": tmp_path / "forcewatch.db",
            "outbox": tmp_path / "outbox",
            "smtp_host": "127.0.0.1",
            "smtp_port": self.port,
            "smtp_tls": "none",
            "smtp_timeout": 5.0,
        }
        settings.update(overrides)
        return Config(**settings)


def open_db(config: Config):
    db = store.connect(config.db)
    store.sync_sources(db, list(SOURCES.values()))
    return db


def add_event(
    db,
    *,
    force: str = "West Midlands Police",
    kind: str = "concern_closed",
    count: int | None = 3,
    evidence: str = EVIDENCE,
    title: str = "Inspectorate confirms three of four causes of concern closed",
    url: str | None = None,
    baseline: bool = False,
    now: str = NOW,
) -> dict[str, Any]:
    """Store an article with one event, as a crawl would; returns the event's change."""
    source = SOURCES[force]
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    url = url or f"{source.start_urls[0]}news/2026/october/{slug}/"
    event = {
        "type": kind,
        "force": force,
        "count": count,
        "area": None,
        "grade": None,
        "evidence": evidence,
        "confidence": 0.9,
    }
    event["summary"] = describe_event(event)
    store.save_article(
        db,
        source_id=source.id,
        force=force,
        url=url,
        title=title,
        published="2026-10-28T14:05:00+00:00",
        text=f"{title}. {evidence}",
        html_hash="h",
        events=[event],
        run_id=None,
        baseline=baseline,
        now=now,
    )
    [change] = [c for c in store.list_changes(db, kind="event") if c["url"] == url]
    return change


def add_subscribers(db, config: Config, addresses: list[str], **filters: Any) -> list[dict]:
    return [
        subscribe(db, config, address, confirmed=True, **filters).subscription
        for address in addresses
    ]
