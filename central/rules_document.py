"""The city's points rules: published by an administrator as versioned documents, pulled by desks.

A document is the whole rule table ({"document": n, "versions": [...]}, each version as
resources/points_rules.json spells it). Points decide allowances, so a publication only
ever adds versions: every version the city already has stays identical, and a new one
takes effect on a Jakarta date after the city's today. The shipped file is document 0
until something is published. The desks check the same rules (desk_app/sync/rules_pull.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.errors import CentralError
from central.store.models import RulesDocument
from desk_app.points import point_rules

JAKARTA = ZoneInfo("Asia/Jakarta")


class BadRulesDocument(CentralError):
    """A rules file that cannot be published; names the field."""

    status = 422
    title = "Bad points rules"


@dataclass(frozen=True)
class Current:
    """The rules document in force at the city: the newest published, else the shipped file."""

    document: int
    sha256: str
    body: str  # canonical JSON
    versions: tuple[point_rules.Rules, ...]

    @property
    def newest_version(self) -> int:
        """The highest rule version the document holds."""
        return self.versions[-1].version


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def parse_file(text: str) -> tuple[point_rules.Rules, ...]:
    """The versions of a rules file (the shipped points_rules.json format), every field checked."""
    try:
        data = json.loads(text)
    except ValueError:
        raise BadRulesDocument("the file is not JSON") from None
    try:
        return point_rules.parse_versions(data)
    except point_rules.BadRules as exc:
        raise BadRulesDocument(str(exc)) from None


def current(session: Session) -> Current:
    """The rules document the city serves and its ledger uses."""
    row = session.scalars(
        select(RulesDocument).order_by(RulesDocument.document.desc()).limit(1)
    ).first()
    if row is None:
        body = point_rules.document_body(0, point_rules.shipped_rules())
        return Current(0, _digest(body), body, point_rules.shipped_rules())
    return Current(row.document, row.sha256, row.body, point_rules.document_versions(row.body)[1])


def publish(
    session: Session, *, versions: tuple[point_rules.Rules, ...], now: datetime
) -> tuple[Current, tuple[int, ...]]:
    """Store the next document; BadRulesDocument if it changes a version or adds one too early."""
    held = current(session)
    today = now.astimezone(JAKARTA).date()
    try:
        added = point_rules.check_extension(held.versions, versions, after=today)
    except point_rules.BadRules as exc:
        raise BadRulesDocument(str(exc)) from None
    if not added:
        raise BadRulesDocument(
            f"versions: no new version (the city holds versions up to {held.newest_version})"
        )
    number = held.document + 1
    body = point_rules.document_body(number, versions)
    digest = _digest(body)
    session.add(RulesDocument(document=number, published_at=now, sha256=digest, body=body))
    session.flush()
    return Current(number, digest, body, versions), tuple(v.version for v in added)
