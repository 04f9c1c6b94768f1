"""Scoring the detector on a labelled corpus: loading, matching, ratios and the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detect.evaluate import Score, evaluate, load_corpus, render_report


def _write(folder: Path, name: str, **doc: object) -> None:
    base = {"url": f"https://example.test/{name}", "published": "2025-06-10", "labels": []}
    base.update(doc)
    (folder / f"{name}.json").write_text(json.dumps(base), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    _write(
        tmp_path,
        "001-entry",
        title="Kent Police moved into enhanced monitoring",
        text="HM Chief Inspector has today moved the force into Engage.",
        source_kind="inspectorate",
        labels=[{"type": "engage_entered", "force": "Kent Police", "count": None, "area": None}],
    )
    _write(
        tmp_path,
        "002-closure-missed-label-alias",
        title="Revisit letter",
        text="Inspectors closed two causes of concern.",
        source_kind="force",
        force="Notts Police",
        labels=[
            {"type": "concern_closed", "force": "Notts Police", "count": 2, "area": None},
            {"type": "aoi_closed", "force": "Nottinghamshire Police", "count": 3, "area": None},
        ],
    )
    _write(
        tmp_path,
        "003-appeal",
        title="Appeal after burglary",
        text="Police are appealing for witnesses. Surrey Police has been placed in special "
        "measures, inspectors said today.",
        source_kind="press",
    )
    sub = tmp_path / "more"
    sub.mkdir()
    _write(
        sub, "004-nothing", title="Open day", text="Come and meet the dogs.", source_kind="press"
    )
    (tmp_path / "README.md").write_text("not an article", encoding="utf-8")
    return tmp_path


def test_load_corpus_reads_every_json_file_below(corpus: Path) -> None:
    docs = load_corpus(corpus)
    assert [d["file"] for d in docs] == [
        "001-entry.json",
        "002-closure-missed-label-alias.json",
        "003-appeal.json",
        "more/004-nothing.json",
    ]
    assert docs[0]["labels"][0]["type"] == "engage_entered"


def test_evaluate_counts_hits_misses_and_false_alarms(corpus: Path) -> None:
    report = evaluate(load_corpus(corpus))
    assert report.documents == 4
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (2, 1, 1)
    assert report.per_type["engage_entered"].tp == 1
    assert report.per_type["engage_entered"].fp == 1
    assert report.per_type["concern_closed"].tp == 1
    assert report.per_type["aoi_closed"].fn == 1
    assert report.misses == [
        {
            "file": "002-closure-missed-label-alias.json",
            "type": "aoi_closed",
            "force": "Nottinghamshire Police",
            "count": 3,
            "title": "Revisit letter",
        }
    ]
    (alarm,) = report.false_alarms
    assert alarm["file"] == "003-appeal.json"
    assert alarm["force"] == "Surrey Police"
    assert "special measures" in alarm["evidence"]


def test_scores() -> None:
    s = Score(tp=3, fp=1, fn=2)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    empty = Score()
    assert (empty.precision, empty.recall) == (1.0, 1.0)
    assert Score(fp=2).precision == 0.0
    assert Score(fp=2).f1 == 0.0


def test_render_report_lists_scores_misses_and_false_alarms(corpus: Path) -> None:
    text = render_report(evaluate(load_corpus(corpus)))
    assert "4 documents" in text
    lines = text.splitlines()
    overall = next(line for line in lines if line.startswith("overall"))
    assert overall.split()[1:4] == ["2", "1", "1"]
    assert "misses (1):" in text
    assert "002-closure-missed-label-alias.json: aoi_closed Nottinghamshire Police" in text
    assert "false alarms (1):" in text
    assert "003-appeal.json: engage_entered Surrey Police" in text


def test_empty_corpus(tmp_path: Path) -> None:
    report = evaluate(load_corpus(tmp_path))
    assert report.documents == 0
    assert report.overall.precision == 1.0
    assert "misses" not in render_report(report)
