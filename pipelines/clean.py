"""Turns an article's HTML fragment into clean text, so revisions compare words, not markup."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from items import ArticleItem

# Elements that never hold article text.
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "svg",
    "select",
    "input",
)
# Page furniture recognised by class or id: cookie banners, share widgets, "leave this site"
# buttons, breadcrumbs, feedback and rating panels, related-content rails.
FURNITURE = re.compile(
    r"cookie|consent|share|social|breadcrumb|skip|leave-?site|exit|feedback|rating|rate-?this"
    r"|newsletter|related|sidebar|promo|banner|print|pagination|site-?nav|menu",
    re.I,
)
# Furniture recognised by its words, for sites whose markup gives no hint.
FURNITURE_LINES = re.compile(
    r"^(leave this site|quickly exit this site.*|share this page|share on \w+|print this (page|document)"
    r"|is there a problem with this page\??|rate this page|was this page (helpful|useful)\??"
    r"|back to top|skip to (main )?content|contents|accept (all )?cookies|reject (all )?cookies"
    r"|we use (some )?(essential )?cookies.*)$",
    re.I,
)
BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "main",
    "blockquote",
    "tr",
    "table",
    "dd",
    "dt",
    "dl",
    "figure",
    "figcaption",
    "br",
    "hr",
}


def _is_furniture(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    marks = " ".join([*tag.get("class", []), tag.get("id", "") or "", tag.get("role", "") or ""])
    return bool(marks.strip()) and bool(FURNITURE.search(marks))


def clean_html(fragment: str) -> str:
    """Paragraphs of the article's own words, one per line, furniture and whitespace removed."""
    soup = BeautifulSoup(fragment, "lxml")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        if not tag.decomposed:
            tag.decompose()
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before(NavigableString("\n"))
        tag.insert_after(NavigableString("\n"))
    lines = []
    for raw in soup.get_text().split("\n"):
        line = " ".join(raw.split())
        if line and not FURNITURE_LINES.match(line):
            lines.append(line)
    return "\n".join(lines)


class CleanPipeline:
    def process_item(self, item: object) -> object:
        if isinstance(item, ArticleItem):
            item.text = clean_html(item.body_html)
            item.title = " ".join(item.title.split())
        return item
