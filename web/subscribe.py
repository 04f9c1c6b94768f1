"""Subscribing, confirming, unsubscribing and managing subscriptions in a browser.

Everything that touches subscriptions goes through `alerts.subscriptions`, as the command
line does. The subscribe form never says whether an address is already subscribed: it checks
the request, queues the work and gives the same page; the work itself (storing, emailing the
confirmation link) happens on the mailer's thread.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for

import store
from alerts.matching import FREQUENCY_WORDS, SUBSCRIBABLE_TYPES, describe_filters
from alerts.subscriptions import (
    SubscriptionError,
    canonical_forces,
    check_event_types,
    confirm,
    normalise_email,
    subscribe,
)
from alerts.subscriptions import unsubscribe as end_subscriptions
from alerts.transports import DeliveryError
from config import Config
from detect.forces import FORCES
from store.subscriptions import (
    CONFIRMED,
    FREQUENCIES,
    IMMEDIATE,
    PENDING,
    UNSUBSCRIBED,
    filter_key,
)
from web.app import client_address, get_db, state
from web.security import Limit

logger = logging.getLogger("forcewatch.web")

subscriptions = Blueprint("subscriptions", __name__)

# What a token in an emailed link looks like (alerts make them with secrets.token_urlsafe).
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{8,128}")

DONE_MESSAGES = {
    "changed": "Your choices for this subscription are saved.",
    "ended": "That subscription is ended: it sends nothing more.",
    "ended_all": "Every subscription of this address is ended: nothing more is sent to it.",
    "resumed": "We have emailed a confirmation link: the subscription starts once it is opened.",
    "unsent": "We could not send the confirmation email just now. Please try again later.",
}


@dataclass
class SubscribeForm:
    email: str = ""
    forces: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    articles: bool = False
    frequency: str = IMMEDIATE
    follow_ups: bool = False
    errors: dict[str, str] = field(default_factory=dict)


def _too_many(wait: float) -> Any:
    response = make_response(
        render_template(
            "error.html",
            title="Too many requests",
            message="This has been asked too often in a short time. Please wait a while and"
            " try again.",
        ),
        429,
    )
    response.headers["Retry-After"] = str(int(wait) + 1)
    return response


def _limited(key: str, limit: Limit) -> float:
    return state().limiter.hit(key, limit)


def _render_form(form: SubscribeForm, status: int = 200) -> Any:
    return (
        render_template(
            "subscribe.html",
            form=form,
            forces=FORCES,
            event_types=SUBSCRIBABLE_TYPES,
            frequencies=FREQUENCIES,
            frequency_words=FREQUENCY_WORDS,
        ),
        status,
    )


@subscriptions.get("/subscribe")
def subscribe_form() -> Any:
    """The form; ?force=NAME (from a force's page) ticks that force."""
    form = SubscribeForm(
        forces=[f for f in request.args.getlist("force") if f in FORCES],
        event_types=[t for t in request.args.getlist("type") if t in SUBSCRIBABLE_TYPES],
    )
    return _render_form(form)


@subscriptions.post("/subscribe")
def subscribe_post() -> Any:
    web = state()
    wait = _limited(f"subscribe-client:{client_address()}", web.limits.subscribe_per_client)
    if wait:
        return _too_many(wait)
    form = SubscribeForm(
        email=request.form.get("email", "").strip()[:320],
        forces=request.form.getlist("force"),
        event_types=request.form.getlist("type"),
        articles=request.form.get("articles") == "yes",
        frequency=request.form.get("frequency", ""),
        follow_ups=request.form.get("follow_ups") == "yes",
    )
    address = ""
    try:
        address = normalise_email(form.email)
    except SubscriptionError:
        form.errors["email"] = "Enter an email address, like name@example.org"
    try:
        form.forces = canonical_forces(form.forces)
    except SubscriptionError:
        form.forces = [f for f in form.forces if f in FORCES]
        form.errors["force"] = "Choose forces from the list"
    try:
        form.event_types = check_event_types(form.event_types)
    except SubscriptionError:
        form.event_types = [t for t in form.event_types if t in SUBSCRIBABLE_TYPES]
        form.errors["type"] = "Choose events from the list"
    if form.frequency not in FREQUENCIES:
        form.errors["frequency"] = "Choose how often to get alerts"
        form.frequency = IMMEDIATE
    if form.errors:
        return _render_form(form, 400)
    wait = _limited(f"subscribe-address:{address}", web.limits.subscribe_per_address)
    if wait:
        return _too_many(wait)
    web.mailer.submit(
        deliver_subscription,
        web.config,
        address,
        forces=form.forces,
        event_types=form.event_types,
        articles=form.articles,
        frequency=form.frequency,
        follow_ups=form.follow_ups,
    )
    return render_template("subscribe_sent.html", email=address)


def deliver_subscription(
    config: Config,
    address: str,
    *,
    forces: list[str],
    event_types: list[str],
    articles: bool,
    frequency: str,
    follow_ups: bool,
) -> str:
    """Store the request and email its confirmation link; runs on the mailer's thread.

    A subscription already confirmed is left as it is: only the person's own emailed link (the
    manage page) may change it, not a form anyone can fill in with their address.
    """
    db = store.connect(config.db)
    try:
        key = filter_key(forces, event_types, articles)
        for existing in store.list_subscriptions(db, address):
            if existing["filter_key"] == key and existing["state"] == CONFIRMED:
                return "exists"
        outcome = subscribe(
            db,
            config,
            address,
            forces=forces,
            event_types=event_types,
            articles=articles,
            frequency=frequency,
            follow_ups=follow_ups,
        )
        return outcome.status
    except DeliveryError as exc:
        logger.warning("confirmation email not sent: %s", exc)
        return "unsent"
    finally:
        db.close()


def _by_token(token: str) -> dict[str, Any]:
    sub = store.subscription_by_token(get_db(), token) if TOKEN_RE.fullmatch(token) else None
    if sub is None:
        abort(404, description="This link is not known. It may have been mistyped or cut short.")
    return sub


def _private(response: Any) -> Any:
    """Pages reached by a token are the subscriber's alone: not cached, not indexed."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@subscriptions.get("/confirm/<token>")
def confirm_page(token: str) -> Any:
    """The link in the confirmation email: opening it is the consent."""
    if not TOKEN_RE.fullmatch(token):
        abort(404, description="This link is not known. It may have been mistyped or cut short.")
    try:
        before, sub = confirm(get_db(), token)
    except SubscriptionError:
        abort(404, description="This link is not known. It may have been mistyped or cut short.")
    return _private(
        render_template("confirm.html", before=before, sub=sub, filters=describe_filters(sub))
    )


@subscriptions.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> Any:
    """GET: a page with one button. POST (the button, or a mail client's RFC 8058 one-click
    request with the token alone): end the subscription, 200 also when it already was."""
    sub = _by_token(token)
    if request.method == "GET":
        return _private(render_template("unsubscribe.html", sub=sub, filters=describe_filters(sub)))
    [(before, after)] = end_subscriptions(get_db(), token)
    return _private(
        render_template(
            "unsubscribed.html",
            before=before,
            sub=after,
            filters=describe_filters(after),
        )
    )


@subscriptions.get("/manage/<token>")
def manage(token: str) -> Any:
    sub = _by_token(token)
    subs = store.list_subscriptions(get_db(), sub["email"])
    return _private(
        render_template(
            "manage.html",
            token=token,
            email=sub["email"],
            subs=[{**s, "filters": describe_filters(s)} for s in subs],
            frequencies=FREQUENCIES,
            frequency_words=FREQUENCY_WORDS,
            done=DONE_MESSAGES.get(request.args.get("done", "")),
            states={"pending": PENDING, "confirmed": CONFIRMED, "unsubscribed": UNSUBSCRIBED},
        )
    )


@subscriptions.post("/manage/<token>")
def manage_post(token: str) -> Any:
    web = state()
    wait = _limited(f"manage-client:{client_address()}", web.limits.manage_per_client)
    if wait:
        return _too_many(wait)
    sub = _by_token(token)
    db = get_db()
    action = request.form.get("action", "")
    if action == "end_all":
        end_subscriptions(db, sub["email"])
        return _done(token, "ended_all")
    mine = {s["id"]: s for s in store.list_subscriptions(db, sub["email"])}
    try:
        target = mine[int(request.form.get("subscription", ""))]
    except (KeyError, ValueError):
        abort(400, description="That subscription is not one of this address's.")
    if action == "end":
        end_subscriptions(db, target["token"])
        return _done(token, "ended")
    if action not in ("change", "resume"):
        abort(400, description="The form asked for something this page does not do.")
    frequency = request.form.get("frequency", target["frequency"])
    # Resuming keeps every choice; changing takes the form's, the checkbox absent meaning no.
    follow_ups = request.form.get("follow_ups") == "yes" if action == "change" else None
    if frequency not in FREQUENCIES or (action == "change" and target["state"] == UNSUBSCRIBED):
        abort(400, description="Choose how often to get alerts from the list.")
    try:
        subscribe(
            db,
            web.config,
            sub["email"],
            forces=target["forces"],
            event_types=target["event_types"],
            articles=target["articles"],
            frequency=frequency,
            follow_ups=target["follow_ups"] if follow_ups is None else follow_ups,
        )
    except DeliveryError as exc:
        logger.warning("confirmation email not sent: %s", exc)
        return _done(token, "unsent")
    return _done(token, "resumed" if action == "resume" else "changed")


def _done(token: str, what: str) -> Any:
    # 303: the browser shows the manage page again with GET, so a reload sends nothing twice.
    return redirect(url_for("subscriptions.manage", token=token, done=what), code=303)
