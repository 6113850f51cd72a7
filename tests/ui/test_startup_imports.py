"""Start-up stays light: the login page comes up without the modules only later screens need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Office
from tests.helpers import MORNING

# Loaded when a screen or a command needs them, never before the login page.
LATER = (
    "alembic",  # only when the database's revision is not migrate.HEAD_REVISION
    "mako",
    "desk_app.demo",  # only when --demo has an office to generate
    "desk_app.closing.reports",
    "reportlab",
    "openpyxl",
    "qrcode",
    "PySide6.QtCharts",
)

# A fresh interpreter starts the GUI as `desk-app` does (the app module first, then Qt),
# runs the launcher up to a login page listing the officers, and reports what it loaded.
PROBE = """
import json, sys
from pathlib import Path

from desk_app.ui.app import Launcher

from PySide6.QtCore import QEventLoop, QTimer
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
early = {}

def login_shown(page):
    early["officers"] = page.officer_box.count()
    early["modules"] = sorted(sys.modules)

def listed():
    login = windows[0].login
    if login.officer_box.count() > 0:
        loop.exit(0)
    else:
        QTimer.singleShot(5, listed)

launcher.loginShown.connect(login_shown)
launcher.windowOpened.connect(lambda window: (windows.append(window), listed()))
launcher.failed.connect(lambda message: (print(message, file=sys.stderr), loop.exit(1)))
launcher.start()
code = loop.exec()
officers = windows[0].login.officer_box.count() if windows else 0
loaded = sorted(sys.modules)
launcher.shutdown()
print(json.dumps({"code": code, "officers": officers, "modules": loaded, "early": early}))
"""


def _start_up(folder: Path) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder), MORNING.isoformat()],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_the_login_page_comes_up_without_migrations_demo_reports_or_charts(desk: Office) -> None:
    report = _start_up(desk.folder)
    assert report["code"] == 0
    assert report["officers"] == 3  # the login page really is up, listing the officers
    modules = set(report["modules"])  # type: ignore[call-overload]
    assert "desk_app.ui.main_window" in modules
    assert "desk_app.ui.login" in modules
    early = sorted(
        name for name in modules if any(name == m or name.startswith(f"{m}.") for m in LATER)
    )
    assert early == []
    # The workspace (intake, queue, receipts) loads when an officer logs in.
    assert "desk_app.ui.workspace" not in modules


def test_the_login_page_shows_before_the_orm_and_the_main_window_load(desk: Office) -> None:
    report = _start_up(desk.folder)
    early = report["early"]
    assert isinstance(early, dict)
    assert early["officers"] == 3  # the roster came from plain sqlite3
    modules = set(early["modules"])
    assert "desk_app.ui.login" in modules
    # Everything the PIN check needs loads behind the page, on a worker.
    for later in ("sqlalchemy", "desk_app.db.models", "desk_app.ui.main_window", "alembic"):
        assert later not in modules
    # ...and the main window took the page over once the office was open.
    assert report["officers"] == 3
