"""The city's own points ledger, replayed from the events with the city's copy of the rules.

Points decide allowances, so the city does not take the desks' totals on trust: it
recomputes every credit from the events it holds, by the versioned rule table it ships
(resources/points_rules.json), and compares.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.lifecycle import STATUS_AFTER
from central.store.models import StoredEvent
from desk_app.eventlog import kinds

RULES_JSON = Path(__file__).resolve().parents[1] / "resources" / "points_rules.json"
JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class RuleVersion:
    """One version of the rule table as the city reads it."""

    version: int
    effective_from: date
    intake: int
    handover: int
    on_time_bonus: int
    weight_by_sla: tuple[tuple[int | None, int], ...]
    weight_overrides: dict[str, int]

    def weight_for(self, service_code: str, sla_working_days: int) -> int:
        """A service's weight: an override, else its SLA band (the city's own reading)."""
        if service_code in self.weight_overrides:
            return self.weight_overrides[service_code]
        for limit, weight in self.weight_by_sla:
            if limit is None or sla_working_days <= limit:
                return weight
        return self.weight_by_sla[-1][1]


@lru_cache(maxsize=1)
def rule_versions() -> tuple[RuleVersion, ...]:
    """Every version, oldest first."""
    data = json.loads(RULES_JSON.read_text(encoding="utf-8"))
    return tuple(
        sorted(
            (
                RuleVersion(
                    int(v["version"]),
                    date.fromisoformat(v["effective_from"]),
                    int(v["intake"]),
                    int(v["handover"]),
                    int(v["on_time_bonus"]),
                    tuple((band[0], int(band[1])) for band in v["weight_by_sla"]),
                    {code: int(w) for code, w in v["weight_overrides"].items()},
                )
                for v in data["versions"]
            ),
            key=lambda r: r.effective_from,
        )
    )


def rules_on(day: date) -> RuleVersion:
    """The version in force on a Jakarta day."""
    chosen = rule_versions()[0]
    for version in rule_versions():
        if version.effective_from <= day:
            chosen = version
    return chosen


@dataclass(frozen=True)
class OfficerPoints:
    """One officer's total, as the city computed it."""

    officer_id: str
    nip: str
    name: str
    points: int


@dataclass
class _Task:
    status: str
    weight: int
    due: date


def _local_day(occurred_at: str) -> date:
    return datetime.fromisoformat(occurred_at.replace("Z", "+00:00")).astimezone(JAKARTA).date()


def points_by_officer(session: Session, *, office_code: str) -> list[OfficerPoints]:
    """Replay the office's events (each device's chain in order) into totals per officer."""
    officers: dict[str, tuple[str, str]] = {}
    tasks: dict[str, _Task] = {}
    earned: dict[str, list[tuple[str, int]]] = {}  # event uuid -> credits it earned
    totals: dict[str, int] = defaultdict(int)
    rows = session.execute(
        select(
            StoredEvent.uuid,
            StoredEvent.kind,
            StoredEvent.actor,
            StoredEvent.task_id,
            StoredEvent.occurred_at,
            StoredEvent.payload,
        )
        .where(StoredEvent.office_code == office_code)
        .order_by(StoredEvent.device_id, StoredEvent.seq)
    )
    for uuid, kind, actor, task_id, occurred_at, text in rows:
        payload: dict[str, Any] = json.loads(text)
        credits = _credits(kind, actor, task_id, payload, _local_day(occurred_at), tasks, earned)
        if kind == kinds.OFFICER_CREATED:
            officers[payload["officer_id"]] = (payload["nip"], payload["name"])
        for officer_id, points in credits:
            totals[officer_id] += points
        if credits:
            earned[uuid] = credits
    return sorted(
        (
            OfficerPoints(oid, *officers.get(oid, ("", "")), points)
            for oid, points in totals.items()
        ),
        key=lambda p: (-p.points, p.nip),
    )


def _credits(
    kind: str,
    actor: str | None,
    task_id: str | None,
    payload: dict[str, Any],
    day: date,
    tasks: dict[str, _Task],
    earned: dict[str, list[tuple[str, int]]],
) -> list[tuple[str, int]]:
    """What one event earns, and the task's new state."""
    if kind == kinds.POINTS_REVERSED:
        return [(officer, -points) for officer, points in earned.get(payload["event_uuid"], [])]
    if actor is None or task_id is None or kind not in STATUS_AFTER:
        return []  # a note, or an event that is not about a task
    rules = rules_on(day)
    credits: list[tuple[str, int]] = []
    if kind == kinds.TASK_RECEIVED:
        weight = rules.weight_for(str(payload["service_code"]), int(payload["sla_working_days"]))
        tasks[task_id] = _Task("received", weight, date.fromisoformat(payload["due_date"]))
        credits.append((actor, rules.intake))
    task = tasks.get(task_id)
    if task is None:
        return credits
    if kind == kinds.TASK_READY or (kind == kinds.TASK_COMPLETED and task.status == "received"):
        credits.append((actor, task.weight))
        if day <= task.due:
            credits.append((actor, rules.on_time_bonus))
    if kind == kinds.TASK_COMPLETED:
        credits.append((actor, rules.handover))
    task.status = STATUS_AFTER[kind]
    return [(officer, points) for officer, points in credits if points]
