"""Intake and the task lifecycle: legal steps, refused steps, and what is written."""

from __future__ import annotations

import itertools
import re
import sqlite3
from datetime import date

import pytest
from sqlalchemy import text

from desk_app.common.errors import NotFoundError, TransitionError, ValidationError
from desk_app.common.paths import database_path
from desk_app.counter import lookup, tasks
from tests.conftest import Office
from tests.helpers import GOOD_NIK, MORNING, counts, later, nothing_written, receive


def test_intake_writes_event_task_applicant_and_points(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    assert view.status == tasks.RECEIVED
    assert re.fullmatch(r"3174081005-261125-01-0001", view.tracking_no)
    assert view.due_date == date(2026, 11, 26)  # SKTM: 1 working day
    assert view.documents[0] == ("Pengantar RT/RW", True)
    assert all(not received for _, received in view.documents[1:])
    # On disk, seen through a different connection once the transaction has committed.
    conn = sqlite3.connect(database_path(desk.folder))
    kind, payload = conn.execute(
        "SELECT kind, payload FROM events ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert kind == "task.received"
    assert GOOD_NIK not in payload and "Budi" not in payload  # only a pseudonym leaves
    assert conn.execute("SELECT status FROM tasks").fetchone() == ("received",)
    assert conn.execute("SELECT credit, points FROM points").fetchall() == [("intake", 1)]


def test_tracking_numbers_count_per_day_and_stay_unique(desk: Office) -> None:
    first = receive(desk.db, desk.officer.id, now=MORNING)
    second = receive(desk.db, desk.officer.id, now=later(MORNING, 5))
    next_day = receive(desk.db, desk.officer.id, now=later(MORNING, 24 * 60))
    assert first.tracking_no.endswith("-0001") and second.tracking_no.endswith("-0002")
    assert next_day.tracking_no == "3174081005-261126-01-0001"


def test_whole_lifecycle_with_agency_stay(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, service="KEL-DKP-01", now=MORNING)
    steps = [
        lambda s: tasks.start_processing(
            s, actor_id=desk.officer.id, task_id=view.id, now=later(MORNING, 10)
        ),
        lambda s: tasks.forward_to_agency(
            s,
            actor_id=desk.officer.id,
            task_id=view.id,
            agency_code="DUKCAPIL",
            note="kirim",
            now=later(MORNING, 20),
        ),
        lambda s: tasks.return_from_agency(
            s, actor_id=desk.lead.id, task_id=view.id, now=later(MORNING, 60 * 24)
        ),
        lambda s: tasks.mark_ready(
            s, actor_id=desk.lead.id, task_id=view.id, now=later(MORNING, 60 * 25)
        ),
        lambda s: tasks.hand_over(
            s,
            actor_id=desk.admin.id,
            task_id=view.id,
            recipient_name="Siti Santoso",
            now=later(MORNING, 60 * 26),
        ),
    ]
    statuses = []
    for step in steps:
        with desk.db.write() as session:
            statuses.append(step(session).status)
    assert statuses == ["in_process", "at_agency", "in_process", "ready", "completed"]
    conn = sqlite3.connect(database_path(desk.folder))
    stint = conn.execute(
        "SELECT agency_code, forwarded_at, returned_at, outcome FROM agency_stints"
    ).fetchone()
    assert stint[0] == "DUKCAPIL" and stint[3] == "complete"
    assert stint[1].startswith("2026-11-25 02:20") and stint[2].startswith("2026-11-26 02:00")
    with desk.db.read() as session:
        done = tasks.get_task(session, tracking_no=view.tracking_no)
        kinds = [e.kind for e in lookup.timeline(session, task_id=view.id)]
    assert done.finished_by == desk.admin.id and done.closed_at is not None
    assert kinds == [
        "task.received",
        "task.started",
        "task.forwarded",
        "task.returned",
        "task.ready",
        "task.completed",
    ]


ACTIONS = {
    "start": lambda s, a, t: tasks.start_processing(s, actor_id=a, task_id=t, now=MORNING),
    "forward": lambda s, a, t: tasks.forward_to_agency(
        s, actor_id=a, task_id=t, agency_code="DUKCAPIL", now=MORNING
    ),
    "return": lambda s, a, t: tasks.return_from_agency(s, actor_id=a, task_id=t, now=MORNING),
    "ready": lambda s, a, t: tasks.mark_ready(s, actor_id=a, task_id=t, now=MORNING),
    "complete": lambda s, a, t: tasks.hand_over(s, actor_id=a, task_id=t, now=MORNING),
    "reject": lambda s, a, t: tasks.reject(
        s, actor_id=a, task_id=t, reason="Berkas kurang", now=MORNING
    ),
    "cancel": lambda s, a, t: tasks.cancel(
        s, actor_id=a, task_id=t, reason="Pemohon batal", now=MORNING
    ),
}
# How to bring a fresh task into each status.
PATHS = {
    "received": [],
    "in_process": ["start"],
    "at_agency": ["forward"],
    "ready": ["ready"],
    "completed": ["ready", "complete"],
    "rejected": ["reject"],
    "cancelled": ["cancel"],
}
ILLEGAL = [
    (status, action)
    for status, action in itertools.product(PATHS, ACTIONS)
    if status not in tasks.LIFECYCLE[action][0]
]


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_every_illegal_transition_is_refused_and_writes_nothing(
    desk: Office, status: str, action: str
) -> None:
    view = receive(desk.db, desk.officer.id)
    for step in PATHS[status]:
        with desk.db.write() as session:
            ACTIONS[step](session, desk.officer.id, view.id)
    with (
        nothing_written(desk.folder),
        pytest.raises(TransitionError, match=view.tracking_no),
        desk.db.write() as session,
    ):
        ACTIONS[action](session, desk.officer.id, view.id)
    with desk.db.read() as session:
        assert tasks.get_task(session, task_id=view.id).status == status


def test_lifecycle_table_matches_design() -> None:
    allowed = {(s, a) for s, a in itertools.product(PATHS, ACTIONS)} - set(ILLEGAL)
    assert ("received", "complete") in allowed and ("at_agency", "ready") not in allowed
    assert tasks.allowed_actions("completed") == []
    assert tasks.allowed_actions("received") == [
        "start",
        "forward",
        "ready",
        "reject",
        "cancel",
    ]
    assert "complete" in tasks.allowed_actions("received", same_day=True)


def test_instant_completion_only_for_same_day_services(desk: Office) -> None:
    slow = receive(desk.db, desk.officer.id, service="KEL-SKT-01")
    with pytest.raises(TransitionError, match="siap diambil"), desk.db.write() as session:
        tasks.hand_over(session, actor_id=desk.officer.id, task_id=slow.id, now=MORNING)
    instant = receive(desk.db, desk.officer.id, service="KEC-NON-03")  # SLA 0
    with desk.db.write() as session:
        assert tasks.hand_over(
            session, actor_id=desk.officer.id, task_id=instant.id, now=MORNING
        ).status == ("completed")


def test_a_service_retimed_after_intake_keeps_what_the_counter_promised(desk: Office) -> None:
    instant = receive(desk.db, desk.officer.id, service="KEC-NON-03")  # SLA 0 at intake
    slow = receive(desk.db, desk.officer.id, service="KEL-SKT-01")  # working days at intake
    with desk.db.write() as session:  # the city's catalogue re-times both services
        retime = text("UPDATE service_types SET sla_working_days = :days WHERE code = :code")
        session.execute(retime, {"days": 3, "code": "KEC-NON-03"})
        session.execute(retime, {"days": 0, "code": "KEL-SKT-01"})
    with desk.db.write() as session:
        done = tasks.hand_over(session, actor_id=desk.officer.id, task_id=instant.id, now=MORNING)
    assert done.status == "completed"
    with pytest.raises(TransitionError, match="siap diambil"), desk.db.write() as session:
        tasks.hand_over(session, actor_id=desk.officer.id, task_id=slow.id, now=MORNING)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nik": "123"}, "nik"),
        ({"name": ""}, "name"),
        ({"phone": "12"}, "phone"),
        ({"service_code": "NOPE"}, "service_code"),
        ({"service_code": "LAINNYA"}, "description"),
        ({"documents_received": ["Surat sakti"]}, "documents"),
        ({"handling_seconds": -1}, "handling_seconds"),
    ],
)
def test_bad_intake_names_the_field_and_writes_nothing(
    desk: Office, changes: dict[str, object], field: str
) -> None:
    request: dict[str, object] = {
        "service_code": "KEL-SKT-01",
        "nik": GOOD_NIK,
        "name": "Budi",
        "phone": "",
        "description": "",
        "documents_received": [],
        "handling_seconds": 60,
        "now": MORNING,
    }
    request.update(changes)
    with (
        nothing_written(desk.folder),
        pytest.raises(ValidationError) as caught,
        desk.db.write() as session,
    ):
        tasks.receive_task(session, actor_id=desk.officer.id, **request)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_other_service_takes_free_text_and_extra_documents(desk: Office) -> None:
    with desk.db.write() as session:
        view = tasks.receive_task(
            session,
            actor_id=desk.officer.id,
            service_code="LAINNYA",
            nik=GOOD_NIK,
            name="Budi",
            description="Legalisir fotokopi ijazah",
            documents_received=["Fotokopi KTP", "Fotokopi ijazah"],
            now=MORNING,
        )
    assert view.description == "Legalisir fotokopi ijazah"
    assert ("Fotokopi ijazah", True) in view.documents


@pytest.mark.parametrize("reason", ["", "   ", "abc"])
def test_reject_and_cancel_need_a_reason(desk: Office, reason: str) -> None:
    view = receive(desk.db, desk.officer.id)
    for close in (tasks.reject, tasks.cancel):
        with (
            nothing_written(desk.folder),
            pytest.raises(ValidationError) as caught,
            desk.db.write() as session,
        ):
            close(session, actor_id=desk.officer.id, task_id=view.id, reason=reason, now=MORNING)
        assert caught.value.field == "reason"


def test_reject_at_agency_closes_the_agency_stay(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, service="KEL-DKP-01")
    with desk.db.write() as session:
        tasks.forward_to_agency(
            session, actor_id=desk.officer.id, task_id=view.id, agency_code="DUKCAPIL", now=MORNING
        )
    with desk.db.write() as session:
        done = tasks.reject(
            session,
            actor_id=desk.officer.id,
            task_id=view.id,
            reason="Data tidak cocok dengan Dukcapil",
            missing_documents=["Akta kelahiran"],
            now=MORNING,
        )
    assert done.status == "rejected" and done.current_agency is None
    assert done.close_reason == "Data tidak cocok dengan Dukcapil"
    conn = sqlite3.connect(database_path(desk.folder))
    assert conn.execute("SELECT outcome FROM agency_stints").fetchone() == ("withdrawn",)


def test_forward_to_unknown_agency_and_problem_return_without_note(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id)
    with pytest.raises(ValidationError) as caught, desk.db.write() as session:
        tasks.forward_to_agency(
            session, actor_id=desk.officer.id, task_id=view.id, agency_code="NASA", now=MORNING
        )
    assert caught.value.field == "agency_code"
    with desk.db.write() as session:
        tasks.forward_to_agency(
            session, actor_id=desk.officer.id, task_id=view.id, agency_code="POLRI", now=MORNING
        )
    with pytest.raises(ValidationError) as caught, desk.db.write() as session:
        tasks.return_from_agency(
            session, actor_id=desk.officer.id, task_id=view.id, outcome="problem", now=MORNING
        )
    assert caught.value.field == "note"


def test_unknown_task_and_unknown_officer(desk: Office) -> None:
    with pytest.raises(NotFoundError), desk.db.write() as session:
        tasks.start_processing(session, actor_id=desk.officer.id, task_id="nope", now=MORNING)
    view = receive(desk.db, desk.officer.id)
    with pytest.raises(NotFoundError), desk.db.write() as session:
        tasks.start_processing(session, actor_id="ghost", task_id=view.id, now=MORNING)


def test_notes_are_events_without_status_change(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id)
    before = counts(desk.folder)
    with desk.db.write() as session:
        noted = tasks.add_note(
            session,
            actor_id=desk.lead.id,
            task_id=view.id,
            text="Pemohon akan kembali Senin",
            now=MORNING,
        )
    assert noted.status == "received"
    assert counts(desk.folder)["events"] == before["events"] + 1
    with desk.db.read() as session:
        last = lookup.timeline(session, task_id=view.id)[-1]
    assert last.kind == "task.noted" and last.actor_name == "Bambang Wibowo"


def test_only_work_still_owed_can_be_overdue(desk: Office) -> None:
    owed = receive(desk.db, desk.officer.id, now=MORNING)  # due 26 Nov
    waiting = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.write() as session:
        ready = tasks.mark_ready(
            session, actor_id=desk.officer.id, task_id=waiting.id, now=later(MORNING, 30)
        )
    later_day = date(2026, 12, 1)
    assert owed.is_overdue(later_day) and not ready.is_overdue(later_day)
    with desk.db.read() as session:
        flt = lookup.QueueFilter(overdue_on=later_day)
        assert lookup.queue_ids(session, flt=flt, offset=0, limit=10) == [owed.id]
