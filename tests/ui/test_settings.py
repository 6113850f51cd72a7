"""Settings and shortcuts: declared once, stored as JSON, shown in the menus."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.counter import lookup
from desk_app.ui.main_window import MainWindow
from desk_app.ui.settings import REGISTRY, SETTINGS_FILE, UiSettings
from desk_app.ui.settings_dialog import SettingsDialog
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.ui.conftest import wait_idle


def test_defaults_when_nothing_is_stored(tmp_path: Path) -> None:
    settings = UiSettings.load(tmp_path)
    assert (settings.language, settings.idle_lock_minutes, settings.receipt_layout) == (
        "id",
        5,
        "thermal80",
    )
    assert {s.key: s.default for s in REGISTRY.values()} == settings.snapshot()


def test_round_trip_and_bad_values(tmp_path: Path) -> None:
    settings = UiSettings.load(tmp_path)
    settings.set("language", "en")
    settings.set("idle_lock_minutes", 0)
    with pytest.raises(ValueError):
        settings.set("idle_lock_minutes", -1)
    with pytest.raises(ValueError):
        settings.set("receipt_layout", "letter")
    with pytest.raises(KeyError):
        settings.set("colour", "red")
    settings.save()
    again = UiSettings.load(tmp_path)
    assert (again.language, again.idle_lock_minutes) == ("en", 0)


def test_unknown_or_wrong_stored_values_fall_back(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text(
        json.dumps({"language": "fr", "idle_lock_minutes": "5", "theme": "dark"}), encoding="utf-8"
    )
    settings = UiSettings.load(tmp_path)
    assert (settings.language, settings.idle_lock_minutes) == ("id", 5)
    (tmp_path / SETTINGS_FILE).write_text("{not json", encoding="utf-8")
    assert UiSettings.load(tmp_path).language == "id"


def test_settings_dialog_saves_in_the_background(
    qtbot: QtBot, window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    log_in(window, OFFICER_NIP)
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    dialog.idle_box.setValue(12)
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("en"))
    dialog.accept()
    qtbot.waitUntil(lambda: (window.ctx.data_dir / SETTINGS_FILE).exists())
    wait_idle(qtbot, window.ctx.ops)
    stored = json.loads((window.ctx.data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert (stored["idle_lock_minutes"], stored["language"]) == (12, "en")
    assert window.idle.active  # counting with the new time while someone works
    assert window.ctx.language == "id"  # the running session keeps its language


def test_menus_show_the_shortcuts(window: MainWindow) -> None:
    expected = {
        "Penerimaan baru": "F2",
        "Antrean kerja": "F3",
        "Poin": "F4",
        "Cari berkas…": "Ctrl+K",
        "Kunci layar": "Ctrl+L",
        "Simpan": "Ctrl+S",
    }
    actions = {a.text(): a for a in window.actions()}
    for text, key in expected.items():
        assert actions[text].shortcut().toString() == key
        assert actions[text].toolTip() == f"{text} ({key})"


def test_ctrl_s_saves_the_intake_from_anywhere(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    ws = log_in(window, OFFICER_NIP)
    ws.intake.picker.choose("KEL-SKT-01")
    qtbot.keyClicks(ws.intake.nik.edit, "3174085205900003")
    qtbot.keyClicks(ws.intake.name.edit, "Budi Santoso")
    ws.show_queue()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert ws.currentWidget() is ws.intake
    qtbot.waitUntil(lambda: ws.intake.last_result is not None)
    with desk.db.read() as session:
        assert lookup.queue_count(session, flt=lookup.QueueFilter()) == 1
