"""The registry of watched sites, loaded from sources.toml."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Which spider knows each platform; a source names its platform, never its spider.
PLATFORMS: dict[str, str] = {
    "hmicfrs": "hmicfrs_news",
    "engage_list": "engage_list",
    "soh": "soh_news",
    "generic": "generic_news",
}

KINDS = ("force", "pcc", "inspectorate")

DEFAULT_PATH = Path(__file__).with_name("sources.toml")

REQUIRED_FIELDS = ("id", "name", "kind", "platform", "start_urls")

# Ids appear in CLI arguments, file names and database keys, so they stay plain.
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    kind: str  # force | pcc | inspectorate
    platform: str  # a key of PLATFORMS
    start_urls: tuple[str, ...]
    force: str | None = None  # canonical force name the source speaks for (force and pcc)
    homepage: str | None = None
    feed_url: str | None = None
    article_pattern: str | None = None  # regex on URL paths; the generic platform needs it
    interval_minutes: int = 60
    enabled: bool = True
    disabled_reason: str | None = None

    @property
    def spider(self) -> str:
        return PLATFORMS[self.platform]


FIELDS = tuple(f.name for f in fields(Source))


class RegistryError(ValueError):
    """A registry that cannot be trusted; each message names the source and the field at fault."""

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            message = f"{len(self.problems)} problems:\n" + "\n".join(
                f"  {p}" for p in self.problems
            )
        super().__init__(message)


class _FieldError(Exception):
    """One bad field of one table; collected so that a broken file is reported in one go."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def load_sources(path: Path | str | None = None) -> list[Source]:
    """Read and check the registry; every problem in the file is reported at once."""
    path = DEFAULT_PATH if path is None else Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts "(at line N, column M)" in the message itself.
        raise RegistryError(f"{path}: TOML syntax error: {exc}") from exc

    stray = sorted(set(data) - {"sources"})
    if stray:
        raise RegistryError(
            f"{path}: unknown top-level key {_quoted(stray)}; each source is a [[sources]] table"
        )
    tables = data.get("sources")
    if not isinstance(tables, list) or not tables:
        raise RegistryError(f"{path}: no [[sources]] tables")

    problems: list[str] = []
    parsed: list[Source] = []
    for number, table in enumerate(tables, start=1):
        label = _label(table, number)
        try:
            parsed.append(_parse(table))
        except _FieldError as p:
            problems.append(f"{path}: {label} field '{p.field}': {p.message}")
    # Read from the raw tables so that one broken force table does not also fail its pcc.
    declared = {
        t["force"]
        for t in tables
        if isinstance(t, dict) and t.get("kind") == "force" and isinstance(t.get("force"), str)
    }
    problems.extend(f"{path}: {p}" for p in _cross_check(parsed, declared))
    if problems:
        raise RegistryError(problems)
    return parsed


def select(sources: Iterable[Source], ids: Iterable[str]) -> list[Source]:
    """The sources named by ids, in the order asked; a typo gets suggestions, not silence."""
    by_id = {s.id: s for s in sources}
    chosen: list[Source] = []
    problems: list[str] = []
    for sid in ids:
        if sid in by_id:
            if by_id[sid] not in chosen:
                chosen.append(by_id[sid])
            continue
        message = f"unknown source '{sid}'"
        close = difflib.get_close_matches(sid, list(by_id), n=3, cutoff=0.6)
        if close:
            message += f"; did you mean {_quoted(close, 'or')}?"
        problems.append(message)
    if problems:
        raise RegistryError(problems)
    return chosen


def enabled(sources: Iterable[Source]) -> list[Source]:
    """The sources a scheduled crawl runs."""
    return [s for s in sources if s.enabled]


def _label(table: Any, number: int) -> str:
    sid = table.get("id") if isinstance(table, dict) else None
    if isinstance(sid, str) and sid:
        return f"source '{sid}'"
    return f"source #{number} (no id)"


def _parse(table: Any) -> Source:
    if not isinstance(table, dict):
        raise _FieldError("sources", "each source must be a [[sources]] table")
    for key in table:
        if key not in FIELDS:
            hint = difflib.get_close_matches(key, FIELDS, n=1)
            suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; known: {', '.join(FIELDS)}"
            raise _FieldError(key, f"unknown field{suggestion}")
    for key in REQUIRED_FIELDS:
        if key not in table:
            raise _FieldError(key, "missing (required for every source)")

    sid = _text(table, "id")
    if not _ID_RE.match(sid):
        raise _FieldError("id", f"'{sid}' must be lower-case letters and digits joined by hyphens")
    name = _text(table, "name")
    kind = _text(table, "kind")
    if kind not in KINDS:
        raise _FieldError("kind", f"unknown kind '{kind}'; known: {', '.join(KINDS)}")
    platform = _text(table, "platform")
    if platform not in PLATFORMS:
        raise _FieldError(
            "platform", f"unknown platform '{platform}'; known: {', '.join(sorted(PLATFORMS))}"
        )
    start_urls = table["start_urls"]
    if not isinstance(start_urls, list) or not start_urls:
        raise _FieldError("start_urls", "must be a non-empty list of URLs")
    for url in start_urls:
        _check_url("start_urls", url)
    homepage = _optional_text(table, "homepage")
    if homepage is not None:
        _check_url("homepage", homepage)
    feed_url = _optional_text(table, "feed_url")
    if feed_url is not None:
        _check_url("feed_url", feed_url)

    force = _optional_text(table, "force")
    if kind in ("force", "pcc") and force is None:
        raise _FieldError("force", f"missing (required for kind '{kind}')")
    if kind == "inspectorate" and force is not None:
        raise _FieldError("force", "not allowed for kind 'inspectorate', which covers every force")

    interval = table.get("interval_minutes", 60)
    # bool is an int subclass: `interval_minutes = true` must not read as 1.
    if isinstance(interval, bool) or not isinstance(interval, int) or interval <= 0:
        raise _FieldError("interval_minutes", f"must be a positive whole number, not {interval!r}")
    is_enabled = table.get("enabled", True)
    if not isinstance(is_enabled, bool):
        raise _FieldError("enabled", f"must be true or false, not {is_enabled!r}")
    reason = _optional_text(table, "disabled_reason")
    if not is_enabled and reason is None:
        raise _FieldError("disabled_reason", "missing: a disabled source must say why")
    if is_enabled and reason is not None:
        raise _FieldError("disabled_reason", "given, but the source is enabled")

    pattern = _optional_text(table, "article_pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _FieldError("article_pattern", f"not a valid regex: {exc}") from exc
    # A disabled generic source may lack a pattern: that is usually what is unknown about it.
    elif platform == "generic" and is_enabled:
        raise _FieldError(
            "article_pattern", "missing (the generic platform needs it to find articles)"
        )

    return Source(
        id=sid,
        name=name,
        kind=kind,
        platform=platform,
        start_urls=tuple(start_urls),
        force=force,
        homepage=homepage,
        feed_url=feed_url,
        article_pattern=pattern,
        interval_minutes=interval,
        enabled=is_enabled,
        disabled_reason=reason,
    )


def _cross_check(sources: list[Source], declared_forces: set[str]) -> list[str]:
    """Rules across tables: unique ids, one source per force, pcc forces that exist."""
    problems: list[str] = []
    seen_ids: set[str] = set()
    for s in sources:
        if s.id in seen_ids:
            problems.append(f"source '{s.id}' field 'id': duplicate id")
        seen_ids.add(s.id)

    # Within the file the force sources define the canonical names; a pcc must name one of them.
    force_owner: dict[str, str] = {}
    for s in sources:
        if s.kind != "force" or s.force is None:
            continue
        if s.force in force_owner:
            problems.append(
                f"source '{s.id}' field 'force': '{s.force}' is already the force of "
                f"source '{force_owner[s.force]}'"
            )
        else:
            force_owner[s.force] = s.id
    for s in sources:
        if s.kind != "pcc" or s.force is None or s.force in declared_forces:
            continue
        message = f"source '{s.id}' field 'force': '{s.force}' is not the force of any force source"
        known = sorted(declared_forces)
        close = difflib.get_close_matches(s.force, known, n=1)
        if not close:
            # "Kent Constabulary" for "Kent Police": the place name is the better clue.
            place = s.force.split()[0].lower()
            close = [f for f in known if f.split()[0].lower() == place][:1]
        if close:
            message += f"; did you mean '{close[0]}'?"
        problems.append(message)
    return problems


def _text(table: dict[str, Any], key: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise _FieldError(key, f"must be a non-empty string, not {value!r}")
    return value


def _optional_text(table: dict[str, Any], key: str) -> str | None:
    return _text(table, key) if key in table else None


def _check_url(field: str, url: Any) -> None:
    if not isinstance(url, str):
        raise _FieldError(field, f"{url!r} is not a URL")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise _FieldError(field, f"'{url}' is not an http(s) URL with a host")


def _quoted(items: Iterable[str], joiner: str = "and") -> str:
    names = [f"'{i}'" for i in items]
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {joiner} {names[-1]}"


def on_hosts(sources: Iterable[Source], hosts: Collection[str]) -> list[Source]:
    """The enabled sources whose every start URL lies on one of `hosts` (e.g. a mirror's)."""
    return [
        s for s in sources if s.enabled and all(urlsplit(u).netloc in hosts for u in s.start_urls)
    ]
