"""Start-up of the kiosk and of the display board: each its own full-screen window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desk_app.common.clock import Clock
from desk_app.common.logs import setup_logging
from desk_app.ui.i18n import install_translation
from desk_app.ui.operations import Operations, tune_interpreter
from desk_app.ui.settings import LANGUAGES, UiSettings

if TYPE_CHECKING:
    from desk_app.db.engine import Database

logger = logging.getLogger(__name__)

KIOSK = "kiosk"
DISPLAY = "display"


def _open(folder: Path) -> Database:
    from desk_app.db.storage import open_database

    return open_database(folder)


def build_screen(
    which: str, db: Database, *, data_dir: Path, clock: Clock, language: str
) -> QWidget:
    """The kiosk or the display board over an open database."""
    ops = Operations(db)
    if which == KIOSK:
        from desk_app.ui.context import system_printer
        from desk_app.ui.kiosk import KioskWindow

        kiosk = KioskWindow(
            ops=ops, clock=clock, data_dir=data_dir, printers=system_printer, language=language
        )
        ops.setParent(kiosk)
        return kiosk
    from desk_app.ui.display_board import Announcer, DisplayBoard

    announcer = Announcer(sound_dir=data_dir / "cache")
    board = DisplayBoard(ops=ops, clock=clock, announcer=announcer, language=language)
    announcer.setParent(board)
    ops.setParent(board)
    board.start()
    return board


def run_screen(
    which: str, data_dir: Path, *, clock: Clock, language: str | None = None, windowed: bool = False
) -> int:
    """Run the kiosk or the display board on `data_dir` until its window closes."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    tune_interpreter()
    app.setApplicationName("Loket")
    setup_logging(data_dir)
    settings = UiSettings.load(data_dir)
    chosen = language or settings.language
    if chosen not in LANGUAGES:
        chosen = "id"
    install_translation(app, chosen, data_dir / "cache")
    opener = Operations()
    screens: list[QWidget] = []
    dbs: list[Database] = []

    def opened(db: Database) -> None:
        dbs.append(db)
        screen = build_screen(which, db, data_dir=data_dir, clock=clock, language=chosen)
        screens.append(screen)
        if windowed:
            screen.resize(1024, 700)
            screen.show()
        else:
            screen.showFullScreen()

    def failed(exc: BaseException) -> None:
        logger.error("the %s could not open the office database", which, exc_info=exc)
        QMessageBox.critical(None, "Loket", str(exc))
        app.exit(1)

    opener.run(lambda: _open(data_dir), done=opened, failed=failed)
    try:
        return int(app.exec())
    finally:
        opener.wait(30_000)
        for db in dbs:
            db.dispose()
