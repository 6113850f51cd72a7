"""Analytics benchmark: the hour rollups and the ideal-staff answer. It prints figures; it
asserts no times.

Usage:
  python bench/bench_analytics.py --quick                 # SQLite, a few offices (smoke)
  python bench/bench_analytics.py [--offices 267 --days 10] [--skip-postgres]
  python bench/bench_analytics.py --postgres-year [--offices 267 --days 365]

Every run builds a synthetic city: each office one desk, 3-6 officers clocked in, citizens
arriving over the working day (a morning peak) with a kiosk ticket (called after a wait,
some no-shows, a few never called), served with a measured handling time, their tasks
completed that day or on later days. The default mode pushes the history through the real
push path (push.apply_push, which marks the rollups), then measures:

- ingesting one city-day: every office's next day pushed (in desk-sized batches), then the
  rollups refreshed (rollups.refresh) and the default windows' answers computed for the
  offices whose cells changed (answers.warm) — the issue's target: under 10 s for the city;
- the dashboard's pages and the analytics JSON (default windows) over loopback, p50 and max;
- a full rebuild (rollups.rebuild) of every office from all its events;
- the staffing JSON page (GET /v1/analytics/staffing) of one office over eight weeks, with
  and without the simulation check, and of the whole city without it, served by uvicorn.

--postgres-year writes the history straight into a scratch PostgreSQL database with COPY
(events and attendance sessions, the events' indexes dropped during the load and built
after; about 10 million events for 267 offices x 365 days), then measures the same three
things (the ingested day is pushed through apply_push as desks would); --rebuild-sample N
times the rebuild of N offices only and scales it to the city.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import psycopg
import requests
import uvicorn

# The scratch databases the sync benchmark makes and drops (this folder is on the path).
from bench_sync import _dsn, fresh_database
from sqlalchemy import func, select, text

from central import offices, push
from central.analytics import answers, ideal_staff, rollups
from central.api.app import create_app
from central.offices import wilayah
from central.store.engine import Store, open_store
from central.store.models import Device, HourRollup, StoredEvent
from desk_app.common.clock import stopped_clock
from desk_app.eventlog import kinds, wire

FIRST_DAY = date(2025, 12, 1)  # a Monday
SERVICES = (("KEL-SKT-02", 1), ("KEL-DKP-06", 1), ("KEL-DKP-01", 14), ("KEL-SKT-03", 3))
# Arrival weight per Jakarta hour: a morning peak, a lunch dip.
PROFILE = {8: 1.4, 9: 1.8, 10: 1.6, 11: 1.2, 12: 0.6, 13: 1.0, 14: 0.8, 15: 0.4}
BATCH = 500
Spec = tuple[datetime, str, str | None, str | None, dict[str, Any]]
Shift = tuple[str, str, datetime, datetime]


def office_codes(count: int) -> list[str]:
    """The first `count` of Jakarta's 267 kelurahan (the wilayah list the city registers)."""
    kelurahan = sorted(code for code, (level, _name) in wilayah().items() if level == "kelurahan")
    if not 1 <= count <= len(kelurahan):
        raise SystemExit(f"--offices: 1-{len(kelurahan)}")
    return kelurahan[:count]


@dataclass
class Desk:
    """One office's desk as the generator goes: its chain's head and open tasks."""

    office: str
    device_id: str
    rng: random.Random
    officers: list[str]
    citizens: int  # a day, on average
    seq: int = 0
    head: str = wire.GENESIS_HASH
    pending: list[tuple[str, date]] = field(default_factory=list)  # task, day to complete


def new_desk(office: str, seed: int) -> Desk:
    rng = random.Random(f"{seed}/{office}")
    officers = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(rng.randint(3, 6))]
    return Desk(
        office, str(uuid.UUID(int=rng.getrandbits(128))), rng, officers, rng.randint(20, 40)
    )


def _at(day: date, hours: float) -> datetime:
    return rollups.day_start(day) + timedelta(hours=hours)


def day_specs(desk: Desk, day: date) -> tuple[list[Spec], list[Shift]]:
    """One office-day's events (unordered) and its attendance sessions."""
    rng = desk.rng
    out: list[Spec] = []
    sessions: list[Shift] = []
    if day.weekday() == 6 or (day.weekday() == 5 and rng.random() < 0.7):
        return out, sessions
    for officer in desk.officers:
        if rng.random() < 0.08:
            continue  # on leave
        sid = str(uuid.UUID(int=rng.getrandbits(128)))
        start, end = _at(day, 7.6 + rng.random() * 0.5), _at(day, 15.8 + rng.random() * 0.6)
        shift = {"session_id": sid, "officer_id": officer}
        out.append((start, kinds.SHIFT_CLOCKED_IN, None, officer, shift))
        out.append((end, kinds.SHIFT_CLOCKED_OUT, None, officer, shift))
        sessions.append((sid, officer, start, end))
    if not sessions:
        return out, sessions
    total = sum(PROFILE.values())
    for task, _due in [p for p in desk.pending if p[1] <= day]:
        officer = rng.choice(desk.officers)
        at = _at(day, 8 + rng.random() * 7)
        out.append((at, kinds.TASK_READY, task, officer, {}))
        out.append(
            (
                at + timedelta(minutes=30),
                kinds.TASK_COMPLETED,
                task,
                officer,
                {"recipient_name": ""},
            )
        )
    desk.pending = [p for p in desk.pending if p[1] > day]
    for hour, weight in PROFILE.items():
        for _ in range(_poisson(rng, desk.citizens * weight / total)):
            issued = _at(day, hour + rng.random())
            tid = str(uuid.UUID(int=rng.getrandbits(128)))
            ticket = {
                "ticket_id": tid,
                "day": day.isoformat(),
                "category": "A",
                "number": rng.randint(1, 400),
                "priority": "",
                "ahead": 0,
            }
            out.append((issued, kinds.QUEUE_TICKET_ISSUED, None, None, ticket))
            if rng.random() < 0.03:
                continue
            wait = int(rng.expovariate(1 / 420))
            officer = rng.choice(desk.officers)
            called = issued + timedelta(seconds=wait)
            call = {
                "ticket_id": tid,
                "counter_no": 1,
                "priority_used": False,
                "passed_over": 0,
                "wait_seconds": wait,
            }
            out.append((called, kinds.QUEUE_TICKET_CALLED, None, officer, call))
            if rng.random() < 0.07:
                no_show = {"ticket_id": tid, "counter_no": 1}
                out.append(
                    (
                        called + timedelta(seconds=60),
                        kinds.QUEUE_TICKET_NO_SHOW,
                        None,
                        officer,
                        no_show,
                    )
                )
                continue
            handling = int(rng.lognormvariate(6.0, 0.5))
            done = called + timedelta(seconds=handling)
            task = str(uuid.UUID(int=rng.getrandbits(128)))
            code, sla = rng.choice(SERVICES)
            due = day + timedelta(days=sla + 1)
            out.append(
                (
                    done,
                    kinds.TASK_RECEIVED,
                    task,
                    officer,
                    {
                        "tracking_no": f"{task[:8]}",
                        "service_code": code,
                        "description": "",
                        "applicant_ref": task[-16:],
                        "documents": [],
                        "fee_idr": 0,
                        "sla_working_days": sla,
                        "point_weight": 2,
                        "due_date": due.isoformat(),
                        "handling_seconds": handling,
                    },
                )
            )
            served = {
                "ticket_id": tid,
                "counter_no": 1,
                "wait_seconds": wait,
                "handling_seconds": handling,
            }
            out.append((done, kinds.QUEUE_TICKET_SERVED, task, officer, served))
            desk.pending.append((task, day + timedelta(days=rng.choice([0, 1, 1, 2, 3, sla]))))
    return out, sessions


def _poisson(rng: random.Random, mean: float) -> int:
    count, moment = 0, rng.expovariate(1.0)
    while moment < mean:
        count += 1
        moment += rng.expovariate(1.0)
    return count


def chained(desk: Desk, specs: list[Any], *, hashed: bool) -> list[dict[str, Any]]:
    """The specs as the desk's next events (real hashes, or stand-ins for COPY)."""
    out = []
    for at, kind, task_id, actor, payload in sorted(specs, key=lambda s: s[0]):
        desk.seq += 1
        event: dict[str, Any] = {
            "uuid": str(uuid.UUID(int=desk.rng.getrandbits(128))),
            "device_id": desk.device_id,
            "seq": desk.seq,
            "kind": kind,
            "actor": actor,
            "task_id": task_id,
            "occurred_at": wire.utc_iso(at),
            "monotonic_ns": desk.seq,
            "payload": payload,
            "prev_hash": desk.head,
            "hash": "",
        }
        if hashed:
            event["hash"] = wire.chain_hash(desk.head, wire.hashed_body(event))  # type: ignore[arg-type]
        else:
            event["hash"] = f"{desk.rng.getrandbits(256):064x}"
        desk.head = event["hash"]
        out.append(event)
    return out


# --- databases and servers ----------------------------------------------------------------


@contextmanager
def served(store: Store, now: datetime) -> Iterator[str]:
    """The city's API on loopback (uvicorn in a thread)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    config = uvicorn.Config(
        create_app(store, clock=stopped_clock(now)),
        log_config=None,
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def enrol(store: Store, desks: list[Desk], now: datetime) -> None:
    with store.transaction() as session:
        for number, desk in enumerate(desks):
            offices.register_office(session, office_code=desk.office, now=now)
            code = offices.issue_code(session, office_code=desk.office, now=now)
            offices.enroll(
                session,
                office_code=desk.office,
                code=code,
                device_id=desk.device_id,
                device_no=1 + number % 90,
                now=now,
            )


def push_day(store: Store, desks: list[Desk], day: date, now: datetime) -> int:
    """Every office's events of `day`, pushed in desk-sized batches; the events stored."""
    stored = 0
    for desk in desks:
        events = chained(desk, day_specs(desk, day)[0], hashed=True)
        for start in range(0, len(events), BATCH):
            with store.transaction() as session:
                device = session.get(Device, (desk.office, desk.device_id))
                assert device is not None
                answer = push.apply_push(
                    session, device=device, events=events[start : start + BATCH], now=now
                )
                stored += answer["stored"]
    return stored


# --- measuring ---------------------------------------------------------------------------


def timed(label: str, action: Any) -> Any:
    began = time.perf_counter()
    result = action()
    print(f"  {label:52} {time.perf_counter() - began:8.2f} s", flush=True)
    return result


def measure(
    store: Store, desks: list[Desk], next_day: date, now: datetime, *, rebuild_sample: int = 0
) -> None:
    """Rebuild everything (or a sample of offices; --postgres-year's history has no rollups
    before it), compute the default answers, ingest one city-day, answer the pages."""
    sample = [d.office for d in desks[:rebuild_sample]] if rebuild_sample else None

    def rebuild() -> int:
        with store.transaction() as session:
            if sample is None:
                return rollups.rebuild(session)
            return sum(rollups.rebuild(session, office_code=code) for code in sample)

    label = (
        "full rebuild of every office" if sample is None else f"rebuild of {len(sample)} offices"
    )
    began = time.perf_counter()
    total = timed(label, rebuild)
    spent = time.perf_counter() - began
    with store.transaction() as session:
        query = select(func.count()).select_from(StoredEvent)
        if sample is not None:
            query = query.where(StoredEvent.office_code.in_(sample))
        events = session.scalar(query) or 0
    print(
        f"    {total} hour cells from {events} events ({1e6 * spent / max(events, 1):.0f} µs/event)"
    )
    if sample is not None:
        print(f"    the whole city at that rate: about {spent * len(desks) / len(sample):.0f} s")

    def warm() -> None:
        with store.transaction() as session:
            answers.warm(session, now=now)

    timed("answers of the default windows, from nothing", warm)

    stored = timed(
        f"push one city-day ({len(desks)} offices)", lambda: push_day(store, desks, next_day, now)
    )
    print(f"    {stored} events pushed")

    def refresh() -> int:
        with store.transaction() as session:
            return rollups.refresh(session)

    began = time.perf_counter()
    cells = timed("refresh the rollups after it", refresh)
    print(f"    {cells} hour cells rewritten")

    timed("answers of the default windows (answers.warm)", warm)
    label = "day ingest: rollups and answers"
    print(f"  {label:52} {time.perf_counter() - began:8.2f} s", flush=True)
    with served(store, now) as url:
        dashboard_pages(url, desks[0].office)

    office = desks[0].office
    window = {"from": (next_day - timedelta(days=55)).isoformat(), "to": next_day.isoformat()}
    with served(store, now) as url:
        for label, params in (
            ("staffing page, one office, simulation on", {"office": office, **window}),
            (
                "staffing page, one office, no simulation",
                {"office": office, **window, "simulate": "false"},
            ),
            ("staffing page, whole city, no simulation", window),
        ):
            for cached in (ideal_staff._office_plan, ideal_staff._simulated, ideal_staff._needed):
                cached.cache_clear()  # the first answer computes, the next ones may remember
            samples = []
            for _ in range(3):
                began = time.perf_counter()
                answer = requests.get(f"{url}/v1/analytics/staffing", params=params, timeout=600)
                samples.append(time.perf_counter() - began)
                answer.raise_for_status()
            print(f"  {label:52} {samples[0]:8.2f} s first, {min(samples):.2f} s best of 3")


def dashboard_pages(url: str, office: str, views: int = 5) -> None:
    """Each dashboard page and analytics JSON over loopback, default windows: p50 and max
    of a few views (the first view included: it computes what warm left to a view)."""
    for label, path in (
        ("city overview page", "/admin/dashboard"),
        ("one office's page", f"/admin/dashboard/office/{office}"),
        ("staffing JSON, whole city", "/v1/analytics/staffing"),
        ("staffing JSON, one office", f"/v1/analytics/staffing?office={office}"),
        ("opening-hours JSON, one office", f"/v1/analytics/opening-hours?office={office}"),
        ("underused JSON", "/v1/analytics/underused"),
    ):
        samples = []
        for _ in range(views):
            began = time.perf_counter()
            answer = requests.get(f"{url}{path}", timeout=600)
            samples.append(time.perf_counter() - began)
            answer.raise_for_status()
        print(
            f"  {label:52} {statistics.median(samples):8.2f} s p50, "
            f"{max(samples):.2f} s max (first {samples[0]:.2f} s)",
            flush=True,
        )


def run_pushed(kind: str, offices_count: int, days: int, seed: int, folder: Path) -> None:
    """History pushed through apply_push, then the measurements."""
    with fresh_database(kind, folder) as url:
        store = open_store(url)
        try:
            desks = [new_desk(code, seed) for code in office_codes(offices_count)]
            now = datetime.combine(FIRST_DAY + timedelta(days=days), datetime.min.time(), UTC)
            enrol(store, desks, now)
            print(f"{kind}: {offices_count} offices, {days} days of history pushed", flush=True)
            began = time.perf_counter()
            for n in range(days):
                push_day(store, desks, FIRST_DAY + timedelta(days=n), now)
            with store.transaction() as session:
                rollups.refresh(session)
            print(f"  (history pushed and rolled up in {time.perf_counter() - began:.1f} s)")
            measure(store, desks, FIRST_DAY + timedelta(days=days), now)
        finally:
            store.dispose()


_EVENT_COLUMNS = ", ".join(push.EVENT_COLUMNS)
_INDEXES = ("ix_events_office_task", "ix_events_office_occurred")


def run_postgres_year(
    offices_count: int, days: int, seed: int, folder: Path, *, sample: int = 0
) -> None:
    """History written with COPY (about 10 million events for 267 x 365), then measured."""
    with fresh_database("postgresql", folder) as url:
        store = open_store(url)
        try:
            desks = [new_desk(code, seed) for code in office_codes(offices_count)]
            now = datetime.combine(FIRST_DAY + timedelta(days=days), datetime.min.time(), UTC)
            enrol(store, desks, now)
            print(
                f"postgresql: {offices_count} offices x {days} days written with COPY", flush=True
            )
            began = time.perf_counter()
            written = copy_history(url, desks, days, now)
            label = "COPY of the history (indexes built after)"
            print(f"  {label:52} {time.perf_counter() - began:8.2f} s")
            print(f"    {written} events")
            with store.transaction() as session:
                for desk in desks:
                    device = session.get(Device, (desk.office, desk.device_id))
                    assert device is not None
                    device.acked_seq, device.head_hash = desk.seq, desk.head
            measure(store, desks, FIRST_DAY + timedelta(days=days), now, rebuild_sample=sample)
            with store.transaction() as session:
                size = session.execute(
                    text(
                        "SELECT pg_size_pretty(pg_total_relation_size('hour_rollups')),"
                        " pg_size_pretty(pg_total_relation_size('events'))"
                    )
                ).one()
                cells = session.scalar(select(func.count()).select_from(HourRollup))
            print(f"  hour_rollups: {cells} rows, {size[0]}; events: {size[1]}")
        finally:
            store.dispose()


def copy_history(url: str, desks: list[Desk], days: int, now: datetime) -> int:
    written = 0
    with psycopg.connect(_dsn(url)) as conn:
        for name in _INDEXES:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("ALTER TABLE events DROP CONSTRAINT uq_events_office_uuid")
        with (
            conn.cursor() as cursor,
            cursor.copy(f"COPY events ({_EVENT_COLUMNS}) FROM STDIN") as copy,
            conn.cursor() as c2,
        ):
            sessions_rows = []
            for index, desk in enumerate(desks):
                for n in range(days):
                    day = FIRST_DAY + timedelta(days=n)
                    specs, sessions = day_specs(desk, day)
                    for event in chained(desk, specs, hashed=False):
                        payload = orjson.dumps(
                            event["payload"], option=orjson.OPT_SORT_KEYS
                        ).decode()
                        copy.write_row(
                            (
                                desk.office,
                                desk.device_id,
                                event["seq"],
                                event["uuid"],
                                event["kind"],
                                event["actor"],
                                event["task_id"],
                                event["occurred_at"],
                                event["monotonic_ns"],
                                payload,
                                event["prev_hash"],
                                event["hash"],
                                now,
                            )
                        )
                        written += 1
                    for sid, officer, start, end in sessions:
                        key = f"{wire.utc_iso(start)}|{desk.device_id}|0"
                        sessions_rows.append(
                            (desk.office, sid, officer, start, key, end, key, False)
                        )
                if index % 25 == 24:
                    print(f"    {index + 1} offices, {written} events", flush=True)
            del c2
        with (
            conn.cursor() as cursor,
            cursor.copy(
                "COPY attendance_sessions (office_code, session_id, officer_id, started_at, "
                "started_key, ended_at, ended_key, corrected) FROM STDIN"
            ) as copy,
        ):
            for row in sessions_rows:
                copy.write_row(row)
        conn.commit()
        began = time.perf_counter()
        conn.execute(
            "ALTER TABLE events ADD CONSTRAINT uq_events_office_uuid UNIQUE (office_code, uuid)"
        )
        conn.execute("CREATE INDEX ix_events_office_task ON events (office_code, task_id)")
        conn.execute("CREATE INDEX ix_events_office_occurred ON events (office_code, occurred_at)")
        conn.execute("ANALYZE")
        conn.commit()
        print(f"    (indexes built in {time.perf_counter() - began:.1f} s)")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offices", type=int, default=None, help="offices (267)")
    parser.add_argument("--days", type=int, default=None, help="days of history")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="small sizes, SQLite (smoke)")
    parser.add_argument("--skip-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--postgres-year",
        action="store_true",
        help="COPY a year of the whole city into PostgreSQL (about 10M events)",
    )
    parser.add_argument(
        "--rebuild-sample",
        type=int,
        default=0,
        help="--postgres-year: time the rebuild of this many offices only (0: all)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        if args.postgres_year:
            run_postgres_year(
                args.offices or 267, args.days or 365, args.seed, folder, sample=args.rebuild_sample
            )
        elif args.quick:
            run_pushed("sqlite", args.offices or 4, args.days or 3, args.seed, folder)
        else:
            for kind in ("sqlite",) if args.skip_postgres else ("sqlite", "postgresql"):
                run_pushed(kind, args.offices or 267, args.days or 10, args.seed, folder)


if __name__ == "__main__":
    main()
