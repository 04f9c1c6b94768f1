"""The web pages: subscribe, confirm, unsubscribe and manage alerts; the change log, each
force's page and the Atom feeds, over the same database as the rest of forcewatch."""

from __future__ import annotations

from web.app import create_app

__all__ = ["create_app"]
