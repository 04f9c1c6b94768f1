"""Checks the labelled evaluation corpus in tests/corpus, so a malformed label never skews scores."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from contract import CANONICAL_FORCES, EVENT_TYPES

CORPUS_DIR = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS_DIR.glob("*.json"))

SOURCE_KINDS = frozenset({"inspectorate", "force", "pcc", "press"})
DOC_KEYS = frozenset({"url", "title", "published", "text", "source_kind", "force", "labels"})
LABEL_KEYS = frozenset({"type", "force", "count", "area"})
FILENAME = re.compile(r"^\d{3}-[a-z0-9]+(?:-[a-z0-9]+)*\.json$")
MIN_WORDS, MAX_WORDS = 150, 700

# The mix the corpus was built to cover; a minimum per family keeps every detector path scored.
MIN_LABELS_PER_FAMILY = [
    (("engage_entered", "engage_exited"), 25),
    (("concern_raised", "concern_closed"), 20),
    (("peel_graded",), 12),
    (("aoi_raised", "aoi_closed"), 8),
]


def load(path: Path) -> dict[str, Any]:
    """Read one corpus document."""
    return json.loads(path.read_text(encoding="utf-8"))


def all_labels() -> list[dict[str, Any]]:
    """Every label in the corpus, in file order."""
    return [label for path in FILES for label in load(path)["labels"]]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_document_shape(path: Path) -> None:
    assert FILENAME.match(path.name), path.name
    doc = load(path)
    assert isinstance(doc, dict)
    assert set(doc) == DOC_KEYS

    assert re.match(r"^https?://[^/\s]+/\S*$", doc["url"]), doc["url"]
    assert isinstance(doc["title"], str)
    assert doc["title"].strip()
    assert isinstance(doc["published"], str)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["published"])
    dt.date.fromisoformat(doc["published"])
    assert isinstance(doc["text"], str)
    assert MIN_WORDS <= len(doc["text"].split()) <= MAX_WORDS

    assert doc["source_kind"] in SOURCE_KINDS
    if doc["source_kind"] in {"force", "pcc"}:
        assert doc["force"] in CANONICAL_FORCES
    else:
        assert doc["force"] is None or doc["force"] in CANONICAL_FORCES


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_labels(path: Path) -> None:
    labels = load(path)["labels"]
    assert isinstance(labels, list)
    seen: set[tuple[str, str]] = set()
    for label in labels:
        assert isinstance(label, dict)
        assert set(label) == LABEL_KEYS
        assert label["type"] in EVENT_TYPES
        assert label["force"] in CANONICAL_FORCES
        count = label["count"]
        assert count is None or (type(count) is int and count >= 1)
        if label["type"] in {"engage_entered", "engage_exited", "peel_graded"}:
            assert count is None
        area = label["area"]
        assert area is None or (isinstance(area, str) and area.strip() == area and area)
        key = (label["type"], label["force"])
        assert key not in seen, f"duplicate label {key}"
        seen.add(key)


def test_corpus_size_and_negatives() -> None:
    docs = [load(path) for path in FILES]
    assert len(docs) >= 100
    assert sum(1 for doc in docs if not doc["labels"]) >= 40


@pytest.mark.parametrize(("types", "minimum"), MIN_LABELS_PER_FAMILY)
def test_event_mix(types: tuple[str, ...], minimum: int) -> None:
    counts = Counter(label["type"] for label in all_labels())
    assert sum(counts[t] for t in types) >= minimum


def test_urls_are_unique() -> None:
    urls = Counter(load(path)["url"] for path in FILES)
    assert [url for url, n in urls.items() if n > 1] == []


def test_numbers_are_unique() -> None:
    numbers = Counter(path.name[:3] for path in FILES)
    assert [n for n, c in numbers.items() if c > 1] == []
