"""The city's figures per office, derived from the events it holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central import ledger
from central.lifecycle import STATUS_AFTER, STATUSES
from central.store.models import Device, Flag, StoredEvent


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
        }


def office_figures(session: Session, *, office_code: str) -> OfficeFigures:
    """Tasks by status, events, devices and flags of one office, from its events."""
    status: dict[str, str] = {}
    rows = session.execute(
        select(StoredEvent.task_id, StoredEvent.kind)
        .where(
            StoredEvent.office_code == office_code,
            StoredEvent.kind.in_(tuple(STATUS_AFTER)),
        )
        .order_by(StoredEvent.device_id, StoredEvent.seq)
    )
    for task_id, kind in rows:
        if task_id is not None:
            status[task_id] = STATUS_AFTER[kind]
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
    ledger_rows = ledger.points_by_officer(session, office_code=office_code)
    points: list[dict[str, Any]] = [
        {"officer_id": p.officer_id, "nip": p.nip, "name": p.name, "points": p.points}
        for p in ledger_rows
    ]
    total = sum(p.points for p in ledger_rows)
    return OfficeFigures(office_code, by_status, points, total, int(events or 0), devices, flags)
