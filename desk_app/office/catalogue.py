"""The service catalogue, agencies and Jakarta's offices, loaded from `resources/`."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.common.errors import NotFoundError
from desk_app.common.paths import resource
from desk_app.db.models import Agency, Office, ServiceType
from desk_app.db.session_cache import memo
from desk_app.points import point_rules

CATALOGUE_VERSION = 1
OTHER_SERVICE = "LAINNYA"

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
    def source_confirmed(self) -> bool:
        """True when every field comes from a published service standard."""
        return self.source.startswith("SOURCED") or self.code == OTHER_SERVICE


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


def load_reference_data(session: Session) -> None:
    """Insert or refresh offices, agencies and the shipped catalogue (idempotent)."""
    for row in _read_csv(resource("wilayah.csv")):
        code = row["code"]
        parent = code.rsplit(".", 1)[0] if "." in code else None
        session.merge(Office(code=code, name=row["name"], level=row["level"], parent_code=parent))
    agencies = _read_csv(resource("agencies.csv"))
    for row in agencies:
        session.merge(Agency(code=row["code"], name_id=row["name_id"], name_en=row["name_en"]))
    session.flush()
    rules = point_rules.current_rules()
    for row in [*_read_csv(resource("services.csv")), _OTHER_ROW]:
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
