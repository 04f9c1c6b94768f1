"""A loopback HTTP server for one version of the mirror.

The real URL https://HOST/PATH?QUERY is served at http://127.0.0.1:PORT/HOST/PATH?QUERY, so
crawls and tests exercise the real URL schemes without touching the network.
"""

from __future__ import annotations

import ipaddress
import sys
import threading
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from mirror import site
from mirror.site import Key, Page

RequestRecord = tuple[str, str, str, int]


def _etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored."""
    if header.strip() == "*":
        return True
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return etag in tags


def _not_modified_since(header: str, last_modified: datetime | None) -> bool:
    if last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified.replace(microsecond=0) <= since


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "forcewatch-mirror"
    # Idle keep-alive connections from a crawler must not pin a thread for ever.
    timeout = 30

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_POST(self) -> None:
        host, path = self._split()
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.mirror._record(("POST", host, path, 405))
        self._send(405, b"", "text/plain; charset=utf-8", {"Allow": "GET, HEAD"}, head=False)

    def _split(self) -> Key:
        """('www.example.police.uk', '/news/?page=2') from '/www.example.police.uk/news/?page=2'."""
        rest = self.path.removeprefix("/")
        host, sep, tail = rest.partition("/")
        if "?" in host:
            host, query = host.split("?", 1)
            return host, "/?" + query
        return host, "/" + tail if sep else "/"

    def _answer(self, head: bool) -> None:
        mirror = self.server.mirror
        host, path = self._split()
        if self.path == "/":
            page = Page(200, mirror.index_page())
        else:
            page = mirror.pages.get((host, path)) or site.error_page(404)
        status = page.status
        headers: dict[str, str] = {}
        if status == 200 and self.path != "/":
            headers["ETag"] = page.etag
            if page.last_modified is not None:
                headers["Last-Modified"] = format_datetime(page.last_modified, usegmt=True)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if inm is not None:
                fresh = _etag_matches(inm, page.etag)
            else:
                fresh = ims is not None and _not_modified_since(ims, page.last_modified)
            if fresh:
                status = 304
        # Logged before answering, so a client that has its response always finds it logged.
        mirror._record((self.command, host, path, status))
        if status == 304:
            self._send(304, b"", None, headers, head=True)
        else:
            self._send(status, page.body, page.content_type, headers, head=head)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str],
        head: bool,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.mirror.verbose:
            sys.stderr.write(f"mirror {self.server.mirror.version}: {format % args}\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's backlog of 5 overflows when a crawl opens a connection per site at once;
    # the dropped SYNs then cost seconds of TCP retransmission backoff.
    request_queue_size = 128
    mirror: MirrorServer


class MirrorServer:
    """Serves one version of the mirror on 127.0.0.1 from a background thread.

    Use as a context manager or with start()/stop(); `url` is known once started, and
    `set_version` switches what every later request sees.
    """

    def __init__(
        self, version: str, host: str = "127.0.0.1", port: int = 0, *, verbose: bool = False
    ) -> None:
        if not ipaddress.ip_address(host).is_loopback or ":" in host:
            raise ValueError(f"the mirror binds only to an IPv4 loopback address, not {host!r}")
        self.host = host
        self.port = port
        self.verbose = verbose
        self._lock = threading.Lock()
        self._requests: list[RequestRecord] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.set_version(version)

    def set_version(self, version: str) -> None:
        """Serve another version from the next request on."""
        pages = site.pages(version)
        with self._lock:
            self.version, self.pages = version, pages

    @property
    def url(self) -> str:
        """Base URL, without a trailing slash: url + '/' + host + path."""
        if self._server is None:
            raise RuntimeError("the mirror server is not started")
        return f"http://{self.host}:{self.port}"

    def url_for(self, real_url: str) -> str:
        """The mirror URL that serves a real https URL."""
        return self.url + "/" + real_url.removeprefix("https://").removeprefix("http://")

    @property
    def requests(self) -> list[RequestRecord]:
        """(method, host, path, status) of every request so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def _record(self, entry: RequestRecord) -> None:
        with self._lock:
            self._requests.append(entry)

    def index_page(self) -> bytes:
        """The server's own front page: where each site's listing and feed live in the mirror."""
        rows = []
        for s in site.sites():
            links = [f'<a href="/{s.host}{s.listing_path(1)}">news</a>']
            if s.feed_path:
                links.append(f'<a href="/{s.host}{s.feed_path}">feed</a>')
            if s.layout == "hmicfrs":
                links += [
                    f'<a href="/{s.host}{p}">Engage {k}</a>' for k, p in site.ENGAGE_PATHS.items()
                ]
            rows.append(f"<li>{escape(s.name)} ({s.host}): {', '.join(links)}</li>")
        return (
            f"<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
            f"<title>forcewatch mirror {self.version}</title></head><body>"
            f"<h1>forcewatch mirror, version {self.version}</h1><ul>{''.join(rows)}</ul>"
            f"</body></html>"
        ).encode()

    def start(self) -> MirrorServer:
        if self._server is not None:
            return self
        server = _Server((self.host, self.port), _Handler)
        server.mirror = self
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(version: str, port: int = 8765, *, verbose: bool = False) -> None:
    """Serve a version on 127.0.0.1:port until interrupted (Ctrl-C); prints nothing itself, so
    that the caller words its own banner. A port in use raises OSError."""
    server = MirrorServer(version, port=port, verbose=verbose).start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
