"""The pages anyone can read: home, the change log (with its downloads), forces, feeds."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for

import store
from alerts.matching import ARTICLE_KINDS, EVENT_KIND, LONDON
from alerts.render import item
from detect.forces import FORCES
from detect.vocab import EVENT_TYPES
from scheduler import source_health
from standing import model as standing_model
from store.browse import change_page, changes_per_force, count_changes
from web.app import get_db, state
from web.feeds import atom_feed
from web.forces import SLUGS, force_slug, in_engage, standing_of

pages = Blueprint("pages", __name__)

PER_PAGE = 50
HOME_CHANGES = 10
TIMELINE = 200
FEED_ENTRIES = 50
# The change-log filter's "type": an event type, or a kind of change ("event": every event).
TYPE_VALUES = (*EVENT_TYPES, *store.CHANGE_KINDS)

DOWNLOAD_COLUMNS = (
    "id",
    "detected_at",
    "force",
    "kind",
    "event_type",
    "event_count",
    "event_area",
    "event_grade",
    "summary",
    "detail",
    "evidence",
    "confidence",
    "title",
    "published",
    "source_id",
    "source_name",
    "url",
    "baseline",
    "retracted_at",
)
# A spreadsheet runs a cell that starts with one of these as a formula; scraped text must not.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ChangeFilter:
    """The change log's filters, as given in the query string."""

    force: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    news_only: bool = False

    def args(self) -> dict[str, str]:
        """The query string that gives this filter again (for page links and downloads)."""
        out = {
            "force": self.force,
            "type": self.type,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "news_only": "1" if self.news_only else None,
        }
        return {k: v for k, v in out.items() if v}

    def query(self) -> dict[str, Any]:
        """The store's arguments; dates are whole days in London, like the times shown."""
        kinds: tuple[str, ...] = ()
        event_types: tuple[str, ...] = ()
        if self.type in EVENT_TYPES:
            kinds, event_types = (EVENT_KIND,), (self.type,)
        elif self.type:
            kinds = (self.type,)
        return {
            "force": self.force,
            "kinds": kinds,
            "event_types": event_types,
            "after": _london_midnight(self.since) if self.since else None,
            "before": _london_midnight(self.until + timedelta(days=1)) if self.until else None,
            "include_baseline": not self.news_only,
        }


def _london_midnight(day: date) -> str:
    start = datetime.combine(day, time(0, 0), tzinfo=LONDON)
    return start.astimezone(UTC).isoformat(timespec="seconds")


def parse_filter(args: Any) -> tuple[ChangeFilter, dict[str, str]]:
    """The filter from a query string, and a message for each value that cannot be used."""
    errors: dict[str, str] = {}
    flt = ChangeFilter(news_only=args.get("news_only") == "1")
    force = args.get("force", "").strip()
    if force:
        if force in FORCES:
            flt.force = force
        else:
            errors["force"] = "Choose a force from the list"
    kind = args.get("type", "").strip()
    if kind:
        if kind in TYPE_VALUES:
            flt.type = kind
        else:
            errors["type"] = "Choose a type of change from the list"
    for name in ("since", "until"):
        value = args.get(name, "").strip()
        if value:
            try:
                setattr(flt, name, date.fromisoformat(value))
            except ValueError:
                errors[name] = "Enter a date as year-month-day, like 2026-10-29"
    if flt.since and flt.until and flt.since > flt.until:
        errors["until"] = "The end date must be on or after the start date"
    return flt, errors


def _page_number() -> int:
    try:
        return max(int(request.args.get("page", "1")), 1)
    except ValueError:
        return 1


def _shown(change: dict[str, Any]) -> dict[str, Any]:
    """A change as the templates show it: the email's wording plus what only pages show."""
    shown = {**change, **item(change), "force_slug": force_slug(change["force"] or "")}
    # An article's own title is its best heading; the label beside it says what happened.
    shown["article"] = change["kind"] in ARTICLE_KINDS
    if shown["article"] and shown["title"]:
        shown["heading"] = shown["title"]
    return shown


@pages.get("/")
def home() -> Any:
    db = get_db()
    recent = change_page(db, include_baseline=False, limit=HOME_CHANGES)
    history_only = not recent
    if history_only:
        recent = change_page(db, limit=HOME_CHANGES)
    return render_template(
        "home.html",
        recent=[_shown(c) for c in recent],
        history_only=history_only,
        engage=in_engage(db),
        total=count_changes(db),
    )


@pages.get("/changes")
def changes() -> Any:
    db = get_db()
    flt, errors = parse_filter(request.args)
    number = _page_number()
    total, rows = 0, []
    if not errors:
        total = count_changes(db, **flt.query())
        rows = change_page(db, **flt.query(), limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    pages_total = max(math.ceil(total / PER_PAGE), 1)
    return (
        render_template(
            "changes.html",
            flt=flt,
            errors=errors,
            changes=[_shown(c) for c in rows],
            total=total,
            page=number,
            pages_total=pages_total,
            first=(number - 1) * PER_PAGE + 1,
            forces=FORCES,
            event_types=EVENT_TYPES,
            other_kinds=[k for k in store.CHANGE_KINDS if k != EVENT_KIND],
            page_url=lambda n: url_for("pages.changes", **flt.args(), page=n),
        ),
        400 if errors else 200,
    )


def _download_rows() -> tuple[ChangeFilter, list[dict[str, Any]]]:
    flt, errors = parse_filter(request.args)
    if errors:
        abort(400, description="; ".join(f"{k}: {v}" for k, v in errors.items()))
    return flt, change_page(get_db(), **flt.query())


@pages.get("/changes.csv")
def changes_csv() -> Any:
    _, rows = _download_rows()
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(DOWNLOAD_COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in DOWNLOAD_COLUMNS])
    return Response(
        buf.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="forcewatch-changes.csv"'},
    )


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict):
        value = json.dumps(value, sort_keys=True)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@pages.get("/changes.json")
def changes_json() -> Any:
    flt, rows = _download_rows()
    body = {
        "filters": flt.args(),
        "count": len(rows),
        "changes": [{c: row[c] for c in DOWNLOAD_COLUMNS} for row in rows],
    }
    return Response(
        json.dumps(body, ensure_ascii=False, indent=1),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="forcewatch-changes.json"'},
    )


@pages.get("/forces")
def forces() -> Any:
    db = get_db()
    engage = {s.force for s in in_engage(db)}
    counts = changes_per_force(db)
    rows = [
        {
            "force": f,
            "slug": force_slug(f),
            "in_engage": f in engage,
            "events": counts.get(f, {}).get("events", 0),
        }
        for f in sorted(FORCES)
    ]
    return render_template("forces.html", rows=rows)


@pages.get("/forces/<slug>")
def force(slug: str) -> Any:
    name = SLUGS.get(slug)
    if name is None:
        abort(404, description="There is no force at this address.")
    db = get_db()
    events = change_page(db, force=name, kinds=(EVENT_KIND,), limit=TIMELINE)
    web = state()
    own = [s for s in web.sources if s.force == name]
    everyone = [s for s in web.sources if s.kind == standing_model.INSPECTORATE]
    healths = source_health(db, own + everyone, datetime.now(UTC), web.config.health_failures)
    return render_template(
        "force.html",
        force=name,
        slug=slug,
        standing=standing_of(db, name),
        model=standing_model,
        events=[_shown(c) for c in events],
        total_events=count_changes(db, force=name, kinds=(EVENT_KIND,)),
        own_sources=healths[: len(own)],
        shared_sources=healths[len(own) :],
        timeline_limit=TIMELINE,
    )


@pages.get("/feeds/changes.atom")
def changes_feed() -> Any:
    rows = change_page(get_db(), include_baseline=False, limit=FEED_ENTRIES)
    return _atom(
        rows,
        key="changes",
        title="forcewatch: changes at police forces in England and Wales",
        html_url=url_for("pages.changes", _external=True),
    )


@pages.get("/feeds/forces/<slug>.atom")
def force_feed(slug: str) -> Any:
    name = SLUGS.get(slug)
    if name is None:
        abort(404, description="There is no force at this address.")
    rows = change_page(get_db(), force=name, include_baseline=False, limit=FEED_ENTRIES)
    return _atom(
        rows,
        key=f"force:{slug}",
        title=f"forcewatch: {name}",
        html_url=url_for("pages.force", slug=slug, _external=True),
    )


def _atom(rows: list[dict[str, Any]], *, key: str, title: str, html_url: str) -> Response:
    body = atom_feed(
        rows,
        base_url=state().config.base_url,
        key=key,
        title=title,
        self_url=request.base_url,
        html_url=html_url,
    )
    return Response(body, mimetype="application/atom+xml")
