"""The office settings a lead or admin may change: closing time, weekly hours, backups.

Each field runs the setting's own check (office/office_settings.py) as it is typed; a
problem on saving shows under the field it names. Every changed value is one
`setting.changed` event, all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from desk_app.office import office_settings, officers
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.widgets.field import ValidatedField
from desk_app.ui.widgets.form_dialog import FormDialog


def current_settings(session: Session) -> dict[str, str]:
    """Every office setting's value (defaults included)."""
    return {key: office_settings.setting(session, key) for key in office_settings.SETTINGS}


@dataclass(frozen=True)
class SettingsChange:
    """The typed values by setting key; only those that differ are saved."""

    actor_id: str
    values: tuple[tuple[str, str], ...]
    before: tuple[tuple[str, str], ...]


class OfficeSettingsDialog(FormDialog[SettingsChange, dict[str, str]]):
    """Closing time, weekly hours required and days of backups kept."""

    def __init__(
        self,
        ctx: DeskContext,
        officer: OfficerInfo,
        values: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx.ops,
            clock=ctx.clock,
            language=ctx.language,
            title=self.tr("Pengaturan kantor"),
            heading=self.tr("Berlaku untuk semua petugas kantor ini; setiap perubahan dicatat."),
            parent=parent,
        )
        self._officer = officer
        self._before = dict(values)
        labels = {
            office_settings.OFFICE_CLOSES_AT: (self.tr("Jam tutup kantor"), "16:00"),
            office_settings.REQUIRED_WEEKLY_HOURS: (self.tr("Jam kerja wajib per minggu"), "37.5"),
            office_settings.BACKUP_KEEP_DAYS: (self.tr("Simpan cadangan (hari)"), "30"),
        }
        for key, (label, hint) in labels.items():
            check = office_settings.SETTINGS[key][1]
            field = ValidatedField(check, placeholder=hint, language=ctx.language)
            field.set_text(values.get(key, ""))
            self.add_field(key, label, field)

    def read(self) -> SettingsChange:
        """The typed values."""
        return SettingsChange(
            actor_id=self._officer.id,
            values=tuple((key, field.text()) for key, field in self.fields.items()),
            before=tuple(self._before.items()),
        )

    def apply(self, session: Session, change: SettingsChange, now: datetime) -> dict[str, str]:
        """Save each changed value (`setting.changed`); returns every value after."""
        officers.require_role(session, officer_id=change.actor_id, roles=officers.LEAD_ROLES)
        before = dict(change.before)
        for key, value in change.values:
            if value.strip() != before.get(key):
                office_settings.change_setting(
                    session, actor_id=change.actor_id, key=key, value=value, now=now
                )
        return current_settings(session)
