"""Start-up: the first-run wizard, and a demo office generated in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desk_app.common.paths import database_path
from desk_app.db.storage import open_database
from desk_app.office import installation, officers
from desk_app.office.roster import read_roster
from desk_app.ui.app import Launcher
from desk_app.ui.login import LoginPage
from desk_app.ui.main_window import MainWindow
from desk_app.ui.operations import Operations
from desk_app.ui.settings import UiSettings
from tests.conftest import PIN, Office
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


def test_the_login_page_takes_a_pin_before_the_office_is_open(
    qtbot: QtBot, desk: Office, clock: ManualClock
) -> None:
    roster = read_roster(database_path(desk.folder))
    assert roster is not None
    page = LoginPage(None, clock=clock, office_name="Pengadegan", language="id")
    qtbot.addWidget(page)
    page.show_roster(roster.officers)
    page.select_nip(desk.officer.nip)
    qtbot.keyClicks(page.pin_edit, PIN)
    qtbot.keyClick(page.pin_edit, Qt.Key.Key_Return)
    assert page.message.text() == "Memeriksa PIN…"  # waiting for the office, PIN kept
    ops = Operations(desk.db)
    with qtbot.waitSignal(page.loggedIn, timeout=10_000) as signed_in:
        page.attach(ops)
    assert signed_in.args[0].id == desk.officer.id
    ops.wait()


def test_the_main_window_takes_over_the_early_login_page(qtbot: QtBot, desk: Office) -> None:
    desk.db.dispose()
    launcher = Launcher(
        desk.folder, settings=UiSettings.load(desk.folder), language="id", clock=ManualClock()
    )
    shown: list[LoginPage] = []
    launcher.loginShown.connect(shown.append)
    try:
        launcher.start()
        assert len(shown) == 1  # at once, before the database has opened
        page = shown[0]
        assert page.officer_box.count() == 3
        page.select_nip(desk.officer.nip)
        qtbot.keyClicks(page.pin_edit, PIN)
        with qtbot.waitSignal(launcher.windowOpened, timeout=15_000) as opened:
            pass
        window = opened.args[0]
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        assert window.login is page
        assert page.pin_edit.text() == PIN  # nothing typed is lost in the hand-over
        assert page.selected_officer() is not None
        assert page.selected_officer().nip == desk.officer.nip  # type: ignore[union-attr]
        with qtbot.waitSignal(window.officerChanged, timeout=10_000):
            qtbot.keyClick(page.pin_edit, Qt.Key.Key_Return)
        assert window.officer is not None and window.officer.id == desk.officer.id
        window.close()  # while the launcher's operations still exist
    finally:
        launcher.shutdown()
