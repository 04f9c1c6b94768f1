"""Configuration: embedded defaults, then forcewatch.toml, then FORCEWATCH_* environment variables."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
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

    @property
    def user_agent(self) -> str:
        return f"forcewatch/0.1 (+mailto:{self.contact})"


def _coerce(name: str, kind: Any, value: Any, origin: str) -> Any:
    try:
        if kind in ("Path", "Path | None"):
            return Path(str(value)).expanduser()
        if kind == "float":
            result = float(value)
        elif kind == "int":
            result = int(value)
        else:
            return str(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{origin}: setting '{name}' must be a {kind}, got {value!r}") from None
    if result < 0:
        raise ConfigError(f"{origin}: setting '{name}' must not be negative, got {value!r}")
    return result


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
