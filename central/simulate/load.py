"""The synthetic city written down: into the city's store, or as files, with its truth.

Into a store, each office is registered and its desk enrolled as `desk-central office add`
and `desk-app enroll` do; then its events go in either through the city's own push
(central.push.apply_push, one push per office-day, dated just after the day's last event,
as a desk that syncs every evening) or, for speed, through the same row writer and
projections the push uses, an office's days at a time ("bulk"). Both store the same rows:
tests/central/test_simulate.py checks a small city both ways.
"""

from __future__ import annotations

import json
import time as timer
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.orm import Session

from central import offices, projections, push, rules_document, task_status
from central.analytics import rollups
from central.simulate import generator
from central.simulate import plan as city_plan
from central.simulate.generator import OfficeSimulation, payload_json
from central.store.engine import Store
from central.store.models import Device, StoredEvent
from desk_app.eventlog.wire import MAX_BATCH_EVENTS, WireEvent

PUSH_DELAY = timedelta(minutes=10)  # a desk syncs this long after its day's last event
BULK_DAYS = 31  # an office's days written per transaction in bulk
MODES = ("push", "bulk")
TRUTH_FILE = "truth.json"


class LoadError(ValueError):
    """The city could not be stored as asked; the message is one line."""


@dataclass
class Generated:
    """What was made: counts per office, events in all, seconds taken."""

    plan: city_plan.CityPlan
    counts: dict[str, generator.OfficeCounts] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def events(self) -> int:
        """Events in all."""
        return sum(c.events for c in self.counts.values())

    def truth(self) -> dict[str, Any]:
        """The planted truth with the generator's counts."""
        counts = {code: c.to_json() for code, c in sorted(self.counts.items())}
        return city_plan.truth(self.plan, {"events": self.events, "offices": counts})


def office_days(
    city: city_plan.CityPlan, sim: OfficeSimulation
) -> Iterator[tuple[date, list[WireEvent]]]:
    """One office's simulated days in order (its counts complete once exhausted)."""
    for offset in range(city.days):
        day = city.start + timedelta(days=offset)
        yield day, sim.day(day)
    sim.finish()


def push_moment(events: list[WireEvent]) -> datetime:
    """When the desk pushes a day's events: a little after the last of them."""
    last = max(e["occurred_at"] for e in events)
    return datetime.fromisoformat(last.replace("Z", "+00:00")) + PUSH_DELAY


def write_truth(folder: Path, generated: Generated) -> Path:
    """truth.json in `folder` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / TRUTH_FILE
    path.write_text(
        json.dumps(generated.truth(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path


def generate_files(
    city: city_plan.CityPlan,
    folder: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Generated:
    """Every office's chain as JSON lines (events/<office>.jsonl, oldest first) + truth.json."""
    started = timer.perf_counter()
    done = Generated(city)
    (folder / "events").mkdir(parents=True, exist_ok=True)
    for index, office in enumerate(city.plans, start=1):
        sim = generator.simulate_office(city, office)
        with (folder / "events" / f"{office.code}.jsonl").open("wb") as out:
            for _day, events in office_days(city, sim):
                for event in events:
                    out.write(orjson.dumps(event) + b"\n")
        done.counts[office.code] = sim.counts
        if progress:
            progress(index, len(city.plans))
    done.seconds = timer.perf_counter() - started
    write_truth(folder, done)
    return done


def _enrol(session: Session, office: city_plan.OfficePlan, sim: OfficeSimulation) -> Device:
    """Register the office and enrol its desk, as at its first morning."""
    now = sim.setup_at
    offices.register_office(session, office_code=office.code, now=now)
    code = offices.issue_code(session, office_code=office.code, now=now)
    offices.enroll(
        session,
        office_code=office.code,
        code=code,
        device_id=sim.device_id,
        device_no=generator.DEVICE_NO,
        now=now,
    )
    device = session.get(Device, (office.code, sim.device_id))
    assert device is not None
    return device


def generate_into(
    store: Store,
    city: city_plan.CityPlan,
    *,
    mode: str = "bulk",
    progress: Callable[[int, int], None] | None = None,
) -> Generated:
    """Generate the city into `store` (empty of these offices), pushed or in bulk."""
    if mode not in MODES:
        raise LoadError(f"mode: {mode!r} is not one of {', '.join(MODES)}")
    started = timer.perf_counter()
    done = Generated(city)
    with store.transaction() as session:
        rules_body = rules_document.current(session).body
    for index, office in enumerate(city.plans, start=1):
        sim = generator.simulate_office(city, office, rules_body)
        with store.transaction() as session:
            _enrol(session, office, sim)
        if mode == "push":
            _push_office(store, office.code, sim, office_days(city, sim))
        else:
            _bulk_office(store, office.code, sim, office_days(city, sim))
        done.counts[office.code] = sim.counts
        if progress:
            progress(index, len(city.plans))
    done.seconds = timer.perf_counter() - started
    return done


def _push_office(
    store: Store,
    office_code: str,
    sim: OfficeSimulation,
    days: Iterator[tuple[date, list[WireEvent]]],
) -> None:
    """Each day's events through apply_push, in batches a desk sends."""
    for _day, events in days:
        if not events:
            continue
        now = push_moment(events)
        for first in range(0, len(events), MAX_BATCH_EVENTS):
            batch = events[first : first + MAX_BATCH_EVENTS]
            with store.transaction() as session:
                device = session.get(Device, (office_code, sim.device_id), with_for_update=True)
                assert device is not None
                answer = push.apply_push(session, device=device, events=batch, now=now)
            if answer["stored"] != len(batch):
                raise LoadError(f"{office_code}: the city stored {answer['stored']} of a batch")


def _bulk_office(
    store: Store,
    office_code: str,
    sim: OfficeSimulation,
    days: Iterator[tuple[date, list[WireEvent]]],
) -> None:
    """The push's own row writer and projections, BULK_DAYS of an office's days at a time."""
    stamp = _stamper(store)
    rows: list[tuple[Any, ...]] = []
    stored: list[WireEvent] = []
    last_push: datetime | None = None
    for count, (_day, events) in enumerate(days, start=1):
        if events:
            last_push = push_moment(events)
            received_at = stamp(last_push)
            rows += [_row(office_code, e, received_at) for e in events]
            stored += events
        if count % BULK_DAYS == 0:
            _write(store, office_code, sim, rows, stored, last_push)
            rows, stored = [], []
    _write(store, office_code, sim, rows, stored, last_push)


def _stamper(store: Store) -> Callable[[datetime], Any]:
    """events.received_at as the driver takes it (what push._stamp makes per push)."""
    dialect = store.engine.dialect
    column = StoredEvent.__table__.c.received_at
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return (lambda now: process(now)) if process else (lambda now: now)


def _row(office_code: str, event: WireEvent, stamp: Any) -> tuple[Any, ...]:
    return (
        office_code,
        event["device_id"],
        event["seq"],
        event["uuid"],
        event["kind"],
        event["actor"],
        event["task_id"],
        event["occurred_at"],
        event["monotonic_ns"],
        payload_json(event["kind"], event["payload"]),
        event["prev_hash"],
        event["hash"],
        stamp,
    )


def _write(
    store: Store,
    office_code: str,
    sim: OfficeSimulation,
    rows: list[tuple[Any, ...]],
    events: list[WireEvent],
    last_push: datetime | None,
) -> None:
    if not rows or last_push is None:
        return
    with store.transaction() as session:
        device = session.get(Device, (office_code, sim.device_id), with_for_update=True)
        assert device is not None
        push._insert_events(session, rows)
        projections.apply(session, office_code=office_code, events=events)
        rollups.note_events(session, office_code=office_code, events=events)
        task_status.apply(session, office_code=office_code, events=events)
        device.acked_seq, device.head_hash = events[-1]["seq"], events[-1]["hash"]
        device.last_seen_at = last_push
