"""The main window's admin tools: the Admin menu, the office settings, "my PIN".

Officers and the catalogue are an admin's; the office settings a lead's or an admin's (in
the lead's menu); every officer may change their own PIN. The use cases check the role
again (PermissionDenied names it): the menu only hides what would be refused.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMenu

from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import Catalogue

if TYPE_CHECKING:
    from desk_app.ui.admin.catalogue_dialog import CatalogueDialog
    from desk_app.ui.admin.officers_dialog import OfficersDialog
    from desk_app.ui.main_window import MainWindow


class AdminTools(QObject):
    """Actions and dialogs of the admin screens, for one main window."""

    def __init__(self, window: MainWindow, *, desk_menu: QMenu) -> None:
        super().__init__(window)
        self._window = window
        self.dialogs: list[QDialog] = []
        self.officers_dialog: OfficersDialog | None = None
        self.catalogue_dialog: CatalogueDialog | None = None
        self.pin_action = window._action(self.tr("Ganti PIN saya…"), "", self.open_own_pin)
        desk_menu.insertAction(window.settings_action, self.pin_action)
        self.settings_action = window._action(
            self.tr("Pengaturan kantor…"), "", self.open_office_settings
        )
        window.lead_menu.addAction(self.settings_action)
        self.menu = window.menuBar().addMenu(self.tr("A&dmin"))
        self.officers_action = window._action(self.tr("Petugas…"), "", self.open_officers)
        self.catalogue_action = window._action(self.tr("Katalog layanan…"), "", self.open_catalogue)
        self.menu.addAction(self.officers_action)
        self.menu.addAction(self.catalogue_action)
        self.show_role(None)

    def show_role(self, officer: OfficerInfo | None) -> None:
        """Show the admin menu to admins, the office settings to leads and admins."""
        admin = officer is not None and officer.is_admin
        self.menu.menuAction().setVisible(admin)
        for action in (self.officers_action, self.catalogue_action):
            action.setVisible(admin)
        self.settings_action.setVisible(officer is not None and officer.is_lead)

    def close_dialogs(self) -> None:
        """The screen locks: an admin's tools stay with the admin."""
        for dialog in list(self.dialogs):
            dialog.reject()

    def _keep(self, dialog: QDialog) -> None:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        if dialog is self.officers_dialog:
            self.officers_dialog = None
        if dialog is self.catalogue_dialog:
            self.catalogue_dialog = None
        dialog.deleteLater()

    def _officer(self, *, admin: bool = False, lead: bool = False) -> OfficerInfo | None:
        officer = self._window.officer
        if officer is None or self._window.stack.currentWidget() is self._window.login:
            return None
        if (admin and not officer.is_admin) or (lead and not officer.is_lead):
            self._window.statusBar().showMessage(
                self.tr("Hanya untuk admin.") if admin else self.tr("Hanya untuk koordinator."),
                15_000,
            )
            return None
        return officer

    def open_officers(self) -> OfficersDialog | None:
        """The officers screen (admins)."""
        admin = self._officer(admin=True)
        if admin is None:
            return None
        from desk_app.ui.admin.officers_dialog import OfficersDialog

        dialog = OfficersDialog(self._window.ctx, admin, self._window)
        dialog.officersChanged.connect(self._window.login.reload_officers)
        self.officers_dialog = dialog
        self._keep(dialog)
        return dialog

    def open_catalogue(self) -> CatalogueDialog | None:
        """The catalogue screen (admins)."""
        admin = self._officer(admin=True)
        if admin is None:
            return None
        from desk_app.ui.admin.catalogue_dialog import CatalogueDialog

        dialog = CatalogueDialog(self._window.ctx, admin, self._window)
        dialog.catalogueChanged.connect(self.catalogue_changed)
        self.catalogue_dialog = dialog
        self._keep(dialog)
        return dialog

    def catalogue_changed(self, catalogue: Catalogue) -> None:
        """Intake offers the admin's catalogue at once; workspaces built later get it too."""
        window = self._window
        window.ctx = replace(window.ctx, catalogue=catalogue)
        if window.workspace is not None:
            window.workspace.intake.set_catalogue(catalogue)

    def open_office_settings(self) -> None:
        """The office settings (leads and admins), opened once their values are read."""
        officer = self._officer(lead=True)
        if officer is None:
            return
        from desk_app.ui.admin.office_settings_dialog import current_settings

        self._window.ctx.ops.read(
            current_settings,
            done=lambda values: self._open_settings(officer, values),
            owner=self,
        )

    def _open_settings(self, officer: OfficerInfo, values: dict[str, str]) -> None:
        from desk_app.ui.admin.office_settings_dialog import OfficeSettingsDialog

        self._keep(OfficeSettingsDialog(self._window.ctx, officer, values, self._window))

    def open_own_pin(self) -> QDialog | None:
        """Change the logged-in officer's own PIN."""
        officer = self._officer()
        if officer is None:
            return None
        from desk_app.ui.admin.pin_dialog import ChoosePinDialog

        ctx = self._window.ctx
        dialog = ChoosePinDialog(
            ctx.ops, clock=ctx.clock, language=ctx.language, officer=officer, parent=self._window
        )
        dialog.succeeded.connect(self._pin_changed)
        self._keep(dialog)
        return dialog

    def _pin_changed(self, _officer: OfficerInfo) -> None:
        self._window.statusBar().showMessage(self.tr("PIN Anda sudah diganti."), 15_000)
