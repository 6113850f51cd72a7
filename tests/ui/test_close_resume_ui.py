"""Step 1 of the day-close wizard completes a close that stopped after sealing."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget, QWizard
from pytestqt.qtbot import QtBot

from desk_app.closing import backup, dayclose, work
from desk_app.ui.closing.wizard import DayCloseWizard
from desk_app.ui.context import DeskContext
from desk_app.ui.receipt_hook import ReceiptPrinter
from tests.conftest import Office
from tests.days import wib
from tests.ui.lead_day import DAY, NEXT_MORNING, build_lead_day


def test_a_close_stopped_after_sealing_is_completed_from_step_one(
    qtbot: QtBot, ctx: DeskContext, desk: Office
) -> None:
    ctx = dataclasses.replace(ctx, clock=lambda: NEXT_MORNING)
    build_lead_day(desk)
    with desk.db.write() as s:  # sealed, then the power went: no report, no backup
        close = dayclose.close_day(
            s,
            lead_id=desk.lead.id,
            day=DAY,
            now=wib(DAY, 18),
            acknowledge=True,
            clock_out_open=True,
            reason="Pemohon kembali Senin membawa KK asli",
        )
    reports = work.report_files(close, desk.folder / work.REPORTS_DIR)
    assert not any(p.exists() for p in reports)
    holder = QWidget()
    qtbot.addWidget(holder)
    wizard = DayCloseWizard(ctx, desk.lead, ReceiptPrinter(ctx, desk.lead, holder), holder)
    wizard.show()
    choose = wizard.choose_page
    qtbot.waitUntil(lambda: choose.status is not None)
    choose.date_edit.setDate(QDate(DAY.year, DAY.month, DAY.day))
    qtbot.waitUntil(choose.finish_button.isVisible)
    assert "sudah ditutup oleh Bambang Wibowo" in choose.info.text()
    assert "belum lengkap" in choose.info.text()
    qtbot.mouseClick(choose.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not choose.finish_button.isVisible(), timeout=30_000)
    assert "sudah dilengkapi" in choose.info.text()
    assert all(p.is_file() for p in reports)
    assert backup.close_backup(desk.folder, day=DAY, closed_at=close.closed_at) is not None
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # still sealed
    wizard.reject()
