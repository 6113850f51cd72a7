"""Installation facts kept in the `meta` table (office, device, secrets)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.common.errors import NotConfigured
from desk_app.db.models import Meta
from desk_app.db.session_cache import memo
from desk_app.office.meta_keys import APPLICANT_SECRET as APPLICANT_SECRET
from desk_app.office.meta_keys import DEVICE_ID as DEVICE_ID
from desk_app.office.meta_keys import DEVICE_NO as DEVICE_NO
from desk_app.office.meta_keys import OFFICE_CODE as OFFICE_CODE


def all_meta(session: Session) -> dict[str, str]:
    """Every installation fact, read once per transaction."""
    return memo(
        session, ("meta",), lambda: dict(session.execute(select(Meta.key, Meta.value)).all())
    )


def meta_value(session: Session, key: str) -> str:
    """One installation fact; NotConfigured if set-up has not run."""
    value = all_meta(session).get(key)
    if value is None:
        raise NotConfigured("office.not_configured")
    return value
