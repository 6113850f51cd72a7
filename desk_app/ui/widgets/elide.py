"""Combo boxes whose long entries (service names) end in "…" with the whole text a tooltip away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

# Wide enough for the longest service name at 150% text, narrower than a 1280-pixel screen.
POPUP_MAX_WIDTH = 1000


def elide_with_tooltip(combo: QComboBox) -> None:
    """Show each entry's and the current choice's whole text as a tooltip; widen the list."""
    for index in range(combo.count()):
        combo.setItemData(index, combo.itemText(index), Qt.ItemDataRole.ToolTipRole)
    combo.currentTextChanged.connect(combo.setToolTip)
    combo.setToolTip(combo.currentText())
    view = combo.view()
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    wanted = view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 8
    view.setMinimumWidth(min(wanted, POPUP_MAX_WIDTH))
