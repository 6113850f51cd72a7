"""Issue 11 through real widgets: officers, office settings, catalogue, one's own PIN."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from desk_app.common.paths import database_path
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from desk_app.office import catalogue, office_settings, officers
from desk_app.ui.admin.catalogue_dialog import CatalogueDialog
from desk_app.ui.admin.officers_dialog import OfficersDialog
from desk_app.ui.main_window import MainWindow
from desk_app.ui.widgets.form_dialog import FormDialog
from desk_app.ui.workspace import Workspace
from tests.conftest import ADMIN_NIP, LEAD_NIP, OFFICE_CODE, OFFICER_NIP, PIN, Office
from tests.helpers import receive
from tests.ui.conftest import wait_idle

NEW_NIP = "199505052020121004"
ONE_TIME = "264810"
CHOSEN = "730518"
LogIn = Callable[[MainWindow, str], Workspace]


def kinds_logged(folder: Path, kind: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(database_path(folder))
    try:
        rows = conn.execute("SELECT payload FROM events WHERE kind = ? ORDER BY seq", (kind,))
        return [json.loads(p) for (p,) in rows.fetchall()]
    finally:
        conn.close()


def clean(folder: Path) -> None:
    report = verify_database(database_path(folder))
    assert report.ok, report.problems


def submit(qtbot: QtBot, form: FormDialog[Any, Any], *, ok: bool = True) -> None:
    """Press OK and wait for the save: closed when it worked, an error shown when not."""
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    if ok:
        qtbot.waitUntil(lambda: not isValid(form) or not form.isVisible(), timeout=10_000)
    else:
        qtbot.waitUntil(form.ok_button.isEnabled, timeout=10_000)


def officers_screen(qtbot: QtBot, window: MainWindow) -> OfficersDialog:
    dialog = window.admin.open_officers()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() >= 3)
    return dialog


def roster(window: MainWindow) -> list[str]:
    return [window.login.officer_box.itemText(i) for i in range(window.login.officer_box.count())]


def test_a_new_officer_is_on_the_login_list_at_once(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: LogIn
) -> None:
    log_in(window, ADMIN_NIP)
    assert window.admin.menu.menuAction().isVisible()
    screen = officers_screen(qtbot, window)
    form = screen.add_officer()
    qtbot.keyClicks(form.nip.edit, NEW_NIP)
    qtbot.keyClicks(form.name.edit, "Rina Marlina")
    qtbot.keyClicks(form.pin.edit, ONE_TIME)
    submit(qtbot, form)
    qtbot.waitUntil(lambda: window.login.officer_box.count() == 4)
    assert any("Rina Marlina" in line for line in roster(window))
    qtbot.waitUntil(lambda: screen.model.rowCount() == 4)
    assert "harus memilih PIN baru" in " ".join(screen.model.column(3))
    (created,) = [
        p for p in kinds_logged(desk.folder, kinds.OFFICER_CREATED) if p["nip"] == NEW_NIP
    ]
    assert created["must_change"] is True
    clean(desk.folder)


def test_a_reset_pin_makes_the_officer_choose_one_before_working(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: LogIn
) -> None:
    log_in(window, ADMIN_NIP)
    screen = officers_screen(qtbot, window)
    screen.select(desk.officer.id)
    form = screen.reset_pin()
    assert form is not None
    qtbot.keyClicks(form.pin.edit, ONE_TIME)  # type: ignore[attr-defined]
    submit(qtbot, form)
    wait_idle(qtbot, window.ctx.ops)
    window.lock()
    assert not screen.isVisible()  # the admin's tools stay with the admin
    window.login.select_nip(OFFICER_NIP)
    qtbot.keyClicks(window.login.pin_edit, ONE_TIME)
    qtbot.mouseClick(window.login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.login.pin_dialog is not None, timeout=10_000)
    choose = window.login.pin_dialog
    assert choose is not None and window.officer is not None
    assert window.officer.id == desk.admin.id  # nobody new works yet
    assert choose.current.isHidden()  # the one-time PIN was just typed
    qtbot.keyClicks(choose.new.edit, ONE_TIME)
    qtbot.keyClicks(choose.repeated.edit, ONE_TIME)
    submit(qtbot, choose, ok=False)
    assert "berbeda" in choose.new.error()
    choose.new.set_text("")
    choose.repeated.set_text("")
    qtbot.keyClicks(choose.new.edit, CHOSEN)
    qtbot.keyClicks(choose.repeated.edit, CHOSEN)
    submit(qtbot, choose)
    qtbot.waitUntil(lambda: window.officer is not None and window.officer.id == desk.officer.id)
    with desk.db.read() as s:
        assert not officers.get_officer(s, officer_id=desk.officer.id).must_change_pin
    assert officers.log_in(desk.db, nip=OFFICER_NIP, pin=CHOSEN, now=window.ctx.now())
    clean(desk.folder)


def test_deactivate_reactivate_unlock_and_role_through_the_screen(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: LogIn
) -> None:
    for _ in range(officers.MAX_WRONG_PINS):
        with desk.db.write() as s:
            officers.authenticate(s, nip=LEAD_NIP, pin="111333", now=window.ctx.now())
    log_in(window, ADMIN_NIP)
    screen = officers_screen(qtbot, window)
    screen.select(desk.lead.id)
    assert screen.unlock_button.isEnabled()
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.unlock_button.isEnabled())
    assert kinds_logged(desk.folder, kinds.OFFICER_UNLOCKED) == [{"officer_id": desk.lead.id}]

    screen.select(desk.officer.id)
    deactivate = screen.deactivate()
    assert deactivate is not None
    qtbot.keyClicks(deactivate.reason.edit, "Mutasi ke kecamatan")  # type: ignore[attr-defined]
    submit(qtbot, deactivate)
    qtbot.waitUntil(lambda: window.login.officer_box.count() == 2)
    assert not any("Dewi Lestari" in line for line in roster(window))
    qtbot.waitUntil(screen.reactivate_button.isEnabled)
    qtbot.mouseClick(screen.reactivate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.login.officer_box.count() == 3)

    qtbot.waitUntil(screen.role_button.isEnabled)
    role = screen.change_role()
    assert role is not None
    box = role.role_box  # type: ignore[attr-defined]
    box.setCurrentIndex(box.findData("lead"))
    submit(qtbot, role)
    with desk.db.read() as s:
        assert officers.get_officer(s, officer_id=desk.officer.id).role == "lead"
    clean(desk.folder)


def test_non_admins_see_no_admin_menu_and_are_refused(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: LogIn
) -> None:
    log_in(window, LEAD_NIP)
    assert not window.admin.menu.menuAction().isVisible()
    assert window.admin.settings_action.isVisible()  # a lead's
    assert window.admin.open_officers() is None
    assert window.admin.open_catalogue() is None
    # Even a screen opened for a non-admin saves nothing: the use case names the role.
    lead = window.officer
    assert lead is not None
    screen = OfficersDialog(window.ctx, lead, window)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)
    form = screen.add_officer()
    qtbot.keyClicks(form.nip.edit, NEW_NIP)
    qtbot.keyClicks(form.name.edit, "Rina Marlina")
    qtbot.keyClicks(form.pin.edit, ONE_TIME)
    submit(qtbot, form, ok=False)
    assert "admin" in form.error.text() and "Bambang Wibowo" in form.error.text()
    form.reject()
    assert window.login.officer_box.count() == 3
    window.lock()
    log_in(window, OFFICER_NIP)
    assert not window.admin.settings_action.isVisible()
    assert window.admin.pin_action.isVisible()  # everyone changes their own PIN


def test_office_settings_are_saved_as_events_and_bad_values_name_the_field(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: LogIn
) -> None:
    log_in(window, LEAD_NIP)
    window.admin.open_office_settings()
    qtbot.waitUntil(lambda: bool(window.admin.dialogs))
    form = window.admin.dialogs[-1]
    assert isinstance(form, FormDialog)
    closes = form.fields[office_settings.OFFICE_CLOSES_AT]
    assert closes.text() == "16:00"
    closes.set_text("25:00")
    submit(qtbot, form, ok=False)
    assert closes.error()
    assert kinds_logged(desk.folder, kinds.SETTING_CHANGED) == []
    closes.set_text("17:30")
    submit(qtbot, form)
    assert kinds_logged(desk.folder, kinds.SETTING_CHANGED) == [
        {"key": office_settings.OFFICE_CLOSES_AT, "value": "17:30"}
    ]
    clean(desk.folder)


def test_a_catalogue_edit_reaches_intake_at_once_and_old_tasks_keep_their_fee(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: LogIn
) -> None:
    earlier = receive(desk.db, desk.officer.id, now=window.ctx.now())
    workspace = log_in(window, ADMIN_NIP)
    dialog = window.admin.open_catalogue()
    assert isinstance(dialog, CatalogueDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 40)
    assert "kantor" not in dialog.model.column(6)
    dialog.select("KEL-SKT-01")
    form = dialog.edit_selected()
    assert form is not None
    form.fee.set_text("25.000")
    submit(qtbot, form)
    qtbot.waitUntil(
        lambda: workspace.intake._ctx.catalogue.service("KEL-SKT-01").fee_idr == 25_000  # type: ignore[union-attr]
    )
    row = dialog.model.row_of("KEL-SKT-01")
    qtbot.waitUntil(lambda: dialog.model.text(dialog.model.row_of("KEL-SKT-01"), 6) == "kantor")
    assert dialog.model.text(row, 7).startswith("KANTOR")
    workspace.intake.picker.choose("KEL-SKT-01")
    qtbot.waitUntil(lambda: "25" in workspace.intake.fee_label.text())

    # A local service: offered by intake at once, under the office's own prefix.
    dialog.add_service()
    qtbot.waitUntil(lambda: dialog.form is not None and dialog.form.isVisible())
    new = dialog.form
    assert new is not None
    qtbot.keyClicks(new.suffix.edit, "SKL-01")
    qtbot.keyClicks(new.name_id.edit, "Surat Keterangan Lokal")
    new.agency_box.setCurrentIndex(new.agency_box.findData("KEL"))
    new.sla.set_text("1")
    new.fee.set_text("0")
    submit(qtbot, new)
    code = f"{OFFICE_CODE}-SKL-01"
    workspace.intake.picker.clear()
    qtbot.waitUntil(lambda: code in workspace.intake.picker.visible_codes())

    later_task = receive(desk.db, desk.officer.id, now=window.ctx.now(), name="Sri Wahyuni")
    with desk.db.read() as s:
        assert catalogue.get_service(s, code="KEL-SKT-01").fee_idr == 25_000
    conn = sqlite3.connect(database_path(desk.folder))
    fees = dict(conn.execute("SELECT tracking_no, fee_idr FROM tasks").fetchall())
    conn.close()
    assert fees[later_task.tracking_no] == 25_000 and fees[earlier.tracking_no] != 25_000
    assert len(kinds_logged(desk.folder, kinds.SERVICE_CHANGED)) == 1
    assert len(kinds_logged(desk.folder, kinds.SERVICE_ADDED)) == 1
    clean(desk.folder)


def test_every_officer_changes_their_own_pin_from_the_menu(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: LogIn
) -> None:
    log_in(window, OFFICER_NIP)
    form = window.admin.open_own_pin()
    assert form is not None
    qtbot.keyClicks(form.current.edit, "999111")  # type: ignore[attr-defined]
    qtbot.keyClicks(form.new.edit, CHOSEN)  # type: ignore[attr-defined]
    qtbot.keyClicks(form.repeated.edit, CHOSEN)  # type: ignore[attr-defined]
    submit(qtbot, form, ok=False)
    assert form.fields["current_pin"].error()
    form.fields["current_pin"].set_text(PIN)
    submit(qtbot, form)
    assert officers.log_in(desk.db, nip=OFFICER_NIP, pin=CHOSEN, now=window.ctx.now())
    clean(desk.folder)
