"""The city's own points ledger, replayed from the events with the city's copy of the rules.

Points decide allowances, so the city does not take the desks' totals on trust: it
recomputes every credit from the events it holds, by the newest rules document it
published (central/rules_document.py; the shipped resources/points_rules.json until
then), and compares.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from central import rules_document
from central.lifecycle import STATUS_AFTER
from central.store.models import StoredEvent
from desk_app.eventlog import fold, kinds

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


@lru_cache(maxsize=8)
def rule_versions(body: str) -> tuple[RuleVersion, ...]:
    """Every version of a rules document (its canonical JSON), oldest first."""
    data = json.loads(body)
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


def rules_on(day: date, versions: tuple[RuleVersion, ...]) -> RuleVersion:
    """The version in force on a Jakarta day."""
    chosen = versions[0]
    for version in versions:
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


@dataclass(frozen=True)
class Replay:
    """The office's points as the city replays them: per Jakarta day and officer."""

    officers: dict[str, tuple[str, str]]  # officer id -> (NIP, name)
    by_day: dict[date, dict[str, int]]
    closes: list[tuple[str, date, dict[str, Any]]]  # (event uuid, day, the close's summary)

    def totals(self) -> dict[str, int]:
        """Points per officer over all days."""
        out: dict[str, int] = defaultdict(int)
        for day in self.by_day.values():
            for officer, points in day.items():
                out[officer] += points
        return dict(out)


def replay(session: Session, *, office_code: str) -> Replay:
    """Replay the office's events (each device's chain in order) into credits per day."""
    officers: dict[str, tuple[str, str]] = {}
    tasks: dict[str, _Task] = {}
    earned: dict[str, list[tuple[str, int]]] = {}  # event uuid -> credits it earned
    by_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    closes: list[tuple[str, date, dict[str, Any]]] = []
    versions = rule_versions(rules_document.current(session).body)
    rows = session.execute(
        select(
            StoredEvent.uuid,
            StoredEvent.kind,
            StoredEvent.actor,
            StoredEvent.task_id,
            StoredEvent.occurred_at,
            StoredEvent.payload,
            StoredEvent.device_id,
            StoredEvent.seq,
        )
        .where(StoredEvent.office_code == office_code)
        .order_by(StoredEvent.device_id, StoredEvent.seq)
    ).all()
    parsed: list[dict[str, Any]] = [json.loads(row.payload) for row in rows]
    # The desks' own fold (eventlog/fold.py): several desks of an office in causal order,
    # and an action that lost a conflict between desks earns nothing.
    ordered = [
        fold.Ordered(r.uuid, r.device_id, r.seq, r.kind, p, r.task_id)
        for r, p in zip(rows, parsed, strict=True)
    ]
    status: dict[str, str] = {}
    for index in fold.causal_order(ordered):
        uuid, kind, actor, task_id, occurred_at, _, _, _ = rows[index]
        payload = parsed[index]
        if not fold.step(status, kind, task_id):
            continue
        day = _local_day(occurred_at)
        credits = _credits(kind, actor, task_id, payload, day, tasks, earned, versions)
        if kind == kinds.OFFICER_CREATED:
            officers[payload["officer_id"]] = (payload["nip"], payload["name"])
        elif kind == kinds.DAY_CLOSED:
            closes.append((uuid, date.fromisoformat(payload["day"]), payload["summary"]))
        for officer_id, points in credits:
            by_day[day][officer_id] += points
        if credits:
            earned[uuid] = credits
    return Replay(officers, {d: dict(v) for d, v in by_day.items()}, closes)


def points_by_officer(session: Session, *, office_code: str) -> list[OfficerPoints]:
    """Totals per officer, as the city computed them."""
    return officer_points(replay(session, office_code=office_code))


def officer_points(done: Replay) -> list[OfficerPoints]:
    """Totals per officer of a replay, most first."""
    return sorted(
        (
            OfficerPoints(oid, *done.officers.get(oid, ("", "")), points)
            for oid, points in done.totals().items()
            if points
        ),
        key=lambda p: (-p.points, p.name, p.nip),  # as a desk orders them (points_between)
    )


def close_disagreements(done: Replay) -> list[tuple[str, date, str]]:
    """Sealed days whose summary's points differ from the city's: (close uuid, day, detail)."""
    found = []
    for uuid, day, summary in done.closes:
        theirs = {o["officer_id"]: int(o["points"]) for o in summary.get("officers", [])}
        ours = done.by_day.get(day, {})
        officers = {o for o, p in theirs.items() if p} | {o for o, p in ours.items() if p}
        wrong = sorted(o for o in officers if theirs.get(o, 0) != ours.get(o, 0))
        if wrong:
            nip = {o: done.officers.get(o, (o, ""))[0] for o in wrong}
            detail = ", ".join(
                f"{nip[o]}: desk {theirs.get(o, 0)}, city {ours.get(o, 0)}" for o in wrong
            )
            found.append((uuid, day, f"sealed {day}: points differ ({detail})"))
    return found


def _credits(
    kind: str,
    actor: str | None,
    task_id: str | None,
    payload: dict[str, Any],
    day: date,
    tasks: dict[str, _Task],
    earned: dict[str, list[tuple[str, int]]],
    versions: tuple[RuleVersion, ...],
) -> list[tuple[str, int]]:
    """What one event earns, and the task's new state."""
    if kind == kinds.POINTS_REVERSED:
        return [(officer, -points) for officer, points in earned.get(payload["event_uuid"], [])]
    if kind in (kinds.TASK_CORRECTED, kinds.TASK_DOCUMENTS_RECEIVED) and task_id in tasks:
        # A corrected service or a file completed later moves the weight and due date the
        # later processing credit uses (desk_app/counter/corrections.py); no credit itself.
        facts = payload["after"] if kind == kinds.TASK_CORRECTED else payload
        corrected = tasks[task_id]
        if kind == kinds.TASK_CORRECTED:
            rules_now = rules_on(day, versions)
            corrected.weight = rules_now.weight_for(
                str(facts["service_code"]), int(facts["sla_working_days"])
            )
        corrected.due = date.fromisoformat(facts["due_date"])
        return []
    if actor is None or task_id is None or kind not in STATUS_AFTER:
        return []  # a note, or an event that is not about a task
    rules = rules_on(day, versions)
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
