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
# After a restore (closing/succession.py) the desk is a new device: what the city still
# lacks of the device it succeeded (events after `PREDECESSOR_ACKED_SEQ`, up to
# `PREDECESSOR_LAST_SEQ`) is pushed once the city registers the successor.
PREDECESSOR = "sync_predecessor_device"
PREDECESSOR_ACKED_SEQ = "sync_predecessor_acked_seq"
PREDECESSOR_LAST_SEQ = "sync_predecessor_last_seq"
# The predecessor's secret, kept until the city registers the succession (it authenticates
# the claim and pushes what the city lacks of the predecessor's chain), then forgotten.
PREDECESSOR_TOKEN = "sync_predecessor_token"
KEYS = (
    SERVER,
    TOKEN,
    CA_BUNDLE,
    ACKED_SEQ,
    ACKED_HASH,
    LAST_OK,
    SKEW,
    PROBLEM,
    PROBLEM_REASON,
    PREDECESSOR,
    PREDECESSOR_ACKED_SEQ,
    PREDECESSOR_LAST_SEQ,
    PREDECESSOR_TOKEN,
)

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
BAD_CATALOGUE = "bad_catalogue"  # the city's catalogue document was refused, nothing applied
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
    BAD_CATALOGUE,
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
    predecessor: str = ""  # the device this desk succeeded at a restore, if any
    predecessor_acked_seq: int = 0  # how much of the predecessor's chain the city held
    predecessor_last_seq: int = 0  # the predecessor's last event in the restored database
    predecessor_token: str = ""  # the predecessor's secret while the succession is pending

    @property
    def enrolled(self) -> bool:
        """True once the desk holds a device secret for a server (its own or its predecessor's)."""
        return bool(self.server and (self.token or self.predecessor_token))

    @property
    def succession_pending(self) -> bool:
        """True while the city has still to register this desk as its predecessor's successor."""
        return bool(self.server and self.predecessor_token and not self.token)


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
        predecessor=rows.get(PREDECESSOR, ""),
        predecessor_acked_seq=int(rows.get(PREDECESSOR_ACKED_SEQ, "0")),
        predecessor_last_seq=int(rows.get(PREDECESSOR_LAST_SEQ, "0")),
        predecessor_token=rows.get(PREDECESSOR_TOKEN, ""),
    )


def save(session: Session, **values: str) -> None:
    """Set some sync keys (the caller's transaction)."""
    unknown = set(values) - set(KEYS)
    if unknown:
        raise KeyError(f"not sync keys: {sorted(unknown)}")
    session.execute(delete(Meta).where(Meta.key.in_(tuple(values))))
    session.execute(insert(Meta), [{"key": k, "value": v} for k, v in values.items()])
    forget(session, ("meta",))


def reset_for_successor(session: Session, *, predecessor: str, predecessor_last_seq: int) -> None:
    """A restored desk is a new device: the old secret and position belong to its predecessor.

    The server address and CA stay, and the predecessor's secret is kept: the next sync
    pushes what the city lacks of the predecessor's chain with it, then registers this desk
    as the successor (sync/succession.py). The city's position on the predecessor is kept,
    to say what it still lacks of that chain. A desk without a secret must enrol again.
    """
    before = load(session)
    values = {
        TOKEN: "",
        ACKED_SEQ: "0",
        ACKED_HASH: GENESIS_HASH,
        LAST_OK: "",
        SKEW: "",
        PROBLEM: "",
        PROBLEM_REASON: "",
        PREDECESSOR: predecessor,
        PREDECESSOR_ACKED_SEQ: str(min(before.acked_seq, predecessor_last_seq)),
        PREDECESSOR_LAST_SEQ: str(predecessor_last_seq),
        PREDECESSOR_TOKEN: before.token,
    }
    if before.server and not values[PREDECESSOR_TOKEN]:
        values[PROBLEM] = "restored from a backup as a new device: enrol this desk again"
        values[PROBLEM_REASON] = NOT_ENROLLED
    save(session, **values)
