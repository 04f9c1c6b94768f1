"""`forcewatch run` end to end against the mirror and a real SMTP server, and one database
shared by crawl children, a dispatcher, health checks and a person's commands at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from alerts_support import SmtpServer

import store
from alerts.dispatch import dispatch
from alerts.subscriptions import subscribe
from config import Config
from crawl import crawl_in_subprocess
from mirror.server import MirrorServer
from mirror.site import hosts
from registry import load_sources, on_hosts
from scheduler import Scheduler

pytestmark = pytest.mark.integration

READER = "reader@example.org"
OPERATOR = "operator@example.org"
WATCHED = ("hmicfrs", "west-midlands", "staffordshire")
LOCKED = "database is locked"


def forcewatch(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli", *args]


def wait_for(what: str, check: Callable[[], object], deadline: float, proc=None) -> None:
    while not check():
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"forcewatch run exited ({proc.returncode}) while waiting for {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)


def healthy_once(db_path: Path, source_ids) -> bool:
    db = store.connect(db_path)
    try:
        health = store.crawl_health(db)
    finally:
        db.close()
    return all(health.get(sid, {}).get("last_ok_at") for sid in source_ids)


def test_forcewatch_run_delivers_the_v2_alerts_by_itself_and_stops_cleanly(tmp_path):
    db_path = tmp_path / "forcewatch.db"
    log = tmp_path / "run.log"
    deadline = time.monotonic() + 55
    with MirrorServer("v1") as mirror, SmtpServer() as smtp:
        db = store.connect(db_path)
        subscribe(
            db,
            Config(db=db_path),
            READER,
            forces=["West Midlands Police"],
            confirmed=True,
        )
        db.close()
        env = {k: v for k, v in os.environ.items() if not k.startswith("FORCEWATCH_")}
        env.update(
            FORCEWATCH_DB=str(db_path),
            FORCEWATCH_CRAWL_INTERVAL="2",
            FORCEWATCH_CRAWL_JITTER="0",
            # Only the dispatch that follows a crawl can deliver within the test.
            FORCEWATCH_DISPATCH_EVERY="3600",
            FORCEWATCH_HEALTH_FAILURES="1",
            FORCEWATCH_SMTP_HOST="127.0.0.1",
            FORCEWATCH_SMTP_PORT=str(smtp.port),
            FORCEWATCH_SMTP_TLS="none",
            FORCEWATCH_ADMIN_EMAIL=OPERATOR,
            FORCEWATCH_OUTBOX=str(tmp_path / "outbox"),
        )
        sources = [arg for sid in WATCHED for arg in ("--source", sid)]
        with log.open("w") as out:
            proc = subprocess.Popen(
                forcewatch("run", "--mirror", mirror.url, *sources),
                cwd=tmp_path,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for("the v1 baseline", lambda: healthy_once(db_path, WATCHED), deadline, proc)
            assert smtp.mailbox.to(READER) == [], "the baseline sent alerts"

            second = subprocess.run(
                forcewatch("run"), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30
            )
            assert second.returncode == 2
            assert "already running on" in second.stderr
            assert len(second.stderr.strip().splitlines()) == 1

            mirror.set_version("v2")
            wait_for(
                "the v2 alert",
                lambda: any(
                    m.subject.startswith("West Midlands Police: 3 causes of concern closed")
                    for m in smtp.mailbox.to(READER)
                ),
                deadline,
                proc,
            )
            wait_for(
                "the operator's report on Staffordshire",
                lambda: any(
                    "staffordshire (Staffordshire Police): failing" in m.text
                    for m in smtp.mailbox.to(OPERATOR)
                ),
                deadline,
                proc,
            )
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                code = proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise
        output = log.read_text()
        assert code == 0, output
        assert "stopping" in output
        assert output.rstrip().endswith("stopped"), output[-2000:]
        assert "Traceback" not in output
        assert LOCKED not in output

        alerts = smtp.mailbox.to(READER)
        assert all(m.subject.startswith("West Midlands Police: ") for m in alerts)
        ids = [m.message["Message-ID"] for m in alerts]
        assert len(ids) == len(set(ids)), "an alert was sent twice"

    db = store.connect(db_path)
    runs = store.list_runs(db)
    db.close()
    assert {r["source_id"] for r in runs} == set(WATCHED)
    assert not [r for r in runs if r["outcome"] == "running"]


def test_crawls_a_dispatcher_health_checks_and_commands_share_one_database(tmp_path, capfd):
    db_path = tmp_path / "forcewatch.db"
    config = Config(db=db_path, outbox=tmp_path / "outbox")
    sources = on_hosts(load_sources(), hosts())
    db = store.connect(db_path)
    subscribe(db, config, READER, confirmed=True)
    db.close()
    problems: list[str] = []
    stop = threading.Event()
    commands: list[subprocess.CompletedProcess] = []

    def repeat(work: Callable[[], None]) -> Callable[[], None]:
        def loop() -> None:
            while not stop.is_set():
                try:
                    work()
                except Exception as exc:
                    problems.append(f"{type(exc).__name__}: {exc}")

        return loop

    def dispatcher() -> None:
        db = store.connect(db_path)
        try:
            dispatch(db, config=config)
        finally:
            db.close()

    health = Scheduler(config, sources)

    def crawl_into(summaries: list, group: list, mirror: str) -> None:
        summaries.append(crawl_in_subprocess(group, db_path, mirror=mirror, timeout=240))

    def reader() -> None:
        for args in (["changes", "--json"], ["runs"], ["sources", "--health"]):
            commands.append(
                subprocess.run(
                    forcewatch(*args, "--db", str(db_path)),
                    cwd=tmp_path,
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
            )

    with MirrorServer("v1") as server:
        half = len(sources) // 2
        groups = [sources[:half], sources[half:]]
        workers = [
            threading.Thread(target=repeat(work))
            for work in (dispatcher, lambda: health.run_job("health"), reader)
        ]
        for worker in workers:
            worker.start()
        try:
            for version in ("v1", "v2"):
                server.set_version(version)
                # Two crawl children at once, as with crawl_workers = 2.
                summaries: list = []
                crawls = [
                    threading.Thread(target=crawl_into, args=(summaries, group, server.url))
                    for group in groups
                ]
                for t in crawls:
                    t.start()
                for t in crawls:
                    t.join()
                assert len(summaries) == 2
                failed = {r["source_id"] for s in summaries for r in s.failed}
                assert failed == (set() if version == "v1" else {"staffordshire"}), version
        finally:
            stop.set()
            for worker in workers:
                worker.join(timeout=120)
    dispatcher()

    assert problems == []
    assert commands, "no command ran during the crawls"
    assert [c for c in commands if c.returncode != 0] == []
    captured = capfd.readouterr()
    assert LOCKED not in captured.out + captured.err
    assert not [c for c in commands if LOCKED in c.stdout + c.stderr]

    db = store.connect(db_path)
    sent = store.outbox_rows(db, state="sent")
    changes = store.list_changes(db, include_baseline=False)
    db.close()
    assert sent, "no alert went out"
    assert {"edited", "withdrawn", "event"} <= {c["kind"] for c in changes}
