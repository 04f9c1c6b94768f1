"""Configuration: embedded defaults, then forcewatch.toml, then FORCEWATCH_* environment variables."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

CONFIG_FILE = Path("forcewatch.toml")
ENV_PREFIX = "FORCEWATCH_"


class ConfigError(ValueError):
    """A configuration value is missing or wrong; the message names the setting and its origin."""


@dataclass(frozen=True)
class Config:
    db: Path = Path("var/forcewatch.db")
    sources: Path | None = None  # None: the sources.toml shipped with forcewatch
    download_delay: float = 2.0  # seconds between requests to one site
    crawl_timeout: int = 900  # seconds one crawl may take before it is stopped
    contact: str = "forcewatch-operator@example.org"  # goes into the User-Agent
    smtp_host: str | None = None  # None: mail is written to the `outbox` Maildir instead
    smtp_port: int = 587
    smtp_tls: str = "starttls"  # none | starttls | ssl (implicit TLS, usually port 465)
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_timeout: float = 30.0  # seconds for one SMTP command
    mail_from: str = "forcewatch <alerts@forcewatch.example.org>"
    base_url: str = "https://forcewatch.example.org"  # links in emails point here
    outbox: Path = Path("var/outbox")
    digest_time: str = "07:00"  # Europe/London, for daily and weekly digests
    weekly_day: str = "monday"
    admin_email: str | None = None  # the operator, told about failing sources
    # The scheduler (`forcewatch run`); durations in seconds
    crawl_interval: int = 0  # between crawls of every source; 0: each source's interval_minutes
    crawl_jitter: int = 300  # at most this much added to each crawl's time, to spread the load
    crawl_workers: int = 2  # crawls at the same time, each in its own process
    dispatch_every: int = 300  # between alert dispatches (there is also one after every crawl)
    retry_every: int = 900  # between sweeps for deferred alerts and digests not yet sent
    health_every: int = 3600  # between source health checks (also one after every crawl)
    misfire_grace: int = 900  # how late a job may start before that run is skipped
    health_failures: int = 3  # failed crawls in a row before the operator is told
    # The web pages (`forcewatch serve`)
    # Signs the forms' CSRF tokens; None: a random key per process (forms then expire on restart)
    secret_key: str | None = field(default=None, repr=False)
    web_proxies: int = 0  # reverse proxies in front whose X-Forwarded-* headers are trusted

    @property
    def user_agent(self) -> str:
        return f"forcewatch/0.1 (+mailto:{self.contact})"


SMTP_TLS_MODES = ("none", "starttls", "ssl")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _coerce(name: str, kind: Any, value: Any, origin: str) -> Any:
    try:
        if kind in ("Path", "Path | None"):
            return Path(str(value)).expanduser()
        if kind == "float":
            result = float(value)
        elif kind == "int":
            result = int(value)
        else:
            text = str(value).strip()
    except (TypeError, ValueError):
        raise ConfigError(f"{origin}: setting '{name}' must be a {kind}, got {value!r}") from None
    if kind not in ("float", "int"):
        return _check(name, text, origin)
    if result < 0:
        raise ConfigError(f"{origin}: setting '{name}' must not be negative, got {value!r}")
    return result


def _check(name: str, value: str, origin: str) -> str:
    """Settings with a fixed form are refused at load time, not at the first email."""
    if name == "smtp_tls":
        value = value.lower()
        if value not in SMTP_TLS_MODES:
            raise ConfigError(
                f"{origin}: setting 'smtp_tls' must be one of {', '.join(SMTP_TLS_MODES)},"
                f" got {value!r}"
            )
    elif name == "weekly_day":
        value = value.lower()
        if value not in WEEKDAYS:
            raise ConfigError(f"{origin}: setting 'weekly_day' must be a day name, got {value!r}")
    elif name == "digest_time":
        hours, _, minutes = value.partition(":")
        if (
            not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60)
            or len(minutes) != 2
        ):
            raise ConfigError(f"{origin}: setting 'digest_time' must be HH:MM, got {value!r}")
    elif name == "base_url":
        if not value.startswith(("https://", "http://")) or len(value.split("/")[2]) == 0:
            raise ConfigError(
                f"{origin}: setting 'base_url' must be an http(s) address, got {value!r}"
            )
        value = value.rstrip("/")
    return value


def load_config(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Config:
    """Read the config file (optional unless named explicitly) and apply the environment."""
    environ = dict(os.environ if environ is None else environ)
    kinds = {f.name: f.type for f in fields(Config)}
    values: dict[str, Any] = {}
    file = Path(path) if path else CONFIG_FILE
    if file.exists():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{file}: {exc}") from None
        for key, value in data.items():
            if key not in kinds:
                raise ConfigError(f"{file}: unknown setting '{key}' (known: {', '.join(kinds)})")
            values[key] = _coerce(key, kinds[key], value, str(file))
    elif path:
        raise ConfigError(f"config file {file} does not exist")
    for key, kind in kinds.items():
        env_name = ENV_PREFIX + key.upper()
        if environ.get(env_name):
            values[key] = _coerce(key, kind, environ[env_name], f"environment {env_name}")
    return replace(Config(), **values)
