"""Rendering, apart from sending: subjects, both parts, links, headers, and untrusted text."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import pytest

from alerts.render import (
    TOKEN,
    Renderer,
    RenderError,
    clean_text,
    one_line,
    safe_link,
    subject_for,
    when,
)

RENDERER = Renderer(
    base_url="https://alerts.example.net/", mail_from="Forcewatch Alerts <alerts@example.net>"
)
DATE = datetime(2026, 10, 29, 8, 30, tzinfo=UTC)
TOKEN_A = "tokenAAAAAAAAAAAAAAAA"


def change(**fields):
    base = {
        "id": 7,
        "kind": "event",
        "force": "West Midlands Police",
        "event_type": "concern_closed",
        "event_count": 3,
        "event_area": None,
        "evidence": "Three of the four causes of concern have been closed.",
        "revision_id": 11,
        "title": "Inspectorate confirms we have closed three of four causes of concern",
        "source_name": "West Midlands Police",
        "url": "https://www.westmidlands.police.uk/news/west-midlands/news/news/2026/october/x/",
        "published": "2026-10-28T14:05:00+00:00",
        "detected_at": "2026-10-29T08:00:00+00:00",
        "summary": "West Midlands Police: 3 causes of concern closed",
    }
    base.update(fields)
    return base


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def build(rendered, token=TOKEN_A, to="reader@example.org"):
    return parse(
        RENDERER.message(
            rendered, to=to, token=token, message_id=RENDERER.message_id("alert.7.1"), date=DATE
        )
    )


@pytest.mark.parametrize(
    ("fields", "subject"),
    [
        ({}, "West Midlands Police: 3 causes of concern closed"),
        ({"event_count": 1}, "West Midlands Police: 1 cause of concern closed"),
        ({"event_count": None}, "West Midlands Police: causes of concern closed"),
        (
            {"event_type": "engage_exited", "force": "Nottinghamshire Police"},
            "Nottinghamshire Police: removed from enhanced monitoring (Engage)",
        ),
        (
            {"event_type": "aoi_raised", "event_count": 2, "event_area": "custody"},
            "West Midlands Police: 2 areas for improvement raised (custody)",
        ),
        (
            {"kind": "edited", "event_type": None, "title": "UPDATE: Appeal after assault"},
            "West Midlands Police: article edited \u2013 UPDATE: Appeal after assault",
        ),
        (
            {"kind": "new", "event_type": None, "force": None, "source_name": "HMICFRS news"},
            "HMICFRS news: new article \u2013 Inspectorate confirms we have closed three of four"
            " causes of concern",
        ),
    ],
)
def test_the_subject_says_force_and_event(fields, subject):
    assert subject_for(change(**fields)) == subject


def test_an_alert_has_a_text_and_an_html_part_with_the_quote_source_date_and_links():
    message = build(RENDERER.alert(change()))
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert message["Subject"] == "West Midlands Police: 3 causes of concern closed"
    assert message["From"] == "Forcewatch Alerts <alerts@example.net>"
    assert message["To"] == "reader@example.org"
    assert message["Message-ID"] == "<alert.7.1@example.net>"
    assert message["Date"] == "Thu, 29 Oct 2026 08:30:00 +0000"
    assert message["List-Id"] == "forcewatch alerts <alerts.alerts.example.net>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert str(message["List-Unsubscribe"]) == (
        f"<https://alerts.example.net/unsubscribe/{TOKEN_A}>,"
        f" <mailto:alerts@example.net?subject=unsubscribe%20{TOKEN_A}>"
    )
    for part in (text, html):
        assert "West Midlands Police wrote:" in part
        assert change()["url"] in part
        assert "28 October 2026, 14:05" in part
        assert f"https://alerts.example.net/manage/{TOKEN_A}" in part
        assert f"https://alerts.example.net/unsubscribe/{TOKEN_A}" in part
    assert '"Three of the four causes of concern have been closed."' in text
    assert "<blockquote" in html


def test_the_same_rendering_serves_every_recipient_with_their_own_token():
    rendered = RENDERER.alert(change())
    first = build(rendered, token="tokenFIRST0001", to="a@example.org")
    second = build(rendered, token="tokenSECOND002", to="b@example.org")
    assert "tokenFIRST0001" in first.get_body(("html",)).get_content()
    assert "tokenSECOND002" not in first.get_body(("html",)).get_content()
    assert "tokenSECOND002" in str(second["List-Unsubscribe"])
    assert TOKEN not in second.get_body(("plain",)).get_content()


def test_markup_in_scraped_text_is_escaped_in_html_and_kept_as_text_in_plain():
    rendered = RENDERER.alert(
        change(
            title="<script>alert('x')</script>Appeal",
            evidence='Closed <img src=x onerror="alert(1)"> & done.',
            source_name="<b>Force</b>",
        )
    )
    message = build(rendered)
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; done." in html
    assert "<b>Force</b>" not in html
    assert "<script>alert('x')</script>Appeal" in text


@pytest.mark.parametrize(
    "title",
    [
        "Appeal\r\nBcc: victim@example.org",
        "Appeal\nBcc: victim@example.org",
        "Appeal\rBcc: victim@example.org",
        "Appeal\u2028Bcc: victim@example.org",
        "Appeal\x00\x0bBcc: victim@example.org",
    ],
)
def test_line_breaks_in_a_title_do_not_inject_headers(title):
    rendered = RENDERER.alert(change(kind="new", event_type=None, title=title))
    raw = RENDERER.message(
        rendered, to="reader@example.org", token=TOKEN_A, message_id="<m@example.net>", date=DATE
    )
    message = parse(raw)
    assert message["Bcc"] is None
    assert (
        message["Subject"]
        == "West Midlands Police: new article \u2013 Appeal Bcc: victim@example.org"
    )
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert not any(line.startswith(b"Bcc") for line in head.split(b"\r\n"))


def test_a_non_ascii_subject_is_encoded_and_decodes_back():
    rendered = RENDERER.alert(
        change(kind="new", event_type=None, title="Commissioner\u2019s response \u2013 PEEL")
    )
    raw = RENDERER.message(
        rendered, to="reader@example.org", token=TOKEN_A, message_id="<m@example.net>", date=DATE
    )
    assert raw.isascii()
    assert (
        parse(raw)["Subject"]
        == "West Midlands Police: new article \u2013 Commissioner\u2019s response \u2013 PEEL"
    )


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://www.example.org/news/a/", True),
        ("http://www.example.org/news/a/?page=2", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("/news/relative/", False),
        ("//evil.example.org/", False),
        ("https://www.example.org/a\nb", False),
        ("https://www.example.org/a b", False),
        ("ftp://files.example.org/x", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_links(url, kept):
    assert safe_link(url) == (url if kept else None)
    rendered = RENDERER.alert(change(url=url))
    hrefs = rendered.html.split('href="')[1:]
    source_links = [h.split('"')[0] for h in hrefs if "alerts.example.net" not in h.split('"')[0]]
    assert source_links == ([url] if kept else [])


def test_a_list_change_is_described_not_quoted():
    rendered = RENDERER.alert(
        change(
            event_type="engage_exited",
            force="Nottinghamshire Police",
            revision_id=None,
            title=None,
            evidence="Nottinghamshire Police was removed from the inspectorate's list.",
            source_name="HMICFRS Engage lists",
        )
    )
    assert "wrote:" not in rendered.text
    assert '"Nottinghamshire' not in rendered.text
    assert "Source: HMICFRS Engage lists" in rendered.text


def test_a_digest_groups_changes_by_force_in_alphabetical_order():
    sub = {"forces": [], "event_types": [], "articles": False, "frequency": "daily"}
    changes = [
        change(id=1),
        change(id=2, force="Nottinghamshire Police", event_type="engage_exited"),
        change(id=3, event_count=1),
    ]
    rendered = RENDERER.digest("daily", sub, changes, datetime(2026, 10, 30, 7, tzinfo=UTC))
    assert rendered.subject == "forcewatch daily digest: 3 changes for 2 forces (30 October 2026)"
    text = rendered.text
    assert text.index("== Nottinghamshire Police ==") < text.index("== West Midlands Police ==")
    west = text[text.index("== West Midlands Police ==") :]
    assert "3 causes of concern closed" in west
    assert "1 cause of concern closed" in west
    assert "Your subscription: all forces; all events; in a daily digest." in text
    assert rendered.html.count("<h2") == 2
    assert rendered.html.count("<h3") == 3


def test_a_confirmation_has_the_link_and_no_list_headers():
    sub = {"forces": ["Kent Police"], "event_types": [], "articles": False, "frequency": "weekly"}
    message = build(RENDERER.confirmation(sub), token="tokenCONFIRM01")
    text = message.get_body(("plain",)).get_content()
    assert "https://alerts.example.net/confirm/tokenCONFIRM01" in text
    assert "Kent Police; all events; weekly" in text
    assert message["List-Unsubscribe"] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-10-28T14:05:00+00:00", "28 October 2026, 14:05"),
        ("2026-07-01T12:00:00+00:00", "1 July 2026, 13:00"),
        ("2026-10-28", "28 October 2026"),
        ("12 February 2026", "12 February 2026"),
        (None, None),
    ],
)
def test_dates_are_shown_in_london_time(value, expected):
    assert when(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\r\nb", "a b"),
        ("  many   spaces ", "many spaces"),
        ("tab\there", "tab here"),
        ("x" * 200, "x" * 149 + "…"),
    ],
)
def test_one_line(value, expected):
    assert one_line(value, 150) == expected


def test_clean_text_keeps_line_breaks_and_drops_controls():
    assert clean_text("a\r\nb\rc\x00d\x1b") == "a\nb\ncd"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"mail_from": "no address here"}, "mail_from"),
        ({"base_url": "ftp://example.org"}, "base_url"),
    ],
)
def test_unusable_settings_are_named(settings, message):
    options = {"base_url": "https://example.org", "mail_from": "a@example.org"} | settings
    with pytest.raises(RenderError, match=message):
        Renderer(**options)


def test_a_malformed_token_is_refused():
    with pytest.raises(ValueError, match="token"):
        RENDERER.message(
            RENDERER.alert(change()),
            to="a@example.org",
            token="bad token\r\nX: y",
            message_id="<m@x>",
            date=DATE,
        )
