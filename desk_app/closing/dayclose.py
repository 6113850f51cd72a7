"""Day close: what is still open, the day's summary, and sealing the day (lead only).

How a lead closes a day (the GUI follows the same steps):

1. `preconditions(s, day=D)` lists what should be settled first: intake receipts never
   printed, officers still clocked in, tasks received that day still `received`.
2. Each item can be resolved with the ordinary services (print the receipt; the lead
   clocks the officer out with `attendance.clock_out(actor_id=lead)`, or passes
   `clock_out_open=True`; start, reject or cancel the task), or left as it is: then
   `close_day(..., acknowledge=True, reason="...")` proceeds and the event records every
   acknowledged item with the reason. Without either, `close_day` raises DayCloseBlocked.
   A lead closing today is not asked about their own open shift: the close clocks them
   out at the close moment (`own_shift`), as nobody can clock out today once it is sealed.
3. `close_day` appends a `day.closed` event carrying the summary and writes `day_closes`.
   From then on `events.append` refuses any event dated on that local day: the day is
   read-only and later corrections are events on a later day. Today can be closed only
   from the office's closing time (`earliest_close`).
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import String, case, func, select, type_coerce
from sqlalchemy.orm import Session

from desk_app.common.errors import DeskError, SealedDayError, ValidationError
from desk_app.common.messages import DEFAULT_LANGUAGE, Text
from desk_app.common.validation import MIN_REASON, validate_reason, validate_text
from desk_app.common.workdays import JAKARTA
from desk_app.counter import printing
from desk_app.counter.tasks import CANCELLED, COMPLETED, OPEN_STATUSES, READY, RECEIVED, REJECTED
from desk_app.db.models import Agency, AgencyStint, Event, Officer, ServiceType, Task
from desk_app.db.models import DayClose as DayCloseRow
from desk_app.db.session_cache import forget
from desk_app.eventlog import events, kinds, wire
from desk_app.office import attendance, installation, office_settings, officers
from desk_app.points import ledger

_CHUNK = 500  # ids per IN (...) list
REASON_MAX_LEN = 1000  # why a day is closed with work left open

# Kinds of outstanding items a lead settles (or acknowledges) before closing.
UNPRINTED = "unprinted_receipt"
CLOCKED_IN = "clocked_in"
NOT_STARTED = "not_started"


class DayCloseBlocked(DeskError):
    """Outstanding items were neither settled nor acknowledged with a reason."""

    def __init__(self, key: str, checks: Preconditions) -> None:
        super().__init__(key, day=f"{checks.day:%d-%m-%Y}", outstanding=checks.outstanding())
        self.preconditions = checks


@dataclass(frozen=True)
class Outstanding:
    """One item that should be settled before a day is closed."""

    kind: str  # UNPRINTED | CLOCKED_IN | NOT_STARTED
    ref: str  # tracking number (receipts, tasks) or officer id (clocked in)
    label: str  # what the screen shows

    def to_json(self) -> dict[str, str]:
        """A JSON-ready dictionary."""
        return {"kind": self.kind, "ref": self.ref, "label": self.label}


@dataclass(frozen=True)
class Preconditions:
    """What is still open on a day, grouped by kind."""

    day: date
    unprinted_receipts: tuple[Outstanding, ...]
    clocked_in: tuple[Outstanding, ...]
    not_started: tuple[Outstanding, ...]

    @property
    def items(self) -> tuple[Outstanding, ...]:
        """Every outstanding item."""
        return self.unprinted_receipts + self.clocked_in + self.not_started

    @property
    def ready(self) -> bool:
        """True when nothing is outstanding."""
        return not self.items

    def outstanding(self) -> tuple[Text, ...]:
        """What is outstanding, one message per kind (a message parameter)."""
        parts = []
        if self.unprinted_receipts:
            parts.append(Text("day.outstanding.unprinted", {"count": len(self.unprinted_receipts)}))
        if self.clocked_in:
            parts.append(Text("day.outstanding.clocked_in", {"count": len(self.clocked_in)}))
        if self.not_started:
            parts.append(Text("day.outstanding.not_started", {"count": len(self.not_started)}))
        return tuple(parts) or (Text("day.outstanding.none"),)

    def describe(self, language: str = DEFAULT_LANGUAGE) -> str:
        """One line: what is outstanding."""
        return ", ".join(part.render(language) for part in self.outstanding())


@dataclass(frozen=True)
class OfficerDay:
    """One officer's day: tasks taken and completed, points, hours worked."""

    officer_id: str
    nip: str
    name: str
    taken: int
    completed: int
    points: int
    hours: float


@dataclass(frozen=True)
class ServiceDay:
    """One service's day: requests received and completed."""

    code: str
    name: str
    received: int
    completed: int


@dataclass(frozen=True)
class AgencyDay:
    """One agency's day: files forwarded, returned, still there at day's end, overdue."""

    code: str
    name: str
    forwarded: int
    returned: int
    still_out: int
    overdue: int


@dataclass(frozen=True)
class DayTotals:
    """The day's totals."""

    received: int
    completed: int
    rejected: int
    cancelled: int
    open_end_of_day: int
    overdue_end_of_day: int
    points: int
    hours: float


@dataclass(frozen=True)
class DaySummary:
    """Everything the day close reports; counts are as of the end of the local day."""

    day: date
    office_code: str
    office_name: str
    officers: tuple[OfficerDay, ...]
    services: tuple[ServiceDay, ...]
    agencies: tuple[AgencyDay, ...]
    sla_closed: int  # delivered that day (ready, or finished at the counter)
    sla_on_time: int  # ... of which on or before their due date
    handling_count: int  # tasks received that day with a counter handling time
    handling_median_s: float | None
    handling_p90_s: float | None
    arrivals_by_hour: tuple[int, ...]  # 24 local hours
    carried_over: tuple[str, ...]  # tracking numbers still open at the end of the day
    totals: DayTotals

    @property
    def sla_rate(self) -> float | None:
        """Share of the day's closures that met their due date (None when none closed)."""
        return self.sla_on_time / self.sla_closed if self.sla_closed else None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary (the payload of `day.closed`)."""
        return {
            "day": self.day.isoformat(),
            "office_code": self.office_code,
            "office_name": self.office_name,
            "officers": [o.__dict__ for o in self.officers],
            "services": [s.__dict__ for s in self.services],
            "agencies": [a.__dict__ for a in self.agencies],
            "sla_closed": self.sla_closed,
            "sla_on_time": self.sla_on_time,
            "handling_count": self.handling_count,
            "handling_median_s": self.handling_median_s,
            "handling_p90_s": self.handling_p90_s,
            "arrivals_by_hour": list(self.arrivals_by_hour),
            "carried_over": list(self.carried_over),
            "totals": self.totals.__dict__,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DaySummary:
        """The summary back from `to_json`'s dictionary."""
        return cls(
            day=date.fromisoformat(data["day"]),
            office_code=data["office_code"],
            office_name=data["office_name"],
            officers=tuple(OfficerDay(**o) for o in data["officers"]),
            services=tuple(ServiceDay(**s) for s in data["services"]),
            agencies=tuple(AgencyDay(**a) for a in data["agencies"]),
            sla_closed=data["sla_closed"],
            sla_on_time=data["sla_on_time"],
            handling_count=data["handling_count"],
            handling_median_s=data["handling_median_s"],
            handling_p90_s=data["handling_p90_s"],
            arrivals_by_hour=tuple(data["arrivals_by_hour"]),
            carried_over=tuple(data["carried_over"]),
            totals=DayTotals(**data["totals"]),
        )


@dataclass(frozen=True)
class DayClose:
    """A sealed day: who closed it, when, the summary and the chain position it seals.

    The chain head (device, last seq, hash) is printed on the day report, so a later
    rewrite of the whole chain shows against the paper and the exported files.
    """

    day: date
    closed_by: str
    closed_by_name: str
    closed_at: datetime
    event_uuid: str
    device_id: str
    last_event_seq: int
    last_event_hash: str
    summary: DaySummary
    acknowledged: tuple[Outstanding, ...]
    reason: str


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    """Local midnight at the start and at the end of a day."""
    lo = datetime.combine(day, time(0), tzinfo=JAKARTA)
    return lo, lo + timedelta(days=1)


def percentile(values: list[int], q: float) -> float | None:
    """The nearest-rank percentile (an observed value): the ceil(q/100 * n)-th smallest."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return float(ordered[rank - 1])


def closes_today(day: date, *, now: datetime) -> bool:
    """True when `day` is the local day of `now`: sealing it ends today's recording."""
    return day == now.astimezone(JAKARTA).date()


def earliest_close(session: Session, *, day: date) -> datetime:
    """The first moment `day` may be closed: the office's closing time on that day."""
    return datetime.combine(day, office_settings.office_closes_at(session), tzinfo=JAKARTA)


def own_shift(
    session: Session, *, lead_id: str, day: date, now: datetime
) -> attendance.ShiftSession | None:
    """The closing lead's open shift that a close of today ends at the close moment."""
    if not closes_today(day, now=now):
        return None
    return attendance.open_session(session, officer_id=lead_id)


def preconditions(
    session: Session, *, day: date, now: datetime, lead_id: str | None = None
) -> Preconditions:
    """What should be settled before `day` is closed (by `lead_id`, when given).

    The closing lead's own open shift is not listed when they close today: the close
    clocks them out (see `own_shift`).
    """
    _, end = _day_bounds(day)
    unprinted = tuple(
        Outstanding(UNPRINTED, number, f"Tanda terima {number} belum dicetak")
        for number in printing.unprinted_receipts(session, day=day)
    )
    exempt = lead_id if lead_id is not None and closes_today(day, now=now) else None
    still_in = []
    for shift in attendance.clocked_in(session, before=min(end, now)):
        if shift.officer_id == exempt:
            continue
        person = officers.get_officer(session, officer_id=shift.officer_id)
        since = shift.started_at.astimezone(JAKARTA)
        still_in.append(
            Outstanding(
                CLOCKED_IN,
                person.id,
                f"{person.name} ({person.nip}) masih absen masuk sejak {since:%d-%m %H:%M}",
            )
        )
    waiting = tuple(
        Outstanding(NOT_STARTED, number, f"Berkas {number} ({service}) belum diproses")
        for number, service in session.execute(
            select(Task.tracking_no, Task.service_code)
            .where(Task.received_day == day, Task.status == RECEIVED)
            .order_by(Task.received_at, Task.tracking_no)
        )
    )
    return Preconditions(
        day=day, unprinted_receipts=unprinted, clocked_in=tuple(still_in), not_started=waiting
    )


def _officer_days(
    session: Session, *, day: date, now: datetime
) -> tuple[tuple[OfficerDay, ...], float]:
    taken = dict(
        session.execute(
            select(Task.taken_by, func.count())
            .where(Task.received_day == day)
            .group_by(Task.taken_by)
        ).all()
    )
    completed = dict(
        session.execute(
            select(Task.finished_by, func.count())
            .where(Task.closed_day == day, Task.status == COMPLETED)
            .group_by(Task.finished_by)
        ).all()
    )
    earned = {p.officer_id: p.points for p in ledger.points_between(session, start=day, end=day)}
    seconds = attendance.seconds_by_officer(session, start=day, end=day, now=now)
    worked = {k: sum(v.values()) for k, v in seconds.items()}
    ids = set(taken) | set(completed) | set(earned) | set(worked)
    ids.discard(None)
    people = session.execute(
        select(Officer.id, Officer.nip, Officer.name).where(Officer.id.in_(ids))
    ).all()
    rows = tuple(
        OfficerDay(
            officer_id=pid,
            nip=nip,
            name=name,
            taken=int(taken.get(pid, 0)),
            completed=int(completed.get(pid, 0)),
            points=int(earned.get(pid, 0)),
            hours=round(worked.get(pid, 0.0) / 3600, 2),
        )
        for pid, nip, name in sorted(people, key=lambda p: (p[2], p[1]))
    )
    return rows, round(sum(worked.values()) / 3600, 2)


def _service_days(session: Session, *, day: date) -> tuple[ServiceDay, ...]:
    received = dict(
        session.execute(
            select(Task.service_code, func.count())
            .where(Task.received_day == day)
            .group_by(Task.service_code)
        ).all()
    )
    completed = dict(
        session.execute(
            select(Task.service_code, func.count())
            .where(Task.closed_day == day, Task.status == COMPLETED)
            .group_by(Task.service_code)
        ).all()
    )
    codes = set(received) | set(completed)
    names = dict(
        session.execute(
            select(ServiceType.code, ServiceType.name_id).where(ServiceType.code.in_(codes))
        ).all()
    )
    rows = [
        ServiceDay(c, names.get(c, c), int(received.get(c, 0)), int(completed.get(c, 0)))
        for c in codes
    ]
    return tuple(sorted(rows, key=lambda r: (-r.received, -r.completed, r.code)))


def _agency_days(session: Session, *, day: date) -> tuple[AgencyDay, ...]:
    lo, hi = _day_bounds(day)
    stint = AgencyStint
    forwarded = dict(
        session.execute(
            select(stint.agency_code, func.count())
            .where(stint.forwarded_at >= lo, stint.forwarded_at < hi)
            .group_by(stint.agency_code)
        ).all()
    )
    returned = dict(
        session.execute(
            select(stint.agency_code, func.count())
            .where(
                stint.returned_at >= lo,
                stint.returned_at < hi,
                stint.outcome.in_(("complete", "problem")),
            )
            .group_by(stint.agency_code)
        ).all()
    )
    out: dict[str, tuple[int, int]] = {}
    # Still at the agency when the day ended: open stays, and stays that ended later. Two
    # statements grouped here, so each walks ix_agency_stints_returned_at, not every stay.
    for still_there in (stint.returned_at.is_(None), stint.returned_at >= hi):
        for code, due in session.execute(
            select(stint.agency_code, Task.due_date)
            .join(Task, Task.id == stint.task_id)
            .where(still_there, stint.forwarded_at < hi)
        ):
            count, late = out.get(code, (0, 0))
            out[code] = (count + 1, late + (due < day))
    codes = set(forwarded) | set(returned) | set(out)
    names = dict(
        session.execute(select(Agency.code, Agency.name_id).where(Agency.code.in_(codes))).all()
    )
    rows = [
        AgencyDay(
            code=c,
            name=names.get(c, c),
            forwarded=int(forwarded.get(c, 0)),
            returned=int(returned.get(c, 0)),
            still_out=out.get(c, (0, 0))[0],
            overdue=out.get(c, (0, 0))[1],
        )
        for c in codes
    ]
    # The agencies that hold work up come first.
    return tuple(sorted(rows, key=lambda r: (-r.overdue, -r.still_out, -r.forwarded, r.code)))


def _arrivals(session: Session, *, day: date) -> tuple[int, ...]:
    """Tasks received per local hour (0-23) of the day."""
    offset = JAKARTA.utcoffset(datetime.combine(day, time(12)))
    shift = f"{int(offset.total_seconds()) if offset else 0:+d} seconds"
    hour = func.strftime("%H", Task.received_at, shift)
    counts = [0] * 24
    for text, n in session.execute(
        select(hour, func.count()).where(Task.received_day == day).group_by(hour)
    ):
        counts[int(text)] = int(n)
    return tuple(counts)


class _Open(NamedTuple):
    """A task open at the end of the day, with what decides whether it was late then."""

    id: str
    tracking_no: str
    received_at: str  # as stored (UTC text): sorts like the time
    status: str  # now
    past_due: bool  # due before the day
    changed_before_end: bool  # last status change before the day ended


def _carried_over(session: Session, *, day: date) -> list[_Open]:
    """Tasks received by `day` and still open at its end, in order of arrival."""
    _, end = _day_bounds(day)
    # Flags computed by SQLite: tens of thousands of open tasks in an old office are not
    # worth turning into Python dates and datetimes.
    columns = (
        Task.id,
        Task.tracking_no,
        type_coerce(Task.received_at, String),
        Task.status,
        case((Task.due_date < day, True), else_=False),
        case((Task.updated_at < end, True), else_=False),
        case((Task.received_day <= day, True), else_=False),
    )
    still_open = select(*columns).where(Task.status.in_(OPEN_STATUSES))
    # Closed after the day: SQLite walks ix_tasks_closed_day (a few days of closures).
    closed_later = select(*columns).where(Task.closed_day > day)
    rows = [
        _Open(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]))
        for r in (*session.execute(still_open), *session.execute(closed_later))
        if r[6]
    ]
    rows.sort(key=lambda r: (r.received_at, r.tracking_no))
    return rows


def _overdue_at_end(session: Session, *, day: date, carried: list[_Open]) -> int:
    """Carried-over tasks past due that the office still owed when the day ended.

    A result marked ready waits on the citizen and is not late (tasks.OWED_STATUSES). Ready
    leads only to closing, so a task still open now was ready at the day's end exactly when
    it is ready now and its last change (updated_at) came before the end; for the few tasks
    closed since, their `task.ready` event says.
    """
    _, end = _day_bounds(day)
    late = [t for t in carried if t.past_due]
    ready_then = {t.id for t in late if t.status == READY and t.changed_before_end}
    closed_since = [t.id for t in late if t.status not in OPEN_STATUSES]
    for start in range(0, len(closed_since), _CHUNK):
        ready_then.update(
            session.scalars(
                select(Event.task_id).where(
                    Event.task_id.in_(closed_since[start : start + _CHUNK]),
                    Event.kind == kinds.TASK_READY,
                    Event.occurred_at < end,
                )
            )
        )
    return sum(1 for t in late if t.id not in ready_then)


def summarize_day(session: Session, *, day: date, now: datetime) -> DaySummary:
    """The day's summary, computed from the projections as of the end of the local day."""
    desk = installation.desk_info(session)
    people, hours_total = _officer_days(session, day=day, now=now)
    closed = dict.fromkeys((COMPLETED, REJECTED, CANCELLED), 0)
    closed.update(
        {
            s: int(n)
            for s, n in session.execute(
                select(Task.status, func.count())
                .where(Task.closed_day == day)
                .group_by(Task.status)
            )
        }
    )
    sla_closed, sla_on_time = ledger.deliveries(session, start=day, end=day).get(day, (0, 0))
    handling = [
        v
        for v in session.scalars(
            select(Task.handling_seconds).where(
                Task.received_day == day, Task.handling_seconds.is_not(None)
            )
        )
        if v is not None
    ]
    received = int(
        session.scalar(select(func.count()).select_from(Task).where(Task.received_day == day)) or 0
    )
    carried = _carried_over(session, day=day)
    totals = DayTotals(
        received=received,
        completed=closed[COMPLETED],
        rejected=closed[REJECTED],
        cancelled=closed[CANCELLED],
        open_end_of_day=len(carried),
        overdue_end_of_day=_overdue_at_end(session, day=day, carried=carried),
        points=sum(p.points for p in people),
        hours=hours_total,
    )
    return DaySummary(
        day=day,
        office_code=desk.office_code,
        office_name=printing.office_title(desk.office_name, desk.office_level),
        officers=people,
        services=_service_days(session, day=day),
        agencies=_agency_days(session, day=day),
        sla_closed=int(sla_closed or 0),
        sla_on_time=int(sla_on_time or 0),
        handling_count=len(handling),
        handling_median_s=float(statistics.median(handling)) if handling else None,
        handling_p90_s=percentile(handling, 90),
        arrivals_by_hour=_arrivals(session, day=day),
        carried_over=tuple(t.tracking_no for t in carried),
        totals=totals,
    )


def _check_day(session: Session, *, day: date, now: datetime) -> None:
    """Refuse future days, and today before the office's closing time."""
    if day > now.astimezone(JAKARTA).date():
        raise ValidationError("day", "day.not_yet", day=f"{day:%d-%m-%Y}")
    closes = earliest_close(session, day=day)
    if now < closes:
        raise ValidationError("day", "day.office_open", closes=f"{closes:%H:%M}")


def close_day(
    session: Session,
    *,
    lead_id: str,
    day: date,
    now: datetime,
    acknowledge: bool = False,
    reason: str = "",
    clock_out_open: bool = False,
) -> DayClose:
    """Seal a day: summary in a `day.closed` event plus a `day_closes` row; caller commits.

    `last_event_hash` is the chain head at close time, i.e. the hash of the event
    right before `day.closed` (also that event's `prev_hash`): it seals the whole log up
    to the close, including every event of the day being closed.
    """
    lead = officers.require_role(session, officer_id=lead_id, roles=officers.LEAD_ROLES)
    _check_day(session, day=day, now=now)
    existing = get_close(session, day=day)
    if existing is not None:
        raise SealedDayError(
            "day.closed_by",
            day=f"{day:%d-%m-%Y}",
            by=existing.closed_by_name,
            at=f"{existing.closed_at.astimezone(JAKARTA):%d-%m-%Y %H:%M}",
        )
    reason = validate_text(reason, field="reason", max_len=REASON_MAX_LEN, required=False)
    # Sealing today ends the lead's own shift: recorded as their clock-out, as usual.
    if own_shift(session, lead_id=lead_id, day=day, now=now) is not None:
        attendance.clock_out(session, officer_id=lead_id, now=now)
    if clock_out_open:
        for item in preconditions(session, day=day, now=now, lead_id=lead_id).clocked_in:
            attendance.clock_out(session, officer_id=item.ref, now=now, actor_id=lead_id)
    checks = preconditions(session, day=day, now=now, lead_id=lead_id)
    if not checks.ready:
        if not acknowledge:
            raise DayCloseBlocked("day.close_blocked", checks)
        try:
            validate_reason(reason, max_len=REASON_MAX_LEN)
        except ValidationError:
            raise ValidationError(
                "reason",
                "day.reason_required",
                min_len=MIN_REASON,
                outstanding=checks.outstanding(),
            ) from None
    summary = summarize_day(session, day=day, now=now)
    device = events.device_id(session)
    head_seq, head_hash = session.execute(
        select(Event.seq, Event.hash)
        .where(Event.device_id == device)
        .order_by(Event.seq.desc())
        .limit(1)
    ).one()
    record = events.append(
        session,
        kind=kinds.DAY_CLOSED,
        actor=lead_id,
        payload={
            "day": day.isoformat(),
            "summary": summary.to_json(),
            "last_event_seq": head_seq,
            "last_event_hash": head_hash,
            "acknowledged": [item.to_json() for item in checks.items],
            "reason": reason,
        },
        now=now,
    )
    session.add(
        DayCloseRow(
            day=day,
            closed_by=lead_id,
            closed_at=now,
            event_uuid=record.uuid,
            summary=wire.canonical_json(record.payload["summary"]),
            last_event_hash=head_hash,
        )
    )
    session.flush()
    forget(session, ("sealed_day", day))
    return DayClose(
        day=day,
        closed_by=lead_id,
        closed_by_name=lead.name,
        closed_at=now,
        event_uuid=record.uuid,
        device_id=device,
        last_event_seq=int(head_seq),
        last_event_hash=head_hash,
        summary=summary,
        acknowledged=checks.items,
        reason=reason,
    )


def get_close(session: Session, *, day: date) -> DayClose | None:
    """The close of a day, or None while it is open."""
    found = session.execute(
        select(DayCloseRow, Event.payload, Event.device_id, Officer.name)
        .join(Event, Event.uuid == DayCloseRow.event_uuid)
        .join(Officer, Officer.id == DayCloseRow.closed_by)
        .where(DayCloseRow.day == day)
    ).first()
    if found is None:
        return None
    row, payload_text, device, name = found
    payload = json.loads(payload_text)
    return DayClose(
        day=row.day,
        closed_by=row.closed_by,
        closed_by_name=name,
        closed_at=row.closed_at,
        event_uuid=row.event_uuid,
        device_id=device,
        last_event_seq=int(payload["last_event_seq"]),
        last_event_hash=row.last_event_hash,
        summary=DaySummary.from_json(json.loads(row.summary)),
        acknowledged=tuple(Outstanding(**item) for item in payload["acknowledged"]),
        reason=payload["reason"],
    )


def closed_days(session: Session, *, start: date, end: date) -> list[date]:
    """Sealed days between start and end inclusive, oldest first."""
    return list(
        session.scalars(
            select(DayCloseRow.day)
            .where(DayCloseRow.day >= start, DayCloseRow.day <= end)
            .order_by(DayCloseRow.day)
        )
    )


def is_sealed(session: Session, *, day: date) -> bool:
    """True once the day is closed."""
    return events.day_is_sealed(session, day)


def last_open_day(session: Session, *, today: date, lookback_days: int = 31) -> date | None:
    """The latest recent day before today with tasks received and no close (the GUI's nudge)."""
    latest = session.scalar(
        select(func.max(Task.received_day)).where(
            Task.received_day < today,
            Task.received_day >= today - timedelta(days=lookback_days),
            ~select(DayCloseRow.day).where(DayCloseRow.day == Task.received_day).exists(),
        )
    )
    return latest if isinstance(latest, date) else None
