"""Start-up of the counter GUI: open the database, first-run set-up or demo, then the window."""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

# The core (SQLAlchemy, the models, the office) loads before Qt: once PySide6 is imported,
# its import hook reads the source of every newly imported module (looking for
# `from __feature__ import`), which is ~300 files of SQLAlchemy alone.
from desk_app.common.clock import Clock
from desk_app.common.logs import setup_logging
from desk_app.db.engine import Database
from desk_app.db.storage import open_database
from desk_app.office import installation

# isort: split
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from desk_app.ui.context import DeskContext, StartupData, load_startup_data
from desk_app.ui.i18n import install_translation
from desk_app.ui.main_window import MainWindow
from desk_app.ui.messages import describe_error
from desk_app.ui.operations import Operations, tune_interpreter
from desk_app.ui.settings import LANGUAGES, UiSettings

# Only what the login page needs is imported up front; the demo generator and the set-up
# wizard load when this start needs them (tests/ui/test_startup_imports.py keeps it so).
if TYPE_CHECKING:
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


class Launcher(QObject):
    """Opens the office (set-up wizard or demo generation first if needed) and shows the window."""

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
        self._opener = Operations(parent=self)
        self.splash = Splash(self.tr("Membuka database kantor…"))

    def start(self) -> None:
        """Open the database in the background."""
        self.splash.show()
        folder = self.data_dir
        self._opener.run(
            lambda: open_database(folder, create=True, defer_check=True),
            done=self._opened,
            failed=self._fail,
        )

    def shutdown(self) -> None:
        """Wait for running work, then close the database."""
        for ops in (self._opener, self.ops):
            if ops is not None:
                ops.wait(30_000)
        if self.db is not None:
            self.db.dispose()

    def _opened(self, db: Database) -> None:
        self.db = db
        self.ops = Operations(db, parent=self)
        self.ops.read(installation.is_configured, done=self._checked, failed=self._fail)

    def _checked(self, configured: bool) -> None:
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
        assert self.ops is not None
        self.ops.read(load_startup_data, done=self._show_window, failed=self._fail)

    def _show_window(self, data: StartupData) -> None:
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
        self.window = MainWindow(ctx)
        self.window.show()
        # Start-up objects live until exit: keep them out of the collector's full passes,
        # which otherwise show up as a stutter while scrolling a long queue.
        gc.freeze()
        for widget in (self.splash, self.progress, self.wizard):
            if widget is not None:
                widget.hide()
        self.windowOpened.emit(self.window)

    def _fail(self, exc: BaseException) -> None:
        logger.error("start-up failed", exc_info=exc)
        self.splash.hide()
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
