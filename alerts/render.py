"""Building emails from changes: pure functions, no sending.

What is common to every recipient of a change (subject, both bodies) is rendered once, with a
placeholder where the recipient's token goes; `Renderer.message` then only substitutes the
token and writes the headers, so a batch of thousands costs one render, not thousands.
Scraped text is untrusted: headers are single lines, HTML is escaped by Jinja's autoescape,
and only http(s) addresses become links.
"""

from __future__ import annotations

import binascii
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime, formataddr, parseaddr
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from alerts.matching import ARTICLE_KINDS, EVENT_KIND, LONDON, describe_filters
from pipelines.events import describe_event
from standing.model import CONFIRMED, REPORTED

# Random per process, so no scraped text can contain it by chance or by design.
TOKEN = f"tok{secrets.token_hex(8)}"
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{8,128}")

ARTICLE_LABELS = {
    "new": "new article",
    "edited": "article edited",
    "withdrawn": "article withdrawn",
}
NO_FORCE = "Not about one force"
DASH = " \N{EN DASH} "

# Everything a header could be split or smuggled with: C0/C1 controls and Unicode separators.
_UNSAFE_HEADER = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_UNSAFE_BODY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
SUBJECT_MAX = 150


class RenderError(ValueError):
    """A setting the emails need (the sender, the base address) cannot be used."""


def one_line(value: str | None, limit: int | None = None) -> str:
    """A header value: CR, LF and every other control character become a space."""
    text = " ".join(_UNSAFE_HEADER.sub(" ", value or "").split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def clean_text(value: str | None) -> str:
    """Body text from a scraped page: line breaks kept, other control characters dropped."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _UNSAFE_BODY.sub("", text)).strip()


def safe_link(url: str | None) -> str | None:
    """The address if it is an absolute http(s) URL, else None: no javascript:, data: or
    relative links reach an email."""
    if not url or _UNSAFE_HEADER.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def when(value: str | None, with_time: bool = True) -> str | None:
    """ "29 October 2026, 08:26" in London time, from an ISO date or datetime; other text as is."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return one_line(value, 40)
    if len(value) <= 10:
        return f"{moment.day} {moment:%B %Y}"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(LONDON)
    day = f"{local.day} {local:%B %Y}"
    return f"{day}, {local:%H:%M}" if with_time else day


# What the email says of a linked change's standing with the inspectorate.
STATE_NOTES = {
    CONFIRMED: "Confirmed by the inspectorate.",
    REPORTED: "Not yet confirmed by the inspectorate.",
}


def subject_for(change: dict[str, Any]) -> str:
    """The subject says force and event: "West Midlands Police: 3 causes of concern closed"."""
    if change["kind"] == EVENT_KIND and change.get("link_summary"):
        # Several sources of one change: what they say together, not the first one alone.
        text = change["link_summary"]
    elif change["kind"] == EVENT_KIND and change.get("event_type"):
        text = describe_event(
            {
                "type": change["event_type"],
                "force": change["force"] or NO_FORCE,
                "count": change.get("event_count"),
                "area": change.get("event_area"),
            }
        )
    elif change["kind"] in ARTICLE_KINDS:
        who = change["force"] or change.get("source_name") or NO_FORCE
        text = (
            f"{who}: {ARTICLE_LABELS[change['kind']]}{DASH}{change.get('title') or change['url']}"
        )
    else:
        text = change["summary"]
    return one_line(text, SUBJECT_MAX)


def item(change: dict[str, Any]) -> dict[str, Any]:
    """What the templates show of one change, cleaned."""
    detail = clean_text(change.get("detail")) or None
    others = [
        {
            "name": one_line(s.get("source_name"), 120) or "A source",
            "title": one_line(s.get("title"), 300) or None,
            "url": safe_link(s.get("url")),
        }
        for s in change.get("sources") or []
        if s.get("url") != change.get("url") and not s.get("retracted")
    ]
    linked = change["kind"] == EVENT_KIND and change.get("link_id") is not None
    return {
        "heading": subject_for(change),
        # forcewatch's own account (a correction, a follow-up) where it has one, else the
        # sentence of the source.
        "evidence": detail or clean_text(change.get("evidence")) or None,
        # Evidence from an article is a sentence of it, quoted; an Engage list change is
        # described by forcewatch in its own words, so it is not put in quotation marks.
        "quoted": detail is None and change.get("revision_id") is not None,
        "title": one_line(change.get("title"), 300) or None,
        "source_name": one_line(change.get("source_name"), 120) or None,
        "url": safe_link(change.get("url")),
        "published": when(change.get("published")),
        "detected": when(change["detected_at"]),
        "status": STATE_NOTES.get(change.get("link_state") or "") if linked else None,
        "grade_changes": [one_line(g, 200) for g in change.get("grade_changes") or []],
        "others": others if linked else [],
    }


@dataclass(frozen=True)
class Rendered:
    """One email's content, common to all its recipients; TOKEN stands for each one's token."""

    subject: str
    text: str
    html: str
    list_mail: bool = True  # alerts and digests carry List-* headers; confirmations do not
    boundary: str = field(default_factory=lambda: f"=_fw_{secrets.token_hex(12)}")

    @cached_property
    def text_parts(self) -> list[str]:
        return self.text.split(TOKEN)

    @cached_property
    def html_parts(self) -> list[str]:
        return self.html.split(TOKEN)

    @cached_property
    def subject_header(self) -> str:
        return encode_header(self.subject, "Subject")

    def text_for(self, token: str) -> str:
        return token.join(self.text_parts)

    def html_for(self, token: str) -> str:
        return token.join(self.html_parts)


def encode_header(value: str, name: str) -> str:
    """RFC 2047 encoding only where needed, folded with CRLF; the value is one line first."""
    value = one_line(value)
    charset = "us-ascii" if value.isascii() else "utf-8"
    return Header(value, charset, header_name=name).encode(linesep="\r\n")


def _b64(text: str) -> str:
    """Base64 in 76-character lines (RFC 2045); one C call, then slicing, for speed."""
    encoded = binascii.b2a_base64(text.encode("utf-8"), newline=False).decode("ascii")
    return "".join([encoded[i : i + 76] + "\r\n" for i in range(0, len(encoded), 76)])


class Renderer:
    """Templates plus the settings every email needs: the sender and the base of its links."""

    def __init__(self, *, base_url: str, mail_from: str) -> None:
        name, address = parseaddr(one_line(mail_from))
        if "@" not in address:
            raise RenderError(f"setting 'mail_from' needs an email address, got {mail_from!r}")
        host = urlsplit(base_url).hostname
        if safe_link(base_url) is None or not host:
            raise RenderError(f"setting 'base_url' must be an http(s) address, got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.sender = address
        self.domain = address.rsplit("@", 1)[1]
        self.from_header = formataddr((name, address), charset="utf-8")
        self.list_id = f"forcewatch alerts <alerts.{host}>"
        self._date: tuple[int, str] = (-1, "")
        self.env = Environment(
            loader=PackageLoader("alerts", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def links(self, token: str = TOKEN) -> dict[str, str]:
        return {
            "manage": f"{self.base_url}/manage/{token}",
            "unsubscribe": f"{self.base_url}/unsubscribe/{token}",
            "confirm": f"{self.base_url}/confirm/{token}",
        }

    def _render(self, name: str, **context: Any) -> tuple[str, str]:
        context.setdefault("links", self.links())
        text = self.env.get_template(f"{name}.txt").render(**context)
        html = self.env.get_template(f"{name}.html").render(**context)
        return _tidy(text), html

    def alert(self, change: dict[str, Any]) -> Rendered:
        """The email for one change, the same for every subscriber it goes to."""
        subject = subject_for(change)
        text, html = self._render(
            "alert",
            subject=subject,
            change=item(change),
            footer_note="You receive this because this address subscribed to forcewatch alerts.",
        )
        return Rendered(subject, text, html)

    def digest(
        self,
        frequency: str,
        subscription: dict[str, Any],
        changes: Sequence[dict[str, Any]],
        slot: datetime,
    ) -> Rendered:
        """One subscriber's digest: the changes grouped by force, forces in alphabetical order."""
        groups: dict[str, list[dict[str, Any]]] = {}
        for change in changes:
            groups.setdefault(change["force"] or NO_FORCE, []).append(item(change))
        ordered = sorted(groups, key=lambda f: (f == NO_FORCE, f))
        day = when(slot.isoformat(), with_time=False)
        n, forces = len(changes), len([f for f in ordered if f != NO_FORCE])
        subject = (
            f"forcewatch {frequency} digest: {n} change{'s' if n != 1 else ''}"
            f" for {forces} force{'s' if forces != 1 else ''} ({day})"
        )
        title = f"forcewatch {frequency} digest, {day}"
        intro = f"{n} change{'s' if n != 1 else ''} since the last digest, grouped by force."
        text, html = self._render(
            "digest",
            subject=subject,
            title=title,
            intro=intro,
            groups=[{"force": f, "changes": groups[f]} for f in ordered],
            footer_note=f"Your subscription: {describe_filters(subscription)}.",
        )
        return Rendered(subject, text, html)

    def confirmation(self, subscription: dict[str, Any]) -> Rendered:
        subject = "Confirm your forcewatch alerts"
        text, html = self._render(
            "confirm", subject=subject, filters=describe_filters(subscription)
        )
        return Rendered(subject, text, html, list_mail=False)

    def test_message(self, transport: str) -> Rendered:
        subject = "forcewatch test message"
        text, html = self._render("test", subject=subject, transport=transport)
        return Rendered(subject, text, html, list_mail=False)

    def message_id(self, key: str) -> str:
        return f"<{key}@{self.domain}>"

    def message(
        self, rendered: Rendered, *, to: str, token: str, message_id: str, date: datetime
    ) -> bytes:
        """The whole message for one recipient, CRLF line endings, ready for SMTP.

        Called once per recipient, so it only fills in what differs between them.
        """
        if not _TOKEN_RE.fullmatch(token):
            raise ValueError("a subscription token has an unexpected form")
        if _UNSAFE_HEADER.search(to) or _UNSAFE_HEADER.search(message_id):
            raise ValueError("a recipient or message id would break the header")
        stamp = int(date.timestamp())
        if self._date[0] != stamp:
            self._date = (stamp, format_datetime(date.astimezone(UTC)))
        head = (
            f"From: {self.from_header}\r\nTo: {to}\r\nSubject: {rendered.subject_header}\r\n"
            f"Date: {self._date[1]}\r\nMessage-ID: {message_id}\r\n"
        )
        if rendered.list_mail:
            head += (
                f"List-Id: {self.list_id}\r\n"
                f"List-Unsubscribe: <{self.base_url}/unsubscribe/{token}>,\r\n"
                f" <mailto:{self.sender}?subject=unsubscribe%20{token}>\r\n"
                "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            )
        b = rendered.boundary
        return "".join(
            (
                head,
                "Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n",
                f'Content-Type: multipart/alternative; boundary="{b}"\r\n\r\n',
                f'--{b}\r\nContent-Type: text/plain; charset="utf-8"\r\n',
                "Content-Transfer-Encoding: base64\r\n\r\n",
                _b64(rendered.text_for(token)),
                f'--{b}\r\nContent-Type: text/html; charset="utf-8"\r\n',
                "Content-Transfer-Encoding: base64\r\n\r\n",
                _b64(rendered.html_for(token)),
                f"--{b}--\r\n",
            )
        ).encode("ascii")


def _tidy(text: str) -> str:
    """Templates leave runs of blank lines where optional parts were left out."""
    # "-- " with its space is the signature separator mail clients recognise.
    lines = (line if line == "-- " else line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
