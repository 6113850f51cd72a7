"""Office statistics: tasks by status, points per officer, totals (all time or one day)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.counter import tasks
from desk_app.counter.tasks import CLOSED_STATUSES, OPEN_STATUSES, STATUSES
from desk_app.db.models import ChainHead, Officer, Task
from desk_app.office import attendance
from desk_app.points import ledger


@dataclass(frozen=True)
class OfficerHours:
    """Hours an officer worked (attendance sessions) in the period."""

    officer_id: str
    nip: str
    name: str
    hours: float


def hours_by_officer(
    session: Session, *, day: date | None, today: date, now: datetime
) -> list[OfficerHours]:
    """Worked hours per officer on one local day, or over all time with day=None; most first."""
    start, end = (day, day) if day is not None else (date(2000, 1, 1), today)
    totals = attendance.hours_by_officer(session, start=start, end=end, now=now)
    people = session.execute(
        select(Officer.id, Officer.nip, Officer.name).where(Officer.id.in_(list(totals)))
    ).all()
    rows = [OfficerHours(i, nip, name, round(totals[i], 2)) for i, nip, name in people]
    return sorted(rows, key=lambda r: (-r.hours, r.name))


@dataclass(frozen=True)
class OfficeStats:
    """What `desk-app stats` prints."""

    office_code: str
    day: date | None
    tasks_by_status: dict[str, int]
    received: int
    closed_by_status: dict[str, int]
    open_now: int
    overdue_now: int
    points_by_officer: list[ledger.OfficerPoints]
    points_total: int
    events: int
    hours_by_officer: list[OfficerHours] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        data = asdict(self)
        data["day"] = self.day.isoformat() if self.day else None
        return data


def office_stats(
    session: Session,
    *,
    office_code: str,
    day: date | None,
    today: date,
    now: datetime,
) -> OfficeStats:
    """Totals for one local day (tasks received that day) or, with day=None, for all time."""
    by_status = select(Task.status, func.count()).select_from(Task)
    closed = select(Task.status, func.count()).select_from(Task)
    if day is not None:
        by_status = by_status.where(Task.received_day == day)
        closed = closed.where(Task.closed_day == day)
    else:
        closed = closed.where(Task.status.in_(CLOSED_STATUSES))
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({s: int(n) for s, n in session.execute(by_status.group_by(Task.status))})
    closed_counts = dict.fromkeys(CLOSED_STATUSES, 0)
    closed_counts.update({s: int(n) for s, n in session.execute(closed.group_by(Task.status))})
    open_now = int(
        session.scalar(select(func.count()).select_from(Task).where(Task.status.in_(OPEN_STATUSES)))
        or 0
    )
    overdue = int(
        session.scalar(select(func.count()).select_from(Task).where(tasks.overdue_condition(today)))
        or 0
    )
    start, end = (day, day) if day is not None else (date.min, date.max)
    per_officer = ledger.points_between(session, start=start, end=end)
    events = int(session.scalar(select(func.sum(ChainHead.seq))) or 0)
    return OfficeStats(
        office_code=office_code,
        day=day,
        tasks_by_status=counts,
        received=sum(counts.values()),
        closed_by_status=closed_counts,
        open_now=open_now,
        overdue_now=overdue,
        points_by_officer=per_officer,
        points_total=sum(p.points for p in per_officer),
        events=events,
        hours_by_officer=hours_by_officer(session, day=day, today=today, now=now),
    )
