"""Receipts from the database and the print journal: content, copies, events, migration."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from desk_app.common.errors import NotFoundError, ValidationError
from desk_app.common.paths import database_path
from desk_app.counter import printing, tasks
from desk_app.counter.receipts import DocumentLine
from desk_app.db import migrate
from desk_app.db.engine import make_engine
from desk_app.db.models import Meta
from desk_app.db.storage import open_database
from desk_app.eventlog.verify import verify_database
from tests.conftest import ADMIN_NIP, LEAD_NIP, OFFICER_NIP, Office
from tests.helpers import GOOD_NIK, MORNING, counts, later, nothing_written, receive


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF without whitespace (phrases may wrap)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def completed_task(desk: Office) -> tasks.TaskView:
    """Received by the officer, ready by the lead, handed over by the admin."""
    view = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.write() as s:
        tasks.mark_ready(s, actor_id=desk.lead.id, task_id=view.id, now=later(MORNING, 60))
    with desk.db.write() as s:
        return tasks.hand_over(
            s,
            actor_id=desk.admin.id,
            task_id=view.id,
            recipient_name="Siti Santoso",
            now=later(MORNING, 120),
        )


def rejected_task(desk: Office) -> tasks.TaskView:
    """Received by the officer, rejected by the lead for missing documents."""
    view = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.write() as s:
        return tasks.reject(
            s,
            actor_id=desk.lead.id,
            task_id=view.id,
            reason="Pengantar RT/RW sudah kedaluwarsa",
            missing_documents=["Pengantar RT/RW terbaru", "Fotokopi KTP & KK"],
            now=later(MORNING, 30),
        )


def journal(folder: Path) -> list[tuple[str, int, int, str]]:
    """(kind, copy_no, ok, target) of every journal row, oldest first."""
    conn = sqlite3.connect(database_path(folder))
    try:
        return conn.execute(
            "SELECT kind, copy_no, ok, target FROM receipt_prints ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


# --- content --------------------------------------------------------------------------------


def test_intake_receipt_comes_from_the_database(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.read() as s:
        data = printing.receipt_data(s, task_id=view.id)
        again = printing.receipt_data(s, task_id=view.id)
    assert data == again  # reproducible
    assert data.kind == "intake"
    assert data.office_name == "PTSP Kelurahan Pengadegan"
    assert data.office_code == "31.74.08.1005"
    assert data.office_address == ""
    assert data.tracking_no == view.tracking_no == "3174081005-261125-01-0001"
    assert data.service_code == "KEL-SKT-01"
    assert data.service_name == "Surat Keterangan Tidak Mampu (SKTM)"
    assert (data.applicant_name, data.applicant_nik) == ("Budi Santoso", GOOD_NIK)
    assert data.documents == (
        DocumentLine("Pengantar RT/RW", True),
        DocumentLine("Fotokopi KTP & KK", False),
        DocumentLine("Surat pernyataan tidak mampu", False),
    )
    assert data.due_date == date(2026, 11, 26)
    assert data.fee_idr == 0
    assert (data.officer_name, data.officer_nip) == ("Dewi Lestari", OFFICER_NIP)
    assert data.issued_at == MORNING  # the intake event's time, not now()
    assert (data.copy_no, data.reason, data.missing_documents, data.recipient_name) == (
        0,
        "",
        (),
        "",
    )


def test_address_and_language_and_copy_number(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.write() as s:
        s.add(Meta(key=printing.OFFICE_ADDRESS, value="Jl. Raya Pasar Minggu No. 1"))
    with desk.db.read() as s:
        data = printing.receipt_data(s, task_id=view.id, copy_no=2, language="en")
    assert data.office_address == "Jl. Raya Pasar Minggu No. 1"
    assert data.service_name == "Certificate of low income"
    assert (data.language, data.copy_no) == ("en", 2)


@pytest.mark.parametrize(
    ("name", "level", "title"),
    [
        ("Pengadegan", "kelurahan", "PTSP Kelurahan Pengadegan"),
        ("Pancoran", "kecamatan", "PTSP Kecamatan Pancoran"),
        ("Kota Administrasi Jakarta Selatan", "kota", "PTSP Kota Administrasi Jakarta Selatan"),
        ("DKI Jakarta", "provinsi", "PTSP Provinsi DKI Jakarta"),
    ],
)
def test_office_title(name: str, level: str, title: str) -> None:
    assert printing.office_title(name, level) == title


def test_handover_receipt_shows_who_finished_it_and_when(desk: Office) -> None:
    view = completed_task(desk)
    with desk.db.read() as s:
        data = printing.receipt_data(s, task_id=view.id)
        intake = printing.receipt_data(s, task_id=view.id, kind="intake")
        assert data == printing.receipt_data(s, task_id=view.id)
    assert data.kind == "handover"
    assert (data.officer_name, data.officer_nip) == ("Siti Aminah", ADMIN_NIP)
    assert data.issued_at == later(MORNING, 120)
    assert data.recipient_name == "Siti Santoso"
    assert data.tracking_no == view.tracking_no
    # The intake receipt of a finished task still shows the original intake.
    assert (intake.kind, intake.officer_nip, intake.issued_at) == ("intake", OFFICER_NIP, MORNING)


def test_rejection_receipt_carries_reason_and_missing_documents(desk: Office) -> None:
    view = rejected_task(desk)
    with desk.db.read() as s:
        data = printing.receipt_data(s, task_id=view.id)
        assert data == printing.receipt_data(s, task_id=view.id)
    assert data.kind == "rejection"
    assert data.reason == "Pengantar RT/RW sudah kedaluwarsa"
    assert data.missing_documents == ("Pengantar RT/RW terbaru", "Fotokopi KTP & KK")
    assert (data.officer_name, data.officer_nip) == ("Bambang Wibowo", LEAD_NIP)
    assert data.issued_at == later(MORNING, 30)


def test_kind_must_fit_the_status(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.read() as s:
        for kind in ("handover", "rejection", "receipt"):
            with pytest.raises(ValidationError) as caught:
                printing.receipt_data(s, task_id=view.id, kind=kind)
            assert caught.value.field == "kind"
        with pytest.raises(ValidationError, match="language"):
            printing.receipt_data(s, task_id=view.id, language="fr")
        with pytest.raises(NotFoundError):
            printing.receipt_data(s, task_id="no-such-task")


def test_rendered_pdf_has_tracking_number_and_salinan_on_reprints(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.read() as s:
        pdf, copy_no = printing.render_for_task(s, task_id=view.id, layout="thermal80")
        same, _ = printing.render_for_task(s, task_id=view.id, layout="thermal80")
    assert copy_no == 0 and pdf.startswith(b"%PDF")
    assert pdf == same  # same task, same copy: the same document
    first = pdf_text(pdf)
    assert view.tracking_no in first and "SALINAN" not in first
    with desk.db.write() as s:
        printing.record_print(
            s,
            actor_id=desk.officer.id,
            task_id=view.id,
            kind="intake",
            layout="thermal80",
            target="printer",
            ok=True,
            now=MORNING,
        )
    with desk.db.read() as s:
        reprint, copy_no = printing.render_for_task(s, task_id=view.id, layout="a5")
        with pytest.raises(ValidationError, match="layout"):
            printing.render_for_task(s, task_id=view.id, layout="letter")
    assert copy_no == 1
    second = pdf_text(reprint)
    assert view.tracking_no in second and "SALINAN" in second


# --- the journal ----------------------------------------------------------------------------


def _print(desk: Office, task_id: str, *, ok: bool, kind: str = "intake") -> printing.PrintRecord:
    with desk.db.write() as s:
        return printing.record_print(
            s,
            actor_id=desk.officer.id,
            task_id=task_id,
            kind=kind,
            layout="thermal80",
            target="printer",
            ok=ok,
            error="" if ok else "printer offline",
            now=MORNING,
        )


def test_copies_count_good_prints_only(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.read() as s:
        assert printing.next_copy_no(s, task_id=view.id, kind="intake") == 0
        assert not printing.receipt_printed(s, task_id=view.id)
    failed = _print(desk, view.id, ok=False)
    assert (failed.ok, failed.copy_no, failed.error) == (False, 0, "printer offline")
    with desk.db.read() as s:
        assert not printing.receipt_printed(s, task_id=view.id)
        assert printing.next_copy_no(s, task_id=view.id, kind="intake") == 0
    original = _print(desk, view.id, ok=True)
    copy = _print(desk, view.id, ok=True)
    failed_again = _print(desk, view.id, ok=False)
    second_copy = _print(desk, view.id, ok=True)
    assert [original.copy_no, copy.copy_no, failed_again.copy_no, second_copy.copy_no] == [
        0,
        1,
        2,
        2,
    ]
    with desk.db.read() as s:
        assert printing.receipt_printed(s, task_id=view.id)
        assert not printing.receipt_printed(s, task_id=view.id, kind="handover")
        assert printing.next_copy_no(s, task_id=view.id, kind="intake") == 3
        assert printing.next_copy_no(s, task_id=view.id, kind="handover") == 0
        assert [p.ok for p in printing.list_prints(s, task_id=view.id)] == [
            False,
            True,
            True,
            False,
            True,
        ]
    assert journal(desk.folder) == [
        ("intake", 0, 0, "printer"),
        ("intake", 0, 1, "printer"),
        ("intake", 1, 1, "printer"),
        ("intake", 2, 0, "printer"),
        ("intake", 2, 1, "printer"),
    ]


def test_each_print_is_a_chained_event_and_verify_stays_ok(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    before = counts(desk.folder)
    record = _print(desk, view.id, ok=True)
    _print(desk, view.id, ok=False)
    after = counts(desk.folder)
    assert after["events"] == before["events"] + 2
    assert after["points"] == before["points"]  # printing earns nothing
    conn = sqlite3.connect(database_path(desk.folder))
    rows = conn.execute(
        "SELECT uuid, actor, task_id, payload FROM events WHERE kind = 'receipt.printed' "
        "ORDER BY seq"
    ).fetchall()
    conn.close()
    assert [r[0] for r in rows][:1] == [record.event_uuid]
    assert all(r[1] == desk.officer.id and r[2] == view.id for r in rows)
    assert json.loads(rows[0][3]) == {
        "kind": "intake",
        "copy_no": 0,
        "layout": "thermal80",
        "target": "printer",
        "ok": True,
        "error": "",
        "outcome": "printed",
    }
    assert json.loads(rows[1][3])["ok"] is False
    report = verify_database(database_path(desk.folder))
    assert report.ok, report.problems


def test_verify_notices_a_tampered_print_journal(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    _print(desk, view.id, ok=False)
    conn = sqlite3.connect(database_path(desk.folder))
    conn.execute("UPDATE receipt_prints SET ok = 1")  # pretend the failed print succeeded
    conn.commit()
    conn.close()
    report = verify_database(database_path(desk.folder))
    assert not report.ok
    assert "does not match its event" in report.problems[0]


def test_explicit_copy_number_is_recorded_as_printed(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.read() as s:
        _, copy_no = printing.render_for_task(s, task_id=view.id, layout="a4")
    _print(desk, view.id, ok=True)  # someone else printed in between
    with desk.db.write() as s:
        late = printing.record_print(
            s,
            actor_id=desk.lead.id,
            task_id=view.id,
            kind="intake",
            layout="a4",
            target="pdf",
            ok=True,
            copy_no=copy_no,
            now=MORNING,
        )
    assert late.copy_no == 0  # what is on the paper
    with desk.db.read() as s:
        assert printing.next_copy_no(s, task_id=view.id, kind="intake") == 1


def test_bad_print_records_are_refused_and_write_nothing(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    good = {
        "actor_id": desk.officer.id,
        "task_id": view.id,
        "kind": "intake",
        "layout": "thermal58",
        "target": "pdf",
        "ok": True,
        "now": MORNING,
    }
    for field, value in [("kind", "bon"), ("layout", "letter"), ("target", "fax")]:
        with (
            nothing_written(desk.folder),
            pytest.raises(ValidationError, match=field),
            desk.db.write() as s,
        ):
            printing.record_print(s, **{**good, field: value})  # type: ignore[arg-type]
    for field, value in [("task_id", "no-such-task"), ("actor_id", "no-such-officer")]:
        with nothing_written(desk.folder), pytest.raises(NotFoundError), desk.db.write() as s:
            printing.record_print(s, **{**good, field: value})  # type: ignore[arg-type]


def test_unprinted_receipts_lists_tasks_without_a_good_intake_print(desk: Office) -> None:
    good = receive(desk.db, desk.officer.id, now=MORNING)
    failed = receive(desk.db, desk.officer.id, now=later(MORNING, 5))
    never = receive(desk.db, desk.officer.id, now=later(MORNING, 10))
    next_day = receive(desk.db, desk.officer.id, now=later(MORNING, 24 * 60))
    _print(desk, good.id, ok=True)
    _print(desk, failed.id, ok=False)
    with desk.db.read() as s:
        assert printing.unprinted_receipts(s, day=date(2026, 11, 25)) == [
            failed.tracking_no,
            never.tracking_no,
        ]
        assert printing.unprinted_receipts(s, day=date(2026, 11, 26)) == [next_day.tracking_no]
        assert printing.unprinted_receipts(s, day=date(2026, 11, 27)) == []
        assert printing.unprinted_receipts(s) == [
            failed.tracking_no,
            never.tracking_no,
            next_day.tracking_no,
        ]
    _print(desk, failed.id, ok=True)
    with desk.db.read() as s:
        assert printing.unprinted_receipts(s, day=date(2026, 11, 25)) == [never.tracking_no]


def test_a_handover_print_is_not_an_intake_print(desk: Office) -> None:
    view = completed_task(desk)
    _print(desk, view.id, ok=True, kind="handover")
    with desk.db.read() as s:
        assert printing.unprinted_receipts(s) == [view.tracking_no]
        assert printing.receipt_printed(s, task_id=view.id, kind="handover")


# --- migration ------------------------------------------------------------------------------


def test_a_0001_database_upgrades_to_the_print_journal_keeping_its_rows(tmp_path: Path) -> None:
    folder = tmp_path / "old-office"
    folder.mkdir()
    engine = make_engine(database_path(folder), immediate=True)
    migrate.upgrade(engine, "0001")
    assert migrate.current_revision(engine) == "0001"
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('office_code', '31.74.08.1005')"))
    engine.dispose()

    db = open_database(folder)
    try:
        assert migrate.current_revision(db.writer) == migrate.head_revision(db.writer)
        with db.read() as s:
            assert s.get(Meta, "office_code") is not None
            assert s.execute(text("SELECT COUNT(*) FROM receipt_prints")).scalar_one() == 0
    finally:
        db.dispose()
    conn = sqlite3.connect(database_path(folder))
    try:
        indexes = {r[1] for r in conn.execute("PRAGMA index_list('receipt_prints')")}
    finally:
        conn.close()
    assert "ix_receipt_prints_task_id" in indexes
