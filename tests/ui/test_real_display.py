"""On a real X server at 1366x768 the window fits and the status bar shows; without a
display or the X11 plugin's libraries the desk says so in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_app.ui.desktop_check import desktop_problem, missing_libraries, packages_for, xcb_plugin
from tests.conftest import Office
from tests.helpers import MORNING
from tests.ui import xserver

ROOT = Path(__file__).resolve().parents[2]

# A child process starts the launcher on the X server, as desk-app does, and reports where
# the window and its status bar ended up on the screen.
PROBE = """
import json, sys
from pathlib import Path

from desk_app.ui.app import Launcher

from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtWidgets import QApplication

from desk_app.common.clock import parse_moment, stopped_clock
from desk_app.ui.settings import UiSettings

folder, moment = Path(sys.argv[1]), parse_moment(sys.argv[2])
app = QApplication(sys.argv[:1])
launcher = Launcher(
    folder, settings=UiSettings.load(folder), language="id", clock=stopped_clock(moment)
)
loop = QEventLoop()
windows = []

def settled():
    window = windows[0]
    handle = window.windowHandle()
    if handle is not None and handle.isExposed() and window.login.officer_box.count() > 0:
        loop.exit(0)
    else:
        QTimer.singleShot(10, settled)

launcher.windowOpened.connect(lambda window: (windows.append(window), settled()))
launcher.failed.connect(lambda message: (print(message, file=sys.stderr), loop.exit(1)))
QTimer.singleShot(60_000, lambda: loop.exit(2))
launcher.start()
code = loop.exec()
window = windows[0]
free = window.screen().availableGeometry()
frame = window.frameGeometry()
bar = window.statusBar()
top_left = bar.mapToGlobal(QPoint(0, 0))
report = {
    "code": code,
    "platform": app.platformName(),
    "screen": [free.x(), free.y(), free.width(), free.height()],
    "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
    "status_bar": [top_left.x(), top_left.y(), bar.width(), bar.height()],
    "status_visible": bar.isVisible(),
    "sync_visible": window.sync_label.isVisible(),
}
window.close()
launcher.shutdown()
print(json.dumps(report))
"""


@pytest.fixture
def x_server() -> Iterator[str]:
    """A real X server (Xvfb) with one 1366x768 screen; its DISPLAY."""
    with xserver.x_server("1366x768") as display:
        yield display


def test_the_window_fits_a_1366x768_screen_with_its_status_bar_in_sight(
    desk: Office, x_server: str
) -> None:
    desk.db.dispose()
    env = {**os.environ, "DISPLAY": x_server, "QT_QPA_PLATFORM": "xcb"}
    assert desktop_problem(env) is None  # the plugin's libraries are all there
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(desk.folder), MORNING.isoformat()],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    assert report["platform"] == "xcb"
    sx, sy, sw, sh = report["screen"]
    assert (sw, sh) == (1366, 768)
    fx, fy, fw, fh = report["frame"]
    assert sx <= fx and sy <= fy and fx + fw <= sx + sw and fy + fh <= sy + sh
    _, by, _, bh = report["status_bar"]
    assert report["status_visible"] and report["sync_visible"]
    assert bh > 0 and by + bh <= sy + sh  # the status bar (clock-in, sync) is on screen


def test_no_display_is_one_line_and_no_window(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "desk_app.cli", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "DISPLAY" in lines[0]
    assert "Traceback" not in done.stderr
    # Nothing but the log of the refusal: no office is created for a window that cannot open.
    assert {p.name for p in data_dir.iterdir()} <= {"logs"}


def test_the_plugins_libraries_are_read_with_ldd() -> None:
    plugin = xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    assert missing_libraries(plugin) == []  # this machine has them (scripts/_venv.sh)


def test_a_missing_library_names_the_package_to_install(tmp_path: Path) -> None:
    # The one stand-in here: an ldd reporting a library as missing, as it does on a bare
    # desktop, since no real library can be removed from this machine for a test.
    fake = tmp_path / "bin" / "ldd"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\necho '\tlibxcb-cursor.so.0 => not found'\n"
        "echo '\tlibxcb.so.1 => /usr/lib/libxcb.so.1 (0x0)'\n"
    )
    fake.chmod(0o755)
    env = {"DISPLAY": ":9", "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    old_path = os.environ["PATH"]
    os.environ["PATH"] = env["PATH"]
    try:
        problem = desktop_problem(env)
    finally:
        os.environ["PATH"] = old_path
    assert problem is not None
    text = problem.render()
    assert "libxcb-cursor.so.0" in text and "apt-get install libxcb-cursor0" in text
    assert "\n" not in text
    assert packages_for(["libxcb-cursor.so.0", "libfoo.so.1"]) == ["libfoo.so.1", "libxcb-cursor0"]


def test_offscreen_and_wayland_are_left_to_qt() -> None:
    assert desktop_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert desktop_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    problem = desktop_problem({})
    assert problem is not None and problem.key == "desktop.no_display"
