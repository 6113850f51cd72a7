"""What this desk knows of its sync: server, secret, the position the city acknowledged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from desk_app.db.models import Meta
from desk_app.db.session_cache import forget
from desk_app.eventlog.wire import GENESIS_HASH

SERVER = "sync_server"
TOKEN = "sync_token"  # the device secret; the database file is private to its user
CA_BUNDLE = "sync_ca_bundle"
ACKED_SEQ = "sync_acked_seq"
ACKED_HASH = "sync_acked_hash"
LAST_OK = "sync_last_ok"
SKEW = "sync_skew_s"
PROBLEM = "sync_problem"
PROBLEM_REASON = "sync_problem_reason"  # one of the REASONS below: what the screen says
KEYS = (SERVER, TOKEN, CA_BUNDLE, ACKED_SEQ, ACKED_HASH, LAST_OK, SKEW, PROBLEM, PROBLEM_REASON)

# Why a round did not finish (SyncFailed.reason) or what the city reported (a fork).
UNREACHABLE = "unreachable"  # no answer: the network or the server is down (retry)
CUT_OFF = "cut_off"  # the answer was cut off (retry)
BUSY = "busy"  # 429 / 503: the city asks to come back later (retry)
SERVER_ERROR = "server_error"  # another 5xx, 408, 425 (retry)
TLS = "tls"  # the server's certificate was refused
REVOKED = "revoked"  # the city revoked this device
BAD_CODE = "bad_code"  # the enrolment code is unknown, used or expired
UNAUTHORIZED = "unauthorized"  # another 401 / 403
REFUSED = "refused"  # another 4xx: the city refused the request
NOT_ENROLLED = "not_enrolled"
BAD_ADDRESS = "bad_address"  # not an http(s):// address
FORKED = "forked"  # the city holds other events under this desk's numbers
REASONS = (
    UNREACHABLE,
    CUT_OFF,
    BUSY,
    SERVER_ERROR,
    TLS,
    REVOKED,
    BAD_CODE,
    UNAUTHORIZED,
    REFUSED,
    NOT_ENROLLED,
    BAD_ADDRESS,
    FORKED,
)


@dataclass(frozen=True)
class SyncState:
    """The desk's sync settings and the city's last word."""

    server: str
    token: str
    ca_bundle: str
    acked_seq: int
    acked_hash: str
    last_ok: datetime | None
    skew_s: float | None
    problem: str
    problem_reason: str = ""  # one of REASONS when `problem` is set

    @property
    def enrolled(self) -> bool:
        """True once the desk holds a device secret for a server."""
        return bool(self.server and self.token)


def load(session: Session) -> SyncState:
    """The sync state (empty values before enrolment)."""
    rows = dict(session.execute(select(Meta.key, Meta.value).where(Meta.key.in_(KEYS))).all())
    last_ok = rows.get(LAST_OK)
    skew = rows.get(SKEW)
    return SyncState(
        server=rows.get(SERVER, ""),
        token=rows.get(TOKEN, ""),
        ca_bundle=rows.get(CA_BUNDLE, ""),
        acked_seq=int(rows.get(ACKED_SEQ, "0")),
        acked_hash=rows.get(ACKED_HASH, GENESIS_HASH),
        last_ok=datetime.fromisoformat(last_ok) if last_ok else None,
        skew_s=float(skew) if skew else None,
        problem=rows.get(PROBLEM, ""),
        problem_reason=rows.get(PROBLEM_REASON, ""),
    )


def save(session: Session, **values: str) -> None:
    """Set some sync keys (the caller's transaction)."""
    unknown = set(values) - set(KEYS)
    if unknown:
        raise KeyError(f"not sync keys: {sorted(unknown)}")
    session.execute(delete(Meta).where(Meta.key.in_(tuple(values))))
    session.execute(insert(Meta), [{"key": k, "value": v} for k, v in values.items()])
    forget(session, ("meta",))
