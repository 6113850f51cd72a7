"""Issue 9: verify re-derives every projection; a direct edit of any column is named.

Each case edits one column of an office built through the real use cases, with plain
sqlite3 as someone with the file would, and expects verify to name the table and column.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from desk_app.cli import main
from desk_app.closing import dayclose
from desk_app.common.paths import database_path
from desk_app.db.storage import open_database
from desk_app.demo import generate_demo
from desk_app.eventlog import kinds, projections_check
from desk_app.eventlog.verify import verify_database
from desk_app.office import office_settings, officers
from tests.conftest import ADMIN_NIP, LEAD_NIP, OFFICER_NIP
from tests.core.officer_changes import TEMP_NIP, change_the_roster
from tests.core.verify_office import Built, build_office, new_office
from tests.helpers import MORNING


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Built]:
    """The office, built once; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("verify") / "data"
    desk = new_office(folder)
    try:
        built = build_office(desk)
    finally:
        desk.db.dispose()
    return folder, built


@pytest.fixture
def office(template: tuple[Path, Built], tmp_path: Path) -> Iterator[tuple[Path, Built]]:
    folder, built = template
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    yield copy, built


def tamper(folder: Path, *statements: str) -> None:
    conn = sqlite3.connect(database_path(folder))
    conn.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        assert conn.execute(statement).rowcount != 0, statement
    conn.commit()
    conn.close()


def _task(name: str) -> str:
    """A WHERE clause for one of the built tasks (filled in with its tracking number)."""
    return f"WHERE tracking_no = '{{{name}}}'"


# case -> (statements, with {field} of Built filled in; what the problem line must say)
TAMPERING: dict[str, tuple[list[str], str]] = {
    # officers
    "officer role": (
        [f"UPDATE officers SET role = 'admin' WHERE nip = '{OFFICER_NIP}'"],
        f"officers.role of officer {OFFICER_NIP}",
    ),
    "officer name": (
        [f"UPDATE officers SET name = 'Dewi L.' WHERE nip = '{OFFICER_NIP}'"],
        "officers.name",
    ),
    "officer nip": (
        [f"UPDATE officers SET nip = '199003032015031009' WHERE nip = '{OFFICER_NIP}'"],
        "officers.nip",
    ),
    "officer deactivated": (
        [f"UPDATE officers SET active = 0 WHERE nip = '{OFFICER_NIP}'"],
        "officers.active",
    ),
    "swapped PIN hash": (
        [
            f"UPDATE officers SET pin_hash = (SELECT pin_hash FROM officers WHERE nip ="
            f" '{OFFICER_NIP}') WHERE nip = '{ADMIN_NIP}'"
        ],
        f"officers.pin_hash of officer {ADMIN_NIP}",
    ),
    "officer created_at": (
        [f"UPDATE officers SET created_at = '2020-01-01 00:00:00.000000' WHERE nip = '{LEAD_NIP}'"],
        "officers.created_at",
    ),
    "role change undone": (
        [f"UPDATE officers SET role = 'officer' WHERE nip = '{TEMP_NIP}'"],
        f"officers.role of officer {TEMP_NIP}",
    ),
    "reactivation undone": (
        [f"UPDATE officers SET active = 0 WHERE nip = '{TEMP_NIP}'"],
        f"officers.active of officer {TEMP_NIP}",
    ),
    "PIN reset undone": (
        [
            f"UPDATE officers SET pin_hash = (SELECT pin_hash FROM officers WHERE nip ="
            f" '{OFFICER_NIP}') WHERE nip = '{TEMP_NIP}'"
        ],
        f"officers.pin_hash of officer {TEMP_NIP}",
    ),
    "officer without event": (
        [
            "INSERT INTO officers (id, nip, name, role, pin_hash, failed_pins, active,"
            " created_at) SELECT 'x-officer', '199909092020091001', 'Penyusup', 'admin',"
            f" pin_hash, 0, 1, created_at FROM officers WHERE nip = '{ADMIN_NIP}'"
        ],
        "has no officer.created event",
    ),
    # tasks: every column the events determine
    "forged fee": (["UPDATE tasks SET fee_idr = 150000 " + _task("handed")], "tasks.fee_idr"),
    "due date": (
        ["UPDATE tasks SET due_date = '2026-12-31' " + _task("waiting")],
        "tasks.due_date",
    ),
    "taker": (
        [
            f"UPDATE tasks SET taken_by = (SELECT id FROM officers WHERE nip = '{LEAD_NIP}') "
            + _task("waiting")
        ],
        "tasks.taken_by",
    ),
    "finisher": (
        [
            f"UPDATE tasks SET finished_by = (SELECT id FROM officers WHERE nip = '{OFFICER_NIP}') "
            + _task("handed")
        ],
        "tasks.finished_by",
    ),
    "LAINNYA description": (
        ["UPDATE tasks SET description = 'Surat keterangan kaya' " + _task("other")],
        "tasks.description",
    ),
    "service": (["UPDATE tasks SET service_code = 'KEL-DKP-01' " + _task("waiting")], "service"),
    "status": (["UPDATE tasks SET status = 'completed' " + _task("out")], "its events say"),
    "current agency": (
        ["UPDATE tasks SET current_agency = 'DUKCAPIL' " + _task("out")],
        "tasks.current_agency",
    ),
    "received at": (
        ["UPDATE tasks SET received_at = '2026-11-25 01:00:00.000000' " + _task("waiting")],
        "tasks.received_at",
    ),
    "received day": (
        ["UPDATE tasks SET received_day = '2026-11-24' " + _task("waiting")],
        "tasks.received_day",
    ),
    "closed at": (
        ["UPDATE tasks SET closed_at = '2026-11-25 03:00:00.000000' " + _task("refused")],
        "tasks.closed_at",
    ),
    "closed day": (
        ["UPDATE tasks SET closed_day = '2026-11-26' " + _task("refused")],
        "tasks.closed_day",
    ),
    "close reason": (
        ["UPDATE tasks SET close_reason = 'Tidak perlu' " + _task("withdrawn")],
        "tasks.close_reason",
    ),
    "documents": (
        ["UPDATE tasks SET documents = '[]' " + _task("handed")],
        "tasks.documents",
    ),
    "point weight": (
        ["UPDATE tasks SET point_weight = 9 " + _task("waiting")],
        "tasks.point_weight",
    ),
    "handling time": (
        ["UPDATE tasks SET handling_seconds = 5 " + _task("waiting")],
        "tasks.handling_seconds",
    ),
    "applicant of a task": (
        [
            "UPDATE tasks SET applicant_ref = (SELECT applicant_ref FROM tasks "
            + _task("refused")
            + ") "
            + _task("waiting")
        ],
        "tasks.applicant_ref",
    ),
    "tracking number": (
        ["UPDATE tasks SET tracking_no = tracking_no || 'X' " + _task("waiting")],
        "tasks.tracking_no",
    ),
    "updated at": (
        ["UPDATE tasks SET updated_at = '2026-11-25 09:00:00.000000' " + _task("handed")],
        "tasks.updated_at",
    ),
    # applicants: the NIK against its pseudonym, names and phones against the flags
    "edited NIK": (
        ["UPDATE applicants SET nik = '3174085205900011' WHERE nik = '3171011203850007'"],
        "applicants.nik",
    ),
    "swapped secret": (
        ["UPDATE meta SET value = '" + "ab" * 32 + "' WHERE key = 'applicant_secret'"],
        "meta.applicant_secret",
    ),
    "applicant name": (
        ["UPDATE applicants SET name = 'Sri W.' WHERE nik = '3171011203850007'"],
        "applicants.name",
    ),
    "applicant name_norm": (
        ["UPDATE applicants SET name_norm = 'x' WHERE nik = '3171011203850007'"],
        "applicants.name_norm",
    ),
    "applicant updated_at": (
        [
            "UPDATE applicants SET updated_at = '2026-11-20 02:00:00.000000'"
            " WHERE nik = '3171011203850007'"
        ],
        "applicants.updated_at",
    ),
    "name on an earlier receipt": (
        ["UPDATE tasks SET applicant_name = 'Budi Santosa Wijaya' " + _task("handed")],
        "tasks.applicant_name",
    ),
    "phone on a receipt": (
        ["UPDATE tasks SET applicant_phone = '089999999999' " + _task("out")],
        "tasks.applicant_phone",
    ),
    "applicant without intake": (
        [
            "INSERT INTO applicants (ref, nik, name, name_norm, phone, updated_at)"
            " VALUES ('0123456789abcdef0123456789abcdef', '3174080101900001', 'Nama',"
            " 'nama', '', '2026-11-25 02:00:00.000000')"
        ],
        "has no task.received event",
    ),
    # settings and the office binding
    "setting value": (
        ["UPDATE meta SET value = '20' WHERE key = 'required_weekly_hours'"],
        "meta.value of setting required_weekly_hours",
    ),
    "setting without event": (
        ["INSERT INTO meta (key, value) VALUES ('backup_keep_days', '1')"],
        "meta.value of setting backup_keep_days",
    ),
    "office code": (
        ["UPDATE meta SET value = '31.74.08.1001' WHERE key = 'office_code'"],
        "meta.office_code",
    ),
    "device number": (["UPDATE meta SET value = '7' WHERE key = 'device_no'"], "meta.device_no"),
    # tracking counters: never below the highest number issued
    "counter wound back": (["UPDATE tracking_counters SET last = 1"], "tracking_counters.last"),
    "counter deleted": (["DELETE FROM tracking_counters"], "tracking_counters.last"),
    # the print journal
    "print copy number": (["UPDATE receipt_prints SET copy_no = 3"], "receipt_prints.copy_no"),
    "print layout": (
        ["UPDATE receipt_prints SET layout = 'a4' WHERE layout = 'thermal80'"],
        "receipt_prints.layout",
    ),
    "print error": (
        ["UPDATE receipt_prints SET error = '' WHERE ok = 0"],
        "receipt_prints.error",
    ),
    "print time": (
        ["UPDATE receipt_prints SET printed_at = '2026-11-25 08:00:00.000000'"],
        "receipt_prints.printed_at",
    ),
    "print officer": (
        [f"UPDATE receipt_prints SET actor = (SELECT id FROM officers WHERE nip = '{ADMIN_NIP}')"],
        "receipt_prints.actor",
    ),
    # agency stints
    "stint agency": (
        ["UPDATE agency_stints SET agency_code = 'POLRI' WHERE agency_code = 'DUKCAPIL'"],
        "agency_stints.agency_code",
    ),
    "stint outcome": (
        ["UPDATE agency_stints SET outcome = 'complete' WHERE outcome = 'problem'"],
        "agency_stints.outcome",
    ),
    "stint return": (
        ["UPDATE agency_stints SET returned_at = NULL WHERE outcome = 'withdrawn'"],
        "agency_stints.returned_at",
    ),
    "stint forwarded": (
        ["UPDATE agency_stints SET forwarded_at = '2026-11-24 02:00:00.000000'"],
        "agency_stints.forwarded_at",
    ),
    "stint deleted": (["DELETE FROM agency_stints WHERE agency_code = 'POLRI'"], "agency_stints"),
    # attendance and the day close
    "attendance officer": (
        [
            "UPDATE attendance_sessions SET officer_id = (SELECT id FROM officers WHERE nip ="
            f" '{LEAD_NIP}')"
        ],
        "does not match its shift events",
    ),
    "day close time": (
        ["UPDATE day_closes SET closed_at = '2026-11-26 10:00:00.000000'"],
        "day close of 2026-11-25",
    ),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_a_direct_edit_is_named(office: tuple[Path, Built], case: str) -> None:
    folder, built = office
    assert verify_database(database_path(folder)).ok  # the copy is clean before the edit
    statements, reason = TAMPERING[case]
    tamper(folder, *(s.format(**built.__dict__) for s in statements))
    report = verify_database(database_path(folder))
    assert not report.ok
    assert any(reason in p for p in report.problems), report.problems


def test_a_forged_fee_is_one_line_naming_table_row_and_column(
    office: tuple[Path, Built], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, built = office
    tamper(folder, f"UPDATE tasks SET fee_idr = 150000 WHERE tracking_no = '{built.handed}'")
    assert verify_database(database_path(folder)).problems == [
        f"tasks.fee_idr of task {built.handed} does not match its events: "
        "found 150000 but its events say 0"
    ]
    assert main(["verify", "--data-dir", str(folder)]) == 1
    captured = capsys.readouterr()
    assert f"tasks.fee_idr of task {built.handed}" in captured.out.splitlines()[0]
    assert "verify failed: tasks.fee_idr" in captured.err


def test_personal_data_stays_out_of_the_problem_lines(office: tuple[Path, Built]) -> None:
    folder, _ = office
    tamper(
        folder,
        "UPDATE applicants SET nik = '3174085205900011', name = 'Sri W.'"
        " WHERE nik = '3171011203850007'",
        f"UPDATE officers SET pin_hash = 'argon2-forged' WHERE nip = '{OFFICER_NIP}'",
    )
    problems = " ".join(verify_database(database_path(folder)).problems)
    for secret in ("3174085205900011", "3171011203850007", "Sri W.", "argon2-forged"):
        assert secret not in problems


def test_a_clean_office_lists_what_it_does_not_derive(
    office: tuple[Path, Built], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = office
    conn = sqlite3.connect(database_path(folder))
    written = {kind for (kind,) in conn.execute("SELECT DISTINCT kind FROM events")}
    conn.close()
    # Every kind a single desk writes in a day (a restore, a city catalogue and the
    # kinds of an office of several desks aside).
    assert written == kinds.ALL_KINDS - {
        kinds.DESK_RESTORED,
        kinds.CATALOGUE_APPLIED,
        kinds.POINTS_RULES_APPLIED,
        kinds.OFFICE_PEERS_APPLIED,
        kinds.TASK_CONFLICT_SETTLED,
    }
    report = verify_database(database_path(folder))
    assert report.ok, report.problems
    assert report.tasks == 7
    assert "officers.failed_pins: written without events, security counter (lock-out)" in (
        report.not_derived
    )
    assert any(line.startswith("officers.locked_until: ") for line in report.not_derived)
    assert any(line.startswith("tracking_counters.last: ") for line in report.not_derived)
    assert main(["verify", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK:") and "  officers.failed_pins: written without events" in out
    assert main(["verify", "--json", "--data-dir", str(folder)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["not_derived"] == report.not_derived


def test_a_table_verify_does_not_know_is_listed(office: tuple[Path, Built]) -> None:
    folder, _ = office
    tamper(folder, "CREATE TABLE kiosk_tickets (id INTEGER PRIMARY KEY)")
    report = verify_database(database_path(folder))
    assert report.ok
    assert "kiosk_tickets: no event determines this table" in report.not_derived
    # Every table of the office is either derived or listed with its reason.
    conn = sqlite3.connect(database_path(folder))
    tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    listed = {line.split(":")[0].split(".")[0].split(" ")[0] for line in report.not_derived}
    assert {t for t in tables if not t.startswith("sqlite_")} <= (
        projections_check.DERIVED_TABLES | listed
    )


def test_an_officer_created_before_pin_digests_is_listed_not_failed(
    office: tuple[Path, Built],
) -> None:
    folder, _ = office
    # Events written before officer.created carried a digest: the hash is not anchored.
    replay = projections_check.ProjectionReplay()
    replay.observe(
        uuid="u",
        device="d",
        kind=kinds.OFFICER_CREATED,
        actor=None,
        task_id=None,
        payload={"officer_id": "o", "nip": ADMIN_NIP, "name": "Siti", "role": "admin"},
        occurred_at=MORNING,
    )
    assert replay.officers["o"].pin_digest is None
    conn = sqlite3.connect(database_path(folder))
    try:
        lines = projections_check.not_derived(conn, replay)
    finally:
        conn.close()
    assert any(line.startswith("officers.pin_hash of 1 officers: ") for line in lines)


def test_a_demo_office_with_every_projection_verifies_clean(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    db = open_database(folder, create=True)
    end = MORNING + timedelta(days=2, hours=7)  # Friday evening in Jakarta
    try:
        generate_demo(db, days=3, officers_count=3, seed=5, per_day=(6, 12), end=end)
        with db.write() as s:
            admin = next(o for o in officers.list_officers(s) if o.role == "admin")
            lead = next(o for o in officers.list_officers(s) if o.role == "lead")
            later = end + timedelta(minutes=5)
            office_settings.change_setting(
                s, actor_id=lead.id, key=office_settings.OFFICE_CLOSES_AT, value="15:30", now=later
            )
            temp = officers.create_officer(
                s, actor_id=admin.id, nip=TEMP_NIP, name="Rina", role="officer", pin="730518",
                now=later,
            )  # fmt: skip
            officers.change_role(s, actor_id=admin.id, officer_id=temp.id, role="lead", now=later)
            officers.deactivate_officer(
                s, actor_id=admin.id, officer_id=temp.id, reason="Pindah tugas", now=later
            )
            dayclose.close_day(
                s, lead_id=lead.id, day=(end - timedelta(days=1)).date(), now=later,
                acknowledge=True, reason="Demo ditutup untuk uji",
            )  # fmt: skip
    finally:
        db.dispose()
    report = verify_database(database_path(folder))
    assert report.ok, report.problems
    assert report.tasks > 10


def test_verify_stays_one_pass(office: tuple[Path, Built], monkeypatch: pytest.MonkeyPatch) -> None:
    """Each table is read once, whatever the number of rows (no query per task or officer)."""
    folder, _ = office
    statements: list[str] = []
    real_connect = sqlite3.connect

    def spying_connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", spying_connect)
    report = verify_database(database_path(folder))
    assert report.ok and report.events > 30
    assert len(statements) < 40, statements


def test_change_the_roster_writes_events(tmp_path: Path) -> None:
    desk = new_office(tmp_path / "data")
    try:
        with desk.db.write() as s:
            temp = change_the_roster(s, desk, now=MORNING)
        assert temp.role == "lead" and temp.active
    finally:
        desk.db.dispose()
    assert verify_database(database_path(tmp_path / "data")).ok
