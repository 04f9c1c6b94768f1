"""Precision and recall of `detect` on a labelled corpus of articles."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import detect
from .forces import resolve_force
from .model import Article
from .vocab import EVENT_TYPES


@dataclass
class Score:
    """Counts and ratios for one event type (or all of them)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Scores per event type and overall, with every miss and false alarm."""

    per_type: dict[str, Score]
    overall: Score
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    documents: int = 0


def load_corpus(directory: str | Path) -> list[dict[str, Any]]:
    """Every *.json article under the directory, each with its path relative to it as "file"."""
    root = Path(directory)
    docs = []
    for path in sorted(root.rglob("*.json")):
        with path.open(encoding="utf-8") as fh:
            doc = json.load(fh)
        if not isinstance(doc, dict):
            continue
        doc["file"] = str(path.relative_to(root))
        docs.append(doc)
    return docs


def _article(doc: dict[str, Any]) -> Article:
    return Article(
        title=doc.get("title") or "",
        text=doc.get("text") or "",
        url=doc.get("url") or "",
        published=doc.get("published"),
        source_kind=doc.get("source_kind") or "news",
        force=resolve_force(doc.get("force")) if doc.get("force") else None,
    )


def _label_key(label: dict[str, Any]) -> tuple[str, str]:
    force = label.get("force") or ""
    return label.get("type") or "", resolve_force(force) or force


def evaluate(docs: list[dict[str, Any]]) -> Report:
    """Run the detector on every document: an event is found when its type and force match."""
    per_type = {t: Score() for t in EVENT_TYPES}
    overall = Score()
    report = Report(per_type=per_type, overall=overall, documents=len(docs))
    for doc in docs:
        events = detect(_article(doc))
        predicted = {(e.type, e.force): e for e in events}
        labels = {_label_key(lab): lab for lab in doc.get("labels") or []}
        for key, label in labels.items():
            score = per_type.setdefault(key[0], Score())
            if key in predicted:
                score.tp += 1
                overall.tp += 1
            else:
                score.fn += 1
                overall.fn += 1
                report.misses.append(
                    {
                        "file": doc.get("file", ""),
                        "type": key[0],
                        "force": key[1],
                        "count": label.get("count"),
                        "title": doc.get("title", ""),
                    }
                )
        for key, event in predicted.items():
            if key in labels:
                continue
            score = per_type.setdefault(key[0], Score())
            score.fp += 1
            overall.fp += 1
            report.false_alarms.append(
                {
                    "file": doc.get("file", ""),
                    "type": event.type,
                    "force": event.force,
                    "evidence": event.evidence,
                    "confidence": event.confidence,
                }
            )
    return report


def render_report(report: Report) -> str:
    """A plain-text table of the scores, then the misses and false alarms."""
    lines = [
        f"{report.documents} documents",
        f"{'type':<16} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7} {'f1':>6}",
    ]
    rows = [*report.per_type.items(), ("overall", report.overall)]
    for name, s in rows:
        lines.append(
            f"{name:<16} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:>9.3f} {s.recall:>7.3f} "
            f"{s.f1:>6.3f}"
        )
    if report.misses:
        lines.append("")
        lines.append(f"misses ({len(report.misses)}):")
        lines.extend(
            f"  {m['file']}: {m['type']} {m['force']} - {m['title']}" for m in report.misses
        )
    if report.false_alarms:
        lines.append("")
        lines.append(f"false alarms ({len(report.false_alarms)}):")
        lines.extend(
            f"  {f['file']}: {f['type']} {f['force']} ({f['confidence']:.2f}) - {f['evidence']}"
            for f in report.false_alarms
        )
    return "\n".join(lines)
