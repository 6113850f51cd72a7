"""The main window: menus with shortcuts, the login/lock page, the workspace and a status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from desk_app.common.formatting import date_long
from desk_app.common.messages import render
from desk_app.demo_facts import DEMO_PIN
from desk_app.office.officers import OfficerInfo
from desk_app.ui.admin.menu import AdminTools
from desk_app.ui.context import DeskContext
from desk_app.ui.formatting import level_label, role_label
from desk_app.ui.idle import IdleWatcher
from desk_app.ui.login import LoginPage
from desk_app.ui.screen_fit import fit_to_screen
from desk_app.ui.shift import ShiftTracker
from desk_app.ui.sync_status import ElidedLabel, SyncIndicator
from desk_app.ui.sync_worker import SyncWorker

# The workspace, the hours dialog and the day-close wizard (with receipts, reports and
# their libraries) load when first opened, not before the login page: a quick start-up.
if TYPE_CHECKING:
    from desk_app.ui.city_figures import CityFiguresDialog
    from desk_app.ui.closing.wizard import DayCloseWizard
    from desk_app.ui.hours_dialog import HoursDialog
    from desk_app.ui.workspace import Workspace

logger = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Login page until an officer signs in, then their workspace; locks when idle."""

    officerChanged = Signal(object)
    screenLocked = Signal()

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None = None,
        *,
        sync: SyncWorker | None = None,
        login: LoginPage | None = None,
    ) -> None:
        """`login` is the page start-up showed before the database opened (it keeps its PIN)."""
        super().__init__(parent)
        self.ctx = ctx
        self.officer: OfficerInfo | None = None
        self.workspace: Workspace | None = None
        self.hours_dialog: HoursDialog | None = None
        self.day_close: DayCloseWizard | None = None
        self.setWindowTitle(self.tr("Loket — %1").replace("%1", ctx.desk.office_name))
        fit_to_screen(self)
        office = f"{level_label(ctx.desk.office_level)} {ctx.desk.office_name}"
        adopted = login is not None
        self.login = login or LoginPage(
            ctx.ops,
            clock=ctx.clock,
            office_name=office,
            demo_pin=DEMO_PIN if ctx.demo else "",
            language=ctx.language,
            parent=self,
        )
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.login)
        self.setCentralWidget(self.stack)
        # Each shortens to "…" (whole text in its tooltip) when large text fills the bar.
        self.officer_label = ElidedLabel(self)
        self.office_label = ElidedLabel(self)
        self._set_status(self.office_label, office, tip=f"{office} ({ctx.desk.office_code})")
        self.date_label = QLabel(self)  # short enough to keep whole: the others give way
        # Sync with the city runs in the background (a test may hand in its own worker).
        self.sync = sync or SyncWorker(ctx)
        self.sync.setParent(self)
        self.sync_label = SyncIndicator(ctx, self.sync, self)
        self.shift = ShiftTracker(ctx, self)
        self.shift.messageReported.connect(self._show_error)
        self.shift.clockedIn.connect(lambda _shift: self.sync.refresh())
        self.shift.clockedOut.connect(lambda _shift: self.sync.refresh())
        labels = (self.officer_label, self.shift.label, self.office_label, self.date_label)
        for label in labels:
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        self.statusBar().addPermanentWidget(self.sync_label)
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self._show_date)
        self._clock.timeout.connect(self.shift.tick)
        self._clock.start()
        self._show_date()
        self._show_officer()
        self.idle = IdleWatcher(ctx.settings.idle_lock_minutes, self)
        self.idle.idled.connect(self.lock)
        self.idle.pause()
        self.work_actions: list[QAction] = []
        self._build_menus()
        self.login.loggedIn.connect(self._on_logged_in)
        ctx.ops.errorReported.connect(self._show_error)
        if adopted:
            self.login.attach(ctx.ops)  # its roster is fresh and its PIN field is in use
        else:
            self.login.reload_officers()
            self.login.prepare()
        self._set_working(False)
        self.sync.start()

    # -- menus -----------------------------------------------------------------------------

    def _action(
        self, text: str, key: str, slot: Callable[[], object], *, work: bool = True
    ) -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setToolTip(
                f"{text} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})"
            )
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        if work:
            self.work_actions.append(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        desk = bar.addMenu(self.tr("&Loket"))
        self.intake_action = self._action(self.tr("Penerimaan baru"), "F2", self.show_intake)
        self.queue_action = self._action(self.tr("Antrean kerja"), "F3", self.show_queue)
        self.points_action = self._action(self.tr("Poin"), "F4", self.show_points)
        self.search_action = self._action(self.tr("Cari berkas…"), "Ctrl+K", self.open_search)
        self.refresh_action = self._action(self.tr("Muat ulang"), "Ctrl+R", self.refresh)
        self.call_action = self._action(self.tr("Panggil berikutnya"), "F5", self.call_next)
        self.lock_action = self._action(self.tr("Kunci layar"), "Ctrl+L", self.lock)
        self.switch_action = self._action(
            self.tr("Ganti petugas"), "Ctrl+Shift+L", self.switch_officer
        )
        for action in (self.lock_action, self.switch_action):
            # Locking must work from any window of the desk, dialogs included.
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.settings_action = self._action(
            self.tr("Pengaturan…"), "Ctrl+,", self.open_settings, work=False
        )
        self.sync_action = self._action(
            self.tr("Sinkronkan sekarang"), "F12", self.sync_now, work=False
        )
        self.quit_action = self._action(self.tr("Keluar"), "Ctrl+Q", self.quit, work=False)
        for action in (self.intake_action, self.queue_action, self.points_action):
            desk.addAction(action)
        desk.addSeparator()
        self.clock_action = self._action(self.tr("Absen masuk"), "F8", self.shift.toggle)
        self.shift.action = self.clock_action
        self.hours_action = self._action(self.tr("Jam kerja…"), "F7", self.open_hours)
        desk.addAction(self.clock_action)
        desk.addAction(self.hours_action)
        desk.addSeparator()
        desk.addAction(self.search_action)
        desk.addAction(self.refresh_action)
        desk.addAction(self.call_action)
        desk.addSeparator()
        for action in (self.lock_action, self.switch_action, self.settings_action):
            desk.addAction(action)
        desk.addAction(self.sync_action)
        desk.addSeparator()
        desk.addAction(self.quit_action)
        intake = bar.addMenu(self.tr("&Penerimaan"))
        self.save_action = self._action(self.tr("Simpan"), "Ctrl+S", self._save_intake)
        self.new_action = self._action(self.tr("Formulir baru"), "Ctrl+N", self._new_intake)
        self.check_all_action = self._action(
            self.tr("Centang semua dokumen"), "Ctrl+D", self._check_all
        )
        for action in (self.save_action, self.new_action, self.check_all_action):
            intake.addAction(action)
        self.task_menu = bar.addMenu(self.tr("&Berkas"))
        self.lead_menu = bar.addMenu(self.tr("&Koordinator"))
        self.dashboard_action = self._action(self.tr("Dasbor kantor"), "F6", self.show_dashboard)
        self.day_close_action = self._action(self.tr("Tutup hari…"), "F9", self.open_day_close)
        self.lead_menu.addAction(self.dashboard_action)
        self.lead_menu.addAction(self.day_close_action)
        self.city_figures_action = self._action(
            self.tr("Angka kota untuk kantor ini…"), "", self.show_city_figures
        )
        self.lead_menu.addAction(self.city_figures_action)
        self.admin = AdminTools(self, desk_menu=desk)  # the Admin menu, settings, own PIN
        self._show_role(None)
        help_menu = bar.addMenu(self.tr("Ba&ntuan"))
        help_menu.addAction(
            self._action(self.tr("Pintasan keyboard"), "F1", self.show_shortcuts, work=False)
        )

    # -- navigation ------------------------------------------------------------------------

    def show_intake(self) -> None:
        """F2."""
        if self.workspace is not None:
            self.workspace.show_intake()

    def show_queue(self) -> None:
        """F3."""
        if self.workspace is not None:
            self.workspace.show_queue()

    def show_points(self) -> None:
        """F4."""
        if self.workspace is not None:
            self.workspace.show_points()

    def open_search(self) -> None:
        """Ctrl+K."""
        if self.workspace is not None:
            self.workspace.open_search()

    def call_next(self) -> None:
        """F5: the next queue ticket to this counter."""
        if self.workspace is not None:
            self.workspace.call_next()

    def refresh(self) -> None:
        """Ctrl+R."""
        if self.workspace is not None:
            self.workspace.refresh()

    def _save_intake(self) -> None:
        if self.workspace is not None:
            self.workspace.show_intake()
            self.workspace.intake.save()

    def _new_intake(self) -> None:
        if self.workspace is not None:
            self.workspace.show_intake()
            self.workspace.intake.new_form()

    def _check_all(self) -> None:
        if self.workspace is not None and self.workspace.currentWidget() is self.workspace.intake:
            self.workspace.intake.check_all_documents()

    # -- login and lock --------------------------------------------------------------------

    def lock(self) -> None:
        """Hide the work behind the PIN screen (Ctrl+L or idle time)."""
        if self.officer is None or self.stack.currentWidget() is self.login:
            return
        if self.workspace is not None:
            # Nothing of the last applicant stays on screen for the next person at the desk.
            if self.workspace.search_dialog is not None:
                self.workspace.search_dialog.hide()
            if self.workspace.detail.dialog is not None:
                self.workspace.detail.dialog.reject()
            self.workspace.receipts.close_dialogs()  # a preview shows the applicant's data
        self.shift.close_prompt()
        for dialog in (self.hours_dialog, self.day_close):
            if dialog is not None:
                dialog.reject()  # a lead's tools stay with the lead
        self.admin.close_dialogs()
        self.login.prepare(locked_by=self.officer)
        self.stack.setCurrentWidget(self.login)
        self._set_working(False)
        self.idle.pause()
        self.screenLocked.emit()

    def switch_officer(self) -> None:
        """Offer to clock out, lock and let another officer pick their name (Ctrl+Shift+L)."""
        if self.officer is None or self.stack.currentWidget() is self.login:
            self.login.officer_box.setFocus()
            return
        self.shift.offer_clock_out(self._hand_over_desk)

    def _hand_over_desk(self) -> None:
        self.lock()
        self.login.officer_box.setFocus()

    def quit(self) -> None:
        """Offer to clock out, then close the desk (Ctrl+Q)."""
        if self.officer is None or self.stack.currentWidget() is self.login:
            self.close()
        else:
            self.shift.offer_clock_out(self.close)

    def _on_logged_in(self, officer: OfficerInfo) -> None:
        fresh = self.workspace is None or self.officer is None or self.officer.id != officer.id
        if fresh or self.workspace is None:
            # Another officer: a fresh workspace, so nothing typed for the last one shows.
            if self.workspace is not None:
                self.stack.removeWidget(self.workspace)
                self.workspace.deleteLater()
            from desk_app.ui.workspace import Workspace

            self.workspace = Workspace(self.ctx, officer, self)
            # New events: the status bar counts what waits for the city again.
            self.workspace.intake.taskSaved.connect(lambda _task: self.sync.refresh())
            self.workspace.detail.taskChanged.connect(lambda _task: self.sync.refresh())
            self.stack.addWidget(self.workspace)
            self.task_menu.clear()
            for action in self.workspace.detail.step_actions.values():
                self.task_menu.addAction(action)
            self.officer = officer
            self.officerChanged.emit(officer)
            self.shift.start(officer, offer_clock_in=True)
            self._show_role(officer)
        self.stack.setCurrentWidget(self.workspace)
        self._show_officer()
        self._set_working(True)
        self.idle.set_timeout_ms(self.ctx.settings.idle_lock_minutes * 60_000)
        if fresh:
            self.workspace.show_intake()

    def _set_working(self, working: bool) -> None:
        for action in self.work_actions:
            action.setEnabled(working)
        self.task_menu.setEnabled(working)
        if self.workspace is not None:
            self.workspace.detail.set_active(
                working and self.workspace.currentWidget() is self.workspace.detail
            )

    # -- attendance and the lead's tools ---------------------------------------------------

    def open_hours(self) -> HoursDialog | None:
        """This week's working hours; leads see every officer (F7)."""
        if self.officer is None:
            return None
        if self.hours_dialog is None:
            from desk_app.ui.hours_dialog import HoursDialog

            dialog = HoursDialog(self.ctx, self.officer, self)
            dialog.sessionCorrected.connect(lambda _shift: self.shift.reload())
            dialog.finished.connect(self._hours_closed)
            self.hours_dialog = dialog
        self.hours_dialog.show()
        self.hours_dialog.raise_()
        self.hours_dialog.activateWindow()
        return self.hours_dialog

    def _hours_closed(self) -> None:
        if self.hours_dialog is not None:
            self.hours_dialog.deleteLater()
            self.hours_dialog = None

    def _show_role(self, officer: OfficerInfo | None) -> None:
        """The lead's menu and shortcuts exist only for leads and admins."""
        lead = officer is not None and officer.is_lead
        self.lead_menu.menuAction().setVisible(lead)
        for action in (self.dashboard_action, self.day_close_action, self.city_figures_action):
            action.setVisible(lead)
        self.admin.show_role(officer)

    def show_dashboard(self) -> None:
        """The office dashboard (F6, leads)."""
        if self.workspace is not None and self.workspace.show_dashboard() is None:
            self._show_error(self.tr("Dasbor kantor hanya untuk koordinator atau admin."))

    def show_city_figures(self) -> CityFiguresDialog | None:
        """The city's figures for this office, read-only (leads; needs the city server)."""
        if self.officer is None or not self.officer.is_lead:
            self._show_error(self.tr("Angka kota hanya untuk koordinator atau admin."))
            return None
        from desk_app.ui.city_figures import CityFiguresDialog

        dialog = CityFiguresDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.refresh()
        return dialog

    def open_day_close(self) -> DayCloseWizard | None:
        """The day-close wizard (F9); refused for officers who are not leads."""
        if (
            self.officer is None
            or self.workspace is None
            or self.stack.currentWidget() is self.login
        ):
            return None
        if not self.officer.is_lead:
            self._show_error(self.tr("Tutup hari hanya untuk koordinator atau admin."))
            return None
        if self.day_close is None:
            from desk_app.ui.closing.wizard import DayCloseWizard

            wizard = DayCloseWizard(self.ctx, self.officer, self.workspace.receipts, self)
            wizard.taskOpenRequested.connect(self.workspace.open_task)
            self.workspace.detail.taskChanged.connect(wizard.recheck)
            wizard.daySealed.connect(self._day_sealed)
            wizard.finished.connect(self._day_close_closed)
            self.day_close = wizard
        self.day_close.show()
        self.day_close.raise_()
        self.day_close.activateWindow()
        return self.day_close

    def _day_sealed(self, close: object) -> None:
        self.statusBar().showMessage(self.tr("Hari ditutup dan disegel."), 15_000)
        self.shift.reload()
        self.sync.request()  # the sealed day goes to the city at once

    def _day_close_closed(self) -> None:
        if self.day_close is not None:
            self.day_close.deleteLater()
            self.day_close = None

    # -- status bar, dialogs ---------------------------------------------------------------

    def _show_date(self) -> None:
        today, language = self.ctx.today(), self.ctx.language
        whole = date_long(today, language, weekday=True)
        # Large text: the weekday only in the tooltip, so the bar keeps room for the rest.
        shown = whole if self.ctx.settings.text_size == 100 else date_long(today, language)
        self._set_status(self.date_label, shown, tip=whole)

    def _show_officer(self) -> None:
        if self.officer is None:
            self._set_status(self.officer_label, self.tr("Belum masuk"))
        else:
            name = f"{self.officer.name} ({role_label(self.officer.role)})"
            self._set_status(self.officer_label, name)

    @staticmethod
    def _set_status(label: QLabel, text: str, *, tip: str = "") -> None:
        if isinstance(label, ElidedLabel):
            label.set_full_text(text)
        else:
            label.setText(text)
        label.setToolTip(tip or text)

    def _show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 15_000)

    def sync_now(self) -> None:
        """Send what waits to the city now, even after a failure that stopped sync (F12)."""
        status = self.sync.status
        if status is not None and not status.enrolled:
            self._show_error(render("sync.not_enrolled", self.ctx.language))
            return
        self.sync.sync_now()

    def open_settings(self) -> None:
        """Edit the settings."""
        from desk_app.ui.settings_dialog import SettingsDialog  # loads on first use

        desk = self.ctx.desk
        dialog = SettingsDialog(
            self.ctx.settings,
            self.ctx.ops,
            self,
            sync_changed=self.sync.settings_changed,
            printers=self.ctx.printers,
            spooler=self.ctx.spooler,
            office=(f"PTSP {desk.office_name}", desk.office_code),
        )
        dialog.accepted.connect(self._settings_changed)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _settings_changed(self) -> None:
        if self.stack.currentWidget() is not self.login:
            self.idle.set_timeout_ms(self.ctx.settings.idle_lock_minutes * 60_000)

    def show_shortcuts(self) -> None:
        """List the keyboard shortcuts."""
        lines = [
            f"<tr><td><b>{a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}</b>"
            f"</td><td>{a.text().replace('&', '')}</td></tr>"
            for a in self.actions()
            + (list(self.workspace.detail.step_actions.values()) if self.workspace else [])
            if not a.shortcut().isEmpty() and a.isVisible()
        ]
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Pintasan keyboard"))
        box.setText("<table cellspacing='6'>" + "".join(lines) + "</table>")
        box.setStandardButtons(QMessageBox.StandardButton.NoButton)
        box.addButton(self.tr("Tutup"), QMessageBox.ButtonRole.AcceptRole)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Let running saves finish before the window goes."""
        self.idle.pause()
        self.sync.stop()
        if self.ctx.ops.pending:
            self.statusBar().showMessage(self.tr("Menunggu penyimpanan selesai…"))
            self.ctx.ops.wait(30_000)
        event.accept()
