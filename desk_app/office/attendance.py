"""Attendance: clock-in/clock-out sessions and worked hours against the weekly requirement."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desk_app.common.errors import NotFoundError, TransitionError, ValidationError
from desk_app.common.validation import validate_reason
from desk_app.common.workdays import JAKARTA, is_working_day, local_day
from desk_app.db.models import AttendanceSession, Officer
from desk_app.eventlog import events, kinds, wire
from desk_app.office import office_settings, officers


@dataclass(frozen=True)
class ShiftSession:
    """One clock-in/clock-out session; `ended_at` is None while the officer is in."""

    id: str
    officer_id: str
    started_at: datetime
    ended_at: datetime | None
    corrected: bool

    @property
    def is_open(self) -> bool:
        """True while the officer is clocked in."""
        return self.ended_at is None


@dataclass(frozen=True)
class DayHours:
    """Hours worked on one local (Asia/Jakarta) day."""

    day: date
    hours: float


@dataclass(frozen=True)
class OfficerHours:
    """An officer's worked hours per local day over a period."""

    officer_id: str
    start: date
    end: date
    days: tuple[DayHours, ...]

    @property
    def total(self) -> float:
        """Hours over the whole period."""
        return sum(d.hours for d in self.days)

    def on(self, day: date) -> float:
        """Hours worked on one day of the period (0 outside it)."""
        return next((d.hours for d in self.days if d.day == day), 0.0)


@dataclass(frozen=True)
class OfficerWeek:
    """One officer's week: hours worked against the required weekly total."""

    officer_id: str
    nip: str
    name: str
    role: str
    hours: float
    required_hours: float
    by_day: tuple[DayHours, ...]
    clocked_in: bool
    expected_so_far: float = 0.0  # the week's pace: required hours of the working days gone
    week_over: bool = True  # the week has ended: a shortfall is final

    @property
    def short_by(self) -> float:
        """Hours still missing this week (0 when enough were worked)."""
        return max(0.0, round(self.required_hours - self.hours, 2))

    @property
    def enough(self) -> bool:
        """True when the week's required hours are reached."""
        return self.short_by == 0

    @property
    def behind_by(self) -> float:
        """Hours behind the week's pace so far (0 when on pace or ahead)."""
        return max(0.0, round(self.expected_so_far - self.hours, 2))

    @property
    def short_for_good(self) -> bool:
        """Short of the week's hours with the week over: the only shortfall that counts.

        Hours are flexible within the week, so a Tuesday with few hours is not a failure.
        """
        return self.week_over and not self.enough


def week_pace(monday: date, required: float, *, today: date) -> tuple[float, bool]:
    """Required hours due by the start of `today` in the week of `monday`, and whether it is over.

    The week's hours are spread evenly over its working days (holidays and cuti bersama
    excluded); days before today count in full, today not yet.
    """
    days = _days(monday, monday + timedelta(days=6))
    working = [d for d in days if is_working_day(d)]
    if today > days[-1]:
        return required, True
    if not working:
        return 0.0, False
    gone = sum(1 for d in working if d < today)
    return round(required * gone / len(working), 2), False


@dataclass(frozen=True)
class WeekSummary:
    """Every officer's hours for one Monday-to-Sunday week."""

    week_start: date
    week_end: date
    required_hours: float
    officers: tuple[OfficerWeek, ...]


def _view(row: AttendanceSession) -> ShiftSession:
    return ShiftSession(
        id=row.id,
        officer_id=row.officer_id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        corrected=row.corrected,
    )


def _local(moment: datetime) -> str:
    return f"{moment.astimezone(JAKARTA):%d-%m-%Y %H:%M}"


def _aware(value: datetime, field: str) -> datetime:
    if value.tzinfo is None:
        raise ValidationError(field, "time.needs_timezone")
    return value.astimezone(UTC)


def _open_row(session: Session, officer_id: str) -> AttendanceSession | None:
    return session.scalar(
        select(AttendanceSession).where(
            AttendanceSession.officer_id == officer_id, AttendanceSession.ended_at.is_(None)
        )
    )


def open_session(session: Session, *, officer_id: str) -> ShiftSession | None:
    """The officer's current session, or None when they are not clocked in."""
    row = _open_row(session, officer_id)
    return None if row is None else _view(row)


def clock_in(session: Session, *, officer_id: str, now: datetime) -> ShiftSession:
    """Start a session (`shift.clocked_in`); refused while one is open; caller commits."""
    officer = officers.require_active(session, officer_id=officer_id)
    now = _aware(now, "now")
    current = _open_row(session, officer_id)
    if current is not None:
        raise TransitionError(
            "shift.already_clocked_in",
            name=officer.name,
            nip=officer.nip,
            since=_local(current.started_at),
        )
    last_end = session.scalar(
        select(AttendanceSession.ended_at)
        .where(AttendanceSession.officer_id == officer_id)
        .order_by(AttendanceSession.ended_at.desc())
        .limit(1)
    )
    if last_end is not None and last_end > now:
        raise ValidationError(
            "now", "shift.clocked_out_later", name=officer.name, at=_local(last_end)
        )
    session_id = str(uuid.uuid4())
    events.append(
        session,
        kind=kinds.SHIFT_CLOCKED_IN,
        actor=officer_id,
        payload={"session_id": session_id, "officer_id": officer_id},
        now=now,
    )
    row = AttendanceSession(
        id=session_id, officer_id=officer_id, started_at=now, ended_at=None, corrected=False
    )
    session.add(row)
    session.flush()
    return _view(row)


def clock_out(
    session: Session,
    *,
    officer_id: str,
    now: datetime,
    actor_id: str | None = None,
) -> ShiftSession:
    """End the open session (`shift.clocked_out`); a lead may do it for someone else."""
    actor = actor_id or officer_id
    if actor != officer_id:
        officers.require_role(session, officer_id=actor, roles=officers.LEAD_ROLES)
    else:
        officers.require_active(session, officer_id=actor)
    officer = officers.get_officer(session, officer_id=officer_id)
    now = _aware(now, "now")
    row = _open_row(session, officer_id)
    if row is None:
        raise TransitionError("shift.not_clocked_in", name=officer.name, nip=officer.nip)
    if now < row.started_at:
        raise ValidationError("now", "shift.out_before_in", started=_local(row.started_at))
    events.append(
        session,
        kind=kinds.SHIFT_CLOCKED_OUT,
        actor=actor,
        payload={"session_id": row.id, "officer_id": officer_id},
        now=now,
    )
    row.ended_at = now
    session.flush()
    return _view(row)


def correct_session(
    session: Session,
    *,
    lead_id: str,
    session_id: str,
    started_at: datetime,
    ended_at: datetime | None,
    reason: str,
    now: datetime,
) -> ShiftSession:
    """A lead corrects a session's times (`shift.corrected`); the reason is required."""
    officers.require_role(session, officer_id=lead_id, roles=officers.LEAD_ROLES)
    reason = validate_reason(reason)
    row = session.get(AttendanceSession, session_id)
    if row is None:
        raise NotFoundError("shift.session_not_found", session_id=session_id)
    started_at = _aware(started_at, "started_at")
    if ended_at is not None:
        ended_at = _aware(ended_at, "ended_at")
        if ended_at <= started_at:
            raise ValidationError("ended_at", "shift.end_not_after_start")
        if ended_at > now:
            raise ValidationError("ended_at", "shift.end_in_future")
    elif row.ended_at is not None:
        raise ValidationError("ended_at", "shift.finished_needs_end")
    if started_at > now:
        raise ValidationError("started_at", "shift.start_in_future")
    overlap = session.scalar(
        select(AttendanceSession.id).where(
            AttendanceSession.officer_id == row.officer_id,
            AttendanceSession.id != row.id,
            AttendanceSession.started_at < (ended_at or now),
            or_(AttendanceSession.ended_at.is_(None), AttendanceSession.ended_at > started_at),
        )
    )
    if overlap is not None:
        raise ValidationError("started_at", "shift.overlap")
    events.append(
        session,
        kind=kinds.SHIFT_CORRECTED,
        actor=lead_id,
        payload={
            "session_id": row.id,
            "officer_id": row.officer_id,
            "started_at": wire.utc_iso(started_at),
            "ended_at": wire.utc_iso(ended_at) if ended_at else None,
            "before": {
                "started_at": wire.utc_iso(row.started_at),
                "ended_at": wire.utc_iso(row.ended_at) if row.ended_at else None,
            },
            "reason": reason,
        },
        now=now,
    )
    row.started_at, row.ended_at, row.corrected = started_at, ended_at, True
    session.flush()
    return _view(row)


def sessions(
    session: Session, *, start: date, end: date, officer_id: str | None = None
) -> list[ShiftSession]:
    """Sessions that overlap local days start..end inclusive, oldest first."""
    lo, hi = _bounds(start, end)
    stmt = (
        select(AttendanceSession)
        .where(
            AttendanceSession.started_at < hi,
            or_(AttendanceSession.ended_at.is_(None), AttendanceSession.ended_at > lo),
        )
        .order_by(AttendanceSession.started_at)
    )
    if officer_id is not None:
        stmt = stmt.where(AttendanceSession.officer_id == officer_id)
    return [_view(r) for r in session.scalars(stmt)]


def clocked_in(session: Session, *, before: datetime | None = None) -> list[ShiftSession]:
    """Every open session (started before `before`, when given), oldest first."""
    stmt = select(AttendanceSession).where(AttendanceSession.ended_at.is_(None))
    if before is not None:
        stmt = stmt.where(AttendanceSession.started_at < before)
    return [_view(r) for r in session.scalars(stmt.order_by(AttendanceSession.started_at))]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Local midnight at the start of `start` and after the end of `end`."""
    lo = datetime.combine(start, time(0), tzinfo=JAKARTA)
    hi = datetime.combine(end + timedelta(days=1), time(0), tzinfo=JAKARTA)
    return lo, hi


def split_by_day(start: datetime, end: datetime) -> Iterator[tuple[date, float]]:
    """Seconds of [start, end) on each local day (a session over midnight splits)."""
    cursor = start
    while cursor < end:
        day = local_day(cursor)
        midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=JAKARTA)
        stop = min(end, midnight)
        yield day, (stop - cursor).total_seconds()
        cursor = stop


def seconds_by_officer(
    session: Session,
    *,
    start: date,
    end: date,
    now: datetime,
    officer_id: str | None = None,
) -> dict[str, dict[date, float]]:
    """Worked seconds per officer and local day over start..end; open sessions count to now."""
    lo, hi = _bounds(start, end)
    result: dict[str, dict[date, float]] = {}
    for shift in sessions(session, start=start, end=end, officer_id=officer_id):
        begin = max(shift.started_at, lo)
        finish = min(shift.ended_at or now, hi)
        per_day = result.setdefault(shift.officer_id, {})
        for day, seconds in split_by_day(begin, finish):
            per_day[day] = per_day.get(day, 0.0) + seconds
    return result


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def hours(
    session: Session, *, officer_id: str, start: date, end: date, now: datetime
) -> OfficerHours:
    """Hours an officer worked on each local day start..end inclusive."""
    if end < start:
        raise ValidationError("end", "range.end_before_start")
    officers.get_officer(session, officer_id=officer_id)
    seconds = seconds_by_officer(session, start=start, end=end, now=now, officer_id=officer_id).get(
        officer_id, {}
    )
    days = tuple(DayHours(d, round(seconds.get(d, 0.0) / 3600, 4)) for d in _days(start, end))
    return OfficerHours(officer_id=officer_id, start=start, end=end, days=days)


def hours_by_officer(
    session: Session, *, start: date, end: date, now: datetime
) -> dict[str, float]:
    """Total hours per officer over local days start..end (officers with any time only)."""
    per = seconds_by_officer(session, start=start, end=end, now=now)
    return {officer: round(sum(days.values()) / 3600, 4) for officer, days in per.items()}


def week_summary(session: Session, *, week_of: date, now: datetime) -> WeekSummary:
    """Hours of every active officer (and anyone who worked) in the week holding `week_of`."""
    monday = week_of - timedelta(days=week_of.weekday())
    sunday = monday + timedelta(days=6)
    required = office_settings.required_weekly_hours(session)
    per = seconds_by_officer(session, start=monday, end=sunday, now=now)
    open_ids = {s.officer_id for s in clocked_in(session)}
    expected, over = week_pace(monday, required, today=local_day(now))
    people = session.scalars(
        select(Officer)
        .where(or_(Officer.active.is_(True), Officer.id.in_(list(per))))
        .order_by(Officer.name)
    )
    rows = []
    for person in people:
        seconds = per.get(person.id, {})
        by_day = tuple(
            DayHours(d, round(seconds.get(d, 0.0) / 3600, 4)) for d in _days(monday, sunday)
        )
        rows.append(
            OfficerWeek(
                officer_id=person.id,
                nip=person.nip,
                name=person.name,
                role=person.role,
                hours=round(sum(seconds.values()) / 3600, 4),
                required_hours=required,
                by_day=by_day,
                clocked_in=person.id in open_ids,
                expected_so_far=expected,
                week_over=over,
            )
        )
    return WeekSummary(
        week_start=monday, week_end=sunday, required_hours=required, officers=tuple(rows)
    )
