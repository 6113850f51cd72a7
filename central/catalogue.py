"""The city-wide service catalogue: published by an administrator, pulled by every desk.

How a publication meets an office's own catalogue: the city's version of a service it
publishes wins (fee, SLA, documents, agency); a service the city does not publish (an
office's local service) stays the office's own; a service is retired only by publishing
it with active = 0, never by leaving it out.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import CentralError
from central.store.models import CatalogueDocument
from desk_app.eventlog.wire import canonical_json

COLUMNS = (
    "code",
    "name_id",
    "name_en",
    "level",
    "agency",
    "sla_working_days",
    "fee_idr",
    "required_documents",
    "source",
)
LEVELS = ("kelurahan", "kecamatan", "kota", "provinsi")


class BadCatalogue(CentralError):
    """A catalogue file that cannot be published; names the row and column."""

    status = 422
    title = "Bad catalogue"


@dataclass(frozen=True)
class Published:
    """A catalogue version as stored."""

    version: int
    services: int
    sha256: str
    published_at: datetime


def parse_csv(text: str) -> list[dict[str, Any]]:
    """The services of a catalogue CSV (the shipped format), checked row by row."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise BadCatalogue(f"columns: missing {', '.join(missing)}")
    services: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        code = (row["code"] or "").strip()
        where = f"line {line} ({code or 'no code'})"
        if not code or code in seen:
            raise BadCatalogue(f"{where}: code missing or repeated")
        seen.add(code)
        if (row["level"] or "").strip() not in LEVELS:
            raise BadCatalogue(f"{where}: level must be one of {', '.join(LEVELS)}")
        sla = (row["sla_working_days"] or "").strip()
        if not sla.isascii() or not sla.isdigit() or int(sla) > 365:
            raise BadCatalogue(f"{where}: sla_working_days must be 0-365")
        fee = (row["fee_idr"] or "").strip()
        if fee and (not fee.isascii() or not fee.isdigit()):
            raise BadCatalogue(f"{where}: fee_idr must be whole rupiah or empty (a levy)")
        if not (row["name_id"] or "").strip():
            raise BadCatalogue(f"{where}: name_id is required")
        active = (row.get("active") or "1").strip()
        if active not in ("0", "1"):
            raise BadCatalogue(f"{where}: active must be 0 or 1")
        services.append(
            {
                "code": code,
                "name_id": row["name_id"].strip(),
                "name_en": (row["name_en"] or "").strip(),
                "level": row["level"].strip(),
                "agency": (row["agency"] or "").strip(),
                "sla_working_days": int(sla),
                "fee_idr": int(fee) if fee else None,
                "required_documents": [
                    d.strip() for d in (row["required_documents"] or "").split(";") if d.strip()
                ],
                "source": (row["source"] or "").strip(),
                "active": active == "1",
            }
        )
    if not services:
        raise BadCatalogue("the file holds no service")
    return services


def publish(session: Session, *, services: list[dict[str, Any]], now: datetime) -> Published:
    """Store the next catalogue version (the previous one + 1)."""
    version = int(session.scalar(select(func.max(CatalogueDocument.version))) or 0) + 1
    body = canonical_json({"version": version, "services": services})
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    session.add(CatalogueDocument(version=version, published_at=now, sha256=digest, body=body))
    return Published(version, len(services), digest, now)


def latest(session: Session) -> CatalogueDocument | None:
    """The newest published catalogue, if any."""
    return session.scalars(
        select(CatalogueDocument).order_by(CatalogueDocument.version.desc()).limit(1)
    ).first()
