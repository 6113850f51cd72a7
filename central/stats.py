"""The city's figures per office, derived from the events it holds."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central import ledger, projections
from central.ledger import JAKARTA
from central.lifecycle import STATUSES
from central.store.models import (
    AgencyStay,
    AttendanceSession,
    DayClose,
    Device,
    Flag,
    StoredEvent,
)
from desk_app.eventlog import fold, kinds


@dataclass(frozen=True)
class OfficeFigures:
    """What the city computed for one office."""

    office_code: str
    tasks_by_status: dict[str, int]
    points_by_officer: list[dict[str, Any]]
    points_total: int
    events: int
    devices: list[dict[str, Any]]
    flags: dict[str, int]
    agency_stays: list[dict[str, Any]] = field(default_factory=list)
    attendance_hours_by_officer: list[dict[str, Any]] = field(default_factory=list)
    days_closed: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary; shared keys mean what `desk-app stats --json` means."""
        return {
            "office_code": self.office_code,
            "tasks_by_status": self.tasks_by_status,
            "points_by_officer": self.points_by_officer,
            "points_total": self.points_total,
            "events": self.events,
            "devices": self.devices,
            "flags": self.flags,
            "agency_stays": self.agency_stays,
            "attendance_hours_by_officer": self.attendance_hours_by_officer,
            "days_closed": self.days_closed,
        }


# Events that order the office's chains (eventlog/fold.py): their payloads are read.
_ORDERING = (kinds.OFFICE_PEERS_APPLIED, kinds.DESK_RESTORED, kinds.TASK_CONFLICT_SETTLED)


def _task_statuses(session: Session, office_code: str) -> dict[str, str]:
    """Each task's status by the desks' own fold: causal order, a loser not applied."""
    rows = session.execute(
        select(
            StoredEvent.uuid,
            StoredEvent.device_id,
            StoredEvent.seq,
            StoredEvent.kind,
            StoredEvent.task_id,
            StoredEvent.payload,
        ).where(StoredEvent.office_code == office_code)
    )
    ordered = []
    for uuid, device, seq, kind, task_id, payload in rows:
        data: dict[str, Any] = {}
        if kind in _ORDERING:
            with contextlib.suppress(ValueError, TypeError):
                found = json.loads(payload)
                data = found if isinstance(found, dict) else {}
        ordered.append(fold.Ordered(uuid, device, seq, kind, data, task_id))
    return fold.task_statuses(ordered)


def office_figures(
    session: Session, *, office_code: str, now: datetime | None = None
) -> OfficeFigures:
    """Tasks by status, events, devices, flags, points, agency stays, hours and sealed days
    of one office; an open attendance session counts up to `now` (not at all without it)."""
    status = _task_statuses(session, office_code)
    by_status = dict.fromkeys(STATUSES, 0)
    for value in status.values():
        by_status[value] += 1
    events = session.scalar(
        select(func.count()).select_from(StoredEvent).where(StoredEvent.office_code == office_code)
    )
    devices = [
        {
            "device_id": d.device_id,
            "device_no": d.device_no,
            "acked_seq": d.acked_seq,
            "backlog": max(d.reported_seq - d.acked_seq, 0),
            "revoked": d.revoked_at is not None,
            "clock_skew_s": d.clock_skew_s,
            "predecessor_id": d.predecessor_id,  # the device it succeeded at a restore
        }
        for d in session.scalars(
            select(Device).where(Device.office_code == office_code).order_by(Device.device_no)
        )
    ]
    flags = dict(
        session.execute(
            select(Flag.kind, func.count())
            .where(Flag.office_code == office_code)
            .group_by(Flag.kind)
        ).all()
    )
    done = ledger.replay(session, office_code=office_code)
    ledger_rows = ledger.officer_points(done)
    points: list[dict[str, Any]] = [
        {"officer_id": p.officer_id, "nip": p.nip, "name": p.name, "points": p.points}
        for p in ledger_rows
    ]
    total = sum(p.points for p in ledger_rows)
    seconds = attendance_seconds(session, office_code=office_code, now=now).totals()
    hours: list[dict[str, Any]] = [
        {
            "officer_id": oid,
            "nip": done.officers.get(oid, ("", ""))[0],
            "name": done.officers.get(oid, ("", ""))[1],
            "hours": round(value / 3600, 2),
        }
        for oid, value in sorted(
            seconds.items(),
            key=lambda item: (-round(item[1] / 3600, 2), done.officers.get(item[0], ("", ""))[1]),
        )
    ]
    return OfficeFigures(
        office_code,
        by_status,
        points,
        total,
        int(events or 0),
        devices,
        flags,
        agency_summary(session, office_code=office_code, now=now),
        hours,
        days_closed(session, office_code=office_code),
    )


# --- agency stays ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Stay:
    """One stay of a task at an agency, as the city holds it."""

    stay_id: str
    task_id: str
    agency_code: str
    forwarded_at: datetime
    returned_at: datetime | None
    outcome: str | None


def agency_stays(session: Session, *, office_code: str) -> list[Stay]:
    """Every stay of the office's tasks at agencies, oldest first."""
    rows = session.scalars(
        select(AgencyStay)
        .where(AgencyStay.office_code == office_code)
        .order_by(AgencyStay.forwarded_at, AgencyStay.stay_id)
    )
    return [
        Stay(
            r.stay_id,
            r.task_id,
            r.agency_code,
            _aware(r.forwarded_at),
            _aware(r.returned_at) if r.returned_at else None,
            r.outcome,
        )
        for r in rows
    ]


def agency_summary(
    session: Session, *, office_code: str, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Per agency: stays, those still out, returned with a problem, and hours held (mean and
    longest of the ended stays; still-out ones count to `now` in `oldest_open_hours`)."""
    by_agency: dict[str, list[Stay]] = {}
    for stay in agency_stays(session, office_code=office_code):
        by_agency.setdefault(stay.agency_code, []).append(stay)
    out = []
    for code, stays in sorted(by_agency.items()):
        ended = [
            (s.returned_at - s.forwarded_at).total_seconds() / 3600
            for s in stays
            if s.returned_at is not None
        ]
        still_out = [s for s in stays if s.returned_at is None]
        oldest = (
            max((now - s.forwarded_at).total_seconds() / 3600 for s in still_out)
            if still_out and now is not None
            else None
        )
        out.append(
            {
                "agency_code": code,
                "stays": len(stays),
                "still_out": len(still_out),
                "returned_with_problem": sum(s.outcome == "problem" for s in stays),
                "withdrawn": sum(s.outcome == projections.WITHDRAWN for s in stays),
                "mean_hours": round(sum(ended) / len(ended), 2) if ended else None,
                "max_hours": round(max(ended), 2) if ended else None,
                "oldest_open_hours": round(oldest, 2) if oldest is not None else None,
            }
        )
    return out


# --- attendance ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendance:
    """Worked seconds per officer and local (Asia/Jakarta) day."""

    by_officer_day: dict[str, dict[date, float]]

    def totals(self) -> dict[str, float]:
        """Seconds per officer over all days."""
        return {o: sum(days.values()) for o, days in self.by_officer_day.items()}


def attendance_seconds(
    session: Session, *, office_code: str, now: datetime | None = None
) -> Attendance:
    """Worked seconds per officer and local day from the sessions the city holds; a session
    over midnight is split; an open one counts up to `now` (left out without it)."""
    per: dict[str, dict[date, float]] = {}
    for officer, started, ended in session.execute(
        select(
            AttendanceSession.officer_id, AttendanceSession.started_at, AttendanceSession.ended_at
        ).where(AttendanceSession.office_code == office_code)
    ):
        if started is None:
            continue  # only a clock-out has reached the city so far
        end = _aware(ended) if ended is not None else now
        if end is None:
            continue
        days = per.setdefault(officer, {})
        for day, seconds in _split_by_day(_aware(started), end):
            days[day] = days.get(day, 0.0) + seconds
    return Attendance(per)


def _split_by_day(start: datetime, end: datetime) -> list[tuple[date, float]]:
    """Seconds of [start, end) on each Jakarta day (as the desk splits them)."""
    out = []
    cursor = start
    while cursor < end:
        day = cursor.astimezone(JAKARTA).date()
        midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=JAKARTA)
        stop = min(end, midnight)
        out.append((day, (stop - cursor).total_seconds()))
        cursor = stop
    return out


# --- day closes ------------------------------------------------------------------------------


def days_closed(session: Session, *, office_code: str) -> list[dict[str, Any]]:
    """Every sealed day of the office with the figures its close carried, oldest first."""
    rows = session.scalars(
        select(DayClose)
        .where(DayClose.office_code == office_code)
        .order_by(DayClose.day, DayClose.closed_at, DayClose.close_uuid)
    )
    return [
        {
            "day": r.day.isoformat(),
            "close_uuid": r.close_uuid,
            "device_id": r.device_id,
            "closed_by": r.closed_by,
            "closed_at": r.closed_at,
            **{name: getattr(r, name) for name in projections.DAY_TOTALS},
            "hours": r.hours,
            "last_event_seq": r.last_event_seq,
        }
        for r in rows
    ]


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
