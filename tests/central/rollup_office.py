"""A synthetic office of three desks, pushed to a city store: the event chains the
analytics tests (rollups, ideal staff, remembered answers, the warmer) share."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from central import offices, push
from central.analytics import rollups
from central.store.engine import Store
from central.store.models import Device
from desk_app.eventlog import kinds, wire

FIRST_DAY = date(2026, 11, 23)  # a Monday (Jakarta)
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DEVICES = ("a" * 36, "b" * 36, "c" * 36)
Spec = tuple[datetime, str, str | None, str, dict[str, Any]]  # at, kind, task, actor, payload


def _local(day: date, hours: float) -> datetime:
    """A Jakarta wall-clock moment of `day` as UTC."""
    return rollups.day_start(day) + timedelta(hours=hours)


def synthetic_office(seed: int, *, days: int = 4) -> dict[str, list[Any]]:
    """Three desks' valid chains: tickets (served, no-shows, never called), walk-in intakes
    in an hour without tickets, completions days later on another desk, a reversal, shifts
    (one corrected, one over midnight)."""
    rng = random.Random(seed)
    specs: dict[str, list[Spec]] = {d: [] for d in DEVICES}
    tasks: list[tuple[str, datetime, str]] = []
    for n in range(days):
        day = FIRST_DAY + timedelta(days=n)
        for i, device in enumerate(DEVICES):
            officer = f"officer-{i}"
            sid = str(uuid.UUID(int=rng.getrandbits(128)))
            shift = {"session_id": sid, "officer_id": officer}
            start = _local(day, 7.5 + rng.random())
            end = _local(day, 15.5 + rng.random()) if not (i == 2 and n == 1) else _local(day, 25)
            specs[device].append((start, kinds.SHIFT_CLOCKED_IN, None, officer, shift))
            specs[device].append((end, kinds.SHIFT_CLOCKED_OUT, None, officer, shift))
            if i == 1 and n == 0:
                moved = {
                    "started_at": wire.utc_iso(start - timedelta(minutes=30)),
                    "ended_at": wire.utc_iso(end),
                }
                before = {"started_at": wire.utc_iso(start), "ended_at": wire.utc_iso(end)}
                specs[device].append(
                    (
                        end + timedelta(minutes=5),
                        kinds.SHIFT_CORRECTED,
                        None,
                        "lead",
                        {**shift, **moved, "before": before, "reason": "Lupa absen"},
                    )
                )
            for hour in range(8, 15):
                for _ in range(rng.randint(1, 5)):
                    issued = _local(day, hour + rng.random())
                    if hour == 12:  # no kiosk at lunch: intakes straight at the counter
                        task = _intake(specs[device], tasks, rng, issued, officer, day, None)
                        continue
                    tid = str(uuid.UUID(int=rng.getrandbits(128)))
                    ticket = {
                        "ticket_id": tid,
                        "day": day.isoformat(),
                        "category": "A",
                        "number": rng.randint(1, 999),
                        "priority": "",
                        "ahead": 0,
                    }
                    specs[device].append((issued, kinds.QUEUE_TICKET_ISSUED, None, "", ticket))
                    fate = rng.random()
                    if fate < 0.05:
                        continue  # never called
                    wait = rng.randint(0, 1500)
                    called = issued + timedelta(seconds=wait)
                    call = {
                        "ticket_id": tid,
                        "counter_no": i + 1,
                        "priority_used": False,
                        "passed_over": 0,
                        "wait_seconds": wait,
                    }
                    specs[device].append((called, kinds.QUEUE_TICKET_CALLED, None, officer, call))
                    if fate < 0.15:
                        no_show = {"ticket_id": tid, "counter_no": i + 1}
                        at = called + timedelta(seconds=90)
                        specs[device].append(
                            (at, kinds.QUEUE_TICKET_NO_SHOW, None, officer, no_show)
                        )
                        continue
                    handling = rng.randint(120, 900)
                    done = called + timedelta(seconds=handling)
                    task = _intake(specs[device], tasks, rng, done, officer, day, handling)
                    served = {
                        "ticket_id": tid,
                        "counter_no": i + 1,
                        "wait_seconds": wait,
                        "handling_seconds": handling,
                    }
                    specs[device].append((done, kinds.QUEUE_TICKET_SERVED, task, officer, served))
    reversed_one = False
    for task, at, device in tasks:
        if rng.random() < 0.3:
            continue
        later = at + timedelta(days=rng.randint(0, 2), hours=rng.random())
        other = rng.choice(DEVICES)
        officer = f"officer-{DEVICES.index(other)}"
        specs[device].append((later, kinds.TASK_READY, task, officer, {}))
        done = later + timedelta(minutes=20)
        handover = {"recipient_name": ""}
        specs[other].append((done, kinds.TASK_COMPLETED, task, officer, handover))
        if not reversed_one and other == device:
            specs[other].append(
                (
                    done + timedelta(minutes=1),
                    "_reverse_previous",
                    None,
                    "lead",
                    {"reason": "Salah"},
                )
            )
            reversed_one = True
    return {d: _chain(d, specs[d]) for d in DEVICES}


def _intake(
    out: list[Spec],
    tasks: list[tuple[str, datetime, str]],
    rng: random.Random,
    at: datetime,
    officer: str,
    day: date,
    handling: int | None,
) -> str:
    task = str(uuid.UUID(int=rng.getrandbits(128)))
    payload = {
        "tracking_no": f"T-{task[:8]}",
        "service_code": rng.choice(["KTP-01", "KK-02", "SKTM-03"]),
        "description": "",
        "applicant_ref": "x" * 16,
        "documents": [],
        "fee_idr": 0,
        "sla_working_days": rng.choice([1, 3, 5]),
        "point_weight": 2,
        "due_date": (day + timedelta(days=rng.choice([0, 1, 4]))).isoformat(),
        "handling_seconds": handling if handling is not None else rng.randint(60, 600),
    }
    out.append((at, kinds.TASK_RECEIVED, task, officer, payload))
    device = DEVICES[int(officer.rsplit("-", 1)[1])]
    tasks.append((task, at, device))
    return task


def _chain(device: str, specs: list[Spec]) -> list[Any]:
    prev, out = wire.GENESIS_HASH, []
    ordered = sorted(enumerate(specs), key=lambda p: (p[1][0], p[0]))
    for seq, (_, (at, kind, task_id, actor, payload)) in enumerate(ordered, start=1):
        if kind == "_reverse_previous":  # the credits of this desk's previous event
            kind, payload = kinds.POINTS_REVERSED, {**payload, "event_uuid": out[-1]["uuid"]}
        event = wire.WireEvent(
            uuid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{device}/{seq}")),
            device_id=device,
            seq=seq,
            kind=kind,
            actor=actor or None,
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


def enrol(store: Store, office: str) -> dict[str, Device]:
    with store.transaction() as session:
        offices.register_office(session, office_code=office, now=NOW)
        for number, device_id in enumerate(DEVICES, start=1):
            code = offices.issue_code(session, office_code=office, now=NOW)
            offices.enroll(
                session,
                office_code=office,
                code=code,
                device_id=device_id,
                device_no=number,
                now=NOW,
            )
    return {}


def push_chain(store: Store, office: str, device_id: str, events: list[Any]) -> None:
    with store.transaction() as session:
        device = session.get(Device, (office, device_id))
        assert device is not None
        answer = push.apply_push(session, device=device, events=events, now=NOW)
        assert answer["stored"] == len(events)
