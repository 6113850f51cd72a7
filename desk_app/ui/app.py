"""Start-up of the counter GUI: open the database, first-run set-up or demo, then the window.

An ordinary start shows the login page first, from a roster read with plain sqlite3, and
opens the office (SQLAlchemy, migrations check, catalogue) on a worker while the PIN is
typed; the main window then takes the page over, PIN and all.
"""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from desk_app.common.clock import Clock
from desk_app.common.logs import setup_logging
from desk_app.common.paths import database_path
from desk_app.demo_facts import DEMO_PIN
from desk_app.office.roster import Roster, read_roster
from desk_app.ui.formatting import level_label
from desk_app.ui.i18n import install_translation
from desk_app.ui.login import LoginPage
from desk_app.ui.operations import Operations, tune_interpreter
from desk_app.ui.screen_fit import apply_text_size, fit_to_screen
from desk_app.ui.settings import LANGUAGES, UiSettings

# Only what the login page needs is imported up front: the ORM and the main window load on
# a worker, the demo generator and the set-up wizard when this start needs them
# (tests/ui/test_startup_imports.py keeps it so).
if TYPE_CHECKING:
    from desk_app.db.engine import Database
    from desk_app.ui.context import StartupData
    from desk_app.ui.main_window import MainWindow
    from desk_app.ui.setup_wizard import SetupWizard

logger = logging.getLogger(__name__)

DEMO_DAYS = 30
DEMO_OFFICERS = 6
DEMO_SEED = 1


class Splash(QWidget):
    """A small window saying what start-up is doing."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.setWindowTitle("Loket")
        self.label = QLabel(text, self)
        bar = QProgressBar(self)
        bar.setRange(0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(bar)
        self.resize(360, 90)


def open_office(folder: Path) -> tuple[Database, bool]:
    """Open the office database and say whether set-up has run (on a worker)."""
    # The main window's modules load here too, off the GUI thread, while a PIN is typed.
    import desk_app.ui.main_window  # noqa: F401
    from desk_app.db.storage import open_database
    from desk_app.office import installation

    db = open_database(folder, create=True, defer_check=True)
    with db.read() as session:
        return db, installation.is_configured(session)


class StartWindow(QMainWindow):
    """The login page on its own, shown while the office opens."""

    def __init__(self, roster: Roster, *, clock: Clock, language: str, demo: bool) -> None:
        super().__init__()
        title = QCoreApplication.translate("MainWindow", "Loket — %1")
        self.setWindowTitle(title.replace("%1", roster.office_name))
        fit_to_screen(self)
        self.login = LoginPage(
            None,
            clock=clock,
            office_name=f"{level_label(roster.office_level)} {roster.office_name}",
            demo_pin=DEMO_PIN if demo else "",
            language=language,
            parent=self,
        )
        self.login.show_roster(roster.officers)
        self.setCentralWidget(self.login)
        self.login.prepare()


class Launcher(QObject):
    """Opens the office (set-up wizard or demo generation first if needed) and shows the window."""

    loginShown = Signal(object)  # the LoginPage, as soon as an officer can use it
    windowOpened = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        data_dir: Path,
        *,
        settings: UiSettings,
        language: str,
        demo: bool = False,
        demo_days: int = DEMO_DAYS,
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.data_dir = data_dir
        self.settings = settings
        self.language = language
        self.demo = demo
        self.demo_days = demo_days
        self.db: Database | None = None
        self.ops: Operations | None = None
        self.window: MainWindow | None = None
        self.wizard: SetupWizard | None = None
        self.progress: QProgressDialog | None = None
        self.start_window: StartWindow | None = None
        self._opener = Operations(parent=self)
        self.splash = Splash(self.tr("Membuka database kantor…"))

    def start(self) -> None:
        """Show the login page (or a splash), and open the database in the background."""
        roster = read_roster(database_path(self.data_dir))
        if roster is not None and roster.officers:
            self.start_window = StartWindow(
                roster, clock=self.clock, language=self.language, demo=self.demo
            )
            self.start_window.show()
            self.loginShown.emit(self.start_window.login)
        else:
            self.splash.show()
        folder = self.data_dir
        self._opener.run(lambda: open_office(folder), done=self._opened, failed=self._fail)

    def shutdown(self) -> None:
        """Wait for running work, then close the database."""
        for ops in (self._opener, self.ops):
            if ops is not None:
                ops.wait(30_000)
        if self.db is not None:
            self.db.dispose()

    def _opened(self, opened: tuple[Database, bool]) -> None:
        self.db, configured = opened
        self.ops = Operations(self.db, parent=self)
        if configured:
            self._load()
        elif self.demo:
            self._generate_demo()
        else:
            self._run_wizard()

    def _run_wizard(self) -> None:
        assert self.ops is not None
        from desk_app.ui.setup_wizard import SetupWizard

        self.wizard = SetupWizard(self.ops, clock=self.clock)
        self.wizard.officeConfigured.connect(lambda _admin: self._load())
        self.wizard.rejected.connect(lambda: self.failed.emit(""))
        self.wizard.show()
        self.splash.hide()

    def _generate_demo(self) -> None:
        assert self.ops is not None and self.db is not None
        from desk_app import demo as demo_data

        db, days = self.db, self.demo_days
        self.progress = QProgressDialog(
            self.tr("Membuat kantor demo (%1 hari riwayat)…").replace("%1", str(days)), "", 0, days
        )
        self.progress.setWindowTitle("Loket")
        self.progress.setCancelButton(None)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoReset(False)  # hidden by us once the window opens
        self.progress.setAutoClose(False)
        self.progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.progress.show()
        self.splash.hide()
        self.ops.run_reporting(
            lambda report: demo_data.generate_demo(
                db,
                days=days,
                officers_count=DEMO_OFFICERS,
                seed=DEMO_SEED,
                end=self.clock(),
                progress=report,
            ),
            progress=self._on_progress,
            done=lambda _summary: self._load(),
            failed=self._fail,
        )

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _load(self) -> None:
        from desk_app.ui.context import load_startup_data

        assert self.ops is not None
        self.ops.read(load_startup_data, done=self._show_window, failed=self._fail)

    def _show_window(self, data: StartupData) -> None:
        from desk_app.ui.context import DeskContext
        from desk_app.ui.main_window import MainWindow

        assert self.ops is not None and self.db is not None
        ctx = DeskContext(
            db=self.db,
            ops=self.ops,
            settings=self.settings,
            desk=data.desk,
            catalogue=data.catalogue,
            data_dir=self.data_dir,
            language=self.language,
            demo=self.demo,
            clock=self.clock,
        )
        early = self.start_window
        if early is None:
            self.window = MainWindow(ctx)
            self.window.show()
        else:
            # The window takes over the page already in use: same place, same PIN, same focus.
            focused = QApplication.focusWidget()
            early.takeCentralWidget()
            self.window = MainWindow(ctx, login=early.login)
            self.window.setGeometry(early.geometry())
            self.window.show()
            early.close()
            early.deleteLater()
            self.start_window = None
            if focused is not None and self.window.isAncestorOf(focused):
                focused.setFocus()
        # Start-up objects live until exit: keep them out of the collector's full passes,
        # which otherwise show up as a stutter while scrolling a long queue.
        gc.freeze()
        for widget in (self.splash, self.progress, self.wizard):
            if widget is not None:
                widget.hide()
        self.windowOpened.emit(self.window)

    def _fail(self, exc: BaseException) -> None:
        from desk_app.ui.messages import describe_error

        logger.error("start-up failed", exc_info=exc)
        self.splash.hide()
        if self.start_window is not None:
            self.start_window.hide()
        if self.progress is not None:
            self.progress.hide()
        self.failed.emit(describe_error(exc, self.language))


def run_gui(
    data_dir: Path, *, clock: Clock, demo: bool = False, language: str | None = None
) -> int:
    """Run the counter GUI on `data_dir`; `language` ("id"/"en") overrides the saved setting."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    tune_interpreter()
    app.setApplicationName("Loket")
    app.setApplicationDisplayName("Loket")
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_logging(data_dir)
    settings = UiSettings.load(data_dir)
    chosen = language or settings.language
    if chosen not in LANGUAGES:
        logger.warning("unknown language %r; using Indonesian", chosen)
        chosen = "id"
    install_translation(app, chosen, data_dir / "cache")
    apply_text_size(app, settings.text_size)
    app.setQuitOnLastWindowClosed(False)
    launcher = Launcher(data_dir, settings=settings, language=chosen, demo=demo, clock=clock)

    def on_failed(message: str) -> None:
        if message:
            QMessageBox.critical(None, "Loket", message)
        app.exit(1)

    def on_opened(_window: object) -> None:
        app.setQuitOnLastWindowClosed(True)

    launcher.failed.connect(on_failed)
    launcher.windowOpened.connect(on_opened)
    launcher.start()
    try:
        return int(app.exec())
    finally:
        launcher.shutdown()
