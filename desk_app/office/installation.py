"""This installation: which office it serves and which device it is."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from desk_app.common.errors import NotConfigured, ValidationError
from desk_app.db.models import Meta
from desk_app.db.session_cache import forget
from desk_app.eventlog import events, kinds
from desk_app.office import catalogue, officers
from desk_app.office.meta import APPLICANT_SECRET, DEVICE_ID, DEVICE_NO, OFFICE_CODE, all_meta


@dataclass(frozen=True)
class DeskInfo:
    """The office and device of this installation."""

    office_code: str
    office_name: str
    office_level: str
    device_id: str
    device_no: int


def is_configured(session: Session) -> bool:
    """True once set-up has run."""
    return OFFICE_CODE in all_meta(session)


def setup_office(
    session: Session,
    *,
    office_code: str,
    admin_nip: str,
    admin_name: str,
    admin_pin: str,
    device_no: int = 1,
    now: datetime,
) -> officers.OfficerInfo:
    """First run: bind this device to an office and create the first admin."""
    if is_configured(session):
        raise ValidationError("office_code", "office.already_configured")
    office = catalogue.get_office(session, code=office_code.strip())
    if not 1 <= device_no <= 99:
        raise ValidationError("device_no", "office.device_no")
    device = str(uuid.uuid4())
    for key, value in {
        OFFICE_CODE: office.code,
        DEVICE_NO: str(device_no),
        DEVICE_ID: device,
        APPLICANT_SECRET: secrets.token_hex(32),
    }.items():
        session.add(Meta(key=key, value=value))
    session.flush()
    forget(session, ("meta",))
    events.start_chain(session, device=device)
    events.append(
        session,
        kind=kinds.OFFICE_CONFIGURED,
        actor=None,
        payload={"office_code": office.code, "device_no": device_no},
        now=now,
    )
    return officers.create_officer(
        session, actor_id=None, nip=admin_nip, name=admin_name, role="admin", pin=admin_pin, now=now
    )


def desk_info(session: Session) -> DeskInfo:
    """The office and device; NotConfigured before set-up."""
    meta = all_meta(session)
    if OFFICE_CODE not in meta:
        raise NotConfigured("office.not_configured")
    office = catalogue.get_office(session, code=meta[OFFICE_CODE])
    return DeskInfo(
        office_code=office.code,
        office_name=office.name,
        office_level=office.level,
        device_id=meta[DEVICE_ID],
        device_no=int(meta[DEVICE_NO]),
    )
