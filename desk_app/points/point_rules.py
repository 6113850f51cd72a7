"""Points: a ledger derived deterministically from events by versioned rules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from desk_app.common.paths import resource
from desk_app.eventlog import kinds

# Credit kinds in the ledger.
INTAKE = "intake"
PROCESSING = "processing"
HANDOVER = "handover"
ON_TIME = "on_time"
REVERSAL = "reversal"


@dataclass(frozen=True)
class Rules:
    """One version of the points rule table."""

    version: int
    effective_from: date
    intake: int
    handover: int
    on_time_bonus: int
    weight_by_sla: tuple[tuple[int | None, int], ...]
    weight_overrides: dict[str, int]

    def weight_for(self, service_code: str, sla_working_days: int) -> int:
        """The point weight of a service: an override, else by its SLA band."""
        if service_code in self.weight_overrides:
            return self.weight_overrides[service_code]
        for limit, weight in self.weight_by_sla:
            if limit is None or sla_working_days <= limit:
                return weight
        raise ValueError("weight_by_sla must end with an open band")


@dataclass(frozen=True)
class Credit:
    """Points earned (or reversed) by one officer for one event."""

    officer_id: str
    task_id: str | None
    credit: str
    points: int


@dataclass(frozen=True)
class TaskFacts:
    """What the rules need to know about a task before the event."""

    status: str
    point_weight: int
    due_date: date


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rules, ...]:
    """Every version in `resources/points_rules.json`, oldest first."""
    data = json.loads(resource("points_rules.json").read_text(encoding="utf-8"))
    versions = [
        Rules(
            version=int(v["version"]),
            effective_from=date.fromisoformat(v["effective_from"]),
            intake=int(v["intake"]),
            handover=int(v["handover"]),
            on_time_bonus=int(v["on_time_bonus"]),
            weight_by_sla=tuple((band[0], int(band[1])) for band in v["weight_by_sla"]),
            weight_overrides={k: int(w) for k, w in v["weight_overrides"].items()},
        )
        for v in data["versions"]
    ]
    return tuple(sorted(versions, key=lambda r: r.effective_from))


def rules_for(day: date) -> Rules:
    """The rules in force on a day."""
    chosen = all_rules()[0]
    for rules in all_rules():
        if rules.effective_from <= day:
            chosen = rules
    return chosen


def current_rules() -> Rules:
    """The newest rules."""
    return all_rules()[-1]


def credits_for(
    *,
    kind: str,
    actor: str | None,
    task_id: str | None,
    payload: dict[str, Any],
    day: date,
    task: TaskFacts | None,
    reversed_credits: list[Credit] | None = None,
) -> list[Credit]:
    """The ledger rows one event earns; pure, so verify can replay it."""
    rules = rules_for(day)
    if kind == kinds.POINTS_REVERSED:
        return [
            Credit(c.officer_id, c.task_id, REVERSAL, -c.points) for c in reversed_credits or []
        ]
    if actor is None or task is None:
        return []
    credits: list[Credit] = []
    if kind == kinds.TASK_RECEIVED:
        credits.append(Credit(actor, task_id, INTAKE, rules.intake))
    elif kind == kinds.TASK_READY or (kind == kinds.TASK_COMPLETED and task.status == "received"):
        credits.append(Credit(actor, task_id, PROCESSING, task.point_weight))
        if day <= task.due_date and rules.on_time_bonus:
            credits.append(Credit(actor, task_id, ON_TIME, rules.on_time_bonus))
    if kind == kinds.TASK_COMPLETED:
        credits.append(Credit(actor, task_id, HANDOVER, rules.handover))
    return [c for c in credits if c.points]
