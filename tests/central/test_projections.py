"""The city's agency stays, attendance and day closes equal what the desk computes, pushed
through the real API; and they come out the same whatever order the desks' pushes arrive."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select, text

from central import offices, projections, push
from central import stats as city_stats
from central.cli import main as central_main
from central.store.engine import MIGRATIONS_DIR, Store, open_store
from central.store.models import AgencyStay, AttendanceSession, DayClose
from desk_app.closing import dayclose
from desk_app.common.workdays import local_day
from desk_app.db.engine import Database
from desk_app.db.models import AgencyStint
from desk_app.db.models import DayClose as DeskDayClose
from desk_app.db.storage import open_database
from desk_app.demo import DEMO_OFFICE, generate_demo
from desk_app.eventlog import kinds, wire
from desk_app.insights import stats as desk_stats
from desk_app.office import attendance, officers
from desk_app.sync import client
from tests.central.conftest import City
from tests.helpers import MORNING

END = MORNING + timedelta(days=4, hours=7)  # Sunday evening in Jakarta, after a working week
LATER = END + timedelta(minutes=5)
NOW = END + timedelta(hours=1)  # the moment both sides count open sessions up to


@pytest.fixture
def demo_desk(tmp_path: Path) -> Iterator[Database]:
    """A demo office's week, one attendance session corrected, two days sealed."""
    db = open_database(tmp_path / "demo", create=True)
    try:
        generate_demo(db, days=5, officers_count=3, seed=11, per_day=(10, 16), end=END)
        with db.write() as session:
            lead = next(o for o in officers.list_officers(session) if o.role == "lead")
            first = local_day(END) - timedelta(days=4)
            shifts = attendance.sessions(session, start=first, end=local_day(END))
            done = next(s for s in shifts if s.ended_at is not None)
            assert done.ended_at is not None
            attendance.correct_session(
                session,
                lead_id=lead.id,
                session_id=done.id,
                started_at=done.started_at - timedelta(minutes=40),
                ended_at=done.ended_at - timedelta(minutes=5),
                reason="Lupa absen pagi",
                now=LATER,
            )
            attendance.clock_in(session, officer_id=lead.id, now=LATER)  # still in at NOW
            for back in (3, 2):
                dayclose.close_day(
                    session,
                    lead_id=lead.id,
                    day=local_day(END) - timedelta(days=back),
                    now=LATER,
                    acknowledge=True,
                    reason="Ditutup untuk uji kota",
                    clock_out_open=False,
                )
        yield db
    finally:
        db.dispose()


def _push_all(db: Database, city: City) -> None:
    client.enroll(db, server=city.url, code=city.enrolment_code(DEMO_OFFICE))
    result = client.push_once(db, now=LATER, batch_size=500)
    assert result.pending == 0 and result.stored > 150


def test_the_citys_stays_hours_and_sealed_days_equal_the_desks(
    demo_desk: Database, city: City, capsys: pytest.CaptureFixture[str]
) -> None:
    _push_all(demo_desk, city)
    with demo_desk.read() as session:
        stints = {
            (s.task_id, s.agency_code, s.forwarded_at, s.returned_at, s.outcome)
            for s in session.scalars(select(AgencyStint))
        }
        first, last = local_day(END) - timedelta(days=4), local_day(NOW)
        desk_seconds = attendance.seconds_by_officer(session, start=first, end=last, now=NOW)
        desk_hours = desk_stats.office_stats(
            session, office_code=DEMO_OFFICE, day=None, today=last, now=NOW
        ).to_json()["hours_by_officer"]
        closes = [
            (c.day.isoformat(), c.event_uuid, json.loads(c.summary)["totals"])
            for c in session.scalars(select(DeskDayClose).order_by(DeskDayClose.day))
        ]
    with city.store.transaction() as session:
        stays = city_stats.agency_stays(session, office_code=DEMO_OFFICE)
        city_seconds = city_stats.attendance_seconds(session, office_code=DEMO_OFFICE, now=NOW)
        figures = city_stats.office_figures(session, office_code=DEMO_OFFICE, now=NOW)
    # Guards: the demo did forward, return and withdraw, and has sessions to count.
    assert {s.outcome for s in stays} >= {"complete", None} and len(stays) >= 5
    assert len(closes) == 2 and len(desk_hours) >= 3
    held = {(s.task_id, s.agency_code, s.forwarded_at, s.returned_at, s.outcome) for s in stays}
    assert held == stints
    assert _rounded(city_seconds.by_officer_day) == _rounded(desk_seconds)
    assert figures.attendance_hours_by_officer == desk_hours
    totals = [(d["day"], d["close_uuid"], d) for d in figures.days_closed]
    assert [(day, uuid_) for day, uuid_, _ in totals] == [(d, u) for d, u, _ in closes]
    for (_, _, city_day), (_, _, desk_totals) in zip(totals, closes, strict=True):
        assert {k: city_day[k] for k in desk_totals} == desk_totals
    by_agency = {a["agency_code"]: a for a in figures.agency_stays}
    assert sum(a["stays"] for a in by_agency.values()) == len(stints)
    assert sum(a["still_out"] for a in by_agency.values()) == sum(r is None for *_, r, _ in stints)
    # The command prints the same figures.
    moment = NOW.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    argv = ["stats", "--json", "--office", DEMO_OFFICE, "--database-url", city.store.url]
    assert central_main([*argv, "--now", moment]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["days_closed"] == figures.days_closed
    assert printed["agency_stays"] == [
        {**a, "oldest_open_hours": printed["agency_stays"][i]["oldest_open_hours"]}
        for i, a in enumerate(figures.agency_stays)
    ]
    assert {h["officer_id"] for h in printed["attendance_hours_by_officer"]} == {
        h["officer_id"] for h in desk_hours
    }


def _rounded(per: dict[str, dict[date, float]]) -> dict[str, dict[date, float]]:
    return {o: {d: round(s, 3) for d, s in days.items() if s} for o, days in per.items() if days}


# --- whatever order the pushes arrive in ------------------------------------------------------


def _chain(device: str, specs: list[tuple[str, str | None, datetime, dict[str, Any]]]) -> list[Any]:
    """A valid chain of one device: (kind, task id, moment, payload) each."""
    prev, out = wire.GENESIS_HASH, []
    for seq, (kind, task_id, at, payload) in enumerate(specs, start=1):
        event = wire.WireEvent(
            uuid=str(uuid.uuid4()),
            device_id=device,
            seq=seq,
            kind=kind,
            actor="lead-1",
            task_id=task_id,
            occurred_at=wire.utc_iso(at),
            monotonic_ns=seq,
            payload=payload,
            prev_hash=prev,
            hash="",
        )
        event["hash"] = prev = wire.chain_hash(prev, wire.hashed_body(event))
        out.append(event)
    return out


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones."""
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def _two_desks() -> dict[str, list[Any]]:
    """Two desks of an office acting on one task and one attendance session in turn."""
    t = [MORNING + timedelta(minutes=10 * n) for n in range(8)]
    shift = {"session_id": "s-1", "officer_id": "officer-1"}
    a = _chain(
        "a" * 36,
        [
            (kinds.TASK_FORWARDED, "task-1", t[1], {"agency_code": "DUKCAPIL", "note": ""}),
            (kinds.SHIFT_CLOCKED_IN, None, t[2], shift),
            (kinds.TASK_FORWARDED, "task-1", t[4], {"agency_code": "CITATA", "note": ""}),
            (kinds.SHIFT_CLOCKED_OUT, None, t[7], shift),
        ],
    )
    moved = {"started_at": wire.utc_iso(t[0]), "ended_at": None}
    before = {"started_at": wire.utc_iso(t[2]), "ended_at": None}
    problem, why = {"outcome": "problem", "note": ""}, {"reason": "Lupa absen"}
    b = _chain(
        "b" * 36,
        [
            (kinds.TASK_RETURNED, "task-1", t[3], {"agency_code": "DUKCAPIL", **problem}),
            (kinds.SHIFT_CORRECTED, None, t[5], {**shift, **moved, "before": before, **why}),
            (kinds.TASK_CANCELLED, "task-1", t[6], {"reason": "Pemohon mundur"}),
        ],
    )
    return {"a" * 36: a, "b" * 36: b}


def _projected(store: Store, office: str, order: list[tuple[str, int, int]]) -> Any:
    """Push the two desks' events to `office` in `order` (device, from, to); what it holds."""
    chains = _two_desks()
    with store.transaction() as session:
        offices.register_office(session, office_code=office, now=MORNING)
        tokens = {}
        for number, device_id in enumerate(sorted(chains), start=1):
            code = offices.issue_code(session, office_code=office, now=MORNING)
            done = offices.enroll(
                session,
                office_code=office,
                code=code,
                device_id=device_id,
                device_no=number,
                now=MORNING,
            )
            tokens[device_id] = f"Bearer {done.token}"
    for device_id, start, stop in order:
        with store.transaction() as session:
            device = offices.authenticate(
                session, authorization=tokens[device_id], office_code=office
            )
            push.apply_push(
                session, device=device, events=chains[device_id][start:stop], now=MORNING
            )
    with store.transaction() as session:
        stays = [
            (s.agency_code, s.forwarded_at, s.returned_at, s.outcome)
            for s in city_stats.agency_stays(session, office_code=office)
        ]
        shifts = [
            (r.officer_id, _aware(r.started_at), _aware(r.ended_at), r.corrected)
            for r in session.scalars(
                select(AttendanceSession).where(AttendanceSession.office_code == office)
            )
        ]
        seconds = city_stats.attendance_seconds(session, office_code=office).by_officer_day
    return stays, shifts, seconds


def test_stays_and_sessions_are_the_same_whatever_order_the_desks_pushes_arrive_in(
    store: Store,
) -> None:
    a, b = "a" * 36, "b" * 36
    rng = random.Random(7)
    orders = [
        [(a, 0, 4), (b, 0, 3)],
        [(b, 0, 3), (a, 0, 4)],
        [(b, 0, 1), (a, 0, 2), (b, 1, 3), (a, 2, 4)],
        [(a, 0, 1), (b, 0, 2), (a, 1, 3), (b, 2, 3), (a, 3, 4)],
    ]
    codes = ["31.74.08.1005", "31.74.06.1002", "31.71.01.1001", "31.74.01.1001"]
    rng.shuffle(orders)
    seen = [_projected(store, code, order) for code, order in zip(codes, orders, strict=True)]
    stays, shifts, seconds = seen[0]
    assert all(other == seen[0] for other in seen[1:])
    t = [MORNING + timedelta(minutes=10 * n) for n in range(8)]
    assert stays == [
        ("DUKCAPIL", t[1], t[3], "problem"),
        ("CITATA", t[4], t[6], projections.WITHDRAWN),
    ]
    assert shifts == [("officer-1", t[0], t[7], True)]  # corrected start, the later clock-out
    assert seconds == {"officer-1": {local_day(t[0]): 70 * 60.0}}


# --- a city that upgrades keeps its figures ---------------------------------------------------


def test_the_migration_projects_the_events_the_city_already_held(
    demo_desk: Database, store_url: str, city: City
) -> None:
    _push_all(demo_desk, city)
    with city.store.transaction() as session:
        before = (
            city_stats.agency_stays(session, office_code=DEMO_OFFICE),
            city_stats.attendance_seconds(session, office_code=DEMO_OFFICE).by_officer_day,
            city_stats.days_closed(session, office_code=DEMO_OFFICE),
        )
    assert before[0] and before[1] and before[2]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = city.store.engine
    command.downgrade(config, "0002")
    with city.store.engine.connect() as conn:
        assert "agency_stays" not in {
            row[0]
            for row in conn.execute(
                text("SELECT table_name FROM information_schema.tables")
                if city.store.is_postgres
                else text("SELECT name FROM sqlite_master WHERE type = 'table'")
            )
        }
    upgraded = open_store(store_url)
    try:
        with upgraded.transaction() as session:
            after = (
                city_stats.agency_stays(session, office_code=DEMO_OFFICE),
                city_stats.attendance_seconds(session, office_code=DEMO_OFFICE).by_officer_day,
                city_stats.days_closed(session, office_code=DEMO_OFFICE),
            )
            counts = [
                len(session.scalars(select(model)).all())
                for model in (AgencyStay, AttendanceSession, DayClose)
            ]
    finally:
        upgraded.dispose()
    assert after == before and all(counts)
