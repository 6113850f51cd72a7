"""An admin's changes to the roster through the real use cases: every officer.* kind."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from desk_app.office import officers
from tests.conftest import Office

TEMP_NIP = "199505052020121004"
NEW_PIN = "730518"


def change_the_roster(session: Session, desk: Office, *, now: datetime) -> officers.OfficerInfo:
    """Add a temporary officer, promote, deactivate and reactivate them, reset a PIN.

    Returns the temporary officer as they end up: a lead, active, with a PIN of NEW_PIN.
    """
    admin = desk.admin.id
    temp = officers.create_officer(
        session,
        actor_id=admin,
        nip=TEMP_NIP,
        name="Rina Marlina",
        role="officer",
        pin="482915",
        now=now,
    )
    step = timedelta(minutes=1)
    officers.change_role(session, actor_id=admin, officer_id=temp.id, role="lead", now=now + step)
    officers.deactivate_officer(
        session, actor_id=admin, officer_id=temp.id, reason="Cuti panjang", now=now + 2 * step
    )
    officers.reactivate_officer(
        session, actor_id=admin, officer_id=temp.id, reason="Kembali bertugas", now=now + 3 * step
    )
    return officers.reset_pin(
        session, actor_id=admin, officer_id=temp.id, pin=NEW_PIN, now=now + 4 * step
    )
