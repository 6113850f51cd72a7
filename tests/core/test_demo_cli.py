"""The demo generator and the desk-app command, in-process and as a real subprocess."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desk_app import demo
from desk_app.cli import main
from desk_app.common.paths import database_path
from desk_app.db.storage import open_database
from desk_app.eventlog.verify import verify_database

END = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # Friday 17:00 in Jakarta


def make_demo(folder: Path, seed: int) -> list[tuple[str, str, str]]:
    db = open_database(folder, create=True)
    demo.generate_demo(db, days=14, officers_count=4, seed=seed, end=END)
    db.dispose()
    conn = sqlite3.connect(database_path(folder))
    rows = conn.execute(
        "SELECT tracking_no, service_code, status FROM tasks ORDER BY tracking_no"
    ).fetchall()
    conn.close()
    return rows


def test_demo_is_realistic_and_reproducible(tmp_path: Path) -> None:
    first = make_demo(tmp_path / "a", seed=7)
    assert first == make_demo(tmp_path / "b", seed=7)
    assert first != make_demo(tmp_path / "c", seed=8)
    per_day = Counter(tracking.split("-")[1] for tracking, _, _ in first)
    # 10 working days in 14 calendar days, 50-150 requests each (no July peak here).
    assert len(per_day) == 10 and all(50 <= n <= 150 for n in per_day.values())
    statuses = Counter(status for _, _, status in first)
    assert statuses["completed"] > statuses["rejected"] > 0
    assert statuses["at_agency"] > 0 and statuses["cancelled"] > 0
    assert len({service for _, service, _ in first}) > 25  # the catalogue's mix
    conn = sqlite3.connect(database_path(tmp_path / "a"))
    overdue = conn.execute(
        "SELECT COUNT(*) FROM tasks WHERE status IN ('received','in_process','at_agency','ready')"
        " AND due_date < '2026-11-27'"
    ).fetchone()[0]
    forwarded = conn.execute("SELECT COUNT(DISTINCT task_id) FROM agency_stints").fetchone()[0]
    assert overdue > 0 and forwarded > 100
    assert verify_database(database_path(tmp_path / "a")).ok


def test_cli_demo_stats_find_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "office")
    assert (
        main(
            [
                "demo",
                "--days",
                "3",
                "--officers",
                "2",
                "--seed",
                "3",
                "--data-dir",
                folder,
                "--json",
            ]
        )
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["office_code"] == "31.74.08.1005" and summary["pin"] == demo.DEMO_PIN
    assert main(["stats", "--json", "--data-dir", folder]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert sum(stats["tasks_by_status"].values()) == summary["tasks"] == stats["received"]
    assert stats["points_total"] == sum(p["points"] for p in stats["points_by_officer"]) > 0
    conn = sqlite3.connect(database_path(Path(folder)))
    day, tracking, count = conn.execute(
        "SELECT received_day, MIN(tracking_no), COUNT(*) FROM tasks GROUP BY received_day LIMIT 1"
    ).fetchone()
    assert main(["stats", "--json", "--date", day, "--data-dir", folder]) == 0
    assert json.loads(capsys.readouterr().out)["received"] == count
    assert main(["find", tracking, "--json", "--data-dir", folder]) == 0
    assert json.loads(capsys.readouterr().out)[0]["tracking_no"] == tracking
    assert main(["verify", "--data-dir", folder]) == 0


def test_cli_failures_exit_non_zero_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--data-dir", str(tmp_path / "nothing")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("desk-app:") and "\n" not in err
    assert not (tmp_path / "nothing").exists()
    assert main(["stats", "--date", "2026-13-01", "--data-dir", str(tmp_path / "x")]) == 1
    assert "--date" in capsys.readouterr().err
    folder = str(tmp_path / "office")
    assert main(["demo", "--days", "1", "--officers", "1", "--data-dir", folder]) == 0
    assert main(["demo", "--days", "1", "--officers", "1", "--data-dir", folder]) == 1
    assert "already holds an office" in capsys.readouterr().err


def test_setup_then_officer_add_as_a_real_command(tmp_path: Path) -> None:
    env = {
        "DESK_APP_DATA_DIR": str(tmp_path / "office"),
        "DESK_APP_PIN": "482915",
        "DESK_APP_NEW_PIN": "739164",
        "PATH": "",
    }
    command = [sys.executable, "-m", "desk_app.cli"]
    setup = subprocess.run(
        [
            *command,
            "setup",
            "--office",
            "31.71.01.1001",
            "--admin-nip",
            "198001012005011001",
            "--admin-name",
            "Siti Aminah",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr
    assert "31.71.01.1001" in setup.stdout
    added = subprocess.run(
        [
            *command,
            "officer",
            "add",
            "--admin",
            "198001012005011001",
            "--nip",
            "199003032015031002",
            "--name",
            "Dewi Lestari",
            "--role",
            "lead",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    listed = subprocess.run(
        [*command, "officer", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert {o["role"] for o in json.loads(listed.stdout)} == {"admin", "lead"}
    wrong = subprocess.run(
        [*command, "setup", "--office", "99.99", "--admin-nip", "1", "--admin-name", "X"],
        env={**env, "DESK_APP_DATA_DIR": str(tmp_path / "other")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 1 and "99.99" in wrong.stderr
