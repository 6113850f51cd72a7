"""Main windows open at a comfortable size that never exceeds the screen; large-text mode."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QGuiApplication
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


def bounded_to_screen(window: QWidget, size: QSize) -> QSize:
    """`size`, shrunk to the free area of the window's screen (not the offscreen one)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None or QGuiApplication.platformName() == "offscreen":
        return size
    return size.boundedTo(screen.availableGeometry().size() - FRAME_ALLOWANCE)


def apply_text_size(app: QGuiApplication, percent: int) -> None:
    """Scale the application font to `percent` of its point size, before any window is built."""
    if percent == 100:
        return
    font = QFont(app.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * percent / 100)
    else:  # a pixel-sized system font
        font.setPixelSize(round(font.pixelSize() * percent / 100))
    app.setFont(font)
