"""An officer chooses a new PIN: from the menu, or at log-in after an admin's reset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget
from sqlalchemy.orm import Session

from desk_app.common.clock import Clock
from desk_app.common.errors import ValidationError
from desk_app.common.validation import validate_pin
from desk_app.office import officers
from desk_app.office.officers import OfficerInfo
from desk_app.ui.operations import Operations
from desk_app.ui.widgets.field import ValidatedField
from desk_app.ui.widgets.form_dialog import FormDialog


@dataclass(frozen=True)
class PinChange:
    """The officer's current PIN and the new one, typed twice."""

    officer_id: str
    current_pin: str
    new_pin: str
    repeated: str


def _pin_field(language: str) -> ValidatedField:
    field = ValidatedField(validate_pin, placeholder="6-12 digit", language=language)
    field.edit.setEchoMode(QLineEdit.EchoMode.Password)
    field.edit.setMaxLength(12)
    field.edit.setValidator(QRegularExpressionValidator(r"\d{0,12}", field.edit))
    return field


class ChoosePinDialog(FormDialog[PinChange, OfficerInfo]):
    """New PIN twice; the current PIN too, unless log-in just checked it (`current_pin`)."""

    def __init__(
        self,
        ops: Operations,
        *,
        clock: Clock,
        language: str,
        officer: OfficerInfo,
        current_pin: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        forced = current_pin is not None
        heading = (
            self.tr("%1: pilih PIN baru Anda sendiri sebelum mulai bekerja.")
            if forced
            else self.tr("%1: ganti PIN Anda.")
        ).replace("%1", officer.name)
        super().__init__(
            ops,
            clock=clock,
            language=language,
            title=self.tr("PIN baru"),
            heading=heading,
            ok_text=self.tr("Simpan PIN"),
            parent=parent,
        )
        self._officer = officer
        self._known_pin = current_pin
        self.current = ValidatedField(language=language)  # a wrong one is refused on saving
        self.current.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new = _pin_field(language)
        self.repeated = _pin_field(language)
        if not forced:
            self.add_field("current_pin", self.tr("PIN sekarang"), self.current)
        else:
            self.current.hide()
        self.add_field("pin", self.tr("PIN baru"), self.new)
        self.add_field("repeated", self.tr("Ulangi PIN baru"), self.repeated)

    def read(self) -> PinChange:
        """The typed PINs."""
        return PinChange(
            officer_id=self._officer.id,
            current_pin=self._known_pin if self._known_pin is not None else self.current.text(),
            new_pin=self.new.text(),
            repeated=self.repeated.text(),
        )

    def apply(self, session: Session, change: PinChange, now: datetime) -> OfficerInfo:
        """Check the repeat, then store the new PIN (`officer.pin_set`)."""
        validate_pin(change.new_pin)  # field "pin": the new PIN's
        if change.repeated != change.new_pin:
            raise ValidationError("repeated", "pin.mismatch")
        return officers.change_own_pin(
            session,
            officer_id=change.officer_id,
            current_pin=change.current_pin,
            new_pin=change.new_pin,
            now=now,
        )
