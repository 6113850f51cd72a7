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
KEYS = (SERVER, TOKEN, CA_BUNDLE, ACKED_SEQ, ACKED_HASH, LAST_OK, SKEW, PROBLEM)


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
    )


def save(session: Session, **values: str) -> None:
    """Set some sync keys (the caller's transaction)."""
    unknown = set(values) - set(KEYS)
    if unknown:
        raise KeyError(f"not sync keys: {sorted(unknown)}")
    session.execute(delete(Meta).where(Meta.key.in_(tuple(values))))
    session.execute(insert(Meta), [{"key": k, "value": v} for k, v in values.items()])
    forget(session, ("meta",))
