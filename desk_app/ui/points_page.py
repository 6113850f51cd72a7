"""Points: mine today, this week and this month, and the office leaderboard of the month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desk_app.common.formatting import date_long, number
from desk_app.office.officers import OfficerInfo
from desk_app.points import ledger, point_rules
from desk_app.points.ledger import OfficerPoints
from desk_app.ui.context import DeskContext


@dataclass(frozen=True)
class PointsSummary:
    """Everything the points page shows."""

    today: int
    week: int
    month: int
    leaderboard: list[OfficerPoints]
    day: date


def load_points(session: Session, *, officer_id: str, today: date) -> PointsSummary:
    """My totals and the month's leaderboard in one read."""
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)

    def mine(start: date) -> int:
        return ledger.officer_total(session, officer_id=officer_id, start=start, end=today)

    return PointsSummary(
        today=mine(today),
        week=mine(week_start),
        month=mine(month_start),
        leaderboard=ledger.points_between(session, start=month_start, end=today),
        day=today,
    )


class PointsPage(QWidget):
    """Three big numbers and a ranked table."""

    pointsLoaded = Signal(object)

    def __init__(
        self, ctx: DeskContext, officer: OfficerInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._officer = officer
        self.summary: PointsSummary | None = None
        self.tiles: dict[str, QLabel] = {}
        tiles = QHBoxLayout()
        for key, title in (
            ("today", self.tr("Poin saya hari ini")),
            ("week", self.tr("Minggu ini")),
            ("month", self.tr("Bulan ini")),
        ):
            frame = QFrame(self)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            value = QLabel("–", frame)
            font = QFont(value.font())
            font.setPointSizeF(font.pointSizeF() * 2.4)
            font.setBold(True)
            value.setFont(font)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(title, frame)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner = QVBoxLayout(frame)
            inner.addWidget(value)
            inner.addWidget(caption)
            tiles.addWidget(frame)
            self.tiles[key] = value
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels([self.tr("#"), self.tr("Petugas"), self.tr("Poin")])
        self.board = QTreeView(self)
        self.board.setModel(self.model)
        self.board.setRootIsDecorated(False)
        self.board.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.board.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.board.setColumnWidth(0, 50)
        self.board.setColumnWidth(2, 120)
        self.model.setHeaderData(
            2,
            Qt.Orientation.Horizontal,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            Qt.ItemDataRole.TextAlignmentRole,
        )
        self.caption = QLabel(self)
        board_box = QGroupBox(self.tr("Papan peringkat kantor bulan ini"), self)
        board_layout = QVBoxLayout(board_box)
        board_layout.addWidget(self.caption)
        board_layout.addWidget(self.board)
        layout = QVBoxLayout(self)
        layout.addLayout(tiles)
        layout.addWidget(board_box, 1)

    def refresh(self) -> None:
        """Load the numbers in the background."""
        officer_id, today = self._officer.id, self._ctx.today()
        self._ctx.ops.read(
            lambda s: load_points(s, officer_id=officer_id, today=today),
            done=self._show,
            owner=self,
        )

    def _show(self, summary: PointsSummary) -> None:
        self.summary = summary
        language = self._ctx.language
        self.tiles["today"].setText(number(summary.today, language))
        self.tiles["week"].setText(number(summary.week, language))
        self.tiles["month"].setText(number(summary.month, language))
        self.caption.setText(
            self.tr("Sampai %1 · aturan poin versi %2")
            .replace("%1", date_long(summary.day, language, weekday=True))
            .replace("%2", str(point_rules.rules_for(summary.day).version))
        )
        self.model.removeRows(0, self.model.rowCount())
        bold = QFont(self.board.font())
        bold.setBold(True)
        for rank, row in enumerate(summary.leaderboard, start=1):
            items = [
                QStandardItem(str(rank)),
                QStandardItem(row.name),
                QStandardItem(number(row.points, language)),
            ]
            items[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if row.officer_id == self._officer.id:
                for item in items:
                    item.setFont(bold)
            self.model.appendRow(items)
        self.pointsLoaded.emit(summary)
