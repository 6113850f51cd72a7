"""What the display board shows: who is served where, the last calls, who still waits.

The board polls this a few times a second, so it is three small indexed queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.common.workdays import JAKARTA
from desk_app.db.models import QueueCall, QueueTicket, table
from desk_app.queueing import calling
from desk_app.queueing.tickets import CALLED, spoken_label, ticket_label, waiting_by_category

LAST_CALLS = 6
_TICKETS = table(QueueTicket)
_CALLS = table(QueueCall)
_ANNOUNCED = (calling.CALL, calling.RECALL)


@dataclass(frozen=True)
class BoardCall:
    """One call as the board lists (and announces) it."""

    call_id: int
    counter_no: int
    category: str
    number: int
    priority: str
    at: datetime
    recall: bool

    @property
    def label(self) -> str:
        """ "A023"."""
        return ticket_label(self.category, self.number)

    @property
    def spoken(self) -> str:
        """ "A 23"."""
        return spoken_label(self.category, self.number)


@dataclass(frozen=True)
class BoardState:
    """A snapshot of the board; `last_call_id` tells a poller whether anything was called."""

    day: date
    serving: tuple[BoardCall, ...]  # by counter number
    last_calls: tuple[BoardCall, ...]  # newest first
    waiting: dict[str, int]  # category letter -> tickets waiting
    last_call_id: int


def day_start_utc(day: date) -> datetime:
    """Midnight of a Jakarta day, in UTC."""
    return datetime.combine(day, time(0), tzinfo=JAKARTA).astimezone(UTC)


def _calls(session: Session, *, day: date, limit: int) -> list[BoardCall]:
    start = day_start_utc(day)
    rows = session.execute(
        select(
            _CALLS.c.id,
            _CALLS.c.counter_no,
            _TICKETS.c.category,
            _TICKETS.c.number,
            _TICKETS.c.priority,
            _CALLS.c.at,
            _CALLS.c.action,
        )
        .join(_TICKETS, _TICKETS.c.id == _CALLS.c.ticket_id)
        .where(_CALLS.c.at >= start, _CALLS.c.at < start + timedelta(days=1))
        .where(_CALLS.c.action.in_(_ANNOUNCED))
        .order_by(_CALLS.c.id.desc())
        .limit(limit)
    )
    return [
        BoardCall(cid, counter, letter, number, priority, at, action == calling.RECALL)
        for cid, counter, letter, number, priority, at, action in rows
    ]


def last_call_id(session: Session) -> int:
    """The newest entry of the call journal (0 when empty): the cheapest change check."""
    return int(session.execute(select(func.max(_CALLS.c.id))).scalar_one() or 0)


def board_state(session: Session, *, day: date, last: int = LAST_CALLS) -> BoardState:
    """The whole board for a Jakarta day."""
    serving_rows = session.execute(
        select(
            _TICKETS.c.counter_no,
            _TICKETS.c.category,
            _TICKETS.c.number,
            _TICKETS.c.priority,
            _TICKETS.c.called_at,
        )
        .where(_TICKETS.c.day == day, _TICKETS.c.status == CALLED)
        .order_by(_TICKETS.c.counter_no)
    )
    serving = tuple(
        BoardCall(0, counter, letter, number, priority, at, False)
        for counter, letter, number, priority, at in serving_rows
        if counter is not None
    )
    return BoardState(
        day=day,
        serving=serving,
        last_calls=tuple(_calls(session, day=day, limit=last)),
        waiting=waiting_by_category(session, day=day),
        last_call_id=last_call_id(session),
    )
