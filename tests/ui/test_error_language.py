"""Error messages on screen follow the desk's language, through the message catalogue."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from desk_app.ui.context import DeskContext
from desk_app.ui.main_window import MainWindow
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP


def test_a_bad_nik_is_explained_in_english(
    qtbot: QtBot, ctx: DeskContext, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    english = dataclasses.replace(ctx, language="en")  # as `desk-app --language en` runs
    window = MainWindow(english)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.login.officer_box.count() == 3)
    intake = log_in(window, OFFICER_NIP).intake
    intake.picker.choose("KEL-SKT-01")
    qtbot.keyClicks(intake.nik.edit, "3174081302990000")
    assert intake.nik.error() == "The serial number of a NIK cannot be 0000."
    intake.nik.edit.clear()
    qtbot.keyClicks(intake.nik.edit, "9974081205900003")
    assert intake.nik.error() == "Province code 99 in the NIK is unknown."
