"""Office statistics: tasks by status, points per officer, totals (all time or one day)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app import ledger
from desk_app.db.models import Event, Task
from desk_app.tasks import CLOSED_STATUSES, OPEN_STATUSES, STATUSES


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

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        data = asdict(self)
        data["day"] = self.day.isoformat() if self.day else None
        return data


def office_stats(
    session: Session, *, office_code: str, day: date | None, today: date
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
        session.scalar(
            select(func.count())
            .select_from(Task)
            .where(Task.status.in_(OPEN_STATUSES), Task.due_date < today)
        )
        or 0
    )
    start, end = (day, day) if day is not None else (date.min, date.max)
    per_officer = ledger.points_between(session, start=start, end=end)
    events = int(session.scalar(select(func.max(Event.seq))) or 0)
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
    )
