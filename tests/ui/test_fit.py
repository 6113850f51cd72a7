"""Nothing is cut off: every screen fits 1366x768 and 1280x720 at 100, 125 and 150% text."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desk_app.ui.call_panel import CallPanel
from desk_app.ui.context import DeskContext
from desk_app.ui.i18n import install_translation
from desk_app.ui.main_window import MainWindow
from desk_app.ui.screen_fit import FRAME_ALLOWANCE, apply_text_size
from desk_app.ui.settings import TEXT_SIZES, UiSettings
from desk_app.ui.settings_dialog import SettingsDialog
from desk_app.ui.workspace import Workspace
from tests.conftest import LEAD_NIP, Office
from tests.days import wib
from tests.helpers import MORNING
from tests.ui import xserver
from tests.ui.conftest import wait_idle
from tests.ui.lead_day import DAY, build_lead_day
from tests.ui.test_real_display import PROBE, ROOT

SCREENS = (QSize(1366, 768), QSize(1280, 720))
# Status-bar notices as long as they get: offline with a backlog, a new catalogue, a retry.
LONG_SYNC = (
    "Luring · 12.345 kejadian menunggu · Sinkron 26 Nov 14:30 · "
    "Katalog kota v12 berlaku setelah Loket dibuka ulang · Coba lagi 14:35"
)
LONG_PROBLEM = "Jam meja 3 jam lebih lambat; sertifikat server kota tidak dipercaya (CA)"


@pytest.fixture(params=TEXT_SIZES, ids=lambda p: f"text{p}")
def text_size(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[int]:
    """The application font scaled as run_gui scales it; the normal font again afterwards."""
    normal = QFont(qapp.font())
    apply_text_size(qapp, request.param)
    yield int(request.param)
    qapp.setFont(normal)


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QApplication, tmp_path: Path) -> Iterator[str]:
    """Indonesian, or English (indirect parameter) installed for one test."""
    chosen = str(getattr(request, "param", "id"))
    if chosen == "id":
        yield chosen
        return
    translator = install_translation(qapp, chosen, tmp_path / "cache")
    assert translator is not None
    yield chosen
    qapp.removeTranslator(translator)
    install_translation(qapp, "id", tmp_path / "cache")


@pytest.fixture
def ctx(ctx: DeskContext, text_size: int, language: str) -> DeskContext:
    """The desk at 16:00 on the lead's fixture day, its font scaled before any window."""
    ctx.settings.set("text_size", text_size)
    return dataclasses.replace(ctx, clock=lambda: wib(DAY, 16), language=language)


def _plain(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() != label.textFormat().PlainText and ("<" in text or "&" in text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.window() is window


def _clipped_by_parent(widget: QWidget, window: QWidget) -> bool:
    """True when an ancestor cuts the widget off (scroll areas scroll, so they may)."""
    rect = QRect(0, 0, widget.width(), widget.height())
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent.parentWidget(), QAbstractScrollArea):
            return False
        rect = rect.translated(child.pos())
        if not QRect(0, 0, parent.width(), parent.height()).contains(rect):
            return True
        if parent is window:
            return False
        child, parent = parent, parent.parentWidget()
    return False


def _without_mnemonic(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def cut_off(window: QWidget) -> list[str]:
    """What shows less than its whole text on `window`, each as "Class 'text': why"."""
    problems: list[str] = []
    style = window.style()
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window) or widget.width() <= 0:
            continue
        metrics = widget.fontMetrics()
        name = f"{type(widget).__name__}"
        if isinstance(widget, QLabel) and widget.pixmap().isNull() and widget.text():
            text = _plain(widget)
            room = widget.contentsRect()
            margin = 2 * widget.margin() + max(widget.indent(), 0)
            if widget.wordWrap():
                if widget.heightForWidth(widget.width()) > widget.height() + 1:
                    problems.append(f"{name} {text!r}: wrapped text taller than the label")
            else:
                wide = max(metrics.horizontalAdvance(line) for line in text.splitlines() or [""])
                if wide + margin > room.width():
                    problems.append(f"{name} {text!r}: {wide} px of text in {room.width()}")
        elif isinstance(widget, QPushButton) and widget.text():
            text = widget.text()
            option = QStyleOptionButton()
            option.initFrom(widget)
            option.text = widget.text()
            option.icon = widget.icon()
            option.iconSize = widget.iconSize()
            room = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, option, widget)
            wide = metrics.horizontalAdvance(_without_mnemonic(widget.text()))
            if not widget.icon().isNull():
                wide += widget.iconSize().width() + 4
            if wide > room.width():
                problems.append(f"{name} {widget.text()!r}: {wide} px of text in {room.width()}")
        elif isinstance(widget, (QCheckBox, QRadioButton)) and widget.text():
            text = widget.text()
            option = QStyleOptionButton()
            option.initFrom(widget)
            element = (
                QStyle.SubElement.SE_CheckBoxContents
                if isinstance(widget, QCheckBox)
                else QStyle.SubElement.SE_RadioButtonContents
            )
            room = style.subElementRect(element, option, widget)
            wide = metrics.horizontalAdvance(_without_mnemonic(widget.text()))
            if wide > room.width():
                problems.append(f"{name} {widget.text()!r}: {wide} px of text in {room.width()}")
        elif isinstance(widget, QComboBox) and not widget.isEditable() and widget.currentText():
            combo_option = QStyleOptionComboBox()
            combo_option.initFrom(widget)
            room = style.subControlRect(
                QStyle.ComplexControl.CC_ComboBox,
                combo_option,
                QStyle.SubControl.SC_ComboBoxEditField,
                widget,
            )
            text = widget.currentText()
            wide = metrics.horizontalAdvance(text)
            # Elision is deliberate where the whole text is a tooltip away.
            if wide > room.width() and widget.toolTip() != text:
                problems.append(f"{name} {text!r}: {wide} px of text in {room.width()}")
        elif isinstance(widget, QTabBar):
            pad = style.pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, widget)
            for index in range(widget.count()):
                tab = widget.tabRect(index)
                text = _without_mnemonic(widget.tabText(index))
                wide = metrics.horizontalAdvance(text) + pad // 2
                if wide > tab.width() or tab.right() > widget.width():
                    problems.append(f"tab {text!r}: {wide} px of text in {tab.width()}")
            continue
        else:
            continue
        if _clipped_by_parent(widget, window):
            problems.append(f"{name} {text!r}: outside its parent")
    return problems


def fits(window: MainWindow, screen: QSize) -> list[str]:
    """The window's problems at `screen`: too big a minimum, or text cut off."""
    room = screen - FRAME_ALLOWANCE
    window.resize(room)
    QApplication.processEvents()
    problems = cut_off(window)
    hint = window.minimumSizeHint()
    if hint.width() > room.width() or hint.height() > room.height():
        problems.append(f"window needs {hint.width()}x{hint.height()}")
    return problems


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_screen_fits_without_cutting_text_off(
    qtbot: QtBot,
    desk: Office,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
    screen: QSize,
) -> None:
    report = walk(qtbot, desk, window, log_in, screen)
    assert not report, "\n".join(report)


@pytest.mark.parametrize("text_size", [150], indirect=True)
@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_english_fits_the_smaller_screen_at_150_percent(
    qtbot: QtBot,
    desk: Office,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
) -> None:
    assert window.login.login_button.text() == "Log in"
    report = walk(qtbot, desk, window, log_in, SCREENS[1])
    assert not report, "\n".join(report)


def walk(
    qtbot: QtBot,
    desk: Office,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
    screen: QSize,
) -> list[str]:
    """Log the lead in and go through every page; what does not fit, page by page."""
    build_lead_day(desk)
    found: dict[str, list[str]] = {}
    found["login"] = fits(window, screen)
    ws = log_in(window, LEAD_NIP)
    offered = window.ctx.catalogue.offered
    longest = max(offered, key=lambda s: len(s.name_id))
    ws.intake.picker.choose(longest.code)
    found["intake"] = fits(window, screen)

    ws.show_queue()
    qtbot.waitUntil(lambda: ws.queue.model.rowCount() > 0)
    wait_idle(qtbot, window.ctx.ops)
    first = ws.queue.model.task_id(0)
    for button in ws.queue.count_buttons.values():  # a big office's counts
        button.setText(button.text().rsplit(" ", 1)[0] + " 12.345")
    service_box = ws.queue.service_box
    service_box.setCurrentIndex(service_box.findData(longest.code))
    found["queue"] = fits(window, screen)

    ws.open_task(first)
    qtbot.waitUntil(lambda: ws.detail.task is not None)
    wait_idle(qtbot, window.ctx.ops)
    found["detail"] = fits(window, screen)
    for button in ws.detail.buttons.values():  # a task offering every step at once
        button.show()
    found["detail, every step"] = fits(window, screen)

    ws.show_points()
    qtbot.waitUntil(lambda: ws.points.summary is not None)
    found["points"] = fits(window, screen)

    page = ws.show_dashboard()
    assert page is not None
    qtbot.waitUntil(lambda: page.data is not None)
    wait_idle(qtbot, window.ctx.ops)
    found["dashboard"] = fits(window, screen)

    window.sync_label.state.set_full_text(LONG_SYNC)
    window.sync_label.problem.set_full_text(LONG_PROBLEM)
    window.sync_label.problem.show()
    found["status bar"] = fits(window, screen)
    assert window.sync_label.text() == f"{LONG_SYNC} · {LONG_PROBLEM}"

    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    wait_idle(qtbot, window.ctx.ops)
    found["settings"] = cut_off(dialog)
    hint, room = dialog.minimumSizeHint(), screen - FRAME_ALLOWANCE
    if hint.width() > room.width() or hint.height() > room.height():
        found["settings"].append(f"dialog needs {hint.width()}x{hint.height()}")
    dialog.reject()

    assert sum(1 for _ in window.findChildren(QLabel)) > 20  # the check saw the screens
    return [f"{page}: {problem}" for page, problems in found.items() for problem in problems]


def test_the_check_finds_text_that_is_cut_off(qtbot: QtBot) -> None:
    host = QWidget()
    host.resize(400, 100)
    qtbot.addWidget(host)
    label = QLabel("Surat Keterangan Domisili Sementara penduduk non permanen", host)
    button = QPushButton("Panggil berikutnya (F5)", host)
    button.move(0, 40)
    host.show()
    label.resize(80, 30)
    button.resize(60, 30)
    found = cut_off(host)
    assert len(found) == 2 and found[0].startswith("QLabel") and found[1].startswith("QPush")
    label.setToolTip(label.text())
    label.setText(label.fontMetrics().elidedText(label.text(), Qt.TextElideMode.ElideRight, 70))
    button.resize(button.sizeHint())
    assert cut_off(host) == []


def test_the_text_size_is_a_setting_applied_to_the_application_font(
    tmp_path: Path, qapp: QApplication
) -> None:
    settings = UiSettings.load(tmp_path)
    assert settings.text_size == 100
    with pytest.raises(ValueError):
        settings.set("text_size", 175)
    settings.set("text_size", 150)
    settings.save()
    assert UiSettings.load(tmp_path).text_size == 150
    normal = QFont(qapp.font())
    try:
        apply_text_size(qapp, 150)
        assert qapp.font().pointSizeF() == pytest.approx(normal.pointSizeF() * 1.5)
    finally:
        qapp.setFont(normal)


@pytest.fixture
def small_x_server() -> Iterator[str]:
    """A real X server (Xvfb) with one 1280x720 screen; its DISPLAY."""
    with xserver.x_server("1280x720") as display:
        yield display


def test_at_150_percent_the_window_fits_a_real_1280x720_screen(
    desk: Office, small_x_server: str
) -> None:
    desk.db.dispose()
    opened = "app = QApplication(sys.argv[:1])\n"
    assert opened in PROBE
    scaled = PROBE.replace(
        opened,
        opened + "from desk_app.ui.screen_fit import apply_text_size\napply_text_size(app, 150)\n",
    )
    env = {**os.environ, "DISPLAY": small_x_server, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(
        [sys.executable, "-c", scaled, str(desk.folder), MORNING.isoformat()],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert (report["code"], report["platform"]) == (0, "xcb")
    sx, sy, sw, sh = report["screen"]
    assert (sw, sh) == (1280, 720)
    fx, fy, fw, fh = report["frame"]
    assert sx <= fx and sy <= fy and fx + fw <= sx + sw and fy + fh <= sy + sh
    _, by, _, bh = report["status_bar"]
    assert report["status_visible"] and bh > 0 and by + bh <= sy + sh


@pytest.mark.parametrize("text_size", [150], indirect=True)
def test_large_text_keeps_the_rarer_ticket_steps_in_a_menu(
    qtbot: QtBot, desk: Office, ctx: DeskContext
) -> None:
    panel = CallPanel(ctx, desk.officer)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.more_button is not None and panel.more_button.isVisible()
    assert not panel.no_show_button.isVisible() and not panel.priority_box.isVisible()
    menu = panel.more_button.menu()
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert list(actions) == [
        "Dahulukan prioritas",
        "Panggil ulang",
        "Tidak hadir",
        "Alihkan…",
        "Selesai",
    ]
    actions["Dahulukan prioritas"].trigger()
    assert not panel.priority_box.isChecked()  # the hidden box still decides
    clicked: list[bool] = []
    panel.finish_button.clicked.connect(lambda: clicked.append(True))
    panel.finish_button.setEnabled(True)
    actions["Selesai"].trigger()
    assert clicked == [True]
