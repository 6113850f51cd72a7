"""The hour rollups: pushed events give what a recomputation from all of them gives, whatever
order, split or delay the pushes came in; points per day equal the city's ledger."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from central import ledger
from central import stats as city_stats
from central.analytics import rollups
from central.analytics.cells import COUNTS, HourCell
from central.store.engine import Store
from central.store.models import HourRollup, RollupMark
from desk_app.common.workdays import local_day
from desk_app.db.engine import Database
from desk_app.db.storage import open_database
from desk_app.demo import DEMO_OFFICE, generate_demo
from desk_app.eventlog import kinds
from desk_app.sync import client
from tests.central.conftest import City
from tests.central.rollup_office import (
    DEVICES,
    FIRST_DAY,
    NOW,
    enrol,
    push_chain,
    synthetic_office,
)


def _held(store: Store, office: str) -> list[HourCell]:
    with store.transaction() as session:
        return rollups.cells(
            session, office_code=office, first=date(2000, 1, 1), last=date(2100, 1, 1)
        )


def _rebuilt(store: Store, office: str) -> list[HourCell]:
    with store.transaction() as session:
        rollups.rebuild(session, office_code=office)
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(RollupMark)) == 0
    return _held(store, office)


def _rounded(cells: list[HourCell]) -> list[tuple[Any, ...]]:
    return [
        (c.office_code, c.day, c.hour, *(round(getattr(c, n), 6) for n in COUNTS)) for c in cells
    ]


# --- the tests ---------------------------------------------------------------------------


def test_rollups_of_pushed_events_equal_a_recomputation_and_the_ledger(store: Store) -> None:
    office = "31.74.08.1005"
    chains = synthetic_office(3)
    enrol(store, office)
    for device, chain in chains.items():
        for start in range(0, len(chain), 97):
            push_chain(store, office, device, chain[start : start + 97])
    incremental = _held(store, office)
    assert _rounded(incremental) == _rounded(_rebuilt(store, office))
    everything = [e for chain in chains.values() for e in chain]
    by_day: dict[date, Counter[str]] = defaultdict(Counter)
    for c in incremental:
        by_day[c.day].update({n: getattr(c, n) for n in COUNTS})
    # Straight from the events: tickets, arrivals, completions, waits and handling per day.
    expect: dict[date, Counter[str]] = defaultdict(Counter)
    served_tasks = {e["task_id"] for e in everything if e["kind"] == kinds.QUEUE_TICKET_SERVED}
    fates: dict[str, set[str]] = defaultdict(set)
    for e in everything:
        day = local_day(datetime.fromisoformat(e["occurred_at"].replace("Z", "+00:00")))
        if e["kind"] in kinds.QUEUE_KINDS:
            fates[e["payload"]["ticket_id"]].add(e["kind"])
        if e["kind"] == kinds.QUEUE_TICKET_ISSUED:
            expect[day]["tickets"] += 1
            expect[day]["arrivals"] += 1
        elif e["kind"] == kinds.TASK_RECEIVED and e["task_id"] not in served_tasks:
            expect[day]["arrivals"] += 1  # the lunch hour has no tickets
            expect[day]["handle_count"] += 1
        elif e["kind"] == kinds.QUEUE_TICKET_SERVED:
            expect[day]["handle_count"] += 1
            expect[day]["wait_count"] += 1
        elif e["kind"] == kinds.QUEUE_TICKET_NO_SHOW:
            expect[day]["wait_count"] += 1
        elif e["kind"] == kinds.TASK_COMPLETED:
            expect[day]["completed"] += 1
    abandoned = sum(kinds.QUEUE_TICKET_SERVED not in f for f in fates.values())
    assert sum(c.abandoned for c in incremental) == abandoned > 0
    names = ("tickets", "arrivals", "handle_count", "wait_count", "completed")
    assert {d: {n: by_day[d][n] for n in names} for d in by_day} == {
        d: {n: expect[d][n] for n in names} for d in by_day
    }
    with store.transaction() as session:
        replay = ledger.replay(session, office_code=office)
        attendance = city_stats.attendance_seconds(session, office_code=office)
    points = {d: sum(p.values()) for d, p in replay.by_day.items() if sum(p.values())}
    assert {d: c["points"] for d, c in by_day.items() if c["points"]} == points
    assert any(e["kind"] == kinds.POINTS_REVERSED for e in everything)
    seconds: Counter[date] = Counter()
    for per_day in attendance.by_officer_day.values():
        seconds.update(per_day)
    assert {d: round(s, 3) for d, s in seconds.items()} == {
        d: round(c["officer_seconds"], 3) for d, c in by_day.items() if c["officer_seconds"]
    }
    assert any(
        c.officer_seconds and c.day == FIRST_DAY + timedelta(days=2) and c.hour == 0
        for c in incremental
    )  # the session over midnight


@pytest.mark.parametrize("seed", [1, 2])
def test_any_order_split_or_delay_of_the_pushes_gives_the_same_cells(
    store: Store, seed: int
) -> None:
    chains = synthetic_office(seed)
    rng = random.Random(seed)
    seen = []
    for number, office in enumerate(["31.74.08.1005", "31.74.06.1002", "31.71.01.1001"]):
        enrol(store, office)
        cursor = dict.fromkeys(DEVICES, 0)
        while any(cursor[d] < len(chains[d]) for d in DEVICES):
            device = rng.choice([d for d in DEVICES if cursor[d] < len(chains[d])])
            size = rng.choice([1, 5, 40, 300]) if number else len(chains[device])
            stop = min(len(chains[device]), cursor[device] + size)
            push_chain(store, office, device, chains[device][cursor[device] : stop])
            cursor[device] = stop
            if rng.random() < 0.3:  # a page view in between refreshes what is marked
                with store.transaction() as session:
                    rollups.refresh(session, office_code=office)
        seen.append([(c.day, c.hour, *_rounded([c])[0][3:]) for c in _held(store, office)])
    assert seen[0] == seen[1] == seen[2]
    assert len(seen[0]) > 30


def test_a_late_push_for_an_old_day_updates_that_day(store: Store) -> None:
    office = "31.74.08.1005"
    chains = synthetic_office(5)
    enrol(store, office)
    late = DEVICES[2]
    for device in DEVICES[:2]:
        push_chain(store, office, device, chains[device])
    before = _held(store, office)
    monday = [c for c in before if c.day == FIRST_DAY]
    push_chain(store, office, late, chains[late])  # a desk back after days offline
    with store.transaction() as session:
        marked = set(
            session.scalars(select(RollupMark.day).where(RollupMark.office_code == office))
        )
    assert FIRST_DAY in marked
    after = _held(store, office)
    monday_after = [c for c in after if c.day == FIRST_DAY]
    assert sum(c.arrivals for c in monday_after) > sum(c.arrivals for c in monday)
    assert sum(c.officer_seconds for c in monday_after) > sum(c.officer_seconds for c in monday)
    assert _rounded(after) == _rounded(_rebuilt(store, office))


def test_office_codes_and_a_refresh_of_every_office(store: Store) -> None:
    chains = synthetic_office(9, days=2)
    for office in ("31.74.08.1005", "31.74.06.1002"):
        enrol(store, office)
        for device, chain in chains.items():
            push_chain(store, office, device, chain)
    with store.transaction() as session:
        assert rollups.office_codes(session) == ["31.74.06.1002", "31.74.08.1005"]
        written = rollups.refresh(session)
        assert written > 0 and rollups.refresh(session) == 0
        both = rollups.cells(session, office_code=None, first=FIRST_DAY, last=FIRST_DAY)
    assert {c.office_code for c in both} == {"31.74.06.1002", "31.74.08.1005"}
    assert {c.day for c in both} == {FIRST_DAY}
    with store.transaction() as session:  # a rebuild of everything gives the same rows
        session.execute(delete(HourRollup))
        assert rollups.rebuild(session) == written


@pytest.fixture
def demo_desk(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "demo", create=True)
    try:
        end = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
        generate_demo(db, days=4, officers_count=3, seed=4, per_day=(20, 30), end=end)
        yield db
    finally:
        db.dispose()


def test_a_demo_office_synced_through_the_api_rolls_up_like_a_rebuild(
    demo_desk: Database, city: City
) -> None:
    client.enroll(demo_desk, server=city.url, code=city.enrolment_code(DEMO_OFFICE))
    result = client.push_once(demo_desk, now=NOW, batch_size=50)
    assert result.pending == 0 and result.stored > 100
    incremental = _held(city.store, DEMO_OFFICE)
    assert sum(c.arrivals for c in incremental) >= 60
    assert sum(c.handle_count for c in incremental) > 0
    assert sum(c.officer_seconds for c in incremental) > 0
    assert _rounded(incremental) == _rounded(_rebuilt(city.store, DEMO_OFFICE))
    with city.store.transaction() as session:
        replay = ledger.replay(session, office_code=DEMO_OFFICE)
    assert sum(c.points for c in incremental) == sum(replay.totals().values())
