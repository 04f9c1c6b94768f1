"""The `forcewatch` command."""

from __future__ import annotations

import csv
import functools
import io
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

import store
from config import Config, ConfigError, load_config
from registry import RegistryError, Source, load_sources, on_hosts, select

DEMO_DIR = Path("var/demo")


class Failure(click.ClickException):
    """One clear line on stderr and exit status 2, never a traceback."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"forcewatch: {self.message}", err=True)


def with_config(func: Callable[..., Any]) -> Callable[..., Any]:
    """Every command takes --db and --config; the resolved Config arrives as `config`."""

    @click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Config file (default: ./forcewatch.toml if present).",
    )
    @click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        envvar="FORCEWATCH_DB",
        help="SQLite database (default: var/forcewatch.db).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, config_path: str | None, db_path: str | None, **kwargs: Any) -> Any:
        try:
            config = load_config(config_path)
        except ConfigError as exc:
            raise Failure(str(exc)) from None
        if db_path:
            config = Config(**{**config.__dict__, "db": Path(db_path)})
        try:
            return func(*args, config=config, **kwargs)
        except (RegistryError, store.StoreError, ConfigError) as exc:
            raise Failure(str(exc)) from None

    return wrapper


def _sources(config: Config) -> list[Source]:
    return load_sources(config.sources)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option("0.1.0", prog_name="forcewatch")
def main() -> None:
    """Watch HMICFRS and police force news for Engage moves, causes of concern and PEEL grades."""


@main.command("sources")
@with_config
def sources_cmd(config: Config) -> None:
    """List the watched sites from sources.toml."""
    rows = [
        [
            s.id,
            s.kind,
            s.platform,
            "yes" if s.enabled else "no",
            s.start_urls[0] if s.enabled else f"({s.disabled_reason})",
        ]
        for s in _sources(config)
    ]
    click.echo(_table(["id", "kind", "platform", "enabled", "watches"], rows))


@main.command("crawl")
@click.option(
    "--source", "source_ids", multiple=True, metavar="ID", help="Crawl only these sources."
)
@click.option("--mirror", metavar="URL", help="Send every request to a mirror server at URL.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@with_config
def crawl_cmd(
    config: Config, source_ids: tuple[str, ...], mirror: str | None, verbose: bool
) -> None:
    """Crawl the enabled sources once, store what changed, and print a summary."""
    from crawl import run_crawl

    sources = _sources(config)
    chosen = select(sources, source_ids) if source_ids else [s for s in sources if s.enabled]
    if not chosen:
        raise Failure("no enabled source to crawl")
    click.echo(
        f"Crawling {len(chosen)} source(s) into {config.db}" + (f" via {mirror}" if mirror else "")
    )
    summary = run_crawl(
        chosen,
        config.db,
        mirror=mirror,
        log_level="INFO" if verbose else "ERROR",
        overrides={"DOWNLOAD_DELAY": config.download_delay, "USER_AGENT": config.user_agent}
        if not mirror
        else {"USER_AGENT": config.user_agent},
        progress=print_progress,
    )
    print_summary(summary)
    if summary.all_failed:
        sys.exit(1)


def print_progress(run: dict[str, Any], **_: Any) -> None:
    """One line per source as its crawl ends."""
    status = "ok   " if run["outcome"] == "ok" else "ERROR"
    line = (
        f"  {status} {run['source_id']:<28} requests={run['requests']:<4} new={run['new']:<3}"
        f" changed={run['changed']:<3} withdrawn={run['withdrawn']:<2} events={run['events']}"
    )
    if run["baseline"]:
        line += "  (baseline)"
    if run["error"]:
        line += f"  {run['error']}"
    click.echo(line)


def print_summary(summary: Any) -> None:
    click.echo(
        f"{len(summary.runs)} sources, {summary.total('requests')} requests in "
        f"{summary.seconds:.1f} s: {summary.total('new')} new, {summary.total('changed')} changed, "
        f"{summary.total('unchanged')} unchanged, {summary.total('withdrawn')} withdrawn, "
        f"{summary.total('events')} events, {len(summary.failed)} source(s) with errors"
    )


CHANGE_COLUMNS = ["detected_at", "kind", "force", "summary", "url", "baseline", "source_id"]


@main.command("changes")
@click.option("--force", help="Only this force (canonical name, e.g. 'West Midlands Police').")
@click.option("--kind", type=click.Choice(store.CHANGE_KINDS), help="Only this kind of change.")
@click.option("--type", "event_type", help="Only events of this type (implies --kind event).")
@click.option(
    "--since", metavar="DATE", help="Only changes detected on or after DATE (YYYY-MM-DD)."
)
@click.option("--no-baseline", is_flag=True, help="Leave out the baseline of first crawls.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@with_config
def changes_cmd(
    config: Config,
    force: str | None,
    kind: str | None,
    event_type: str | None,
    since: str | None,
    no_baseline: bool,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Print the change log, newest first."""
    db = store.connect(config.db)
    rows = store.list_changes(
        db,
        force=force,
        kind="event" if event_type else kind,
        since=_date(since),
        include_baseline=not no_baseline,
    )
    if event_type:
        rows = [r for r in rows if r["event_type"] == event_type]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
    elif as_csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else CHANGE_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(format_changes(rows))


def format_changes(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No changes."
    table = [
        [
            r["detected_at"][:16].replace("T", " "),
            r["kind"]
            + (f" [{r['state']}]" if r.get("state") and r["kind"] == "event" else "")
            + (" (baseline)" if r["baseline"] else ""),
            r["force"] or "",
            _clip(r["summary"], 70),
            r["url"],
        ]
        for r in rows
    ]
    return _table(["detected", "kind", "force", "summary", "url"], table)


@main.command("runs")
@click.option("--limit", default=50, show_default=True, help="How many runs to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_config
def runs_cmd(config: Config, limit: int, as_json: bool) -> None:
    """Print the crawl runs, newest first."""
    runs = store.list_runs(store.connect(config.db), limit=limit)
    if as_json:
        click.echo(json.dumps(runs, indent=2))
        return
    rows = [
        [
            r["id"],
            r["source_id"],
            r["started_at"][:19].replace("T", " "),
            r["outcome"],
            r["requests"],
            r["new"],
            r["changed"],
            r["unchanged"],
            r["withdrawn"],
            r["events"],
            r["error"] or "",
        ]
        for r in runs
    ]
    click.echo(
        _table(
            [
                "run",
                "source",
                "started",
                "outcome",
                "requests",
                "new",
                "changed",
                "unchanged",
                "withdrawn",
                "events",
                "error",
            ],
            rows,
        )
        if rows
        else "No runs."
    )


EVENT_FIELDS = ("type", "force", "count", "area", "grade", "evidence", "confidence")


@main.command("detect")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def detect_cmd(files: tuple[str, ...]) -> None:
    """Print the events found in article files (.json articles or .html pages), one JSON line each.

    A file that cannot be read or parsed is named on stderr and the others are still processed.
    """
    from detect import detect

    failed = 0
    for name in files:
        try:
            article = read_article(Path(name))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            click.echo(f"forcewatch detect: {name}: {exc}", err=True)
            failed += 1
            continue
        events = [{k: e.to_dict()[k] for k in EVENT_FIELDS} for e in detect(article)]
        click.echo(json.dumps({"file": name, "events": events}, ensure_ascii=False))
    if failed:
        sys.exit(1)


def read_article(path: Path) -> Any:
    """An article from a JSON object (url, title, published, text, source_kind) or an HTML page."""
    from detect import Article

    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".html", ".htm"):
        from scrapy.http import HtmlResponse

        from pipelines.clean import clean_html
        from spiders.extract import extract_main_fragment, extract_published, extract_title

        response = HtmlResponse(url=f"file://{path.resolve()}", body=raw.encode("utf-8"))
        text = clean_html(extract_main_fragment(response))
        if not text:
            raise ValueError("no article text found in the page")
        return Article(
            title=extract_title(response) or "",
            text=text,
            url="",
            published=extract_published(response),
            source_kind="news",
        )
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ValueError("expected a JSON object with a 'text' string")
    return Article(
        title=str(data.get("title") or ""),
        text=data["text"],
        url=str(data.get("url") or ""),
        published=data.get("published"),
        source_kind=str(data.get("source_kind") or "news"),
        force=data.get("force"),
    )


@main.command("eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
def eval_cmd(directory: str) -> None:
    """Score the detector on a labelled corpus: precision, recall and F1 per event type."""
    from detect.evaluate import evaluate, load_corpus, render_report

    docs = load_corpus(Path(directory))
    if not docs:
        raise Failure(f"no labelled documents (*.json) in {directory}")
    click.echo(render_report(evaluate(docs)))


DEMO_ADDRESS = "demo@forcewatch.example.org"


def _alert_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Bad subscription requests and unusable mail settings are one line and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from alerts.render import RenderError
        from alerts.subscriptions import SubscriptionError

        try:
            return func(*args, **kwargs)
        except (SubscriptionError, RenderError) as exc:
            raise Failure(str(exc)) from None

    return wrapper


@main.command("subscribe")
@click.argument("email")
@click.option(
    "--force",
    "forces",
    multiple=True,
    metavar="NAME",
    help="Only this force (repeat for several; default: every force).",
)
@click.option(
    "--type",
    "event_types",
    multiple=True,
    metavar="T",
    help="Only this event type (repeat for several; default: every type).",
)
@click.option(
    "--articles", is_flag=True, help="Also every new, edited or withdrawn article of the forces."
)
@click.option(
    "--frequency",
    default="immediate",
    show_default=True,
    metavar="immediate|daily|weekly",
    help="An email per change, or a daily or weekly digest.",
)
@click.option(
    "--confirmed", is_flag=True, help="Consent was given elsewhere: send no confirmation email."
)
@click.option(
    "--follow-ups",
    is_flag=True,
    help="Also a short email when a change first reported by others is confirmed by the"
    " inspectorate.",
)
@with_config
@_alert_errors
def subscribe_cmd(
    config: Config,
    email: str,
    forces: tuple[str, ...],
    event_types: tuple[str, ...],
    articles: bool,
    frequency: str,
    confirmed: bool,
    follow_ups: bool,
) -> None:
    """Subscribe EMAIL to alerts; without --confirmed, email it a confirmation link first."""
    from alerts.matching import describe_filters
    from alerts.subscriptions import subscribe
    from alerts.transports import DeliveryError

    db = store.connect(config.db)
    try:
        outcome = subscribe(
            db,
            config,
            email,
            forces=forces,
            event_types=event_types,
            articles=articles,
            frequency=frequency,
            confirmed=confirmed,
            follow_ups=follow_ups,
        )
    except DeliveryError as exc:
        raise Failure(
            f"subscription saved but its confirmation email was not sent: {exc}"
            " (run the same subscribe again to retry)"
        ) from None
    sub = outcome.subscription
    what = f"{sub['email']}: {describe_filters(sub)}"
    if outcome.status in ("exists", "updated") and sub["state"] == "confirmed":
        verb = "Already subscribed" if outcome.status == "exists" else "Changed"
        click.echo(f"{verb} (confirmed {sub['confirmed_at']}): {what}")
    elif sub["state"] == "confirmed":
        click.echo(f"Subscribed (confirmed): {what}")
    elif outcome.confirmation_skipped:
        click.echo(
            f"Waiting for confirmation: {what}\nA confirmation email went to this address at"
            f" {sub['confirmation_sent_at']}; no second one is sent within the hour."
        )
    else:
        click.echo(
            f"Subscribed, waiting for confirmation: {what}\nConfirmation email sent via"
            f" {outcome.confirmation}; alerts start once its link is opened."
        )


@main.command("confirm")
@click.argument("token")
@with_config
@_alert_errors
def confirm_cmd(config: Config, token: str) -> None:
    """Confirm the subscription a confirmation link's TOKEN names."""
    from alerts.matching import describe_filters
    from alerts.subscriptions import confirm

    before, sub = confirm(store.connect(config.db), token)
    what = f"{sub['email']}: {describe_filters(sub)}"
    if before == "pending":
        click.echo(f"Confirmed {what}\nAlerts start with the next change detected.")
    elif before == "confirmed":
        click.echo(f"Already confirmed on {sub['confirmed_at']}: {what}")
    else:
        raise Failure(
            f"that subscription was ended on {sub['unsubscribed_at']}; subscribe again to restart it"
        )


@main.command("unsubscribe")
@click.argument("who", metavar="EMAIL|TOKEN")
@with_config
@_alert_errors
def unsubscribe_cmd(config: Config, who: str) -> None:
    """End every subscription of EMAIL, or the one subscription TOKEN names."""
    from alerts.matching import describe_filters
    from alerts.subscriptions import unsubscribe

    for before, sub in unsubscribe(store.connect(config.db), who):
        state = "Already unsubscribed" if before == "unsubscribed" else "Unsubscribed"
        click.echo(f"{state}: {sub['email']}: {describe_filters(sub)}")


@main.command("subscribers")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_config
def subscribers_cmd(config: Config, as_json: bool) -> None:
    """List the subscriptions, with the alerts sent to each, and totals."""
    db = store.connect(config.db)
    subs = store.list_subscriptions(db)
    counts = store.subscription_counts(db)
    outbox = store.outbox_counts(db)
    if as_json:
        for sub in subs:
            sub.pop("token")
        click.echo(
            json.dumps({"subscriptions": subs, "counts": counts, "outbox": outbox}, indent=2)
        )
        return
    rows = [
        [
            s["id"],
            s["email"],
            "suspended" if s["suspended_at"] else s["state"],
            s["frequency"],
            _clip(", ".join(s["forces"]) or "all", 40),
            _clip(", ".join(s["event_types"]) or "all", 40)
            + (" +articles" if s["articles"] else ""),
            (s["confirmed_at"] or "")[:16].replace("T", " "),
            s["sent"],
            s["pending"],
            s["failed"],
        ]
        for s in subs
    ]
    headers = ["id", "email", "state", "frequency", "forces", "types", "confirmed"]
    click.echo(_table([*headers, "sent", "pending", "failed"], rows) if rows else "No subscribers.")
    click.echo(
        f"\n{sum(counts[s] for s in store.SUBSCRIPTION_STATES)} subscriptions for"
        f" {counts['addresses']} addresses: {counts['confirmed']} confirmed,"
        f" {counts['pending']} pending, {counts['unsubscribed']} unsubscribed;"
        f" {counts['suspended']} address(es) suspended."
        f"\nAlerts: {outbox['sent']} sent, {outbox['pending']} pending, {outbox['failed']} failed,"
        f" {outbox['cancelled']} cancelled."
    )
    for email, reason in sorted(
        {(s["email"], s["suspended_reason"]) for s in subs if s["suspended_at"]}
    ):
        click.echo(f"Suspended: {email}: {reason}")


@main.group("alerts")
def alerts_group() -> None:
    """Send, preview and test the alert emails."""


@alerts_group.command("send")
@with_config
@_alert_errors
def alerts_send(config: Config) -> None:
    """Send the alerts due now: immediate ones, and any daily or weekly digest that is due."""
    from alerts.dispatch import send_due

    report = send_due(store.connect(config.db), config=config)
    click.echo(
        f"Sent {report.sent} email(s) via {report.transport}: {report.deferred} deferred,"
        f" {report.failed} failed, {report.cancelled} cancelled."
    )
    for email in report.suspended:
        click.echo(f"Suspended {email} after repeated permanent failures.")
    if report.error:
        click.echo(f"Stopped: {report.error} (what is left is retried later)", err=True)
        sys.exit(1)


@alerts_group.command("preview")
@click.argument("email")
@with_config
@_alert_errors
def alerts_preview(config: Config, email: str) -> None:
    """Print what would be sent to EMAIL, and when; sends nothing."""
    from alerts.dispatch import preview
    from alerts.subscriptions import normalise_email

    address = normalise_email(email)
    db = store.connect(config.db)
    if not store.list_subscriptions(db, address):
        raise Failure(f"no subscription for {address}")
    previews = preview(db, address, config=config)
    if not previews:
        click.echo(f"Nothing to send to {address}.")
    for p in previews:
        click.echo(f"=== {p.when}\nSubject: {p.rendered.subject}\n\n{p.rendered.text_for(p.token)}")


@alerts_group.command("test")
@click.argument("email")
@with_config
@_alert_errors
def alerts_test(config: Config, email: str) -> None:
    """Send one test message to EMAIL through the configured transport, and say what happened."""
    from alerts.dispatch import send_test_message
    from alerts.subscriptions import normalise_email
    from alerts.transports import DeliveryError, MaildirTransport, transport_for

    address = normalise_email(email)
    transport = transport_for(config)
    try:
        where = send_test_message(address, config=config, transport=transport)
    except DeliveryError as exc:
        raise Failure(
            f"test message to {address} not sent via {transport.describe()}: {exc}"
        ) from None
    verb = "written to" if isinstance(transport, MaildirTransport) else "accepted by"
    click.echo(f"Test message to {address} {verb} {where}.")


def demo_subscribe(db_path: Path) -> None:
    """The demo's reader: every force, every event type, an email per change."""
    from alerts.matching import describe_filters
    from alerts.subscriptions import subscribe

    db = store.connect(db_path)
    outcome = subscribe(db, Config(db=db_path), DEMO_ADDRESS, confirmed=True)
    db.close()
    click.echo(f"\nSubscribed {DEMO_ADDRESS} (confirmed): {describe_filters(outcome.subscription)}")


def demo_alerts(root: Path, db_path: Path) -> None:
    """Dispatch the demo's alerts into a Maildir under the demo folder and say how to read them."""
    from alerts.dispatch import dispatch
    from alerts.render import subject_for

    outbox = root / "outbox"
    db = store.connect(db_path)
    report = dispatch(db, config=Config(db=db_path, outbox=outbox))
    sent = store.outbox_rows(db, state="sent")
    changes = store.changes_by_id(db, [row["change_id"] for row in sent])
    db.close()
    click.echo(
        f"\nAlerts for {DEMO_ADDRESS} after the v2 crawl: {report.sent} email(s) in {outbox}/"
    )
    for row in sent:
        change = changes[row["change_id"]]
        click.echo(f"  {subject_for(change)}  (from {change['source_name']})")
    click.echo(
        f"Open them with any Maildir client, e.g. `mutt -f {outbox}`; each file under"
        f" {outbox}/new/ is one email."
    )


@main.command("run")
@click.option(
    "--source", "source_ids", multiple=True, metavar="ID", help="Schedule only these sources."
)
@click.option(
    "--mirror",
    metavar="URL",
    help="Send every request to a mirror server at URL; only the sources it serves are scheduled.",
)
@with_config
def run_cmd(config: Config, source_ids: tuple[str, ...], mirror: str | None) -> None:
    """Run on a schedule until SIGINT or SIGTERM: crawls, alerts, digests and source health.

    Logs a line as each job starts and ends. A second `forcewatch run` on the same database
    refuses to start.
    """
    import logging
    import signal
    import threading

    from alerts.render import RenderError
    from scheduler import AlreadyRunning, InstanceLock, Scheduler

    sources = _sources(config)
    chosen = select(sources, source_ids) if source_ids else [s for s in sources if s.enabled]
    if mirror:
        from mirror.site import hosts

        chosen = on_hosts(chosen, hosts())
    if not chosen:
        raise Failure("no enabled source to schedule" + (" on the mirror" if mirror else ""))
    lock = InstanceLock(config.db)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        raise Failure(str(exc)) from None
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%Y-%m-%d %H:%M:%S"
    )
    # APScheduler's own INFO lines repeat ours; its warnings (missed runs) stay.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        logging.getLogger("forcewatch.scheduler").info(
            "forcewatch run: %d source(s), database %s, lock %s", len(chosen), config.db, lock.path
        )
        Scheduler(config, chosen, mirror=mirror).run_until(stop)
    except RenderError as exc:
        raise Failure(str(exc)) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        lock.release()


@with_config
def sources_health(config: Config) -> None:
    """Every source with its state, from its crawl runs and its articles' dates."""
    from datetime import UTC, datetime

    from scheduler import HEALTH_STATES, source_health, span

    sources = _sources(config)
    db = store.connect(config.db)
    try:
        healths = source_health(db, sources, datetime.now(UTC), config.health_failures)
    finally:
        db.close()
    rows = []
    for h in healths:
        items = "" if h.items_last is None else str(h.items_last)
        if h.items_usual is not None:
            items += f" (usually {h.items_usual:g})"
        published = f"{h.last_published:%Y-%m-%d}" if h.last_published else ""
        if h.usual_gap is not None:
            published += f" (every {span(h.usual_gap)})"
        rows.append(
            [
                h.source.id,
                h.state,
                h.failures or "",
                (h.last_run_at or "")[:16].replace("T", " "),
                (h.last_ok_at or "")[:16].replace("T", " "),
                items,
                published,
                _clip(h.detail, 90),
            ]
        )
    headers = ["id", "state", "failures", "last crawl", "last good", "items", "last article"]
    click.echo(_table([*headers, "detail"], rows))
    counts = {state: sum(h.state == state for h in healths) for state in HEALTH_STATES}
    click.echo("\n" + ", ".join(f"{n} {state}" for state, n in counts.items() if n))


def _add_health_option(command: click.Command) -> None:
    """`forcewatch sources --health`: the same command, showing each source's health instead."""
    listing = command.callback
    assert listing is not None
    command.params.append(
        click.Option(
            ["--health"],
            is_flag=True,
            help="Show each source's health instead: failures in a row, last good crawl,"
            " items per crawl, last article.",
        )
    )

    @functools.wraps(listing)
    def callback(*, health: bool, **kwargs: Any) -> Any:
        return sources_health(**kwargs) if health else listing(**kwargs)

    command.callback = callback


_add_health_option(sources_cmd)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@with_config
@_alert_errors
def serve_cmd(config: Config, host: str, port: int) -> None:
    """Serve the web pages (subscribe, change log, forces, feeds) until interrupted.

    Crawls and alerts are `forcewatch run`'s job, beside it; this sends only the confirmation
    emails of people subscribing.
    """
    import logging

    from web.server import serve

    # Waitress's own lines and confirmation emails that could not be sent go to the log.
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%Y-%m-%d %H:%M:%S"
    )
    click.echo(
        f"Serving forcewatch at http://{host}:{port}/ over {config.db}; links in emails point"
        f" to {config.base_url} (Ctrl-C stops)"
    )
    try:
        serve(config, host, port)
    except OSError as exc:
        raise Failure(f"cannot serve on {host}:{port}: {exc}") from None
    except KeyboardInterrupt:
        pass


@main.command("status")
@click.argument("force", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--rebuild",
    is_flag=True,
    help="First derive every force's standing again from the change log, and say whether it"
    " came out different.",
)
@with_config
def status_cmd(config: Config, force: str | None, as_json: bool, rebuild: bool) -> None:
    """Each force's standing: stage and since when, open causes of concern, latest PEEL grades
    and last event; or one FORCE in detail, with every linked change of its timeline."""
    import standing

    db = store.connect(config.db)
    try:
        standing.refresh(db)
        if rebuild:
            before = [s.to_dict() for s in standing.current(db)]
            standing.rebuild(db)
            after = [s.to_dict() for s in standing.current(db)]
            differ = [a["force"] for a, b in zip(after, before, strict=True) if a != b]
            click.echo(
                f"Rebuilt the standing of {len(after)} forces from the change log: "
                + (f"different for {', '.join(differ)}" if differ else "the same as before"),
                err=as_json,
            )
        if force:
            one = standing.for_force(db, force)
            if one is None:
                raise Failure(f"unknown force {force!r}")
            click.echo(json.dumps(one.to_dict(), indent=2) if as_json else format_standing(one))
            return
        every = standing.current(db)
    finally:
        db.close()
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in every], indent=2))
        return
    click.echo(standing_table(every))
    engage = sorted((s for s in every if s.in_engage), key=lambda s: s.since or "")
    click.echo(
        "\nIn Engage: "
        + ("; ".join(f"{s.force} since {_long_day(s.since)}" for s in engage) or "none")
    )
    held = sum(len(s.review) for s in every)
    if held:
        click.echo(f"{held} change(s) held for review: `forcewatch status FORCE` shows why.")


def standing_table(standings: list[Any]) -> str:
    rows = [
        [
            s.force,
            "Engage" if s.in_engage else "Scan",
            s.since or "",
            s.concerns.open if s.timeline else "",
            s.grades_summary(),
            f"{s.last_event.date} {_clip(s.last_event.summary, 60)}" if s.last_event else "",
        ]
        for s in standings
    ]
    return _table(["force", "stage", "since", "open CoC", "PEEL grades", "last event"], rows)


def format_standing(s: Any) -> str:
    """One force's standing in full, for people: what it is, on whose word, and its timeline."""
    stage = "Engage (enhanced monitoring)" if s.in_engage else "Scan (routine monitoring)"
    lines = [s.force, "", f"Stage: {stage}, since {_long_day(s.since)}"]
    lines += [f"  on the word of {_source_line(src)}" for src in s.evidence]
    c = s.concerns
    lines.append(f"Causes of concern: {c.raised} raised, {c.closed} closed, {c.open} open")
    lines += [f"  {area}: {state}" for area, state in sorted(c.areas.items())]
    if s.afis.raised or s.afis.closed:
        lines.append(
            f"Areas for improvement (where stated): {s.afis.raised} raised, {s.afis.closed} closed"
        )
    if s.grades:
        lines += ["", f"PEEL grades ({s.grades_cycle}), with the previous report's:"]
        lines += [
            "  " + line
            for line in _table(
                ["area", "grade", "previous"],
                [
                    [g.area, g.grade, f"{g.previous} ({g.previous_cycle})" if g.previous else "-"]
                    for g in s.grades
                ],
            ).splitlines()
        ]
    if s.pcc:
        lines += ["", "PCC responses to reports (56 days, Police Act 1996 s.55):"]
        lines += [f"  {_clock_line(clock)}" for clock in s.pcc]
    lines += ["", "Timeline, newest first:" if s.timeline else "No events recorded."]
    for link in s.timeline:
        state = link.state + (", repeats an earlier report" if link.restates else "")
        lines.append(f"  {link.date}  {link.summary}  [{state}]")
        if link.reason:
            lines.append(f"      held for review: {link.reason}")
        lines += [f"      - {change}" for change in link.grade_changes]
        lines += [f"      {_source_line(src)}" for src in link.sources]
    return "\n".join(lines)


def _source_line(src: Any) -> str:
    title = f": {src.title}" if src.title else ""
    gone = " (since removed)" if src.retracted else ""
    return f"{src.source_name}{title}{gone} {src.url}"


def _clock_line(clock: Any) -> str:
    head = f"{clock.report_title}, published {_long_day(clock.published)}"
    words = {
        "pending": f"no response yet; due by {_long_day(clock.due)}",
        "responded": f"responded after {clock.days} days: {clock.response_title}",
        "late": f"responded late, after {clock.days} days: {clock.response_title}",
        "overdue": f"OVERDUE: no response; it was due by {_long_day(clock.due)}",
        "unwatched": "the PCC's site is not watched",
        "before_watch": "older than anything read from the PCC's site",
    }
    return f"{head}: {words.get(clock.state, clock.state)}"


def _long_day(day: str | None) -> str:
    if not day:
        return "a date not known"
    from datetime import date

    d = date.fromisoformat(day[:10])
    return f"{d.day} {d:%B %Y}"


def demo_standing(db_path: Path) -> None:
    """The forces whose standing the demo's crawls taught forcewatch, in a short table."""
    import standing

    db = store.connect(db_path)
    try:
        known = [s for s in standing.current(db) if s.timeline]
    finally:
        db.close()
    click.echo("\nStanding after the second crawl (every force: forcewatch status):")
    click.echo(standing_table(known))
    click.echo(f"Try: forcewatch status --db {db_path} 'West Midlands Police'")


@main.group("mirror")
def mirror_group() -> None:
    """The offline mirror of the watched sites."""


@mirror_group.command("serve")
@click.option("--version", "version", default="v1", show_default=True, help="Mirror version.")
@click.option("--port", default=8765, show_default=True, help="Port on 127.0.0.1.")
def mirror_serve(version: str, port: int) -> None:
    """Serve the mirror on 127.0.0.1 until interrupted."""
    from mirror.server import serve_forever
    from mirror.site import versions

    if version not in versions():
        raise Failure(f"unknown mirror version {version!r} (known: {', '.join(versions())})")
    click.echo(f"Serving mirror {version} at http://127.0.0.1:{port}/ (Ctrl-C stops)")
    try:
        serve_forever(version, port)
    except OSError as exc:
        raise Failure(f"cannot serve on 127.0.0.1:{port}: {exc}") from None
    except KeyboardInterrupt:
        pass


@main.command("demo")
@click.option(
    "--dir",
    "demo_dir",
    type=click.Path(file_okay=False),
    default=str(DEMO_DIR),
    show_default=True,
    help="Where the demo keeps its database.",
)
def demo_cmd(demo_dir: str) -> None:
    """Offline demo: serve the mirror, crawl v1 (baseline), crawl v2, print the change log."""
    from crawl import crawl_in_subprocess
    from mirror.server import MirrorServer
    from mirror.site import hosts

    root = Path(demo_dir)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    db_path = root / "forcewatch.db"
    sources = load_sources()
    with MirrorServer("v1") as server:
        click.echo(f"Mirror of the watched sites serving at {server.url}")
        for version in ("v1", "v2"):
            server.set_version(version)
            if version == "v2":
                demo_subscribe(db_path)
            click.echo(
                f"\nCrawl of mirror {version}"
                + (" (baseline: no alerts)" if version == "v1" else "")
            )
            summary = crawl_in_subprocess(
                on_hosts(sources, hosts()),
                db_path,
                mirror=server.url,
                timeout=600,
                progress=print_progress,
            )
            print_summary(summary)
    db = store.connect(db_path)
    rows = store.list_changes(db, include_baseline=False)
    baseline = len(store.list_changes(db)) - len(rows)
    click.echo(f"\nChange log after the second crawl ({baseline} baseline entries not shown):")
    click.echo(format_changes(rows))
    click.echo(f"\nDatabase: {db_path}   Try: forcewatch changes --db {db_path} --kind event")
    demo_alerts(root, db_path)
    demo_standing(db_path)


def _date(value: str | None) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise Failure(f"--since wants a date as YYYY-MM-DD, got {value!r}") from None


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    cells = [[str(c) for c in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
