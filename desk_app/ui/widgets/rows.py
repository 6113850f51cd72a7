"""A small read-only table model over rows of display text, and the table view that shows it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desk_app.ui import theme

LATE = "late"  # a row drawn in red: overdue, short of hours
STRONG = "strong"  # a row in bold: the officer's own, a total
_LATE_COLOUR = QColor(theme.LATE)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class RowsModel(QAbstractTableModel):
    """Rows of ready-made text (a summary, a week of hours); numbers align right."""

    def __init__(
        self,
        headers: Sequence[str],
        *,
        numeric: Iterable[int] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._numeric = frozenset(numeric)
        self._rows: list[tuple[str, ...]] = []
        self._keys: list[str] = []
        self._tones: list[str] = []

    def set_rows(
        self,
        rows: Sequence[Sequence[str]],
        *,
        keys: Sequence[str] | None = None,
        tones: Sequence[str] | None = None,
    ) -> None:
        """Replace every row; `keys` name what each row is about, `tones` colour them."""
        self.beginResetModel()
        self._rows = [tuple(row) for row in rows]
        self._keys = list(keys) if keys is not None else [""] * len(self._rows)
        self._tones = list(tones) if tones is not None else [""] * len(self._rows)
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        """The text of one cell."""
        return self._rows[row][column]

    def column(self, column: int) -> list[str]:
        """Every text of one column, top to bottom."""
        return [row[column] for row in self._rows]

    def key(self, row: int) -> str:
        """What a row is about (an officer id, a session id ...)."""
        return self._keys[row]

    def row_of(self, key: str) -> int:
        """The row with this key, or -1."""
        return self._keys.index(key) if key in self._keys else -1

    def rowCount(self, parent: _Index = _ROOT) -> int:
        """Rows shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        """Columns shown."""
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, alignment, colour and weight of a cell."""
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[row][column]  # the tip shows what a narrow column cuts off
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in self._numeric else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole and self._tones[row] == LATE:
            return QBrush(_LATE_COLOUR)
        if role == Qt.ItemDataRole.FontRole and self._tones[row] == STRONG:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if section in self._numeric else _LEFT
        return None


def rows_table(model: RowsModel, parent: QWidget, *, stretch: int = 0) -> QTableView:
    """A read-only table of `model`, whole rows selected, column `stretch` taking the slack."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else in the desk
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if model.columnCount() > stretch:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
