"""The day-close wizard, driven through its widgets over a hand-computed day (lead_day.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from pytestqt.qtbot import QtBot

from desk_app.closing import dayclose
from desk_app.closing.backup import backup_folder
from desk_app.closing.dayclose import CLOCKED_IN, NOT_STARTED, UNPRINTED
from desk_app.common.errors import PermissionDenied, SealedDayError
from desk_app.counter import printing, tasks
from desk_app.office import attendance
from desk_app.ui import i18n
from desk_app.ui.closing.wizard import DayCloseWizard
from desk_app.ui.context import DeskContext
from desk_app.ui.main_window import MainWindow
from desk_app.ui.print_receipt import named_printer
from desk_app.ui.receipt_hook import ReceiptPrinter
from desk_app.ui.spooler import CupsSpooler
from desk_app.ui.widgets.rows import RowsModel
from desk_app.ui.workspace import Workspace
from tests.conftest import LEAD_NIP, OFFICER_NIP, Office
from tests.days import intake, wib
from tests.ui import cups
from tests.ui.conftest import wait_idle
from tests.ui.lead_day import DAY, NEXT_MORNING, LeadDay, build_lead_day
from tests.ui.watch import on_the_gui_thread, opened_by_widgets, watch_transactions

REASON = "Pemohon kembali Senin membawa KK asli"


@pytest.fixture
def ctx(ctx: DeskContext, make_queue: Callable[[], cups.Queue]) -> DeskContext:
    """The desk on Friday morning, the day after the fixture day, with a real print queue."""
    queue = make_queue()
    return dataclasses.replace(
        ctx,
        clock=lambda: NEXT_MORNING,
        printers=lambda: named_printer(queue.name),
        spooler=CupsSpooler(),
    )


@pytest.fixture
def day(desk: Office) -> LeadDay:
    """The fixture day, written through the services."""
    return build_lead_day(desk)


def _click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled() and widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _next(qtbot: QtBot, wizard: DayCloseWizard) -> None:
    _click(qtbot, wizard.button(QWizard.WizardButton.NextButton))


def _rows(model: RowsModel) -> list[tuple[str, ...]]:
    return [
        tuple(model.text(r, c) for c in range(model.columnCount())) for r in range(model.rowCount())
    ]


def _open_wizard(qtbot: QtBot, window: MainWindow) -> DayCloseWizard:
    window.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    wizard = window.day_close
    assert wizard is not None and wizard.isVisible()
    qtbot.waitUntil(wizard.choose_page.isComplete)
    return wizard


def _settled_to_summary(qtbot: QtBot, desk: Office, day: LeadDay, wizard: DayCloseWizard) -> None:
    """Step 2 through its widgets: reprint T4, clock Dewi out, leave T3 with a reason."""
    page = wizard.checks_page
    qtbot.waitUntil(lambda: wizard.checks is not None and not page.loading)
    t3, t4 = day.t3.tracking_no, day.t4.tracking_no
    assert page.row_for(UNPRINTED, t3) and page.row_for(UNPRINTED, t4)
    assert page.row_for(CLOCKED_IN, desk.officer.id) and page.row_for(NOT_STARTED, t3)
    for row in page.rows():  # the tree shows them (not only the model holds them)
        assert not page.tree.visualRect(row.index()).isEmpty()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    assert page.select(UNPRINTED, t4)
    _click(qtbot, page.reprint_button)  # through the desk's receipt seam to its print queue
    qtbot.waitUntil(
        lambda: page.row_for(UNPRINTED, t4) is None and not page.loading, timeout=15_000
    )
    with desk.db.read() as s:  # the print queue accepted it: printed, not a saved file
        assert printing.receipt_printed(s, task_id=day.t4.id)

    assert page.select(CLOCKED_IN, desk.officer.id)
    _click(qtbot, page.clock_out_button)
    dialog = page.clock_out_dialog
    assert dialog is not None
    # A past day: the office's closing time is offered, not "now" (a 26-hour shift).
    assert dialog.time_edit.dateTime().toString("dd/MM/yyyy HH:mm") == "26/11/2026 16:00"
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: page.row_for(CLOCKED_IN, desk.officer.id) is None and not page.loading)
    assert "Dewi Lestari absen pulang 26/11/2026 16:00." in page.headline.text()

    # T3 stays: tick its two items (Space on the first, the button for the rest), give a reason.
    assert page.select(UNPRINTED, t3)
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    row = page.row_for(UNPRINTED, t3)
    assert row is not None and row.checkState() == Qt.CheckState.Checked
    assert not page.isComplete()
    _click(qtbot, page.leave_all_button)
    assert page.acknowledged() == {(UNPRINTED, t3), (NOT_STARTED, t3)}
    assert not page.isComplete()  # no reason yet
    qtbot.keyClicks(page.reason_edit, REASON)
    assert page.isComplete()
    _next(qtbot, wizard)


def _close_the_day_through_the_wizard(
    qtbot: QtBot,
    desk: Office,
    day: LeadDay,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
) -> None:
    """The lead closes the fixture day step by step, checking each step and the sealed day."""
    log_in(window, LEAD_NIP)
    assert window.lead_menu.menuAction().isVisible() and window.day_close_action.isVisible()
    wizard = _open_wizard(qtbot, window)

    # 1. The latest open day is offered.
    assert wizard.choose_page.chosen_day() == DAY
    assert wizard.choose_page.info.text() == "Berkas diterima pada hari itu: 5."
    _next(qtbot, wizard)

    # 2. What is open, and the carry-over, listed explicitly.
    page = wizard.checks_page
    qtbot.waitUntil(lambda: wizard.checks is not None and not page.loading)
    carried = page.carried_model
    assert carried.column(0) == [t.tracking_no for t in (day.t0, day.t2, day.t3, day.t4)]
    assert carried.column(3) == [
        "Kepolisian (Polsek/Polres)",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "",
        "",
    ]
    late = carried.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert late is not None and carried.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert "4" in page.carried_box.title()
    _settled_to_summary(qtbot, desk, day, wizard)

    # 3. The summary, as hand-computed in lead_day.py.
    summary = wizard.summary_page
    qtbot.waitUntil(lambda: wizard.summary is not None and not summary.loading)
    assert summary.figures_box.title() == "Kamis, 26 November 2026"
    shown = {key: label.text() for key, label in summary.figures.items()}
    assert shown == {
        "received": "5",
        "completed": "2",
        "rejected": "1",
        "cancelled": "0",
        "open": "4",
        "overdue": "1",
        "sla": "1 dari 2 tepat waktu (50%)",
        "handling": "median 4:00 · p90 10:00 · 5 berkas",
        "points": "10",
        "hours": "14,5",  # Bambang 7 h + Dewi 08:30-16:00
    }
    assert _rows(summary.officers) == [
        ("Bambang Wibowo", "2", "0", "2", "7"),
        ("Dewi Lestari", "3", "2", "8", "7,5"),
    ]
    assert [r[1:] for r in _rows(summary.services)] == [("3", "0"), ("1", "2"), ("1", "0")]
    assert summary.services.column(0)[0].startswith("KEL-SKT-01 · ")
    # The agency holding work up (overdue) first, drawn in red.
    assert _rows(summary.agencies) == [
        ("Kepolisian (Polsek/Polres)", "0", "0", "1", "1"),
        ("Dinas Kependudukan dan Pencatatan Sipil", "1", "0", "1", "0"),
    ]
    assert summary.agencies.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    _next(qtbot, wizard)

    # 4. Seal in the background; reports, backup, and where they are.
    seal = wizard.seal_page
    reports = desk.folder / "reports"
    assert str(reports) in seal.plan.text() and REASON in seal.plan.text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    _click(qtbot, seal.seal_button)
    assert seal.running and window.ctx.ops.pending >= 1  # not on the GUI thread
    qtbot.waitUntil(lambda: seal.outcome is not None, timeout=30_000)
    outcome = seal.outcome
    assert outcome is not None and seal.error.text() == ""
    pdf = reports / "day-report-2026-11-26.pdf"
    assert outcome.pdf == pdf and pdf.stat().st_size > 0
    assert (reports / "day-report-2026-11-26.xlsx").stat().st_size > 0
    assert len(list(reports.glob("day-report-2026-11-26-*.csv"))) >= 4
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert day.t3.tracking_no in text  # carried over, in the report
    assert outcome.backup is not None and outcome.backup.exists()
    assert outcome.backup.parent == backup_folder(desk.folder)
    assert outcome.backup.name.endswith("close-2026-11-26.sqlite3")
    assert str(pdf) in seal.result.text()
    opened: list[QUrl] = []
    seal.open_url = opened.append
    _click(qtbot, seal.open_folder_button)
    assert opened == [QUrl.fromLocalFile(str(reports))]
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    _click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: window.day_close is None)

    # The day is sealed in the database, with what was left and why.
    with desk.db.read() as s:
        assert dayclose.is_sealed(s, day=DAY)
        close = dayclose.get_close(s, day=DAY)
        dewi = attendance.sessions(s, start=DAY, end=DAY, officer_id=desk.officer.id)
    assert close is not None and close.closed_by == desk.lead.id and close.reason == REASON
    assert {(i.kind, i.ref) for i in close.acknowledged} == {
        (UNPRINTED, day.t3.tracking_no),
        (NOT_STARTED, day.t3.tracking_no),
    }
    assert close.summary.totals.hours == 14.5
    assert [s.ended_at for s in dewi] == [wib(DAY, 16)]
    # An edit dated on the sealed day is refused by the services.
    with pytest.raises(SealedDayError), desk.db.write() as s:
        tasks.start_processing(s, actor_id=desk.lead.id, task_id=day.t3.id, now=wib(DAY, 17))

    # Opening the wizard again: the day is closed, step 1 says so and will not go on.
    wizard = _open_wizard(qtbot, window)
    choose = wizard.choose_page
    assert choose.chosen_day() == DAY - timedelta(days=1)  # the 25th is still open
    choose.date_edit.setDate(QDate(2026, 11, 26))
    qtbot.waitUntil(lambda: choose.status is not None and choose.status.day == DAY)
    assert "sudah ditutup oleh Bambang Wibowo" in choose.info.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.reject()


def test_a_lead_closes_the_day_through_the_wizard(
    qtbot: QtBot,
    desk: Office,
    day: LeadDay,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
) -> None:
    _close_the_day_through_the_wizard(qtbot, desk, day, window, log_in)


def test_nothing_is_acknowledged_unseen(
    qtbot: QtBot,
    desk: Office,
    day: LeadDay,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
) -> None:
    log_in(window, LEAD_NIP)
    wizard = _open_wizard(qtbot, window)
    _next(qtbot, wizard)
    page = wizard.checks_page
    qtbot.waitUntil(lambda: wizard.checks is not None and not page.loading)
    _click(qtbot, page.leave_all_button)
    qtbot.keyClicks(page.reason_edit, REASON)
    _next(qtbot, wizard)
    qtbot.waitUntil(wizard.summary_page.isComplete)
    _next(qtbot, wizard)
    # Meanwhile a late intake is entered for that day: a receipt nobody saw is unprinted.
    late = intake(desk.db, desk.officer.id, "KEC-NON-03", wib(DAY, 15, 30), 100)
    _click(qtbot, wizard.seal_page.seal_button)
    qtbot.waitUntil(lambda: not wizard.seal_page.running)
    error = wizard.seal_page.error.text()
    assert error.startswith(
        "Kamis, 26 November 2026 belum dapat ditutup: tanda terima belum dicetak: 3, "
    )
    assert "Periksa ulang" in error  # what to do
    assert wizard.seal_page.outcome is None
    with desk.db.read() as s:
        assert not dayclose.is_sealed(s, day=DAY)
    # Back to step 2: the new item is listed, unticked.
    _click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    _click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    assert wizard.currentPage() is page
    _click(qtbot, page.recheck_button)
    qtbot.waitUntil(lambda: wizard.checks is not None and not page.loading)
    row = page.row_for(UNPRINTED, late.tracking_no)
    assert row is not None and row.checkState() == Qt.CheckState.Unchecked
    assert not page.isComplete()


def test_an_officer_gets_no_wizard_and_no_dashboard(
    qtbot: QtBot,
    desk: Office,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
) -> None:
    ws = log_in(window, OFFICER_NIP)
    assert not window.lead_menu.menuAction().isVisible()
    assert not window.day_close_action.isVisible() and not window.dashboard_action.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.day_close is None and ws.dashboard is None
    assert window.open_day_close() is None
    assert window.statusBar().currentMessage() == "Tutup hari hanya untuk koordinator atau admin."
    assert ws.show_dashboard() is None
    assert [ws.tabText(i) for i in range(ws.count())][-1] == "Poin (F4)"
    wait_idle(qtbot, window.ctx.ops)


def test_the_day_close_never_touches_the_database_on_the_gui_thread(
    qtbot: QtBot,
    desk: Office,
    day: LeadDay,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = watch_transactions(desk.db, monkeypatch)
    window = request.getfixturevalue("window")  # built only now: its loads are watched too
    log_in = request.getfixturevalue("log_in")
    _close_the_day_through_the_wizard(qtbot, desk, day, window, log_in)
    by_widgets = opened_by_widgets(seen)
    # Login, day status, checks (x4), reprint, clock-out, summary, seal ...
    assert len(by_widgets) > 12
    # The seal itself, asked for by the wizard's last page:
    assert any("/ui/closing/seal_page.py" in str(where) for _, where in by_widgets)
    assert on_the_gui_thread(seen) == []


def test_close_errors_say_what_to_do_in_english(
    qtbot: QtBot, qapp: QApplication, ctx: DeskContext, desk: Office, tmp_path: Path
) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    ctx = dataclasses.replace(ctx, language="en")  # as `desk-app --language en` runs
    wizard = DayCloseWizard(ctx, desk.lead, ReceiptPrinter(ctx, desk.lead, holder), holder)
    translator = i18n.install_translation(qapp, "en", tmp_path / "cache")
    assert translator is not None
    try:
        sealed = SealedDayError(
            "day.closed_by", day="26-11-2026", by="Bambang Wibowo", at="27-11-2026 10:00"
        )
        assert wizard.seal_page.error_text(sealed) == (
            "Day 26-11-2026 was already closed by Bambang Wibowo on 27-11-2026 10:00. "
            "A sealed day cannot be changed; close this wizard."
        )
        refused = PermissionDenied(
            "officer.role_required", roles="lead/admin", name="Dewi Lestari", role="officer"
        )
        assert wizard.seal_page.error_text(refused) == (
            "Only the lead/admin role may do this; Dewi Lestari is officer. "
            "Ask an officer with the right role. Only a lead or an admin can close the day."
        )
        checks = dayclose.Preconditions(
            day=DAY,
            unprinted_receipts=(dayclose.Outstanding(UNPRINTED, "x", "x"),),
            clocked_in=(),
            not_started=(),
        )
        assert wizard.seal_page.error_text(
            dayclose.DayCloseBlocked("day.close_blocked", checks)
        ).startswith(
            "Thursday, 26 November 2026 cannot be closed yet: receipts not printed: 1. "
            "Go back to step 2, press Check again"
        )
    finally:
        qapp.removeTranslator(translator)
        i18n.install_translation(qapp, "id", tmp_path / "cache")
