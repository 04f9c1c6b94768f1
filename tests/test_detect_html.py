from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spider_support import FILES

from cli import main, read_article
from detect import detect

PAGES = FILES / "detect_html"

ENTERED, EXITED = "engage_entered", "engage_exited"
RAISED, CLOSED, GRADED = "concern_raised", "concern_closed", "peel_graded"

# Each saved page: the events of its own article (rails, comments and menus name other forces),
# and a phrase of the article's lede that the cleaned text must keep.
CASES = [
    (
        "hmicfrs_news_release.html",
        {(ENTERED, "Lincolnshire Police")},
        "has today been moved into an enhanced level of monitoring",
    ),
    (
        "hmicfrs_letter.html",
        {(EXITED, "Devon and Cornwall Police")},
        "return Devon and Cornwall Police to our default phase of monitoring",
    ),
    (
        "soh_force_article.html",
        {(CLOSED, "West Midlands Police")},
        "closed three of the four causes of concern",
    ),
    (
        "pcc_news_post.html",
        {(GRADED, "Avon and Somerset Constabulary")},
        "good at preventing crime",
    ),
    ("bbc_like.html", {(ENTERED, "Kent Police")}, "placed into special measures"),
    (
        "local_newspaper.html",
        {(EXITED, "Devon and Cornwall Police")},
        "has been taken out of special measures",
    ),
    (
        "trade_press.html",
        {(ENTERED, "Lincolnshire Police"), (RAISED, "Lincolnshire Police")},
        "five accelerated causes of concern",
    ),
    (
        "div_soup_content_area.html",
        {(RAISED, "Northumbria Police")},
        "has raised a cause of concern about how Northumbria Police",
    ),
    (
        "div_soup_story_body.html",
        {(GRADED, "Surrey Police")},
        "graded inadequate at responding to the public",
    ),
    (
        "div_soup_post_body.html",
        {(CLOSED, "Staffordshire Police")},
        "has closed the last cause of concern",
    ),
    (
        "title_only_in_head.html",
        {(EXITED, "Cleveland Police")},
        "removed from an enhanced level of monitoring",
    ),
    ("rails_only_no_event.html", set(), "a white van was taken from a driveway"),
    (
        "split_sibling_divs.html",
        {(EXITED, "Gwent Police")},
        "has been removed from enhanced monitoring after inspectors",
    ),
    ("amp_like.html", {(ENTERED, "Essex Police")}, "has been moved into enhanced monitoring"),
    (
        "section_role_main.html",
        {(EXITED, "Nottinghamshire Police"), (CLOSED, "Nottinghamshire Police")},
        "has been removed from enhanced monitoring by the inspectorate",
    ),
    (
        "itemprop_article_body.html",
        {(EXITED, "Wiltshire Police")},
        "has been taken out of enhanced monitoring",
    ),
]

# Headlines and words of the furniture around the articles: none may reach the cleaned text.
FURNITURE_WORDS = [
    "Leave this site",
    "essential cookies",
    "Share this page",
    "Is there a problem",
    "Latest news",
    "Most read",
    "More on this story",
    "You may also like",
    "Related news",
    "Recent posts",
    "Advertisement",
    "Sign up to our daily newsletter",
    "Comments",
    "special measures next",
    "Popular",
    "Read next",
    "Trending",
]


@pytest.mark.parametrize(("name", "expected", "lede"), CASES)
def test_page_gives_the_events_of_its_own_article(
    name: str, expected: set[tuple[str, str]], lede: str
) -> None:
    article = read_article(PAGES / name)
    assert lede in article.text
    assert article.title
    assert {(e.type, e.force) for e in detect(article)} == expected


@pytest.mark.parametrize("name", [name for name, _, _ in CASES])
def test_page_furniture_stays_out_of_the_text(name: str) -> None:
    text = read_article(PAGES / name).text
    assert [word for word in FURNITURE_WORDS if word in text] == []


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("title_only_in_head.html", "Cleveland Police removed from enhanced monitoring"),
        ("pcc_news_post.html", "Commissioner welcomes inspection grades for the Constabulary"),
        ("section_role_main.html", "Nottinghamshire Police removed from enhanced monitoring"),
        ("bbc_like.html", "Kent Police placed in special measures by inspectors"),
    ],
)
def test_title_of_a_saved_page(name: str, title: str) -> None:
    assert read_article(PAGES / name).title == title


def test_detect_command_over_saved_pages() -> None:
    names = [name for name, _, _ in CASES]
    result = CliRunner().invoke(main, ["detect", *(str(PAGES / name) for name in names)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [Path(line["file"]).name for line in lines] == names
    for line, (_, expected, _) in zip(lines, CASES, strict=True):
        assert {(e["type"], e["force"]) for e in line["events"]} == expected
