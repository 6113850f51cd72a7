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
from central.store.models import Device, EnrolmentCode, Office, StoredEvent
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
    role: str = "desk",
) -> Enrolled:
    """Spend a one-time code: the device gets its own secret (a re-enrolment replaces it);
    `role` "hub" enrols an office hub (central.relay) rather than a desk."""
    row = usable_code(session, office_code=office_code, code=code, now=now)
    device = session.get(Device, (office_code, device_id))
    if device is not None and device.role != role:
        raise Conflict(f"device_id: {device_id} is enrolled already as a {device.role}")
    row.used_at, row.used_by = now, device_id
    secret = secrets.token_urlsafe(32)
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
            role=role,
        )
        session.add(device)
    else:  # a desk whose disk died comes back: same chain, new secret
        device.token_hash, device.revoked_at, device.device_no = _digest(secret), None, device_no
    session.flush()
    token = f"{office_code}/{device_id}/{secret}"
    return Enrolled(office_code, device_id, token, device.acked_seq, device.head_hash)


def usable_code(session: Session, *, office_code: str, code: str, now: datetime) -> EnrolmentCode:
    """The office's enrolment code, unused and unexpired; Unauthorized if not (not spent)."""
    row = session.get(EnrolmentCode, (office_code, _digest(normalise_code(code))))
    if row is None:
        raise Unauthorized("code: unknown enrolment code for this office")
    if row.used_at is not None:
        raise Unauthorized("code: this enrolment code was used already; ask for a fresh one")
    if _aware(row.expires_at) <= now:
        raise Unauthorized("code: this enrolment code has expired; ask for a fresh one")
    return row


def _token_device(session: Session, authorization: str | None, *, lock: bool = True) -> Device:
    """The device whose secret the bearer token holds, locked, revoked or not; fails closed."""
    if not authorization or not authorization.startswith("Bearer "):
        raise Unauthorized("authorization: a device token is required (desk-app enroll)")
    parts = authorization.removeprefix("Bearer ").strip().split("/")
    if len(parts) != 3:
        raise Unauthorized("authorization: malformed device token")
    token_office, device_id, secret = parts
    device = session.get(Device, (token_office, device_id), with_for_update=lock)
    if device is None or not hmac.compare_digest(device.token_hash, _digest(secret)):
        raise Unauthorized("authorization: unknown device token")
    return device


def authenticate(
    session: Session, *, authorization: str | None, office_code: str, lock: bool = True
) -> Device:
    """The device behind a bearer token, locked for this transaction's push (unless a read
    asks for no `lock`); fails closed."""
    device = _token_device(session, authorization, lock=lock)
    token_office = device.office_code
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


@dataclass(frozen=True)
class SuccessorClaim:
    """A restored desk's desk.restored facts: who it is now and where its predecessor ended."""

    device_id: str
    device_no: int
    predecessor_device_no: int
    predecessor_last_seq: int
    predecessor_last_hash: str


def register_successor(
    session: Session,
    *,
    authorization: str | None,
    office_code: str,
    predecessor_id: str,
    claim: SuccessorClaim,
    now: datetime,
) -> Enrolled:
    """Enrol a restored desk as the successor of the device whose token it holds.

    The successor gets its own secret and the predecessor's is retired, in the caller's
    transaction. The same claim again (its answer was lost) gets a fresh secret as long as
    the successor has not pushed with one; any other claim on a retired device is refused.
    """
    device = _token_device(session, authorization)
    if device.device_id != predecessor_id:
        raise Forbidden("authorization: the token belongs to another device")
    if device.office_code != office_code:
        raise Forbidden(f"office_code: this device belongs to office {device.office_code}")
    if claim.device_id == predecessor_id:
        raise Conflict("device_id: a successor needs a device id of its own")
    existing = session.get(Device, (office_code, claim.device_id), with_for_update=True)
    if existing is not None:
        return _repeat_claim(existing, predecessor_id=predecessor_id, claim=claim)
    if device.revoked_at is not None:
        successor = session.scalar(
            select(Device.device_id).where(
                Device.office_code == office_code, Device.predecessor_id == predecessor_id
            )
        )
        if successor is not None:
            raise Conflict(
                f"device: {predecessor_id} was succeeded already by {successor}; "
                "enrol this desk with a fresh code"
            )
        raise Unauthorized("authorization: this device was revoked; enrol it again")
    if claim.predecessor_device_no != device.device_no:
        raise Conflict(f"predecessor_device_no: the city knows this device as {device.device_no}")
    if claim.device_no == device.device_no:
        raise Conflict(f"device_no: {claim.device_no} is the predecessor's own number")
    _check_predecessor_chain(session, device=device, claim=claim)
    secret = secrets.token_urlsafe(32)
    session.add(
        Device(
            office_code=office_code,
            device_id=claim.device_id,
            device_no=claim.device_no,
            token_hash=_digest(secret),
            enrolled_at=now,
            acked_seq=0,
            reported_seq=0,
            head_hash=GENESIS_HASH,
            predecessor_id=predecessor_id,
        )
    )
    device.revoked_at = now
    session.flush()
    token = f"{office_code}/{claim.device_id}/{secret}"
    return Enrolled(office_code, claim.device_id, token, 0, GENESIS_HASH)


def _repeat_claim(existing: Device, *, predecessor_id: str, claim: SuccessorClaim) -> Enrolled:
    """The answer to a claim the city registered already: a fresh secret, the lost one void."""
    if existing.predecessor_id != predecessor_id or existing.device_no != claim.device_no:
        raise Conflict(f"device_id: {claim.device_id} is enrolled already as another device")
    if existing.last_seen_at is not None:  # the desk holds the successor's secret: it pushed
        raise Conflict(
            f"device_id: {claim.device_id} has synced with its own token already; use that"
        )
    secret = secrets.token_urlsafe(32)
    existing.token_hash = _digest(secret)
    token = f"{existing.office_code}/{existing.device_id}/{secret}"
    return Enrolled(
        existing.office_code, existing.device_id, token, existing.acked_seq, existing.head_hash
    )


def _check_predecessor_chain(session: Session, *, device: Device, claim: SuccessorClaim) -> None:
    """The city must hold the predecessor's chain up to where the backup ends, the same one.

    The predecessor's secret is retired with the succession, so whatever the city lacks of
    that chain has to be pushed before; events it holds beyond the backup stay as they are.
    """
    last = claim.predecessor_last_seq
    if device.acked_seq < last:
        raise Conflict(
            f"predecessor_last_seq: the city holds the predecessor's chain up to seq "
            f"{device.acked_seq}; push it up to seq {last} first"
        )
    if last > 0:
        held = session.scalar(
            select(StoredEvent.hash).where(
                StoredEvent.office_code == device.office_code,
                StoredEvent.device_id == device.device_id,
                StoredEvent.seq == last,
            )
        )
        if held != claim.predecessor_last_hash:
            raise Conflict(
                f"predecessor_last_hash: the city holds another event at seq {last} "
                "of the predecessor's chain"
            )
