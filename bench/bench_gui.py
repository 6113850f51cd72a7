"""GUI benchmark: cold start next to a bare PySide6 window, work queue, scrolling 10,000 rows,
search, dashboard refresh.

Usage: python bench/bench_gui.py [--data-dir DIR] [--days 30] [--runs 5] [--scroll-rows 10000]
                                 [--dashboard-only]
Without --data-dir a demo office is generated in a temporary folder. Prints figures; the
targets are judged by people, never asserted. Runs offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Qt, the app and the bigger stdlib modules are imported where they are used: the cold start
# and bare window children run this file too, and must import no more, and in no other order,
# than they measure.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desk_app.counter.lookup import QueueFilter
    from desk_app.ui.dashboard_page import DashboardPage
    from desk_app.ui.login import LoginPage
    from desk_app.ui.operations import Operations
    from desk_app.ui.queue_model import QueueModel
    from desk_app.ui.workspace import Workspace

READY = "READY"
OPENED = "OPENED"


class StallMeter:
    """The longest time the GUI thread went without serving a 1 ms timer: the worst frame."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self._timer = QTimer()
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self.longest_ms = 0.0

    def _tick(self) -> None:
        gap = self._clock.nsecsElapsed() / 1e6
        self.longest_ms = max(self.longest_ms, gap)
        self._clock.restart()

    def start(self) -> None:
        """Start measuring from now."""
        self.longest_ms = 0.0
        self._clock.start()
        self._timer.start()

    def stop(self) -> float:
        """Stop; the longest gap in milliseconds."""
        self._timer.stop()
        return self.longest_ms


def pump_until(condition: Callable[[], object], timeout: float = 300.0) -> float:
    """Process events until `condition()`; seconds waited."""
    from PySide6.QtCore import QCoreApplication

    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("timed out")
        QCoreApplication.processEvents()
        time.sleep(0.0005)
    return time.perf_counter() - start


def building_into(folder: Path) -> bool:
    """True while bench_core.py is still building an office in `folder`."""
    import subprocess

    found = subprocess.run(["pgrep", "-af", "bench_core.py"], capture_output=True, text=True)
    return any(str(folder) in line for line in found.stdout.splitlines())


# -- cold start ------------------------------------------------------------------------------


def exposed(widget: QWidget) -> bool:
    """True once `widget` has a native window the platform has put on screen."""
    handle = widget.windowHandle()
    return handle is not None and handle.isExposed()


def child_cold_start(folder: Path) -> int:
    """In a fresh process: start the GUI and say READY once the login page is usable."""
    # The app first, so that it loads its modules in its own order (as `desk-app` does).
    from desk_app.ui.app import Launcher

    # isort: split
    from PySide6.QtWidgets import QApplication

    from desk_app.common.clock import system_clock
    from desk_app.ui.operations import tune_interpreter
    from desk_app.ui.settings import UiSettings

    tune_interpreter()
    app = QApplication(sys.argv[:1])
    launcher = Launcher(folder, settings=UiSettings.load(folder), language="id", clock=system_clock)
    # The login page shows before the office has opened (a PIN typed meanwhile waits for it);
    # on an office that needs set-up or an upgrade it comes with the main window instead.
    pages: list[LoginPage] = []
    windows: list[QWidget] = []
    launcher.loginShown.connect(pages.append)

    def opened(window: QWidget) -> None:
        windows.append(window)
        pages.append(window.login)  # type: ignore[attr-defined]

    launcher.windowOpened.connect(opened)
    launcher.start()
    pump_until(lambda: pages)
    page = pages[0]
    pump_until(lambda: exposed(page.window()) and page.officer_box.count() > 0)
    print(READY, flush=True)
    # Then the office opens behind the page: how long until a PIN is checked, and the
    # longest the page stopped answering meanwhile (typing must not stutter).
    meter = StallMeter()
    meter.start()
    pump_until(lambda: windows)
    print(f"{OPENED} {meter.stop():.1f}", flush=True)
    launcher.shutdown()
    del app
    return 0


def child_bare_window() -> int:
    """In a fresh process: a bare PySide6 window with a label; READY once it is on screen."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Loket")
    window.setCentralWidget(QLabel("Masuk", window))
    window.resize(1280, 800)
    window.show()
    pump_until(lambda: exposed(window))
    print(READY, flush=True)
    window.close()
    del app
    return 0


def spawn_until_ready(mode: str, *extra: str, env: dict[str, str] | None = None) -> float:
    """Seconds from spawning `python bench_gui.py <mode>` to its READY line."""
    return spawn_and_time(mode, *extra, env=env)[0]


def spawn_and_time(
    mode: str, *extra: str, env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Seconds to READY and to OPENED (the office usable), and the longest stall between."""
    import subprocess

    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, mode, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    took = opened = None
    stall = 0.0
    for line in child.stdout:
        if line.strip() == READY:
            took = time.perf_counter() - start
            if mode != "--child-cold":
                break
        elif line.startswith(OPENED):
            opened = time.perf_counter() - start
            stall = float(line.split()[1])
            break
    child.wait(60)
    if took is None:
        raise RuntimeError(f"{mode} child exited with {child.returncode} before READY")
    return took, opened or took, stall


def cold_start(
    folder: Path, runs: int
) -> tuple[list[float], list[float], list[tuple[float, float]]]:
    """Seconds to an interactive login page and to a bare PySide6 window, per run.

    The children may write bytecode caches (even under PYTHONDONTWRITEBYTECODE), as an
    installed app does, and one discarded run of each first fills the caches, as on a desk
    that has started before. Then the two alternate, so both see the same load.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    spawn_until_ready("--child-bare", env=env)
    spawn_until_ready("--child-cold", str(folder), env=env)
    cold, bare, behind = [], [], []
    for _ in range(runs):
        bare.append(spawn_until_ready("--child-bare", env=env))
        ready, opened, stall = spawn_and_time("--child-cold", str(folder), env=env)
        cold.append(ready)
        behind.append((opened, stall))
    return cold, bare, behind


# -- in-process measurements ---------------------------------------------------------------


def make_workspace(folder: Path) -> Workspace:
    """A workspace for the first plain officer, without going through the PIN check."""
    from desk_app.common.clock import system_clock
    from desk_app.db.storage import open_database
    from desk_app.office import officers
    from desk_app.ui.context import DeskContext, load_startup_data
    from desk_app.ui.operations import Operations
    from desk_app.ui.settings import UiSettings
    from desk_app.ui.workspace import Workspace

    db = open_database(folder, quick_check=True)
    with db.read() as session:
        data = load_startup_data(session)
        people = officers.list_officers(session)
    officer = next((o for o in people if o.role == "officer"), people[0])
    ctx = DeskContext(
        clock=system_clock,
        db=db,
        ops=Operations(db),
        settings=UiSettings.load(folder),
        desk=data.desk,
        catalogue=data.catalogue,
        data_dir=folder,
    )
    ws = Workspace(ctx, officer)
    ws.resize(1280, 800)
    ws.show()
    pump_until(lambda: ctx.ops.pending == 0)
    gc.freeze()  # as the launcher does once the window is up
    return ws


def open_queue(ws: Workspace, label: str, flt: QueueFilter) -> None:
    """Time the first page and the counts of one queue selection."""
    page = ws.queue
    model = page.model
    meter = StallMeter()
    counted: list[float] = []
    start = time.perf_counter()
    model.countsLoaded.connect(lambda *_: counted.append(time.perf_counter() - start))
    meter.start()
    model.set_filter(flt)
    first = pump_until(lambda: model.rowCount() > 0 or model.exhausted)
    pump_until(lambda: counted and ws.ctx.ops.pending == 0)
    stall = meter.stop()
    model.countsLoaded.disconnect()
    print(
        f"  {label:<34} first page {first * 1000:8.1f} ms   counts {counted[0] * 1000:8.1f} ms"
        f"   rows {model.rowCount():>4}   worst GUI stall {stall:6.1f} ms"
    )


def scroll(ws: Workspace, target: int) -> None:
    """Scroll the table 10 rows at a time down to `target` rows; the slowest frame counts."""
    import statistics

    from PySide6.QtCore import QCoreApplication

    from desk_app.counter.lookup import QueueFilter

    page = ws.queue
    ws.show_queue()
    page.model.set_filter(QueueFilter(sort="received_at", descending=True))
    pump_until(lambda: page.model.rowCount() > 0 and ws.ctx.ops.pending == 0)
    bar = page.table.verticalScrollBar()
    frames: list[float] = []
    waited = 0.0
    meter = StallMeter()
    meter.start()
    start = time.perf_counter()
    row = 0
    while row < target:
        if bar.value() >= bar.maximum():
            if page.model.exhausted:
                break
            before = page.model.rowCount()

            def grown(model: QueueModel = page.model, count: int = before) -> bool:
                return model.rowCount() > count or model.exhausted

            waited += pump_until(grown)
        t0 = time.perf_counter()
        bar.setValue(bar.value() + 10)  # the table scrolls per item: the bar counts rows
        QCoreApplication.processEvents()
        page.table.viewport().repaint()
        frames.append(time.perf_counter() - t0)
        row = page.table.rowAt(page.table.viewport().height() - 1)
        row = row if row >= 0 else page.model.rowCount()
    total = time.perf_counter() - start
    stall = meter.stop()
    frames.sort()
    print(
        f"  scrolled to row {row:,} in {total:.1f} s ({len(frames)} frames of 10 rows; "
        f"{waited:.1f} s waiting for pages)\n"
        f"  frame median {statistics.median(frames) * 1000:.1f} ms, "
        f"p99 {frames[int(len(frames) * 0.99)] * 1000:.1f} ms, "
        f"longest {frames[-1] * 1000:.1f} ms; worst GUI stall {stall:.1f} ms"
    )


def search_latency(ws: Workspace, runs: int) -> None:
    """Time from starting a search to its results on screen, per kind of query."""
    import statistics

    from sqlalchemy import select

    from desk_app.db.models import Applicant, Task
    from desk_app.ui.search import SearchDialog

    with ws.ctx.db.read() as session:
        tracking = session.scalar(select(Task.tracking_no).order_by(Task.received_at.desc()))
        nik = session.scalar(select(Applicant.nik).limit(1))
    assert tracking and nik
    dialog = SearchDialog(ws.ctx, ws)
    dialog.show()
    for label, query in (
        ("tracking number", tracking),
        ("partial tracking number", tracking[:-3]),
        ("NIK", nik),
        ("name prefix 'sri'", "sri"),
        ("name prefix 'budi s'", "budi s"),
    ):
        samples = []
        for _ in range(runs):
            shown: list[int] = []
            dialog.resultsShown.connect(shown.append)
            dialog.query.setText(query)
            start = time.perf_counter()
            dialog.run_search()
            pump_until(shown.copy)
            samples.append(time.perf_counter() - start)
            dialog.resultsShown.disconnect()
        print(
            f"  {label:<26} median {statistics.median(samples) * 1000:7.1f} ms   "
            f"max {max(samples) * 1000:7.1f} ms   results {shown[0]}"
        )


def timed_refresh(page: DashboardPage, ops: Operations) -> tuple[float, float]:
    """Seconds from refresh() to the charts showing the answer, and the worst GUI stall (ms)."""
    loaded: list[float] = []
    meter = StallMeter()
    meter.start()
    start = time.perf_counter()
    page.dashboardLoaded.connect(lambda _data: loaded.append(time.perf_counter() - start))
    page.refresh()
    pump_until(lambda: loaded and ops.pending == 0)
    stall = meter.stop()
    page.dashboardLoaded.disconnect()
    return loaded[0], stall


def dashboard_refresh(ws: Workspace, runs: int) -> None:
    """The lead's dashboard: the query, the chart update, a whole background refresh."""
    import statistics

    from PySide6.QtCore import QCoreApplication

    from desk_app.insights import dashboard
    from desk_app.office import officers
    from desk_app.ui.dashboard_page import DashboardPage

    ctx = ws.ctx
    with ctx.db.read() as session:
        people = officers.list_officers(session)
    lead = next((o for o in people if o.is_lead), people[0])
    page = DashboardPage(ctx, lead)
    page.resize(1280, 760)
    page.show()  # the first refresh starts on show; wait for it, then time fresh ones
    pump_until(lambda: page.data is not None and ctx.ops.pending == 0)
    queries, charts, refreshes, stalls = [], [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        with ctx.db.read() as session:
            data = dashboard.dashboard(session, now=ctx.now())
        queries.append(time.perf_counter() - start)
        start = time.perf_counter()
        page._show(data)  # what the GUI thread does with the answer
        QCoreApplication.processEvents()
        page.repaint()
        charts.append(time.perf_counter() - start)
        took, stall = timed_refresh(page, ctx.ops)
        refreshes.append(took)
        stalls.append(stall)
    assert page.data is not None
    print(
        f"  query (dashboard.dashboard)   median {statistics.median(queries) * 1000:7.1f} ms"
        f"   max {max(queries) * 1000:7.1f} ms\n"
        f"  charts update (GUI thread)    median {statistics.median(charts) * 1000:7.1f} ms"
        f"   max {max(charts) * 1000:7.1f} ms\n"
        f"  refresh, click to charts      median {statistics.median(refreshes) * 1000:7.1f} ms"
        f"   max {max(refreshes) * 1000:7.1f} ms   worst GUI stall {max(stalls):6.1f} ms\n"
        f"  ({sum(page.data.arrivals.today)} arrivals today, {page.data.open_total:,} open, "
        f"{len(page.data.agencies)} agencies, {len(page.data.leaders)} on the leaderboard)"
    )
    page.hide()
    page.deleteLater()


def queue_and_search(ws: Workspace, args: argparse.Namespace) -> None:
    """The counter officer's figures: opening the queue, scrolling it, searching."""
    from desk_app.counter.lookup import QueueFilter
    from desk_app.counter.tasks import OPEN_STATUSES

    print("opening the work queue:")
    today = ws.ctx.today()
    selections = (
        (
            "open tasks by due date (default)",
            QueueFilter(OPEN_STATUSES, sort="due_date", descending=False),
        ),
        ("all tasks, newest first", QueueFilter(sort="received_at", descending=True)),
        ("completed, newest first", QueueFilter(statuses=("completed",), descending=True)),
        ("mine, newest first", QueueFilter(officer_id=ws.officer.id)),
        ("overdue", QueueFilter(overdue_on=today, sort="due_date", descending=False)),
        ("all, by tracking number", QueueFilter(sort="tracking_no", descending=False)),
    )
    for label, flt in selections:
        open_queue(ws, label, flt)
    print(f"scrolling {args.scroll_rows:,} rows (all tasks, newest first):")
    scroll(ws, args.scroll_rows)
    print("search (debounce excluded):")
    search_latency(ws, args.runs)


def main(argv: list[str] | None = None) -> int:
    """Build or reuse an office and print the figures."""
    import statistics

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, help="reuse an existing office")
    parser.add_argument("--days", type=int, default=30, help="days of demo history to generate")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scroll-rows", type=int, default=10_000)
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument("--dashboard-only", action="store_true", help="only the dashboard")
    parser.add_argument("--child-cold", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_cold:
        return child_cold_start(args.child_cold)
    if args.child_bare:
        return child_bare_window()
    from PySide6.QtWidgets import QApplication

    from desk_app import demo
    from desk_app.common.clock import system_clock
    from desk_app.db.storage import open_database
    from desk_app.ui.operations import tune_interpreter

    tmp = tempfile.TemporaryDirectory(prefix="loket-bench-gui-")
    folder: Path = args.data_dir or Path(tmp.name)
    if building_into(folder):
        print(f"bench_core.py is still building {folder}; try again when it is done.")
        return 2
    if args.data_dir is None:
        print(f"generating a demo office of {args.days} days in {folder} …", flush=True)
        db = open_database(folder, create=True)
        summary = demo.generate_demo(
            db, days=args.days, officers_count=6, seed=1, end=system_clock()
        )
        db.dispose()
        print(f"  {summary.tasks:,} tasks")
    if not args.skip_cold and not args.dashboard_only:
        cold, bare, behind = cold_start(folder, args.runs)
        cold_median, bare_median = statistics.median(cold), statistics.median(bare)
        opened = statistics.median(o for o, _ in behind)
        stall = max(s for _, s in behind)
        print(
            f"cold start to an interactive login page: median {cold_median:.2f} s "
            f"(runs: {', '.join(f'{s:.2f}' for s in cold)})\n"
            f"bare PySide6 window, same run:           median {bare_median:.2f} s "
            f"(runs: {', '.join(f'{s:.2f}' for s in bare)})\n"
            f"cold start / bare window: {cold_median / bare_median:.1f}x\n"
            f"office open behind the login page (a PIN is checked): median {opened:.2f} s; "
            f"longest stall of the page meanwhile {stall:.0f} ms"
        )
    tune_interpreter()  # as run_gui does
    app = QApplication(sys.argv[:1])
    ws = make_workspace(folder)
    if not args.dashboard_only:
        queue_and_search(ws, args)
    print("dashboard refresh (lead):")
    dashboard_refresh(ws, args.runs)
    ws.ctx.ops.wait()
    ws.ctx.db.dispose()
    del app
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
