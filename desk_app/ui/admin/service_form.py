"""The admin's form for one service: edit any service, or add one of the office's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPlainTextEdit, QWidget
from sqlalchemy.orm import Session

from desk_app.office import catalogue, catalogue_admin
from desk_app.office.catalogue import ServiceInfo
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.formatting import level_label
from desk_app.ui.theme import NOTE_STYLE
from desk_app.ui.widgets.field import ValidatedField
from desk_app.ui.widgets.form_dialog import FormDialog


@dataclass(frozen=True)
class ServiceChange:
    """The typed values of one service; `code` empty: a new local service with `suffix`."""

    admin_id: str
    code: str
    suffix: str
    fields: catalogue_admin.ServiceFields


def _fee_shown(fee: int | None) -> str:
    return "" if fee is None else str(fee)


class ServiceDialog(FormDialog[ServiceChange, ServiceInfo]):
    """Name, agency, SLA, fee, documents and the active flag of a service."""

    def __init__(
        self,
        ctx: DeskContext,
        admin: OfficerInfo,
        service: ServiceInfo | None,
        *,
        prefix: str = "",
        parent: QWidget | None = None,
    ) -> None:
        adding = service is None
        super().__init__(
            ctx.ops,
            clock=ctx.clock,
            language=ctx.language,
            title=self.tr("Tambah layanan lokal") if adding else self.tr("Ubah layanan"),
            heading=self.tr(
                "Perubahan kantor ditandai sumber KANTOR. Bila kota menerbitkan kode ini lagi, "
                "versi kota yang berlaku. Berkas yang sudah diterima tetap memakai biaya dan "
                "waktu saat diterima."
            ),
            minimum_width=560,
            parent=parent,
        )
        self._admin = admin
        self._code = "" if service is None else service.code
        lang = ctx.language
        self.suffix = ValidatedField(placeholder=self.tr("mis. IMB-01"), language=lang)
        if adding:
            self.add_field("code", self.tr("Kode: %1").replace("%1", prefix + "…"), self.suffix)
        else:
            assert service is not None
            self.add_row(self.tr("Kode"), QLabel(service.code, self))
            source = QLabel(service.source or "–", self)
            source.setWordWrap(True)
            source.setStyleSheet(NOTE_STYLE)
            self.add_row(self.tr("Sumber"), source)
        self.name_id = self.add_field("name_id", self.tr("Nama"), ValidatedField(language=lang))
        self.name_en = self.add_field(
            "name_en", self.tr("Nama (Inggris)"), ValidatedField(language=lang)
        )
        self.level_box = QComboBox(self)
        for level in catalogue.LEVELS:
            self.level_box.addItem(level_label(level), level)
        self.add_row(self.tr("Tingkat"), self.level_box)
        self.agency_box = QComboBox(self)
        for code, name in sorted(ctx.catalogue.agency_names(lang).items(), key=lambda a: a[1]):
            self.agency_box.addItem(f"{name} ({code})", code)
        self.add_row(self.tr("Instansi"), self.agency_box)
        self.sla = self.add_field(
            "sla_working_days",
            self.tr("Waktu penyelesaian (hari kerja)"),
            ValidatedField(catalogue_admin.parse_sla, placeholder="0", language=lang),
        )
        self.fee = self.add_field(
            "fee_idr",
            self.tr("Biaya resmi (Rp)"),
            ValidatedField(
                catalogue_admin.parse_fee,
                placeholder=self.tr("0 = gratis, kosong = retribusi"),
                language=lang,
            ),
        )
        self.documents = QPlainTextEdit(self)
        self.documents.setPlaceholderText(self.tr("Satu dokumen per baris"))
        self.documents.setTabChangesFocus(True)
        self.add_row(self.tr("Dokumen persyaratan"), self.documents)
        self.active_box = QCheckBox(self.tr("Ditawarkan di penerimaan"), self)
        self.active_box.setChecked(True)
        self.add_row("", self.active_box)
        if service is not None:
            self._fill(service)

    def _fill(self, service: ServiceInfo) -> None:
        self.name_id.set_text(service.name_id)
        self.name_en.set_text(service.name_en)
        self.level_box.setCurrentIndex(max(0, self.level_box.findData(service.level)))
        found = self.agency_box.findData(service.agency_code)
        if found < 0:  # an agency the catalogue names only in its note: keep it unchosen
            self.agency_box.insertItem(0, service.agency_name or "–", None)
            found = 0
        self.agency_box.setCurrentIndex(found)
        self.sla.set_text(str(service.sla_working_days))
        self.fee.set_text(_fee_shown(service.fee_idr))
        self.documents.setPlainText("\n".join(service.required_documents))
        self.active_box.setChecked(service.active)
        self.active_box.setEnabled(not service.is_other)

    def read(self) -> ServiceChange:
        """The typed values."""
        agency = self.agency_box.currentData()
        fields = catalogue_admin.ServiceFields(
            name_id=self.name_id.text(),
            name_en=self.name_en.text(),
            level=str(self.level_box.currentData()),
            agency_code=None if agency is None else str(agency),
            sla=self.sla.text(),
            fee=self.fee.text(),
            documents=self.documents.toPlainText(),
            active=self.active_box.isChecked(),
        )
        return ServiceChange(self._admin.id, self._code, self.suffix.text(), fields)

    def apply(self, session: Session, change: ServiceChange, now: datetime) -> ServiceInfo:
        """Edit (`service.changed`) or add (`service.added`) the service."""
        if change.code:
            return catalogue_admin.change_service(
                session, actor_id=change.admin_id, code=change.code, fields=change.fields, now=now
            )
        return catalogue_admin.add_local_service(
            session, actor_id=change.admin_id, suffix=change.suffix, fields=change.fields, now=now
        )
