"""Throughput of the event extractor, against reading and lower-casing the same articles.

Runs over the labelled corpus in tests/corpus; when that is empty, over generated articles of
about 600 words (a mix of inspection news and ordinary police news) written to a temporary
folder, so that the baseline reads files either way. One process, best of several passes.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from detect import Article, detect

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
MIN_SECONDS = 1.0
MIN_PASSES = 3

_FORCES = (
    "Kent Police",
    "Lincolnshire Police",
    "the Met",
    "GMP",
    "West Midlands Police",
    "Notts Police",
    "Avon and Somerset Constabulary",
    "Devon & Cornwall Police",
)
_NEWS = (
    "{f} has been moved into Engage, the inspectorate's enhanced level of monitoring.",
    "Inspectors have closed two of the three causes of concern they raised about {f}.",
    "The cause of concern about investigations at {f} remains open.",
    "HMICFRS graded {f}'s performance across eight areas of policing.",
    "The force was rated 'good' at protecting vulnerable people and 'inadequate' for "
    "investigating crime.",
    "{f} was placed in special measures in 2022 after an inspection of its call handling.",
    "Inspectors identified eleven areas for improvement in the report published today.",
    "{f} has been returned to routine monitoring after a revisit in the spring.",
)
_ORDINARY = (
    "Officers from {f} are appealing for witnesses after a car was stolen from a driveway.",
    "A man has been jailed for six years after a series of burglaries across the county.",
    "Detectives said the sentence reflected the harm caused to the victims and their families.",
    "Anyone with information is asked to call 101, quoting the incident number.",
    "Neighbourhood officers will hold a drop-in session at the library on Saturday morning.",
    "The chief constable thanked residents for their support during the summer events.",
    "Road closures will be in place in the town centre while the parade takes place.",
    "Extra patrols have been arranged in the area while enquiries continue.",
)


def _generated(folder: Path, count: int = 200, words: int = 600) -> list[Path]:
    """Write `count` articles of about `words` words: a third inspection news, the rest not."""
    rng = random.Random(20261029)
    paths = []
    for i in range(count):
        force = rng.choice(_FORCES)
        pool = _NEWS if i % 3 == 0 else _ORDINARY
        sentences: list[str] = []
        while sum(len(s.split()) for s in sentences) < words:
            sentences.append(rng.choice(pool + _ORDINARY).format(f=force))
        paragraphs = [" ".join(sentences[k : k + 3]) for k in range(0, len(sentences), 3)]
        doc = {
            "url": f"https://news.example/{i}",
            "title": sentences[0].split(",")[0],
            "published": "2026-10-14",
            "text": "\n\n".join(paragraphs),
            "source_kind": "press",
            "labels": [],
        }
        path = folder / f"{i:04d}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
    return paths


def _best_rate(work: Callable[[], object], items: int) -> float:
    """Items per second of the fastest of several passes (the others met other load)."""
    best = float("inf")
    passes = 0
    started = time.perf_counter()
    while passes < MIN_PASSES or time.perf_counter() - started < MIN_SECONDS:
        t0 = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - t0)
        passes += 1
    return items / best


def _measure(paths: list[Path]) -> dict[str, dict[str, float | str]]:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    articles = [
        Article(
            title=d.get("title") or "",
            text=d.get("text") or "",
            url=d.get("url") or "",
            published=d.get("published"),
            source_kind=d.get("source_kind") or "news",
            force=d.get("force"),
        )
        for d in docs
    ]

    def detect_all() -> None:
        for article in articles:
            detect(article)

    def read_and_lower() -> None:
        for path in paths:
            json.loads(path.read_text(encoding="utf-8"))["text"].lower()

    value = _best_rate(detect_all, len(articles))
    baseline = _best_rate(read_and_lower, len(paths))
    return {
        "detect_throughput": {
            "value": value,
            "unit": "articles/s",
            "baseline": baseline,
            "ratio": value / baseline,
        }
    }


def run() -> dict[str, dict[str, float | str]]:
    """{"detect_throughput": {value, unit, baseline, ratio}} over the corpus or generated articles."""
    paths = sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []
    if paths:
        return _measure(paths)
    with tempfile.TemporaryDirectory() as tmp:
        return _measure(_generated(Path(tmp)))


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
