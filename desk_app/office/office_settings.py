"""Office settings kept in the meta table (weekly hours, backup retention, closing time)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from sqlalchemy.orm import Session

from desk_app.common.errors import ValidationError
from desk_app.db.models import Meta
from desk_app.db.session_cache import forget
from desk_app.eventlog import events, kinds
from desk_app.office import officers
from desk_app.office.meta import all_meta

REQUIRED_WEEKLY_HOURS = "required_weekly_hours"
BACKUP_KEEP_DAYS = "backup_keep_days"
OFFICE_CLOSES_AT = "office_closes_at"


def _hours(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(REQUIRED_WEEKLY_HOURS, "settings.weekly_hours_not_number") from None
    if not 0 < value <= 80:
        raise ValidationError(REQUIRED_WEEKLY_HOURS, "settings.weekly_hours_range")
    return f"{value:g}"


def _keep_days(text: str) -> str:
    if not text.strip().isdigit() or not 1 <= int(text) <= 3650:
        raise ValidationError(BACKUP_KEEP_DAYS, "settings.backup_keep_days")
    return str(int(text))


def _closing_time(text: str) -> str:
    try:
        parsed = time.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(OFFICE_CLOSES_AT, "settings.closing_time") from None
    return f"{parsed:%H:%M}"


# key -> (default, normaliser that raises ValidationError naming the key)
SETTINGS: dict[str, tuple[str, Callable[[str], str]]] = {
    REQUIRED_WEEKLY_HOURS: ("37.5", _hours),
    BACKUP_KEEP_DAYS: ("30", _keep_days),
    OFFICE_CLOSES_AT: ("16:00", _closing_time),
}


def setting(session: Session, key: str) -> str:
    """A setting's value, or its default when never changed."""
    return all_meta(session).get(key, SETTINGS[key][0])


def required_weekly_hours(session: Session) -> float:
    """Hours an officer must work per week (flexible hours: when does not matter)."""
    return float(setting(session, REQUIRED_WEEKLY_HOURS))


def backup_keep_days(session: Session) -> int:
    """How many days of backups `backup.prune` keeps."""
    return int(setting(session, BACKUP_KEEP_DAYS))


def office_closes_at(session: Session) -> time:
    """Local time after which a lead may close today."""
    return time.fromisoformat(setting(session, OFFICE_CLOSES_AT))


def change_setting(session: Session, *, actor_id: str, key: str, value: str, now: datetime) -> str:
    """A lead or admin changes a setting; logged as a `setting.changed` event; caller commits."""
    officers.require_role(session, officer_id=actor_id, roles=officers.LEAD_ROLES)
    if key not in SETTINGS:
        raise ValidationError("key", "settings.unknown", key=key)
    normalised = SETTINGS[key][1](str(value))
    events.append(
        session,
        kind=kinds.SETTING_CHANGED,
        actor=actor_id,
        payload={"key": key, "value": normalised},
        now=now,
    )
    session.merge(Meta(key=key, value=normalised))
    session.flush()
    forget(session, ("meta",))
    return normalised
