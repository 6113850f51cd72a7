"""The shift lead's dashboard numbers: arrivals, agency load, SLA, points, queue and IKM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desk_app.common.workdays import JAKARTA, is_working_day, local_day
from desk_app.counter import tasks
from desk_app.counter.tasks import OPEN_STATUSES
from desk_app.db.models import Agency, Task
from desk_app.points import ledger
from desk_app.queueing import stats as queue_stats
from desk_app.queueing import survey
from desk_app.queueing.stats import QueueDay
from desk_app.queueing.survey import IkmScore

IN_OFFICE = "Di kantor (loket)"


@dataclass(frozen=True)
class HourlyArrivals:
    """Arrivals per local hour (0-23) on a day against the same weekday's recent average."""

    day: date
    today: tuple[int, ...]
    average: tuple[float, ...]
    weeks_averaged: int  # earlier same weekdays that were working days

    def busiest_hour(self) -> int | None:
        """The hour with most arrivals today (None on an empty day)."""
        best = max(range(24), key=lambda h: self.today[h])
        return best if self.today[best] else None


@dataclass(frozen=True)
class AgencyLoad:
    """Open tasks held by one agency (code None: in the office) and how many are overdue."""

    code: str | None
    name: str
    open: int
    overdue: int


@dataclass(frozen=True)
class SlaDay:
    """Tasks completed or rejected on a day, and how many met their due date."""

    day: date
    closed: int
    on_time: int

    @property
    def rate(self) -> float | None:
        """Share on time (None when nothing closed)."""
        return self.on_time / self.closed if self.closed else None


@dataclass(frozen=True)
class LeaderRow:
    """One line of the points leaderboard."""

    rank: int
    officer_id: str
    nip: str
    name: str
    points: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the lead's dashboard plots."""

    today: date
    arrivals: HourlyArrivals
    agencies: tuple[AgencyLoad, ...]
    sla: tuple[SlaDay, ...]
    leaders: tuple[LeaderRow, ...]
    open_total: int
    overdue_total: int
    queue: QueueDay | None = None  # today's tickets, waits and no-shows
    ikm: IkmScore | None = None  # the satisfaction index since the 1st of the month


def arrivals_by_hour(session: Session, *, day: date, weeks: int = 4) -> HourlyArrivals:
    """The day's arrivals by hour and the average of the previous `weeks` same weekdays.

    Earlier weekdays that were holidays are left out of the average.
    """
    earlier = [day - timedelta(weeks=n) for n in range(1, weeks + 1)]
    averaged = [d for d in earlier if is_working_day(d)]
    offset = JAKARTA.utcoffset(datetime.combine(day, time(12)))
    hour = func.strftime(
        "%H", Task.received_at, f"{int(offset.total_seconds()) if offset else 0:+d} seconds"
    )
    rows = session.execute(
        select(Task.received_day, hour, func.count())
        .where(Task.received_day.in_([day, *averaged]))
        .group_by(Task.received_day, hour)
    )
    today = [0] * 24
    total = [0] * 24
    for received_day, text, count in rows:
        if received_day == day:
            today[int(text)] += int(count)
        else:
            total[int(text)] += int(count)
    n = len(averaged)
    average = tuple(round(t / n, 2) if n else 0.0 for t in total)
    return HourlyArrivals(day=day, today=tuple(today), average=average, weeks_averaged=n)


def open_by_agency(session: Session, *, today: date) -> tuple[AgencyLoad, ...]:
    """Open tasks per agency holding them (and in the office), most overdue first."""
    rows = session.execute(
        select(
            Task.current_agency,
            func.count(),
            # A ready result waits on the citizen: only work still owed can be late.
            func.sum(case((tasks.overdue_condition(today), 1), else_=0)),
        )
        .where(Task.status.in_(OPEN_STATUSES))
        .group_by(Task.current_agency)
    ).all()
    codes = [code for code, _, _ in rows if code is not None]
    names = dict(
        session.execute(select(Agency.code, Agency.name_id).where(Agency.code.in_(codes))).all()
    )
    loads = [
        AgencyLoad(
            code=code,
            name=IN_OFFICE if code is None else names.get(code, code),
            open=int(count),
            overdue=int(late or 0),
        )
        for code, count, late in rows
    ]
    return tuple(sorted(loads, key=lambda a: (-a.overdue, -a.open, a.code or "")))


def sla_trend(session: Session, *, end: date, days: int = 30) -> tuple[SlaDay, ...]:
    """SLA compliance per day over the `days` days ending with `end` (every day listed)."""
    start = end - timedelta(days=days - 1)
    found = ledger.deliveries(session, start=start, end=end)
    result = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        closed, on_time = found.get(day, (0, 0))
        result.append(SlaDay(day=day, closed=closed, on_time=on_time))
    return tuple(result)


def leaderboard(
    session: Session, *, start: date, end: date, limit: int = 10
) -> tuple[LeaderRow, ...]:
    """Officers by points over start..end, highest first (equal points share a rank)."""
    rows = ledger.points_between(session, start=start, end=end)[:limit]
    result: list[LeaderRow] = []
    for index, row in enumerate(rows):
        tied = result and result[-1].points == row.points
        rank = result[-1].rank if tied else index + 1
        result.append(LeaderRow(rank, row.officer_id, row.nip, row.name, row.points))
    return tuple(result)


def dashboard(
    session: Session,
    *,
    now: datetime,
    weeks: int = 4,
    sla_days: int = 30,
    leaders_from: date | None = None,
) -> Dashboard:
    """All dashboard numbers for today (leaderboard: this month unless `leaders_from`)."""
    today = local_day(now)
    agencies = open_by_agency(session, today=today)
    return Dashboard(
        today=today,
        arrivals=arrivals_by_hour(session, day=today, weeks=weeks),
        agencies=agencies,
        sla=sla_trend(session, end=today, days=sla_days),
        leaders=leaderboard(session, start=leaders_from or today.replace(day=1), end=today),
        open_total=sum(a.open for a in agencies),
        overdue_total=sum(a.overdue for a in agencies),
        queue=queue_stats.queue_day(session, day=today),
        ikm=survey.ikm_between(session, start=today.replace(day=1), end=today),
    )
