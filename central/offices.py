"""Offices, one-time enrolment codes and device secrets: who may push for which office."""

from __future__ import annotations

import csv
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.errors import Conflict, Forbidden, Unauthorized, Unknown
from central.store.models import Device, EnrolmentCode, Office
from desk_app.eventlog.wire import GENESIS_HASH

WILAYAH_CSV = Path(__file__).resolve().parents[1] / "resources" / "wilayah.csv"
OFFICE_LEVELS = ("kelurahan", "kecamatan", "kota", "kabupaten")
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over a phone
CODE_LENGTH = 12
CODE_LIFETIME = timedelta(hours=72)


@lru_cache(maxsize=1)
def wilayah() -> dict[str, tuple[str, str]]:
    """Kemendagri code -> (level, name) of Jakarta's areas."""
    with WILAYAH_CSV.open(encoding="utf-8") as handle:
        return {row["code"]: (row["level"], row["name"]) for row in csv.DictReader(handle)}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    """An enrolment code as typed (spaces, dashes, lower case) in its one stored spelling."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass(frozen=True)
class OfficeView:
    """A registered office."""

    office_code: str
    name: str
    level: str
    registered_at: datetime


def register_office(session: Session, *, office_code: str, now: datetime) -> OfficeView:
    """Register an office from the wilayah list; Conflict if it is registered already."""
    known = wilayah().get(office_code)
    if known is None or known[0] not in OFFICE_LEVELS:
        raise Unknown(f"office_code: {office_code!r} is not a Jakarta office code (wilayah)")
    if session.get(Office, office_code) is not None:
        raise Conflict(f"office_code: {office_code} is registered already")
    level, name = known
    office = Office(office_code=office_code, name=name, level=level, registered_at=now)
    session.add(office)
    return OfficeView(office_code, name, level, now)


def get_office(session: Session, *, office_code: str) -> OfficeView:
    """A registered office, or Unknown."""
    office = session.get(Office, office_code)
    if office is None:
        raise Unknown(f"office_code: {office_code} is not registered")
    return OfficeView(office.office_code, office.name, office.level, office.registered_at)


def list_offices(session: Session) -> list[OfficeView]:
    """Every registered office, by code."""
    rows = session.scalars(select(Office).order_by(Office.office_code))
    return [OfficeView(o.office_code, o.name, o.level, o.registered_at) for o in rows]


def issue_code(session: Session, *, office_code: str, now: datetime) -> str:
    """A fresh one-time enrolment code for one more desk of the office (only its hash kept)."""
    get_office(session, office_code=office_code)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    session.add(
        EnrolmentCode(
            office_code=office_code,
            code_hash=_digest(raw),
            issued_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    )
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


@dataclass(frozen=True)
class Enrolled:
    """A desk's credentials: the token is shown once; the city keeps only its hash."""

    office_code: str
    device_id: str
    token: str
    acked_seq: int
    head_hash: str


def enroll(
    session: Session,
    *,
    office_code: str,
    code: str,
    device_id: str,
    device_no: int,
    now: datetime,
) -> Enrolled:
    """Spend a one-time code: the device gets its own secret (a re-enrolment replaces it)."""
    row = session.get(EnrolmentCode, (office_code, _digest(normalise_code(code))))
    if row is None:
        raise Unauthorized("code: unknown enrolment code for this office")
    if row.used_at is not None:
        raise Unauthorized("code: this enrolment code was used already; ask for a fresh one")
    if _aware(row.expires_at) <= now:
        raise Unauthorized("code: this enrolment code has expired; ask for a fresh one")
    row.used_at, row.used_by = now, device_id
    secret = secrets.token_urlsafe(32)
    device = session.get(Device, (office_code, device_id))
    if device is None:
        device = Device(
            office_code=office_code,
            device_id=device_id,
            device_no=device_no,
            token_hash=_digest(secret),
            enrolled_at=now,
            acked_seq=0,
            reported_seq=0,
            head_hash=GENESIS_HASH,
        )
        session.add(device)
    else:  # a desk whose disk died comes back: same chain, new secret
        device.token_hash, device.revoked_at, device.device_no = _digest(secret), None, device_no
    session.flush()
    token = f"{office_code}/{device_id}/{secret}"
    return Enrolled(office_code, device_id, token, device.acked_seq, device.head_hash)


def authenticate(session: Session, *, authorization: str | None, office_code: str) -> Device:
    """The device behind a bearer token, locked for this transaction's push; fails closed."""
    if not authorization or not authorization.startswith("Bearer "):
        raise Unauthorized("authorization: a device token is required (desk-app enroll)")
    parts = authorization.removeprefix("Bearer ").strip().split("/")
    if len(parts) != 3:
        raise Unauthorized("authorization: malformed device token")
    token_office, device_id, secret = parts
    device = session.get(Device, (token_office, device_id), with_for_update=True)
    if device is None or not hmac.compare_digest(device.token_hash, _digest(secret)):
        raise Unauthorized("authorization: unknown device token")
    if device.revoked_at is not None:
        raise Unauthorized("authorization: this device was revoked; enrol it again")
    if token_office != office_code:
        raise Forbidden(f"office_code: this device belongs to office {token_office}")
    return device


def revoke(session: Session, *, office_code: str, device_id: str, now: datetime) -> None:
    """Revoke a device's secret: its next push is refused until it enrols again."""
    device = session.get(Device, (office_code, device_id))
    if device is None:
        raise Unknown(f"device: {device_id} is not enrolled for office {office_code}")
    device.revoked_at = now


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
