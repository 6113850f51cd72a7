"""Start-up: the first-run wizard, and a demo office generated in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desk_app.db.storage import open_database
from desk_app.office import installation, officers
from desk_app.ui.app import Launcher
from desk_app.ui.main_window import MainWindow
from desk_app.ui.settings import UiSettings
from tests.helpers import ManualClock


def _launcher(qtbot: QtBot, folder: Path, **kw: object) -> Launcher:
    launcher = Launcher(
        folder,
        settings=UiSettings.load(folder),
        language="id",
        clock=ManualClock(),
        **kw,  # type: ignore[arg-type]
    )
    launcher.start()
    return launcher


def test_first_run_wizard_sets_up_the_office(qtbot: QtBot, data_dir: Path) -> None:
    launcher = _launcher(qtbot, data_dir)
    try:
        qtbot.waitUntil(lambda: launcher.wizard is not None and launcher.wizard.isVisible())
        wizard = launcher.wizard
        assert wizard is not None
        page = wizard.office_page
        qtbot.waitUntil(lambda: len(page.choices) > 300)
        assert not page.isComplete()
        qtbot.keyClicks(page.edit, "pengadeg")
        matches = [c for c in page.choices if "pengadeg" in c.casefold()]
        assert matches == ["Pengadegan — Kelurahan, Pancoran (31.74.08.1005)"]
        page.edit.setText(matches[0])  # as picking it from the type-ahead popup does
        assert page.isComplete()
        wizard.next()
        admin = wizard.admin_page
        qtbot.keyClicks(admin.nip.edit, "198001012005011001")
        qtbot.keyClicks(admin.name.edit, "Siti Aminah")
        qtbot.keyClicks(admin.pin.edit, "482915")
        qtbot.keyClicks(admin.pin_again.edit, "482916")
        wizard.button(QWizard.WizardButton.FinishButton).click()
        assert admin.pin_again.error() == "PIN tidak sama dengan yang pertama."
        admin.pin_again.edit.clear()
        qtbot.keyClicks(admin.pin_again.edit, "482915")
        with qtbot.waitSignal(launcher.windowOpened, timeout=15_000) as opened:
            wizard.button(QWizard.WizardButton.FinishButton).click()
        window = opened.args[0] if opened.args else None
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        assert window.ctx.desk.office_code == "31.74.08.1005"
        qtbot.waitUntil(lambda: window.login.officer_box.count() == 1)
        assert window.login.officer_box.itemText(0).startswith("Siti Aminah")
    finally:
        launcher.shutdown()
    db = open_database(data_dir)
    with db.read() as session:
        assert installation.is_configured(session)
        assert [o.role for o in officers.list_officers(session)] == ["admin"]
    db.dispose()


def test_demo_office_is_generated_in_the_background(qtbot: QtBot, data_dir: Path) -> None:
    launcher = _launcher(qtbot, data_dir, demo=True, demo_days=3)
    try:
        qtbot.waitUntil(lambda: launcher.progress is not None, timeout=10_000)
        assert launcher.progress is not None
        assert launcher.progress.windowModality() == Qt.WindowModality.ApplicationModal
        with qtbot.waitSignal(launcher.windowOpened, timeout=60_000) as opened:
            pass
        window = opened.args[0] if opened.args else None
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        assert launcher.progress.value() == 3
        assert "246810" in window.login.hint.text()
        qtbot.waitUntil(lambda: window.login.officer_box.count() == 7)  # admin + 6 officers
    finally:
        launcher.shutdown()
