"""Calling tickets to a counter: next (fair, with a recorded priority), recall, no-show,
transfer, and the end of the call when the officer takes the task."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, case, func, insert, select, update
from sqlalchemy.orm import Session

from desk_app.common.errors import TransitionError, ValidationError
from desk_app.common.workdays import local_day
from desk_app.db.models import QueueCall, QueueTicket, table
from desk_app.eventlog import events, kinds
from desk_app.office import officers
from desk_app.queueing.tickets import (
    CALLED,
    NO_SHOW,
    SERVED,
    WAITING,
    TicketView,
    get_ticket,
    view_of,
)

# Actions in the call journal (queue_calls.action).
CALL = "call"
RECALL = "recall"
NO_SHOW_ACTION = "no_show"
TRANSFER = "transfer"
MAX_COUNTER = 99

_TICKETS = table(QueueTicket)
_CALLS = table(QueueCall)


@dataclass(frozen=True)
class CallResult:
    """A ticket called to a counter; `priority_used` when it went ahead of earlier ones."""

    ticket: TicketView
    priority_used: bool
    passed_over: int


def seconds_between(start: datetime, end: datetime) -> int:
    """Whole seconds from `start` to `end`, never negative (a clock set back)."""
    return max(0, int((end - start).total_seconds()))


def check_counter(counter_no: int) -> int:
    """A counter number of 1..99; ValidationError otherwise."""
    if not 1 <= counter_no <= MAX_COUNTER:
        raise ValidationError("counter_no", "queue.counter_invalid", counter=counter_no)
    return counter_no


def at_counter(session: Session, *, counter_no: int, day: date) -> TicketView | None:
    """The ticket a counter is calling or serving now (status called), if any."""
    row = session.execute(
        select(_TICKETS)
        .where(
            _TICKETS.c.day == day,
            _TICKETS.c.status == CALLED,
            _TICKETS.c.counter_no == counter_no,
        )
        .order_by(_TICKETS.c.called_at.desc())
        .limit(1)
    ).first()
    return view_of(row) if row is not None else None


def _journal(
    session: Session,
    *,
    event_uuid: str,
    ticket_id: str,
    action: str,
    counter_no: int,
    officer_id: str,
    now: datetime,
    priority_used: bool = False,
) -> None:
    session.execute(
        insert(_CALLS).values(
            event_uuid=event_uuid,
            ticket_id=ticket_id,
            action=action,
            counter_no=counter_no,
            officer_id=officer_id,
            at=now,
            priority_used=priority_used,
        )
    )


def call_next(
    session: Session,
    *,
    officer_id: str,
    counter_no: int,
    categories: Sequence[str] | None = None,
    use_priority: bool = True,
    now: datetime,
) -> CallResult | None:
    """Call the day's next waiting ticket to this counter (None when nobody waits).

    Fair order: a ticket transferred to this counter first, then (with `use_priority`)
    the elderly, disabled and pregnant, then everyone by arrival. Going ahead of earlier
    tickets is recorded in the event (`priority_used`, `passed_over`). Run it in a
    BEGIN IMMEDIATE transaction: two counters never get the same ticket.
    """
    check_counter(counter_no)
    officers.require_active(session, officer_id=officer_id)
    day = local_day(now)
    busy = at_counter(session, counter_no=counter_no, day=day)
    if busy is not None:
        raise TransitionError("queue.counter_busy", counter=counter_no, number=busy.label)
    eligible = [
        _TICKETS.c.day == day,
        _TICKETS.c.status == WAITING,
        (_TICKETS.c.for_counter.is_(None)) | (_TICKETS.c.for_counter == counter_no),
    ]
    if categories is not None:
        eligible.append(_TICKETS.c.category.in_(list(categories)))
    order: list[ColumnElement[Any]] = [case((_TICKETS.c.for_counter == counter_no, 0), else_=1)]
    if use_priority:
        order.append(case((_TICKETS.c.priority != "", 0), else_=1))
    order += [_TICKETS.c.issued_at, _TICKETS.c.category, _TICKETS.c.number]
    row = session.execute(select(_TICKETS).where(*eligible).order_by(*order).limit(1)).first()
    if row is None:
        return None
    chosen = view_of(row)
    passed_over = int(
        session.execute(
            select(func.count()).where(*eligible, _TICKETS.c.issued_at < chosen.issued_at)
        ).scalar_one()
    )
    transferred = chosen.for_counter == counter_no
    priority_used = bool(chosen.priority) and passed_over > 0 and not transferred
    first = chosen.first_called_at or now
    wait = seconds_between(chosen.issued_at, first)
    done = cast(
        CursorResult[Any],
        session.execute(
            update(_TICKETS)
            .where(_TICKETS.c.id == chosen.id, _TICKETS.c.status == WAITING)
            .values(
                status=CALLED,
                counter_no=counter_no,
                officer_id=officer_id,
                for_counter=None,
                first_called_at=first,
                called_at=now,
                calls=_TICKETS.c.calls + 1,
                wait_seconds=wait,
            )
        ),
    )
    # The write lock makes this impossible; if it ever happened, nothing is written.
    assert done.rowcount == 1, "ticket taken by another counter inside our transaction"
    payload: kinds.QueueTicketCalledPayload = {
        "ticket_id": chosen.id,
        "counter_no": counter_no,
        "priority_used": priority_used,
        "passed_over": passed_over,
        "wait_seconds": seconds_between(chosen.issued_at, now),
    }
    record = events.append(
        session, kind=kinds.QUEUE_TICKET_CALLED, actor=officer_id, payload=dict(payload), now=now
    )
    _journal(
        session,
        event_uuid=record.uuid,
        ticket_id=chosen.id,
        action=CALL,
        counter_no=counter_no,
        officer_id=officer_id,
        now=now,
        priority_used=priority_used,
    )
    return CallResult(get_ticket(session, ticket_id=chosen.id), priority_used, passed_over)


def _called_here(session: Session, *, ticket_id: str, counter_no: int) -> TicketView:
    ticket = get_ticket(session, ticket_id=ticket_id)
    if ticket.status != CALLED or ticket.counter_no != counter_no:
        raise TransitionError("queue.not_at_counter", number=ticket.label, counter=counter_no)
    return ticket


def _counter_step(
    session: Session,
    *,
    officer_id: str,
    counter_no: int,
    ticket_id: str,
    now: datetime,
    kind: str,
    action: str,
    values: dict[str, Any],
) -> TicketView:
    """One step on the ticket called at this counter: the row, its event, the call journal."""
    check_counter(counter_no)
    officers.require_active(session, officer_id=officer_id)
    ticket = _called_here(session, ticket_id=ticket_id, counter_no=counter_no)
    session.execute(update(_TICKETS).where(_TICKETS.c.id == ticket.id).values(**values))
    payload: kinds.QueueTicketCounterPayload = {"ticket_id": ticket.id, "counter_no": counter_no}
    record = events.append(session, kind=kind, actor=officer_id, payload=dict(payload), now=now)
    _journal(
        session,
        event_uuid=record.uuid,
        ticket_id=ticket.id,
        action=action,
        counter_no=counter_no,
        officer_id=officer_id,
        now=now,
    )
    return get_ticket(session, ticket_id=ticket.id)


def recall(
    session: Session, *, officer_id: str, counter_no: int, ticket_id: str, now: datetime
) -> TicketView:
    """Call the same ticket again (the display and the voice repeat it)."""
    return _counter_step(
        session,
        officer_id=officer_id,
        counter_no=counter_no,
        ticket_id=ticket_id,
        now=now,
        kind=kinds.QUEUE_TICKET_RECALLED,
        action=RECALL,
        values={"calls": _TICKETS.c.calls + 1},
    )


def mark_no_show(
    session: Session, *, officer_id: str, counter_no: int, ticket_id: str, now: datetime
) -> TicketView:
    """The called citizen did not come: the ticket ends as a no-show (skipped)."""
    return _counter_step(
        session,
        officer_id=officer_id,
        counter_no=counter_no,
        ticket_id=ticket_id,
        now=now,
        kind=kinds.QUEUE_TICKET_NO_SHOW,
        action=NO_SHOW_ACTION,
        values={"status": NO_SHOW, "finished_at": now},
    )


def transfer(
    session: Session,
    *,
    officer_id: str,
    counter_no: int,
    ticket_id: str,
    to_counter: int,
    now: datetime,
) -> TicketView:
    """Send the citizen to another counter: the ticket waits again, for that counter first."""
    check_counter(counter_no)
    check_counter(to_counter)
    officers.require_active(session, officer_id=officer_id)
    ticket = _called_here(session, ticket_id=ticket_id, counter_no=counter_no)
    if to_counter == counter_no:
        raise ValidationError("to_counter", "queue.same_counter", counter=counter_no)
    session.execute(
        update(_TICKETS)
        .where(_TICKETS.c.id == ticket.id)
        .values(status=WAITING, for_counter=to_counter, counter_no=None, officer_id=None)
    )
    payload: kinds.QueueTicketTransferredPayload = {
        "ticket_id": ticket.id,
        "from_counter": counter_no,
        "to_counter": to_counter,
    }
    record = events.append(
        session,
        kind=kinds.QUEUE_TICKET_TRANSFERRED,
        actor=officer_id,
        payload=dict(payload),
        now=now,
    )
    _journal(
        session,
        event_uuid=record.uuid,
        ticket_id=ticket.id,
        action=TRANSFER,
        counter_no=counter_no,
        officer_id=officer_id,
        now=now,
    )
    return get_ticket(session, ticket_id=ticket.id)


def finish(
    session: Session,
    *,
    officer_id: str,
    counter_no: int,
    ticket_id: str,
    task_id: str | None = None,
    now: datetime,
) -> TicketView:
    """The citizen was served: waiting (issue -> first call) and handling (call -> now).

    With `task_id` the ticket is linked to the task the officer took for it (the intake
    calls this in its own transaction); without, the visit needed no task (a question).
    """
    officers.require_active(session, officer_id=officer_id)
    ticket = _called_here(session, ticket_id=ticket_id, counter_no=counter_no)
    assert ticket.first_called_at is not None and ticket.called_at is not None
    wait = seconds_between(ticket.issued_at, ticket.first_called_at)
    handling = seconds_between(ticket.called_at, now)
    session.execute(
        update(_TICKETS)
        .where(_TICKETS.c.id == ticket.id)
        .values(
            status=SERVED,
            task_id=task_id,
            finished_at=now,
            wait_seconds=wait,
            handling_seconds=handling,
        )
    )
    payload: kinds.QueueTicketServedPayload = {
        "ticket_id": ticket.id,
        "counter_no": counter_no,
        "wait_seconds": wait,
        "handling_seconds": handling,
    }
    events.append(
        session,
        kind=kinds.QUEUE_TICKET_SERVED,
        actor=officer_id,
        task_id=task_id,
        payload=dict(payload),
        now=now,
    )
    return get_ticket(session, ticket_id=ticket.id)
