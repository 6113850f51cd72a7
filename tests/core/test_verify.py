"""Tamper tests: plain SQL edits, deletions and swaps are caught by `desk-app verify`."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from desk_app.cli import main
from desk_app.common.paths import database_path
from desk_app.counter import tasks
from desk_app.eventlog.verify import verify_database
from tests.conftest import Office
from tests.helpers import MORNING, receive


@pytest.fixture
def busy(desk: Office) -> Office:
    """An office with a few tasks moved through the lifecycle."""
    for n in range(3):
        view = receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=n))
        with desk.db.write() as session:
            tasks.start_processing(
                session,
                actor_id=desk.lead.id,
                task_id=view.id,
                now=MORNING + timedelta(hours=1, minutes=n),
            )
            tasks.mark_ready(
                session,
                actor_id=desk.lead.id,
                task_id=view.id,
                now=MORNING + timedelta(hours=2, minutes=n),
            )
    desk.db.dispose()
    return desk


def tamper(desk: Office, *statements: str) -> None:
    conn = sqlite3.connect(database_path(desk.folder))
    conn.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_untouched_office_verifies(busy: Office, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--data-dir", str(busy.folder)]) == 0
    assert "OK:" in capsys.readouterr().out


TAMPERING: dict[str, tuple[list[str], str]] = {
    "edited payload": (
        [
            "UPDATE events SET payload = replace(payload, '\"point_weight\":2',"
            " '\"point_weight\":4') WHERE seq = 5"
        ],
        "edited event",
    ),
    "edited actor": (
        ["UPDATE events SET actor = (SELECT id FROM officers WHERE role = 'admin') WHERE seq = 6"],
        "edited event",
    ),
    "edited time": (
        ["UPDATE events SET occurred_at = '2026-11-24 02:00:00.000000' WHERE seq = 7"],
        "edited event",
    ),
    "deleted event": (
        [
            "DELETE FROM points WHERE event_uuid = (SELECT uuid FROM events WHERE seq = 6)",
            "DELETE FROM events WHERE seq = 6",
        ],
        "missing",
    ),
    "deleted last event": (
        [
            "DELETE FROM points WHERE event_uuid = (SELECT uuid FROM events ORDER BY seq DESC"
            " LIMIT 1)",
            "DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events)",
        ],
        "chain head",
    ),
    "swapped events": (
        [
            "UPDATE events SET seq = -1 WHERE seq = 6",
            "UPDATE events SET seq = 6 WHERE seq = 7",
            "UPDATE events SET seq = 7 WHERE seq = -1",
        ],
        "hash",
    ),
    "re-ordered rows": (["UPDATE events SET id = 1000 WHERE seq = 6"], "order"),
    "inflated points": (
        ["UPDATE points SET points = 50 WHERE credit = 'processing'"],
        "not what the rules derive",
    ),
    "invented points": (
        [
            "INSERT INTO points (event_uuid, officer_id, task_id, day, credit, points,"
            " rule_version) SELECT uuid, actor, task_id, '2026-11-25', 'processing', 5, 1"
            " FROM events"
            " WHERE kind = 'task.started' LIMIT 1"
        ],
        "not what the rules derive",
    ),
    "deleted points": (["DELETE FROM points WHERE credit = 'intake'"], "not what the rules derive"),
    "edited task status": (["UPDATE tasks SET status = 'completed'"], "its events say"),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampering_is_detected(busy: Office, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    statements, reason = TAMPERING[case]
    tamper(busy, *statements)
    report = verify_database(database_path(busy.folder))
    assert not report.ok
    assert any(reason in p for p in report.problems), report.problems
    assert main(["verify", "--data-dir", str(busy.folder)]) == 1
    assert "verify failed" in capsys.readouterr().err


def test_every_event_is_checked(busy: Office) -> None:
    report = verify_database(database_path(busy.folder))
    conn = sqlite3.connect(database_path(busy.folder))
    assert report.events == conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert report.points_rows == conn.execute("SELECT COUNT(*) FROM points").fetchone()[0]
    assert report.tasks == 3
