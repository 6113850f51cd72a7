"""The office dashboard: charts over the lead_day.py fixture, refreshed in the background."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from desk_app.ui.context import DeskContext
from desk_app.ui.main_window import MainWindow
from desk_app.ui.widgets.charts import short_label
from desk_app.ui.workspace import Workspace
from tests.conftest import LEAD_NIP, OFFICER_NIP, Office
from tests.days import intake, wib
from tests.ui.lead_day import DAY, LeadDay, build_lead_day


@pytest.fixture
def ctx(ctx: DeskContext) -> DeskContext:
    """The desk at 17:00 on the fixture day."""
    return dataclasses.replace(ctx, clock=lambda: wib(DAY, 17))


@pytest.fixture
def day(desk: Office) -> LeadDay:
    """The fixture day, written through the services."""
    return build_lead_day(desk)


def test_the_dashboard_charts_the_office_and_refreshes_in_the_background(
    qtbot: QtBot,
    desk: Office,
    day: LeadDay,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = log_in(window, LEAD_NIP)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    page = ws.dashboard
    assert page is not None and ws.currentWidget() is page
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)

    # Arrivals: office hours 07-16 as bars, the 4 earlier Thursdays' average as a line.
    bars = page.arrivals.today
    assert page.arrivals.axis_x.categories() == [f"{h:02d}" for h in range(7, 17)]
    assert [bars.at(i) for i in range(bars.count())] == [0, 0, 2, 0, 1, 0, 1, 1, 0, 0]
    line = page.arrivals.average.points()
    assert len(line) == 10 and [p.y() for p in line] == [0, 0, 0, 0.25, 0, 0, 0, 0, 0, 0]
    assert page.arrivals.average.name() == "Rata-rata 4 Kamis sebelumnya"

    # Open and overdue per agency, the one holding work up at the top (drawn last); the
    # office's own open work (T3, T4) is counted in the title, not drawn against them.
    agencies = page.agencies
    assert agencies.axis_names.categories() == [
        short_label("Dinas Kependudukan dan Pencatatan Sipil"),
        "Kepolisian (Polsek/Polres)",
    ]
    assert [agencies.open.at(i) for i in range(agencies.open.count())] == [1, 1]
    assert [agencies.late.at(i) for i in range(agencies.late.count())] == [0, 1]
    assert agencies.chart().title() == "Berkas terbuka di dinas · di kantor: 2 (terlambat 0)"

    # SLA: one point per day that closed anything in the last 30 days (19th and 26th).
    points = page.sla.rate.points()
    assert [round(p.y(), 1) for p in points] == [100.0, 50.0]  # the 26th: T1 on time, T0b late
    assert page.sla.chart().title() == "Kepatuhan SLA, 30 hari terakhir"

    # The month's leaderboard.
    board = page.leaders_model
    assert [board.text(r, 1) for r in range(board.rowCount())] == [
        "Dewi Lestari",
        "Bambang Wibowo",
    ]
    assert board.column(3) == ["10", "6"] and board.column(0) == ["1", "2"]
    assert "Terbuka: <b>4</b>" in page.headline.text()

    # Refresh: the read runs on a pool thread while the GUI carries on.
    threads: list[str] = []
    opener = desk.db.read

    @contextmanager
    def watched() -> Iterator[Session]:
        threads.append(threading.current_thread().name)
        with opener() as session:
            yield session

    reader: Callable[[], AbstractContextManager[Any]] = watched
    monkeypatch.setattr(desk.db, "read", reader)
    intake(desk.db, desk.officer.id, "KEC-NON-03", wib(DAY, 16, 40), 100)
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert page.loading and window.ctx.ops.pending >= 1
    assert not page.refresh_button.isEnabled() and page.status.text() == "Memuat…"
    assert not page.refresh()  # one load at a time
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    assert threads and threading.main_thread().name not in threads
    assert bars.at(9) == 1  # 16:40 arrived
    assert page.status.text() == "Diperbarui 17:00"

    # Every minute on its own while on screen; not while another page shows.
    assert page.timer.isActive() and page.timer.interval() == 60_000
    page.timer.setInterval(30)
    with qtbot.waitSignal(page.dashboardLoaded, timeout=5_000):
        pass
    ws.show_queue()
    assert not page.timer.isActive()


def test_an_officer_has_no_dashboard(
    qtbot: QtBot, window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    ws = log_in(window, OFFICER_NIP)
    window.show_dashboard()
    assert ws.dashboard is None
    assert window.statusBar().currentMessage() == (
        "Dasbor kantor hanya untuk koordinator atau admin."
    )
