"""Closing today through the real wizard, and what a colleague at the intake page sees then."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget, QWizard
from pytestqt.qtbot import QtBot

from desk_app.closing import dayclose
from desk_app.closing.dayclose import CLOCKED_IN
from desk_app.office import attendance
from desk_app.ui.closing.wizard import DayCloseWizard
from desk_app.ui.context import DeskContext
from desk_app.ui.intake import IntakePage
from desk_app.ui.receipt_hook import ReceiptPrinter
from tests.conftest import Office
from tests.days import wib
from tests.helpers import ManualClock, counts
from tests.ui.conftest import wait_idle
from tests.ui.lead_day import DAY, build_lead_day

REASON = "Dewi lembur menyusun arsip"
STOPS = "tidak ada yang dapat menerima berkas, mencatat langkah berkas, mencetak tanda terima"


def _click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled() and widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _next_enabled(wizard: DayCloseWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def _wizard(qtbot: QtBot, ctx: DeskContext, desk: Office, holder: QWidget) -> DayCloseWizard:
    """The wizard at step 1, with the fixture day (the 26th, today) chosen."""
    wizard = DayCloseWizard(ctx, desk.lead, ReceiptPrinter(ctx, desk.lead, holder), holder)
    wizard.show()
    choose = wizard.choose_page
    qtbot.waitUntil(lambda: choose.status is not None)  # the 25th: the last open day before
    choose.date_edit.setDate(QDate(DAY.year, DAY.month, DAY.day))
    qtbot.waitUntil(lambda: choose.status is not None and choose.status.day == DAY)
    return wizard


def _intake(ctx: DeskContext, desk: Office, holder: QWidget) -> IntakePage:
    """Dewi's intake page."""
    page = IntakePage(ctx, desk.officer, ReceiptPrinter(ctx, desk.officer, holder), holder)
    page.show()
    return page


def test_step_one_says_when_today_can_be_closed(
    qtbot: QtBot, ctx: DeskContext, desk: Office, clock: ManualClock
) -> None:
    build_lead_day(desk)
    clock.set(wib(DAY, 15, 10))
    holder = QWidget()
    qtbot.addWidget(holder)
    wizard = _wizard(qtbot, ctx, desk, holder)
    choose = wizard.choose_page
    # Said on the first page, with the time, before any step that cannot lead anywhere.
    assert "Hari itu baru dapat ditutup mulai 26/11/2026 16:00" in choose.info.text()
    assert not choose.isComplete() and not _next_enabled(wizard)
    assert choose.wait_timer.isActive()
    clock.set(wib(DAY, 15, 59))
    choose.check_time_again()  # what the timer does: still too early, nothing reloads
    assert choose.status is not None and not choose.loading
    clock.set(wib(DAY, 16))
    choose.check_time_again()
    qtbot.waitUntil(choose.isComplete)
    assert _next_enabled(wizard) and not choose.wait_timer.isActive()
    # Today may now be closed: the page says what sealing it stops.
    assert "Berkas diterima pada hari itu: 5." in choose.info.text()
    assert STOPS in choose.info.text()
    wizard.reject()
    wait_idle(qtbot, ctx.ops)


def test_a_lead_closes_today_and_a_colleague_is_told_why_nothing_saves(
    qtbot: QtBot, ctx: DeskContext, desk: Office, clock: ManualClock
) -> None:
    build_lead_day(desk)
    with desk.db.write() as s:  # Bambang is back at the desk; Dewi has been in since 08:30
        attendance.clock_in(s, officer_id=desk.lead.id, now=wib(DAY, 15, 30))
    clock.set(wib(DAY, 16, 5))
    holder = QWidget()
    qtbot.addWidget(holder)
    open_before = _intake(ctx, desk, holder)  # Dewi's page, open while the lead closes
    wait_idle(qtbot, ctx.ops)
    assert open_before.sealed_notice.isHidden()

    wizard = _wizard(qtbot, ctx, desk, holder)
    choose = wizard.choose_page
    assert choose.isComplete() and STOPS in choose.info.text()
    _click(qtbot, wizard.button(QWizard.WizardButton.NextButton))

    # 2. Dewi's open shift is an item; the lead's own is not.
    page = wizard.checks_page
    qtbot.waitUntil(lambda: wizard.checks is not None and not page.loading)
    assert page.row_for(CLOCKED_IN, desk.officer.id) is not None
    assert page.row_for(CLOCKED_IN, desk.lead.id) is None
    _click(qtbot, page.leave_all_button)
    qtbot.keyClicks(page.reason_edit, REASON)
    _click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    qtbot.waitUntil(wizard.summary_page.isComplete)
    _click(qtbot, wizard.button(QWizard.WizardButton.NextButton))

    # 4. Warned what stops, and sealed only once the lead ticks that he understands.
    seal = wizard.seal_page
    assert seal.today_warning.isVisible() and STOPS in seal.today_warning.text()
    assert "absen Anda (masuk sejak 26/11/2026 15:30) ditutup" in seal.plan.text()
    assert seal.confirm_today.isVisible() and not seal.confirm_today.isChecked()
    assert not seal.seal_button.isEnabled()
    before = counts(desk.folder)
    seal.seal()  # not even called directly
    assert not seal.running and counts(desk.folder) == before
    assert seal.confirm_today.hasFocus()  # the question comes first
    qtbot.keyClick(seal.confirm_today, Qt.Key.Key_Space)
    _click(qtbot, seal.seal_button)
    qtbot.waitUntil(lambda: seal.outcome is not None, timeout=30_000)
    with desk.db.read() as s:
        assert dayclose.is_sealed(s, day=DAY)
        lead = attendance.sessions(s, start=DAY, end=DAY, officer_id=desk.lead.id)
        assert attendance.open_session(s, officer_id=desk.officer.id) is not None
    assert [x.ended_at for x in lead] == [wib(DAY, 15), wib(DAY, 16, 5)]

    # Dewi saves on the page she had open: told who closed, when, and what to do.
    clock.set(wib(DAY, 16, 20))
    open_before.picker.choose("KEL-SKT-01")
    open_before.checklist.check_all()
    qtbot.keyClicks(open_before.nik.edit, "3174085205900003")
    qtbot.keyClicks(open_before.name.edit, "Budi Santoso")
    before = counts(desk.folder)
    open_before.save()
    qtbot.waitUntil(lambda: not open_before.sealed_notice.isHidden())
    notice = open_before.sealed_notice.label.text()
    assert notice.startswith("Hari 26-11-2026 sudah ditutup oleh Bambang Wibowo pukul 16:05;")
    assert "besok" in notice and "hubungi Bambang Wibowo" in notice
    assert open_before.result.text() == "Belum tersimpan: hari ini sudah ditutup."
    assert counts(desk.folder) == before
    assert open_before.name.text() == "Budi Santoso"  # nothing typed is lost
    # A new form does not hide it: the day stays closed.
    open_before.new_form()
    assert not open_before.sealed_notice.isHidden()

    # A page opened after the close says so at once, before anyone types.
    opened_after = _intake(ctx, desk, holder)
    qtbot.waitUntil(lambda: not opened_after.sealed_notice.isHidden())
    assert opened_after.sealed_notice.label.text() == notice
    wizard.reject()
    wait_idle(qtbot, ctx.ops)
