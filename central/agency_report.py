"""The agency stays the city holds, with their tasks' due dates, for the agencies report."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central import offices
from central.analytics import agencies
from central.errors import CentralError
from central.ledger import JAKARTA
from central.projections import moment
from central.store.models import AgencyStay, StoredEvent
from desk_app.common.validation import FIRST_DAY, LAST_DAY
from desk_app.eventlog import kinds

# The events that tell a task's tracking number, its due date (as corrected), and a refusal.
TASK_FACT_KINDS = (
    kinds.TASK_RECEIVED,
    kinds.TASK_CORRECTED,
    kinds.TASK_DOCUMENTS_RECEIVED,
    kinds.TASK_REJECTED,
    kinds.TASK_FORWARDED,
)
CHUNK = 500  # task ids per IN list


class BadWindow(CentralError):
    """A window whose first day is after its last, or beyond the years the desks know."""

    status = 422
    title = "Unprocessable request"


@dataclass(frozen=True)
class Window:
    """Stays forwarded on these local (Jakarta) days, both included; None: unbounded."""

    first: date | None = None
    last: date | None = None

    def __post_init__(self) -> None:
        for name, day in (("from", self.first), ("to", self.last)):
            if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                raise BadWindow(f"{name}: {day} is outside {FIRST_DAY.year}-{LAST_DAY.year}")
        if self.first and self.last and self.first > self.last:
            raise BadWindow(f"from: {self.first} is after to: {self.last}")


@dataclass(frozen=True)
class _TaskFacts:
    tracking_no: str | None = None
    due: date | None = None
    due_key: tuple[str, str, int] = ("", "", 0)
    rejected_at: datetime | None = None
    forwards: tuple[datetime, ...] = ()


def stay_facts(
    session: Session,
    *,
    office_code: str | None = None,
    window: Window | None = None,
    agency_code: str | None = None,
) -> list[agencies.StayFact]:
    """The stays of one office (all offices without it) forwarded in `window`, at one
    agency or all of them."""
    if office_code is not None:
        offices.get_office(session, office_code=office_code)
    window = window or Window()
    query = select(AgencyStay)
    if office_code is not None:
        query = query.where(AgencyStay.office_code == office_code)
    if agency_code is not None:
        query = query.where(AgencyStay.agency_code == agency_code)
    if window.first is not None:
        query = query.where(AgencyStay.forwarded_at >= _day_start(window.first))
    if window.last is not None:
        query = query.where(AgencyStay.forwarded_at < _day_start(window.last + timedelta(1)))
    rows = session.scalars(query.order_by(AgencyStay.forwarded_at, AgencyStay.stay_id)).all()
    by_office: dict[str, set[str]] = {}
    for row in rows:
        by_office.setdefault(row.office_code, set()).add(row.task_id)
    facts = {
        (code, task_id): found
        for code, tasks in by_office.items()
        for task_id, found in _task_facts(session, code, tasks).items()
    }
    out = []
    for row in rows:
        task = facts.get((row.office_code, row.task_id), _TaskFacts())
        ended = _aware(row.returned_at) if row.returned_at is not None else None
        rejected_after = (
            ended is not None
            and task.rejected_at is not None
            and task.rejected_at >= ended
            and not any(ended < f < task.rejected_at for f in task.forwards)
        )
        out.append(
            agencies.StayFact(
                office_code=row.office_code,
                stay_id=row.stay_id,
                task_id=row.task_id,
                tracking_no=task.tracking_no,
                agency_code=row.agency_code,
                forwarded_at=_aware(row.forwarded_at),
                ended_at=ended,
                outcome=row.outcome,
                due_at=_day_start(task.due + timedelta(1)) if task.due else None,
                rejected_after=rejected_after,
            )
        )
    return out


def agency_report(
    session: Session,
    *,
    now: datetime,
    office_code: str | None = None,
    window: Window | None = None,
) -> agencies.Report:
    """The ranking of agencies by time held, open stays censored at `now`."""
    stays = stay_facts(session, office_code=office_code, window=window)
    return agencies.report(stays, now=now)


@dataclass(frozen=True)
class TaskLine:
    """One stay behind an agency's line: which task, where, how long, still out or not."""

    tracking_no: str | None
    task_id: str
    office_code: str
    forwarded_at: datetime
    days_held: float
    open: bool
    outcome: str | None
    late: bool

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "tracking_no": self.tracking_no,
            "task_id": self.task_id,
            "office_code": self.office_code,
            "forwarded_at": self.forwarded_at.isoformat(),
            "days_held": round(self.days_held, 2),
            "open": self.open,
            "outcome": self.outcome,
            "late": self.late,
        }


def agency_tasks(
    session: Session,
    *,
    agency_code: str,
    now: datetime,
    office_code: str | None = None,
    window: Window | None = None,
) -> list[TaskLine]:
    """The stays behind one agency's line, longest held first."""
    stays = stay_facts(session, office_code=office_code, window=window, agency_code=agency_code)
    lines = [
        TaskLine(
            s.tracking_no,
            s.task_id,
            s.office_code,
            s.forwarded_at,
            s.held_days(now),
            s.open,
            s.outcome,
            s.late(now),
        )
        for s in stays
    ]
    return sorted(lines, key=lambda t: (-t.days_held, t.tracking_no or "", t.task_id))


def _task_facts(session: Session, office_code: str, tasks: set[str]) -> dict[str, _TaskFacts]:
    """Tracking number, latest due date, last rejection and forwards of each task."""
    found: dict[str, _TaskFacts] = {}
    for chunk in _chunks(sorted(tasks)):
        rows = session.execute(
            select(
                StoredEvent.task_id,
                StoredEvent.kind,
                StoredEvent.occurred_at,
                StoredEvent.device_id,
                StoredEvent.seq,
                StoredEvent.payload,
            ).where(
                StoredEvent.office_code == office_code,
                StoredEvent.task_id.in_(chunk),
                StoredEvent.kind.in_(TASK_FACT_KINDS),
            )
        )
        for task_id, kind, occurred_at, device_id, seq, text in rows:
            payload = _payload(text)
            if task_id is None or payload is None:
                continue
            task = found.get(task_id, _TaskFacts())
            key = (occurred_at, device_id, seq)
            at = moment(occurred_at)
            if kind == kinds.TASK_FORWARDED and at is not None:
                task = replace(task, forwards=(*task.forwards, at))
            elif kind == kinds.TASK_REJECTED:
                if at is not None and (task.rejected_at is None or at > task.rejected_at):
                    task = replace(task, rejected_at=at)
            else:
                if kind == kinds.TASK_RECEIVED and isinstance(payload.get("tracking_no"), str):
                    task = replace(task, tracking_no=payload["tracking_no"][:40])
                after = payload.get("after") if kind == kinds.TASK_CORRECTED else payload
                due = _day(after.get("due_date")) if isinstance(after, dict) else None
                if due is not None and key > task.due_key:
                    task = replace(task, due=due, due_key=key)
            found[task_id] = task
    return found


def _chunks(values: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield list(values[start : start + CHUNK])


def _payload(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None  # no due date in year 9999


def _day_start(day: date) -> datetime:
    """The first moment of a Jakarta day, in UTC."""
    return datetime.combine(day, time(0), tzinfo=JAKARTA).astimezone(UTC)


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
