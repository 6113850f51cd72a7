"""Hardening: what a citizen told the counter on a given day stays with that task.

A later intake with the same NIK and other details does not rewrite earlier tasks (nor
their receipt reprints); the change is an `applicant.updated` event in the new task's
history, carrying the NIK pseudonym and which details changed, never their values.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlalchemy import text

from desk_app.common.paths import database_path
from desk_app.counter import lookup, printing, tasks
from desk_app.db import migrate
from desk_app.db.storage import open_database
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from tests.conftest import Office
from tests.helpers import GOOD_NIK, MORNING, later

SERVICE = "KEL-SKT-01"


def intake(desk: Office, *, name: str, phone: str, minutes: int) -> tasks.TaskView:
    with desk.db.write() as session:
        return tasks.receive_task(
            session,
            actor_id=desk.officer.id,
            service_code=SERVICE,
            nik=GOOD_NIK,
            name=name,
            phone=phone,
            now=later(MORNING, minutes),
        )


def events_of(folder: Path, kind: str) -> list[tuple[str | None, dict[str, object]]]:
    conn = sqlite3.connect(database_path(folder))
    try:
        rows = conn.execute(
            "SELECT task_id, payload FROM events WHERE kind = ? ORDER BY seq", (kind,)
        ).fetchall()
    finally:
        conn.close()
    return [(task_id, json.loads(payload)) for task_id, payload in rows]


def test_a_later_intake_does_not_rewrite_an_earlier_task(desk: Office) -> None:
    first = intake(desk, name="Budi Santoso", phone="081234567890", minutes=0)
    second = intake(desk, name="Budi Santosa Wijaya", phone="081298765432", minutes=30)
    assert (second.applicant_name, second.applicant_phone) == (
        "Budi Santosa Wijaya",
        "081298765432",
    )
    with desk.db.read() as session:
        again = tasks.get_task(session, task_id=first.id)
        assert (again.applicant_name, again.applicant_phone) == ("Budi Santoso", "081234567890")
        assert again.applicant_nik == GOOD_NIK
        # The reprint of the first receipt shows the name given that day.
        receipt = printing.receipt_data(session, task_id=first.id, copy_no=1)
        assert receipt.applicant_name == "Budi Santoso"
        rows = {
            r.id: r.applicant_name for r in lookup.task_rows(session, ids=[first.id, second.id])
        }
        assert rows == {first.id: "Budi Santoso", second.id: "Budi Santosa Wijaya"}
        # Search finds both tasks of the citizen by NIK.
        found = {r.id for r in lookup.search(session, query=GOOD_NIK)}
        assert found == {first.id, second.id}
    assert verify_database(database_path(desk.folder)).ok


def test_changed_details_are_an_event_without_personal_data(desk: Office) -> None:
    intake(desk, name="Budi Santoso", phone="081234567890", minutes=0)
    same = intake(desk, name="Budi Santoso", phone="", minutes=10)  # nothing new
    assert same.applicant_phone == "081234567890"  # the number on file, for this task too
    assert events_of(desk.folder, kinds.APPLICANT_UPDATED) == []
    renamed = intake(desk, name="Budi Santosa", phone="", minutes=20)
    new_phone = intake(desk, name="Budi Santosa", phone="0812 9876 5432", minutes=30)
    both = intake(desk, name="Budi S. Wijaya", phone="081211112222", minutes=40)
    updates = events_of(desk.folder, kinds.APPLICANT_UPDATED)
    assert [(task_id, payload["changed"]) for task_id, payload in updates] == [
        (renamed.id, ["name"]),
        (new_phone.id, ["phone"]),
        (both.id, ["name", "phone"]),
    ]
    assert {payload["applicant_ref"] for _, payload in updates} == {renamed.applicant_ref}
    conn = sqlite3.connect(database_path(desk.folder))
    try:
        logged = " ".join(p for (p,) in conn.execute("SELECT payload FROM events"))
    finally:
        conn.close()
    for personal in (GOOD_NIK, "Budi", "Santos", "Wijaya", "0812", "9876"):
        assert personal not in logged
    with desk.db.read() as session:
        history = [e.kind for e in lookup.timeline(session, task_id=both.id)]
        assert history == [kinds.TASK_RECEIVED, kinds.APPLICANT_UPDATED]
        assert tasks.get_task(session, task_id=renamed.id).applicant_name == "Budi Santosa"
    assert verify_database(database_path(desk.folder)).ok


def test_an_office_from_before_keeps_its_tasks_and_names_when_upgraded(desk: Office) -> None:
    first = intake(desk, name="Budi Santoso", phone="081234567890", minutes=0)
    desk.db.dispose()
    previous = migrate.HEAD_REVISION
    assert previous != "0004"
    # The file as the version before this one kept it: names only in `applicants`.
    db = open_database(desk.folder)
    from alembic import command

    command.downgrade(migrate.alembic_config(db.writer), "0004")
    db.dispose()
    conn = sqlite3.connect(database_path(desk.folder))
    columns = {row[1] for row in conn.execute("PRAGMA table_info(tasks)")}
    assert "applicant_name" not in columns
    conn.close()
    db = open_database(desk.folder)
    try:
        assert migrate.current_revision(db.writer) == previous
        with db.read() as session:
            again = tasks.get_task(session, task_id=first.id)
            assert (again.applicant_name, again.applicant_phone) == (
                "Budi Santoso",
                "081234567890",
            )
            assert session.execute(text("SELECT COUNT(*) FROM tasks")).scalar() == 1
    finally:
        db.dispose()
    assert verify_database(database_path(desk.folder)).ok
