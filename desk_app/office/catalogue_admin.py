"""An admin fixes the office's catalogue: fee, documents, SLA, agency, active; local services.

Whose a service is:

* the shipped CSV seeds the catalogue (`source` says which rows are sourced, which
  estimates);
* a service the city publishes is the city's (office/catalogue.py);
* the office may still edit any service here, the city's included: the row's source then
  starts with LOCAL_SOURCE ("KANTOR") and keeps what it said before, a newer shipped CSV
  leaves it alone, and the next city publish of that code wins (its catalogue.applied
  event lists the code under `overrode`);
* a local service has the office's own code prefix (`local_prefix`), so it can never
  collide with a code of the city or of another office.

Every change is one service.changed or service.added event carrying the whole row as it is
after the change, so `verify` re-derives every row the office touched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.common.errors import NotFoundError, ValidationError
from desk_app.common.validation import validate_text
from desk_app.db.models import Agency, ServiceType
from desk_app.db.session_cache import forget
from desk_app.eventlog import events, kinds
from desk_app.office import catalogue, officers
from desk_app.office.meta import OFFICE_CODE, meta_value
from desk_app.points import point_rules

LOCAL_SOURCE = catalogue.LOCAL_SOURCE
MAX_SLA_DAYS = 365
MAX_FEE_IDR = 10**12
MAX_DOCUMENT_LEN = 200
MAX_NAME = 200
MAX_DOCUMENTS = 30
_SUFFIX = re.compile(r"[A-Z0-9][A-Z0-9-]{0,9}")
ADMIN_ONLY = ("admin",)
# Where a row comes from, as the admin screen shows it.
ORIGIN_SHIPPED = "bawaan"
ORIGIN_CITY = "kota"
ORIGIN_OFFICE = "kantor"
# The row values every service event carries (ServicePayload without `code` and `changed`).
ROW_FIELDS = (
    "name_id",
    "name_en",
    "level",
    "agency_code",
    "agency_note",
    "sla_working_days",
    "fee_idr",
    "required_documents",
    "point_weight",
    "active",
    "source",
)


def is_local(source: str) -> bool:
    """True for a service the office edited or added itself."""
    return source.startswith(LOCAL_SOURCE)


def local_prefix(office_code: str) -> str:
    """The code prefix of this office's own services, e.g. '31.74.08.1005-'."""
    return f"{office_code}-"


@dataclass(frozen=True)
class ServiceFields:
    """An admin's values for a service as typed; None leaves a field as it is.

    `fee`: whole rupiah (0 = free, thousands separators allowed), empty = a levy computed
    by formula; `documents`: one per line (or separated by ';').
    """

    name_id: str | None = None
    name_en: str | None = None
    level: str | None = None
    agency_code: str | None = None
    sla: str | None = None
    fee: str | None = None
    documents: str | None = None
    active: bool | None = None


@dataclass(frozen=True)
class CatalogueRow:
    """One service as the admin screen lists it, with where it comes from."""

    service: catalogue.ServiceInfo
    origin: str  # ORIGIN_SHIPPED | ORIGIN_CITY | ORIGIN_OFFICE


def parse_fee(text: str) -> int | None:
    """Whole rupiah (0 = free; '150.000' and '150,000' allowed); empty: a levy (None)."""
    compact = text.strip().replace(".", "").replace(",", "").replace(" ", "")
    compact = compact.removeprefix("Rp").removeprefix("rp")
    if not compact:
        return None
    if not compact.isdigit() or int(compact) >= MAX_FEE_IDR:
        raise ValidationError("fee_idr", "service.fee")
    return int(compact)


def parse_sla(text: str) -> int:
    """Working days 0-365 (0 = the same day)."""
    compact = text.strip()
    if not compact.isdigit() or int(compact) > MAX_SLA_DAYS:
        raise ValidationError("sla_working_days", "service.sla", max_days=MAX_SLA_DAYS)
    return int(compact)


def parse_documents(text: str) -> list[str]:
    """Document names, one per line or separated by ';' (empty lines dropped)."""
    names = [
        validate_text(part, field="required_documents", max_len=MAX_DOCUMENT_LEN, required=True)
        for part in re.split(r"[;\n]", text)
        if part.strip()
    ]
    if len(names) > MAX_DOCUMENTS:
        raise ValidationError(
            "required_documents", "service.too_many_documents", most=MAX_DOCUMENTS
        )
    return names


def _level(text: str) -> str:
    if text not in catalogue.LEVELS:
        raise ValidationError("level", "service.level", choices=", ".join(catalogue.LEVELS))
    return text


def _agency(session: Session, code: str) -> Agency:
    row = session.get(Agency, code.strip())
    if row is None:
        raise ValidationError("agency_code", "agency.unknown", code=code.strip())
    return row


def list_catalogue(session: Session) -> list[CatalogueRow]:
    """Every service, retired ones too, with its origin (LAINNYA last)."""
    applied = catalogue.city_catalogue(session)
    city = set(applied.codes) if applied is not None else set()
    rows = []
    for info in catalogue.list_services(session, include_inactive=True):
        if is_local(info.source):
            origin = ORIGIN_OFFICE
        elif info.code in city:
            origin = ORIGIN_CITY
        else:
            origin = ORIGIN_SHIPPED
        rows.append(CatalogueRow(info, origin))
    return rows


def _payload(row: ServiceType, changed: list[str]) -> kinds.ServicePayload:
    return {
        "code": row.code,
        "name_id": row.name_id,
        "name_en": row.name_en,
        "level": row.level,
        "agency_code": row.agency_code,
        "agency_note": row.agency_note,
        "sla_working_days": row.sla_working_days,
        "fee_idr": row.fee_idr,
        "required_documents": json.loads(row.required_documents),
        "point_weight": row.point_weight,
        "active": row.active,
        "source": row.source,
        "changed": changed,
    }


def _apply(session: Session, row: ServiceType, fields: ServiceFields) -> dict[str, object]:
    """The row's new values from `fields`, every one checked before any is set."""
    values: dict[str, object] = {}
    if fields.name_id is not None:
        values["name_id"] = validate_text(
            fields.name_id, field="name_id", max_len=200, required=True
        )
    if fields.name_en is not None:
        values["name_en"] = validate_text(
            fields.name_en, field="name_en", max_len=200, required=False
        )
    if fields.level is not None:
        values["level"] = _level(fields.level)
    if fields.agency_code is not None:
        agency = _agency(session, fields.agency_code)
        values["agency_code"] = agency.code
        if agency.code != row.agency_code:
            values["agency_note"] = agency.name_id
    if fields.sla is not None:
        values["sla_working_days"] = parse_sla(fields.sla)
    if fields.fee is not None:
        values["fee_idr"] = parse_fee(fields.fee)
    if fields.documents is not None:
        values["required_documents"] = json.dumps(
            parse_documents(fields.documents), ensure_ascii=False
        )
    if fields.active is not None:
        if row.code == catalogue.OTHER_SERVICE and not fields.active:
            raise ValidationError("active", "service.other_stays")
        values["active"] = fields.active
    sla = values.get("sla_working_days", row.sla_working_days)
    assert isinstance(sla, int)
    values["point_weight"] = point_rules.current_rules().weight_for(row.code, sla)
    return values


def change_service(
    session: Session, *, actor_id: str, code: str, fields: ServiceFields, now: datetime
) -> catalogue.ServiceInfo:
    """An admin edits a service (the city's too, until its next publish); `service.changed`.

    Tasks taken earlier keep the fee, SLA and documents of their intake (copied into the
    task and its task.received event); the next intake takes the new values.
    """
    officers.require_role(session, officer_id=actor_id, roles=ADMIN_ONLY)
    row = session.get(ServiceType, code.strip())
    if row is None:
        raise NotFoundError("service.not_found", code=code.strip())
    values = _apply(session, row, fields)
    changed = sorted(name for name, value in values.items() if getattr(row, name) != value)
    if not changed:
        return catalogue.get_service(session, code=row.code)
    for name, value in values.items():
        setattr(row, name, value)
    if not is_local(row.source):
        before = f"; sebelumnya: {row.source}" if row.source else ""
        row.source = f"{LOCAL_SOURCE}: diubah kantor{before}"
    events.append(
        session,
        kind=kinds.SERVICE_CHANGED,
        actor=actor_id,
        payload=dict(_payload(row, changed)),
        now=now,
    )
    session.flush()
    forget(session, ("service", row.code))
    return catalogue.get_service(session, code=row.code)


def add_local_service(
    session: Session, *, actor_id: str, suffix: str, fields: ServiceFields, now: datetime
) -> catalogue.ServiceInfo:
    """An admin adds a service of the office's own, coded prefix + suffix; `service.added`."""
    officers.require_role(session, officer_id=actor_id, roles=ADMIN_ONLY)
    wanted = suffix.strip().upper()
    if not _SUFFIX.fullmatch(wanted):
        raise ValidationError("code", "service.code_suffix")
    code = local_prefix(meta_value(session, OFFICE_CODE)) + wanted
    if session.scalar(select(ServiceType.code).where(ServiceType.code == code)):
        raise ValidationError("code", "service.code_taken", code=code)
    for name, given in (("name_id", fields.name_id), ("agency_code", fields.agency_code)):
        if not (given or "").strip():
            raise ValidationError(name, "text.required")
    agency = _agency(session, fields.agency_code or "")
    row = ServiceType(
        code=code,
        name_id="",
        name_en="",
        level="kelurahan",
        agency_code=agency.code,
        agency_note=agency.name_id,
        sla_working_days=0,
        fee_idr=0,
        required_documents="[]",
        point_weight=0,
        active=True,
        catalogue_version=catalogue.CATALOGUE_VERSION,
        source=f"{LOCAL_SOURCE}: layanan lokal kantor",
    )
    values = _apply(session, row, fields)
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    payload = _payload(row, sorted(ROW_FIELDS))
    events.append(session, kind=kinds.SERVICE_ADDED, actor=actor_id, payload=dict(payload), now=now)
    session.flush()
    forget(session, ("service", code))
    return catalogue.get_service(session, code=code)
