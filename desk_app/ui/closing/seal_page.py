"""Step 4 of the day close: seal in the background, then reports, backup and where they are."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desk_app.closing.backup import backup_folder
from desk_app.closing.dayclose import DayCloseBlocked, Preconditions, closes_today
from desk_app.closing.work import REPORTS_DIR, SealOutcome, seal_day
from desk_app.common.errors import PermissionDenied, SealedDayError, ValidationError
from desk_app.common.formatting import date_long, date_time
from desk_app.common.messages import render
from desk_app.ui.closing.state import CloseState
from desk_app.ui.messages import describe_error
from desk_app.ui.theme import ERROR_STYLE


class SealPage(QWizardPage):
    """One button seals the day; the wizard can only finish once it is sealed."""

    sealed = Signal(object)

    def __init__(self, state: CloseState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.outcome: SealOutcome | None = None
        self.running = False
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.setTitle(self.tr("4. Tutup dan segel"))
        self.setSubTitle(self.tr("Sekali disegel, hari itu tidak bisa diubah lagi."))
        self.plan = QLabel(self)
        self.plan.setWordWrap(True)
        # Closing today stops every colleague's recording for the rest of the day: say so,
        # and seal only once the lead has ticked that they understand.
        self.today_warning = QLabel(self)
        self.today_warning.setWordWrap(True)
        self.today_warning.setStyleSheet(ERROR_STYLE)
        self.today_warning.hide()
        self.confirm_today = QCheckBox(
            self.tr("Saya mengerti: sesudah disegel, tidak ada yang dapat mencatat lagi hari ini"),
            self,
        )
        self.confirm_today.hide()
        self.seal_button = QPushButton(self.tr("&Tutup dan segel hari"), self)
        self.seal_button.setToolTip(self.tr("Segel hari, tulis laporan, buat cadangan (Alt+T)"))
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.open_folder_button = QPushButton(self.tr("Buka folder &laporan"), self)
        self.open_folder_button.hide()
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal_button)
        seal_row.addStretch(1)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.open_folder_button)
        folder_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.plan)
        layout.addWidget(self.today_warning)
        layout.addWidget(self.confirm_today)
        layout.addLayout(seal_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        layout.addLayout(folder_row)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.seal_button.clicked.connect(self.seal)
        self.confirm_today.toggled.connect(self._update_seal_button)
        self.open_folder_button.clicked.connect(self.open_folder)

    def initializePage(self) -> None:
        """Say what sealing will do, and what is left open with which reason."""
        state = self._state
        day = date_long(state.day, state.language, weekday=True)
        lines = [
            self.tr("Menutup <b>%1</b>:").replace("%1", day),
            "• " + self.tr("hari itu disegel: tidak ada lagi perubahan bertanggal hari itu;"),
            "• "
            + self.tr("laporan PDF, CSV dan XLSX ditulis ke %1;").replace(
                "%1", escape(str(state.ctx.data_dir / REPORTS_DIR))
            ),
            "• "
            + self.tr("cadangan database dibuat di %1.").replace(
                "%1", escape(str(backup_folder(state.ctx.data_dir)))
            ),
        ]
        own = state.checks.own_shift if state.checks is not None else None
        if own is not None:
            lines.append(
                "• "
                + self.tr("absen Anda (masuk sejak %1) ditutup saat hari disegel.").replace(
                    "%1", date_time(own.started_at, state.language)
                )
            )
        left = state.acknowledged
        if left:
            lines.append(
                self.tr("Dibiarkan terbuka: %1; alasannya: %2")
                .replace("%1", str(len(left)))
                .replace("%2", escape(state.reason))
            )
        self.plan.setText("<br>".join(lines))
        today = self.closing_today()
        self.today_warning.setText(
            render("day.close_today", state.language, {"day": f"{state.day:%d-%m-%Y}"})
            if today
            else ""
        )
        self.today_warning.setVisible(today)
        self.confirm_today.setVisible(today)
        self.confirm_today.setChecked(False)
        self._update_seal_button()
        self.error.clear()
        self.seal_button.setDefault(True)
        (self.confirm_today if today else self.seal_button).setFocus()

    def closing_today(self) -> bool:
        """True when the day being closed is today (colleagues are still at work)."""
        return closes_today(self._state.day, now=self._state.ctx.now())

    def _confirmed(self) -> bool:
        return not self.confirm_today.isVisibleTo(self) or self.confirm_today.isChecked()

    def _update_seal_button(self) -> None:
        if not self.running and self.outcome is None:
            self.seal_button.setEnabled(self._confirmed())

    def isComplete(self) -> bool:
        """Finishing is possible only once the day is sealed."""
        return self.outcome is not None

    def seal(self) -> None:
        """Close the day, write the reports and back up, all in the background."""
        if self.running or self.outcome is not None or not self._confirmed():
            return
        state = self._state
        ctx = state.ctx
        db, folder, lead_id, day, now = ctx.db, ctx.data_dir, state.lead.id, state.day, ctx.now()
        acknowledged, reason = state.acknowledged, state.reason
        self.running = True
        self.seal_button.setEnabled(False)
        self.progress.show()
        self.error.clear()
        self.result.setText(self.tr("Menutup hari, menulis laporan dan membuat cadangan…"))
        ctx.ops.run(
            lambda: seal_day(
                db,
                folder,
                lead_id=lead_id,
                day=day,
                now=now,
                acknowledged=acknowledged,
                reason=reason,
            ),
            done=self._done,
            failed=self._failed,
            owner=self,
        )

    def _done(self, outcome: SealOutcome) -> None:
        self.running = False
        self.outcome = outcome
        self._state.closed = outcome.close
        self.progress.hide()
        self.seal_button.hide()
        close = outcome.close
        lines = [
            "<b>"
            + self.tr("%1 ditutup dan disegel oleh %2.")
            .replace("%1", date_long(close.day, self._state.language, weekday=True))
            .replace("%2", escape(close.closed_by_name))
            + "</b>"
        ]
        if outcome.files:
            lines.append(self.tr("Laporan:"))
            lines += [f"&nbsp;&nbsp;{escape(str(path))}" for path in outcome.files]
        if outcome.backup is not None:
            lines.append(self.tr("Cadangan: %1").replace("%1", escape(str(outcome.backup))))
        self.result.setText("<br>".join(lines))
        problems = []
        if outcome.report_error is not None:
            problems.append(
                self.tr(
                    "Laporan gagal ditulis: %1 Hari tetap tersegel; tulis ulang dengan "
                    "`desk-app close-day --date %2 --report-only`."
                )
                .replace("%1", describe_error(outcome.report_error, self._state.language))
                .replace("%2", close.day.isoformat())
            )
        if outcome.backup_error is not None:
            problems.append(
                self.tr("Cadangan gagal dibuat: %1 Jalankan `desk-app backup`.").replace(
                    "%1", describe_error(outcome.backup_error, self._state.language)
                )
            )
        self.error.setText("<br>".join(problems))
        self.open_folder_button.setVisible(bool(outcome.files))
        self.open_folder_button.setFocus()
        self.completeChanged.emit()
        self.sealed.emit(close)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.progress.hide()
        self.result.clear()
        self.seal_button.setEnabled(True)
        self.error.setText(self.error_text(exc))

    def open_folder(self) -> None:
        """Show the report folder in the file manager."""
        if self.outcome is not None:
            self.open_url(QUrl.fromLocalFile(str(self.outcome.folder)))

    def error_text(self, exc: BaseException) -> str:
        """What stopped the close, in the lead's language, and what to do."""
        if isinstance(exc, DayCloseBlocked):
            return (
                self.tr(
                    "%1 belum dapat ditutup: %2. Kembali ke langkah 2, tekan Periksa ulang, "
                    "lalu selesaikan atau centang yang dibiarkan dan tulis alasannya."
                )
                .replace("%1", date_long(exc.preconditions.day, self._state.language, weekday=True))
                .replace("%2", self.outstanding_text(exc.preconditions))
            )
        if isinstance(exc, SealedDayError):
            return (
                describe_error(exc, self._state.language)
                + " "
                + self.tr("Hari yang tersegel tidak bisa diubah lagi; tutup wizard ini.")
            )
        if isinstance(exc, PermissionDenied):
            return (
                describe_error(exc, self._state.language)
                + " "
                + self.tr("Hanya koordinator atau admin yang dapat menutup hari.")
            )
        if isinstance(exc, ValidationError) and exc.field == "day":
            return (
                describe_error(exc, self._state.language)
                + " "
                + self.tr("Pilih hari lain di langkah 1.")
            )
        if isinstance(exc, ValidationError) and exc.field == "reason":
            return (
                describe_error(exc, self._state.language)
                + " "
                + self.tr("Tulis alasannya di langkah 2.")
            )
        return describe_error(exc, self._state.language)

    def outstanding_text(self, checks: Preconditions) -> str:
        """E.g. "2 tanda terima belum dicetak, 1 petugas masih absen masuk"."""
        parts = []
        if checks.unprinted_receipts:
            parts.append(
                self.tr("tanda terima belum dicetak: %1").replace(
                    "%1", str(len(checks.unprinted_receipts))
                )
            )
        if checks.clocked_in:
            parts.append(
                self.tr("petugas masih absen masuk: %1").replace("%1", str(len(checks.clocked_in)))
            )
        if checks.not_started:
            parts.append(
                self.tr("berkas belum diproses: %1").replace("%1", str(len(checks.not_started)))
            )
        return ", ".join(parts)
