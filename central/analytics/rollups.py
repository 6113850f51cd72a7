"""Incremental rollups: each office's figures per Jakarta hour, kept in `hour_rollups`.

The push marks the office-days its events fall on (note_events: one upsert per push, in
the push's transaction); a refresh recomputes each marked day whole from that office-day's
stored events, so a day ends the same whatever order, split or delay its events came in
(an office that syncs after days offline only marks old days again). Pages read the table
(cells), refreshing what is marked first, never the raw events.

What one hour holds (analytics.cells.HourCell):

- arrivals: citizens arriving, each once: queue tickets issued in the hour, plus intakes
  (task.received) that no served ticket brought — so an hour or an office without a kiosk
  shows its demand by its intakes, and a ticket's own intake is not counted twice.
- tickets, abandoned: tickets issued in the hour; those of them never served (a no-show,
  or never called by the day's end), counted in the hour of issue.
- wait_count / wait_seconds: tickets issued in the hour whose wait (issue -> first call) is
  known: from queue.ticket_served, else from the first queue.ticket_called (a no-show's wait
  until the call that found them gone). Never-called tickets have no known wait.
- handle_*: counter handling times, in the hour the visit ended: queue.ticket_served's
  handling_seconds; for a task without a served ticket, task.received's handling_seconds.
- completed: task.completed events in the hour.
- points: the credits of the hour's events by the city's ledger (central/ledger.py), its
  rule table and its replay order (each task's events by device, seq).
- officer_seconds: attendance sessions (projections' attendance_sessions) split over the
  hours they cover. A session still open counts OPEN_SESSION_HOURS at most and not past its
  Jakarta day; any session counts MAX_SESSION_HOURS at most.

Points of an event depend on its task's earlier events (weight, due date, status), which
may fall on other days: when a refresh finds new events of a task, it recomputes the other
days holding that task's later events too (later in the ledger's order). A session that
spans midnight likewise brings its other day along. Two things a refresh does not follow,
both rare, both put right by `rebuild`: a points.reversed whose reversed credit changes
afterwards (a late event of that task, from another desk) keeps its day's old figure until
that day is marked again; and a new points rules document changes no stored day.
"""

from __future__ import annotations

import logging
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple, cast

import orjson
from sqlalchemy import Table, bindparam, delete, func, insert, select, text, union
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from central import ledger
from central.analytics.cells import COUNTS, HourCell
from central.store.models import (
    AttendanceSession,
    Device,
    HourRollup,
    Office,
    RollupMark,
    RollupStamp,
    StoredEvent,
)
from desk_app.eventlog import kinds
from desk_app.eventlog.wire import WireEvent

logger = logging.getLogger(__name__)

JAKARTA_OFFSET = timedelta(hours=7)  # Asia/Jakarta (WIB): UTC+7, no daylight saving
OPEN_SESSION_HOURS = 8.0  # a session never clocked out counts this long at most
MAX_SESSION_HOURS = 24.0  # a session counts this long at most (a forgotten clock-out)
IN_CHUNK = 900  # values per IN (SQLite's old limit is 999 a statement)
QUEUE_EVENT_KINDS = kinds.QUEUE_KINDS
_INDEX = {name: i for i, name in enumerate(COUNTS)}
_ARRIVALS, _TICKETS, _ABANDONED = _INDEX["arrivals"], _INDEX["tickets"], _INDEX["abandoned"]
_WAIT_N, _WAIT_S = _INDEX["wait_count"], _INDEX["wait_seconds"]
_HANDLE_N, _HANDLE_S, _HANDLE_SQ = (
    _INDEX["handle_count"],
    _INDEX["handle_seconds"],
    _INDEX["handle_seconds_sq"],
)
_COMPLETED, _POINTS, _OFFICER_S = _INDEX["completed"], _INDEX["points"], _INDEX["officer_seconds"]
_FLOATS = frozenset(
    i for name, i in _INDEX.items() if isinstance(getattr(HourCell, name, 0), float)
)


# --- Jakarta days and hours -------------------------------------------------------------


@lru_cache(maxsize=65536)
def _hour_of(prefix: str) -> tuple[date, int] | None:
    """(Jakarta day, hour) of a UTC 'YYYY-MM-DDTHH' prefix; None when it is not one."""
    try:
        moment = datetime(int(prefix[0:4]), int(prefix[5:7]), int(prefix[8:10]), int(prefix[11:13]))
    except ValueError:
        return None
    local = moment + JAKARTA_OFFSET
    return local.date(), local.hour


def day_hour(occurred_at: Any) -> tuple[date, int] | None:
    """The Jakarta (day, hour) of an event's occurred_at (utc_iso text); None if unreadable."""
    if not isinstance(occurred_at, str) or len(occurred_at) < 13 or occurred_at[10] != "T":
        return _parsed_day_hour(occurred_at)
    return _hour_of(occurred_at[:13])


def _parsed_day_hour(text_value: Any) -> tuple[date, int] | None:
    moment = _moment(text_value)
    if moment is None:
        return None
    local = moment.astimezone(UTC).replace(tzinfo=None) + JAKARTA_OFFSET
    return local.date(), local.hour


def _moment(value: Any) -> datetime | None:
    """An aware UTC datetime from an ISO text or a datetime (naive read as UTC)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def day_start(day: date) -> datetime:
    """The UTC moment a Jakarta day begins."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - JAKARTA_OFFSET


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- the push's part: marking -------------------------------------------------------------


def note_events(session: Session, *, office_code: str, events: Sequence[WireEvent]) -> None:
    """Mark the office-days `events` (just stored, one device's) fall on as out of date.

    One upsert per push whatever the batch's size; nothing is computed here.
    """
    first: dict[tuple[date, str], int] = {}
    for event in events:
        occurred = event["occurred_at"]
        found = _hour_of(occurred[:13]) if len(occurred) >= 13 else None
        days: tuple[date, ...] = (found[0],) if found else ()
        if event["kind"] == kinds.SHIFT_CORRECTED or found is None:
            days = tuple(_days_touched(event))
        for day in days:
            key = (day, event["device_id"])
            if event["seq"] < first.get(key, 1 << 62):
                first[key] = event["seq"]
    if not first:
        return
    rows = [
        {"office_code": office_code, "day": day, "device_id": device, "first_seq": seq}
        for (day, device), seq in sorted(first.items())
    ]
    _upsert_marks(session, rows)


def _days_touched(event: WireEvent) -> set[date]:
    """The Jakarta days whose rollup the event may change."""
    found = day_hour(event["occurred_at"])
    days = {found[0]} if found else set()
    if event["kind"] == kinds.SHIFT_CORRECTED:  # moves a session: its old and new days
        payload = event["payload"]
        before = payload.get("before")
        before = before if isinstance(before, dict) else {}
        for value in (
            payload.get("started_at"),
            payload.get("ended_at"),
            before.get("started_at"),
            before.get("ended_at"),
        ):
            moment = _parsed_day_hour(value) if value else None
            if moment:
                days.add(moment[0])
    return days


@lru_cache(maxsize=4)
def _upsert_statement(dialect_name: str) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE of a mark, built once per dialect."""
    on_postgres = dialect_name == "postgresql"
    table = cast(Table, RollupMark.__table__)
    stmt = (postgresql_insert if on_postgres else sqlite_insert)(table)
    least = func.least if on_postgres else func.min
    return stmt.values(
        office_code=bindparam("office_code"),
        day=bindparam("day"),
        device_id=bindparam("device_id"),
        first_seq=bindparam("first_seq"),
        marks=1,
    ).on_conflict_do_update(
        index_elements=["office_code", "day", "device_id"],
        set_={
            "first_seq": least(table.c.first_seq, stmt.excluded.first_seq),
            "marks": table.c.marks + 1,
        },
    )


def _upsert_marks(session: Session, rows: list[dict[str, Any]]) -> None:
    conn = session.connection()
    conn.execute(_upsert_statement(conn.dialect.name), rows[0] if len(rows) == 1 else rows)


def mark_all(session: Session, *, office_code: str, days: Iterable[date]) -> None:
    """Mark whole office-days out of date (every event of them counted as new)."""
    rows = [
        {"office_code": office_code, "day": day, "device_id": "", "first_seq": 0}
        for day in sorted(set(days))
    ]
    if rows:
        _upsert_marks(session, rows)


# --- reading -----------------------------------------------------------------------------


def office_codes(session: Session) -> list[str]:
    """Every office the city knows: registered, with a device, or with rollups waiting."""
    query = union(
        select(Office.office_code),
        select(Device.office_code),
        select(RollupMark.office_code),
    )
    return sorted({code for (code,) in session.execute(query)})


def cells(session: Session, *, office_code: str | None, first: date, last: date) -> list[HourCell]:
    """The hour cells of one office (None: every office) for Jakarta days first..last.

    Marked days are refreshed first, so the answer includes every event stored.
    """
    refresh(session, office_code=office_code)
    table = cast(Table, HourRollup.__table__)
    columns = [table.c.office_code, table.c.day, table.c.hour, *(table.c[n] for n in COUNTS)]
    query = select(*columns).where(table.c.day >= first, table.c.day <= last)
    if office_code is not None:
        query = query.where(table.c.office_code == office_code)
    rows = session.connection().execute(
        query.order_by(table.c.office_code, table.c.day, table.c.hour)
    )
    return [HourCell(*row) for row in rows]


# --- refreshing --------------------------------------------------------------------------


def refresh(session: Session, *, office_code: str | None = None) -> int:
    """Recompute the marked office-days (of one office, or all); the cells written."""
    query = select(
        RollupMark.office_code,
        RollupMark.day,
        RollupMark.device_id,
        RollupMark.first_seq,
        RollupMark.marks,
    )
    if office_code is not None:
        query = query.where(RollupMark.office_code == office_code)
    by_office: dict[str, list[Any]] = defaultdict(list)
    for mark in session.execute(query):
        by_office[mark.office_code].append(mark)
    if not by_office:
        return 0
    versions = rule_versions(session)
    return sum(
        _refresh_office(session, office, by_office[office], versions)
        for office in sorted(by_office)
    )


def rebuild(session: Session, *, office_code: str | None = None) -> int:
    """Recompute every day of one office (or of every office) from all its events."""
    offices = [office_code] if office_code is not None else office_codes(session)
    versions = rule_versions(session)
    written = 0
    for office in offices:
        _lock(session, office)
        session.execute(delete(RollupMark).where(RollupMark.office_code == office))
        session.execute(delete(HourRollup).where(HourRollup.office_code == office))
        session.execute(delete(RollupStamp).where(RollupStamp.office_code == office))
        events = _load_events(session, _EVENTS, {"office": office})
        days = {e.day for e in events.values()}
        sessions = _sessions(session, office, None)
        days |= {d for s in sessions for d in _session_days(s)}
        computed = _compute(office, days, events, sessions, versions)
        written += _write(session, office, None, computed)
    return written


def _lock(session: Session, office: str) -> None:
    """One refresh of an office at a time (PostgreSQL; SQLite writers are serial anyway)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": office})


def _refresh_office(
    session: Session, office: str, marks: list[Any], versions: tuple[Any, ...]
) -> int:
    """Recompute the office's marked days (and the days they bring along); drop the marks
    no push has touched since they were read."""
    _lock(session, office)
    dirty = {m.day for m in marks}
    events = _events_of_days(session, office, dirty)
    first_new = {(m.day, m.device_id): m.first_seq for m in marks}
    new = [
        e
        for e in events.values()
        if e.seq >= first_new.get((e.day, e.device_id), first_new.get((e.day, ""), 1 << 62))
    ]
    # Every event of the days' tasks (their points depend on them), whatever its day.
    loaded = {e.task_id for e in events.values() if e.task_id}
    _add_task_events(session, office, events, loaded)
    # Tasks with new events: the days holding their later events (ledger order) change too.
    earliest: dict[str, tuple[str, int]] = {}
    for e in new:
        if e.task_id and (e.task_id not in earliest or e.order < earliest[e.task_id]):
            earliest[e.task_id] = e.order
    extra = {
        e.day
        for e in events.values()
        if e.task_id in earliest and e.order > earliest[e.task_id] and e.day not in dirty
    }
    # A session over midnight whose one day is marked: its other day changes too.
    around = {d + timedelta(days=k) for d in dirty for k in (-1, 0, 1)}
    sessions = _sessions(session, office, around)
    for s in sessions:
        if _session_days(s) & dirty:
            extra |= _session_days(s) - dirty
    days = dirty | extra
    if extra:
        events.update(_events_of_days(session, office, extra))
        more = {e.task_id for e in events.values() if e.task_id and e.task_id not in loaded}
        _add_task_events(session, office, events, more)
    if not days <= around:
        sessions = _sessions(session, office, days)
    sessions = [s for s in sessions if _session_days(s) & days]
    if any(e.kind == kinds.POINTS_REVERSED for e in events.values()):
        _add_reversed_events(session, office, events)
    computed = _compute(office, days, events, sessions, versions)
    written = _write(session, office, days, computed)
    marks_table = cast(Table, RollupMark.__table__)
    session.connection().execute(
        delete(marks_table).where(
            marks_table.c.office_code == office,
            marks_table.c.day == bindparam("d"),
            marks_table.c.device_id == bindparam("dev"),
            marks_table.c.marks == bindparam("n"),
        ),
        # In the order pushes upsert them (day, device), so the two never wait on each other
        # in a cycle; a mark a push touched meanwhile (marks moved on) stays for next time.
        [{"d": m.day, "dev": m.device_id, "n": m.marks} for m in sorted(marks)],
    )
    return written


class _Event(NamedTuple):
    device_id: str
    seq: int
    uuid: str
    kind: str
    actor: str | None
    task_id: str | None
    occurred_at: str
    payload: dict[str, Any]
    day: date
    hour: int

    @property
    def order(self) -> tuple[str, int]:
        """The ledger's replay order."""
        return (self.device_id, self.seq)


_COLUMNS = (
    StoredEvent.device_id,
    StoredEvent.seq,
    StoredEvent.uuid,
    StoredEvent.kind,
    StoredEvent.actor,
    StoredEvent.task_id,
    StoredEvent.occurred_at,
    StoredEvent.payload,
)


_EVENTS = select(*_COLUMNS).where(StoredEvent.office_code == bindparam("office"))
_EVENTS_BETWEEN = _EVENTS.where(
    StoredEvent.occurred_at >= bindparam("low"), StoredEvent.occurred_at < bindparam("high")
)
_EVENTS_OF_TASKS = _EVENTS.where(StoredEvent.task_id.in_(bindparam("tasks", expanding=True)))
_TASKS_OF_EVENTS = select(StoredEvent.task_id).where(
    StoredEvent.office_code == bindparam("office"),
    StoredEvent.uuid.in_(bindparam("uuids", expanding=True)),
)
_SESSIONS = select(AttendanceSession.started_at, AttendanceSession.ended_at).where(
    AttendanceSession.office_code == bindparam("office"),
    AttendanceSession.started_at.is_not(None),
)
_SESSIONS_BETWEEN = _SESSIONS.where(
    AttendanceSession.started_at >= bindparam("low"),
    AttendanceSession.started_at < bindparam("high"),
)


def _load_events(
    session: Session, stmt: Any, params: dict[str, Any]
) -> dict[tuple[str, int], _Event]:
    """The events a statement selects (in _COLUMNS), each parsed once."""
    found: dict[tuple[str, int], _Event] = {}
    rows = session.connection().execute(stmt, params).all()
    for device_id, seq, uuid, kind, actor, task_id, occurred_at, payload in rows:
        where = day_hour(occurred_at)
        if where is None:
            continue
        try:
            body = orjson.loads(payload)
        except orjson.JSONDecodeError:
            continue
        if not isinstance(body, dict):
            continue
        found[(device_id, seq)] = _Event(
            device_id, seq, uuid, kind, actor, task_id, occurred_at, body, where[0], where[1]
        )
    return found


def _events_of_days(
    session: Session, office: str, days: set[date]
) -> dict[tuple[str, int], _Event]:
    """Every event of the office on the Jakarta days (a range of occurred_at per run of days)."""
    found: dict[tuple[str, int], _Event] = {}
    for first, last in _runs(sorted(days)):
        low, high = _iso(day_start(first)), _iso(day_start(last + timedelta(days=1)))
        found.update(
            _load_events(session, _EVENTS_BETWEEN, {"office": office, "low": low, "high": high})
        )
    return {k: e for k, e in found.items() if e.day in days}


def _runs(days: list[date]) -> list[tuple[date, date]]:
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _add_task_events(
    session: Session, office: str, events: dict[tuple[str, int], _Event], tasks: set[str]
) -> None:
    """Add every stored event of `tasks` (whatever its day) to `events`."""
    wanted = sorted(tasks)
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start : start + IN_CHUNK]
        params = {"office": office, "tasks": chunk}
        for key, event in _load_events(session, _EVENTS_OF_TASKS, params).items():
            events.setdefault(key, event)


def _add_reversed_events(
    session: Session, office: str, events: dict[tuple[str, int], _Event]
) -> None:
    """Add the events points.reversed events refer to, and their tasks' events."""
    held = {e.uuid for e in events.values()}
    wanted = sorted(
        {
            ref
            for e in events.values()
            if e.kind == kinds.POINTS_REVERSED
            and isinstance(ref := e.payload.get("event_uuid"), str)
            and ref not in held
        }
    )
    tasks: set[str] = set()
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start : start + IN_CHUNK]
        tasks.update(
            t
            for (t,) in session.connection().execute(
                _TASKS_OF_EVENTS, {"office": office, "uuids": chunk}
            )
            if t
        )
    if tasks:
        _add_task_events(session, office, events, tasks)


@dataclass(frozen=True)
class _Session:
    started: datetime
    ended: datetime


def _sessions(session: Session, office: str, days: set[date] | None) -> list[_Session]:
    """The office's attendance sessions touching `days` (None: all), with the caps applied."""
    query = _SESSIONS
    params: dict[str, Any] = {"office": office}
    if days:
        low = day_start(min(days)) - timedelta(hours=MAX_SESSION_HOURS)
        high = day_start(max(days) + timedelta(days=1))
        query, params = _SESSIONS_BETWEEN, {"office": office, "low": low, "high": high}
    found = []
    for started_at, ended_at in session.connection().execute(query, params):
        started = _moment(started_at)
        assert started is not None
        ended = _moment(ended_at)
        if ended is None:
            local_day = (started.replace(tzinfo=None) + JAKARTA_OFFSET).date()
            ended = min(
                started + timedelta(hours=OPEN_SESSION_HOURS),
                day_start(local_day + timedelta(days=1)),
            )
        ended = min(ended, started + timedelta(hours=MAX_SESSION_HOURS))
        if ended > started:
            found.append(_Session(started, ended))
    if days is not None:
        found = [s for s in found if _session_days(s) & days]
    return sorted(found, key=lambda s: (s.started, s.ended))  # sums in one order


def _session_days(s: _Session) -> set[date]:
    first = (s.started.replace(tzinfo=None) + JAKARTA_OFFSET).date()
    last = (s.ended.replace(tzinfo=None) + JAKARTA_OFFSET - timedelta(microseconds=1)).date()
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


# --- computing ---------------------------------------------------------------------------


@dataclass
class _Cells:
    by_key: dict[tuple[date, int], list[float]] = field(default_factory=dict)

    def at(self, day: date, hour: int) -> list[float]:
        row = self.by_key.get((day, hour))
        if row is None:
            row = self.by_key[(day, hour)] = [0] * len(COUNTS)
            for i in _FLOATS:
                row[i] = 0.0
        return row


def _compute(
    office: str,
    days: set[date],
    events: dict[tuple[str, int], _Event],
    sessions: list[_Session],
    versions: tuple[Any, ...],
) -> list[HourCell]:
    """The cells of `days`, from the events (those of the days, and of their tasks)."""
    out = _Cells()
    of_days = sorted(
        (e for e in events.values() if e.day in days), key=lambda e: (e.occurred_at, e.order)
    )
    served_tasks = {
        e.task_id for e in events.values() if e.kind == kinds.QUEUE_TICKET_SERVED and e.task_id
    }
    _queue(out, of_days)
    for e in of_days:
        if e.kind == kinds.TASK_RECEIVED and e.task_id not in served_tasks:
            row = out.at(e.day, e.hour)
            row[_ARRIVALS] += 1  # an intake no ticket brought: a citizen the kiosk missed
            handling = _seconds(e.payload.get("handling_seconds"))
            if handling is not None:
                _handle(row, handling)
        elif e.kind == kinds.TASK_COMPLETED:
            out.at(e.day, e.hour)[_COMPLETED] += 1
    for e, points in _credits(events, versions):
        if e.day in days and points:
            out.at(e.day, e.hour)[_POINTS] += points
    for s in sessions:
        _attend(out, s, days)
    return [
        HourCell(office, day, hour, **cast(dict[str, Any], dict(zip(COUNTS, row, strict=True))))
        for (day, hour), row in sorted(out.by_key.items())
        if any(row)
    ]


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 <= value < 86_400 * 2 else None


def _handle(row: list[float], seconds: float) -> None:
    row[_HANDLE_N] += 1
    row[_HANDLE_S] += seconds
    row[_HANDLE_SQ] += seconds * seconds


@dataclass
class _Ticket:
    issued: tuple[date, int] | None = None
    served: bool = False
    wait: float | None = None  # issue -> first call
    wait_from_served: bool = False
    first_call: str | None = None  # occurred_at of the first call seen


def _queue(out: _Cells, of_days: list[_Event]) -> None:
    """Tickets, abandonment, waits and handling of the days' queue events."""
    tickets: dict[str, _Ticket] = {}
    for e in of_days:
        if e.kind not in QUEUE_EVENT_KINDS:
            continue
        tid = e.payload.get("ticket_id")
        if not isinstance(tid, str):
            continue
        ticket = tickets.setdefault(tid, _Ticket())
        if e.kind == kinds.QUEUE_TICKET_ISSUED:
            ticket.issued = (e.day, e.hour)
        elif e.kind == kinds.QUEUE_TICKET_CALLED:
            wait = _seconds(e.payload.get("wait_seconds"))
            if not ticket.wait_from_served and (
                ticket.first_call is None or e.occurred_at < ticket.first_call
            ):
                ticket.first_call, ticket.wait = e.occurred_at, wait
        elif e.kind == kinds.QUEUE_TICKET_SERVED:
            ticket.served = True
            wait = _seconds(e.payload.get("wait_seconds"))
            if wait is not None:
                ticket.wait, ticket.wait_from_served = wait, True
            handling = _seconds(e.payload.get("handling_seconds"))
            if handling is not None:
                _handle(out.at(e.day, e.hour), handling)
    for ticket in tickets.values():
        if ticket.issued is None:
            continue  # a call of a ticket issued on another day (or never): no arrival here
        row = out.at(*ticket.issued)
        row[_TICKETS] += 1
        row[_ARRIVALS] += 1
        if not ticket.served:
            row[_ABANDONED] += 1
        if ticket.wait is not None:
            row[_WAIT_N] += 1
            row[_WAIT_S] += ticket.wait


def rule_versions(session: Session) -> tuple[Any, ...]:
    """The points rules the city's ledger uses now (its published document)."""
    from central import rules_document

    return tuple(ledger.rule_versions(rules_document.current(session).body))


def _credits(
    events: dict[tuple[str, int], _Event], versions: tuple[Any, ...]
) -> Iterable[tuple[_Event, int]]:
    """Each event's points, replayed per task in the ledger's order with its rules."""
    by_uuid = {e.uuid: e for e in events.values()}
    streams: dict[str, list[_Event]] = defaultdict(list)
    for e in events.values():
        if e.kind == kinds.POINTS_REVERSED:
            ref = by_uuid.get(e.payload.get("event_uuid"))  # type: ignore[arg-type]
            if ref is not None and ref.task_id:
                streams[ref.task_id].append(e)
        elif e.task_id:
            streams[e.task_id].append(e)
    for stream in streams.values():
        stream.sort(key=lambda e: e.order)
        tasks: dict[str, Any] = {}
        earned: dict[str, list[tuple[str, int]]] = {}
        for e in stream:
            try:
                credits = ledger._credits(
                    e.kind, e.actor, e.task_id, e.payload, e.day, tasks, earned, versions
                )
            except (KeyError, ValueError, TypeError):
                continue  # a payload the ledger cannot read earns nothing there either
            if credits:
                earned[e.uuid] = credits
                yield e, sum(points for _officer, points in credits)


def _attend(out: _Cells, s: _Session, days: set[date]) -> None:
    """Split one session's seconds over the Jakarta hours it covers (of `days`)."""
    moment = s.started
    while moment < s.ended:
        local = moment.replace(tzinfo=None) + JAKARTA_OFFSET
        hour_end = moment + timedelta(
            minutes=59 - local.minute,
            seconds=60 - local.second,
            microseconds=-local.microsecond,
        )
        stop = min(hour_end, s.ended)
        if local.date() in days:
            out.at(local.date(), local.hour)[_OFFICER_S] += (stop - moment).total_seconds()
        moment = stop


# --- writing -----------------------------------------------------------------------------


def _write(session: Session, office: str, days: set[date] | None, computed: list[HourCell]) -> int:
    """Replace the office's rows of `days` (None: the caller removed them) by `computed`."""
    if days:
        ordered = sorted(days)
        for start in range(0, len(ordered), IN_CHUNK):
            session.execute(
                delete(HourRollup).where(
                    HourRollup.office_code == office,
                    HourRollup.day.in_(ordered[start : start + IN_CHUNK]),
                )
            )
    _restamp(session, office, days if days is not None else {c.day for c in computed})
    if computed:
        rows = [
            {
                "office_code": c.office_code,
                "day": c.day,
                "hour": c.hour,
                **{name: getattr(c, name) for name in COUNTS},
            }
            for c in computed
        ]
        session.connection().execute(insert(cast(Table, HourRollup.__table__)), rows)
    return len(computed)


def _restamp(session: Session, office: str, days: Iterable[date]) -> None:
    """Give the office-days fresh rollup stamps: answers computed from their old cells are
    stale. 31 random bits, so a window's stamps add up within a BIGINT."""
    rows = [{"office_code": office, "day": day, "stamp": secrets.randbits(31)} for day in days]
    if not rows:
        return
    conn = session.connection()
    on_postgres = conn.dialect.name == "postgresql"
    table = cast(Table, RollupStamp.__table__)
    stmt = (postgresql_insert if on_postgres else sqlite_insert)(table)
    upsert = stmt.on_conflict_do_update(
        index_elements=["office_code", "day"], set_={"stamp": stmt.excluded.stamp}
    )
    for start in range(0, len(rows), IN_CHUNK):
        conn.execute(upsert, rows[start : start + IN_CHUNK])
