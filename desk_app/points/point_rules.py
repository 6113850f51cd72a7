"""Points: a ledger derived deterministically from events by versioned rules."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any

from desk_app.common.paths import resource
from desk_app.eventlog import kinds
from desk_app.eventlog.wire import canonical_json

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


# The meta key holding the rules document this desk applied last (canonical JSON), and
# the ETag it came with; without one the desk uses the shipped file (document 0).
RULES_KEY = "points_rules"
RULES_ETAG_KEY = "points_rules_etag"
MAX_POINTS = 1000  # no credit comes near; a bigger number is a typing error


class BadRules(ValueError):
    """A rules document that cannot be used; the message names the field."""


def _whole(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_POINTS:
        raise BadRules(f"{where}: must be a whole number 0-{MAX_POINTS}")
    return value


def _bands(value: object, where: str) -> tuple[tuple[int | None, int], ...]:
    """weight_by_sla: [[limit, weight], ...] with rising limits, ending with [null, weight]."""
    if not isinstance(value, list) or not value:
        raise BadRules(f"{where}: must be a list of [sla limit, weight] bands")
    bands: list[tuple[int | None, int]] = []
    for i, band in enumerate(value):
        if not isinstance(band, list) or len(band) != 2:
            raise BadRules(f"{where}[{i}]: must be [sla limit, weight]")
        limit = None if band[0] is None else _whole(band[0], f"{where}[{i}] limit")
        if bands and (bands[-1][0] is None or (limit is not None and limit <= bands[-1][0])):
            raise BadRules(f"{where}[{i}]: limits must rise, the open band last")
        bands.append((limit, _whole(band[1], f"{where}[{i}] weight")))
    if bands[-1][0] is not None:
        raise BadRules(f"{where}: must end with an open band [null, weight]")
    return tuple(bands)


def _version(value: object, where: str) -> Rules:
    """One version of the table, checked field by field."""
    if not isinstance(value, dict):
        raise BadRules(f"{where}: must be an object")
    fields = ("version", "effective_from", "intake", "handover", "on_time_bonus")
    for name in (*fields, "weight_by_sla", "weight_overrides"):
        if name not in value:
            raise BadRules(f"{where}.{name}: missing")
    unknown = sorted(set(value) - {*fields, "weight_by_sla", "weight_overrides"})
    if unknown:
        raise BadRules(f"{where}.{unknown[0]}: unknown field")
    number = _whole(value["version"], f"{where}.version")
    if number < 1:
        raise BadRules(f"{where}.version: must be a whole number from 1")
    try:
        effective = date.fromisoformat(str(value["effective_from"]))
    except ValueError:
        effective = None
    if not isinstance(value["effective_from"], str) or effective is None:
        raise BadRules(f"{where}.effective_from: must be a date YYYY-MM-DD")
    overrides = value["weight_overrides"]
    if not isinstance(overrides, dict) or not all(isinstance(k, str) and k for k in overrides):
        raise BadRules(f"{where}.weight_overrides: must map service codes to weights")
    return Rules(
        version=number,
        effective_from=effective,
        intake=_whole(value["intake"], f"{where}.intake"),
        handover=_whole(value["handover"], f"{where}.handover"),
        on_time_bonus=_whole(value["on_time_bonus"], f"{where}.on_time_bonus"),
        weight_by_sla=_bands(value["weight_by_sla"], f"{where}.weight_by_sla"),
        weight_overrides={
            code: _whole(w, f"{where}.weight_overrides.{code}") for code, w in overrides.items()
        },
    )


def parse_versions(data: object) -> tuple[Rules, ...]:
    """The versions of a rules document ({"versions": [...]}), checked; BadRules names the field."""
    if not isinstance(data, dict) or not isinstance(data.get("versions"), list):
        raise BadRules("versions: the document must hold a list of versions")
    versions = tuple(_version(v, f"versions[{i}]") for i, v in enumerate(data["versions"]))
    if not versions:
        raise BadRules("versions: the document holds no version")
    for before, after in pairwise(versions):
        if after.version <= before.version or after.effective_from <= before.effective_from:
            raise BadRules(
                f"versions: version {after.version} must follow version {before.version} "
                "in number and effective_from"
            )
    return versions


def record(rules: Rules) -> dict[str, Any]:
    """One version as the document spells it."""
    return {
        "version": rules.version,
        "effective_from": rules.effective_from.isoformat(),
        "intake": rules.intake,
        "handover": rules.handover,
        "on_time_bonus": rules.on_time_bonus,
        "weight_by_sla": [[limit, weight] for limit, weight in rules.weight_by_sla],
        "weight_overrides": dict(rules.weight_overrides),
    }


def document_body(number: int, versions: Sequence[Rules]) -> str:
    """The canonical body of rules document `number` (0: the shipped file)."""
    return canonical_json({"document": number, "versions": [record(v) for v in versions]})


def check_extension(
    held: Sequence[Rules], offered: Sequence[Rules], *, after: date
) -> tuple[Rules, ...]:
    """The versions `offered` adds to `held`; BadRules if it changes one or adds one too early.

    Points already earned never change: every version held stays, identical, and a new
    one takes effect only after `after` (the city's today, or the desk's last settled day).
    """
    by_number = {v.version: v for v in offered}
    for version in held:
        if by_number.get(version.version) != version:
            raise BadRules(
                f"versions: version {version.version} must stay as it is "
                "(points already earned never change)"
            )
    known = {v.version for v in held}
    added = tuple(v for v in offered if v.version not in known)
    for version in added:
        if version.effective_from <= after:
            raise BadRules(
                f"version {version.version}.effective_from: {version.effective_from} must be "
                f"after {after}"
            )
    return added


@lru_cache(maxsize=1)
def shipped_rules() -> tuple[Rules, ...]:
    """Every version in `resources/points_rules.json` (document 0), oldest first."""
    return parse_versions(json.loads(resource("points_rules.json").read_text(encoding="utf-8")))


@lru_cache(maxsize=8)
def _document_rules(body: str) -> tuple[int, tuple[Rules, ...]]:
    data = json.loads(body)
    versions = parse_versions(data)
    number = data.get("document") if isinstance(data, dict) else None
    if not isinstance(number, int) or isinstance(number, bool) or number < 0:
        raise BadRules("document: must be a whole number from 0")
    return number, versions


def document_versions(body: str) -> tuple[int, tuple[Rules, ...]]:
    """The number and versions of a canonical rules document; BadRules (a ValueError) if bad."""
    return _document_rules(body)


# The document of the open office database (storage.open_database installs it); None means
# the shipped file. One process works on one office, so the rules are the process's.
_installed: str | None = None


def install(body: str | None) -> None:
    """Use this rules document (canonical JSON) from now on; None: the shipped file."""
    global _installed
    if body is not None:
        _document_rules(body)  # a document that does not parse is never installed
    _installed = body


@contextmanager
def installed(body: str | None) -> Iterator[None]:
    """Use this rules document for a block (verify of another database), then restore."""
    before = _installed
    install(body)
    try:
        yield
    finally:
        install(before)


def document_in_use() -> int:
    """The number of the rules document in use (0: the shipped file)."""
    return 0 if _installed is None else _document_rules(_installed)[0]


def all_rules() -> tuple[Rules, ...]:
    """Every version of the document in use, oldest first."""
    return shipped_rules() if _installed is None else _document_rules(_installed)[1]


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
