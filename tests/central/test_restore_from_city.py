"""A desk whose disk died comes back from the city: its office's history, verified, as a new
device whose tracking numbers no citizen holds yet."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from central.store.models import Device, StoredEvent
from desk_app.cli import main as desk_main
from desk_app.common.clock import parse_moment
from desk_app.common.paths import PRIVATE_FILE_MODE, database_path
from desk_app.db.storage import open_database
from desk_app.eventlog.projections_check import UNRESTORED
from desk_app.office import officers
from desk_app.sync import restore
from tests.central.conftest import OFFICE, City
from tests.helpers import receive

DEMO_NOW = "2026-11-27T17:30"
LATER = "2026-11-28T08:15"  # the next morning: the disk died overnight

Tasks = dict[str, tuple[str, str, str | None, int]]  # tracking -> status, service, agency, weight


def _demo(folder: Path, city: City) -> None:
    """A demo office (forwarded, returned, rejected, completed tasks) enrolled and synced."""
    argv = ["--data-dir", str(folder), "--now", DEMO_NOW]
    assert desk_main(["demo", "--days", "5", "--officers", "4", *argv]) == 0
    assert desk_main(["enroll", "--server", city.url, "--code", city.enrolment_code(), *argv]) == 0
    assert desk_main(["sync", "--once", *argv]) == 0


def _read(folder: Path, query: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(database_path(folder))
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def _tasks(folder: Path) -> Tasks:
    rows = _read(
        folder,
        "SELECT tracking_no, status, service_code, current_agency, point_weight FROM tasks",
    )
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def _ledger(folder: Path) -> list[tuple[Any, ...]]:
    return sorted(
        _read(folder, "SELECT event_uuid, officer_id, task_id, day, credit, points FROM points")
    )


def _stints(folder: Path) -> list[tuple[Any, ...]]:
    return sorted(
        _read(
            folder,
            "SELECT task_id, agency_code, forwarded_at, returned_at, outcome FROM agency_stints",
        )
    )


def _restore(folder: Path, city: City, code: str, *extra: str) -> int:
    return desk_main(
        [
            "restore-from-city",
            "--server",
            city.url,
            "--office",
            OFFICE,
            "--code",
            code,
            "--data-dir",
            str(folder),
            "--now",
            LATER,
            *extra,
        ]
    )


def _lose_the_disk(folder: Path) -> None:
    shutil.rmtree(folder)


def test_a_desk_whose_disk_died_comes_back_from_the_city(
    tmp_path: Path, city: City, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "desk"
    _demo(folder, city)
    before, points, stints = _tasks(folder), _ledger(folder), _stints(folder)
    statuses = {status for status, *_ in before.values()}
    assert {"completed", "at_agency", "rejected"} <= statuses
    assert any(outcome for *_, outcome in stints)  # a stay at an agency that ended
    old_device = _read(folder, "SELECT value FROM meta WHERE key = 'device_id'")[0][0]
    _lose_the_disk(folder)
    capsys.readouterr()

    assert _restore(folder, city, city.enrolment_code()) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert "verifikasi lulus" in out[-1] and f"{len(before)} berkas" in out[-1]
    assert any(UNRESTORED in line or "PIN" in line for line in out)
    path = database_path(folder)
    assert path.stat().st_mode & 0o777 == PRIVATE_FILE_MODE
    assert _tasks(folder) == before
    assert _ledger(folder) == points
    assert _stints(folder) == stints
    assert not list(folder.glob(f"{restore.PARTIAL_PREFIX}*"))
    # A new device: its chain opens with desk.restored naming the desk that died.
    meta = dict(_read(folder, "SELECT key, value FROM meta"))
    assert meta["device_id"] != old_device and int(meta["device_no"]) == 101
    opening = _read(
        folder,
        f"SELECT kind, payload FROM events WHERE device_id = '{meta['device_id']}' AND seq = 1",
    )[0]
    assert opening[0] == "desk.restored"
    assert json.loads(opening[1])["predecessor_device_id"] == old_device
    assert desk_main(["verify", "--data-dir", str(folder), "--now", LATER]) == 0
    # Personal data never left the office: marked, never invented.
    names = {r[0] for r in _read(folder, "SELECT applicant_name FROM tasks")}
    assert names == {UNRESTORED}

    # The desk works on: a new intake gets a number no citizen holds, and the city takes it.
    db = open_database(folder)
    try:
        with db.read() as session:
            someone = officers.list_officers(session)[0]
        issued = receive(db, someone.id, now=parse_moment(LATER))
    finally:
        db.dispose()
    assert issued.tracking_no not in before
    assert issued.tracking_no.split("-")[2] == "101"
    capsys.readouterr()
    assert desk_main(["sync", "--once", "--data-dir", str(folder), "--now", LATER]) == 0
    with city.store.transaction() as session:
        held = session.scalar(select(Device.acked_seq).where(Device.device_id == meta["device_id"]))
        pushed = session.scalar(
            select(StoredEvent.seq)
            .where(StoredEvent.device_id == meta["device_id"])
            .order_by(StoredEvent.seq.desc())
            .limit(1)
        )
    assert held == pushed and held is not None and held > 1
    assert desk_main(["verify", "--data-dir", str(folder), "--now", LATER]) == 0


def _refused(
    folder: Path, city: City, code: str, capsys: pytest.CaptureFixture[str], *extra: str
) -> str:
    """The restore fails in one line and leaves no database behind."""
    capsys.readouterr()
    assert _restore(folder, city, code, *extra) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("desk-app: restore-from-city")
    assert not database_path(folder).exists()
    assert not list(folder.glob(f"{restore.PARTIAL_PREFIX}*")) if folder.exists() else True
    return err


def test_a_wrong_or_spent_code_an_unreachable_city_and_a_tampered_chain_write_nothing(
    tmp_path: Path, city: City, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "desk"
    _demo(folder, city)
    _lose_the_disk(folder)
    assert "unknown enrolment code" in _refused(folder, city, "AAAA-BBBB-CCCC", capsys)
    spent = city.enrolment_code()
    assert _restore(tmp_path / "elsewhere", city, spent) == 0
    assert "used already" in _refused(folder, city, spent, capsys)
    assert not folder.exists()
    unreachable = desk_main(
        [
            "restore-from-city",
            "--server",
            "http://127.0.0.1:9",
            "--office",
            OFFICE,
            "--code",
            city.enrolment_code(),
            "--data-dir",
            str(folder),
            "--now",
            LATER,
        ]
    )
    assert unreachable == 1 and "unreachable" in capsys.readouterr().err
    assert not folder.exists()
    # The city's copy of one event was edited: its hash no longer matches, nothing is kept.
    with city.store.transaction() as session:
        row = session.scalars(
            select(StoredEvent).where(StoredEvent.kind == "task.received").limit(1)
        ).one()
        edited = json.loads(row.payload) | {"fee_idr": 999}
        session.execute(
            update(StoredEvent)
            .where(StoredEvent.device_id == row.device_id, StoredEvent.seq == row.seq)
            .values(payload=json.dumps(edited, sort_keys=True, separators=(",", ":")))
        )
        seq = row.seq
    err = _refused(folder, city, city.enrolment_code(), capsys)
    assert f"does not verify at seq {seq}" in err and "hash" in err


def test_an_existing_database_is_never_overwritten(
    tmp_path: Path, city: City, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "desk"
    _demo(folder, city)
    before = database_path(folder).read_bytes()
    capsys.readouterr()
    assert _restore(folder, city, city.enrolment_code()) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "never overwritten" in err
    assert database_path(folder).read_bytes() == before


KILLER = """
import os, signal, sys
from pathlib import Path
from desk_app.common.clock import parse_moment
from desk_app.sync import restore

def stop(step):
    if step == sys.argv[5]:
        os.kill(os.getpid(), signal.SIGKILL)

restore.restore_from_city(
    Path(sys.argv[1]), server=sys.argv[2], office_code=sys.argv[3], code=sys.argv[4],
    now=parse_moment(sys.argv[6]), on_step=stop,
)
"""


@pytest.mark.parametrize("step", [restore.PULLED, restore.BUILT])
def test_a_killed_restore_leaves_no_database_and_a_fresh_one_succeeds(
    tmp_path: Path, city: City, step: str
) -> None:
    folder = tmp_path / "desk"
    _demo(folder, city)
    _lose_the_disk(folder)
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLER,
            str(folder),
            city.url,
            OFFICE,
            city.enrolment_code(),
            step,
            LATER,
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not database_path(folder).exists()
    # The next restore (a fresh code: the first was spent) sweeps what the killed one left.
    assert _restore(folder, city, city.enrolment_code()) == 0
    assert not list(folder.glob(f"{restore.PARTIAL_PREFIX}*"))
    assert desk_main(["verify", "--data-dir", str(folder), "--now", LATER]) == 0
    # The orphan the killed restore enrolled holds no events: the new desk numbers above it.
    meta = dict(_read(folder, "SELECT key, value FROM meta"))
    assert int(meta["device_no"]) == 201


def test_a_surviving_local_backup_brings_the_personal_data_back(
    tmp_path: Path, city: City, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, usb = tmp_path / "desk", tmp_path / "usb"
    _demo(folder, city)
    assert (
        desk_main(["backup", "--to", str(usb), "--data-dir", str(folder), "--now", DEMO_NOW]) == 0
    )
    (copy,) = usb.glob("*.sqlite3")
    given = dict(_read(folder, "SELECT tracking_no, applicant_name FROM tasks"))
    nik, tracking = _read(
        folder,
        "SELECT a.nik, t.tracking_no FROM applicants a JOIN tasks t ON t.applicant_ref = a.ref",
    )[0]
    # Work after the backup: only the city holds it, without names.
    morning = "2026-11-28T07:30"
    db = open_database(folder)
    try:
        with db.read() as session:
            someone = officers.list_officers(session)[0]
        late = receive(db, someone.id, now=parse_moment(morning), name="Rina Kartika")
    finally:
        db.dispose()
    assert desk_main(["sync", "--once", "--data-dir", str(folder), "--now", morning]) == 0
    _lose_the_disk(folder)
    capsys.readouterr()

    assert _restore(folder, city, city.enrolment_code(), "--personal-from", str(copy)) == 0
    out = capsys.readouterr().out
    assert "cadangan lokal" in out and "verifikasi lulus" in out.splitlines()[-1]
    names = dict(_read(folder, "SELECT tracking_no, applicant_name FROM tasks"))
    assert {t: n for t, n in names.items() if t in given} == given
    assert names[late.tracking_no] == UNRESTORED
    assert desk_main(["verify", "--data-dir", str(folder), "--now", LATER]) == 0
    capsys.readouterr()
    assert desk_main(["find", nik, "--json", "--data-dir", str(folder), "--now", LATER]) == 0
    assert tracking in capsys.readouterr().out


def test_a_backup_of_another_office_is_refused_before_anything_is_written(
    tmp_path: Path, city: City, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, other = tmp_path / "desk", tmp_path / "other"
    _demo(folder, city)
    _lose_the_disk(folder)
    monkeypatch.setenv("DESK_APP_PIN", "482915")
    setup = ["setup", "--office", "31.74.06.1002", "--admin-nip", "198001012005011001"]
    assert desk_main([*setup, "--admin-name", "Siti Aminah", "--data-dir", str(other)]) == 0
    err = _refused(
        folder, city, city.enrolment_code(), capsys, "--personal-from", str(database_path(other))
    )
    assert "31.74.06.1002" in err
    assert _refused(folder, city, city.enrolment_code(), capsys, "--personal-from", str(other))


def test_a_desk_restored_once_from_a_backup_comes_back_with_its_whole_lineage(
    tmp_path: Path, city: City, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, usb = tmp_path / "desk", tmp_path / "usb"
    _demo(folder, city)
    assert (
        desk_main(["backup", "--to", str(usb), "--data-dir", str(folder), "--now", DEMO_NOW]) == 0
    )
    (copy,) = usb.glob("*.sqlite3")
    morning = "2026-11-28T07:30"
    db = open_database(folder)
    try:
        with db.read() as session:
            someone = officers.list_officers(session)[0]
        lost = receive(db, someone.id, now=parse_moment(morning))  # pushed, not in the backup
    finally:
        db.dispose()
    assert desk_main(["sync", "--once", "--data-dir", str(folder), "--now", morning]) == 0
    argv = ["--data-dir", str(folder), "--now", "2026-11-28T07:45"]
    assert desk_main(["restore", str(copy), *argv]) == 0  # the successor, device 101
    assert desk_main(["sync", "--once", *argv]) == 0
    before = _tasks(folder)
    assert lost.tracking_no not in before  # the backup never held it
    _lose_the_disk(folder)
    capsys.readouterr()

    assert _restore(folder, city, city.enrolment_code()) == 0
    out = capsys.readouterr().out.splitlines()
    assert "2 rantai" in out[-1] and "verifikasi lulus" in out[-1]
    assert any("tetap di kota" in line for line in out)  # the event after the takeover
    assert _tasks(folder) == before
    assert int(dict(_read(folder, "SELECT key, value FROM meta"))["device_no"]) == 201
    assert desk_main(["verify", "--data-dir", str(folder), "--now", LATER]) == 0


def test_an_office_with_several_desks_is_refused_in_one_line(
    tmp_path: Path, city: City, capsys: pytest.CaptureFixture[str]
) -> None:
    _demo(tmp_path / "one", city)
    _demo(tmp_path / "two", city)
    err = _refused(tmp_path / "three", city, city.enrolment_code(), capsys)
    assert "several desks" in err
