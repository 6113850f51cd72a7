"""Attendance at the desk: clock in at login, hours in the status bar and the Jam kerja page."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desk_app.office import attendance
from desk_app.ui.context import DeskContext
from desk_app.ui.hours_dialog import HoursDialog
from desk_app.ui.main_window import MainWindow
from desk_app.ui.widgets.times import to_qdatetime
from desk_app.ui.workspace import Workspace
from tests.conftest import LEAD_NIP, OFFICER_NIP, PIN, Office
from tests.days import wib
from tests.ui.conftest import wait_idle

FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 23)


class Clock:
    """A desk clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    """Friday 27 November 2026, 10:00 in Jakarta."""
    return Clock(wib(FRIDAY, 10))


@pytest.fixture
def ctx(ctx: DeskContext, clock: Clock) -> DeskContext:
    """The desk on the test's clock."""
    return dataclasses.replace(ctx, clock=clock)


def _active(qtbot: QtBot, widget: QWidget) -> None:
    widget.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(widget.isActiveWindow)


def _hours(qtbot: QtBot, window: MainWindow) -> HoursDialog:
    _active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    dialog = window.hours_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.week is not None)
    return dialog


def test_clock_in_at_login_hours_shown_clock_out_when_switching(
    qtbot: QtBot, desk: Office, window: MainWindow, clock: Clock
) -> None:
    window.login.select_nip(OFFICER_NIP)
    qtbot.keyClicks(window.login.pin_edit, PIN)
    qtbot.keyClick(window.login.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.shift.prompt is not None, timeout=10_000)
    prompt = window.shift.prompt
    assert prompt is not None
    assert prompt.text() == "Anda belum absen masuk — absen sekarang?"
    assert prompt.defaultButton().text() == "Absen &masuk"
    qtbot.keyClick(prompt, Qt.Key.Key_Return)  # Enter: the default, yes
    qtbot.waitUntil(lambda: window.shift.state is not None and window.shift.state.clocked_in)
    with desk.db.read() as s:
        shift = attendance.open_session(s, officer_id=desk.officer.id)
    assert shift is not None and shift.started_at == wib(FRIDAY, 10)
    assert window.shift.label.text() == "Masuk sejak 10:00 · 0 jam minggu ini / 37,5"
    assert window.clock_action.text() == "Absen pulang"

    clock.now += timedelta(hours=5, minutes=12)
    window.shift.tick()  # the status bar's minute tick, no reload needed
    assert window.shift.label.text() == "Masuk sejak 10:00 · 5,2 jam minggu ini / 37,5"

    dialog = _hours(qtbot, window)
    assert dialog.days_model.column(0) == [
        "Sen 23/11",
        "Sel 24/11",
        "Rab 25/11",
        "Kam 26/11",
        "Jum 27/11",
        "Sab 28/11",
        "Min 29/11",
    ]
    assert dialog.days_model.column(1) == ["0", "0", "0", "0", "5,2", "0", "0"]
    assert dialog.total_label.text() == (
        "Total 5,2 jam dari 37,5 — kurang 32,3 jam · tertinggal 24,8 jam dari laju minggu ini"
    )  # Friday: four of the week's five working days are gone (4 x 7,5 = 30 hours)
    assert dialog.everyone_box.isHidden() and dialog.correct_button.isHidden()  # not a lead
    assert dialog.sessions_model.rowCount() == 1
    assert dialog.sessions_model.text(0, 2) == "masih masuk"
    dialog.reject()

    # Handing the desk over offers the clock-out; Enter takes it.
    _active(qtbot, window)
    window.switch_officer()
    prompt = window.shift.prompt
    assert prompt is not None
    assert prompt.text() == "Anda masih absen masuk — absen pulang sekarang?"
    qtbot.keyClick(prompt, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.login
    wait_idle(qtbot, window.ctx.ops)
    with desk.db.read() as s:
        assert attendance.open_session(s, officer_id=desk.officer.id) is None
        week = attendance.hours(
            s, officer_id=desk.officer.id, start=MONDAY, end=FRIDAY, now=clock.now
        )
    assert week.on(FRIDAY) == pytest.approx(5.2)


def test_a_lead_sees_every_week_and_corrects_a_session(
    qtbot: QtBot,
    desk: Office,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
    clock: Clock,
) -> None:
    clock.now = wib(FRIDAY, 17)
    with desk.db.write() as s:
        attendance.clock_in(s, officer_id=desk.officer.id, now=wib(MONDAY, 8))
        attendance.clock_out(s, officer_id=desk.officer.id, now=wib(MONDAY, 16))
        attendance.clock_in(s, officer_id=desk.officer.id, now=wib(FRIDAY, 8))
        attendance.clock_out(s, officer_id=desk.officer.id, now=wib(FRIDAY, 12))
    log_in(window, LEAD_NIP)
    dialog = _hours(qtbot, window)
    assert "wajib 37,5 jam per minggu" in dialog.everyone_box.title()
    people = dialog.everyone_model
    assert people.column(0) == [
        "Bambang Wibowo (Koordinator)",
        "Dewi Lestari (Petugas)",
        "Siti Aminah (Admin)",
    ]
    dewi = people.row_of(desk.officer.id)
    assert [people.text(dewi, c) for c in range(1, 10)] == [
        "8",
        "0",
        "0",
        "0",
        "4",
        "0",
        "0",
        "12",
        "kurang 25,5 jam · tertinggal 18 jam dari laju minggu ini",
    ]
    # Friday afternoon: hours are flexible within the week, so behind is not red yet.
    assert people.index(dewi, 0).data(Qt.ItemDataRole.ForegroundRole) is None

    dialog.everyone_table.selectRow(dewi)
    assert dialog.sessions_model.column(1) == ["27/11/2026 08:00", "23/11/2026 08:00"]
    dialog.sessions_table.selectRow(0)
    qtbot.mouseClick(dialog.correct_button, Qt.MouseButton.LeftButton)
    correction = dialog.correction
    assert correction is not None
    correction.end_edit.setDateTime(to_qdatetime(wib(FRIDAY, 16)))
    qtbot.keyClicks(correction.reason_edit, "lupa")
    qtbot.mouseClick(correction.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: correction.ok_button.isEnabled())
    assert correction.error.text() == "Alasan terlalu singkat; tulis minimal 5 huruf."
    qtbot.keyClicks(correction.reason_edit, " absen pulang, pulang 16.00")
    with qtbot.waitSignal(dialog.sessionCorrected, timeout=10_000):
        qtbot.mouseClick(correction.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.text(people.row_of(desk.officer.id), 8) == "16")
    assert people.text(people.row_of(desk.officer.id), 9) == (
        "kurang 21,5 jam · tertinggal 14 jam dari laju minggu ini"
    )
    with desk.db.read() as s:
        friday = attendance.sessions(s, start=FRIDAY, end=FRIDAY, officer_id=desk.officer.id)
    assert [(x.ended_at, x.corrected) for x in friday] == [(wib(FRIDAY, 16), True)]
    assert "dikoreksi" in dialog.sessions_model.column(4)
