"""The status bar's word on sync: online or not, what waits, the last sync, clock, problems.

It also says when a city catalogue was applied during this session: the counter screens
loaded theirs at start-up, so the new one shows after Loket is opened again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from desk_app.common.formatting import date_time, number, time_of_day
from desk_app.common.workdays import local_day
from desk_app.sync import state
from desk_app.ui.context import DeskContext
from desk_app.ui.sync_worker import SyncWorker, describe_problem
from desk_app.ui.theme import ERROR_STYLE

SKEW_SHOWN_S = 120.0  # a desk clock this far off is worth a word (ordering never uses it)


class ElidedLabel(QLabel):
    """One line that ends in "…" when the status bar is too narrow (the window never grows)."""

    MINIMUM_WIDTH = 120

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def full_text(self) -> str:
        """The whole text, however much of it shows."""
        return self._full

    def set_full_text(self, text: str) -> None:
        """Show `text`, shortened to the width the label gets."""
        self._full = text
        self.updateGeometry()
        # Whole for now; shortened once the layout has given the label its new width.
        self.setText(text)
        QTimer.singleShot(0, self, self._elide)

    def sizeHint(self) -> QSize:
        """Wide enough for the whole text."""
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right()
        return QSize(width + 2, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """Narrow: the other labels of the status bar keep their room."""
        return QSize(min(self.MINIMUM_WIDTH, self.sizeHint().width()), super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Shorten the text again for the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        self.setText(shown)


class SyncIndicator(QWidget):
    """Two labels: the sync state, and (in red) a wrong clock or a problem."""

    def __init__(self, ctx: DeskContext, worker: SyncWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker = worker
        self.state = ElidedLabel(self)
        self.state.set_full_text(self.tr("Sinkron: –"))
        self.problem = ElidedLabel(self)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(12)
        layout.addWidget(self.state)
        layout.addWidget(self.problem)
        worker.changed.connect(self.show_state)

    def text(self) -> str:
        """Everything the indicator says, as one line (for tests and screen readers)."""
        shown = [self.state.full_text()]
        if not self.problem.isHidden():
            shown.append(self.problem.full_text())
        return " · ".join(shown)

    def show_state(self) -> None:
        """Say what the worker knows now."""
        self.state.set_full_text(self.state_text())
        # The whole state too: a narrow status bar shortens it to "…".
        self.state.setToolTip(self.state.full_text() + "\n\n" + self.details())
        problem = self.problem_text()
        self.problem.set_full_text(problem)
        self.problem.setToolTip(self.details())
        self.problem.setVisible(bool(problem))

    # -- the words -------------------------------------------------------------------------

    def state_text(self) -> str:
        """ "Daring · Semua terkirim · Sinkron 14:30", "Luring · 3 kejadian menunggu · ..."."""
        worker, status = self.worker, self.worker.status
        if status is None:
            return self.tr("Sinkron: –")
        if not status.enrolled:
            return self.tr("Belum terdaftar ke kota")
        parts: list[str] = []
        if worker.running and worker.manual:
            parts.append(self.tr("Menyinkronkan…"))
        elif worker.online is True:
            parts.append(self.tr("Daring"))
        elif worker.online is False:
            parts.append(self.tr("Luring"))
        if status.waiting:
            parts.append(self.tr("%n kejadian menunggu", "", status.waiting))
        else:
            parts.append(self.tr("Semua terkirim"))
        if status.last_ok is not None:
            parts.append(self.tr("Sinkron %1").replace("%1", self._when(status.last_ok)))
        if worker.catalogue_applied is not None:
            parts.append(
                self.tr("Katalog kota v%1 berlaku setelah Loket dibuka ulang").replace(
                    "%1", str(worker.catalogue_applied)
                )
            )
        if worker.stopped:
            parts.append(self.tr("Sinkron berhenti"))
        elif worker.failure is not None and worker.next_delay_s is not None:
            retry = self.ctx.now() + timedelta(seconds=worker.next_delay_s)
            parts.append(self.tr("Coba lagi %1").replace("%1", self._when(retry)))
        return " · ".join(parts)

    def problem_text(self) -> str:
        """A clock far off and any problem, in plain words; empty when all is well."""
        status = self.worker.status
        if status is None or not status.enrolled:
            return ""
        parts: list[str] = []
        if status.skew_s is not None and abs(status.skew_s) > SKEW_SHOWN_S:
            parts.append(self.skew_text(status.skew_s))
        failure = self.worker.failure
        language = self.ctx.language
        if failure is not None and failure.reason != state.UNREACHABLE:  # "Luring" says that
            parts.append(describe_problem(failure.reason, failure.detail, language))
        elif status.problem:
            parts.append(describe_problem(status.problem_reason, status.problem, language))
        if self.worker.catalogue_problem:
            problem = self.worker.catalogue_problem
            parts.append(describe_problem(state.BAD_CATALOGUE, problem, language))
        return " · ".join(parts)

    def skew_text(self, skew_s: float) -> str:
        """How far off the desk's clock is: "Jam meja 3 hari lebih cepat" (ahead of the city)."""
        seconds = abs(skew_s)
        ahead = skew_s > 0
        if seconds < 2 * 3600:
            n = round(seconds / 60)
            if ahead:
                return self.tr("Jam meja %n menit lebih cepat", "", n)
            return self.tr("Jam meja %n menit lebih lambat", "", n)
        if seconds < 2 * 86400:
            n = round(seconds / 3600)
            if ahead:
                return self.tr("Jam meja %n jam lebih cepat", "", n)
            return self.tr("Jam meja %n jam lebih lambat", "", n)
        n = round(seconds / 86400)
        if ahead:
            return self.tr("Jam meja %n hari lebih cepat", "", n)
        return self.tr("Jam meja %n hari lebih lambat", "", n)

    def details(self) -> str:
        """The tooltip: server, positions, the technical detail of a problem."""
        status = self.worker.status
        if status is None or not status.enrolled:
            return self.tr("Daftarkan meja ini ke server kota di Pengaturan (Ctrl+,).")
        language = self.ctx.language
        lines = [
            self.tr("Server kota: %1").replace("%1", status.server),
            self.tr("Kejadian meja ini: %1; diterima kota: %2")
            .replace("%1", number(status.head_seq, language))
            .replace("%2", number(status.acked_seq, language)),
            self.tr("Sinkronkan sekarang: F12"),
        ]
        failure = self.worker.failure
        detail = failure.detail if failure is not None else status.problem
        if detail:
            lines.append(self.tr("Rincian: %1").replace("%1", detail))
        return "\n".join(lines)

    def _when(self, moment: datetime) -> str:
        """A moment: "14:30" today, "25/11/2026 14:30" another day."""
        if local_day(moment) == self.ctx.today():
            return time_of_day(moment, self.ctx.language)
        return date_time(moment, self.ctx.language)
