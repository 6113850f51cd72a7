"""The admin's small forms for one officer: add, role, deactivate, reset PIN."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget
from sqlalchemy.orm import Session

from desk_app.common.validation import validate_name, validate_nip, validate_pin
from desk_app.office import officers
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.formatting import role_label
from desk_app.ui.widgets.field import ValidatedField
from desk_app.ui.widgets.form_dialog import FormDialog


def _role_box(parent: QWidget, current: str) -> QComboBox:
    box = QComboBox(parent)
    for role in officers.ROLES:
        box.addItem(role_label(role), role)
    box.setCurrentIndex(officers.ROLES.index(current))
    return box


def _one_time_pin(language: str) -> ValidatedField:
    field = ValidatedField(validate_pin, placeholder="6-12 digit", language=language)
    field.edit.setEchoMode(QLineEdit.EchoMode.Password)
    field.edit.setMaxLength(12)
    field.edit.setValidator(QRegularExpressionValidator(r"\d{0,12}", field.edit))
    return field


@dataclass(frozen=True)
class NewOfficer:
    """A new officer with a one-time PIN, or none."""

    admin_id: str
    nip: str
    name: str
    role: str
    pin: str | None


class AddOfficerDialog(FormDialog[NewOfficer, OfficerInfo]):
    """NIP, name, role and a one-time PIN (or none); the officer chooses their own later."""

    def __init__(self, ctx: DeskContext, admin: OfficerInfo, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx.ops,
            clock=ctx.clock,
            language=ctx.language,
            title=self.tr("Tambah petugas"),
            heading=self.tr(
                "PIN ini hanya sekali pakai: petugas memilih PIN sendiri saat pertama masuk. "
                "Tanpa PIN, siapa pun yang memilih nama ini di loket yang memilih PIN-nya: "
                "pakai hanya bila petugasnya ada di sini."
            ),
            ok_text=self.tr("Tambah"),
            parent=parent,
        )
        self._admin = admin
        self.nip = self.add_field(
            "nip", self.tr("NIP"), ValidatedField(validate_nip, language=ctx.language)
        )
        self.name = self.add_field(
            "name", self.tr("Nama"), ValidatedField(validate_name, language=ctx.language)
        )
        self.role_box = _role_box(self, "officer")
        self.add_row(self.tr("Peran"), self.role_box)
        self.pin = self.add_field("pin", self.tr("PIN sekali pakai"), _one_time_pin(ctx.language))
        self.no_pin_box = QCheckBox(self.tr("Tanpa PIN (dipilih petugas saat masuk)"), self)
        self.add_row("", self.no_pin_box)
        self.no_pin_box.toggled.connect(self.pin.setDisabled)

    def read(self) -> NewOfficer:
        """The typed officer."""
        return NewOfficer(
            admin_id=self._admin.id,
            nip=self.nip.text(),
            name=self.name.text(),
            role=str(self.role_box.currentData()),
            pin=None if self.no_pin_box.isChecked() else self.pin.text(),
        )

    def apply(self, session: Session, change: NewOfficer, now: datetime) -> OfficerInfo:
        """Add the officer (`officer.created`, must choose a PIN)."""
        return officers.create_officer(
            session,
            actor_id=change.admin_id,
            nip=change.nip,
            name=change.name,
            role=change.role,
            pin=change.pin,
            must_change_pin=True,
            now=now,
        )


@dataclass(frozen=True)
class RoleChange:
    """Another role for one officer."""

    admin_id: str
    officer_id: str
    role: str


class RoleDialog(FormDialog[RoleChange, OfficerInfo]):
    """Pick another role (`officer.role_changed`)."""

    def __init__(
        self,
        ctx: DeskContext,
        admin: OfficerInfo,
        target: OfficerInfo,
        parent: QWidget | None = None,
    ):
        super().__init__(
            ctx.ops,
            clock=ctx.clock,
            language=ctx.language,
            title=self.tr("Ubah peran"),
            heading=f"<b>{target.name}</b> ({target.nip})",
            parent=parent,
        )
        self._ids = (admin.id, target.id)
        self.role_box = _role_box(self, target.role)
        self.add_row(self.tr("Peran"), self.role_box)

    def read(self) -> RoleChange:
        """The chosen role."""
        return RoleChange(*self._ids, role=str(self.role_box.currentData()))

    def apply(self, session: Session, change: RoleChange, now: datetime) -> OfficerInfo:
        """Change the role."""
        return officers.change_role(
            session,
            actor_id=change.admin_id,
            officer_id=change.officer_id,
            role=change.role,
            now=now,
        )


@dataclass(frozen=True)
class Deactivation:
    """Stop one officer from logging in, and why."""

    admin_id: str
    officer_id: str
    reason: str


class DeactivateDialog(FormDialog[Deactivation, OfficerInfo]):
    """The reason an officer may no longer log in (their history stays)."""

    def __init__(
        self,
        ctx: DeskContext,
        admin: OfficerInfo,
        target: OfficerInfo,
        parent: QWidget | None = None,
    ):
        super().__init__(
            ctx.ops,
            clock=ctx.clock,
            language=ctx.language,
            title=self.tr("Nonaktifkan petugas"),
            heading=f"<b>{target.name}</b> ({target.nip})",
            ok_text=self.tr("Nonaktifkan"),
            parent=parent,
        )
        self._ids = (admin.id, target.id)
        self.reason = self.add_field(
            "reason", self.tr("Alasan"), ValidatedField(language=ctx.language)
        )

    def read(self) -> Deactivation:
        """The typed reason."""
        return Deactivation(*self._ids, reason=self.reason.text())

    def apply(self, session: Session, change: Deactivation, now: datetime) -> OfficerInfo:
        """Deactivate (`officer.deactivated`)."""
        return officers.deactivate_officer(
            session,
            actor_id=change.admin_id,
            officer_id=change.officer_id,
            reason=change.reason,
            now=now,
        )


@dataclass(frozen=True)
class PinReset:
    """A one-time PIN for one officer, or none."""

    admin_id: str
    officer_id: str
    pin: str | None


class ResetPinDialog(FormDialog[PinReset, OfficerInfo]):
    """A one-time PIN (or none); the officer must choose their own at the next log-in."""

    def __init__(
        self,
        ctx: DeskContext,
        admin: OfficerInfo,
        target: OfficerInfo,
        parent: QWidget | None = None,
    ):
        super().__init__(
            ctx.ops,
            clock=ctx.clock,
            language=ctx.language,
            title=self.tr("Reset PIN"),
            heading=self.tr(
                "%1: PIN sekali pakai; saat masuk berikutnya petugas wajib memilih PIN baru. "
                "Kunci akibat PIN salah ikut dibuka."
            ).replace("%1", f"<b>{target.name}</b>"),
            ok_text=self.tr("Reset PIN"),
            parent=parent,
        )
        self._ids = (admin.id, target.id)
        self.pin = self.add_field("pin", self.tr("PIN sekali pakai"), _one_time_pin(ctx.language))
        self.no_pin_box = QCheckBox(self.tr("Tanpa PIN (dipilih petugas saat masuk)"), self)
        self.add_row("", self.no_pin_box)
        self.no_pin_box.toggled.connect(self.pin.setDisabled)

    def read(self) -> PinReset:
        """The one-time PIN, or None."""
        return PinReset(*self._ids, pin=None if self.no_pin_box.isChecked() else self.pin.text())

    def apply(self, session: Session, change: PinReset, now: datetime) -> OfficerInfo:
        """Reset (`officer.pin_set`, must change)."""
        return officers.reset_pin(
            session,
            actor_id=change.admin_id,
            officer_id=change.officer_id,
            pin=change.pin,
            now=now,
        )
