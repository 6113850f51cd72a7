"""Finding tasks: search, the paged work queue, counts and a task's timeline."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnClause, ColumnElement, Integer, func, literal_column, select
from sqlalchemy.orm import Mapped, Session

from desk_app.counter import tasks
from desk_app.counter.tasks import OWED_STATUSES, applicant_ref
from desk_app.db.models import Applicant, Event, Officer, ServiceType, Task
from desk_app.office.meta import APPLICANT_SECRET, meta_value

_TRACKING_RE = re.compile(r"^\d{6,10}-\d{6}-\d{2}-\d{4,}$")

# Ties are broken by rowid: every SQLite index already ends with it, so no extra sort.
_ROWID: ColumnClause[int] = literal_column("tasks.rowid", Integer)
SORT_COLUMNS = {
    "received_at": Task.received_at,
    "due_date": Task.due_date,
    "tracking_no": Task.tracking_no,
    "status": Task.status,
    "service_code": Task.service_code,
}


@dataclass(frozen=True)
class TaskRow:
    """One line of the work queue or of search results."""

    id: str
    tracking_no: str
    service_code: str
    service_name: str
    applicant_name: str
    status: str
    received_at: datetime
    due_date: date
    current_agency: str | None
    taken_by_name: str


@dataclass(frozen=True)
class QueueFilter:
    """What the work queue shows."""

    statuses: tuple[str, ...] = ()
    officer_id: str | None = None
    overdue_on: date | None = None  # owed tasks due before this day
    due_by: date | None = None  # owed tasks due on or before this day (due soon)
    agency_code: str | None = None
    service_code: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    sort: str = "received_at"
    descending: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TimelineEntry:
    """One event in a task's history."""

    seq: int
    occurred_at: datetime
    kind: str
    actor_name: str
    payload: dict[str, Any]


def _conditions(flt: QueueFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a queue filter."""
    conds: list[ColumnElement[bool]] = []
    if flt.statuses:
        conds.append(Task.status.in_(flt.statuses))
    if flt.officer_id:
        conds.append(Task.taken_by == flt.officer_id)
    if flt.overdue_on:
        conds.append(tasks.overdue_condition(flt.overdue_on))
    if flt.due_by:
        conds += [Task.status.in_(OWED_STATUSES), Task.due_date <= flt.due_by]
    if flt.agency_code:
        conds.append(Task.current_agency == flt.agency_code)
    if flt.service_code:
        conds.append(Task.service_code == flt.service_code)
    if flt.received_from:
        conds.append(Task.received_day >= flt.received_from)
    if flt.received_to:
        conds.append(Task.received_day <= flt.received_to)
    return conds


def queue_ids(session: Session, *, flt: QueueFilter, offset: int, limit: int) -> list[str]:
    """One page of task ids of the queue, in the filter's order."""
    column = SORT_COLUMNS.get(flt.sort, Task.received_at)
    order = column.desc() if flt.descending else column.asc()
    tiebreak = _ROWID.desc() if flt.descending else _ROWID.asc()
    stmt = select(Task.id).where(*_conditions(flt)).order_by(order, tiebreak)
    stmt = stmt.offset(offset).limit(limit)
    return list(session.scalars(stmt))


def queue_count(session: Session, *, flt: QueueFilter) -> int:
    """How many tasks the queue holds."""
    stmt = select(func.count()).select_from(Task).where(*_conditions(flt))
    return int(session.scalar(stmt) or 0)


def status_counts(session: Session, *, flt: QueueFilter | None = None) -> dict[str, int]:
    """Tasks per status, for the filter without its status part."""
    base = QueueFilter() if flt is None else QueueFilter(**{**flt.__dict__, "statuses": ()})
    stmt = select(Task.status, func.count()).where(*_conditions(base)).group_by(Task.status)
    return {s: int(n) for s, n in session.execute(stmt)}


def task_rows(session: Session, *, ids: list[str]) -> list[TaskRow]:
    """Rows for the given ids, in the same order."""
    if not ids:
        return []
    stmt = (
        select(Task, ServiceType.name_id, Officer.name)
        .join(ServiceType, Task.service_code == ServiceType.code)
        .join(Officer, Task.taken_by == Officer.id)
        .where(Task.id.in_(ids))
    )
    by_id = {
        t.id: TaskRow(
            id=t.id,
            tracking_no=t.tracking_no,
            service_code=t.service_code,
            service_name=service,
            applicant_name=t.applicant_name,  # as given at this task's intake
            status=t.status,
            received_at=t.received_at,
            due_date=t.due_date,
            current_agency=t.current_agency,
            taken_by_name=officer,
        )
        for t, service, officer in session.execute(stmt)
    }
    return [by_id[i] for i in ids if i in by_id]


MAX_NAME_MATCHES = 200


def _prefix(column: Mapped[str], prefix: str) -> list[ColumnElement[bool]]:
    """`column` starts with `prefix`, as a range an index can answer."""
    return [column >= prefix, column < prefix + "\U0010ffff"]


def search(session: Session, *, query: str, limit: int = 50) -> list[TaskRow]:
    """Tasks by tracking number, NIK or applicant name prefix, newest first."""
    text = " ".join(query.split())
    if not text:
        return []
    compact = re.sub(r"[\s.]", "", text)
    if _TRACKING_RE.match(compact):
        stmt = select(Task.id).where(Task.tracking_no == compact)
    elif compact.isdigit() and len(compact) == 16:
        ref = applicant_ref(meta_value(session, APPLICANT_SECRET), compact)
        stmt = select(Task.id).where(Task.applicant_ref == ref)
    elif compact.isdigit() or compact.replace("-", "").isdigit():
        # A partial tracking number: a range on the unique index (LIKE would scan).
        stmt = select(Task.id).where(*_prefix(Task.tracking_no, compact))
    else:
        # The first matching applicants in name order bound the work however common the
        # prefix; the officer types more letters to narrow it.
        refs = (
            select(Applicant.ref)
            .where(*_prefix(Applicant.name_norm, text.casefold()))
            .order_by(Applicant.name_norm)
            .limit(MAX_NAME_MATCHES)
        )
        stmt = select(Task.id).where(Task.applicant_ref.in_(refs))
    ids = list(session.scalars(stmt.order_by(Task.received_at.desc()).limit(limit)))
    return task_rows(session, ids=ids)


def timeline(session: Session, *, task_id: str) -> list[TimelineEntry]:
    """Every event of a task, oldest first, with the acting officer's name."""
    stmt = (
        select(Event, Officer.name)
        .outerjoin(Officer, Event.actor == Officer.id)
        .where(Event.task_id == task_id)
        .order_by(Event.seq)
    )
    return [
        TimelineEntry(
            seq=e.seq,
            occurred_at=e.occurred_at,
            kind=e.kind,
            actor_name=name or "",
            payload=json.loads(e.payload),
        )
        for e, name in session.execute(stmt)
    ]


def due_soon_day(today: date) -> date:
    """Tasks due on or before this day count as due soon (within a day)."""
    return today + timedelta(days=1)
