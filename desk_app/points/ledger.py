"""The points ledger in the database: recording credits, reversals and totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session

from desk_app.common.errors import NotFoundError, ValidationError
from desk_app.common.validation import validate_text
from desk_app.common.workdays import local_day
from desk_app.db.models import Event, Officer, PointsEntry, Task, table
from desk_app.eventlog import events, kinds
from desk_app.office import officers
from desk_app.points import point_rules


@dataclass(frozen=True)
class OfficerPoints:
    """An officer's points over a period."""

    officer_id: str
    nip: str
    name: str
    points: int


_INSERT_POINTS = insert(table(PointsEntry))


def record_credits(
    session: Session,
    record: events.EventRecord,
    task: point_rules.TaskFacts | None,
    reversed_credits: list[point_rules.Credit] | None = None,
) -> list[point_rules.Credit]:
    """Write the ledger rows the rules derive from one event."""
    day = local_day(record.occurred_at)
    credits = point_rules.credits_for(
        kind=record.kind,
        actor=record.actor,
        task_id=record.task_id,
        payload=record.payload,
        day=day,
        task=task,
        reversed_credits=reversed_credits,
    )
    if credits:
        version = point_rules.rules_for(day).version
        session.execute(
            _INSERT_POINTS,
            [
                {
                    "event_uuid": record.uuid,
                    "officer_id": c.officer_id,
                    "task_id": c.task_id,
                    "day": day,
                    "credit": c.credit,
                    "points": c.points,
                    "rule_version": version,
                }
                for c in credits
            ],
        )
    return credits


def reverse_points(
    session: Session,
    *,
    actor_id: str,
    event_uuid: str,
    reason: str,
    now: datetime,
) -> list[point_rules.Credit]:
    """A lead's correction: reversing entries for every credit of one event."""
    officers.require_role(session, officer_id=actor_id, roles=officers.LEAD_ROLES)
    reason = validate_text(reason, field="reason", max_len=500, required=True)
    if session.scalar(select(Event.id).where(Event.uuid == event_uuid)) is None:
        raise NotFoundError("event.not_found", event_uuid=event_uuid)
    rows = session.scalars(select(PointsEntry).where(PointsEntry.event_uuid == event_uuid)).all()
    if not rows:
        raise ValidationError("event_uuid", "points.none_earned")
    if any(r.credit == point_rules.REVERSAL for r in rows):
        raise ValidationError("event_uuid", "points.correction_final")
    already = session.scalars(
        select(Event.payload).where(Event.kind == kinds.POINTS_REVERSED)
    ).all()
    if any(f'"event_uuid":"{event_uuid}"' in p for p in already):
        raise ValidationError("event_uuid", "points.already_corrected")
    original = [point_rules.Credit(r.officer_id, r.task_id, r.credit, r.points) for r in rows]
    record = events.append(
        session,
        kind=kinds.POINTS_REVERSED,
        actor=actor_id,
        payload={"event_uuid": event_uuid, "reason": reason},
        now=now,
    )
    return record_credits(session, record, None, reversed_credits=original)


def points_between(
    session: Session, *, start: date, end: date, officer_id: str | None = None
) -> list[OfficerPoints]:
    """Points per officer for local days start..end inclusive, highest first."""
    stmt = (
        select(Officer.id, Officer.nip, Officer.name, func.sum(PointsEntry.points))
        .join(PointsEntry, PointsEntry.officer_id == Officer.id)
        .where(PointsEntry.day >= start, PointsEntry.day <= end)
        .group_by(Officer.id)
        .order_by(func.sum(PointsEntry.points).desc(), Officer.name, Officer.nip)
    )
    if officer_id is not None:
        stmt = stmt.where(Officer.id == officer_id)
    return [
        OfficerPoints(officer_id=i, nip=n, name=name, points=int(total or 0))
        for i, n, name, total in session.execute(stmt)
    ]


def officer_total(session: Session, *, officer_id: str, start: date, end: date) -> int:
    """One officer's points over local days start..end inclusive."""
    rows = points_between(session, start=start, end=end, officer_id=officer_id)
    return rows[0].points if rows else 0


def deliveries(session: Session, *, start: date, end: date) -> dict[date, tuple[int, int]]:
    """Per local day: tasks the office delivered and how many of them by their due date.

    Delivered means ready for pick-up, or finished at the counter: the moment the
    processing credit is earned. A result waiting for the citizen does not count against
    the office, so hand-over dates play no part in SLA compliance.
    """
    stmt = (
        select(
            PointsEntry.day,
            func.count(),
            func.sum(case((PointsEntry.day <= Task.due_date, 1), else_=0)),
        )
        .join(Task, Task.id == PointsEntry.task_id)
        .where(
            PointsEntry.day >= start,
            PointsEntry.day <= end,
            PointsEntry.credit == point_rules.PROCESSING,
        )
        .group_by(PointsEntry.day)
    )
    return {day: (int(n), int(on_time or 0)) for day, n, on_time in session.execute(stmt)}
