"""The queue's day in numbers: tickets, served, no-shows, waiting and handling times."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.db.models import QueueTicket
from desk_app.queueing import survey
from desk_app.queueing.survey import IkmScore
from desk_app.queueing.tickets import NO_SHOW, SERVED, WAITING


@dataclass(frozen=True)
class QueueDay:
    """One day of tickets; times in seconds (None when nothing was measured)."""

    day: date
    issued: int
    served: int
    no_shows: int
    waiting: int
    wait_median_s: float | None
    handling_median_s: float | None


def queue_day(session: Session, *, day: date) -> QueueDay:
    """The numbers of one local day."""
    rows = session.execute(
        select(QueueTicket.status, QueueTicket.wait_seconds, QueueTicket.handling_seconds).where(
            QueueTicket.day == day
        )
    ).all()
    waits = [w for status, w, _ in rows if status == SERVED and w is not None]
    handled = [h for status, _, h in rows if status == SERVED and h is not None]
    return QueueDay(
        day=day,
        issued=len(rows),
        served=sum(1 for status, _, _ in rows if status == SERVED),
        no_shows=sum(1 for status, _, _ in rows if status == NO_SHOW),
        waiting=sum(1 for status, _, _ in rows if status == WAITING),
        wait_median_s=statistics.median(waits) if waits else None,
        handling_median_s=statistics.median(handled) if handled else None,
    )


@dataclass(frozen=True)
class QueueFigures:
    """What the day report prints about the queue and the satisfaction survey."""

    queue: QueueDay
    ikm_day: IkmScore | None  # the responses given on the day
    ikm_month: IkmScore | None  # from the 1st of its month up to the day

    @property
    def empty(self) -> bool:
        """No ticket that day and no survey that month: an office without a kiosk."""
        return self.queue.issued == 0 and self.ikm_month is None


def report_figures(session: Session, *, day: date) -> QueueFigures:
    """The queue and IKM figures of a day, for its report."""
    return QueueFigures(
        queue=queue_day(session, day=day),
        ikm_day=survey.ikm_between(session, start=day, end=day),
        ikm_month=survey.ikm_between(session, start=day.replace(day=1), end=day),
    )
