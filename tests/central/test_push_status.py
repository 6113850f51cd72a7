"""The citizens' task rows a push writes are the same whether a task's events come in one
push (rebuilt from the batch as parsed) or spread over many (rebuilt from what is held)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from central import offices, push
from central.store.engine import Store
from central.store.models import Device, StoredEvent, TaskStatus
from desk_app.db.storage import open_database
from desk_app.demo import DEMO_OFFICE, generate_demo
from desk_app.eventlog import wire
from desk_app.sync import client
from tests.central.conftest import OTHER_OFFICE as OTHER  # the same chain again, there
from tests.helpers import MORNING

END = MORNING + timedelta(days=3, hours=7)


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[wire.WireEvent]]:
    """A demo desk's events (every task kind: intakes, corrections, documents, handovers)."""
    db = open_database(Path(tmp_path_factory.mktemp("desk")) / "demo", create=True)
    try:
        generate_demo(db, days=4, officers_count=3, seed=7, per_day=(12, 18), end=END)
        _, _, events = client._batch(db, after=0, limit=100_000)
        yield events
    finally:
        db.dispose()


def _push(store: Store, office: str, events: list[wire.WireEvent], size: int) -> None:
    now = END + timedelta(hours=1)
    with store.transaction() as session:
        offices.register_office(session, office_code=office, now=now)
        code = offices.issue_code(session, office_code=office, now=now)
        offices.enroll(
            session,
            office_code=office,
            code=code,
            device_id=events[0]["device_id"],
            device_no=1,
            now=now,
        )
    for first in range(0, len(events), size):
        with store.transaction() as session:
            device = session.get(Device, (office, events[0]["device_id"]), with_for_update=True)
            assert device is not None
            answer = push.apply_push(
                session, device=device, events=events[first : first + size], now=now
            )
            assert answer["stored"] == len(events[first : first + size])


def _rows(store: Store, office: str) -> dict[str, tuple[Any, ...]]:
    with store.transaction() as session:
        found = session.scalars(select(TaskStatus).where(TaskStatus.office_code == office))
        return {
            row.task_id: (
                row.tracking_no,
                row.check_digest,
                row.status,
                row.due_date,
                row.documents_pending,
                row.updated_at.replace(tzinfo=None),
            )
            for row in found
        }


def test_one_push_and_many_small_ones_write_the_same_task_rows(
    store: Store, chain: list[wire.WireEvent]
) -> None:
    _push(store, DEMO_OFFICE, chain, wire.MAX_BATCH_EVENTS)  # each task within one push
    _push(store, OTHER, chain, 3)  # a task's events over several pushes
    whole, spread = _rows(store, DEMO_OFFICE), _rows(store, OTHER)
    with store.transaction() as session:
        tasks = set(session.scalars(select(StoredEvent.task_id).distinct()))
    assert len(whole) > 20 and set(whole) <= tasks
    assert whole == spread
    statuses = {row[2] for row in whole.values()}
    assert len(statuses) > 2  # more than intakes: the later events moved the rows
