"""Sync with a real city server on loopback: enrol, push, offline backoff, a revoked device."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.common.messages import CATALOGUE, EN, ID, placeholders, render
from desk_app.db.models import Event
from desk_app.sync import client, state
from desk_app.ui import i18n
from desk_app.ui.context import DeskContext
from desk_app.ui.main_window import MainWindow
from desk_app.ui.settings_dialog import SettingsDialog
from desk_app.ui.sync_worker import INTERNAL, SyncWorker, describe_problem
from desk_app.ui.workspace import Workspace
from tests.conftest import LEAD_NIP, OFFICER_NIP, Office
from tests.helpers import MORNING, ManualClock, receive
from tests.ui.conftest import LocalCity, wait_idle
from tests.ui.flows import save_without_printer
from tests.ui.watch import on_the_gui_thread, opened_by_widgets, watch_transactions

SEED = 7
MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(ctx: DeskContext, qtbot: QtBot) -> MakeWindow:
    """A main window whose sync worker takes its jitter from random.Random(SEED)."""

    def make(context: DeskContext = ctx) -> MainWindow:
        worker = SyncWorker(context, rng=random.Random(SEED))
        win = MainWindow(context, sync=worker)
        qtbot.addWidget(win)
        win.show()
        win.activateWindow()  # shortcuts only reach the active window
        qtbot.waitUntil(win.isActiveWindow)
        qtbot.waitUntil(lambda: win.login.officer_box.count() == 3)
        wait_idle(qtbot, context.ops)
        return win

    return make


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """English installed for one test, Indonesian again afterwards."""
    translator = i18n.install_translation(qapp, "en", tmp_path / "cache")
    assert translator is not None
    yield
    qapp.removeTranslator(translator)
    i18n.install_translation(qapp, "id", tmp_path / "cache")


def _desk_events(desk: Office) -> set[tuple[str, int, str]]:
    with desk.db.read() as session:
        rows = session.execute(select(Event.uuid, Event.seq, Event.hash))
        return {(u, s, h) for u, s, h in rows}


def _rounds(qtbot: QtBot, worker: SyncWorker, count: int) -> None:
    """Wait until `count` rounds have finished and nothing runs."""
    qtbot.waitUntil(lambda: worker.rounds >= count and not worker.running, timeout=15_000)
    wait_idle(qtbot, worker.ctx.ops)
    assert worker.rounds == count


def _open_settings(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.sync_state is not None)  # read in the background
    return dialog


def _close(qtbot: QtBot, window: MainWindow, dialog: SettingsDialog) -> None:
    dialog.reject()
    qtbot.waitUntil(lambda: window.findChild(SettingsDialog) is None)
    window.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(window.isActiveWindow)


def _enrol(qtbot: QtBot, dialog: SettingsDialog, server: str, code: str) -> None:
    dialog.server_edit.setText(server)
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, code)
    qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    assert dialog.enrolling and not dialog.enrol_button.isEnabled()  # in the background
    qtbot.waitUntil(lambda: not dialog.enrolling, timeout=15_000)


def _take_a_task(qtbot: QtBot, ws: Workspace) -> None:
    intake = ws.intake
    qtbot.keyClicks(intake.picker.search, "akta kelahiran")
    qtbot.keyClick(intake.picker.search, Qt.Key.Key_Return)
    qtbot.mouseClick(intake.check_all_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(intake.nik.edit, "3174085205900003")
    qtbot.keyClicks(intake.name.edit, "Sri Wahyuni")
    qtbot.keyClicks(intake.phone.edit, "0812 3456 7890")
    qtbot.keyClick(intake.phone.edit, Qt.Key.Key_Return)  # Enter on the last field saves
    save_without_printer(qtbot, ws)
    qtbot.waitUntil(
        lambda: intake.last_result is not None and intake.last_result.receipt is not None,
        timeout=15_000,
    )


def test_enrol_take_a_task_sync_now_and_the_city_holds_what_the_desk_holds(
    qtbot: QtBot,
    desk: Office,
    city: LocalCity,
    make_window: MakeWindow,
    log_in: Callable[[MainWindow, str], Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = watch_transactions(desk.db, monkeypatch)
    network: list[tuple[bool, str]] = []
    real_request = requests.Session.request

    def spy(self: requests.Session, method: str, url: str, *args: object, **kw: object) -> object:
        network.append((threading.current_thread() is threading.main_thread(), url))
        return real_request(self, method, url, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(requests.Session, "request", spy)
    window = make_window()
    worker = window.sync
    assert window.sync_label.text() == "Belum terdaftar ke kota"
    ws = log_in(window, OFFICER_NIP)

    # A wrong code first: the dialog says so in plain words, nothing is stored.
    dialog = _open_settings(qtbot, window)
    assert dialog.city_status.text().startswith("Belum terdaftar.")
    _enrol(qtbot, dialog, city.url, "AAAA-BBBB-CCCC")
    assert dialog.city_status.text() == render("sync.bad_code", ID)
    with desk.db.read() as session:
        assert not state.load(session).enrolled
    # The right code: enrolled, and the first round pushes the whole chain at once.
    _enrol(qtbot, dialog, city.url, city.enrolment_code())
    assert dialog.city_status.text().startswith(f"Terdaftar di {city.url}.")
    assert dialog.code_edit.text() == ""
    _rounds(qtbot, worker, 1)
    _close(qtbot, window, dialog)
    assert worker.online is True and worker.status is not None and worker.status.waiting == 0
    assert city.events() == _desk_events(desk) != set()

    # A task through the intake form: its events wait for the city.
    _take_a_task(qtbot, ws)
    qtbot.waitUntil(lambda: "kejadian menunggu" in window.sync_label.text())
    assert window.sync_label.text().startswith("Daring · ")
    assert worker.status is not None and worker.status.waiting > 0
    assert city.events() != _desk_events(desk)

    # F12: sync now, in the background, until nothing waits.
    qtbot.keyClick(window, Qt.Key.Key_F12)
    _rounds(qtbot, worker, 2)
    assert window.sync_label.text() == "Daring · Semua terkirim · Sinkron 09:00"
    assert window.sync_label.problem.isHidden()
    assert city.events() == _desk_events(desk)
    assert worker.next_delay_s == 60.0 and worker.timer.isActive()  # every minute while online

    assert network and all(not on_gui for on_gui, _url in network), network
    assert len(opened_by_widgets(seen)) > 10
    assert on_the_gui_thread(seen) == []


def test_offline_backs_off_with_jitter_and_the_timer_keeps_retrying(
    qtbot: QtBot, desk: Office, city: LocalCity, clock: ManualClock, make_window: MakeWindow
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    window = make_window()
    worker = window.sync
    _rounds(qtbot, worker, 1)  # enrolled: the window syncs as it opens
    assert worker.online is True and worker.next_delay_s == 60.0

    city.stop()
    receive(desk.db, desk.officer.id, now=clock())  # written while the city is away
    expected = random.Random(SEED)
    worker.sync_now()
    _rounds(qtbot, worker, 2)
    first = 15.0 * expected.uniform(0.8, 1.2)
    assert worker.online is False and worker.failure is not None
    assert worker.failure.reason == state.UNREACHABLE and not worker.stopped
    assert worker.next_delay_s == pytest.approx(first)
    assert worker.timer.isActive() and worker.timer.interval() == int(first * 1000)
    text = window.sync_label.text()
    assert text.startswith("Luring · 1 kejadian menunggu · Sinkron 09:00 · Coba lagi 09:00"), text
    assert window.sync_label.problem.isHidden()  # offline is no error: it says "Luring"

    # Nothing new is written; the timer's rounds keep failing and wait longer each time.
    delays = [first]
    for count, base in ((3, 30.0), (4, 60.0), (5, 120.0)):
        worker.tick()  # what the timer does when it fires
        _rounds(qtbot, worker, count)
        delays.append(base * expected.uniform(0.8, 1.2))
        assert worker.next_delay_s == pytest.approx(delays[-1])
        assert worker.timer.isActive()
    assert delays == sorted(delays)

    # The backoff stops growing at 15 minutes (± jitter) and honours Retry-After.
    worker.failures = 30
    assert 720.0 <= worker.backoff() <= 1080.0
    worker.failures = 1
    assert worker.backoff(retry_after=600.0) == 600.0

    # With a zero delay the timer itself drives the retries, nobody calling tick().
    worker.backoff_base_s = 0.0
    worker.tick()
    qtbot.waitUntil(lambda: worker.rounds >= 9, timeout=15_000)
    worker.stop()
    wait_idle(qtbot, worker.ctx.ops)
    assert worker.online is False and not worker.timer.isActive()


def test_a_revoked_device_says_so_and_stops_until_enrolled_again(
    qtbot: QtBot,
    desk: Office,
    ctx: DeskContext,
    city: LocalCity,
    make_window: MakeWindow,
    log_in: Callable[[MainWindow, str], Workspace],
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    window = make_window()
    worker = window.sync
    _rounds(qtbot, worker, 1)
    city.revoke(ctx.desk.device_id)

    qtbot.keyClick(window, Qt.Key.Key_F12)  # sync now, from the login page too
    _rounds(qtbot, worker, 2)
    assert worker.failure is not None and worker.failure.reason == state.REVOKED
    assert worker.stopped and not worker.timer.isActive() and worker.next_delay_s is None
    assert window.sync_label.problem.full_text() == render("sync.revoked", ID)
    assert window.sync_label.state.text().endswith("Sinkron berhenti")
    assert "revoked" in window.sync_label.problem.toolTip()  # the detail, for the admin
    window.resize(1366, 768)  # a long problem shortens itself; the window never grows
    qtbot.waitUntil(lambda: window.width() == 1366)
    assert window.minimumSizeHint().width() <= 1366
    worker.tick()  # the timer, had it fired, and a sealed day: no round
    worker.request()
    assert not worker.running and worker.ctx.ops.pending == 0
    _rounds(qtbot, worker, 2)

    # After a restart the stored problem keeps it stopped: no push with a dead secret.
    again = SyncWorker(ctx, rng=random.Random(SEED))
    again.start()
    wait_idle(qtbot, ctx.ops)
    assert again.stopped and again.rounds == 0 and again.status is not None
    assert again.status.problem_reason == state.REVOKED
    again.deleteLater()

    # The officer asks: tried once more, refused again. The settings change while that
    # round runs: one more round follows it, even though it stops sync again.
    worker.sync_now()
    assert worker.running
    worker.settings_changed()
    _rounds(qtbot, worker, 4)
    assert worker.stopped

    # Enrolled again with a fresh code: sync resumes and the problem is gone.
    log_in(window, OFFICER_NIP)
    dialog = _open_settings(qtbot, window)
    _enrol(qtbot, dialog, city.url, city.enrolment_code())
    assert dialog.city_status.text().startswith("Terdaftar di")
    _rounds(qtbot, worker, 5)
    _close(qtbot, window, dialog)
    assert not worker.stopped and worker.failure is None and worker.timer.isActive()
    assert window.sync_label.problem.isHidden()
    assert window.sync_label.state.text() == "Daring · Semua terkirim · Sinkron 09:00"
    with desk.db.read() as session:
        assert state.load(session).problem == ""


def test_a_new_ca_bundle_is_stored_and_sync_starts_again(
    qtbot: QtBot, desk: Office, city: LocalCity, make_window: MakeWindow, tmp_path: Path
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    window = make_window()
    worker = window.sync
    _rounds(qtbot, worker, 1)
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.sync_state is not None)
    assert dialog.server_edit.text() == city.url
    bundle = str(tmp_path / "city-ca.pem")
    dialog.ca_edit.setText(bundle)
    dialog.accept()
    _rounds(qtbot, worker, 2)
    with desk.db.read() as session:
        assert state.load(session).ca_bundle == bundle


def test_a_sealed_day_goes_to_the_city_at_once(
    qtbot: QtBot,
    desk: Office,
    city: LocalCity,
    make_window: MakeWindow,
    log_in: Callable[[MainWindow, str], Workspace],
) -> None:
    client.enroll(desk.db, server=city.url, code=city.enrolment_code())
    window = make_window()
    worker = window.sync
    _rounds(qtbot, worker, 1)
    log_in(window, LEAD_NIP)
    wizard = window.open_day_close()
    assert wizard is not None
    wait_idle(qtbot, window.ctx.ops)
    wizard.daySealed.emit(None)  # what the wizard's last page announces once sealed
    _rounds(qtbot, worker, 2)
    wizard.reject()


def test_a_wrong_clock_and_the_state_in_english(
    qtbot: QtBot,
    english: None,
    desk: Office,
    ctx: DeskContext,
    city: LocalCity,
    make_window: MakeWindow,
) -> None:
    code = city.enrolment_code()
    city.clock.set(MORNING - timedelta(days=3))  # the desk's clock is three days ahead
    client.enroll(desk.db, server=city.url, code=code)
    window = make_window(replace(ctx, language="en"))
    _rounds(qtbot, window.sync, 1)
    assert window.sync_label.state.text() == "Online · All sent · Synced 09:00"
    assert window.sync_label.problem.full_text() == "Desk clock 3 days fast"
    assert window.sync_label.skew_text(-190.0) == "Desk clock 3 minutes slow"
    assert window.sync_label.skew_text(5 * 3600.0) == "Desk clock 5 hours fast"
    dialog = _open_settings(qtbot, window)
    assert dialog.city_status.text() == (
        f"Enrolled with {city.url}. Another address needs a new code."
    )
    _enrol(qtbot, dialog, city.url, "AAAA-BBBB-CCCC")
    assert dialog.city_status.text() == (
        "The enrolment code is wrong, used or expired; ask for a new one."
    )
    _enrol(qtbot, dialog, "ftp://city", "AAAA-BBBB-CCCC")
    assert dialog.city_status.text() == render("sync.bad_address", EN)
    _close(qtbot, window, dialog)
    assert window.sync.rounds == 1  # a refused enrolment changes nothing


def test_every_reason_reads_in_both_languages() -> None:
    for reason in (*state.REASONS, "", INTERNAL):
        for language in (ID, EN):
            text = describe_problem(reason, "detail", language)
            assert text and "{" not in text, (reason, language)
    sync_keys = [key for key in CATALOGUE if key.startswith("sync.")]
    assert all(placeholders(CATALOGUE[k].id) == placeholders(CATALOGUE[k].en) for k in sync_keys)
    assert describe_problem(state.REFUSED, "events: bad", EN).endswith("events: bad")
