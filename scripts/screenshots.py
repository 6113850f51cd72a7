"""Render the main screens of a demo office to docs/screenshots/*.png, offscreen.

Usage: python scripts/screenshots.py [--data-dir DIR] [--out docs/screenshots] [--language id]
                                     [--only sync] [--text-size 150] [--size 1280x720]
Without --data-dir a demo office (30 days, 6 officers, seed 1) is generated in a temporary
folder, its history ending at SHOT_TIME, and the desk's clock stands at that moment: the same
pictures whatever day they are rendered on. The sync pictures enrol the desk with a city
server started on loopback for the run (a SQLite store in the temporary folder).
--text-size renders in large-text mode ("text150-login.png"), --size on another screen
("1280x720-login.png"); the defaults (100%, 1366x768) have no such prefix.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QCoreApplication, QSize, Qt
from PySide6.QtGui import QImage, QImageWriter
from PySide6.QtWidgets import QApplication, QWidget

from desk_app import demo
from desk_app.common.clock import Clock, stopped_clock, system_clock
from desk_app.common.workdays import JAKARTA
from desk_app.counter import lookup, tasks
from desk_app.counter.lookup import QueueFilter
from desk_app.db.storage import open_database
from desk_app.demo import DEMO_PIN
from desk_app.eventlog import kinds
from desk_app.office import officers
from desk_app.ui.app import DEMO_DAYS, DEMO_OFFICERS, DEMO_SEED, Launcher
from desk_app.ui.i18n import install_translation
from desk_app.ui.main_window import MainWindow
from desk_app.ui.screen_fit import apply_text_size
from desk_app.ui.settings import TEXT_SIZES, UiSettings
from desk_app.ui.settings_dialog import SettingsDialog

SIZE = QSize(1366, 768)  # the common laptop screen of a counter PC
WIZARD_SIZE = QSize(1040, 700)
CITY_PORT = 8742  # a fixed port, so the address in the pictures stays the same (else any)
# A Thursday afternoon: a full day of arrivals on the dashboard, yesterday still to close.
SHOT_TIME = datetime(2026, 11, 26, 14, 30, tzinfo=JAKARTA)


def wait_for(condition: Callable[[], object], timeout: float = 120.0) -> None:
    """Process events until `condition()` is true."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the GUI did not get there in time")
        QCoreApplication.processEvents()
        time.sleep(0.005)


def settle(window: MainWindow, seconds: float = 0.3) -> None:
    """Let background operations finish and the widgets repaint."""
    wait_for(lambda: window.ctx.ops.pending == 0)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, path: Path) -> None:
    """Grab a widget into a compact PNG."""
    # 256 colours are plenty for a flat UI and make the files several times smaller.
    image = (
        widget.grab()
        .toImage()
        .convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
    )
    writer = QImageWriter(str(path), QByteArray(b"png"))
    writer.setQuality(0)  # for PNG: the strongest compression
    if not writer.write(image):
        raise OSError(f"cannot write {path}: {writer.errorString()}")
    print(f"{path} ({path.stat().st_size // 1024} KiB)")


def demo_week(folder: Path) -> None:
    """A demo office ending at SHOT_TIME; its officers' attendance comes with it."""
    db = open_database(folder, create=True)
    try:
        demo.generate_demo(
            db, days=DEMO_DAYS, officers_count=DEMO_OFFICERS, seed=DEMO_SEED, end=SHOT_TIME
        )
    finally:
        db.dispose()


def answer_attendance(window: MainWindow, *, clock_in: bool) -> None:
    """Answer the "clock in now?" question the desk asks at login."""
    wait_for(lambda: window.ctx.ops.pending == 0)
    prompt = window.shift.prompt
    if prompt is not None:
        button = prompt.defaultButton() if clock_in else prompt.escapeButton()
        button.click()
    settle(window)


def log_in(window: MainWindow, nip: str, *, clock_in: bool) -> None:
    """Log an officer in with the demo PIN."""
    window.login.select_nip(nip)
    window.login.pin_edit.setText(DEMO_PIN)
    window.login.log_in()
    wait_for(lambda: window.workspace is not None and window.officer is not None)
    wait_for(lambda: window.officer is not None and window.officer.nip == nip)
    answer_attendance(window, clock_in=clock_in)


def lead_screens(window: MainWindow, out: Path, prefix: str) -> None:
    """The shift lead's dashboard and the day close's summary page."""
    with window.ctx.db.read() as session:
        lead = next(o for o in officers.list_officers(session) if o.role == "lead")
    if window.officer is None or window.officer.id != lead.id:
        window.switch_officer()
        log_in(window, lead.nip, clock_in=True)
    ws = window.workspace
    assert ws is not None
    page = ws.show_dashboard()
    assert page is not None
    wait_for(lambda: page.data is not None)
    settle(window, 0.5)
    save(window, out / f"{prefix}dashboard.png")

    wizard = window.open_day_close()
    assert wizard is not None
    wizard.resize(WIZARD_SIZE)
    wait_for(wizard.choose_page.isComplete)
    wizard.next()
    checks = wizard.checks_page
    wait_for(lambda: wizard.checks is not None and not checks.loading)
    checks.leave_all()
    checks.reason_edit.setText("Printer loket 2 rusak; dicetak ulang besok pagi")
    wizard.next()
    wait_for(wizard.summary_page.isComplete)
    settle(window, 0.5)
    save(wizard, out / f"{prefix}day-close.png")
    wizard.reject()


def story_task(window: MainWindow) -> str:
    """A task that went to an agency and came back: a timeline worth showing."""
    with window.ctx.db.read() as session:
        flt = QueueFilter(statuses=(tasks.READY,), sort="received_at", descending=True)
        for task_id in lookup.queue_ids(session, flt=flt, offset=0, limit=200):
            seen = {e.kind for e in lookup.timeline(session, task_id=task_id)}
            if kinds.TASK_FORWARDED in seen and kinds.TASK_RETURNED in seen:
                return task_id
        return lookup.queue_ids(session, flt=flt, offset=0, limit=1)[0]


class City:
    """The city server on loopback, in a thread, for the sync pictures."""

    def __init__(self, folder: Path, clock: Clock) -> None:
        import uvicorn

        from central.api.app import create_app
        from central.store.engine import open_store

        self.clock = clock
        self.store = open_store(f"sqlite:///{folder / 'city.sqlite3'}")
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            self.sock.bind(("127.0.0.1", CITY_PORT))
        except OSError:
            self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(
            create_app(self.store, clock=clock), log_config=None, access_log=False, lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.thread.start()

    def enrolment_code(self, office_code: str) -> str:
        """Register the office and issue a one-time code."""
        from central import offices

        with self.store.transaction() as session:
            offices.register_office(session, office_code=office_code, now=self.clock())
            return offices.issue_code(session, office_code=office_code, now=self.clock())

    def stop(self) -> None:
        """Shut the server down; its port refuses connections from now on."""
        if self.thread.is_alive():
            self.server.should_exit = True
            self.thread.join(timeout=30)
        self.sock.close()
        self.store.dispose()


def sync_screens(window: MainWindow, out: Path, prefix: str, work: Path) -> None:
    """Settings with the desk just enrolled, and the status bar online, then offline."""
    city = City(work, window.ctx.clock)
    try:
        window.open_settings()
        dialog = window.findChild(SettingsDialog)
        assert dialog is not None
        wait_for(lambda: dialog.sync_state is not None)
        dialog.server_edit.setText(city.url)
        dialog.code_edit.setText(city.enrolment_code(window.ctx.desk.office_code))
        dialog.enrol()
        wait_for(lambda: not dialog.enrolling)
        # The first round pushes the demo's whole history to the city.
        wait_for(lambda: window.sync.rounds >= 1 and not window.sync.running)
        settle(window)
        save(dialog, out / f"{prefix}settings.png")
        dialog.reject()
        ws = window.workspace
        assert ws is not None
        ws.show_queue()
        settle(window, 0.5)
        save(window, out / f"{prefix}sync.png")

        # The city goes away; two notes are written; the officer presses F12.
        city.stop()
        task_id = story_task(window)
        assert window.officer is not None
        with window.ctx.db.write() as session:
            for note in ("Pemohon menelepon, menanyakan status", "Dokumen asli sudah dicek"):
                tasks.add_note(
                    session,
                    actor_id=window.officer.id,
                    task_id=task_id,
                    text=note,
                    now=window.ctx.now(),
                )
        rounds = window.sync.rounds
        window.sync_now()
        wait_for(lambda: window.sync.rounds > rounds and not window.sync.running)
        settle(window, 0.5)
        save(window, out / f"{prefix}sync-offline.png")
    finally:
        window.sync.stop()
        city.stop()


def main(argv: list[str] | None = None) -> int:
    """Generate (or open) the office, drive the screens, save the pictures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, help="an existing office (default: a new demo)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--language", choices=("id", "en"), default="id")
    parser.add_argument("--only", choices=("sync",), help="render only these screens")
    parser.add_argument("--text-size", type=int, choices=TEXT_SIZES, default=100)
    parser.add_argument("--size", default="1366x768", help="the window's size, WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    width, _x, height = str(args.size).partition("x")
    size = QSize(int(width), int(height))
    app = QApplication(sys.argv[:1])
    apply_text_size(app, args.text_size)  # as run_gui does, before any window
    tmp = tempfile.TemporaryDirectory(prefix="loket-shots-")
    folder = args.data_dir or Path(tmp.name) / "office"
    clock: Clock = system_clock
    if args.data_dir is None:
        demo_week(folder)
        clock = stopped_clock(SHOT_TIME)
    install_translation(app, args.language, Path(tmp.name) / "cache")
    settings = UiSettings.load(folder)
    settings.set("text_size", args.text_size)
    launcher = Launcher(
        folder,
        settings=settings,
        language=args.language,
        demo=True,
        clock=clock,
    )
    opened: list[MainWindow] = []
    launcher.windowOpened.connect(opened.append)
    launcher.start()
    wait_for(lambda: opened, timeout=600)
    window = opened[0]
    window.resize(size)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    prefix = "" if args.language == "id" else f"{args.language}-"
    if args.text_size != 100:
        prefix += f"text{args.text_size}-"
    if size != SIZE:
        prefix += f"{size.width()}x{size.height()}-"

    wait_for(lambda: window.login.officer_box.count() > 1)
    window.login.officer_box.setCurrentIndex(2)
    settle(window)
    if args.only is None:
        save(window, out / f"{prefix}login.png")

    window.login.pin_edit.setText(DEMO_PIN)
    window.login.log_in()
    wait_for(lambda: window.workspace is not None)
    answer_attendance(window, clock_in=False)
    ws = window.workspace
    assert ws is not None
    if args.only is None:
        officer_screens(window, out, prefix)
        lead_screens(window, out, prefix)
    sync_screens(window, out, prefix, Path(tmp.name))

    window.close()
    launcher.shutdown()
    tmp.cleanup()
    return 0


def officer_screens(window: MainWindow, out: Path, prefix: str) -> None:
    """Intake, queue, detail, search and points of an officer."""
    ws = window.workspace
    assert ws is not None
    intake = ws.intake
    intake.picker.search.setText("kk")
    intake.picker._on_query("kk")
    intake.picker.choose("KEL-DKP-02")
    for box in intake.checklist.boxes[:-1]:
        box.setChecked(True)
    intake.nik.edit.setText("3174084207910004")
    intake.name.edit.setText("Ratna Sari Dewi")
    intake.phone.edit.setText("0812 8765 4321")
    intake.phone.check()
    settle(window)
    save(window, out / f"{prefix}intake.png")

    ws.show_queue()
    wait_for(lambda: ws.queue.model.rowCount() > 0)
    settle(window, 0.5)
    save(window, out / f"{prefix}queue.png")

    ws.open_task(story_task(window))
    wait_for(lambda: ws.detail.task is not None)
    settle(window)
    save(window, out / f"{prefix}detail.png")

    dialog = ws.open_search()
    dialog.query.setText("sri")
    dialog.run_search()
    wait_for(lambda: dialog.model.rowCount() > 0)
    settle(window)
    save(dialog, out / f"{prefix}search.png")
    dialog.hide()

    ws.show_points()
    wait_for(lambda: ws.points.summary is not None)
    settle(window)
    save(window, out / f"{prefix}points.png")


if __name__ == "__main__":
    sys.exit(main())
