"""An officer's whole task, driven through the real widgets: intake to hand-over."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from desk_app.ui.main_window import MainWindow
from desk_app.ui.workspace import Workspace
from tests.conftest import Office
from tests.helpers import ManualClock
from tests.ui.flows import intake_to_hand_over


def test_intake_to_hand_over_through_the_widgets(
    qtbot: QtBot,
    desk: Office,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
    clock: ManualClock,
) -> None:
    intake_to_hand_over(qtbot, desk, window, log_in, clock)
