"""GUI fixtures: a desk context over the test office, a main window, logging in, a city."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.ui.context import DeskContext, load_startup_data
from desk_app.ui.main_window import MainWindow
from desk_app.ui.operations import Operations
from desk_app.ui.print_receipt import no_printer
from desk_app.ui.settings import UiSettings
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICE_CODE, PIN, Office
from tests.helpers import MORNING, ManualClock
from tests.ui import cups

if TYPE_CHECKING:
    import uvicorn

    from central.store.engine import Store


@pytest.fixture
def ctx(desk: Office, clock: ManualClock) -> Iterator[DeskContext]:
    """Everything a screen needs, over the fresh test office."""
    ops = Operations(desk.db)
    with desk.db.read() as session:
        data = load_startup_data(session)
    yield DeskContext(
        db=desk.db,
        ops=ops,
        settings=UiSettings.load(desk.folder),
        desk=data.desk,
        catalogue=data.catalogue,
        data_dir=desk.folder,
        clock=clock,
        printers=no_printer,  # no test reaches a real printer; tests that print pass one in
    )
    ops.wait(30_000)


@pytest.fixture
def window(ctx: DeskContext, qtbot: QtBot) -> MainWindow:
    """The main window showing its login page, officers loaded."""
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.waitUntil(lambda: win.login.officer_box.count() == 3)
    return win


def wait_idle(qtbot: QtBot, ops: Operations, timeout: int = 10_000) -> None:
    """Wait until no background operation is in flight."""
    qtbot.waitUntil(lambda: ops.pending == 0, timeout=timeout)


@pytest.fixture
def log_in(qtbot: QtBot) -> Callable[[MainWindow, str], Workspace]:
    """Log an officer in through the login page, by typing their PIN."""

    def do(win: MainWindow, nip: str, pin: str = PIN) -> Workspace:
        win.login.select_nip(nip)
        win.login.pin_edit.clear()
        qtbot.keyClicks(win.login.pin_edit, pin)
        qtbot.mouseClick(win.login.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: win.workspace is not None and win.stack.currentWidget() is win.workspace,
            timeout=10_000,
        )
        assert win.workspace is not None
        wait_idle(qtbot, win.ctx.ops)
        prompt = win.shift.prompt
        if prompt is not None:  # "not clocked in yet — clock in now?": not today, thanks
            qtbot.mouseClick(prompt.escapeButton(), Qt.MouseButton.LeftButton)
            assert win.shift.prompt is None
            win.activateWindow()  # shortcuts only reach the active window
            qtbot.waitUntil(win.isActiveWindow)
        return win.workspace

    return do


@dataclass
class LocalCity:
    """A real city server on loopback, with its own clock (the desk's and the city's may differ)."""

    url: str
    store: Store
    clock: ManualClock
    server: uvicorn.Server
    thread: threading.Thread
    sock: socket.socket

    def enrolment_code(self, office_code: str = OFFICE_CODE) -> str:
        """Register the office if needed and issue a one-time code."""
        from central import offices

        with self.store.transaction() as session:
            known = {o.office_code for o in offices.list_offices(session)}
            if office_code not in known:
                offices.register_office(session, office_code=office_code, now=self.clock())
            return offices.issue_code(session, office_code=office_code, now=self.clock())

    def revoke(self, device_id: str, office_code: str = OFFICE_CODE) -> None:
        """The city's administrator revokes a desk."""
        from central import offices

        with self.store.transaction() as session:
            offices.revoke(session, office_code=office_code, device_id=device_id, now=self.clock())

    def events(self) -> set[tuple[str, int, str]]:
        """(uuid, seq, hash) of every event the city holds."""
        from sqlalchemy import select

        from central.store.models import StoredEvent

        with self.store.transaction() as session:
            rows = session.execute(select(StoredEvent.uuid, StoredEvent.seq, StoredEvent.hash))
            return {(u, s, h) for u, s, h in rows}

    def stop(self) -> None:
        """Shut the server down: from now on its port refuses connections."""
        if self.thread.is_alive():
            self.server.should_exit = True
            self.thread.join(timeout=30)
        self.sock.close()


@pytest.fixture
def city(tmp_path: Path) -> Iterator[LocalCity]:
    """The city's API served by uvicorn in a thread, on a socket bound before it starts."""
    import uvicorn

    from central.api.app import create_app
    from central.store.engine import open_store

    store = open_store(f"sqlite:///{tmp_path / 'city.sqlite3'}")
    clock = ManualClock(MORNING)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)  # connections queue here until the server accepts them: no waiting
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(store, clock=clock), log_config=None, access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    local = LocalCity(f"http://127.0.0.1:{port}", store, clock, server, thread, sock)
    yield local
    local.stop()
    store.dispose()


@pytest.fixture(scope="session")
def cups_ready() -> None:
    """CUPS with cups-pdf installed and cupsd running, as scripts/_venv.sh sets it up."""
    if os.geteuid() != 0:
        pytest.skip("printing through CUPS needs root (apt-get, cupsd, lpadmin)")
    if any(shutil.which(tool) is None for tool in cups.TOOLS):
        cups.must("apt-get", "update", "-qq")
        cups.must("apt-get", "install", "-y", "-qq", "--no-install-recommends", *cups.PACKAGES)
    missing = [tool for tool in cups.TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"CUPS set-up failed: still missing {', '.join(missing)}")
    if not cups.scheduler_running():
        cups.must("cupsd")  # forks into the background once it listens
    for _attempt in range(200):  # bounded: cupsd answers within a moment of starting
        if cups.scheduler_running():
            return
        cups.run("lpstat", "-r")
    pytest.fail("CUPS set-up failed: cupsd does not answer")


@pytest.fixture
def make_queue(cups_ready: None) -> Iterator[Callable[[], cups.Queue]]:
    """Adds fresh cups-pdf queues; removes them (and restores the default) afterwards."""
    made: list[cups.Queue] = []
    default = cups.run("lpstat", "-d").stdout.strip().rpartition(": ")[2]

    def make() -> cups.Queue:
        queue = cups.Queue(f"LoketTest_{uuid.uuid4().hex[:10]}")
        cups.must("lpadmin", "-p", queue.name, "-E", "-v", "cups-pdf:/", *cups.ppd_options())
        made.append(queue)
        return queue

    yield make
    for queue in made:
        cups.run("cancel", "-a", queue.name)
        for job in queue.jobs():
            out = queue.output(job)
            if out is not None:
                out.unlink()
        cups.run("lpadmin", "-x", queue.name)
    if default and default != "no system default destination":
        cups.run("lpadmin", "-d", default)
