"""The service catalogue, agencies and Jakarta's offices, loaded from `resources/`.

The shipped CSV seeds the catalogue; once the city publishes one (desk_app/sync/
catalogue_pull.py), every service the city ever published is the city's: a newer shipped
CSV no longer touches it, while services the city never published keep following the CSV.
A service the office edited or added itself (office/catalogue_admin.py, source "KANTOR")
is left alone by the CSV too; the city's next publish of its code wins.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.common.errors import NotFoundError
from desk_app.common.paths import resource
from desk_app.db.models import Agency, Meta, Office, ServiceType
from desk_app.db.session_cache import forget, memo
from desk_app.eventlog import events, kinds
from desk_app.points import point_rules

CATALOGUE_VERSION = 1
OTHER_SERVICE = "LAINNYA"
# The source prefix of a service the office edited or added (office/catalogue_admin.py).
LOCAL_SOURCE = "KANTOR"
LEVELS = ("kelurahan", "kecamatan", "kota", "provinsi")
# The city catalogue this desk applied last (JSON, see CityCatalogue), in the meta table.
CITY_CATALOGUE_KEY = "city_catalogue"

_OTHER_ROW = {
    "code": OTHER_SERVICE,
    "name_id": "Lainnya (permohonan di luar katalog)",
    "name_en": "Other (request not in the catalogue)",
    "level": "kelurahan",
    "agency": "Kelurahan",
    "sla_working_days": "3",
    "fee_idr": "0",
    "required_documents": "Fotokopi KTP",
    "source": "Loket catch-all: any request nobody catalogued, described in free text",
}


@dataclass(frozen=True)
class ServiceInfo:
    """A catalogue entry as the counter sees it."""

    code: str
    name_id: str
    name_en: str
    level: str
    agency_code: str | None
    agency_name: str
    sla_working_days: int
    fee_idr: int | None
    required_documents: tuple[str, ...]
    point_weight: int
    active: bool
    source: str

    @property
    def is_other(self) -> bool:
        """True for the catch-all LAINNYA type that needs a free-text description."""
        return self.code == OTHER_SERVICE

    @property
    def is_local(self) -> bool:
        """True when the office edited or added this service itself."""
        return self.source.startswith(LOCAL_SOURCE)

    @property
    def source_confirmed(self) -> bool:
        """True when every field comes from a published service standard or the office."""
        return self.source.startswith(("SOURCED", LOCAL_SOURCE)) or self.code == OTHER_SERVICE


@dataclass(frozen=True)
class AgencyInfo:
    """A back-office agency."""

    code: str
    name_id: str
    name_en: str


@dataclass(frozen=True)
class OfficeInfo:
    """An area of Jakarta with a PTSP office."""

    code: str
    name: str
    level: str
    parent_code: str | None


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _agency_for(note: str, agencies: list[dict[str, str]]) -> str | None:
    """The agency whose match words first appear in the catalogue's free-text agency note."""
    for row in agencies:
        if any(word in note for word in row["match"].split(";")):
            return row["code"]
    return None


@lru_cache(maxsize=1)
def _shipped_agencies() -> tuple[dict[str, str], ...]:
    return tuple(_read_csv(resource("agencies.csv")))


def agency_for(note: str) -> str | None:
    """The agency a catalogue's free-text agency note names (None when none is known)."""
    return _agency_for(note, list(_shipped_agencies()))


def load_reference_data(session: Session) -> None:
    """Insert or refresh offices, agencies and the shipped catalogue (idempotent).

    Services the city published (city_catalogue) are left as the city set them, and
    services the office edited (source LOCAL_SOURCE) as the office set them.
    """
    for row in _read_csv(resource("wilayah.csv")):
        code = row["code"]
        parent = code.rsplit(".", 1)[0] if "." in code else None
        session.merge(Office(code=code, name=row["name"], level=row["level"], parent_code=parent))
    agencies = _read_csv(resource("agencies.csv"))
    for row in agencies:
        session.merge(Agency(code=row["code"], name_id=row["name_id"], name_en=row["name_en"]))
    session.flush()
    rules = point_rules.current_rules()
    applied = city_catalogue(session)
    governed = set(applied.codes) if applied is not None else set()
    governed |= set(
        session.scalars(select(ServiceType.code).where(ServiceType.source.startswith(LOCAL_SOURCE)))
    )
    for row in [*_read_csv(resource("services.csv")), _OTHER_ROW]:
        if row["code"] in governed:
            continue
        sla = int(row["sla_working_days"])
        fee = row["fee_idr"].strip()
        documents = [d.strip() for d in row["required_documents"].split(";") if d.strip()]
        session.merge(
            ServiceType(
                code=row["code"],
                name_id=row["name_id"],
                name_en=row["name_en"],
                level=row["level"],
                agency_code=_agency_for(row["agency"], agencies),
                agency_note=row["agency"],
                sla_working_days=sla,
                fee_idr=int(fee) if fee else None,
                required_documents=json.dumps(documents, ensure_ascii=False),
                point_weight=rules.weight_for(row["code"], sla),
                active=True,
                catalogue_version=CATALOGUE_VERSION,
                source=row["source"],
            )
        )


def _service_info(row: ServiceType, agency: Agency | None) -> ServiceInfo:
    return ServiceInfo(
        code=row.code,
        name_id=row.name_id,
        name_en=row.name_en,
        level=row.level,
        agency_code=row.agency_code,
        agency_name=agency.name_id if agency else row.agency_note,
        sla_working_days=row.sla_working_days,
        fee_idr=row.fee_idr,
        required_documents=tuple(json.loads(row.required_documents)),
        point_weight=row.point_weight,
        active=row.active,
        source=row.source,
    )


def list_services(session: Session, *, include_inactive: bool = False) -> list[ServiceInfo]:
    """The catalogue, LAINNYA last."""
    stmt = select(ServiceType, Agency).outerjoin(Agency, ServiceType.agency_code == Agency.code)
    if not include_inactive:
        stmt = stmt.where(ServiceType.active.is_(True))
    rows = [_service_info(s, a) for s, a in session.execute(stmt)]
    return sorted(rows, key=lambda s: (s.is_other, s.code))


def get_service(session: Session, *, code: str) -> ServiceInfo:
    """One catalogue entry; NotFoundError names the code."""

    def load() -> ServiceInfo | None:
        row = session.execute(
            select(ServiceType, Agency)
            .outerjoin(Agency, ServiceType.agency_code == Agency.code)
            .where(ServiceType.code == code)
        ).first()
        return None if row is None else _service_info(row[0], row[1])

    info = memo(session, ("service", code), load)
    if info is None:
        raise NotFoundError("service.not_found", code=code)
    return info


def list_agencies(session: Session) -> list[AgencyInfo]:
    """Every agency, by code."""
    rows = session.scalars(select(Agency).order_by(Agency.code))
    return [AgencyInfo(code=a.code, name_id=a.name_id, name_en=a.name_en) for a in rows]


def list_offices(session: Session, *, level: str | None = None) -> list[OfficeInfo]:
    """Jakarta's areas, optionally of one level (kelurahan, kecamatan, kota, ...)."""
    stmt = select(Office).order_by(Office.code)
    if level:
        stmt = stmt.where(Office.level == level)
    return [
        OfficeInfo(code=o.code, name=o.name, level=o.level, parent_code=o.parent_code)
        for o in session.scalars(stmt)
    ]


def get_office(session: Session, *, code: str) -> OfficeInfo:
    """One area; NotFoundError names the code."""
    office = session.get(Office, code)
    if office is None:
        raise NotFoundError("area.unknown", code=code)
    return OfficeInfo(
        code=office.code, name=office.name, level=office.level, parent_code=office.parent_code
    )


# --- The city's catalogue ----------------------------------------------------------------


@dataclass(frozen=True)
class CityService:
    """One service of a city catalogue, already checked (catalogue_pull.parse_document)."""

    code: str
    name_id: str
    name_en: str
    level: str
    agency_note: str
    agency_code: str | None
    sla_working_days: int
    fee_idr: int | None
    required_documents: tuple[str, ...]
    source: str
    active: bool


@dataclass(frozen=True)
class CityCatalogue:
    """The city catalogue this desk applied last; `codes`: every code the city ever published."""

    version: int
    etag: str
    sha256: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class CatalogueChange:
    """What applying a city catalogue changed on this desk (codes, sorted)."""

    version: int
    sha256: str
    added: tuple[str, ...]
    changed: tuple[str, ...]
    deactivated: tuple[str, ...]
    applied: bool  # False when this very document was applied already


def city_catalogue(session: Session) -> CityCatalogue | None:
    """The city catalogue applied last, or None while the desk uses the shipped one."""
    row = session.get(Meta, CITY_CATALOGUE_KEY)
    if row is None:
        return None
    data = json.loads(row.value)
    return CityCatalogue(
        version=int(data["version"]),
        etag=str(data["etag"]),
        sha256=str(data["sha256"]),
        codes=tuple(data["codes"]),
    )


def _city_values(service: CityService, version: int, rules: point_rules.Rules) -> dict[str, object]:
    return {
        "name_id": service.name_id,
        "name_en": service.name_en,
        "level": service.level,
        "agency_code": service.agency_code,
        "agency_note": service.agency_note,
        "sla_working_days": service.sla_working_days,
        "fee_idr": service.fee_idr,
        "required_documents": json.dumps(list(service.required_documents), ensure_ascii=False),
        "point_weight": rules.weight_for(service.code, service.sla_working_days),
        "active": service.active,
        "catalogue_version": version,
        "source": service.source,
    }


# What makes a service "changed"; the catalogue version alone does not.
_COMPARED = (
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


def apply_city_catalogue(
    session: Session,
    *,
    version: int,
    etag: str,
    sha256: str,
    services: Sequence[CityService],
    now: datetime,
) -> CatalogueChange:
    """Merge a checked city catalogue into the desk's, in the caller's transaction.

    The city's version of a service it publishes wins; a service it does not publish
    stays as it is; a retired one (active false) is deactivated, never deleted, so tasks
    keep their service. Tasks keep the SLA, due date and fee of their intake: those were
    copied into the task and its task.received event. One catalogue.applied event records
    the document's hash.
    """
    before = city_catalogue(session)
    if before is not None and before.sha256 == sha256:
        return CatalogueChange(version, sha256, (), (), (), applied=False)
    rules = point_rules.current_rules()
    existing = {row.code: row for row in session.scalars(select(ServiceType))}
    added: list[str] = []
    changed: list[str] = []
    deactivated: list[str] = []
    overrode: list[str] = []  # the office's own edits this publish replaces
    for service in services:
        values = _city_values(service, version, rules)
        row = existing.get(service.code)
        if row is not None and row.source.startswith(LOCAL_SOURCE):
            overrode.append(service.code)
        if row is None:
            session.add(ServiceType(code=service.code, **values))
            added.append(service.code)
        else:
            if row.active and not service.active:
                deactivated.append(service.code)
            elif any(getattr(row, name) != values[name] for name in _COMPARED):
                changed.append(service.code)
            for name, value in values.items():
                setattr(row, name, value)
        forget(session, ("service", service.code))
    codes = sorted({*(before.codes if before else ()), *(s.code for s in services)})
    record = {"version": version, "etag": etag, "sha256": sha256, "codes": codes}
    session.merge(Meta(key=CITY_CATALOGUE_KEY, value=json.dumps(record)))
    forget(session, ("meta",))
    payload: kinds.CatalogueAppliedPayload = {
        "version": version,
        "etag": etag,
        "sha256": sha256,
        "services": len(services),
        "added": len(added),
        "changed": len(changed),
        "deactivated": len(deactivated),
        "overrode": sorted(overrode),
    }
    events.append(session, kind=kinds.CATALOGUE_APPLIED, actor=None, payload=dict(payload), now=now)
    session.flush()
    return CatalogueChange(
        version,
        sha256,
        tuple(sorted(added)),
        tuple(sorted(changed)),
        tuple(sorted(deactivated)),
        applied=True,
    )
