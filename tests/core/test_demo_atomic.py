"""`desk-app demo` makes its office all at once: a refused, failed or killed demo leaves
nothing that blocks running it again (issue 9)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desk_app import demo
from desk_app.cli import main
from desk_app.common.paths import database_path
from desk_app.eventlog.verify import verify_database
from tests.helpers import MORNING

SMALL = ["demo", "--days", "2", "--officers", "1", "--json"]
DEMO_12 = ["--days", "12", "--officers", "2"]


def test_a_demo_killed_half_way_leaves_nothing_that_blocks_a_rerun(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    # Progress is printed on a terminal only: give the demo one, and read it until the
    # tenth of twelve days is done; then the demo is in the middle of its work.
    leader, follower = os.openpty()
    env = {**os.environ, "DESK_APP_NOW": MORNING.isoformat()}
    process = subprocess.Popen(
        [sys.executable, "-m", "desk_app.cli", "demo", *DEMO_12, "--data-dir", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    seen = b""
    try:
        while b"hari 10/12" not in seen:
            chunk = os.read(leader, 1024)  # blocks until the demo prints (no sleeping)
            assert chunk, f"the demo stopped early: {seen!r}"
            seen += chunk
        process.send_signal(signal.SIGKILL)
        assert process.wait() == -signal.SIGKILL
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not folder.exists()  # no half-made office where the office belongs
    leftovers = [p.name for p in tmp_path.iterdir()]
    assert all(name.startswith(".office.demo-") for name in leftovers), leftovers
    assert main([*SMALL, "--data-dir", str(folder)]) == 0
    assert verify_database(database_path(folder)).ok


def test_a_refused_demo_leaves_no_folder_and_a_good_one_then_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "office"
    for bad in (["--days", "0"], ["--officers", "-1"], ["--days", "99999999999999999999"]):
        assert main(["demo", *bad, "--data-dir", str(folder)]) == 1
        assert len(capsys.readouterr().err.strip().splitlines()) == 1
    # Ten years before 2000 is before the first day the desk knows: refused up front.
    assert main(["demo", "--days", "3650", "--now", "2001-01-01T10:00", "--data-dir", str(folder)])
    assert "--days" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main([*SMALL, "--data-dir", str(folder)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office"]
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_a_demo_moves_into_an_existing_empty_folder_and_never_over_an_office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    assert main([*SMALL, "--data-dir", str(folder)]) == 0
    first = database_path(folder).read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["office"]  # the workshop is gone
    capsys.readouterr()
    assert main([*SMALL, "--seed", "9", "--data-dir", str(folder)]) == 1
    assert "already holds an office" in capsys.readouterr().err
    assert database_path(folder).read_bytes() == first


def test_the_move_never_replaces_a_database_that_appeared_meanwhile(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    database_path(folder).write_bytes(b"someone else's office")
    with pytest.raises(FileExistsError):
        demo.build_demo_office(folder, days=1, officers_count=1, seed=1, end=MORNING)
    assert database_path(folder).read_bytes() == b"someone else's office"
    assert [p.name for p in tmp_path.iterdir()] == ["office"]


def test_a_data_folder_that_is_a_file_is_refused_before_anything_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "office"
    target.write_bytes(b"a file")
    assert main([*SMALL, "--data-dir", str(target)]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office"]
