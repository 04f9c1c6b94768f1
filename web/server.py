"""`forcewatch serve`: the application under waitress, a production WSGI server.

The scheduler never runs here: crawls and alerts belong to `forcewatch run`, and any number of
web processes may read the database beside it.
"""

from __future__ import annotations

from typing import Any

from config import Config
from web.app import create_app

THREADS = 4


def serve(config: Config, host: str, port: int) -> None:
    """Serve until interrupted; returns when waitress stops."""
    from waitress import serve as waitress_serve

    app = create_app(config)
    options: dict[str, Any] = {}
    if config.web_proxies:
        # Behind reverse proxies the client's address is the one they forward; without them,
        # waitress drops X-Forwarded-* so no client can claim another address.
        options = {
            "trusted_proxy": "*",
            "trusted_proxy_count": config.web_proxies,
            "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto x-forwarded-host",
        }
    try:
        waitress_serve(app, host=host, port=port, threads=THREADS, ident="forcewatch", **options)
    finally:
        app.extensions["forcewatch"].mailer.close()
