"""An office database rebuilt from its events alone (a desk restored from the city).

The events arrive checked (sync/restore.py) and are stored exactly as they came, oldest
chain first. Every table they determine is then written from the very replay `verify`
runs (verify.replay_database: ProjectionReplay, the day replay and the points rules), so
there is one reading of the events, not a second one. What no event carries stays marked:
the applicants' personal data (projections_check.UNRESTORED) never left the office.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from desk_app.db.engine import Database
from desk_app.db.models import (
    AgencyStint,
    Applicant,
    AttendanceSession,
    ChainHead,
    DayClose,
    Event,
    Meta,
    Officer,
    PointsEntry,
    QueueCall,
    QueueNumber,
    QueueTicket,
    ReceiptPrint,
    ServiceType,
    SurveyResponse,
    Task,
    TaskConflict,
    table,
)
from desk_app.eventlog import wire
from desk_app.eventlog.projections_check import UNRESTORED, unrestored_nik
from desk_app.eventlog.verify import replay_database
from desk_app.office import catalogue
from desk_app.office.meta import APPLICANT_SECRET, DEVICE_ID, DEVICE_NO, OFFICE_CODE
from desk_app.office.officers import NO_PIN
from desk_app.points import point_rules


@dataclass(frozen=True)
class Rebuilt:
    """What the events gave back, and what they could not."""

    events: int
    tasks: int
    officers: int
    applicants: int  # applicant rows whose personal data is marked UNRESTORED
    placeholder_services: tuple[str, ...]  # codes no catalogue here knows (marked inactive)


def parse_utc(text: str) -> datetime:
    """A wire moment (utc_iso) as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def store_chains(
    db: Database,
    *,
    office_code: str,
    device_id: str,
    device_no: int,
    chains: Sequence[Sequence[wire.WireEvent]],
) -> None:
    """Write the checked chains (oldest first) as the events table, their heads, and the
    office binding of `device_id` (the last chain's device, succeeded later)."""
    rows = [
        {
            "uuid": e["uuid"],
            "device_id": e["device_id"],
            "seq": e["seq"],
            "kind": e["kind"],
            "actor": e["actor"],
            "task_id": e["task_id"],
            "occurred_at": parse_utc(e["occurred_at"]),
            "monotonic_ns": e["monotonic_ns"],
            "payload": wire.canonical_json(e["payload"]),
            "prev_hash": e["prev_hash"],
            "hash": e["hash"],
        }
        for chain in chains
        for e in chain
    ]
    heads = [
        {"device_id": chain[-1]["device_id"], "seq": chain[-1]["seq"], "hash": chain[-1]["hash"]}
        for chain in chains
        if chain
    ]
    with db.write() as session:
        for first in range(0, len(rows), 5000):  # ids in chain order: verify reads them so
            session.execute(insert(table(Event)), rows[first : first + 5000])
        session.execute(insert(table(ChainHead)), heads)
        # A new applicant secret: the office's own never left it, so pseudonyms of the
        # events cannot be matched to a NIK again (a surviving backup holds the old one).
        for key, value in {
            OFFICE_CODE: office_code,
            DEVICE_ID: device_id,
            DEVICE_NO: str(device_no),
            APPLICANT_SECRET: secrets.token_hex(32),
        }.items():
            session.merge(Meta(key=key, value=value))


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def rebuild_projections(db: Database) -> Rebuilt:
    """Write every table the stored events determine, from verify's own replay."""
    conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        report, replay, ledger = replay_database(conn)
    finally:
        conn.close()
    projections, days = replay.projections, replay.days
    with db.write() as session:
        if projections.rules_document is not None:  # the points rules the ledger was made by
            session.merge(Meta(key=point_rules.RULES_KEY, value=projections.rules_document))
        for key, value in projections.settings.items():
            session.merge(Meta(key=key, value=value))
        officers = [
            {
                "id": oid,
                "nip": o.nip,
                "name": o.name,
                "role": o.role,
                "pin_hash": NO_PIN,  # PINs never leave the desk: reset on the new chain
                "failed_pins": 0,
                "locked_until": None,
                "active": o.active,
                "created_at": o.created_at,
                "must_change_pin": True,
            }
            for oid, o in projections.officers.items()
        ]
        if officers:
            session.execute(insert(table(Officer)), officers)
        placeholders = _services(session, projections.local_services, projections.tasks)
        _applicants_and_tasks(session, projections)
        _journals(session, projections, days)
        conflicts = [{"loser_uuid": u, **row} for u, row in projections.conflict_rows().items()]
        if conflicts:  # two desks' concurrent actions on one task (eventlog/fold.py)
            session.execute(insert(table(TaskConflict)), conflicts)
        if ledger:
            session.execute(
                insert(table(PointsEntry)),
                [
                    {
                        "event_uuid": uuid,
                        "officer_id": officer,
                        "task_id": task_id,
                        "day": date.fromisoformat(day),
                        "credit": credit,
                        "points": points,
                        "rule_version": version,
                    }
                    for uuid, (officer, task_id, day, credit, points, version) in ledger
                ],
            )
    point_rules.install(projections.rules_document)
    return Rebuilt(
        events=report.events,
        tasks=len(projections.tasks),
        officers=len(projections.officers),
        applicants=len(projections.by_ref),
        placeholder_services=placeholders,
    )


def _services(
    session: Session, local: dict[str, dict[str, Any]], tasks: dict[str, Any]
) -> tuple[str, ...]:
    """The office's own services over the shipped catalogue; a code a task names that no
    catalogue here holds gets an inactive placeholder (the city's catalogue comes with the
    next sync)."""
    known = set(session.scalars(select(ServiceType.code)))
    for code, said in local.items():
        values = dict(said)
        values["required_documents"] = json.dumps(
            values.get("required_documents", []), ensure_ascii=False
        )
        if code in known:
            session.execute(update(ServiceType).where(ServiceType.code == code).values(**values))
        else:
            values.setdefault("catalogue_version", catalogue.CATALOGUE_VERSION)
            session.execute(insert(ServiceType).values(code=code, **values))
            known.add(code)
    missing = sorted({t.values["service_code"] for t in tasks.values()} - known)
    for code in missing:
        session.execute(
            insert(ServiceType).values(
                code=code,
                name_id=f"{code} {UNRESTORED}",
                name_en=f"{code} (not restored)",
                level="kelurahan",
                agency_code=None,
                agency_note="",
                sla_working_days=0,
                fee_idr=None,
                required_documents="[]",
                point_weight=0,
                active=False,
                catalogue_version=catalogue.CATALOGUE_VERSION,
                source="",
            )
        )
    return tuple(missing)


def _applicants_and_tasks(session: Session, projections: Any) -> None:
    """Applicants as marked placeholders (their pseudonym only), then the tasks and stays."""
    applicants = [
        {
            "ref": ref,
            "nik": unrestored_nik(ref),
            "name": UNRESTORED,
            "name_norm": UNRESTORED.casefold(),
            "phone": UNRESTORED,
            "updated_at": projections.tasks[task_ids[-1]].values["received_at"],
        }
        for ref, task_ids in projections.by_ref.items()
        if task_ids
    ]
    if applicants:
        session.execute(insert(table(Applicant)), applicants)
    tasks, stints = [], []
    for task_id, task in projections.tasks.items():
        values = dict(task.values)
        for column in ("received_day", "due_date", "closed_day"):
            values[column] = _day(values[column])
        values["documents"] = json.dumps(values["documents"], ensure_ascii=False)
        tasks.append(
            {**values, "id": task_id, "applicant_name": UNRESTORED, "applicant_phone": UNRESTORED}
        )
        stints += [
            {
                "task_id": task_id,
                "agency_code": agency,
                "forwarded_at": out,
                "returned_at": back,
                "outcome": outcome,
            }
            for agency, out, back, outcome in task.stints
        ]
    if tasks:
        session.execute(insert(table(Task)), tasks)
    if stints:
        session.execute(insert(table(AgencyStint)), stints)


def _journals(session: Session, projections: Any, days: Any) -> None:
    """Print journal, attendance, day closes, and the queue's tables."""
    columns = ("task_id", "kind", "copy_no", "layout", "target", "ok", "error", "printed_at")
    prints = [
        {"event_uuid": uuid, **dict(zip(columns, said[:8], strict=True)), "actor": said[8]}
        for uuid, said in projections.prints.items()
    ]
    sessions = [
        {"id": sid, "officer_id": o, "started_at": s, "ended_at": e, "corrected": c}
        for sid, (o, s, e, c) in days.sessions.items()
    ]
    closes = [
        {
            "day": date.fromisoformat(day),
            "closed_by": closer,
            "closed_at": at,
            "event_uuid": uuid,
            "summary": wire.canonical_json(payload["summary"]),
            "last_event_hash": prev_hash,
        }
        for day, (uuid, closer, prev_hash, payload, at) in days.closes.items()
    ]
    queue = projections.queue
    tickets = [
        {**row, "id": ticket_id, "day": date.fromisoformat(row["day"])}
        for ticket_id, row in queue.tickets.items()
    ]
    calls = [{**row, "event_uuid": uuid} for uuid, row in queue.calls.items()]
    surveys = [
        {**row, "id": rid, "day": date.fromisoformat(row["day"])}
        for rid, row in queue.surveys.items()
    ]
    numbers = [
        {"day": date.fromisoformat(day), "category": letter, "last": last}
        for (day, letter), last in queue.numbers().items()
    ]
    for model, rows in (
        (ReceiptPrint, prints),
        (AttendanceSession, sessions),
        (DayClose, closes),
        (QueueTicket, tickets),
        (QueueCall, calls),
        (SurveyResponse, surveys),
        (QueueNumber, numbers),
    ):
        if rows:
            session.execute(insert(table(model)), rows)


class PersonalRefused(Exception):
    """A backup whose personal data cannot be merged: the one-line reason."""


@dataclass(frozen=True)
class Personal:
    """What a surviving local backup gave back of the personal data."""

    applicants: int  # applicant rows with their NIK, name and phone again
    tasks: int  # tasks with the applicant's details as given at intake again


def _backup_rows(
    backup: Any, office_code: str
) -> tuple[str, list[tuple[Any, ...]], dict[str, Any]]:
    """The backup's applicant secret, applicants and tasks' details; refused if unreadable."""
    try:
        conn = sqlite3.connect(f"file:{backup}?mode=ro&immutable=1", uri=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise PersonalRefused(f"{backup}: the file is damaged")
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            applicants = conn.execute("SELECT ref, nik, name, phone FROM applicants").fetchall()
            tasks = {
                row[0]: row[1:]
                for row in conn.execute(
                    "SELECT id, applicant_ref, applicant_name, applicant_phone FROM tasks"
                )
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise PersonalRefused(f"{backup}: not a Loket database ({exc})") from None
    if meta.get(OFFICE_CODE) != office_code:
        raise PersonalRefused(
            f"{backup}: a backup of office {meta.get(OFFICE_CODE)}, not {office_code}"
        )
    return str(meta.get(APPLICANT_SECRET, "")), applicants, tasks


def merge_personal(db: Database, *, backup: Any, office_code: str) -> Personal:
    """Put back the personal data a surviving local backup holds, and its applicant secret.

    Only what the events still vouch for: an applicant whose NIK hashes to its pseudonym
    with the backup's secret, and a task's details unless a later correction (its keyed
    pseudonym) or a NIK change says they moved on; the rest stays marked UNRESTORED.
    """
    from desk_app.counter.tasks import applicant_ref, detail_ref

    secret, applicants, stored = _backup_rows(backup, office_code)
    conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        _, replay, _ = replay_database(conn)
    finally:
        conn.close()
    projections = replay.projections
    found = [
        (ref, nik, name, phone)
        for ref, nik, name, phone in applicants
        if ref in projections.by_ref and applicant_ref(secret, str(nik)) == ref
    ]
    if not found:
        raise PersonalRefused(f"{backup}: it holds none of the applicants the city's events name")
    details = []
    refs = {ref for ref, *_ in found}
    for task_id, (ref, name, phone) in stored.items():
        task = projections.tasks.get(task_id)
        if task is None or task.ref != ref or ref not in refs:
            continue
        given = {"name": name, "phone": phone}
        if all(
            detail_ref(secret, d, str(given[d])) == said for d, said in task.detail_refs.items()
        ):
            details.append({"task_id": task_id, "name": name, "phone": phone})
    with db.write() as session:
        session.merge(Meta(key=APPLICANT_SECRET, value=secret))
        for ref, nik, name, phone in found:
            session.execute(
                update(Applicant)
                .where(Applicant.ref == ref)
                .values(nik=nik, name=name, name_norm=str(name).casefold(), phone=phone)
            )
        for row in details:
            session.execute(
                update(Task)
                .where(Task.id == row["task_id"])
                .values(applicant_name=row["name"], applicant_phone=row["phone"])
            )
    return Personal(len(found), len(details))
