"""Conflicts between desks: two desks acted on one task while apart, and one action lost.

The loser stays in its chain, is not applied and earns nothing; the fold (eventlog/fold.py)
lists it in task_conflicts with both sides. A lead settles it: "keep" the outcome, or
"take_loser", which folds the loser before the action that beat it, so its side stands
and earns the points. The decision is an event, so every desk and the city follow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.common.errors import NotFoundError, ValidationError
from desk_app.common.validation import validate_reason
from desk_app.db.models import Task, TaskConflict
from desk_app.eventlog import events, fold, kinds, refold
from desk_app.office import officers


@dataclass(frozen=True)
class Conflict:
    """One conflict as the lead sees it: both sides."""

    task_id: str
    tracking_no: str
    winner_uuid: str
    winner_kind: str
    winner_actor: str | None
    winner_device: str
    winner_at: datetime
    loser_uuid: str
    loser_kind: str
    loser_actor: str | None
    loser_device: str
    loser_at: datetime
    settled: str  # "" while open, else the lead's decision


def list_conflicts(session: Session, *, open_only: bool = False) -> list[Conflict]:
    """The office's conflicts, oldest loser first."""
    query = (
        select(TaskConflict, Task.tracking_no)
        .join(Task, Task.id == TaskConflict.task_id)
        .order_by(TaskConflict.loser_at, TaskConflict.loser_uuid)
    )
    if open_only:
        query = query.where(TaskConflict.settled == "")
    return [
        Conflict(
            task_id=c.task_id,
            tracking_no=tracking_no,
            winner_uuid=c.winner_uuid,
            winner_kind=c.winner_kind,
            winner_actor=c.winner_actor,
            winner_device=c.winner_device,
            winner_at=c.winner_at,
            loser_uuid=c.loser_uuid,
            loser_kind=c.loser_kind,
            loser_actor=c.loser_actor,
            loser_device=c.loser_device,
            loser_at=c.loser_at,
            settled=c.settled,
        )
        for c, tracking_no in session.execute(query)
    ]


def settle_conflict(
    session: Session,
    *,
    lead_id: str,
    loser_uuid: str,
    decision: str,
    reason: str,
    now: datetime,
) -> None:
    """A lead's word on a conflict; the tables follow it at once."""
    officers.require_role(session, officer_id=lead_id, roles=officers.LEAD_ROLES)
    if decision not in fold.DECISIONS:
        raise ValidationError("decision", "conflict.decision")
    reason = validate_reason(reason)
    found = session.get(TaskConflict, loser_uuid.strip())
    if found is None:
        raise NotFoundError("conflict.not_found", ref=loser_uuid)
    if found.settled:
        raise ValidationError("loser_uuid", "conflict.settled", ref=loser_uuid)
    events.append(
        session,
        kind=kinds.TASK_CONFLICT_SETTLED,
        actor=lead_id,
        task_id=found.task_id,
        payload={
            "task_id": found.task_id,
            "loser_uuid": found.loser_uuid,
            "winner_uuid": found.winner_uuid,
            "decision": decision,
            "reason": reason,
        },
        now=now,
    )
    session.flush()
    refold.rederive(session)
