"""The admin's catalogue screen: every service with its origin and source; edit or add.

Origin: "bawaan" (the shipped catalogue), "kota" (the city published it), "kantor" (this
office edited or added it). After each change `catalogueChanged` carries the fresh
catalogue, so intake offers it at once.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from desk_app.office import catalogue, catalogue_admin
from desk_app.office.catalogue import ServiceInfo
from desk_app.office.catalogue_admin import CatalogueRow
from desk_app.office.meta import OFFICE_CODE, meta_value
from desk_app.office.officers import OfficerInfo
from desk_app.ui.admin.service_form import ServiceDialog
from desk_app.ui.context import Catalogue, DeskContext
from desk_app.ui.formatting import fee_text, sla_text
from desk_app.ui.messages import describe_error
from desk_app.ui.theme import ERROR_STYLE, QUIET_STYLE
from desk_app.ui.widgets.rows import LATE, RowsModel, rows_table


def fresh_catalogue(session: Session) -> Catalogue:
    """The catalogue as the counter screens hold it, read anew."""
    return Catalogue(
        services=tuple(catalogue.list_services(session, include_inactive=True)),
        agencies=tuple(catalogue.list_agencies(session)),
    )


class CatalogueDialog(QDialog):
    """The catalogue as the admin manages it."""

    catalogueChanged = Signal(object)  # the fresh ui.context.Catalogue

    def __init__(self, ctx: DeskContext, admin: OfficerInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._admin = admin
        self._rows: list[CatalogueRow] = []
        self._wanted = ""
        self.form: ServiceDialog | None = None
        self.setWindowTitle(self.tr("Katalog layanan"))
        self.setMinimumSize(900, 520)
        self.model = RowsModel(
            [
                self.tr("Kode"),
                self.tr("Nama"),
                self.tr("Biaya"),
                self.tr("Waktu"),
                self.tr("Instansi"),
                self.tr("Aktif"),
                self.tr("Asal"),
                self.tr("Sumber"),
            ],
            parent=self,
        )
        self.table = rows_table(self.model, self, stretch=1)
        self.legend = QLabel(
            self.tr(
                "Asal: bawaan = katalog yang dikirim bersama Loket; kota = diterbitkan kota; "
                "kantor = diubah atau ditambah kantor ini (terbitan kota berikutnya untuk kode "
                "yang sama menggantikannya)."
            ),
            self,
        )
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet(QUIET_STYLE)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.edit_button = QPushButton(self.tr("Ubah…"), self)
        self.add_button = QPushButton(self.tr("Tambah layanan lokal…"), self)
        close = QPushButton(self.tr("Tutup"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.edit_button.clicked.connect(self.edit_selected)
        self.add_button.clicked.connect(self.add_service)
        self.table.doubleClicked.connect(self.edit_selected)
        close.clicked.connect(self.reject)
        self.reload()

    def _origin(self, origin: str) -> str:
        names = {
            catalogue_admin.ORIGIN_SHIPPED: self.tr("bawaan"),
            catalogue_admin.ORIGIN_CITY: self.tr("kota"),
            catalogue_admin.ORIGIN_OFFICE: self.tr("kantor"),
        }
        return names.get(origin, origin)

    def reload(self) -> None:
        """Fetch the catalogue in the background."""
        self._ctx.ops.read(
            catalogue_admin.list_catalogue, done=self._show, failed=self._failed, owner=self
        )

    def _show(self, rows: list[CatalogueRow]) -> None:
        picked = self.selected()
        wanted = self._wanted or (picked.code if picked is not None else "")
        self._wanted = ""
        self._rows = rows
        lang = self._ctx.language
        self.model.set_rows(
            [
                (
                    r.service.code,
                    r.service.name_en if lang == "en" and r.service.name_en else r.service.name_id,
                    fee_text(r.service.fee_idr, lang),
                    sla_text(r.service.sla_working_days),
                    r.service.agency_name,
                    self.tr("ya") if r.service.active else self.tr("tidak"),
                    self._origin(r.origin),
                    r.service.source,
                )
                for r in rows
            ],
            keys=[r.service.code for r in rows],
            tones=["" if r.service.active else LATE for r in rows],
        )
        row = self.model.row_of(wanted)
        if row >= 0:
            self.table.selectRow(row)

    def selected(self) -> ServiceInfo | None:
        """The service of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()].service if rows else None

    def select(self, code: str) -> None:
        """Select a service's row."""
        row = self.model.row_of(code)
        if row >= 0:
            self.table.selectRow(row)

    def edit_selected(self) -> ServiceDialog | None:
        """Open the form for the selected service."""
        service = self.selected()
        if service is None:
            return None
        return self._open(ServiceDialog(self._ctx, self._admin, service, parent=self))

    def add_service(self) -> None:
        """Open the form for a new local service (its code prefix is read first)."""

        def prefix(session: Session) -> str:
            return catalogue_admin.local_prefix(meta_value(session, OFFICE_CODE))

        self._ctx.ops.read(prefix, done=self._open_new, failed=self._failed, owner=self)

    def _open_new(self, prefix: str) -> None:
        self._open(ServiceDialog(self._ctx, self._admin, None, prefix=prefix, parent=self))

    def _open(self, form: ServiceDialog) -> ServiceDialog:
        self.form = form
        form.succeeded.connect(self._changed)
        form.finished.connect(self._form_closed)
        form.open()
        return form

    def _form_closed(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None

    def _changed(self, service: ServiceInfo) -> None:
        self.message.clear()
        self._wanted = service.code
        self.reload()

        self._ctx.ops.read(fresh_catalogue, done=self.catalogueChanged.emit, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(describe_error(exc, self._ctx.language))
