"""Pulling the city's points rules: fetch them when they changed, check them whole, apply at once.

The desk asks GET /v1/points-rules with the ETag it applied last; 304 means nothing new.
A document is refused whole (SyncFailed, reason state.BAD_CATALOGUE, naming the field)
when it is malformed, changes a version the desk holds, or adds one taking effect on or
before a day the desk has already settled (sealed, or with points recorded): points
already earned never change. A good one is stored in the office's meta with one
points.rules_applied event, in one transaction, and used from then on. Nothing here
runs on the GUI thread.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime

import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.common.workdays import local_day
from desk_app.db.engine import Database
from desk_app.db.models import DayClose, Meta, PointsEntry
from desk_app.db.session_cache import forget
from desk_app.eventlog import events, kinds
from desk_app.points import point_rules
from desk_app.sync import state
from desk_app.sync.client import (
    NOT_ENROLLED,
    SUCCESSION_PENDING,
    SyncFailed,
    _verify,
    city_get,
    refused,
)

logger = logging.getLogger(__name__)

APPLIED = "applied"  # a new rules document was applied
UNCHANGED = "unchanged"  # 304, or the versions served are the ones the desk holds
DEFERRED = "deferred"  # today is sealed: applied on the next working day


@dataclass(frozen=True)
class RulesPullResult:
    """One pull of the points rules: what happened, and the document in use after it."""

    outcome: str  # APPLIED | UNCHANGED | DEFERRED
    document: int
    added: tuple[int, ...] = ()  # the rule versions this pull added

    @property
    def applied(self) -> bool:
        """True when this pull changed the desk's rules."""
        return self.outcome == APPLIED


def _refused(detail: str) -> SyncFailed:
    # Not retried by the round's backoff: the city has to publish a corrected document.
    return SyncFailed(f"points rules: {detail}", retry=False, reason=state.BAD_CATALOGUE)


def parse_document(body: bytes) -> tuple[int, tuple[point_rules.Rules, ...]]:
    """A served rules document (number, versions), every field checked."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refused("the document is not JSON") from None
    number = data.get("document") if isinstance(data, dict) else None
    if not isinstance(number, int) or isinstance(number, bool) or number < 0:
        raise _refused("document: must be a whole number from 0")
    try:
        return number, point_rules.parse_versions(data)
    except point_rules.BadRules as exc:
        raise _refused(str(exc)) from None


def _settled_day(session: Session) -> date:
    """The last day whose points are fixed: the last sealed day, or the last day credited."""
    days = [
        session.scalar(select(func.max(DayClose.day))),
        session.scalar(select(func.max(PointsEntry.day))),
    ]
    return max((d for d in days if d is not None), default=date.min)


def held_rules(session: Session) -> tuple[str | None, tuple[point_rules.Rules, ...]]:
    """The desk's applied rules document (None: the shipped file) and its versions."""
    row = session.get(Meta, point_rules.RULES_KEY)
    if row is None:
        return None, point_rules.shipped_rules()
    try:
        return row.value, point_rules.document_versions(row.value)[1]
    except ValueError:  # BadRules or broken JSON: never build on a damaged document
        raise _refused("the desk's own stored rules do not parse (desk-app verify)") from None


def apply_rules(db: Database, *, body: bytes, etag: str, now: datetime) -> RulesPullResult:
    """Check a served rules document and apply it in one transaction (nothing written if bad)."""
    number, versions = parse_document(body)
    if etag.strip('"') not in ("", hashlib.sha256(body).hexdigest()):
        # Served bytes that do not hash to their ETag were damaged on the way: ask again.
        raise SyncFailed(
            "points rules: the document does not match its ETag", retry=True, reason=state.CUT_OFF
        )
    canonical = point_rules.document_body(number, versions)
    with db.write() as session:
        held_body, held = held_rules(session)
        if held_body == canonical or versions == held:
            return RulesPullResult(UNCHANGED, point_rules.document_in_use())
        if events.day_is_sealed(session, local_day(now)):
            return RulesPullResult(DEFERRED, point_rules.document_in_use())
        try:
            added = point_rules.check_extension(held, versions, after=_settled_day(session))
        except point_rules.BadRules as exc:
            raise _refused(str(exc)) from None
        session.merge(Meta(key=point_rules.RULES_KEY, value=canonical))
        session.merge(Meta(key=point_rules.RULES_ETAG_KEY, value=etag))
        forget(session, ("meta",))
        payload: kinds.PointsRulesAppliedPayload = {
            "document": number,
            "body": canonical,
            "sha256": hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            "etag": etag,
        }
        events.append(
            session, kind=kinds.POINTS_RULES_APPLIED, actor=None, payload=dict(payload), now=now
        )
    point_rules.install(canonical)
    new = tuple(v.version for v in added)
    logger.info("points rules document %s applied: versions %s added", number, new)
    return RulesPullResult(APPLIED, number, new)


def pull_rules(
    db: Database, *, now: datetime, http: requests.Session | None = None
) -> RulesPullResult:
    """Fetch the city's points rules if they changed since the ones applied, and apply them."""
    with db.read() as session:
        sync = state.load(session)
        etag_row = session.get(Meta, point_rules.RULES_ETAG_KEY)
        sealed = events.day_is_sealed(session, local_day(now))
    if not sync.enrolled:
        raise SyncFailed(NOT_ENROLLED, retry=False, reason=state.NOT_ENROLLED)
    if sync.succession_pending:  # sync_round registers it first (sync/succession.py)
        raise SyncFailed(SUCCESSION_PENDING, retry=True, reason=state.NOT_ENROLLED)
    if sealed:  # the points.rules_applied event cannot be dated on a sealed day
        return RulesPullResult(DEFERRED, point_rules.document_in_use())
    headers = {"Authorization": f"Bearer {sync.token}", "Accept": "application/json"}
    if etag_row is not None and etag_row.value:
        headers["If-None-Match"] = etag_row.value
    response = city_get(
        http,
        f"{sync.server}/v1/points-rules",
        headers=headers,
        verify=_verify(sync.ca_bundle),
    )
    if response.status_code == 304:
        return RulesPullResult(UNCHANGED, point_rules.document_in_use())
    if response.status_code != 200:
        raise refused(response, "points rules")
    return apply_rules(db, body=response.content, etag=response.headers.get("ETag", ""), now=now)
