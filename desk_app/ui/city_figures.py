"""The city's figures for this office, read-only, for shift leads: what the governor's
dashboard says of this office (officers short or over the target, the recommended opening
hours, the slowest agencies, whether the office is a merge candidate), fetched with the
desk's own device secret."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk_app.common.formatting import WEEKDAYS, date_short, decimal, number, percent, trimmed
from desk_app.sync import office_figures
from desk_app.sync.client import SyncFailed
from desk_app.ui.context import DeskContext
from desk_app.ui.messages import describe_error
from desk_app.ui.sync_worker import describe_problem
from desk_app.ui.theme import ERROR_STYLE, QUIET_STYLE

WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TOP_AGENCIES = 5


class CityFiguresDialog(QDialog):
    """Loads on opening and on "Muat ulang"; shows the answer as a small read-only page."""

    figuresLoaded = Signal(object)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.loading = False
        self.setWindowTitle(self.tr("Angka kota untuk kantor ini"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setStyleSheet(QUIET_STYLE)
        self.view = QTextBrowser(self)
        self.view.setOpenLinks(False)
        self.reload_button = QPushButton(self.tr("Muat ulang"), self)
        self.reload_button.clicked.connect(self.refresh)
        buttons = QDialogButtonBox(self)
        close = buttons.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def refresh(self) -> bool:
        """Ask the city in the background; False while a request is still out."""
        if self.loading:
            return False
        self.loading = True
        self.reload_button.setEnabled(False)
        self.status.setStyleSheet(QUIET_STYLE)
        self.status.setText(self.tr("Memuat…"))
        db = self._ctx.db
        self._ctx.ops.run(
            lambda: office_figures.fetch(db),
            done=self.show_figures,
            failed=self._failed,
            owner=self,
        )
        return True

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.reload_button.setEnabled(True)
        self.status.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, SyncFailed):
            self.status.setText(describe_problem(exc.reason, str(exc), self._ctx.language))
        else:
            self.status.setText(describe_error(exc, self._ctx.language))

    def show_figures(self, data: dict[str, Any]) -> None:
        """Put the city's answer on screen."""
        self.loading = False
        self.reload_button.setEnabled(True)
        self.status.setStyleSheet(QUIET_STYLE)
        self.status.setText(self.period_text(data))
        self.view.setHtml(self.page_html(data))
        self.figuresLoaded.emit(data)

    # -- the text ------------------------------------------------------------------------

    def _n(self, value: Any, places: int = 1) -> str:
        if not isinstance(value, int | float):
            return "–"
        return trimmed(float(value), self._ctx.language, places)

    def period_text(self, data: dict[str, Any]) -> str:
        """The window the figures cover."""
        try:
            first, last = date.fromisoformat(data["from"]), date.fromisoformat(data["to"])
        except (KeyError, TypeError, ValueError):
            return ""
        language = self._ctx.language
        return (
            self.tr("Angka kota %1 s.d. %2, dari data yang sudah disinkronkan.")
            .replace("%1", date_short(first, language))
            .replace("%2", date_short(last, language))
        )

    def totals_html(self, totals: dict[str, Any]) -> str:
        """Arrivals, completed, wait and officer-hours."""
        language = self._ctx.language
        wait = totals.get("wait_mean_seconds")
        rows = [
            (self.tr("Kedatangan"), number(int(totals.get("arrivals") or 0), language)),
            (self.tr("Selesai"), number(int(totals.get("completed") or 0), language)),
            (
                self.tr("Rata-rata tunggu (menit)"),
                "–" if wait is None else decimal(float(wait) / 60, language, 1),
            ),
            (self.tr("Jam petugas"), self._n(totals.get("officer_hours"), 0)),
            (self.tr("Selesai per jam petugas"), self._n(totals.get("served_per_officer_hour"), 2)),
        ]
        return _table(rows)

    def staffing_html(self, staff: dict[str, Any] | None) -> str:
        """Officer-hours a week short of and beyond the target."""
        if not staff:
            return f"<p>{escape(self.tr('Belum ada data.'))}</p>"
        summary = staff.get("summary") or {}
        level = staff.get("target_level")
        seconds = staff.get("target_seconds")
        target = self.tr("Target: %1 warga dilayani dalam %2 menit.")
        target = target.replace(
            "%1", percent(float(level) if level is not None else 0.8, self._ctx.language)
        ).replace("%2", self._n(float(seconds or 900) / 60))
        rows = [
            (
                self.tr("Kurang petugas (jam-petugas per minggu)"),
                self._n(summary.get("officer_hours_missing_per_week")),
            ),
            (
                self.tr("Lebih petugas (jam-petugas per minggu)"),
                self._n(summary.get("officer_hours_wasted_per_week")),
            ),
            (self.tr("Jam kurang petugas per minggu"), self._n(summary.get("hours_under"), 0)),
        ]
        return f"<p>{escape(target)}</p>" + _table(rows)

    def opening_html(self, opening: dict[str, Any] | None) -> str:
        """The recommended window per weekday and the wasted hours."""
        if not opening:
            return f"<p>{escape(self.tr('Belum ada data.'))}</p>"
        names = WEEKDAYS.get(self._ctx.language, WEEKDAYS["id"])
        rows = []
        for day in opening.get("windows") or []:
            key = str(day.get("weekday", "")).lower()
            if key not in WEEKDAY_KEYS or WEEKDAY_KEYS.index(key) > 5:
                continue
            shown = (
                f"{day.get('start')}–{day.get('end')}"
                if day.get("open") and day.get("start")
                else self.tr("tutup")
            )
            rows.append((names[WEEKDAY_KEYS.index(key)], shown))
        wasted = len((opening.get("wasted_hours") or {}).get("hours") or [])
        rows.append((self.tr("Jam buka terbuang per minggu"), str(wasted)))
        return _table(rows)

    def agencies_html(self, agencies: dict[str, Any] | None) -> str:
        """The slowest agencies this office sends files to."""
        ranked = (agencies or {}).get("ranked") or []
        if not ranked:
            return f"<p>{escape(self.tr('Belum ada berkas yang diteruskan ke dinas.'))}</p>"
        rows = [
            (
                str(line.get("agency_code", "")),
                self.tr("median %1 hari").replace(
                    "%1",
                    self._n(line.get("median_days") or line.get("longest_observed_days")),
                ),
            )
            for line in ranked[:TOP_AGENCIES]
        ]
        return _table(rows)

    def merge_text(self, merge: list[dict[str, Any]]) -> str:
        """Whether the city lists this office as a merge candidate."""
        if not merge:
            return self.tr("Kantor ini tidak termasuk calon penggabungan.")
        neighbour = ((merge[0].get("merge") or {}).get("neighbour")) or "–"
        return self.tr(
            "Kantor ini termasuk calon penggabungan (sedikit warga per jam petugas); tetangga: %1."
        ).replace("%1", str(neighbour))

    def page_html(self, data: dict[str, Any]) -> str:
        """The whole read-only page."""
        sections = [
            (self.tr("Ringkasan"), self.totals_html(data.get("totals") or {})),
            (self.tr("Kekurangan dan kelebihan petugas"), self.staffing_html(data.get("staff"))),
            (self.tr("Jam buka yang disarankan"), self.opening_html(data.get("opening"))),
            (self.tr("Dinas paling lambat"), self.agencies_html(data.get("agencies"))),
            (
                self.tr("Penggabungan kantor"),
                f"<p>{escape(self.merge_text(data.get('merge') or []))}</p>",
            ),
        ]
        return "".join(f"<h3>{escape(title)}</h3>{body}" for title, body in sections)


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td>{escape(label)}</td><td align=right><b>{escape(value)}</b></td></tr>"
        for label, value in rows
    )
    return f"<table cellpadding=3>{cells}</table>"
