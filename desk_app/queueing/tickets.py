"""Kiosk tickets: a category letter and the day's number, unique even with two kiosks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desk_app.common.errors import NotFoundError, ValidationError
from desk_app.common.workdays import local_day
from desk_app.db.models import QueueNumber, QueueTicket, table
from desk_app.eventlog import events, kinds
from desk_app.office import installation, office_settings

# Statuses of a ticket.
WAITING = "waiting"
CALLED = "called"
SERVED = "served"
NO_SHOW = "no_show"
OPEN_TICKET_STATUSES = (WAITING, CALLED)

# Who may be called first, as the citizen (or the guard) chose at the kiosk.
ELDERLY = "elderly"
DISABLED = "disabled"
PREGNANT = "pregnant"
PRIORITIES = (ELDERLY, DISABLED, PREGNANT)
PRIORITY_NAMES = {
    ELDERLY: ("Lansia", "Elderly"),
    DISABLED: ("Penyandang disabilitas", "Disabled"),
    PREGNANT: ("Ibu hamil", "Pregnant"),
}

# Doors open at eight in Jakarta's PTSP offices; the closing time is an office setting.
OFFICE_OPENS_AT = time(8, 0)


@dataclass(frozen=True)
class Category:
    """A queue category: the letter printed before the number, and its names."""

    letter: str
    name_id: str
    name_en: str

    def name(self, language: str) -> str:
        """The name in the interface language."""
        return self.name_en if language == "en" else self.name_id


CATEGORIES: tuple[Category, ...] = (
    Category("A", "Administrasi kependudukan", "Population records"),
    Category("B", "Perizinan dan non-perizinan", "Permits and certificates"),
    Category("C", "Pengambilan hasil", "Collecting a result"),
)
_BY_LETTER = {c.letter: c for c in CATEGORIES}


def category(letter: str) -> Category:
    """A category by its letter; ValidationError when unknown."""
    found = _BY_LETTER.get(letter)
    if found is None:
        raise ValidationError("category", "queue.category_unknown", category=letter)
    return found


def ticket_label(letter: str, number: int) -> str:
    """How a ticket is printed and shown: "A023"."""
    return f"{letter}{number:03d}"


def spoken_label(letter: str, number: int) -> str:
    """How a ticket is called out: "A 23"."""
    return f"{letter} {number}"


@dataclass(frozen=True)
class TicketView:
    """A ticket as the counter and the display see it."""

    id: str
    day: date
    category: str
    number: int
    priority: str
    status: str
    issued_at: datetime
    for_counter: int | None
    counter_no: int | None
    officer_id: str | None
    first_called_at: datetime | None
    called_at: datetime | None
    calls: int
    task_id: str | None
    finished_at: datetime | None
    wait_seconds: int | None
    handling_seconds: int | None

    @property
    def label(self) -> str:
        """ "A023"."""
        return ticket_label(self.category, self.number)


@dataclass(frozen=True)
class IssuedTicket:
    """What the kiosk prints: the ticket, how many wait before it, the office and its hours."""

    ticket: TicketView
    ahead: int
    office_name: str
    office_code: str
    opens_at: time
    closes_at: time


_TICKETS = table(QueueTicket)
_NUMBERS = table(QueueNumber)
_BUMP_NUMBER = (
    sqlite_insert(_NUMBERS)
    .values(day=bindparam("day"), category=bindparam("category"), last=1)
    .on_conflict_do_update(
        index_elements=[_NUMBERS.c.day, _NUMBERS.c.category],
        set_={"last": _NUMBERS.c.last + 1},
    )
    .returning(_NUMBERS.c.last)
)
_INSERT_TICKET = insert(_TICKETS)
_WAITING_COUNT = select(func.count()).where(
    _TICKETS.c.day == bindparam("day"), _TICKETS.c.status == WAITING
)


def view_of(row: Any) -> TicketView:
    """A TicketView from a queue_tickets row (ORM object or Core row)."""
    return TicketView(
        id=row.id,
        day=row.day,
        category=row.category,
        number=row.number,
        priority=row.priority,
        status=row.status,
        issued_at=row.issued_at,
        for_counter=row.for_counter,
        counter_no=row.counter_no,
        officer_id=row.officer_id,
        first_called_at=row.first_called_at,
        called_at=row.called_at,
        calls=row.calls,
        task_id=row.task_id,
        finished_at=row.finished_at,
        wait_seconds=row.wait_seconds,
        handling_seconds=row.handling_seconds,
    )


def get_ticket(session: Session, *, ticket_id: str) -> TicketView:
    """One ticket; NotFoundError when there is none."""
    row = session.execute(select(_TICKETS).where(_TICKETS.c.id == ticket_id)).first()
    if row is None:
        raise NotFoundError("queue.ticket_not_found", ticket=ticket_id[:8])
    return view_of(row)


def issue_ticket(
    session: Session, *, category_letter: str, priority: str = "", now: datetime
) -> IssuedTicket:
    """Take the next number of the day in a category; logs `queue.ticket_issued`.

    Run it in a BEGIN IMMEDIATE transaction (Database.write): the number is bumped under
    the database's write lock, so two kiosks never print the same one, and a rolled-back
    issue gives its number back, so the day's numbers have no gaps.
    """
    letter = category(category_letter).letter
    if priority and priority not in PRIORITIES:
        raise ValidationError("priority", "queue.priority_unknown", priority=priority)
    day = local_day(now)
    ahead = int(session.execute(_WAITING_COUNT, {"day": day}).scalar_one())
    number = int(session.execute(_BUMP_NUMBER, {"day": day, "category": letter}).scalar_one())
    ticket_id = str(uuid.uuid4())
    values = {
        "id": ticket_id,
        "day": day,
        "category": letter,
        "number": number,
        "priority": priority,
        "status": WAITING,
        "issued_at": now,
        "for_counter": None,
        "counter_no": None,
        "officer_id": None,
        "first_called_at": None,
        "called_at": None,
        "calls": 0,
        "task_id": None,
        "finished_at": None,
        "wait_seconds": None,
        "handling_seconds": None,
    }
    session.execute(_INSERT_TICKET, values)
    payload: kinds.QueueTicketIssuedPayload = {
        "ticket_id": ticket_id,
        "day": day.isoformat(),
        "category": letter,
        "number": number,
        "priority": priority,
        "ahead": ahead,
    }
    events.append(
        session, kind=kinds.QUEUE_TICKET_ISSUED, actor=None, payload=dict(payload), now=now
    )
    desk = installation.desk_info(session)
    return IssuedTicket(
        ticket=view_of(_Row(values)),
        ahead=ahead,
        office_name=desk.office_name,
        office_code=desk.office_code,
        opens_at=OFFICE_OPENS_AT,
        closes_at=office_settings.office_closes_at(session),
    )


class _Row:
    """Attribute access over a dict of column values."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


def waiting_by_category(session: Session, *, day: date) -> dict[str, int]:
    """Tickets still waiting per category letter (every category listed)."""
    rows = session.execute(
        select(_TICKETS.c.category, func.count())
        .where(_TICKETS.c.day == day, _TICKETS.c.status == WAITING)
        .group_by(_TICKETS.c.category)
    ).all()
    found = {str(letter): int(count) for letter, count in rows}
    return {c.letter: found.get(c.letter, 0) for c in CATEGORIES}


def list_tickets(session: Session, *, day: date) -> list[TicketView]:
    """Every ticket of a day, in issue order."""
    rows = session.execute(
        select(_TICKETS)
        .where(_TICKETS.c.day == day)
        .order_by(_TICKETS.c.issued_at, _TICKETS.c.category, _TICKETS.c.number)
    )
    return [view_of(row) for row in rows]
