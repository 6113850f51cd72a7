"""Points: the rules applied to events, on-time bonus, reversing corrections."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desk_app.common.errors import PermissionDenied, ValidationError
from desk_app.common.paths import database_path
from desk_app.counter import tasks
from desk_app.db.models import Event
from desk_app.eventlog.verify import verify_database
from desk_app.points import ledger, point_rules
from tests.conftest import Office
from tests.helpers import MORNING, receive

DAY = date(2026, 11, 25)


def totals(desk: Office, start: date = DAY, end: date = date(2026, 12, 31)) -> dict[str, int]:
    with desk.db.read() as session:
        return {p.name: p.points for p in ledger.points_between(session, start=start, end=end)}


def test_weights_follow_the_sla_bands() -> None:
    rules = point_rules.current_rules()
    assert rules.weight_for("X", 0) == 1
    assert rules.weight_for("X", 3) == 2
    assert rules.weight_for("X", 10) == 3
    assert rules.weight_for("X", 14) == 4
    assert rules.weight_for("LAINNYA", 3) == 1


def test_intake_processing_on_time_and_handover_credit_who_did_it(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)  # SKTM, weight 2, due 26 Nov
    with desk.db.write() as session:
        tasks.mark_ready(
            session, actor_id=desk.lead.id, task_id=view.id, now=MORNING + timedelta(hours=3)
        )
    with desk.db.write() as session:
        tasks.hand_over(
            session, actor_id=desk.admin.id, task_id=view.id, now=MORNING + timedelta(days=2)
        )
    assert totals(desk) == {"Dewi Lestari": 1, "Bambang Wibowo": 2 + 1, "Siti Aminah": 1}


def test_late_work_earns_no_on_time_bonus(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.write() as session:
        tasks.mark_ready(
            session, actor_id=desk.lead.id, task_id=view.id, now=MORNING + timedelta(days=6)
        )
    assert totals(desk)["Bambang Wibowo"] == 2


def test_rejection_and_cancellation_earn_nothing_beyond_intake(desk: Office) -> None:
    first = receive(desk.db, desk.officer.id, now=MORNING)
    second = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.write() as session:
        tasks.reject(
            session, actor_id=desk.lead.id, task_id=first.id, reason="Dokumen kurang", now=MORNING
        )
        tasks.cancel(
            session, actor_id=desk.lead.id, task_id=second.id, reason="Pemohon batal", now=MORNING
        )
    assert totals(desk, start=date.min, end=date.max) == {"Dewi Lestari": 2}


def test_instant_service_earns_processing_and_handover_at_once(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, service="KEC-NON-03", now=MORNING)
    with desk.db.write() as session:
        tasks.hand_over(
            session, actor_id=desk.officer.id, task_id=view.id, now=MORNING + timedelta(minutes=10)
        )
    assert totals(desk) == {"Dewi Lestari": 1 + 1 + 1 + 1}


def test_a_correction_is_a_reversing_entry(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.write() as session:
        ready = tasks.mark_ready(
            session, actor_id=desk.officer.id, task_id=view.id, now=MORNING + timedelta(hours=1)
        )
    assert ready.status == "ready" and totals(desk)["Dewi Lestari"] == 4
    with desk.db.read() as session:
        uuid = session.scalar(select(Event.uuid).where(Event.kind == "task.ready"))
    assert uuid is not None
    with pytest.raises(PermissionDenied), desk.db.write() as session:
        ledger.reverse_points(
            session, actor_id=desk.officer.id, event_uuid=uuid, reason="salah", now=MORNING
        )
    with desk.db.write() as session:
        reversal = ledger.reverse_points(
            session,
            actor_id=desk.lead.id,
            event_uuid=uuid,
            reason="Ditandai siap oleh petugas yang salah",
            now=MORNING + timedelta(hours=2),
        )
    assert sorted(c.points for c in reversal) == [-2, -1]
    assert totals(desk)["Dewi Lestari"] == 1
    with pytest.raises(ValidationError, match="sudah"), desk.db.write() as session:
        ledger.reverse_points(
            session, actor_id=desk.lead.id, event_uuid=uuid, reason="lagi", now=MORNING
        )
    assert verify_database(database_path(desk.folder)).ok
