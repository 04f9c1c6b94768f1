from __future__ import annotations

import pytest

from pipelines.runs import run_outcome

HEALTHY = {"forcewatch/listing_pages": 2}


@pytest.mark.parametrize(
    ("stats", "reason", "outcome", "message"),
    [
        (HEALTHY, "finished", "ok", None),
        ({"forcewatch/listing_not_modified": 1}, "finished", "ok", None),
        ({}, "finished", "error", "no listing page or feed could be read"),
        (HEALTHY, "shutdown", "error", "crawl stopped: shutdown"),
        (
            {**HEALTHY, "forcewatch/listing_errors": 1, "forcewatch/last_error": "HTTP 500"},
            "finished",
            "error",
            "1 listing/feed error(s): HTTP 500",
        ),
        (
            {**HEALTHY, "forcewatch/listing_errors": 1, "forcewatch/empty_listings": 1},
            "finished",
            "error",
            "listing shows no articles: 1 listing/feed error(s)",
        ),
        ({**HEALTHY, "forcewatch/item_errors": 2}, "finished", "error", "2 article(s) could not"),
        (
            {**HEALTHY, "forcewatch/article_errors": 1},
            "finished",
            "error",
            "1 article(s) could not",
        ),
    ],
)
def test_a_run_is_healthy_only_when_nothing_failed(stats, reason, outcome, message):
    got, error = run_outcome(stats, reason)
    assert got == outcome
    if message is None:
        assert error is None
    else:
        assert error.startswith(message)
