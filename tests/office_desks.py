"""Several desks of one office in tests: set them up, exchange their events, compare them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desk_app.common.paths import database_path
from desk_app.db.engine import Database
from desk_app.db.models import Event
from desk_app.db.storage import open_database
from desk_app.eventlog.verify import verify_database
from desk_app.office import installation, officers
from desk_app.sync import office_pull
from desk_app.sync.client import wire_event
from tests.helpers import MORNING

OFFICE = "31.74.08.1005"
PIN = "482915"
_NAMES = {1: "Satu", 2: "Dua", 3: "Tiga"}
LEAD_NIP = "198502142010012001"  # the lead of desk 1


@dataclass
class Desk:
    """One desk of the office: its database, folder, device and its own officer."""

    name: str
    db: Database
    folder: Path
    device: str
    officer: str
    lead: str


def set_up(folder: Path, number: int, *, office: str = OFFICE) -> Desk:
    """A desk of the office numbered `number`, with an admin and a lead of its own."""
    db = open_database(folder, create=True)
    with db.write() as session:
        admin = installation.setup_office(
            session,
            office_code=office,
            admin_nip=f"19800101200501100{number}",
            admin_name=f"Admin {_NAMES[number]}",
            admin_pin=PIN,
            device_no=number,
            now=MORNING,
        )
        lead = officers.create_officer(
            session,
            actor_id=admin.id,
            nip=f"19850214201001200{number}",
            name=f"Lead {_NAMES[number]}",
            role="lead",
            pin=PIN,
            now=MORNING,
        )
        device = installation.desk_info(session).device_id
    return Desk(f"desk {number}", db, folder, device, admin.id, lead.id)


def events_of(source: Desk, device: str, after: int) -> list[Any]:
    """The wire events `source` holds of `device`'s chain after seq `after`."""
    with source.db.read() as session:
        rows = session.scalars(
            select(Event).where(Event.device_id == device, Event.seq > after).order_by(Event.seq)
        )
        return [wire_event(row) for row in rows]


def held_seq(desk: Desk, device: str) -> int:
    """How far `desk` holds `device`'s chain."""
    with desk.db.read() as session:
        return office_pull.held(session).get(device, (0, ""))[0]


def exchange(
    source: Desk, target: Desk, *, now: datetime, limit: int | None = None
) -> office_pull.PullResult:
    """What `source` holds and `target` lacks, straight from one database to the other."""
    with source.db.read() as session:
        devices = sorted(office_pull.held(session))
    pages = {}
    for device in devices:
        page = events_of(source, device, held_seq(target, device))
        pages[device] = page[:limit] if limit is not None else page
    return office_pull.take_in(target.db, pages, now=now)


def settle(desks: list[Desk], *, now: datetime) -> None:
    """Exchange between every pair until no desk learns anything more."""
    while True:
        moved = 0
        for source in desks:
            for target in desks:
                if source is not target:
                    moved += exchange(source, target, now=now).applied
        if not moved:
            return


TASK_COLUMNS = (
    "id, tracking_no, service_code, status, received_at, due_date, current_agency, taken_by,"
    " finished_by, documents, fee_idr, point_weight, closed_at, closed_day, close_reason,"
    " updated_at"
)


def picture(desk: Desk) -> dict[str, Any]:
    """What every desk must agree on: tasks, points, agency stays, attendance, conflicts."""
    conn = sqlite3.connect(database_path(desk.folder))
    try:
        return {
            "tasks": sorted(conn.execute(f"SELECT {TASK_COLUMNS} FROM tasks").fetchall()),
            "points": sorted(
                conn.execute(
                    "SELECT event_uuid, officer_id, task_id, day, credit, points, rule_version"
                    " FROM points"
                ).fetchall()
            ),
            "stints": sorted(
                conn.execute(
                    "SELECT task_id, agency_code, forwarded_at, returned_at, outcome"
                    " FROM agency_stints"
                ).fetchall()
            ),
            "attendance": sorted(
                conn.execute(
                    "SELECT id, officer_id, started_at, ended_at FROM attendance_sessions"
                ).fetchall()
            ),
            "conflicts": sorted(conn.execute("SELECT * FROM task_conflicts").fetchall()),
        }
    finally:
        conn.close()


def verified(desk: Desk) -> list[str]:
    """verify's problems for the desk (none expected)."""
    return verify_database(database_path(desk.folder)).problems
