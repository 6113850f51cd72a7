"""Officers: roles, PINs hashed with argon2id, lock-out after repeated wrong PINs.

Every change an admin makes (role, active flag, PIN, unlock) is an event, so `verify` can
re-derive the officers table; only the lock-out counters (`failed_pins`, `locked_until`)
are written without one.

An admin never chooses an officer's lasting PIN: a PIN the admin sets (adding an officer,
or resetting a forgotten PIN) is a one-time one, or there is none at all (an empty
`pin_hash`), and `must_change_pin` makes the officer choose their own at the next log-in
before they can work (`change_own_pin`). Without a PIN, whoever picks the name at the desk
chooses it: an admin does that only with the officer standing there.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desk_app.common.errors import (
    AuthError,
    LockedOut,
    NotFoundError,
    PermissionDenied,
    ValidationError,
)
from desk_app.common.validation import (
    validate_name,
    validate_nip,
    validate_pin,
    validate_reason,
    validate_text,
)
from desk_app.common.workdays import JAKARTA, local_day
from desk_app.db.engine import Database
from desk_app.db.models import Officer
from desk_app.db.session_cache import forget, memo
from desk_app.eventlog import events, kinds

ROLES = ("officer", "lead", "admin")
# Who may lead the office: close days, correct attendance and points, change settings.
LEAD_ROLES = ("lead", "admin")
MAX_WRONG_PINS = 5
# Why an officer's PIN hash changed (officer.pin_set).
PIN_RESET = "reset"
PIN_REHASHED = "rehashed"
PIN_CHANGED = "changed"
NO_PIN = ""  # pin_hash of an officer whose PIN was cleared: they choose one at log-in
LOCKOUT = timedelta(minutes=15)

# OWASP's argon2id minimum: 19 MiB memory, 2 iterations, 1 lane.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@dataclass(frozen=True)
class OfficerInfo:
    """An officer as the screens show them (never the PIN hash)."""

    id: str
    nip: str
    name: str
    role: str
    active: bool
    locked_until: datetime | None
    must_change_pin: bool = False

    @property
    def is_admin(self) -> bool:
        """Admins manage officers and the catalogue."""
        return self.role == "admin"

    @property
    def is_lead(self) -> bool:
        """Leads and admins may close the day."""
        return self.role in LEAD_ROLES


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a PIN check; the caller commits before acting on it."""

    officer: OfficerInfo | None
    wrong_pins: int = 0
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        """True when the PIN was right and the officer may work."""
        return self.officer is not None

    def raise_for_failure(self) -> OfficerInfo:
        """The officer, or AuthError / LockedOut with a message for the screen."""
        if self.officer is not None:
            return self.officer
        if self.locked_until is not None:
            raise LockedOut(
                "auth.locked_out", until=f"{self.locked_until.astimezone(JAKARTA):%H:%M}"
            )
        left = MAX_WRONG_PINS - self.wrong_pins
        raise AuthError("auth.wrong_pin", left=left)


def pin_digest(pin_hash: str) -> str:
    """The sha256 of a stored PIN hash: what events carry instead of the hash itself."""
    return hashlib.sha256(pin_hash.encode()).hexdigest()


def _info(row: Officer) -> OfficerInfo:
    return OfficerInfo(
        id=row.id,
        nip=row.nip,
        name=row.name,
        role=row.role,
        active=row.active,
        locked_until=row.locked_until,
        must_change_pin=bool(row.must_change_pin),
    )


def _pin_hash(pin: str | None) -> str:
    """The stored hash of a checked PIN; NO_PIN for none."""
    return NO_PIN if pin is None else _hasher.hash(validate_pin(pin))


def create_officer(
    session: Session,
    *,
    actor_id: str | None,
    nip: str,
    name: str,
    role: str,
    pin: str | None,
    now: datetime,
    must_change_pin: bool = False,
) -> OfficerInfo:
    """Add an officer; only an admin may (the very first admin is created at set-up).

    `must_change_pin`: `pin` is a one-time PIN (None: no PIN at all, which implies it);
    the officer chooses their own at the first log-in.
    """
    if actor_id is not None:
        require_role(session, officer_id=actor_id, roles=("admin",))
    nip = validate_nip(nip)
    name = validate_name(name)
    if role not in ROLES:
        raise ValidationError("role", "officer.role_unknown", choices=", ".join(ROLES))
    pin_hash = _pin_hash(pin)
    must_change = must_change_pin or pin is None
    if session.scalar(select(Officer.id).where(Officer.nip == nip)):
        raise ValidationError("nip", "officer.nip_taken", nip=nip)
    row = Officer(
        id=str(uuid.uuid4()),
        nip=nip,
        name=name,
        role=role,
        pin_hash=pin_hash,
        failed_pins=0,
        locked_until=None,
        active=True,
        created_at=now,
        must_change_pin=must_change,
    )
    session.add(row)
    session.flush()
    payload: kinds.OfficerCreatedPayload = {
        "officer_id": row.id,
        "nip": nip,
        "name": name,
        "role": role,
        "pin_digest": pin_digest(row.pin_hash),
        "must_change": must_change,
    }
    events.append(
        session,
        kind=kinds.OFFICER_CREATED,
        actor=actor_id or row.id,
        payload=dict(payload),
        now=now,
    )
    return _info(row)


def _admin_target(session: Session, *, actor_id: str, officer_id: str) -> Officer:
    """The officer an admin acts on (the actor must be an active admin)."""
    require_role(session, officer_id=actor_id, roles=("admin",))
    row = session.get(Officer, officer_id)
    if row is None:
        raise NotFoundError("officer.not_found", officer_id=officer_id)
    return row


def _keep_an_admin(session: Session, row: Officer) -> None:
    """Refuse to leave the office without an active admin."""
    others = session.scalar(
        select(Officer.id).where(
            Officer.role == "admin", Officer.active.is_(True), Officer.id != row.id
        )
    )
    if row.role == "admin" and row.active and others is None:
        raise ValidationError("officer_id", "officer.last_admin", name=row.name)


def _changed(session: Session, row: Officer) -> OfficerInfo:
    session.flush()
    forget(session, ("officer", row.id))
    return _info(row)


def change_role(
    session: Session, *, actor_id: str, officer_id: str, role: str, now: datetime
) -> OfficerInfo:
    """An admin gives an officer another role; logged as `officer.role_changed`."""
    row = _admin_target(session, actor_id=actor_id, officer_id=officer_id)
    if role not in ROLES:
        raise ValidationError("role", "officer.role_unknown", choices=", ".join(ROLES))
    if role == row.role:
        return _info(row)
    if role != "admin":
        _keep_an_admin(session, row)
    events.append(
        session,
        kind=kinds.OFFICER_ROLE_CHANGED,
        actor=actor_id,
        payload={"officer_id": row.id, "role": role, "before": row.role},
        now=now,
    )
    row.role = role
    return _changed(session, row)


def deactivate_officer(
    session: Session, *, actor_id: str, officer_id: str, reason: str, now: datetime
) -> OfficerInfo:
    """An admin stops an officer from logging in (the history stays); a reason is required."""
    row = _admin_target(session, actor_id=actor_id, officer_id=officer_id)
    reason = validate_reason(reason)
    if not row.active:
        return _info(row)
    _keep_an_admin(session, row)
    events.append(
        session,
        kind=kinds.OFFICER_DEACTIVATED,
        actor=actor_id,
        payload={"officer_id": row.id, "reason": reason},
        now=now,
    )
    row.active = False
    return _changed(session, row)


def reactivate_officer(
    session: Session, *, actor_id: str, officer_id: str, reason: str = "", now: datetime
) -> OfficerInfo:
    """An admin lets a deactivated officer log in again."""
    row = _admin_target(session, actor_id=actor_id, officer_id=officer_id)
    reason = validate_text(reason, field="reason", max_len=500, required=False)
    if row.active:
        return _info(row)
    events.append(
        session,
        kind=kinds.OFFICER_REACTIVATED,
        actor=actor_id,
        payload={"officer_id": row.id, "reason": reason},
        now=now,
    )
    row.active = True
    return _changed(session, row)


def _set_pin_hash(
    session: Session,
    row: Officer,
    *,
    pin_hash: str,
    actor_id: str,
    reason: str,
    now: datetime,
    must_change: bool | None = None,
) -> None:
    """Store a new PIN hash; `must_change` None keeps the flag as it is (a rehash)."""
    flag = bool(row.must_change_pin) if must_change is None else must_change
    payload: kinds.OfficerPinSetPayload = {
        "officer_id": row.id,
        "pin_digest": pin_digest(pin_hash),
        "reason": reason,
        "must_change": flag,
    }
    events.append(
        session, kind=kinds.OFFICER_PIN_SET, actor=actor_id, payload=dict(payload), now=now
    )
    row.pin_hash = pin_hash
    row.must_change_pin = flag


def reset_pin(
    session: Session, *, actor_id: str, officer_id: str, pin: str | None, now: datetime
) -> OfficerInfo:
    """An admin sets a one-time PIN, or none (None), and lifts a lock-out.

    Logged as `officer.pin_set`; the officer must choose their own PIN at the next log-in.
    """
    row = _admin_target(session, actor_id=actor_id, officer_id=officer_id)
    pin_hash = _pin_hash(pin)
    _set_pin_hash(
        session,
        row,
        pin_hash=pin_hash,
        actor_id=actor_id,
        reason=PIN_RESET,
        now=now,
        must_change=True,
    )
    row.failed_pins = 0
    row.locked_until = None
    return _changed(session, row)


def unlock_officer(
    session: Session, *, actor_id: str, officer_id: str, now: datetime
) -> OfficerInfo:
    """An admin lifts a lock-out after wrong PINs at once; logged as `officer.unlocked`."""
    row = _admin_target(session, actor_id=actor_id, officer_id=officer_id)
    if row.locked_until is None and not row.failed_pins:
        return _info(row)
    events.append(
        session,
        kind=kinds.OFFICER_UNLOCKED,
        actor=actor_id,
        payload={"officer_id": row.id},
        now=now,
    )
    row.failed_pins = 0
    row.locked_until = None
    return _changed(session, row)


def change_own_pin(
    session: Session, *, officer_id: str, current_pin: str, new_pin: str, now: datetime
) -> OfficerInfo:
    """An officer replaces their PIN (and a one-time one must be); `current_pin` proves it.

    An officer whose PIN was cleared has none to give (any `current_pin` is accepted). The
    new PIN must differ from the current one; logged as `officer.pin_set` ("changed").
    """
    officer = require_active(session, officer_id=officer_id)
    row = session.get(Officer, officer.id)
    assert row is not None
    new_pin = validate_pin(new_pin)
    if row.pin_hash != NO_PIN:
        if not _pin_matches(row.pin_hash, current_pin):
            raise ValidationError("current_pin", "pin.current_wrong")
        if _pin_matches(row.pin_hash, new_pin):
            raise ValidationError("pin", "pin.same_as_before")
    _set_pin_hash(
        session,
        row,
        pin_hash=_hasher.hash(new_pin),
        actor_id=row.id,
        reason=PIN_CHANGED,
        now=now,
        must_change=False,
    )
    return _changed(session, row)


def _pin_matches(pin_hash: str, pin: str) -> bool:
    try:
        return bool(_hasher.verify(pin_hash, pin))
    except (VerificationError, InvalidHashError):
        return False


def _record(session: Session) -> None:
    """Write the attempt's count now; if it cannot be written, nobody logs in."""
    try:
        session.flush()
    except SQLAlchemyError as exc:
        raise AuthError("auth.attempt_not_recorded") from exc


def authenticate(session: Session, *, nip: str, pin: str, now: datetime) -> LoginResult:
    """Check a PIN, counting failures; commit the session whatever the outcome.

    Fails closed: the attempt is counted (and flushed) before the PIN is checked, so when
    the count cannot be written (a full disk, a read-only file) AuthError is raised, even
    for the right PIN. The caller's commit must succeed too before it acts on the result
    (`log_in` does both).
    """
    row = session.scalar(select(Officer).where(Officer.nip == nip.strip()))
    if row is None or not row.active:
        # Hash anyway so a wrong NIP takes as long as a wrong PIN.
        _hasher.hash(pin or "x")
        return LoginResult(officer=None, wrong_pins=0)
    if row.locked_until is not None and row.locked_until > now:
        return LoginResult(officer=None, wrong_pins=row.failed_pins, locked_until=row.locked_until)
    if row.pin_hash == NO_PIN:
        # The admin cleared the PIN: the officer goes straight to choosing one (must_change).
        _hasher.hash(pin or "x")
        return LoginResult(officer=_info(row))
    row.failed_pins += 1
    _record(session)
    try:
        _hasher.verify(row.pin_hash, pin)
    except (VerificationError, InvalidHashError):
        if row.failed_pins >= MAX_WRONG_PINS:
            row.locked_until = now + LOCKOUT
            row.failed_pins = 0
            _record(session)
            return LoginResult(
                officer=None, wrong_pins=MAX_WRONG_PINS, locked_until=row.locked_until
            )
        return LoginResult(officer=None, wrong_pins=row.failed_pins)
    row.failed_pins = 0
    row.locked_until = None
    # A stronger hash is an event too; on a sealed day it waits for a later log-in.
    if _hasher.check_needs_rehash(row.pin_hash) and not events.day_is_sealed(
        session, local_day(now)
    ):
        _set_pin_hash(
            session,
            row,
            pin_hash=_hasher.hash(pin),
            actor_id=row.id,
            reason=PIN_REHASHED,
            now=now,
        )
    _record(session)
    return LoginResult(officer=_info(row))


def log_in(
    db: Database, *, nip: str, pin: str, now: datetime, pin_change: bool = False
) -> OfficerInfo:
    """A PIN check in its own transaction: the officer, or AuthError / LockedOut.

    The login counts only once its attempt is committed: a commit that fails (the disk
    filled up) refuses the login with the same message as a count that cannot be written.
    An officer who must choose a new PIN is refused (AuthError) unless `pin_change` says
    the caller is about to let them choose it.
    """
    try:
        with db.write() as session:
            result = authenticate(session, nip=nip, pin=pin, now=now)
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise AuthError("auth.attempt_not_recorded") from exc
    officer = result.raise_for_failure()
    if officer.must_change_pin and not pin_change:
        raise AuthError("auth.must_change_pin", name=officer.name, nip=officer.nip)
    return officer


def get_officer(session: Session, *, officer_id: str) -> OfficerInfo:
    """One officer by id."""

    def load() -> OfficerInfo | None:
        row = session.get(Officer, officer_id)
        return None if row is None else _info(row)

    info = memo(session, ("officer", officer_id), load)
    if info is None:
        raise NotFoundError("officer.not_found", officer_id=officer_id)
    return info


def list_officers(session: Session, *, include_inactive: bool = False) -> list[OfficerInfo]:
    """Officers by name."""
    stmt = select(Officer).order_by(Officer.name)
    if not include_inactive:
        stmt = stmt.where(Officer.active.is_(True))
    return [_info(r) for r in session.scalars(stmt)]


def require_role(session: Session, *, officer_id: str, roles: tuple[str, ...]) -> OfficerInfo:
    """The acting officer, or PermissionDenied if their role is not among `roles`."""
    officer = get_officer(session, officer_id=officer_id)
    if not officer.active:
        raise PermissionDenied("officer.inactive", name=officer.name)
    if officer.role not in roles:
        raise PermissionDenied(
            "officer.role_required", roles="/".join(roles), name=officer.name, role=officer.role
        )
    return officer


def require_active(session: Session, *, officer_id: str) -> OfficerInfo:
    """The acting officer, who must exist and be active."""
    return require_role(session, officer_id=officer_id, roles=ROLES)
