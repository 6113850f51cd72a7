"""Pulling the city's service catalogue: fetch it when it changed, check it all, apply it at once.

The desk asks GET /v1/catalogue with the ETag it applied last; 304 means nothing new. A
new document is checked row by row before anything is written: one bad row refuses the
whole document (SyncFailed, reason state.BAD_CATALOGUE, naming the row and field), and the
desk keeps the catalogue it had. A good one is merged in one transaction with one
catalogue.applied event (office/catalogue.py apply_city_catalogue). Nothing here runs on
the GUI thread.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeGuard

import requests

from desk_app.common.workdays import local_day
from desk_app.db.engine import Database
from desk_app.eventlog import events
from desk_app.office import catalogue
from desk_app.sync import office_pull, rules_pull, state, succession
from desk_app.sync.client import (
    NOT_ENROLLED,
    SUCCESSION_PENDING,
    SyncFailed,
    SyncResult,
    _verify,
    city_get,
    push_once,
    refused,
)

logger = logging.getLogger(__name__)

MAX_SLA_DAYS = 365
MAX_FEE_IDR = 10**12  # no official fee comes near; a bigger number is a typing error
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,23}")  # service_types.code is 24 wide
APPLIED = "applied"  # a new catalogue was applied
UNCHANGED = "unchanged"  # 304, or this very document was applied already
DEFERRED = "deferred"  # today is sealed: applied on the next working day
NONE_PUBLISHED = "none_published"  # the city has not published a catalogue yet


@dataclass(frozen=True)
class CityDocument:
    """A catalogue document as served, every row checked."""

    version: int
    sha256: str
    services: tuple[catalogue.CityService, ...]


@dataclass(frozen=True)
class PullResult:
    """One pull: what happened and, when applied, what changed."""

    outcome: str  # APPLIED | UNCHANGED | DEFERRED | NONE_PUBLISHED
    version: int | None = None
    added: int = 0
    changed: int = 0
    deactivated: int = 0

    @property
    def applied(self) -> bool:
        """True when this pull changed the desk's catalogue."""
        return self.outcome == APPLIED


def _refused(detail: str) -> SyncFailed:
    # Not retried by the round's backoff: the city has to publish a corrected document.
    return SyncFailed(f"catalogue: {detail}", retry=False, reason=state.BAD_CATALOGUE)


def _text(row: dict[str, Any], name: str, where: str, *, required: bool = False) -> str:
    value = row.get(name, "")
    if not isinstance(value, str):
        raise _refused(f"{where}: {name} must be text")
    if required and not value.strip():
        raise _refused(f"{where}: {name} is required")
    return value.strip()


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _service(row: Any, where: str) -> catalogue.CityService:
    """One row of the document, checked field by field."""
    if not isinstance(row, dict):
        raise _refused(f"{where}: not an object")
    code = row.get("code")
    if not isinstance(code, str) or not CODE.fullmatch(code):
        raise _refused(f"{where}: code {code!r} must be 1-24 letters, digits, '.', '_' or '-'")
    where = f"{where} ({code})"
    name_id = _text(row, "name_id", where, required=True)
    name_en = _text(row, "name_en", where)
    level = row.get("level")
    if level not in catalogue.LEVELS:
        raise _refused(f"{where}: level must be one of {', '.join(catalogue.LEVELS)}")
    note = _text(row, "agency", where, required=True)
    agency = catalogue.agency_for(note)
    if agency is None:
        raise _refused(f"{where}: agency {note!r} names no agency this desk knows")
    sla = row.get("sla_working_days")
    if not _whole(sla) or not 0 <= sla <= MAX_SLA_DAYS:
        raise _refused(f"{where}: sla_working_days must be a whole number 0-{MAX_SLA_DAYS}")
    fee = row.get("fee_idr")
    if fee is not None and (not _whole(fee) or not 0 <= fee < MAX_FEE_IDR):
        raise _refused(f"{where}: fee_idr must be whole rupiah (0 = free) or null (a levy)")
    documents = row.get("required_documents")
    if not isinstance(documents, list) or not all(
        isinstance(d, str) and d.strip() for d in documents
    ):
        raise _refused(f"{where}: required_documents must be a list of document names")
    active = row.get("active", True)
    if not isinstance(active, bool):
        raise _refused(f"{where}: active must be true or false")
    if code == catalogue.OTHER_SERVICE and not active:
        raise _refused(f"{where}: the catch-all service cannot be retired")
    return catalogue.CityService(
        code=code,
        name_id=name_id,
        name_en=name_en,
        level=str(level),
        agency_note=note,
        agency_code=agency,
        sla_working_days=int(sla),
        fee_idr=None if fee is None else int(fee),
        required_documents=tuple(d.strip() for d in documents),
        source=_text(row, "source", where),
        active=active,
    )


def parse_document(body: bytes) -> CityDocument:
    """A served catalogue, every row checked; SyncFailed names the first bad row."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refused("the document is not JSON") from None
    if not isinstance(data, dict):
        raise _refused("the document is not an object")
    version, rows = data.get("version"), data.get("services")
    if not _whole(version) or version < 1:
        raise _refused("version must be a whole number from 1")
    if not isinstance(rows, list) or not rows:
        raise _refused("the document holds no service")
    services = tuple(_service(row, f"service {i}") for i, row in enumerate(rows, start=1))
    repeated = sorted(c for c, n in Counter(s.code for s in services).items() if n > 1)
    if repeated:
        raise _refused(f"code repeated: {', '.join(repeated)}")
    return CityDocument(int(version), hashlib.sha256(body).hexdigest(), services)


def apply_document(db: Database, *, body: bytes, etag: str, now: datetime) -> PullResult:
    """Check a served document and apply it in one transaction (nothing written if refused)."""
    document = parse_document(body)
    if etag.strip('"') not in ("", document.sha256):
        # Served bytes that do not hash to their ETag were damaged on the way: ask again.
        raise SyncFailed(
            "catalogue: the document does not match its ETag", retry=True, reason=state.CUT_OFF
        )
    with db.write() as session:
        if events.day_is_sealed(session, local_day(now)):
            return PullResult(DEFERRED, document.version)
        change = catalogue.apply_city_catalogue(
            session,
            version=document.version,
            etag=etag,
            sha256=document.sha256,
            services=document.services,
            now=now,
        )
    if not change.applied:
        return PullResult(UNCHANGED, document.version)
    logger.info(
        "city catalogue v%s applied: %d added, %d changed, %d deactivated",
        change.version,
        len(change.added),
        len(change.changed),
        len(change.deactivated),
    )
    return PullResult(
        APPLIED,
        change.version,
        added=len(change.added),
        changed=len(change.changed),
        deactivated=len(change.deactivated),
    )


def pull_catalogue(
    db: Database, *, now: datetime, http: requests.Session | None = None
) -> PullResult:
    """Fetch the city's catalogue if it changed since the one applied, and apply it."""
    with db.read() as session:
        sync = state.load(session)
        applied = catalogue.city_catalogue(session)
        sealed = events.day_is_sealed(session, local_day(now))
    if not sync.enrolled:
        raise SyncFailed(NOT_ENROLLED, retry=False, reason=state.NOT_ENROLLED)
    if sync.succession_pending:  # sync_round registers it first (sync/succession.py)
        raise SyncFailed(SUCCESSION_PENDING, retry=True, reason=state.NOT_ENROLLED)
    if sealed:  # the catalogue.applied event cannot be dated on a sealed day
        return PullResult(DEFERRED, applied.version if applied else None)
    headers = {"Authorization": f"Bearer {sync.token}", "Accept": "application/json"}
    if applied is not None and applied.etag:
        headers["If-None-Match"] = applied.etag
    response = city_get(
        http,
        f"{sync.server}/v1/catalogue",
        headers=headers,
        verify=_verify(sync.ca_bundle),
    )
    if response.status_code == 304:
        return PullResult(UNCHANGED, applied.version if applied else None)
    if response.status_code == 404:
        return PullResult(NONE_PUBLISHED)
    if response.status_code != 200:
        raise refused(response, "catalogue")
    return apply_document(db, body=response.content, etag=response.headers.get("ETag", ""), now=now)


@dataclass(frozen=True)
class RoundResult:
    """A whole sync round: the push, then the catalogue and the points rules (None: refused)."""

    push: SyncResult
    catalogue: PullResult | None
    refused: str = ""  # why the city's catalogue or rules were refused (technical detail)
    rules: rules_pull.RulesPullResult | None = None
    office: office_pull.PullResult | None = None  # the other desks' events folded in


def sync_round(db: Database, *, now: datetime, http: requests.Session | None = None) -> RoundResult:
    """Push, pull the other desks' events, the catalogue and the points rules, and push
    what they applied (GUI and CLI).

    A refused document does not fail the round: the events went through, and the city
    has to publish a corrected document. Any other failure raises SyncFailed. A desk
    restored from a backup registers as its predecessor's successor first.
    """
    settled = succession.settle(db, now=now, http=http)
    pushed = push_once(db, now=now, http=http)
    if settled.pushed:  # the predecessor's events the city lacked, sent before the succession
        pushed = replace(
            pushed,
            pushed=pushed.pushed + settled.pushed,
            stored=pushed.stored + settled.stored,
            duplicates=pushed.duplicates + settled.duplicates,
        )
    refused: list[str] = []
    office = office_pull.pull_office(db, now=now, http=http)
    for line in office.refused:  # the round goes on; the result names them
        logger.warning("office chain refused: %s", line)
    pulled: PullResult | None = None
    rules: rules_pull.RulesPullResult | None = None
    try:
        pulled = pull_catalogue(db, now=now, http=http)
    except SyncFailed as exc:
        if exc.reason != state.BAD_CATALOGUE:
            raise
        logger.warning("city catalogue refused: %s", exc)
        refused.append(str(exc))
    try:
        rules = rules_pull.pull_rules(db, now=now, http=http)
    except SyncFailed as exc:
        if exc.reason != state.BAD_CATALOGUE:
            raise
        logger.warning("city points rules refused: %s", exc)
        refused.append(str(exc))
    if (pulled and pulled.applied) or (rules and rules.applied) or office.applied:
        more = push_once(db, now=now, http=http)  # the city learns at once what this desk uses
        pushed = replace(
            more,
            pushed=pushed.pushed + more.pushed,
            stored=pushed.stored + more.stored,
            duplicates=pushed.duplicates + more.duplicates,
            forks=pushed.forks + more.forks,
        )
    return RoundResult(pushed, pulled, "; ".join(refused), rules, office)
