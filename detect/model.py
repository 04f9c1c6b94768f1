"""What the detector reads and what it returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass
class Article:
    """One article as the detector sees it: plain text, no markup.

    `source_kind` is one of inspectorate, force, pcc, press, news; `force` is the canonical name
    of the force whose own site (or whose PCC) published the article, so that "the force" and
    "we" can be resolved on pages that never name it.
    """

    title: str
    text: str
    url: str = ""
    published: str | date | datetime | None = None
    source_kind: str = "news"
    force: str | None = None


@dataclass
class Event:
    """One thing that happened to one force, with the sentence that says so."""

    type: str
    force: str
    count: int | None = None
    area: str | None = None
    grade: dict[str, str] | None = None
    evidence: str = ""
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "force": self.force,
            "count": self.count,
            "area": self.area,
            "grade": dict(self.grade) if self.grade else None,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 3),
        }
