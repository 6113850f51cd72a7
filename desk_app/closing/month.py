"""A month of the office in numbers, for the month report: a pure read, no Qt."""

from __future__ import annotations

import calendar
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.closing import dayclose
from desk_app.common.errors import ValidationError
from desk_app.counter import printing
from desk_app.counter.tasks import CANCELLED, COMPLETED, REJECTED
from desk_app.db.models import QueueTicket, Task
from desk_app.office import installation
from desk_app.points import ledger
from desk_app.points.ledger import OfficerPoints
from desk_app.queueing import survey
from desk_app.queueing.survey import IkmScore
from desk_app.queueing.tickets import NO_SHOW, SERVED


@dataclass(frozen=True)
class MonthDay:
    """One local day: tasks received, and closed by status (as the day close counts)."""

    day: date
    received: int
    completed: int
    rejected: int
    cancelled: int
    sealed: bool  # the day has been closed (sealed) by a lead


@dataclass(frozen=True)
class MonthQueue:
    """The month's tickets; the median wait of served tickets in seconds (None: unmeasured)."""

    issued: int
    served: int
    no_shows: int
    wait_median_s: float | None


@dataclass(frozen=True)
class MonthSummary:
    """Everything the month report prints, from the 1st up to `last_day`."""

    month: date  # the 1st of the month
    last_day: date  # the month's end, or today for the running month
    office_code: str
    office_name: str
    days: tuple[MonthDay, ...]  # every day from the 1st to `last_day`
    sla_closed: int
    sla_on_time: int
    officers: tuple[OfficerPoints, ...]  # highest first
    queue: MonthQueue | None  # None when no ticket was issued
    ikm: IkmScore | None  # None when no survey was answered

    @property
    def received(self) -> int:
        """Tasks received in the month."""
        return sum(d.received for d in self.days)

    @property
    def completed(self) -> int:
        """Tasks completed (handed over) in the month."""
        return sum(d.completed for d in self.days)

    @property
    def rejected(self) -> int:
        """Tasks rejected in the month."""
        return sum(d.rejected for d in self.days)

    @property
    def cancelled(self) -> int:
        """Tasks cancelled in the month."""
        return sum(d.cancelled for d in self.days)

    @property
    def sla_rate(self) -> float | None:
        """Share of the month's deliveries on time (None when nothing was delivered)."""
        return self.sla_on_time / self.sla_closed if self.sla_closed else None

    @property
    def points(self) -> int:
        """Points earned by all officers in the month."""
        return sum(o.points for o in self.officers)


def month_end(month: date) -> date:
    """The last day of the month of `month`."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _received(session: Session, start: date, end: date) -> dict[date, int]:
    rows = session.execute(
        select(Task.received_day, func.count())
        .where(Task.received_day.between(start, end))
        .group_by(Task.received_day)
    )
    return {day: int(n) for day, n in rows}


def _closed(session: Session, start: date, end: date) -> dict[tuple[date, str], int]:
    rows = session.execute(
        select(Task.closed_day, Task.status, func.count())
        .where(Task.closed_day.between(start, end))
        .group_by(Task.closed_day, Task.status)
    )
    return {(day, status): int(n) for day, status, n in rows if day is not None}


def _queue(session: Session, start: date, end: date) -> MonthQueue | None:
    rows = session.execute(
        select(QueueTicket.status, QueueTicket.wait_seconds).where(
            QueueTicket.day.between(start, end)
        )
    ).all()
    if not rows:
        return None
    waits = [w for status, w in rows if status == SERVED and w is not None]
    return MonthQueue(
        issued=len(rows),
        served=sum(1 for status, _ in rows if status == SERVED),
        no_shows=sum(1 for status, _ in rows if status == NO_SHOW),
        wait_median_s=float(statistics.median(waits)) if waits else None,
    )


def check_month(month: date, *, today: date, field: str = "month") -> date:
    """The month's first day; ValidationError naming `field` for a month not begun yet."""
    start = month.replace(day=1)
    if start > today:
        raise ValidationError(field, "month.not_yet", month=f"{start:%m-%Y}")
    return start


def summarize_month(session: Session, *, month: date, today: date) -> MonthSummary:
    """The month of `month` up to its end, or up to `today` while it runs."""
    start = check_month(month, today=today)
    end = min(month_end(start), today)
    desk = installation.desk_info(session)
    received = _received(session, start, end)
    closed = _closed(session, start, end)
    sealed = set(dayclose.closed_days(session, start=start, end=end))
    days = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        days.append(
            MonthDay(
                day=day,
                received=received.get(day, 0),
                completed=closed.get((day, COMPLETED), 0),
                rejected=closed.get((day, REJECTED), 0),
                cancelled=closed.get((day, CANCELLED), 0),
                sealed=day in sealed,
            )
        )
    delivered = ledger.deliveries(session, start=start, end=end).values()
    return MonthSummary(
        month=start,
        last_day=end,
        office_code=desk.office_code,
        office_name=printing.office_title(desk.office_name, desk.office_level),
        days=tuple(days),
        sla_closed=sum(n for n, _ in delivered),
        sla_on_time=sum(on_time for _, on_time in delivered),
        officers=tuple(ledger.points_between(session, start=start, end=end)),
        queue=_queue(session, start, end),
        ikm=survey.ikm_between(session, start=start, end=end),
    )
