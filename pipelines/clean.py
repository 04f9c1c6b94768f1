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
    "textarea",
    "label",
    "dialog",
    "figcaption",
    "amp-ad",
    "amp-sidebar",
    "amp-social-share",
    "amp-analytics",
)
# Page furniture recognised by one word of a class, id, role, aria-label or data-component:
# cookie banners, share widgets, "leave this site" buttons, breadcrumbs, feedback and rating
# panels, rails of other headlines, comments, adverts, embeds, pull quotes, tables of contents.
# Matched word by word so that "content-area" or "main-col" never count, only "related-news".
FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:cookies?|consent|share|sharing|social|breadcrumbs?|skip(?:-?link)?"
    r"|leave-?site|exit|feedback|rating|rate-?this|newsletter|sign-?up|related|sidebar|promo"
    r"|banner|print|pagination|site-?nav|nav|navigation|menu|comments?|disqus|most-?read"
    r"|most-?popular|popular|popularposts|trending|ticker|top-?stories|tags|topics|also-?like"
    r"|read-?more|read-?next|more-?links|recommended|outbrain|taboola|ads?|advert"
    r"|advertisement|gpt|dfp|mpu|sponsored|widget|rail|right-?col|author-?box|pull-?quote"
    r"|pullquote|twitter-tweet|instagram-media|embed|toc|caption|jobs)(?:$|[-_\s])",
    re.I,
)
# Class words that describe a post rather than a part of the page (WordPress puts the post's
# tags and categories on its <article>: "tag-brexit" must not make the article furniture).
_TERM_CLASS = re.compile(r"^(?:tag|category|format|status|type|postid|post|page-id|has|single)-")
# Headings of rails and of the blocks after an article, recognised by their words alone.
RAIL_HEADING = re.compile(
    r"^(?:related(?: news| stories| articles| content| topics| links| posts| publications)?"
    r"|latest(?: news| stories| updates| jobs)?|latest from .{1,40}|more (?:on this story|from .{1,40}"
    r"|stories|news|like this)|most (?:read|popular|viewed|shared|watched)"
    r"|you (?:may|might) (?:also )?like|read (?:more|next)|recommended(?: for you| stories)?"
    r"|popular(?: posts| stories| now)?|trending(?: now)?|top stories|features|recent posts"
    r"|categories|archives?|blog archive|tags|see also|also in the news|elsewhere .{1,40}"
    r"|don'?t miss|comments?(?: \(\d+\))?|\d+ comments?:?|leave a (?:comment|reply)"
    r"|get the latest news.*|sign up to .{1,60})$",
    re.I,
)
# Furniture recognised by its words, for sites whose markup gives no hint.
FURNITURE_LINES = re.compile(
    r"^(leave this site|quickly exit this site.*|share this page|share on \w+|print this (page|document)"
    r"|is there a problem with this page\??|rate this page|was this page (helpful|useful)\??"
    r"|back to top|skip to (main )?content|contents|accept (all )?cookies|reject (all )?cookies"
    r"|we use (some )?(essential )?cookies.*|advertisement|sponsored|share|read more:.*"
    r"|(tags|labels|posted in|filed under):.*)$",
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
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Short elements that may title a rail when a site uses no heading tags ("rel-title" divs).
_LABEL_TAGS = frozenset({*HEADINGS, "div", "p", "span", "strong", "b", "dt", "header", "summary"})
# Lists and boxes mostly made of links are menus, tag clouds and rails of other headlines.
LINK_DENSE = 0.6
# A rail heading's parent with more words of its own than this is the article, not the rail.
_OWN_TEXT_LIMIT = 200


def furniture_marks(classes: list[str] | str | None, *others: str | None) -> bool:
    """Whether an element's class, id, role, aria-label or data-component names furniture."""
    words = classes.split() if isinstance(classes, str) else list(classes or [])
    words = [word for word in words if not _TERM_CLASS.match(word)]
    words.extend(other for other in others if other)
    return any(FURNITURE.search(word) for word in words)


def _is_furniture(tag: Tag) -> bool:
    if tag.attrs is None or tag.name in ("article", "main", "body", "html"):
        return False
    if tag.get("role") == "main" or tag.get("itemprop") == "articleBody":
        return False
    if not furniture_marks(
        tag.get("class"),
        tag.get("id"),
        tag.get("role"),
        tag.get("aria-label"),
        tag.get("data-component"),
    ):
        return False
    # A mark on the box that holds the story itself ("print-friendly", say) is not a rail.
    return tag.find("h1") is None


def _text_len(tag: Tag) -> int:
    return len("".join(tag.get_text().split()))


def _link_len(tag: Tag) -> int:
    return sum(_text_len(a) for a in tag.find_all("a"))


def _holds_story(tag: Tag) -> bool:
    return tag.name in ("article", "main", "body", "html", "[document]") or (
        tag.find("h1") is not None
    )


def _drop_rails(soup: BeautifulSoup) -> None:
    """Remove the blocks that a heading such as "Related news" or "Most read" introduces."""
    for label in soup.find_all(_LABEL_TAGS):
        if label.decomposed or label.parent is None:
            continue
        text = " ".join(label.get_text().split())
        if len(text) > 60 or not RAIL_HEADING.match(text.rstrip(":")):
            continue
        while label.parent is not None and " ".join(label.parent.get_text().split()) == text:
            label = label.parent
        box = label.parent
        if box is None:
            continue
        own = _text_len(box) - _link_len(box) - _text_len(label)
        if not _holds_story(box) and own <= _OWN_TEXT_LIMIT:
            box.decompose()
            continue
        # The heading sits among the article's own blocks: it owns what follows it, up to
        # the next heading.
        for sibling in list(label.find_next_siblings()):
            if sibling.name in HEADINGS:
                break
            sibling.decompose()
        label.decompose()


def _drop_link_lists(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(("ul", "ol", "div", "section", "dl", "p")):
        if tag.decomposed or _holds_story(tag):
            continue
        links = tag.find_all("a")
        if len(links) < 2:
            continue
        total = _text_len(tag)
        if total and sum(_text_len(a) for a in links) / total > LINK_DENSE:
            tag.decompose()


def clean_html(fragment: str) -> str:
    """Paragraphs of the article's own words, one per line, furniture and whitespace removed."""
    soup = BeautifulSoup(fragment, "lxml")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        if not tag.decomposed:
            tag.decompose()
    _drop_rails(soup)
    _drop_link_lists(soup)
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
