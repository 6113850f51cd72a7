"""The work queue: lazy pages, counts, sorting, filters and the overdue / due-soon colours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from desk_app.counter import lookup, tasks
from desk_app.counter.lookup import QueueFilter
from desk_app.counter.tasks import OPEN_STATUSES
from desk_app.ui.context import DeskContext
from desk_app.ui.main_window import MainWindow
from desk_app.ui.queue_model import PAGE_SIZE, QueueModel
from desk_app.ui.theme import DUE_SOON_BRUSH, OVERDUE_BRUSH
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import MORNING
from tests.ui.conftest import wait_idle

NIK = "3174085205900003"


def _receive(session: Session, actor: str, service: str, days_ago: int = 0) -> tasks.TaskView:
    return tasks.receive_task(
        session,
        actor_id=actor,
        service_code=service,
        nik=NIK,
        name="Budi Santoso",
        now=MORNING - timedelta(days=days_ago, minutes=1),
    )


@pytest.fixture
def busy(desk: Office) -> Office:
    """450 open tasks: 449 of them fresh, taken by the lead, one 30 days overdue by the officer."""
    with desk.db.write() as session:
        _receive(session, desk.officer.id, "KEL-SKT-01", days_ago=30)
        for _ in range(449):
            _receive(session, desk.lead.id, "KEL-SKT-02")
    return desk


def test_model_fetches_one_page_at_a_time(
    qtbot: QtBot, busy: Office, ctx: DeskContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[int, int]] = []
    real = lookup.queue_ids

    def spy(session: Session, *, flt: QueueFilter, offset: int, limit: int) -> list[str]:
        asked.append((offset, limit))
        return real(session, flt=flt, offset=offset, limit=limit)

    monkeypatch.setattr(lookup, "queue_ids", spy)
    model = QueueModel(ctx.ops, catalogue=ctx.catalogue, language="id", today=ctx.today)
    with qtbot.waitSignal(model.countsLoaded) as counted:
        model.reload()
    assert counted.args is not None and counted.args[0] == 450
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE)
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()  # ignored: a page is already on its way
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_SIZE)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 450)
    wait_idle(qtbot, ctx.ops)
    assert not model.canFetchMore()
    assert asked == [(0, PAGE_SIZE), (PAGE_SIZE, PAGE_SIZE), (2 * PAGE_SIZE, PAGE_SIZE)]
    assert len({model.task_id(r) for r in range(model.rowCount())}) == 450


def test_queue_page_scrolls_into_more_pages_and_counts(
    qtbot: QtBot, busy: Office, window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    ws = log_in(window, OFFICER_NIP)
    ws.show_queue()
    page = ws.queue
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE_SIZE)
    wait_idle(qtbot, window.ctx.ops)
    assert page.summary.text() == "Menampilkan 200 dari 450 berkas"
    assert page.count_buttons["received"].text() == "Diterima  450"
    page.table.scrollToBottom()  # the view asks the model for more when it reaches the end
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 * PAGE_SIZE)
    # The default sort is by due date, oldest first: the overdue task leads, in red.
    assert page.model.urgency(0) == "overdue"
    assert page.model.data(page.model.index(0, 0), Qt.ItemDataRole.BackgroundRole) == OVERDUE_BRUSH
    # The fresh ones were taken on Wednesday with a one-day SLA: due Thursday, amber.
    assert page.model.urgency(1) == "due_soon"
    assert page.model.data(page.model.index(1, 0), Qt.ItemDataRole.BackgroundRole) == DUE_SOON_BRUSH


def test_filters_and_header_sorting(
    qtbot: QtBot, busy: Office, window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    ws = log_in(window, OFFICER_NIP)
    page = ws.queue
    page.mine_box.setChecked(True)
    qtbot.waitUntil(lambda: page.model.queue_filter.officer_id == busy.officer.id)
    qtbot.waitUntil(lambda: page.model.exhausted and page.model.rowCount() == 1)
    page.mine_box.setChecked(False)
    page.overdue_box.setChecked(True)
    qtbot.waitUntil(lambda: page.model.queue_filter.overdue_on is not None)
    qtbot.waitUntil(lambda: page.model.exhausted and page.model.rowCount() == 1)
    page.overdue_box.setChecked(False)
    qtbot.waitUntil(lambda: page.model.queue_filter.overdue_on is None)
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE_SIZE)

    header = page.table.horizontalHeader()
    header.sectionClicked.emit(0)  # "No. berkas": ascending
    qtbot.waitUntil(lambda: page.model.queue_filter.sort == "tracking_no")
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE_SIZE)
    wait_idle(qtbot, window.ctx.ops)
    shown = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert shown == sorted(shown)
    assert header.sortIndicatorSection() == 0
    header.sectionClicked.emit(0)  # again: descending
    qtbot.waitUntil(lambda: page.model.queue_filter.descending)
    header.sectionClicked.emit(2)  # "Pemohon" cannot be sorted: nothing changes
    assert page.model.queue_filter.sort == "tracking_no"
    assert header.sortIndicatorSection() == 0


def test_due_today_is_amber(qtbot: QtBot, desk: Office, ctx: DeskContext) -> None:
    same_day = next(s.code for s in ctx.catalogue.services if s.sla_working_days == 0)
    with desk.db.write() as session:
        view = _receive(session, desk.officer.id, same_day)
    assert view.due_date == ctx.today()
    model = QueueModel(ctx.ops, catalogue=ctx.catalogue, language="id", today=ctx.today)
    model.set_filter(QueueFilter(statuses=OPEN_STATUSES))
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    wait_idle(qtbot, ctx.ops)
    assert model.urgency(0) == "due_soon"
    assert model.data(model.index(0, 3), Qt.ItemDataRole.BackgroundRole) == DUE_SOON_BRUSH
    # No document was ticked at intake: the queue says the file is incomplete (issue 11).
    assert model.data(model.index(0, 3)) == "Diterima · berkas belum lengkap"
