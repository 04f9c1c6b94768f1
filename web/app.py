"""The Flask application: per-request database connections, CSRF, security headers, errors.

Every page is rendered by Jinja with autoescape on, so text scraped from the watched sites
reaches the browser as text, never as markup; links to the sites go through `safe_link`, so no
`javascript:` address becomes a link. Nothing is loaded from another host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import Flask, current_app, g, render_template, request
from sqlite_utils import Database
from werkzeug.exceptions import HTTPException

import store
from alerts.matching import EVENT_KIND
from alerts.render import Renderer, safe_link, when
from alerts.transports import check_mail_settings
from config import Config
from registry import Source, load_sources
from web.forces import force_slug
from web.mailer import Mailer
from web.security import CSRF_COOKIE, CSRF_FIELD, Csrf, Limits, RateLimiter

EVENT_LABELS = {
    "engage_entered": "Moved into Engage",
    "engage_exited": "Moved out of Engage",
    "concern_raised": "Cause of concern raised",
    "concern_closed": "Cause of concern closed",
    "peel_graded": "PEEL grades published",
    "aoi_raised": "Area for improvement raised",
    "aoi_closed": "Area for improvement closed",
}
KIND_LABELS = {
    "new": "New article",
    "edited": "Article edited",
    "withdrawn": "Article withdrawn",
    "list_change": "Engage list change",
    "event": "Event",
    "retraction": "Event retracted",
    "confirmed": "Reported change confirmed",
    "review": "Held for review",
    "cleared": "Review cleared",
    "correction": "Correction",
    "pcc_response_overdue": "PCC response overdue",
}  # What a subscription's types are called: the events, and the entries one may subscribe to.
TYPE_LABELS = {**KIND_LABELS, **EVENT_LABELS}

# The RFC 8058 one-click POST comes from a mail client or provider with the token alone.
CSRF_EXEMPT = {"subscriptions.unsubscribe"}

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self';"
        " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Same-origin only: the token in a confirm, manage or unsubscribe address never leaves.
    "Referrer-Policy": "same-origin",
}


@dataclass
class WebState:
    """What every request shares: settings, the CSRF key, the rate limiter and the mailer."""

    config: Config
    sources: list[Source]
    csrf: Csrf
    limits: Limits
    limiter: RateLimiter = field(default_factory=RateLimiter)
    mailer: Mailer = field(default_factory=Mailer)


def create_app(
    config: Config,
    *,
    limits: Limits | None = None,
    limiter: RateLimiter | None = None,
    sources: list[Source] | None = None,
) -> Flask:
    """The application over `config.db`; mail settings are checked now, not at the first form."""
    check_mail_settings(config)
    Renderer(base_url=config.base_url, mail_from=config.mail_from)
    app = Flask(__name__, static_folder="static", static_url_path="/static")
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    app.config["MAX_FORM_PARTS"] = 200
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.extensions["forcewatch"] = WebState(
        config=config,
        sources=load_sources(config.sources) if sources is None else sources,
        csrf=Csrf(config.secret_key),
        limits=limits or Limits(),
        limiter=limiter or RateLimiter(),
    )
    app.jinja_env.filters.update(when=when, slug=force_slug, link=safe_link, day=_day)
    app.jinja_env.globals.update(
        csrf_token=csrf_token,
        csrf_field=CSRF_FIELD,
        EVENT_LABELS=EVENT_LABELS,
        KIND_LABELS=KIND_LABELS,
        TYPE_LABELS=TYPE_LABELS,
        label=label,
    )

    from web.pages import pages
    from web.subscribe import subscriptions

    app.register_blueprint(pages)
    app.register_blueprint(subscriptions)
    app.before_request(_check_csrf)
    app.after_request(_headers)
    app.teardown_appcontext(_close_db)
    app.register_error_handler(HTTPException, _error_page)
    return app


def state() -> WebState:
    return current_app.extensions["forcewatch"]


def get_db() -> Database:
    """One connection per request: sqlite3 connections belong to the thread that opened them."""
    if "db" not in g:
        g.db = store.connect(state().config.db)
    return g.db


def _close_db(exc: BaseException | None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def client_address() -> str:
    """The client for rate limits; behind trusted proxies waitress has already put the
    forwarded address here."""
    return request.remote_addr or "unknown"


def label(change: dict[str, Any]) -> str:
    """ "Cause of concern closed", "New article": what kind of change this is, in words."""
    if change["kind"] == EVENT_KIND and change.get("event_type") in EVENT_LABELS:
        return EVENT_LABELS[change["event_type"]]
    return KIND_LABELS.get(change["kind"], change["kind"])


def _day(value: str | None) -> str | None:
    """ "29 October 2026"; a month alone ("2026-01", as the Engage list gives) is "January 2026"."""
    if value and re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{date(int(value[:4]), int(value[5:]), 1):%B %Y}"
    return when(value, with_time=False)


def csrf_token() -> str:
    """The token for this browser's forms; a browser without the cookie gets one with the page."""
    cookie = request.cookies.get(CSRF_COOKIE) or g.get("new_csrf_cookie")
    if not cookie:
        cookie = g.new_csrf_cookie = Csrf.new_cookie()
    return state().csrf.token(cookie)


def _check_csrf() -> Any:
    if request.method != "POST" or request.endpoint in CSRF_EXEMPT:
        return None
    if state().csrf.valid(request.cookies.get(CSRF_COOKIE), request.form.get(CSRF_FIELD)):
        return None
    return (
        render_template(
            "error.html",
            title="This form has expired",
            message="The form was sent without the code this site gave it, or from another"
            " site. Go back, reload the page and send the form again.",
        ),
        400,
    )


def _headers(response: Any) -> Any:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    cookie = g.get("new_csrf_cookie")
    if cookie:
        response.set_cookie(
            CSRF_COOKIE,
            cookie,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
    return response


def _error_page(exc: HTTPException) -> Any:
    titles = {
        404: "Page not found",
        405: "Not allowed",
        429: "Too many requests",
    }
    title = titles.get(exc.code or 500, exc.name)
    message = exc.description if exc.code != 404 else None
    response = exc.get_response()
    response.set_data(render_template("error.html", title=title, message=message))
    response.content_type = "text/html; charset=utf-8"
    return response
