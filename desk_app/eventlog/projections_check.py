"""Re-derives every projection the events determine, for `verify` (plain sqlite3).

`ProjectionReplay.observe` sees each event once, in chain order (per device); then
`check_projections` reads each table once and reports every column that differs from
what the events say, one line per table, row and column. What no event determines is
listed, with the reason, by `not_derived`.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

from desk_app.common.workdays import local_day
from desk_app.counter.tasks import (
    CLOSED_STATUSES,
    NEXT_STATUS_BY_KIND,
    RECEIVED,
    applicant_ref,
    detail_ref,
)
from desk_app.eventlog import fold, kinds
from desk_app.office.catalogue import LOCAL_SOURCE
from desk_app.office.meta import APPLICANT_SECRET, DEVICE_ID, DEVICE_NO, OFFICE_CODE
from desk_app.office.office_settings import SETTINGS
from desk_app.office.officers import NO_PIN, pin_digest
from desk_app.points.point_rules import RULES_KEY
from desk_app.queueing import replay as queue_replay

SECURITY_COUNTER = "written without events, security counter (lock-out)"
PERSONAL = (
    "personal data, never carried by events; checked only against the applicant.updated "
    "flags, the applicant's latest intake and the keyed pseudonyms of task.corrected"
)
# A restore from the city (eventlog/rebuild.py) cannot bring personal data back: it never
# left the office. The applicants and task details it makes hold this marker, and the
# applicant's NIK column its pseudonym behind UNRESTORED_NIK (never 16 digits).
UNRESTORED = "(tidak dipulihkan)"
UNRESTORED_NIK = "~"
# The same NIP set up at two desks of an office: the other desk's officer row (its own id)
# holds the NIP, this mark and the start of its id, so the unique NIP stays one login.
TWIN_NIP = "#"


def unrestored_nik(ref: str) -> str:
    """The NIK column of an applicant a restore from the city could not bring back."""
    return UNRESTORED_NIK + ref


# Tables and columns no event determines, and why (verify lists them in its report).
NOT_DERIVED: dict[str, str] = {
    "officers.failed_pins": SECURITY_COUNTER,
    "officers.locked_until": SECURITY_COUNTER,
    "applicants.name": PERSONAL,
    "applicants.phone": PERSONAL,
    "tasks.applicant_name": PERSONAL,
    "tasks.applicant_phone": PERSONAL,
    "tracking_counters.last": "a lower bound only: it must be at least the highest number issued",
    "meta (other keys)": (
        "installation and sync state (catalogue versions, sync cursors), no events; the "
        "personal before/after values of corrections (correction.*), kept off the events"
    ),
    "offices": "reference data shipped with Loket, no events",
    "agencies": "reference data of the catalogue (shipped or from the city), no events",
    "service_types": (
        "reference data of the catalogue (shipped or from the city); catalogue.applied "
        "names the document applied, not its rows. Rows the office edited or added "
        "(service.changed/service.added) are derived"
    ),
    "alembic_version": "the schema version, written by migrations",
}
# Tables this module, the chain and the points check derive from the events.
DERIVED_TABLES = frozenset(
    {
        "events",
        "chain_heads",
        "points",
        "meta",
        "officers",
        "applicants",
        "tasks",
        "agency_stints",
        "tracking_counters",
        "receipt_prints",
        "attendance_sessions",
        "day_closes",
        "task_conflicts",
        *queue_replay.TABLES,
    }
)
WITHDRAWN = "withdrawn"  # the outcome of a stint ended by a rejection or cancellation
# kind -> the statuses it may start from: an event met in another state lost a conflict.
_SOURCES = fold.MAY_START_FROM
# One side of a conflict: event uuid, kind, actor, device, moment.
Side = tuple[str, str, str | None, str, datetime]


class Problems(Protocol):
    """Where problems go (verify's report)."""

    tasks: int

    def add(self, problem: str) -> None:
        """Record a problem."""


def _utc(value: Any) -> Any:
    """A stored UTC timestamp as an aware datetime (garbage stays as it is, to differ)."""
    if not isinstance(value, str):
        return value
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=UTC)
    except ValueError:
        return value


def _day(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class _Officer:
    nip: str
    name: str
    role: str
    created_at: datetime
    active: bool = True
    pin_digest: str | None = None  # None: created before PIN digests were logged
    must_change_pin: bool = False


@dataclass
class _Task:
    values: dict[str, Any]
    ref: str
    changed: set[str] = field(default_factory=set)  # from applicant.updated
    corrected: set[str] = field(default_factory=set)  # personal details task.corrected fixed
    detail_refs: dict[str, str] = field(default_factory=dict)  # detail -> latest pseudonym
    stints: list[list[Any]] = field(default_factory=list)  # agency, out, back, outcome
    last_step: Side | None = None  # the event that set the status it is in


class ProjectionReplay:
    """The projections as the events alone build them."""

    def __init__(self) -> None:
        self.configured: dict[str, tuple[str, int]] = {}  # device -> office code, device no
        self.officers: dict[str, _Officer] = {}
        self.settings: dict[str, str] = {}
        self.tasks: dict[str, _Task] = {}
        self.by_ref: dict[str, list[str]] = {}  # applicant ref -> task ids, intake order
        self.prints: dict[str, tuple[Any, ...]] = {}
        self.issued: dict[str, int] = {}  # "office-yymmdd-NN" -> highest number issued
        self.unreadable: list[str] = []  # tracking numbers of an unknown shape
        # code -> the row as the office's last service.* event left it (until the city
        # publishes that code again: catalogue.applied `overrode`)
        self.local_services: dict[str, dict[str, Any]] = {}
        self.queue = queue_replay.QueueReplay()  # tickets, calls, survey responses
        self.rules_document: str | None = None  # the last points.rules_applied body
        self.conflicts: dict[str, tuple[str, Side, Side]] = {}  # loser -> task, winner, loser
        self.settled: dict[frozenset[str], str] = {}  # the two uuids -> the lead's decision

    def loses(
        self,
        *,
        uuid: str,
        device: str,
        kind: str,
        actor: str | None,
        task_id: str | None,
        occurred_at: datetime,
    ) -> bool:
        """True when a lifecycle event meets its task in a state it may not start from (a
        concurrent action of another desk came first in the fold): it is listed, not applied."""
        task = self.tasks.get(task_id) if task_id is not None else None
        sources = _SOURCES.get(kind)
        if task is None or sources is None or task.values["status"] in sources:
            return False
        loser: Side = (uuid, kind, actor, device, occurred_at)
        winner = task.last_step or loser
        self.conflicts[uuid] = (str(task_id), winner, loser)
        return True

    def conflict_rows(self) -> dict[str, dict[str, Any]]:
        """The task_conflicts rows the fold leads to, by loser uuid."""
        rows: dict[str, dict[str, Any]] = {}
        for loser_uuid, (task_id, winner, loser) in self.conflicts.items():
            row: dict[str, Any] = {"task_id": task_id}
            for side, values in (("winner", winner), ("loser", loser)):
                for name, value in zip(
                    ("uuid", "kind", "actor", "device", "at"), values, strict=True
                ):
                    row[f"{side}_{name}"] = value
            row["settled"] = self.settled.get(frozenset((winner[0], loser[0])), "")
            rows[loser_uuid] = row
        return rows

    def observe(
        self,
        *,
        uuid: str,
        device: str,
        kind: str,
        actor: str | None,
        task_id: str | None,
        payload: dict[str, Any],
        occurred_at: datetime,
    ) -> None:
        """Apply one event (chain order) to the projections it determines."""
        if kind in queue_replay.KINDS:
            self.queue.observe(
                uuid=uuid, kind=kind, actor=actor, task_id=task_id, payload=payload, at=occurred_at
            )
        elif kind in kinds.OFFICER_KINDS:
            self._officer(kind, payload, occurred_at)
        elif kind == kinds.SETTING_CHANGED:
            self.settings[payload["key"]] = payload["value"]
        elif kind == kinds.OFFICE_PEERS_APPLIED:
            pass  # the order of the fold (eventlog/fold.py), no table
        elif kind == kinds.TASK_CONFLICT_SETTLED:
            pair = frozenset((payload["winner_uuid"], payload["loser_uuid"]))
            self.settled[pair] = payload["decision"]
        elif kind in kinds.SERVICE_KINDS:
            row = {k: v for k, v in payload.items() if k not in ("code", "changed")}
            self.local_services[payload["code"]] = row
        elif kind == kinds.CATALOGUE_APPLIED:
            for code in payload.get("overrode", []):
                self.local_services.pop(code, None)
        elif kind == kinds.POINTS_RULES_APPLIED:
            self.rules_document = payload["body"]
        elif kind in (kinds.OFFICE_CONFIGURED, kinds.DESK_RESTORED):  # a successor's start
            self.configured.setdefault(device, (payload["office_code"], payload["device_no"]))
        elif kind == kinds.RECEIPT_PRINTED:
            self.prints[uuid] = (
                task_id,
                payload["kind"],
                payload["copy_no"],
                payload["layout"],
                payload["target"],
                bool(payload["ok"]),
                payload["error"],
                occurred_at,
                actor,
            )
        elif task_id is not None and kind == kinds.TASK_RECEIVED:
            self._received(uuid, device, task_id, actor, payload, occurred_at)
        elif task_id is not None and kind == kinds.TASK_CORRECTED and task_id in self.tasks:
            self._corrected(task_id, payload, occurred_at)
        elif task_id is not None and task_id in self.tasks:
            task = self.tasks[task_id]
            self._step(task, kind, actor, payload, occurred_at)
            if kind in NEXT_STATUS_BY_KIND:
                task.last_step = (uuid, kind, actor, device, occurred_at)

    def _officer(self, kind: str, payload: dict[str, Any], at: datetime) -> None:
        oid = payload["officer_id"]
        if kind == kinds.OFFICER_CREATED:
            self.officers[oid] = _Officer(
                payload["nip"],
                payload["name"],
                payload["role"],
                at,
                True,
                payload.get("pin_digest"),
                bool(payload.get("must_change", False)),
            )
            return
        officer = self.officers.get(oid)
        if officer is None:
            return  # reported when the table is compared: no officer.created event
        if kind == kinds.OFFICER_ROLE_CHANGED:
            officer.role = payload["role"]
        elif kind in (kinds.OFFICER_DEACTIVATED, kinds.OFFICER_REACTIVATED):
            officer.active = kind == kinds.OFFICER_REACTIVATED
        elif kind == kinds.OFFICER_PIN_SET:
            officer.pin_digest = payload["pin_digest"]
            officer.must_change_pin = bool(payload.get("must_change", False))
        # officer.unlocked: the lock-out counters it resets are not derived

    def _received(
        self,
        uuid: str,
        device: str,
        task_id: str,
        actor: str | None,
        payload: dict[str, Any],
        at: datetime,
    ) -> None:
        tracking = payload["tracking_no"]
        values = {
            "tracking_no": tracking,
            "service_code": payload["service_code"],
            "description": payload["description"],
            "applicant_ref": payload["applicant_ref"],
            "status": RECEIVED,
            "received_at": at,
            "received_day": local_day(at).isoformat(),
            "due_date": payload["due_date"],
            "current_agency": None,
            "taken_by": actor,
            "finished_by": None,
            "documents": payload["documents"],
            "fee_idr": payload["fee_idr"],
            "point_weight": payload["point_weight"],
            "handling_seconds": payload["handling_seconds"],
            "closed_at": None,
            "closed_day": None,
            "close_reason": "",
            "updated_at": at,
        }
        self.tasks[task_id] = _Task(values, payload["applicant_ref"])
        self.tasks[task_id].last_step = (uuid, kinds.TASK_RECEIVED, actor, device, at)
        self.by_ref.setdefault(payload["applicant_ref"], []).append(task_id)
        series, sep, number = tracking.rpartition("-")
        if sep and number.isdigit():
            self.issued[series] = max(self.issued.get(series, 0), int(number))
        else:
            self.unreadable.append(tracking)

    def _corrected(self, task_id: str, payload: dict[str, Any], at: datetime) -> None:
        """task.corrected: the facts after it; a NIK correction moves the task to its applicant."""
        task = self.tasks[task_id]
        after = payload["after"]
        columns = ("service_code", "description", "applicant_ref", "documents", "fee_idr")
        task.values |= {c: after[c] for c in (*columns, "point_weight", "due_date")}
        task.values["updated_at"] = at
        for detail in payload["details"]:
            task.corrected.add(detail["field"])
            if detail["field"] != "nik":
                task.detail_refs[detail["field"]] = detail["after"]
        ref = after["applicant_ref"]
        if ref != task.ref:
            with contextlib.suppress(ValueError):
                self.by_ref.get(task.ref, []).remove(task_id)
            order = self.by_ref.setdefault(ref, [])
            received = task.values["received_at"]
            place = sum(1 for t in order if self.tasks[t].values["received_at"] <= received)
            order.insert(place, task_id)
            task.ref = ref

    def _step(
        self, task: _Task, kind: str, actor: str | None, payload: dict[str, Any], at: datetime
    ) -> None:
        if kind == kinds.APPLICANT_UPDATED:
            task.changed.update(payload["changed"])
            return
        if kind == kinds.TASK_DOCUMENTS_RECEIVED:
            task.values |= {
                "documents": payload["documents"],
                "due_date": payload["due_date"],
                "updated_at": at,
            }
            return
        status = NEXT_STATUS_BY_KIND.get(kind)
        if status is None:
            return  # task.noted: the timeline only
        values = task.values
        values |= {"status": status, "updated_at": at}
        if kind == kinds.TASK_FORWARDED:
            values["current_agency"] = payload["agency_code"]
            task.stints.append([payload["agency_code"], at, None, None])
        elif kind == kinds.TASK_RETURNED:
            values["current_agency"] = None
            self._end_stint(task, at, payload["outcome"])
        elif kind in (kinds.TASK_REJECTED, kinds.TASK_CANCELLED):
            values |= {"current_agency": None, "close_reason": payload["reason"]}
            self._end_stint(task, at, WITHDRAWN)
        if status in CLOSED_STATUSES:
            values |= {
                "closed_at": at,
                "closed_day": local_day(at).isoformat(),
                "finished_by": actor,
            }

    @staticmethod
    def _end_stint(task: _Task, at: datetime, outcome: str) -> None:
        for stint in task.stints:
            if stint[2] is None:
                stint[2:] = [at, outcome]


def _rows(conn: sqlite3.Connection, query: str, *args: Any) -> Iterable[dict[str, Any]]:
    cursor = conn.execute(query, args)
    names = [d[0] for d in cursor.description]
    return (dict(zip(names, row, strict=True)) for row in cursor)


def _tables(conn: sqlite3.Connection) -> set[str]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return {name for (name,) in conn.execute(query)}


def _shown(value: Any) -> str:
    """A value in a problem line: moments in UTC ISO form, the rest as Python shows them."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return repr(value)


def _mismatch(report: Problems, table: str, row: str, column: str, found: Any, said: Any) -> None:
    report.add(
        f"{table}.{column} of {row} does not match its events: "
        f"found {_shown(found)} but its events say {_shown(said)}"
    )


def _compare(
    report: Problems, table: str, row: str, found: dict[str, Any], expected: dict[str, Any]
) -> None:
    """Each column of `expected` that the stored row holds and that differs: one line."""
    for column, said in expected.items():
        if column in found and found[column] != said:
            _mismatch(report, table, row, column, found[column], said)


def _check_meta(conn: sqlite3.Connection, replay: ProjectionReplay, report: Problems) -> str:
    """Settings and the office binding; returns the applicant secret."""
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    office_code, device_no = replay.configured.get(meta.get(DEVICE_ID, ""), (None, None))
    if office_code is None and (DEVICE_ID in meta or replay.configured):
        report.add(f"meta.{DEVICE_ID} names no device with an office.configured event")
    elif office_code is not None:  # else a database never set up: nothing to bind
        expected = {OFFICE_CODE: office_code, DEVICE_NO: str(device_no)}
        _compare(report, "meta", "the office", meta, expected)
    if meta.get(RULES_KEY) != replay.rules_document:  # the rules the ledger uses
        report.add(f"meta.{RULES_KEY} is not the points rules document its events applied")
    for key in sorted(SETTINGS):
        if meta.get(key) != replay.settings.get(key):
            _mismatch(
                report, "meta", f"setting {key}", "value", meta.get(key), replay.settings.get(key)
            )
    return str(meta.get(APPLICANT_SECRET, ""))


def _check_officers(conn: sqlite3.Connection, replay: ProjectionReplay, report: Problems) -> None:
    seen: set[str] = set()
    for row in _rows(conn, "SELECT * FROM officers"):
        oid, label = row["id"], f"officer {row['nip']}"
        seen.add(oid)
        officer = replay.officers.get(oid)
        if officer is None:
            report.add(f"officers row {label} has no officer.created event")
            continue
        found = {**row, "active": bool(row["active"]), "created_at": _utc(row["created_at"])}
        if row["nip"] == f"{officer.nip}{TWIN_NIP}{oid[:8]}":  # a twin of another desk
            found["nip"] = officer.nip
        expected: dict[str, Any] = {
            "nip": officer.nip,
            "name": officer.name,
            "role": officer.role,
            "active": officer.active,
            "created_at": officer.created_at,
        }
        if "must_change_pin" in row:  # migration 0007
            found["must_change_pin"] = bool(row["must_change_pin"])
            expected["must_change_pin"] = officer.must_change_pin
        _compare(report, "officers", label, found, expected)
        # NO_PIN: an officer of another desk of the office; the PIN never left that desk.
        if officer.pin_digest is not None and row["pin_hash"] != NO_PIN:
            digest = pin_digest(str(row["pin_hash"]))
            if digest != officer.pin_digest:
                # Digests only: the stored hash itself is never printed.
                _mismatch(
                    report,
                    "officers",
                    label,
                    "pin_hash",
                    f"sha256 {digest[:12]}…",
                    f"sha256 {officer.pin_digest[:12]}…",
                )
    for oid in sorted(replay.officers.keys() - seen):
        report.add(f"officer {replay.officers[oid].nip} of the events is missing from officers")


def _check_tasks(
    conn: sqlite3.Connection, replay: ProjectionReplay, report: Problems
) -> dict[str, dict[str, Any]]:
    """Every task column the events determine; returns the stored rows by id."""
    stored: dict[str, dict[str, Any]] = {}
    for row in _rows(conn, "SELECT * FROM tasks"):
        stored[row["id"]] = row
        task = replay.tasks.get(row["id"])
        label = f"task {row['tracking_no']}"
        if task is None:
            report.add(f"{label} has no task.received event")
            continue
        found = dict(row)
        for column in ("received_at", "closed_at", "updated_at"):
            found[column] = _utc(row[column])
        for column in ("received_day", "due_date", "closed_day"):
            found[column] = _day(row[column])
        with contextlib.suppress(TypeError, ValueError):  # else it stays text, and differs
            found["documents"] = json.loads(row["documents"])
        _compare(report, "tasks", label, found, task.values)
    report.tasks = len(stored)
    missing = replay.tasks.keys() - stored.keys()
    if missing:
        report.add(f"{len(missing)} tasks in the event log are missing from the table")
    return stored


def _check_stints(
    conn: sqlite3.Connection,
    replay: ProjectionReplay,
    stored: dict[str, dict[str, Any]],
    report: Problems,
) -> None:
    found: dict[str, list[list[Any]]] = {}
    query = "SELECT task_id, agency_code, forwarded_at, returned_at, outcome FROM agency_stints"
    for task_id, agency, out, back, outcome in conn.execute(query + " ORDER BY id"):
        found.setdefault(task_id, []).append([agency, _utc(out), _utc(back), outcome])
    columns = ("agency_code", "forwarded_at", "returned_at", "outcome")
    for task_id in sorted(found.keys() | {t for t, v in replay.tasks.items() if v.stints}):
        task = replay.tasks.get(task_id)
        said = task.stints if task is not None else []
        have = found.get(task_id, [])
        label = f"task {stored.get(task_id, {}).get('tracking_no', task_id)}"
        if len(have) != len(said):
            report.add(
                f"agency_stints of {label}: {len(have)} stays stored but its events say {len(said)}"
            )
            continue
        for number, (row, event_row) in enumerate(zip(have, said, strict=True), start=1):
            _compare(
                report,
                "agency_stints",
                f"{label} stay {number}",
                dict(zip(columns, row, strict=True)),
                dict(zip(columns, event_row, strict=True)),
            )


def _check_applicants(
    conn: sqlite3.Connection,
    replay: ProjectionReplay,
    stored: dict[str, dict[str, Any]],
    secret: str,
    report: Problems,
) -> None:
    """Each NIK hashes to its pseudonym; names and phones follow the applicant.updated flags."""
    rows = list(_rows(conn, "SELECT * FROM applicants"))
    held = [r for r in rows if r["nik"] != unrestored_nik(r["ref"])]
    wrong = [r["ref"] for r in held if applicant_ref(secret, str(r["nik"])) != r["ref"]]
    if len(held) > 1 and len(wrong) == len(held):
        report.add(
            f"meta.{APPLICANT_SECRET} does not match its events: no applicant's NIK hashes "
            "to the pseudonym its tasks' events carry (the secret was replaced?)"
        )
    else:
        for ref in wrong:
            report.add(
                f"applicants.nik of applicant {ref[:8]} does not match its events: the NIK "
                "does not hash to the pseudonym its tasks' events carry"
            )
    for row in rows:
        label = f"applicant {row['ref'][:8]}"
        task_ids = replay.by_ref.get(row["ref"])
        if not task_ids:
            report.add(f"applicants row {label} has no task.received event")
            continue
        if row.get("name_norm") != str(row["name"]).casefold():
            report.add(f"applicants.name_norm of {label} does not match its name")
        last = stored.get(task_ids[-1])
        if last is None:
            continue
        said = {"updated_at": replay.tasks[task_ids[-1]].values["received_at"]}
        _compare(report, "applicants", label, {"updated_at": _utc(row["updated_at"])}, said)
        # Values are personal data: say which column, never what it holds.
        for column, task_column in (("name", "applicant_name"), ("phone", "applicant_phone")):
            if UNRESTORED in (row[column], last.get(task_column)):
                continue  # not restored from the city: nothing to compare
            if task_column in last and row[column] != last[task_column]:
                report.add(
                    f"applicants.{column} of {label} does not match its events: it differs "
                    f"from its latest intake ({last['tracking_no']})"
                )
    for ref, task_ids in replay.by_ref.items():
        _check_details_flow(ref, task_ids, replay, stored, report)


def _check_details_flow(
    ref: str,
    task_ids: list[str],
    replay: ProjectionReplay,
    stored: dict[str, dict[str, Any]],
    report: Problems,
) -> None:
    """From one intake to the next, a detail changes exactly when applicant.updated says so."""
    previous: dict[str, Any] | None = None
    for task_id in task_ids:
        row = stored.get(task_id)
        if row is None or "applicant_name" not in row:
            return
        if previous is not None:
            flags = replay.tasks[task_id].changed
            # A corrected detail is checked against its task.corrected pseudonym instead.
            fixed = replay.tasks[task_id].corrected | replay.tasks[previous["id"]].corrected
            for detail, column in (("name", "applicant_name"), ("phone", "applicant_phone")):
                if (
                    detail in fixed
                    or "nik" in fixed
                    or UNRESTORED in (row[column], previous[column])
                ):
                    continue
                if (row[column] != previous[column]) != (detail in flags):
                    report.add(
                        f"tasks.{column} of task {row['tracking_no']} does not match its "
                        f"events: applicant.updated {'says' if detail in flags else 'does not say'}"
                        f" the {detail} changed since {previous['tracking_no']}"
                    )
        previous = row


def _check_corrected_details(
    replay: ProjectionReplay, stored: dict[str, dict[str, Any]], secret: str, report: Problems
) -> None:
    """A corrected name or phone still hashes to the pseudonym its last task.corrected gave."""
    for task_id, task in replay.tasks.items():
        row = stored.get(task_id)
        if row is None:
            continue
        for detail, said in sorted(task.detail_refs.items()):
            column = f"applicant_{detail}"
            if column not in row or row[column] == UNRESTORED:
                continue  # not restored from the city: nothing to compare
            if detail_ref(secret, detail, str(row[column])) != said:
                # Values are personal data: say which column, never what it holds.
                report.add(
                    f"tasks.{column} of task {row['tracking_no']} does not match its events: "
                    "it differs from what its task.corrected recorded"
                )


def _check_counters(conn: sqlite3.Connection, replay: ProjectionReplay, report: Problems) -> None:
    """Each day's counter is at least the highest number this desk issued that day."""
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    desk = f"-{int(meta.get(DEVICE_NO, 0) or 0):02d}"
    office = str(meta.get(OFFICE_CODE, "")).replace(".", "")
    counters = {
        _day(d): last for d, last in conn.execute("SELECT day, last FROM tracking_counters")
    }
    for tracking in replay.unreadable:
        report.add(f"task.received names an unreadable tracking number {tracking!r}")
    for series, highest in sorted(replay.issued.items()):
        code, _, rest = series.partition("-")
        if code != office or not rest.endswith(desk):
            continue  # another desk's numbers: its own counter
        stamp = rest.removesuffix(desk)
        try:
            day = datetime.strptime(stamp, "%y%m%d").date().isoformat()
        except ValueError:
            report.add(f"task.received names an unreadable tracking number series {series!r}")
            continue
        last = counters.get(day)
        if not isinstance(last, int) or last < highest:
            report.add(
                f"tracking_counters.last of {day} does not match its events: found {last!r} "
                f"but its events issued number {highest}"
            )


def _check_prints(conn: sqlite3.Connection, replay: ProjectionReplay, report: Problems) -> None:
    """The print journal (receipt_prints) matches the receipt.printed events one to one."""
    columns = (
        "task_id",
        "kind",
        "copy_no",
        "layout",
        "target",
        "ok",
        "error",
        "printed_at",
        "actor",
    )
    rows: dict[str, dict[str, Any]] = {}
    for row in _rows(conn, "SELECT * FROM receipt_prints"):
        rows[row["event_uuid"]] = {
            **row,
            "ok": bool(row["ok"]),
            "printed_at": _utc(row["printed_at"]),
        }
    for uuid in sorted(replay.prints.keys() - rows.keys()):
        report.add(f"receipt.printed event {uuid} is missing from the print journal")
    for uuid in sorted(rows.keys() - replay.prints.keys()):
        report.add(f"print journal row {uuid} has no receipt.printed event")
    for uuid in sorted(replay.prints.keys() & rows.keys()):
        expected = dict(zip(columns, replay.prints[uuid], strict=True))
        _compare(report, "receipt_prints", f"print {uuid}", rows[uuid], expected)


def _check_services(conn: sqlite3.Connection, replay: ProjectionReplay, report: Problems) -> None:
    """Rows the office edited or added match their last service.* event, and only those
    claim to be the office's own."""
    rows = {row["code"]: row for row in _rows(conn, "SELECT * FROM service_types")}
    for code, said in sorted(replay.local_services.items()):
        row = rows.get(code)
        if row is None:
            report.add(f"service {code} of the events is missing from service_types")
            continue
        found = dict(row)
        found["active"] = bool(row["active"])
        with contextlib.suppress(TypeError, ValueError):  # else it stays text, and differs
            found["required_documents"] = json.loads(row["required_documents"])
        _compare(report, "service_types", f"service {code}", found, said)
    for code, row in sorted(rows.items()):
        if str(row["source"]).startswith(LOCAL_SOURCE) and code not in replay.local_services:
            report.add(
                f"service_types.source of service {code} does not match its events: it says "
                "the office edited it, but no service.changed/service.added event does"
            )


def _check_conflicts(conn: sqlite3.Connection, replay: ProjectionReplay, report: Problems) -> None:
    """task_conflicts lists exactly the losers of the fold, with both sides."""
    rows = {row["loser_uuid"]: row for row in _rows(conn, "SELECT * FROM task_conflicts")}
    said = replay.conflict_rows()
    for uuid in sorted(said.keys() - rows.keys()):
        report.add(f"conflict of event {uuid} is missing from task_conflicts")
    for uuid in sorted(rows.keys() - said.keys()):
        report.add(f"task_conflicts row {uuid} is no conflict of the events")
    for uuid in sorted(said.keys() & rows.keys()):
        found = {**rows[uuid], "winner_at": _utc(rows[uuid]["winner_at"])}
        found["loser_at"] = _utc(rows[uuid]["loser_at"])
        _compare(report, "task_conflicts", f"conflict {uuid}", found, said[uuid])


def check_projections(conn: sqlite3.Connection, replay: ProjectionReplay, report: Problems) -> None:
    """Compare every table the events determine with what `replay` rebuilt."""
    tables = _tables(conn)
    secret = _check_meta(conn, replay, report)
    _check_officers(conn, replay, report)
    stored = _check_tasks(conn, replay, report)
    if "agency_stints" in tables:
        _check_stints(conn, replay, stored, report)
    if "applicants" in tables:
        _check_applicants(conn, replay, stored, secret, report)
    _check_corrected_details(replay, stored, secret, report)
    if "tracking_counters" in tables:
        _check_counters(conn, replay, report)
    if "receipt_prints" in tables:
        _check_prints(conn, replay, report)
    if "service_types" in tables:
        _check_services(conn, replay, report)
    if tables >= queue_replay.TABLES:
        queue_replay.check_queue(conn, replay.queue, report)
    if "task_conflicts" in tables:
        _check_conflicts(conn, replay, report)


def not_derived(conn: sqlite3.Connection, replay: ProjectionReplay) -> list[str]:
    """Every table or column verify does not derive from the events, with the reason."""
    lines = [f"{name}: {reason}" for name, reason in NOT_DERIVED.items()]
    unanchored = sorted(o.nip for o in replay.officers.values() if o.pin_digest is None)
    if unanchored:
        lines.append(
            f"officers.pin_hash of {len(unanchored)} officers: created before PIN digests "
            "were logged and never reset since"
        )
    if "applicants" in _tables(conn):
        (lost,) = conn.execute(
            "SELECT COUNT(*) FROM applicants WHERE nik = ? || ref", (UNRESTORED_NIK,)
        ).fetchone()
        if lost:
            lines.append(
                f"applicants: {lost} restored from the city without their personal data "
                f"(NIK, name, phone marked {UNRESTORED!r}); a surviving local backup holds them"
            )
    known = DERIVED_TABLES | {name.split(".")[0].split(" ")[0] for name in NOT_DERIVED}
    lines += [f"{name}: no event determines this table" for name in sorted(_tables(conn) - known)]
    return lines
