"""Atom feeds of the change log, built with feedgen.

Entry ids are tag URIs (RFC 4151) made of the site's configured host and the change's number,
so an entry keeps its id however the feed is reached and whichever feed carries it: a reader
shows each change once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from alerts.render import clean_text, item, one_line
from web.app import label

# The year the tag URIs' authority took them up; it is part of every id and never changes.
TAG_YEAR = 2026
# Characters XML 1.0 cannot carry at all, which scraped text may still hold.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def tag_uri(base_url: str, key: str) -> str:
    """ "tag:forcewatch.example.org,2026:change:42" """
    return f"tag:{urlsplit(base_url).hostname},{TAG_YEAR}:{key}"


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def atom_feed(
    changes: Sequence[dict[str, Any]],
    *,
    base_url: str,
    key: str,
    title: str,
    self_url: str,
    html_url: str,
) -> bytes:
    """The feed of `changes` (newest first) as Atom XML."""
    feed = FeedGenerator()
    feed.id(tag_uri(base_url, key))
    feed.title(_xml(title))
    feed.author({"name": "forcewatch"})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=html_url, rel="alternate", type="text/html")
    feed.language("en-GB")
    feed.updated(_moment(changes[0]["detected_at"]) if changes else datetime.now(UTC))
    # feedgen writes entries in the reverse order of adding them.
    for change in reversed(changes):
        shown = item(change)
        entry = feed.add_entry()
        entry.id(tag_uri(base_url, f"change:{change['id']}"))
        entry.title(_xml(shown["heading"]))
        entry.updated(_moment(change["detected_at"]))
        entry.published(_moment(change["detected_at"]))
        if shown["url"]:
            entry.link(href=_xml(shown["url"]), rel="alternate")
        if change.get("force"):
            entry.category(term=_xml(change["force"]))
        entry.category(term=label(change))
        parts = []
        if shown["evidence"]:
            parts.append(
                f"\u201c{shown['evidence']}\u201d" if shown["quoted"] else shown["evidence"]
            )
        if change.get("detail"):
            parts.append(change["detail"])
        source = " ".join(filter(None, [shown["title"], shown["source_name"]]))
        if source:
            parts.append(f"Source: {one_line(source)}")
        if change.get("retracted_at"):
            parts.append("This event was retracted: its sentence is gone from the article.")
        # Content rather than a summary: Atom wants one of content or an alternate link, and
        # a source address that is not http(s) gives no link.
        entry.content(_xml(clean_text("\n\n".join(parts))) or _xml(shown["heading"]), type="text")
    return feed.atom_str(pretty=True)
