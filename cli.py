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
            r["kind"] + (" (baseline)" if r["baseline"] else ""),
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
