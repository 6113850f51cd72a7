"""The city's projections beyond tasks and points: agency stays, attendance, day closes.

apply() runs in the push's transaction on the events the push has just stored, a few
statements per push whatever the batch's size. Each projection comes out the same
whatever order the desks' pushes arrive in (DESIGN, invariant 7): a task's stays are
rebuilt from all of the task's agency events the city holds; a session's times are merged,
the latest event (by occurred_at, device, seq) winning each; a day close is its own row.
A payload that lacks what a projection needs is left out of it (the event is kept, and
the push never fails for it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from central.store.models import AgencyStay, AttendanceSession, DayClose, StoredEvent
from desk_app.eventlog import kinds
from desk_app.eventlog.wire import WireEvent, canonical_json

# The events that open or end a task's stay at an agency; rejecting or cancelling a task
# ends its stay as "withdrawn", as the desk's own projection does.
AGENCY_KINDS = frozenset(
    {kinds.TASK_FORWARDED, kinds.TASK_RETURNED, kinds.TASK_REJECTED, kinds.TASK_CANCELLED}
)
SHIFT_AND_CLOSE_KINDS = kinds.SHIFT_KINDS | {kinds.DAY_CLOSED}
WITHDRAWN = "withdrawn"
INT_LIMIT = 2**31 - 1  # a figure beyond a 32-bit column is no count a desk makes
DAY_TOTALS = (
    "received",
    "completed",
    "rejected",
    "cancelled",
    "open_end_of_day",
    "overdue_end_of_day",
    "points",
)


def apply(session: Session, *, office_code: str, events: Sequence[WireEvent]) -> None:
    """Bring the projections up to date with `events`, just stored for `office_code`."""
    tasks = {e["task_id"] for e in events if e["kind"] in AGENCY_KINDS and e["task_id"]}
    if tasks:
        _rebuild_stays(session, office_code, tasks)
    shifts = [e for e in events if e["kind"] in kinds.SHIFT_KINDS]
    if shifts:
        _merge_sessions(session, office_code, shifts)
    closes = [row for e in events if (row := _close_row(office_code, e)) is not None]
    if closes:
        session.execute(insert(DayClose), closes)


def moment(text: Any) -> datetime | None:
    """An ISO 8601 UTC moment as an aware datetime; None when it is not one."""
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _literal_in(values: Iterable[str]) -> Any:
    """Values for an IN as literals (see push.apply_push on PostgreSQL's generic plans)."""
    return bindparam("values", sorted(values), expanding=True, literal_execute=True)


# --- agency stays ----------------------------------------------------------------------


def _rebuild_stays(session: Session, office_code: str, tasks: set[str]) -> None:
    """Replace the stays of `tasks` by those their agency events, all of them, make."""
    rows = session.execute(
        select(
            StoredEvent.uuid,
            StoredEvent.kind,
            StoredEvent.task_id,
            StoredEvent.occurred_at,
            StoredEvent.device_id,
            StoredEvent.seq,
            StoredEvent.payload,
        ).where(
            StoredEvent.office_code == office_code,
            StoredEvent.task_id.in_(_literal_in(tasks)),
            StoredEvent.kind.in_(sorted(AGENCY_KINDS)),
        )
    ).all()
    stays: list[dict[str, Any]] = []
    open_stays: dict[str, list[dict[str, Any]]] = {}
    for uuid, kind, task_id, occurred_at, _device, _seq, text in sorted(
        rows, key=lambda r: (r.occurred_at, r.device_id, r.seq)
    ):
        at = moment(occurred_at)
        payload = _payload(text)
        if at is None or payload is None or task_id is None:
            continue
        if kind == kinds.TASK_FORWARDED:
            agency = payload.get("agency_code")
            if isinstance(agency, str) and agency:
                stay = {
                    "office_code": office_code,
                    "stay_id": uuid,
                    "task_id": task_id,
                    "agency_code": agency[:40],
                    "forwarded_at": at,
                    "returned_at": None,
                    "outcome": None,
                }
                stays.append(stay)
                open_stays.setdefault(task_id, []).append(stay)
            continue
        outcome = payload.get("outcome") if kind == kinds.TASK_RETURNED else WITHDRAWN
        for stay in open_stays.pop(task_id, []):
            stay["returned_at"] = at
            stay["outcome"] = str(outcome)[:16] if outcome is not None else None
    session.execute(
        delete(AgencyStay).where(
            AgencyStay.office_code == office_code, AgencyStay.task_id.in_(_literal_in(tasks))
        )
    )
    if stays:
        session.execute(insert(AgencyStay), stays)


def _payload(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


# --- attendance ----------------------------------------------------------------------------


def _merge_sessions(session: Session, office_code: str, shifts: list[WireEvent]) -> None:
    """Merge the shift events into their sessions: per time, the latest event's word."""
    ids = {
        sid
        for e in shifts
        if isinstance(sid := e["payload"].get("session_id"), str) and 0 < len(sid) <= 36
    }
    if not ids:
        return
    found = session.execute(
        select(AttendanceSession.__table__).where(
            AttendanceSession.office_code == office_code,
            AttendanceSession.session_id.in_(_literal_in(ids)),
        )
    ).mappings()
    held = {row["session_id"]: dict(row) for row in found}
    merged: dict[str, dict[str, Any]] = {}
    for event in shifts:
        payload = event["payload"]
        sid, officer = payload.get("session_id"), payload.get("officer_id")
        at = moment(event["occurred_at"])
        if sid not in ids or not isinstance(officer, str) or at is None:
            continue
        row = merged.get(sid) or held.get(sid) or _new_session(office_code, sid, officer)
        merged[sid] = row
        key = f"{event['occurred_at']}|{event['device_id']}|{event['seq']:020d}"
        if event["kind"] == kinds.SHIFT_CLOCKED_IN:
            _set(row, "started", at, key)
        elif event["kind"] == kinds.SHIFT_CLOCKED_OUT:
            _set(row, "ended", at, key)
        else:  # shift.corrected: a lead's times replace both
            start, end = moment(payload.get("started_at")), moment(payload.get("ended_at"))
            if start is None or (payload.get("ended_at") is not None and end is None):
                continue
            _set(row, "started", start, key)
            _set(row, "ended", end, key)
            row["corrected"] = True
    if not merged:
        return
    session.execute(
        delete(AttendanceSession).where(
            AttendanceSession.office_code == office_code,
            AttendanceSession.session_id.in_(_literal_in(merged)),
        )
    )
    session.execute(insert(AttendanceSession), list(merged.values()))


def _new_session(office_code: str, session_id: str, officer_id: str) -> dict[str, Any]:
    return {
        "office_code": office_code,
        "session_id": session_id,
        "officer_id": officer_id[:36],
        "started_at": None,
        "started_key": None,
        "ended_at": None,
        "ended_key": None,
        "corrected": False,
    }


def _set(row: dict[str, Any], which: str, value: datetime | None, key: str) -> None:
    """Take `value` for the session's start or end unless a later event already set it."""
    if key > (row[f"{which}_key"] or ""):
        row[f"{which}_at"], row[f"{which}_key"] = value, key


# --- day closes ----------------------------------------------------------------------------


def _close_row(office_code: str, event: WireEvent) -> dict[str, Any] | None:
    """A day.closed event as a row of day_closes; None when its payload lacks the day."""
    if event["kind"] != kinds.DAY_CLOSED:
        return None
    payload = event["payload"]
    try:
        day = date.fromisoformat(str(payload.get("day")))
    except ValueError:
        return None
    summary = payload.get("summary")
    summary = summary if isinstance(summary, dict) else {}
    totals = summary.get("totals")
    totals = totals if isinstance(totals, dict) else {}
    seq = payload.get("last_event_seq")
    return {
        "office_code": office_code,
        "close_uuid": event["uuid"],
        "day": day,
        "device_id": event["device_id"],
        "closed_by": event["actor"],
        "closed_at": event["occurred_at"],
        **{name: _number(totals.get(name), int) for name in DAY_TOTALS},
        "hours": _number(totals.get("hours"), float),
        "last_event_seq": seq if type(seq) is int and 0 <= seq < 2**63 else 0,
        "last_event_hash": str(payload.get("last_event_hash", ""))[:64],
        "summary": canonical_json(summary),
    }


def _number(value: Any, kind: type[int] | type[float]) -> Any:
    """A summary figure as the column takes it (0 when the desk sent no number)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return kind(0)
    return kind(max(-INT_LIMIT, min(INT_LIMIT, value)))
