"""The mirror's pages: the scenario in data/ rendered, per version, through templates/.

A version is the state of every watched site on one day. Pages are keyed by the real host and
the path with its query, exactly as a crawler would request them from the real site, and every
link inside them is an absolute real https URL or a root-relative path.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

HERE = Path(__file__).parent
DATA_DIR = HERE / "data"
TEMPLATE_DIR = HERE / "templates"

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"

FEED_SIZE = 20
ENGAGE_PATHS = {
    "current": "/about-us/what-we-do/our-approach-to-monitoring-forces/police-forces-in-engage/",
    "previous": (
        "/about-us/what-we-do/our-approach-to-monitoring-forces/police-forces-previously-in-engage/"
    ),
}

BST = timezone(timedelta(hours=1))

Key = tuple[str, str]


@dataclass(frozen=True)
class Page:
    """One HTTP answer of the mirror; last_modified is None where the page gives none."""

    status: int
    body: bytes
    content_type: str = HTML
    last_modified: datetime | None = None

    @property
    def etag(self) -> str:
        """Strong validator: equal bytes in two versions give equal ETags."""
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


@dataclass(frozen=True)
class Version:
    name: str
    as_of: datetime


@dataclass(frozen=True)
class Site:
    """A watched website; `layout` picks its template set and URL scheme."""

    id: str
    host: str
    platform: str
    layout: str
    name: str
    slug: str
    page_size: int
    listing_status: dict[str, int]
    extra: dict[str, Any]

    @property
    def base(self) -> str:
        return f"https://{self.host}"

    def listing_path(self, page: int = 1) -> str:
        return LAYOUTS[self.layout].listing(self, page)

    @property
    def listing_url(self) -> str:
        return self.base + self.listing_path(1)

    @property
    def feed_path(self) -> str | None:
        return f"/news/{self.slug}/news/GetNewsRss/" if self.layout == "soh" else None

    @property
    def feed_url(self) -> str | None:
        return self.base + self.feed_path if self.feed_path else None


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Article:
    """An article as it stands in one version (edits applied)."""

    site: Site
    slug: str
    title: str
    published: datetime
    modified: datetime
    summary: str
    blocks: tuple[tuple[str, Any], ...]
    links: tuple[Link, ...]

    @property
    def path(self) -> str:
        return LAYOUTS[self.site.layout].article(self)

    @property
    def url(self) -> str:
        return self.site.base + self.path


@dataclass(frozen=True)
class Layout:
    listing: Callable[[Site, int], str]
    article: Callable[[Article], str]


def _soh_article(a: Article) -> str:
    p = a.published
    return f"/news/{a.site.slug}/news/news/{p.year}/{p.strftime('%B').lower()}/{a.slug}/"


LAYOUTS: dict[str, Layout] = {
    "hmicfrs": Layout(
        listing=lambda s, n: "/news/news-feed/" if n == 1 else f"/news/news-feed/page/{n}/",
        article=lambda a: f"/news/news-feed/{a.slug}/",
    ),
    "soh": Layout(
        listing=lambda s, n: f"/news/{s.slug}/news/" + ("" if n == 1 else f"?page={n}"),
        article=_soh_article,
    ),
    "generic": Layout(
        listing=lambda s, n: "/news/" if n == 1 else f"/news/page/{n}/",
        article=lambda a: f"/news/{a.published:%Y/%m}/{a.slug}/",
    ),
    "pcc": Layout(
        listing=lambda s, n: "/news/" + ("" if n == 1 else f"?page={n}"),
        article=lambda a: f"/news/{a.published:%Y/%m}/{a.slug}",
    ),
}


def _last_sunday(year: int, month: int) -> date:
    d = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def uk_time(local: datetime) -> datetime:
    """Attach the UK offset to a wall-clock time (BST from the last Sunday of March to that of
    October); done by hand so that the mirror needs no time-zone database."""
    if local.tzinfo is not None:
        return local
    y = local.year
    start = datetime.combine(_last_sunday(y, 3), datetime.min.time()).replace(hour=2)
    end = datetime.combine(_last_sunday(y, 10), datetime.min.time()).replace(hour=1)
    return local.replace(tzinfo=BST if start <= local < end else UTC)


def slugify(text: str) -> str:
    """URL slug as the real sites make them: apostrophes dropped, other punctuation a hyphen."""
    text = re.sub("[\u2019'\u2018]", "", text.lower().replace("&", "and"))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def blocks(paragraphs: list[str]) -> tuple[tuple[str, Any], ...]:
    """Body text as blocks: '## ' opens a heading, '- ' a bullet; anything else is a paragraph."""
    out: list[tuple[str, Any]] = []
    for para in paragraphs:
        if para.startswith("- "):
            if out and out[-1][0] == "ul":
                out[-1] = ("ul", (*out[-1][1], para[2:]))
            else:
                out.append(("ul", (para[2:],)))
        elif para.startswith("## "):
            out.append(("h2", para[3:]))
        else:
            out.append(("p", para))
    return tuple(out)


def _load(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open("rb") as f:
        return tomllib.load(f)


@cache
def _scenario() -> dict[str, Any]:
    return _load("sites.toml")


def versions() -> list[str]:
    """The scenario's versions, oldest first."""
    return [v["name"] for v in _scenario()["version"]]


def _versions() -> list[Version]:
    return [Version(v["name"], uk_time(v["as_of"])) for v in _scenario()["version"]]


def _index(version: str) -> int:
    names = versions()
    if version not in names:
        raise KeyError(f"unknown mirror version {version!r}; known: {', '.join(names)}")
    return names.index(version)


def sites() -> list[Site]:
    """Every site in the mirror, in the order of data/sites.toml."""
    return list(_sites())


@cache
def _sites() -> tuple[Site, ...]:
    known = {"id", "host", "platform", "layout", "name", "slug", "page_size", "listing_status"}
    return tuple(
        Site(
            id=s["id"],
            host=s["host"],
            platform=s["platform"],
            layout=s["layout"],
            name=s["name"],
            slug=s.get("slug", s["id"]),
            page_size=s["page_size"],
            listing_status=dict(s.get("listing_status", {})),
            extra={k: v for k, v in s.items() if k not in known},
        )
        for s in _scenario()["site"]
    )


def site(site_id: str) -> Site:
    """The site with this id."""
    for s in sites():
        if s.id == site_id:
            return s
    raise KeyError(site_id)


def _present(record: dict[str, Any], version: str) -> bool:
    """Whether a record (article, letter, Engage block) exists in this version."""
    i = _index(version)
    since = _index(record.get("since", versions()[0]))
    gone = _index(record["withdrawn"]) if "withdrawn" in record else len(versions())
    return since <= i < gone


def _edited(record: dict[str, Any], version: str) -> dict[str, Any]:
    """The record with every edit made up to and including this version."""
    out = dict(record)
    for name, edit in sorted(record.get("edits", {}).items(), key=lambda kv: _index(kv[0])):
        if _index(name) > _index(version):
            break
        if "append" in edit:
            out["body"] = [*out["body"], *edit["append"]]
        out.update({k: v for k, v in edit.items() if k != "append"})
    return out


ARTICLE_KEYS = frozenset(
    {"title", "slug", "published", "modified", "since", "withdrawn", "summary", "body"}
    | {"links", "letter", "report", "edits"}
)


def _article(s: Site, record: dict[str, Any], version: str, docs: dict[str, Any]) -> Article:
    unknown = set(record) - ARTICLE_KEYS
    if unknown:
        raise ValueError(f"{s.id}: article {record.get('title')!r} has unknown keys {unknown}")
    r = _edited(record, version)
    published = uk_time(r["published"])
    links = [Link(x["text"], x["href"]) for x in r.get("links", [])]
    for kind in ("letter", "report"):
        if kind in r:
            doc = docs[kind][r[kind]]
            links.append(Link(f"Get the {kind}: {doc['title']}", doc["path"]))
    body = r["body"]
    return Article(
        site=s,
        slug=record.get("slug") or slugify(record["title"]),
        title=r["title"],
        published=published,
        modified=uk_time(r.get("modified", r["published"])),
        summary=r.get("summary") or next(p for p in body if not p.startswith(("- ", "## "))),
        blocks=blocks(body),
        links=tuple(links),
    )


@cache
def _site_data(site_id: str) -> dict[str, Any]:
    return _load(f"{site_id}.toml")


def _documents(site_id: str, version: str) -> dict[str, dict[str, dict[str, Any]]]:
    """The inspectorate's letters and PEEL reports present in this version, by kind and slug."""
    data = _site_data(site_id)
    out: dict[str, dict[str, dict[str, Any]]] = {"letter": {}, "report": {}}
    for kind, prefix in (("letter", "/publication-html/"), ("report", "/peel-reports/")):
        for rec in data.get(kind, []):
            if _present(rec, version):
                r = _edited(rec, version)
                out[kind][rec["slug"]] = {**r, "path": f"{prefix}{rec['slug']}/"}
    return out


def articles(site_id: str, version: str) -> list[Article]:
    """A site's articles in this version, newest first, as its listing shows them."""
    s = site(site_id)
    docs = _documents(site_id, version) if s.layout == "hmicfrs" else {}
    found = [
        _article(s, rec, version, docs)
        for rec in _site_data(site_id).get("article", [])
        if _present(rec, version)
    ]
    return sorted(found, key=lambda a: a.published, reverse=True)


def _long_date(d: date | datetime) -> str:
    return f"{d.day} {d:%B %Y}"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["slug"] = slugify
    env.filters["long_date"] = _long_date
    env.filters["soh_stamp"] = lambda d: d.strftime("%H:%M %d/%m/%Y")
    env.filters["short_date"] = lambda d: f"{d.day} {d:%b %Y}"
    env.filters["rfc822"] = format_datetime
    env.filters["iso"] = lambda d: d.isoformat()
    return env


@cache
def _env() -> Environment:
    return _environment()


def _render(template: str, **context: Any) -> bytes:
    return _env().get_template(template).render(**context).encode("utf-8")


@cache
def error_page(status: int) -> Page:
    """The plain page the mirror answers with for 404 and 500."""
    return Page(status, _render("error.html", status=status), HTML)


def _listing_pages(s: Site, items: list[Article], version: str) -> dict[Key, Page]:
    status = s.listing_status.get(version, 200)
    size = s.page_size
    count = max(1, -(-len(items) // size))
    out: dict[Key, Page] = {}
    for n in range(1, count + 1):
        path = s.listing_path(n)
        if status != 200:
            out[(s.host, path)] = error_page(status)
            continue
        body = _render(
            f"{s.layout}_listing.html",
            site=s,
            articles=items[(n - 1) * size : n * size],
            page=n,
            page_count=count,
            path=path,
            prev_path=s.listing_path(n - 1) if n > 1 else None,
            next_path=s.listing_path(n + 1) if n < count else None,
        )
        out[(s.host, path)] = Page(200, body, HTML)
    if s.feed_path:
        if status != 200:
            out[(s.host, s.feed_path)] = error_page(status)
        else:
            latest = items[:FEED_SIZE]
            built = max(a.modified for a in latest)
            body = _render("soh_rss.xml", site=s, articles=latest, built=built)
            out[(s.host, s.feed_path)] = Page(200, body, RSS)
    return out


def _hmicfrs_documents(s: Site, version: str) -> dict[Key, Page]:
    out: dict[Key, Page] = {}
    docs = _documents(s.id, version)
    for kind, records in docs.items():
        for rec in records.values():
            published = uk_time(rec["published"])
            body = _render(
                f"hmicfrs_{kind}.html",
                site=s,
                doc=rec,
                published=published,
                blocks=blocks(rec["body"]),
                path=rec["path"],
            )
            out[(s.host, rec["path"])] = Page(200, body, HTML, published.astimezone(UTC))
    return out


def _month_key(text: str) -> tuple[int, int]:
    """Sort key for 'September 2023' or '2019' (a bare year sorts before its months)."""
    parts = text.split()
    month = datetime.strptime(parts[0], "%B").month if len(parts) == 2 else 0
    return int(parts[-1]), month


def _engage_pages(s: Site, version: str) -> dict[Key, Page]:
    data = _site_data("engage")
    current, previous = [], []
    for rec in data["force"]:
        if not _present(rec, version):
            continue
        exited = "exited_in" not in rec or _index(rec["exited_in"]) <= _index(version)
        if "exited" in rec and exited:
            previous.append({**rec, "related": rec.get("exit_related", rec["related"])})
        else:
            current.append(rec)
    current.sort(key=lambda r: r["name"])
    previous.sort(key=lambda r: _month_key(r["exited"]), reverse=True)
    out: dict[Key, Page] = {}
    for listing, forces in (("current", current), ("previous", previous)):
        page = data["page"][listing]
        path = ENGAGE_PATHS[listing]
        body = _render(
            "hmicfrs_engage.html", site=s, page=page, forces=forces, listing=listing, path=path
        )
        out[(s.host, path)] = Page(200, body, HTML)
    return out


def _render_version(version: str) -> dict[Key, Page]:
    pages: dict[Key, Page] = {}
    robots = _scenario()["robots"]
    for s in sites():
        items = articles(s.id, version)
        for a in items:
            template = f"{s.layout}_article.html"
            body = _render(template, site=s, article=a, path=a.path)
            pages[(s.host, a.path)] = Page(200, body, HTML, a.modified.astimezone(UTC))
        pages.update(_listing_pages(s, items, version))
        if s.layout == "hmicfrs":
            pages.update(_hmicfrs_documents(s, version))
            pages.update(_engage_pages(s, version))
        body = _render("robots.txt", disallow=robots[s.layout]["disallow"])
        pages[(s.host, "/robots.txt")] = Page(200, body, TEXT)
    return pages


@cache
def _build(version: str) -> dict[Key, Page]:
    """Render a version; pages without a date of their own are dated by the first version in
    the unbroken run of versions that served the same bytes, so Last-Modified moves only when
    the page does."""
    i = _index(version)
    pages = _render_version(version)
    previous = _build(versions()[i - 1]) if i > 0 else {}
    as_of = _versions()[i].as_of.astimezone(UTC)
    for key, page in pages.items():
        if page.status != 200 or page.last_modified is not None:
            continue
        before = previous.get(key)
        same = before is not None and before.status == 200 and before.body == page.body
        pages[key] = replace(page, last_modified=before.last_modified if same else as_of)
    return pages


def build(version: str) -> dict[Key, Page]:
    """Every page of a version, keyed by (real host, path with query); rendered once per version."""
    return dict(_build(version))


def pages(version: str) -> Mapping[Key, Page]:
    """The cached pages of a version, read-only and without a copy (the server's view)."""
    return MappingProxyType(_build(version))


def hosts() -> list[str]:
    """The real hosts the mirror answers for."""
    return [s.host for s in sites()]
