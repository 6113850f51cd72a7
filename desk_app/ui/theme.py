"""The GUI's colours, one name per meaning, and the small style sheets built from them.

Colours that printed reports share with the screens come from `desk_app.common.palette`.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

from desk_app.common import palette

# -- colours (hex, for style sheets and rich text) ----------------------------------------

ACCENT = palette.ACCENT  # charts: the first series
ACCENT_2 = palette.ACCENT_2  # charts: the second series
LATE = palette.LATE  # text of overdue work and short hours (tables, charts, headline)
ERROR_TEXT = palette.LATE  # a validation or operation error under a field or in a dialog
OVERDUE_BACKGROUND = "#fadbd8"  # a task past its due date (queue row, detail status)
DUE_SOON_BACKGROUND = "#fdebc8"  # a task due within a working day (queue row)
NOTE_TEXT = "#8a6d00"  # a remark the officer should notice (where a service's rule comes from)
WARNING_BACKGROUND = "#fff4ce"  # a banner that needs action (receipt not printed)
WARNING_BORDER = "#c29b00"
QUIET_TEXT = "palette(mid)"  # status lines and hints: the system's muted text
PLAIN_BACKGROUND = "palette(midlight)"  # a status badge with nothing to warn about

# -- style sheets -------------------------------------------------------------------------

ERROR_STYLE = f"color: {ERROR_TEXT};"
INVALID_EDIT_STYLE = (
    f"QLineEdit {{ border: 1px solid {ERROR_TEXT}; border-radius: 3px; padding: 2px; }}"
)
QUIET_STYLE = f"color: {QUIET_TEXT};"
NOTE_STYLE = f"color: {NOTE_TEXT};"


def badge_style(background: str) -> str:
    """A rounded label on a coloured background (a task's status)."""
    return f"background: {background}; border-radius: 4px;"


def swatch(background: str) -> str:
    """A small coloured box in rich text, for a legend."""
    return f"<span style='background:{background}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"


def coloured(text: str, colour: str) -> str:
    """Bold rich text in a colour (e.g. the overdue count)."""
    return f"<b style='color:{colour}'>{text}</b>"


# -- brushes (for item models) ------------------------------------------------------------

OVERDUE_BRUSH = QBrush(QColor(OVERDUE_BACKGROUND))
DUE_SOON_BRUSH = QBrush(QColor(DUE_SOON_BACKGROUND))
