"""Per-article cost of detection against the cost of cleaning the same article's HTML.

Both run on every article page of the mirror (v2), in one process, after the spiders' own
selector step has cut out the article's fragment: the detector should cost no more than the
BeautifulSoup cleaning that feeds it.
"""

from __future__ import annotations

import time
from typing import Any

from scrapy.http import HtmlResponse

from detect import Article, detect
from mirror.site import build
from pipelines.clean import clean_html
from spiders.extract import extract_main_fragment, extract_title

PASSES = 3


def _articles() -> list[tuple[str, str]]:
    """(title, fragment) of every HTML page of the mirror that is an article or letter."""
    found = []
    for (host, path), page in build("v2").items():
        if page.status != 200 or not page.content_type.startswith("text/html"):
            continue
        if path.count("/") < 4 or "page" in path or path.endswith(("/news/", "-engage/")):
            continue
        response = HtmlResponse(f"https://{host}{path}", body=page.body)
        found.append((extract_title(response) or "", extract_main_fragment(response)))
    return found


def _best(func: Any, items: list[Any]) -> float:
    best = float("inf")
    for _ in range(PASSES):
        started = time.perf_counter()
        for item in items:
            func(item)
        best = min(best, time.perf_counter() - started)
    return best / len(items)


def run() -> dict[str, dict[str, Any]]:
    pages = _articles()
    texts = [(title, clean_html(fragment)) for title, fragment in pages]
    clean_cost = _best(lambda p: clean_html(p[1]), pages)
    detect_cost = _best(lambda t: detect(Article(title=t[0], text=t[1])), texts)
    return {
        "detect_vs_clean_ms": {
            "value": detect_cost * 1000,
            "unit": "ms/article",
            "baseline": clean_cost * 1000,
            "ratio": detect_cost / clean_cost,
        }
    }


if __name__ == "__main__":
    for name, figure in run().items():
        print(name, figure)
