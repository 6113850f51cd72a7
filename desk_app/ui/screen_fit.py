"""Main windows open at a comfortable size that never exceeds the screen they open on."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1280, 800)
# Room for the window manager's title bar and borders, which the client size excludes.
FRAME_ALLOWANCE = QSize(16, 48)


def fit_to_screen(window: QWidget, preferred: QSize = PREFERRED) -> None:
    """Size `window` to `preferred`, shrunk to its screen's free area, and centre it there."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    # The offscreen platform's 800x600 "screen" is no one's screen: render at full size.
    if screen is None or QGuiApplication.platformName() == "offscreen":
        window.resize(preferred)
        return
    free = screen.availableGeometry()
    width = min(preferred.width(), free.width() - FRAME_ALLOWANCE.width())
    height = min(preferred.height(), free.height() - FRAME_ALLOWANCE.height())
    size = QSize(width, height).expandedTo(window.minimumSizeHint().boundedTo(free.size()))
    window.resize(size)
    left = free.x() + (free.width() - size.width()) // 2
    top = free.y() + max(0, (free.height() - size.height() - FRAME_ALLOWANCE.height()) // 2)
    window.move(left, top)
