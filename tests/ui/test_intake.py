"""The intake form: type-ahead, service facts, inline validation, nothing lost on failure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from desk_app.common.errors import ValidationError
from desk_app.counter import tasks
from desk_app.ui import intake as intake_page
from desk_app.ui.main_window import MainWindow
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import ManualClock, counts, nothing_written
from tests.ui.conftest import wait_idle


@pytest.fixture
def ws(window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]) -> Workspace:
    """The officer's workspace on the intake page."""
    return log_in(window, OFFICER_NIP)


def test_type_ahead_matches_codes_names_and_everyday_words(qtbot: QtBot, ws: Workspace) -> None:
    picker = ws.intake.picker
    qtbot.keyClicks(picker.search, "nikah")
    codes = picker.visible_codes()
    assert "KEL-KWN-01" in codes and "KEL-SKT-05" in codes  # kawin / belum menikah
    assert "KEL-DKP-01" not in codes
    picker.search.clear()
    qtbot.keyClicks(picker.search, "kel-dkp-0")
    assert picker.visible_codes()[0].startswith("KEL-DKP-0")
    picker.search.clear()
    qtbot.keyClicks(picker.search, "birth certificate")  # English names too
    assert picker.visible_codes() == ["KEL-DKP-04"]
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)  # stays on the only match
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.chosen_code() == "KEL-DKP-04"


def test_service_facts_fee_and_sla_texts(ws: Workspace) -> None:
    intake = ws.intake
    services = {s.code: s for s in ws.ctx.catalogue.services}
    same_day = next(c for c, s in services.items() if s.sla_working_days == 0)
    intake.picker.choose(same_day)
    assert intake.sla_label.text() == "Selesai hari ini"
    levy = next((c for c, s in services.items() if s.fee_idr is None), None)
    if levy is not None:
        intake.picker.choose(levy)
        assert intake.fee_label.text() == "Retribusi sesuai ketentuan"
    intake.picker.choose("KEL-SKT-01")
    assert intake.fee_label.text() == "Gratis"
    assert intake.sla_label.text() == f"{services['KEL-SKT-01'].sla_working_days} hari kerja"
    documents = [b.text().replace("&&", "&") for b in intake.checklist.boxes]
    assert documents == list(services["KEL-SKT-01"].required_documents)
    assert intake.description.isHidden()
    intake.picker.choose("LAINNYA")
    assert not intake.description.isHidden()


def test_bad_nik_shows_inline_message_and_writes_nothing(
    qtbot: QtBot, desk: Office, ws: Workspace
) -> None:
    intake = ws.intake
    intake.picker.choose("KEL-SKT-01")
    qtbot.keyClicks(intake.nik.edit, "3174081302990000")
    assert intake.nik.error() == "Nomor urut NIK tidak boleh 0000."  # shown while typing
    qtbot.keyClicks(intake.name.edit, "Budi Santoso")
    with nothing_written(desk.folder):
        qtbot.keyClick(intake.name.edit, Qt.Key.Key_Return)
        qtbot.keyClick(intake.phone.edit, Qt.Key.Key_Return)  # Enter on the last field saves
        wait_idle(qtbot, ws.ctx.ops)
        assert ws.ctx.ops.pending == 0
    assert not intake.nik.message.isHidden()
    assert intake.last_result is None
    assert intake.nik.text() == "3174081302990000"
    assert intake.name.text() == "Budi Santoso"
    # Fixing the NIK clears the message as soon as it is valid.
    intake.nik.edit.clear()
    qtbot.keyClicks(intake.nik.edit, "3174085205900003")
    assert intake.nik.error() == ""


def test_other_service_requires_a_description(qtbot: QtBot, desk: Office, ws: Workspace) -> None:
    intake = ws.intake
    intake.picker.choose("LAINNYA")
    qtbot.keyClicks(intake.nik.edit, "3174085205900003")
    qtbot.keyClicks(intake.name.edit, "Budi Santoso")
    with nothing_written(desk.folder):
        intake.save()
        wait_idle(qtbot, ws.ctx.ops)
    assert intake.description.error() == "Wajib diisi."
    qtbot.keyClicks(intake.description.edit, "Surat keterangan usaha mikro")
    qtbot.keyClick(intake.description.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: intake.last_result is not None)
    assert intake.last_result is not None
    assert intake.last_result.task.description == "Surat keterangan usaha mikro"


def test_service_error_lands_on_its_field_and_keeps_the_typing(
    qtbot: QtBot, desk: Office, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_receive = tasks.receive_task
    written: list[tasks.TaskView] = []

    def refuse_after_writing(session: Session, **request: Any) -> tasks.TaskView:
        """The real intake writes its rows in the save's transaction; a late check refuses."""
        written.append(real_receive(session, **request))
        raise ValidationError("phone", "phone.invalid")

    monkeypatch.setattr(tasks, "receive_task", refuse_after_writing)
    intake = ws.intake
    intake.picker.choose("KEL-SKT-01")
    intake.checklist.check_all()
    for field, text in ((intake.nik, "3174085205900003"), (intake.name, "Budi Santoso")):
        qtbot.keyClicks(field.edit, text)
    qtbot.keyClicks(intake.phone.edit, "081234567890")
    with nothing_written(desk.folder):  # the half-done intake is rolled back
        intake.save()
        qtbot.waitUntil(lambda: bool(intake.phone.error()))
    assert len(written) == 1, "the real writer ran before the refusal"
    assert intake.phone.error().startswith("Nomor telepon tidak sah")
    assert "Belum tersimpan" in intake.result.text()
    assert intake.last_result is None
    assert (intake.nik.text(), intake.name.text(), intake.phone.text()) == (
        "3174085205900003",
        "Budi Santoso",
        "081234567890",
    )
    documents = intake.checklist.checked_documents()
    assert documents != []
    assert intake.picker.chosen_code() == "KEL-SKT-01"

    # Saving again, once the service accepts, stores exactly what was kept on screen.
    monkeypatch.setattr(tasks, "receive_task", real_receive)
    before = counts(desk.folder)
    intake.save()
    qtbot.waitUntil(lambda: intake.last_result is not None)
    wait_idle(qtbot, ws.ctx.ops)
    assert intake.last_result is not None
    with desk.db.read() as session:
        view = tasks.get_task(session, task_id=intake.last_result.task.id)
    assert counts(desk.folder)["tasks"] == before["tasks"] + 1
    assert view.service_code == "KEL-SKT-01"
    assert [name for name, received in view.documents if received] == documents


def test_handling_time_is_measured_from_the_first_input(
    qtbot: QtBot,
    desk: Office,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
    clock: ManualClock,
) -> None:
    intake = log_in(window, OFFICER_NIP).intake
    clock.advance(minutes=7)  # the previous applicant, or a break: not this intake's time
    intake.new_form()
    assert intake.handling_seconds() == 0
    intake.picker.choose("KEL-SKT-01")
    qtbot.keyClicks(intake.nik.edit, "3174085205900003")
    qtbot.keyClicks(intake.name.edit, "Budi Santoso")
    clock.advance(minutes=3, seconds=20)
    intake.save()
    qtbot.waitUntil(lambda: intake.last_result is not None)
    assert intake.last_result is not None
    with desk.db.read() as session:
        view = tasks.get_task(session, task_id=intake.last_result.task.id)
    assert view.handling_seconds == 200
    # The form is ready for the next applicant; their clock waits for their first input.
    clock.advance(seconds=95)
    assert intake.handling_seconds() == 0
    qtbot.keyClicks(intake.nik.edit, "3")
    clock.advance(seconds=95)
    assert intake.handling_seconds() == 95
    clock.advance(days=2)  # a forgotten form is capped
    assert intake.handling_seconds() == intake_page.MAX_HANDLING_SECONDS
