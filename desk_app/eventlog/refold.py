"""The tables the events determine, written again from the one fold of the office's events.

After other desks' events arrive (sync/office_pull.py) or a lead settles a conflict
(counter/conflicts.py), verify's own replay (the causal fold of eventlog/fold.py) is run
inside the writing transaction and every derived table is written from it. What no event
carries is kept: PINs, lock-out counters, and the applicants' personal data (a task of
another desk shows its applicant marked, as a restore from the city does).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from desk_app.db.models import (
    AgencyStint,
    Applicant,
    AttendanceSession,
    Base,
    DayClose,
    Meta,
    Officer,
    PointsEntry,
    QueueCall,
    QueueNumber,
    QueueTicket,
    ReceiptPrint,
    SurveyResponse,
    Task,
    TaskConflict,
    table,
)
from desk_app.eventlog import rebuild
from desk_app.eventlog.projections_check import TWIN_NIP, UNRESTORED, unrestored_nik
from desk_app.eventlog.verify import replay_database
from desk_app.office.officers import NO_PIN
from desk_app.points import point_rules


def rederive(session: Session) -> None:
    """Write every table the events determine from verify's replay (the one fold), keeping
    what no event carries: PINs, lock-out counters and the applicants' personal data."""
    conn = session.connection().connection.driver_connection
    assert isinstance(conn, sqlite3.Connection)
    _, replay, ledger = replay_database(conn)
    projections, days = replay.projections, replay.days
    if projections.rules_document is not None:
        session.merge(Meta(key=point_rules.RULES_KEY, value=projections.rules_document))
    for key, value in projections.settings.items():
        session.merge(Meta(key=key, value=value))
    known = {oid: nip for oid, nip in session.execute(select(Officer.id, Officer.nip))}
    nips = set(known.values())
    for oid, o in projections.officers.items():
        values = {"name": o.name, "role": o.role, "active": o.active}
        values |= {"created_at": o.created_at, "must_change_pin": o.must_change_pin}
        if oid in known:  # a NIP never changes: the row keeps the one it was stored with
            session.execute(update(Officer).where(Officer.id == oid).values(**values))
            continue
        # Another desk's officer: the PIN never left that desk. The same person set up at
        # two desks has two ids; the other desk's row carries its NIP marked (one login).
        nip = o.nip if o.nip not in nips else f"{o.nip}{TWIN_NIP}{oid[:8]}"
        nips.add(nip)
        session.execute(
            insert(Officer).values(
                id=oid, nip=nip, pin_hash=NO_PIN, failed_pins=0, locked_until=None, **values
            )
        )
    rebuild._services(session, projections.local_services, projections.tasks)
    _tasks(session, projections)
    ledger_rows = [
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
    ]
    session.execute(delete(PointsEntry))
    if ledger_rows:
        session.execute(insert(table(PointsEntry)), ledger_rows)
    # Children before the tickets they name; every row comes back from the replay.
    journals: tuple[type[Base], ...] = (QueueCall, SurveyResponse, QueueTicket, QueueNumber)
    journals += (ReceiptPrint, AttendanceSession, DayClose, TaskConflict)
    for name in journals:
        session.execute(delete(table(name)))
    rebuild._journals(session, projections, days)
    conflicts = [{"loser_uuid": u, **row} for u, row in projections.conflict_rows().items()]
    if conflicts:
        session.execute(insert(table(TaskConflict)), conflicts)
    point_rules.install(projections.rules_document)


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _tasks(session: Session, projections: Any) -> None:
    """Tasks (the personal details as this desk holds them), applicants of other desks'
    tasks as marked placeholders, and the agency stays."""
    marked = {unrestored_nik(r) for r in projections.by_ref}
    refs: dict[str, bool] = {  # ref -> held as another desk's placeholder
        ref: nik in marked for ref, nik in session.execute(select(Applicant.ref, Applicant.nik))
    }
    for ref, ids in projections.by_ref.items():
        if ids and refs.get(ref):  # another desk's applicant: as its latest intake says
            latest = projections.tasks[ids[-1]].values["received_at"]
            session.execute(update(Applicant).where(Applicant.ref == ref).values(updated_at=latest))
    new_refs = [
        {
            "ref": ref,
            "nik": unrestored_nik(ref),
            "name": UNRESTORED,
            "name_norm": UNRESTORED.casefold(),
            "phone": UNRESTORED,
            "updated_at": projections.tasks[ids[-1]].values["received_at"],
        }
        for ref, ids in projections.by_ref.items()
        if ids and ref not in refs
    ]
    if new_refs:
        session.execute(insert(table(Applicant)), new_refs)
    stored = set(session.scalars(select(Task.id)))
    session.execute(delete(AgencyStint))
    stints = []
    for task_id, task in projections.tasks.items():
        values = dict(task.values)
        for column in ("received_day", "due_date", "closed_day"):
            values[column] = _day(values[column])
        values["documents"] = json.dumps(values["documents"], ensure_ascii=False)
        if task_id in stored:
            session.execute(update(Task).where(Task.id == task_id).values(**values))
        else:
            session.execute(
                insert(Task).values(
                    id=task_id, applicant_name=UNRESTORED, applicant_phone=UNRESTORED, **values
                )
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
    if stints:
        session.execute(insert(table(AgencyStint)), stints)
