"""Issue 11: corrections of an open task, and documents brought after intake."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.common.errors import NotFoundError, TransitionError, ValidationError
from desk_app.common.paths import database_path
from desk_app.common.workdays import add_working_days
from desk_app.counter import corrections, lookup, printing, tasks
from desk_app.db.models import Applicant, Event, PointsEntry
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from desk_app.office import catalogue
from desk_app.points import point_rules
from tests.conftest import Office
from tests.days import OTHER_NIKS
from tests.helpers import GOOD_NIK, MORNING, later, nothing_written, receive
from tests.test_receipts import compact, pdf_text

REASON = "Salah ketik saat penerimaan"


def _verify(folder: Path) -> list[str]:
    return verify_database(database_path(folder)).problems


def _tamper(folder: Path, statement: str) -> None:
    conn = sqlite3.connect(database_path(folder))
    conn.execute("PRAGMA foreign_keys=OFF")
    assert conn.execute(statement).rowcount == 1
    conn.commit()
    conn.close()


def _events(desk: Office, task_id: str, kind: str) -> list[dict[str, object]]:
    with desk.db.read() as s:
        rows = s.scalars(
            select(Event.payload).where(Event.task_id == task_id, Event.kind == kind)
        ).all()
    return [json.loads(p) for p in rows]


def _complete_intake(desk: Office, *, service: str = "KEL-SKT-01", **kw: object) -> tasks.TaskView:
    with desk.db.write() as s:
        docs = catalogue.get_service(s, code=service).required_documents
        return tasks.receive_task(
            s,
            actor_id=desk.officer.id,
            service_code=service,
            nik=str(kw.get("nik", GOOD_NIK)),
            name=str(kw.get("name", "Budi Santoso")),
            phone="081234567890",
            documents_received=docs,
            now=MORNING,
        )


def test_name_correction_is_an_event_without_the_name(desk: Office) -> None:
    view = _complete_intake(desk, name="Budi Santsoo")
    with desk.db.write() as s:
        fixed = corrections.correct_task(
            s,
            actor_id=desk.officer.id,
            task_id=view.id,
            name="Budi Santoso",
            reason=REASON,
            now=later(MORNING, 5),
        )
    assert fixed.applicant_name == "Budi Santoso"
    (payload,) = _events(desk, view.id, kinds.TASK_CORRECTED)
    assert payload["changed"] == ["name"]
    assert "Budi" not in json.dumps(payload)  # only pseudonyms travel
    # The history shows before -> after, from the office's own tables.
    with desk.db.read() as s:
        entry = lookup.timeline(s, task_id=view.id)[-1]
        data = printing.receipt_data(s, task_id=view.id)
        held = s.get(Applicant, view.applicant_ref)
        assert held is not None and held.name == "Budi Santoso"  # the latest intake's name
    assert entry.kind == kinds.TASK_CORRECTED
    assert entry.personal == (("name", "Budi Santsoo", "Budi Santoso"),)
    assert data.applicant_name == "Budi Santoso"  # a reprint shows the corrected name
    assert _verify(desk.folder) == []
    _tamper(desk.folder, f"UPDATE tasks SET applicant_name = 'Budi X' WHERE id = '{view.id}'")
    problems = _verify(desk.folder)
    assert any("tasks.applicant_name" in p and "task.corrected" in p for p in problems)
    assert not any("Budi X" in p for p in problems)  # never the personal value


def test_service_correction_recomputes_the_promise_and_points(desk: Office) -> None:
    view = _complete_intake(desk)  # KEL-SKT-01: 1 working day
    with desk.db.write() as s:
        new = catalogue.get_service(s, code="KEL-DKP-04")  # birth certificate: 5 days
        fixed = corrections.correct_task(
            s,
            actor_id=desk.officer.id,
            task_id=view.id,
            service_code="KEL-DKP-04",
            reason="Layanan yang diminta akta kelahiran",
            now=later(MORNING, 5),
        )
    assert (fixed.service_code, fixed.point_weight, fixed.fee_idr) == (
        "KEL-DKP-04",
        new.point_weight,
        new.fee_idr,
    )
    # Counted from the day the file was complete (the intake day), as intake would.
    assert fixed.due_date == add_working_days(date(2026, 11, 25), new.sla_working_days)
    # Documents of the new service were not brought: the file is now incomplete.
    assert fixed.missing_documents == new.required_documents
    (payload,) = _events(desk, view.id, kinds.TASK_CORRECTED)
    assert payload["before"]["service_code"] == "KEL-SKT-01"  # type: ignore[index]
    assert payload["after"]["sla_from"] == "2026-11-25"  # type: ignore[index]
    with desk.db.read() as s:
        data = printing.receipt_data(s, task_id=view.id)
    assert data.service_code == "KEL-DKP-04"
    assert data.pending_documents == new.required_documents
    with desk.db.write() as s:
        tasks.mark_ready(s, actor_id=desk.officer.id, task_id=view.id, now=later(MORNING, 30))
        earned = s.scalars(
            select(PointsEntry.points).where(
                PointsEntry.task_id == view.id, PointsEntry.credit == point_rules.PROCESSING
            )
        ).all()
    assert earned == [new.point_weight]  # points follow the corrected weight
    assert _verify(desk.folder) == []
    _tamper(desk.folder, f"UPDATE tasks SET service_code = 'KEL-SKT-01' WHERE id = '{view.id}'")
    assert any("tasks.service_code" in p for p in _verify(desk.folder))


def test_service_cannot_change_once_ready(desk: Office) -> None:
    view = _complete_intake(desk)
    with desk.db.write() as s:
        tasks.mark_ready(s, actor_id=desk.officer.id, task_id=view.id, now=later(MORNING, 1))
    with (
        nothing_written(desk.folder),
        pytest.raises(TransitionError) as caught,
        desk.db.write() as s,
    ):
        corrections.correct_task(
            s,
            actor_id=desk.officer.id,
            task_id=view.id,
            service_code="KEL-DKP-04",
            reason=REASON,
            now=later(MORNING, 5),
        )
    assert caught.value.key == "task.correct_service_late"


def test_nik_correction_moves_the_task_to_its_applicant(desk: Office) -> None:
    first = _complete_intake(desk, nik=OTHER_NIKS[0], name="Sri Wahyuni")
    typo = receive(desk.db, desk.officer.id, now=later(MORNING, 10), nik=OTHER_NIKS[1])
    with desk.db.write() as s:
        fixed = corrections.correct_task(
            s,
            actor_id=desk.officer.id,
            task_id=typo.id,
            nik=OTHER_NIKS[0],
            name="Sri Wahyuni",
            reason=REASON,
            now=later(MORNING, 15),
        )
    assert fixed.applicant_ref == first.applicant_ref
    assert fixed.applicant_nik == OTHER_NIKS[0]
    with desk.db.read() as s:
        assert s.get(Applicant, typo.applicant_ref) is None  # the typo NIK held nothing else
        entry = lookup.timeline(s, task_id=typo.id)[-1]
    assert ("nik", OTHER_NIKS[1], OTHER_NIKS[0]) in entry.personal
    (payload,) = _events(desk, typo.id, kinds.TASK_CORRECTED)
    details = {d["field"]: d for d in payload["details"]}  # type: ignore[union-attr]
    assert details["nik"]["after"] == first.applicant_ref
    assert OTHER_NIKS[0] not in json.dumps(payload)
    assert _verify(desk.folder) == []


def test_correcting_an_earlier_task_keeps_verify_clean(desk: Office) -> None:
    earlier = receive(desk.db, desk.officer.id, now=MORNING, name="Budi Santoso")
    receive(desk.db, desk.officer.id, now=later(MORNING, 20), name="Budi Santoso")
    with desk.db.write() as s:
        corrections.correct_task(
            s,
            actor_id=desk.officer.id,
            task_id=earlier.id,
            name="Budhi Santoso",
            phone="081298765432",
            description="Untuk beasiswa",
            reason=REASON,
            now=later(MORNING, 30),
        )
        held = s.get(Applicant, earlier.applicant_ref)
        assert held is not None and held.name == "Budi Santoso"  # the later intake's
    assert _verify(desk.folder) == []


def test_incomplete_intake_then_documents_later(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)  # only the first document
    missing = view.missing_documents
    assert missing == ("Fotokopi KTP & KK", "Surat pernyataan tidak mampu")
    with desk.db.read() as s:
        data = printing.receipt_data(s, task_id=view.id)
        (row,) = lookup.task_rows(s, ids=[view.id])
    assert data.pending_documents == missing  # the receipt lists them, promises no date
    assert row.missing_documents == missing  # the queue shows the file as incomplete
    with desk.db.write() as s:
        partly = corrections.receive_documents(
            s,
            actor_id=desk.officer.id,
            task_id=view.id,
            documents=[missing[0]],
            now=MORNING + timedelta(days=1),
        )
    assert partly.missing_documents == missing[1:]
    assert partly.due_date == view.due_date  # still provisional
    friday = MORNING + timedelta(days=2)  # Friday 27-11-2026
    with desk.db.write() as s:
        done = corrections.receive_documents(
            s, actor_id=desk.officer.id, task_id=view.id, documents=[missing[1]], now=friday
        )
    assert done.missing_documents == ()
    assert done.due_date == date(2026, 11, 30)  # one working day after the completion day
    payload = _events(desk, view.id, kinds.TASK_DOCUMENTS_RECEIVED)[-1]
    assert (payload["complete"], payload["sla_from"]) == (True, "2026-11-27")
    with desk.db.read() as s:
        data = printing.receipt_data(s, task_id=view.id)
        (row,) = lookup.task_rows(s, ids=[view.id])
    assert (data.pending_documents, data.due_date) == ((), date(2026, 11, 30))
    assert row.missing_documents == ()
    assert _verify(desk.folder) == []
    _tamper(desk.folder, f"UPDATE tasks SET due_date = '2026-11-26' WHERE id = '{view.id}'")
    assert any("tasks.due_date" in p for p in _verify(desk.folder))


def test_documents_corrected_with_a_reason(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    everything = [name for name, _ in view.documents]
    with desk.db.write() as s:
        fixed = corrections.correct_task(
            s,
            actor_id=desk.officer.id,
            task_id=view.id,
            documents=everything,
            reason="Semua dokumen sebenarnya sudah dibawa",
            now=later(MORNING, 3),
        )
    assert fixed.missing_documents == ()
    assert fixed.due_date == view.due_date  # complete on the intake day: the same promise
    assert _verify(desk.folder) == []


@pytest.mark.parametrize(
    ("change", "error", "key"),
    [
        ({"name": "Budi Santoso", "reason": "  "}, ValidationError, "text.required"),
        ({"documents": ["Surat sakti"]}, ValidationError, "task.document_unknown"),
        ({"name": "Budi Santoso"}, ValidationError, "task.correct_nothing"),
        ({"service_code": "NOPE-01"}, ValidationError, "service.not_found"),
        ({"nik": "123"}, ValidationError, "nik.length"),
    ],
)
def test_bad_corrections_write_nothing(
    desk: Office, change: dict[str, object], error: type[Exception], key: str
) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    kw: dict[str, object] = {"reason": REASON, **change}
    with nothing_written(desk.folder), pytest.raises(error) as caught, desk.db.write() as s:
        corrections.correct_task(
            s, actor_id=desk.officer.id, task_id=view.id, now=later(MORNING, 5), **kw
        )  # type: ignore[arg-type]
    assert getattr(caught.value, "key", None) == key


def test_closed_task_and_bad_documents_write_nothing(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    first = view.documents[0][0]
    for documents, key in (
        ([], "task.documents_none"),
        (["Surat sakti"], "task.document_unknown"),
        ([first], "task.document_already"),
    ):
        with (
            nothing_written(desk.folder),
            pytest.raises(ValidationError) as caught,
            desk.db.write() as s,
        ):
            corrections.receive_documents(
                s, actor_id=desk.officer.id, task_id=view.id, documents=documents, now=MORNING
            )
        assert caught.value.key == key
    with desk.db.write() as s:
        tasks.cancel(
            s, actor_id=desk.officer.id, task_id=view.id, reason="Pemohon mundur", now=MORNING
        )
    with (
        nothing_written(desk.folder),
        pytest.raises(TransitionError) as closed,
        desk.db.write() as s,
    ):
        corrections.correct_task(
            s,
            actor_id=desk.officer.id,
            task_id=view.id,
            name="Budi S",
            reason=REASON,
            now=MORNING,
        )
    assert closed.value.key == "task.correct_closed"
    with pytest.raises(NotFoundError), desk.db.write() as s:
        corrections.receive_documents(
            s, actor_id=desk.officer.id, task_id="nope", documents=[first], now=MORNING
        )


@pytest.mark.parametrize("layout", ["thermal80", "a5"])
def test_incomplete_receipt_lists_the_missing_and_promises_no_date(
    desk: Office, layout: str
) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.read() as s:
        pdf, _ = printing.render_for_task(s, task_id=view.id, layout=layout)
    text = compact(pdf_text(pdf))
    assert compact("Dokumen yang perlu dilengkapi") in text
    assert compact("Surat pernyataan tidak mampu") in text
    assert compact("Ditetapkan setelah berkas lengkap") in text
    assert "2026" not in text.split(compact("Perkiraan selesai"))[1][:40]
