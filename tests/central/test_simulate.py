"""The synthetic city: deterministic, valid chains, stored as pushes store them, and the
analytics find what was planted in it."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from central import stats
from central.analytics import evaluate, rollups
from central.cli import main
from central.simulate import generator, load, plan
from central.store.engine import Store, open_store
from central.store.models import (
    AgencyStay,
    AttendanceSession,
    Base,
    DayClose,
    Device,
    Flag,
    StoredEvent,
    TaskStatus,
)
from desk_app.eventlog.wire import GENESIS_HASH, chain_hash

SEED = 20261201
START = date(2026, 6, 15)
# Precision and recall the analytics must reach on the planted truth, every question: the
# offices, agencies and hours planted are found, and hardly anything else (on this city
# every question scores 0.93 or more; the bound leaves room for a slot's estimate from
# three weeks of one weekday to be an officer off now and then).
TOLERANCE = 0.8


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, load.Generated]]:
    """12 offices x 21 days on SQLite, written in bulk."""
    folder = tmp_path_factory.mktemp("city")
    store = open_store(f"sqlite:///{folder / 'central.sqlite3'}")
    done = load.generate_into(
        store, plan.plan_city(offices_count=12, days=21, seed=SEED, start=START)
    )
    yield store, done
    store.dispose()


def _hashes(seed: int) -> list[str]:
    city = plan.plan_city(offices_count=3, days=8, seed=seed, start=START)
    out = []
    for office in city.plans:
        sim = generator.simulate_office(city, office)
        out += [e["hash"] for _day, events in load.office_days(city, sim) for e in events]
    return out


def test_the_same_seed_makes_the_same_city_and_another_seed_another() -> None:
    first = _hashes(7)
    assert first and first == _hashes(7)
    assert set(first).isdisjoint(_hashes(8))


def test_the_plan_holds_every_planted_kind_and_realistic_volumes() -> None:
    city = plan.plan_city(offices_count=40, days=90, seed=SEED, start=START)
    roles = Counter(p.role for p in city.plans)
    assert roles["under"] == roles["over"] == 4 and roles["idle"] >= 2
    assert {p.wasted for p in city.plans} == {"", "late", "saturday"}
    assert len(city.slow_agencies) == 2
    for p in city.plans:
        low, high = plan.IDLE_RANGE if p.role == "idle" else plan.DAILY_RANGE
        assert low <= p.daily <= high
        busiest = max(plan.HOUR_SHARE, key=lambda h: plan.HOUR_SHARE[h])
        assert 9 <= busiest <= 11  # the morning peak
    idle = [p for p in city.plans if p.role == "idle"]
    for p in idle:  # a merge candidate has a neighbour in its kecamatan to merge into
        assert any(q.kecamatan == p.kecamatan and q.role != "idle" for q in city.plans)
    assert plan.season(date(2026, 7, 14)) > 1 == plan.season(date(2026, 9, 1))
    with pytest.raises(plan.PlanError, match="--offices"):
        plan.plan_city(offices_count=268, days=1, seed=1)


def test_every_chain_verifies(city: tuple[Store, load.Generated]) -> None:
    store, _done = city
    with store.transaction() as session:
        rows = session.scalars(
            select(StoredEvent).order_by(StoredEvent.device_id, StoredEvent.seq)
        ).all()
        heads = {(d.device_id): d.head_hash for d in session.scalars(select(Device))}
        checked = 0
        prev: dict[str, tuple[int, str]] = {}
        for row in rows:
            seq, head = prev.get(row.device_id, (0, GENESIS_HASH))
            assert row.seq == seq + 1 and row.prev_hash == head
            body = {
                "uuid": row.uuid,
                "device_id": row.device_id,
                "seq": row.seq,
                "kind": row.kind,
                "actor": row.actor,
                "task_id": row.task_id,
                "occurred_at": row.occurred_at,
                "monotonic_ns": row.monotonic_ns,
                "payload": json.loads(row.payload),
            }
            assert chain_hash(row.prev_hash, body) == row.hash
            prev[row.device_id] = (row.seq, row.hash)
            checked += 1
    assert checked > 50_000
    assert {device: h for device, (_s, h) in prev.items()} == heads


def test_the_citys_figures_equal_the_generators_counts(
    city: tuple[Store, load.Generated],
) -> None:
    store, done = city
    with store.transaction() as session:
        assert session.scalars(select(Flag)).first() is None  # every sealed day agrees
        for code, counts in done.counts.items():
            figures = stats.office_figures(session, office_code=code)
            by_status = {k: v for k, v in figures.tasks_by_status.items() if v}
            assert by_status == dict(counts.tasks_by_status)
            assert figures.events == counts.events
            assert figures.points_total == counts.points_total
            hours = sum(o["hours"] for o in figures.attendance_hours_by_officer)
            assert hours == pytest.approx(counts.attendance_seconds / 3600, abs=0.05)
            assert len(figures.days_closed) == counts.days_closed


def test_understaffed_offices_wait_long_and_overstaffed_ones_barely(
    city: tuple[Store, load.Generated],
) -> None:
    _store, done = city
    waits: dict[str, list[float]] = {p.role: [] for p in done.plan.plans}  # mean waits, s
    for p in done.plan.plans:
        counts = done.counts[p.code]
        waits[p.role].append(counts.wait_seconds_total / max(counts.served, 1))
    assert min(waits["under"]) > 3 * max(waits["normal"])
    assert max(waits["over"]) < min(waits["normal"])


def test_the_analytics_find_what_was_planted(city: tuple[Store, load.Generated]) -> None:
    store, done = city
    with store.transaction() as session:
        found = evaluate.evaluate(session, done.truth())
    assert not found.missing, found.missing  # every analytics module is there
    table = "\n".join(found.lines())
    for question in evaluate.QUESTIONS:
        score = found.score(question)
        assert score is not None and score.planted, question
        assert score.precision >= TOLERANCE and score.recall >= TOLERANCE, table


# --- the bulk writer stores what pushes store ------------------------------------------------

_COMPARED = (StoredEvent, AgencyStay, AttendanceSession, DayClose, TaskStatus, Flag)


def _norm(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def _tables(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for model in _COMPARED:
        table = Base.metadata.tables[model.__tablename__]
        rows = session.execute(select(table)).all()
        out[model.__tablename__] = sorted(tuple(_norm(v) for v in row) for row in rows)
    devices = session.execute(
        select(Device.office_code, Device.device_id, Device.acked_seq, Device.head_hash)
    ).all()
    out["devices"] = sorted(tuple(d) for d in devices)
    last_seen = session.scalars(select(Device.last_seen_at)).all()
    out["last_seen"] = sorted(_norm(x) for x in last_seen)
    return out


def test_bulk_stores_what_pushes_store(store_url: str, tmp_path: Path) -> None:
    """On SQLite and PostgreSQL (bulk) against pushes through apply_push (SQLite)."""
    small = plan.plan_city(offices_count=3, days=9, seed=SEED, start=START)
    bulk = open_store(store_url)
    pushed = open_store(f"sqlite:///{tmp_path / 'pushed.sqlite3'}")
    try:
        done = load.generate_into(bulk, small, mode="bulk")
        again = load.generate_into(pushed, small, mode="push")
        assert done.events == again.events > 1000
        with bulk.transaction() as a, pushed.transaction() as b:
            assert _tables(a) == _tables(b)
            first, last = small.start, small.last_day
            assert rollups.cells(a, office_code=None, first=first, last=last) == rollups.cells(
                b, office_code=None, first=first, last=last
            )
            for code, counts in done.counts.items():
                assert stats.office_figures(a, office_code=code).events == counts.events
    finally:
        bulk.dispose()
        pushed.dispose()


def test_the_command_writes_files_and_truth_and_refuses_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "files"
    argv = ["simulate", "--offices", "2", "--days", "3", "--seed", "4", "--out", str(out)]
    assert main([*argv, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert truth["parameters"]["seed"] == 4 and answer["events"] > 0
    lines = sum(len(f.read_text().splitlines()) for f in (out / "events").iterdir())
    assert lines == answer["events"] == truth["counts"]["events"]
    assert main([*argv, "--evaluate"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("desk-central: --evaluate") and err.count("\n") == 1
