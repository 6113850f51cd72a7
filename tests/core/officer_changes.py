"""An admin's changes to the roster and the catalogue through the real use cases.

`change_the_roster` writes every officer.* kind, `change_the_catalogue` every service.* kind.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from desk_app.office import catalogue_admin, officers
from tests.conftest import Office

TEMP_NIP = "199505052020121004"
NEW_PIN = "730518"
ONE_TIME_PIN = "264810"
LOCAL_SUFFIX = "SKL-01"


def change_the_roster(session: Session, desk: Office, *, now: datetime) -> officers.OfficerInfo:
    """Add a temporary officer, promote, deactivate and reactivate them, reset a PIN to a
    one-time one, lock them out and unlock them; they choose their own PIN.

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
    officers.reset_pin(
        session, actor_id=admin, officer_id=temp.id, pin=ONE_TIME_PIN, now=now + 4 * step
    )
    for _ in range(officers.MAX_WRONG_PINS):
        officers.authenticate(session, nip=TEMP_NIP, pin="111333", now=now + 5 * step)
    officers.unlock_officer(session, actor_id=admin, officer_id=temp.id, now=now + 5 * step)
    return officers.change_own_pin(
        session, officer_id=temp.id, current_pin=ONE_TIME_PIN, new_pin=NEW_PIN, now=now + 6 * step
    )


def change_the_catalogue(session: Session, desk: Office, *, now: datetime) -> str:
    """Edit a shipped service and add a local one; returns the local service's code."""
    catalogue_admin.change_service(
        session,
        actor_id=desk.admin.id,
        code="KEL-TNH-01",  # a service no task of the shared test days takes
        fields=catalogue_admin.ServiceFields(fee="10000", sla="2"),
        now=now,
    )
    local = catalogue_admin.add_local_service(
        session,
        actor_id=desk.admin.id,
        suffix=LOCAL_SUFFIX,
        fields=catalogue_admin.ServiceFields(
            name_id="Surat Keterangan Lokal", agency_code="KEL", sla="1", documents="KTP"
        ),
        now=now,
    )
    return local.code
