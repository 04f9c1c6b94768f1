from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import store
from cli import main
from mirror.server import MirrorServer
from registry import load_sources

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_sources_lists_every_source_and_why_some_are_off():
    code, out, _ = run("sources")
    assert code == 0
    assert "west-midlands" in out
    assert "hmicfrs-engage" in out
    disabled = [s for s in load_sources() if not s.enabled]
    assert disabled
    assert disabled[0].disabled_reason in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "--source", "west-midland"], "unknown source 'west-midland'"),
        (["changes", "--since", "last week"], "--since wants a date"),
        (["changes", "--config", "/nonexistent/fw.toml"], "does not exist"),
    ],
)
def test_errors_are_one_line_with_status_2(tmp_path, args, message):
    code, out, err = run(*args, "--db", str(tmp_path / "f.db"))
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_a_database_path_that_cannot_be_opened_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run("changes", "--db", str(blocker / "f.db"))
    assert code == 2
    assert "cannot open database" in err


def _seed(db_path: Path) -> None:
    db = store.connect(db_path)
    wmp = next(s for s in load_sources() if s.id == "west-midlands")
    store.sync_sources(db, [wmp])
    store.save_article(
        db,
        source_id=wmp.id,
        force=wmp.force,
        url="https://www.westmidlands.police.uk/news/west-midlands/news/news/2026/october/x/",
        title="Inspectorate confirms three of four causes of concern closed",
        published="2026-10-20T09:00:00+01:00",
        text="Three of the four causes of concern have been closed.",
        html_hash="h",
        events=[
            {
                "type": "concern_closed",
                "force": "West Midlands Police",
                "count": 3,
                "evidence": "Three of the four causes of concern have been closed.",
                "confidence": 0.9,
                "summary": "West Midlands Police: 3 causes of concern closed",
            }
        ],
        run_id=None,
        baseline=False,
    )
    db.close()


def test_changes_as_table_json_and_csv(tmp_path):
    db_path = tmp_path / "f.db"
    _seed(db_path)
    code, out, _ = run("changes", "--db", str(db_path))
    assert code == 0
    assert "West Midlands Police: 3 causes of concern closed" in out
    code, out, _ = run("changes", "--db", str(db_path), "--kind", "event", "--json")
    rows = json.loads(out)
    assert [r["event_type"] for r in rows] == ["concern_closed"]
    code, out, _ = run("changes", "--db", str(db_path), "--type", "engage_entered", "--csv")
    assert out.splitlines()[0].startswith("detected_at,")
    assert len(out.splitlines()) == 1
    code, out, _ = run("changes", "--db", str(db_path), "--force", "Kent Police")
    assert out.strip() == "No changes."


def test_detect_prints_one_json_line_per_file_and_names_bad_files(tmp_path):
    article = tmp_path / "a.json"
    article.write_text(
        json.dumps(
            {
                "url": "https://hmicfrs.justiceinspectorates.gov.uk/news/news-feed/x/",
                "title": "Lincolnshire Police moved into enhanced monitoring",
                "published": "2026-10-01",
                "text": "His Majesty's Chief Inspector of Constabulary has today moved "
                "Lincolnshire Police into an enhanced level of monitoring, known as Engage.",
                "source_kind": "inspectorate",
            }
        )
    )
    page = tmp_path / "b.html"
    page.write_text(
        "<html><head><title>Appeal</title></head><body><main><h1>Appeal for witnesses</h1>"
        "<p>Officers are appealing for witnesses after a collision in Walsall.</p></main></body></html>"
    )
    broken = tmp_path / "c.json"
    broken.write_text("{not json")
    missing = tmp_path / "d.json"
    result = CliRunner().invoke(
        main, ["detect", str(article), str(broken), str(page), str(missing)]
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(article), str(page)]
    assert [e["type"] for e in lines[0]["events"]] == ["engage_entered"]
    assert lines[0]["events"][0]["force"] == "Lincolnshire Police"
    assert set(lines[0]["events"][0]) == {
        "type",
        "force",
        "count",
        "area",
        "grade",
        "evidence",
        "confidence",
    }
    assert lines[1]["events"] == []
    assert str(broken) in result.stderr
    assert str(missing) in result.stderr
    assert result.exit_code == 1


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    names = set(main.commands)
    for name, command in main.commands.items():
        for sub in getattr(command, "commands", {}):
            names.add(f"{name} {sub}")
    missing = [n for n in sorted(names) if f"forcewatch {n}" not in readme]
    assert missing == []


@pytest.mark.integration
def test_crawl_command_against_the_mirror(tmp_path):
    with MirrorServer("v1") as server:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "cli",
                "crawl",
                "--source",
                "west-midlands",
                "--source",
                "hmicfrs-engage",
                "--mirror",
                server.url,
                "--db",
                str(tmp_path / "f.db"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
    assert result.returncode == 0, result.stderr
    assert re.search(r"ok\s+west-midlands .*\(baseline\)", result.stdout)
    assert "2 sources" in result.stdout
    assert "0 source(s) with errors" in result.stdout


@pytest.mark.integration
def test_demo_runs_twice_and_shows_the_v2_news(tmp_path):
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-m", "cli", "demo", "--dir", str(tmp_path / "demo")],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Withdrawn (HTTP 404)" in out
    assert "Edited article: UPDATE:" in out
    assert "Removed from 'Police forces in Engage': Nottinghamshire Police" in out
    assert "West Midlands Police: 3 causes of concern closed" in out
