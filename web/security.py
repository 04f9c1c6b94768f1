"""CSRF tokens for the forms and rate limits for the requests that send email or change data.

The CSRF token is an HMAC of a random per-browser cookie under the server's key (a signed
double-submit cookie): a page on another site can neither read the cookie nor compute the
token, and the server keeps no session. The rate limiter is in memory, which is right for the
one waitress process `forcewatch serve` runs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

CSRF_COOKIE = "fw_csrf"
CSRF_FIELD = "csrf"


class Csrf:
    """Issues and checks the token that ties a form to the browser it was shown to."""

    def __init__(self, key: str | None) -> None:
        self.key = (key or secrets.token_hex(32)).encode("utf-8")

    @staticmethod
    def new_cookie() -> str:
        return secrets.token_urlsafe(32)

    def token(self, cookie: str) -> str:
        return hmac.new(self.key, cookie.encode("utf-8"), hashlib.sha256).hexdigest()

    def valid(self, cookie: str | None, token: str | None) -> bool:
        if not cookie or not token:
            return False
        return hmac.compare_digest(self.token(cookie), token)


@dataclass(frozen=True)
class Limit:
    """At most `count` requests in any `seconds`."""

    count: int
    seconds: float


@dataclass(frozen=True)
class Limits:
    # A person subscribing makes a request or two; a script making hundreds is stopped early.
    subscribe_per_client: Limit = Limit(10, 3600)
    # Each request for an address may email it, so an address is never flooded by others.
    subscribe_per_address: Limit = Limit(3, 3600)
    manage_per_client: Limit = Limit(60, 3600)


class RateLimiter:
    """A sliding window per key: the times of the requests let through within the window."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000):
        self.clock = clock
        self.max_keys = max_keys
        self._hits: dict[str, tuple[float, deque[float]]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many keys are remembered."""
        return len(self._hits)

    def hit(self, key: str, limit: Limit) -> float:
        """Count a request; 0 if it may go ahead, else the seconds until one more may."""
        now = self.clock()
        with self._lock:
            entry = self._hits.get(key)
            if entry is None:
                if len(self._hits) >= self.max_keys:
                    self._prune(now)
                entry = self._hits[key] = (limit.seconds, deque())
            hits = entry[1]
            while hits and hits[0] <= now - limit.seconds:
                hits.popleft()
            if len(hits) >= limit.count:
                return max(hits[0] + limit.seconds - now, 1.0)
            hits.append(now)
            return 0.0

    def _prune(self, now: float) -> None:
        """Forget keys idle for a whole window, so memory stays bounded under a flood."""
        idle = [k for k, (seconds, v) in self._hits.items() if not v or v[-1] <= now - seconds]
        for key in idle:
            del self._hits[key]
        if len(self._hits) >= self.max_keys:
            # Still full: the flood is of fresh keys; forgetting the oldest half is the lesser harm.
            for key in list(self._hits)[: self.max_keys // 2]:
                del self._hits[key]
