"""Work that sends email, done off the request thread.

The subscribe form answers at once and the same way whatever the address: whether a
confirmation goes out, and how long the mail server takes over it, must not show in the
response or in its timing, or the form would tell anyone which addresses are subscribed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

logger = logging.getLogger("forcewatch.web")


class Mailer:
    """One worker thread running jobs in order; a failing job is logged, never raised."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="forcewatch-mail")
        self._futures: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def submit(self, job: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        future = self._pool.submit(self._run, job, *args, **kwargs)
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(self._forget)
        return future

    def wait(self, timeout: float | None = None) -> None:
        """Block until every job submitted so far has finished."""
        with self._lock:
            pending = list(self._futures)
        wait(pending, timeout=timeout)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def _forget(self, future: Future[Any]) -> None:
        with self._lock:
            self._futures.discard(future)

    @staticmethod
    def _run(job: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return job(*args, **kwargs)
        except Exception:
            logger.exception("background mail job %s failed", getattr(job, "__name__", job))
            return None
