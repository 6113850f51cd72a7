"""Intake at the counter: one keyboard-first form from service to tracking number."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.common.errors import SealedDayError, ValidationError
from desk_app.common.validation import validate_name, validate_nik, validate_phone, validate_text
from desk_app.counter import tasks
from desk_app.counter.tasks import TaskView
from desk_app.office.catalogue import ServiceInfo
from desk_app.office.officers import OfficerInfo
from desk_app.ui.closing.sealed_notice import SealedDayNotice
from desk_app.ui.context import Catalogue, DeskContext
from desk_app.ui.formatting import fee_text, sla_text
from desk_app.ui.messages import describe_error, field_message
from desk_app.ui.receipt_hook import PrintOutcome, ReceiptPrinter
from desk_app.ui.theme import ERROR_STYLE, NOTE_STYLE
from desk_app.ui.widgets.checklist import DocumentChecklist
from desk_app.ui.widgets.field import ValidatedField
from desk_app.ui.widgets.service_picker import ServicePicker

logger = logging.getLogger(__name__)

MAX_HANDLING_SECONDS = 86_400


@dataclass(frozen=True)
class IntakeResult:
    """A saved task and, once it is known, what became of its receipt."""

    task: TaskView
    receipt: PrintOutcome | None = None


def _nik_eager(text: str) -> bool:
    """Complain while typing only once the NIK is complete or has a non-digit."""
    compact = text.replace(" ", "").replace(".", "").replace("-", "")
    return len(compact) >= 16 or not compact.isdigit()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class IntakePage(QWidget):
    """Service picker, requirements checklist and applicant fields; Ctrl+S saves."""

    taskSaved = Signal(object)
    openRequested = Signal(str)

    def __init__(
        self,
        ctx: DeskContext,
        officer: OfficerInfo,
        receipts: ReceiptPrinter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._officer = officer
        self._receipts = receipts
        self._service: ServiceInfo | None = None
        self._saving = False
        self._started: datetime | None = None  # the first input for this citizen
        self.last_result: IntakeResult | None = None
        # Set by the workspace: returns a hook (session, task, now) that links the saved task
        # to the queue ticket being served, in the intake's transaction; None without one.
        self.ticket_link: Callable[[], Any] | None = None

        self.picker = ServicePicker(self)
        self.picker.set_services(ctx.catalogue.offered, ctx.language)
        self.service_error = QLabel(self)
        self.service_error.setStyleSheet(ERROR_STYLE)
        self.service_error.setWordWrap(True)
        self.service_error.hide()
        service_box = QGroupBox(self.tr("1. Layanan"), self)
        service_layout = QVBoxLayout(service_box)
        service_layout.addWidget(self.picker)
        service_layout.addWidget(self.service_error)

        self.service_title = QLabel(self.tr("Pilih layanan di sebelah kiri."), self)
        self.service_title.setWordWrap(True)
        bold = QFont(self.service_title.font())
        bold.setBold(True)
        self.service_title.setFont(bold)
        self.sla_label = QLabel("–", self)
        self.fee_label = QLabel("–", self)
        self.agency_label = QLabel("–", self)
        self.agency_label.setWordWrap(True)
        self.source_label = QLabel(self)
        self.source_label.setStyleSheet(NOTE_STYLE)
        self.source_label.setWordWrap(True)
        self.checklist = DocumentChecklist(self)
        self.check_all_button = QPushButton(self.tr("Centang semua"), self)
        self.check_all_button.setToolTip(self.tr("Semua dokumen diterima (Ctrl+D)"))
        self.documents_error = QLabel(self)
        self.documents_error.setStyleSheet(ERROR_STYLE)
        self.documents_error.hide()
        info_box = QGroupBox(self.tr("2. Persyaratan"), self)
        info_form = QFormLayout()
        info_form.addRow(self.tr("Waktu penyelesaian"), self.sla_label)
        info_form.addRow(self.tr("Biaya resmi"), self.fee_label)
        info_form.addRow(self.tr("Instansi"), self.agency_label)
        docs_scroll = QScrollArea(self)
        docs_scroll.setWidgetResizable(True)
        docs_scroll.setFrameShape(QFrame.Shape.NoFrame)
        docs_scroll.setWidget(self.checklist)
        docs_header = QHBoxLayout()
        docs_header.addWidget(QLabel(self.tr("Dokumen yang diterima:"), self), 1)
        docs_header.addWidget(self.check_all_button)
        info_layout = QVBoxLayout(info_box)
        info_layout.addWidget(self.service_title)
        info_layout.addLayout(info_form)
        info_layout.addWidget(self.source_label)
        info_layout.addLayout(docs_header)
        info_layout.addWidget(docs_scroll, 1)
        info_layout.addWidget(self.documents_error)

        self.nik = ValidatedField(
            lambda text: validate_nik(text, today=ctx.today()),
            placeholder=self.tr("16 digit"),
            eager=_nik_eager,
            language=ctx.language,
        )
        self.nik.edit.setMaxLength(24)
        self.name = ValidatedField(
            validate_name, placeholder=self.tr("sesuai KTP"), language=ctx.language
        )
        self.phone = ValidatedField(
            validate_phone,
            placeholder=self.tr("opsional, mis. 0812 3456 7890"),
            language=ctx.language,
        )
        self.description = ValidatedField(
            lambda t: validate_text(t, field="description", max_len=1000, required=True),
            placeholder=self.tr("permohonan apa? (wajib untuk Lainnya)"),
            language=ctx.language,
        )
        self.description.edit.setMaxLength(1000)
        self.fields: dict[str, ValidatedField] = {
            "nik": self.nik,
            "name": self.name,
            "phone": self.phone,
            "description": self.description,
        }
        applicant_box = QGroupBox(self.tr("3. Pemohon"), self)
        self.applicant_form = QFormLayout(applicant_box)
        self.applicant_form.addRow(self.tr("NIK"), self.nik)
        self.applicant_form.addRow(self.tr("Nama"), self.name)
        self.applicant_form.addRow(self.tr("Telepon"), self.phone)
        self.applicant_form.addRow(self.tr("Keterangan"), self.description)

        self.save_button = QPushButton(self.tr("Simpan"), self)
        self.save_button.setToolTip(self.tr("Simpan dan buat nomor berkas (Ctrl+S)"))
        self.new_button = QPushButton(self.tr("Formulir baru"), self)
        self.new_button.setToolTip(self.tr("Kosongkan formulir (Ctrl+N)"))
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Buka berkas"), self)
        self.open_button.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.new_button)
        actions.addWidget(self.result, 1)
        actions.addWidget(self.open_button)

        grid = QGridLayout(self)
        grid.addWidget(service_box, 0, 0, 2, 1)
        grid.addWidget(info_box, 0, 1)
        grid.addWidget(applicant_box, 1, 1)
        grid.addLayout(actions, 2, 0, 1, 2)
        self.sealed_notice = SealedDayNotice(ctx, self)  # today closed by a lead: says so
        grid.addWidget(self.sealed_notice, 3, 0, 1, 2)
        self.sealed_notice.refresh()
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        grid.setRowStretch(0, 1)

        self._set_tab_order()
        self.picker.serviceChosen.connect(self._on_service)
        # Handling time starts with the first thing the officer does for this citizen.
        self.picker.search.textEdited.connect(self._begin)
        self.picker.serviceChosen.connect(self._begin)
        self.checklist.changed.connect(self._begin)
        for field in self.fields.values():
            field.edit.textEdited.connect(self._begin)
        self.check_all_button.clicked.connect(self.checklist.check_all)
        self.nik.edit.returnPressed.connect(self.name.setFocus)
        self.name.edit.returnPressed.connect(self.phone.setFocus)
        self.phone.edit.returnPressed.connect(self._on_phone_enter)
        self.description.edit.returnPressed.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.new_form)
        self.open_button.clicked.connect(self._open_saved)
        receipts.receiptHandled.connect(self._on_receipt)
        self._show_service(None)

    # -- public ----------------------------------------------------------------------------

    def new_form(self) -> None:
        """Empty the form for the next applicant; their time starts at their first input."""
        self.picker.clear()
        self._show_service(None)
        for field in self.fields.values():
            field.set_text("")
        self._started = None
        self.picker.setFocus()

    def handling_seconds(self, now: datetime | None = None) -> int:
        """Seconds from the first input into this form until `now` (0 before any input).

        The idle time between two citizens belongs to neither, so the count starts at the
        first input, not when the form was emptied. Bounded as the service requires.
        """
        if self._started is None:
            return 0
        elapsed = ((now or self._ctx.now()) - self._started).total_seconds()
        return min(max(int(elapsed), 0), MAX_HANDLING_SECONDS)

    def check_all_documents(self) -> None:
        """Tick every required document (Ctrl+D)."""
        self.checklist.check_all()

    def save(self) -> None:
        """Validate, then create the task in the background; typed data stays on failure."""
        if self._saving:
            return
        if not self._validate_locally():
            return
        service = self._service
        assert service is not None
        code, nik, name, phone = service.code, self.nik.text(), self.name.text(), self.phone.text()
        description = self.description.text() if service.is_other else ""
        documents = self.checklist.checked_documents()
        ctx, officer = self._ctx, self._officer
        now = ctx.now()  # the moment the officer pressed save
        seconds = self.handling_seconds(now)
        link = self.ticket_link() if self.ticket_link is not None else None
        self._saving = True
        self.save_button.setEnabled(False)
        self._set_result(self.tr("Menyimpan…"), error=False)

        def work() -> IntakeResult:
            with ctx.db.write() as session:
                view = tasks.receive_task(
                    session,
                    actor_id=officer.id,
                    service_code=code,
                    nik=nik,
                    name=name,
                    phone=phone,
                    description=description,
                    documents_received=documents,
                    handling_seconds=seconds,
                    now=now,
                )
                if link is not None:
                    link(session, view, now)
            return IntakeResult(view)

        ctx.ops.run(work, done=self._on_saved, failed=self._on_failed, owner=self)

    # -- internals -------------------------------------------------------------------------

    def _begin(self, *_args: object) -> None:
        """The officer's first input into a fresh form: this citizen's handling starts now."""
        if self._started is None:
            self._started = self._ctx.now()

    def _set_tab_order(self) -> None:
        """Tab runs service, documents, NIK, name, phone (description for Lainnya), save."""
        chain: list[QWidget] = [
            self.picker.search,
            self.check_all_button,
            *self.checklist.boxes,
            self.nik.edit,
            self.name.edit,
            self.phone.edit,
            self.description.edit,
            self.save_button,
        ]
        for before, after in itertools.pairwise(chain):
            self.setTabOrder(before, after)

    def _validate_locally(self) -> bool:
        ok = True
        first_bad: QWidget | None = None
        if self._service is None:
            self._show_service_error(self.tr("Pilih layanan dulu."))
            first_bad = self.picker
            ok = False
        checks = [self.nik, self.name, self.phone]
        if self._service is not None and self._service.is_other:
            checks.append(self.description)
        for field in checks:
            if not field.check():
                ok = False
                first_bad = first_bad or field
        if first_bad is not None:
            first_bad.setFocus()
        return ok

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """An admin changed the catalogue: offer it from now on (what is typed stays)."""
        self._ctx = replace(self._ctx, catalogue=catalogue)
        self.picker.set_services(catalogue.offered, self._ctx.language)
        if self._service is not None:
            self._show_service(catalogue.service(self._service.code))

    def _on_service(self, code: str) -> None:
        self._show_service(self._ctx.catalogue.service(code))
        self.service_error.hide()
        if self.checklist.boxes:
            self.checklist.boxes[0].setFocus()
        else:
            self.nik.setFocus()

    def _show_service(self, service: ServiceInfo | None) -> None:
        self._service = service
        self.documents_error.hide()
        is_other = service is not None and service.is_other
        self.description.setVisible(is_other)
        label = self.applicant_form.labelForField(self.description)
        if label is not None:
            label.setVisible(is_other)
        if service is None:
            self.service_title.setText(self.tr("Pilih layanan di sebelah kiri."))
            for widget in (self.sla_label, self.fee_label, self.agency_label):
                widget.setText("–")
            self.source_label.hide()
            self.checklist.set_documents(())
            return
        self.service_title.setText(
            self._ctx.catalogue.service_name(service.code, self._ctx.language)
        )
        self.sla_label.setText(sla_text(service.sla_working_days))
        self.fee_label.setText(fee_text(service.fee_idr, self._ctx.language))
        self.agency_label.setText(service.agency_name or "–")
        self.source_label.setText(
            self.tr("Data layanan ini masih perkiraan; periksa ketentuan terbaru.")
        )
        self.source_label.setVisible(not service.source_confirmed)
        self.checklist.set_documents(service.required_documents)
        self._set_tab_order()  # the new checkboxes go between the service and the NIK

    def _on_phone_enter(self) -> None:
        if self._service is not None and self._service.is_other:
            self.description.setFocus()
        else:
            self.save()

    def _show_service_error(self, message: str) -> None:
        self.service_error.setText(message)
        self.service_error.show()

    def _set_result(self, text: str, *, error: bool) -> None:
        self.result.setStyleSheet(ERROR_STYLE if error else "")
        self.result.setText(text)

    def _on_saved(self, result: IntakeResult) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.last_result = result
        self._show_saved(result.task, self.tr("Menyiapkan tanda terima…"), error=False)
        self.open_button.show()
        self.new_form()
        self.taskSaved.emit(result.task)
        # The task is committed (invariant 1): only now is its receipt rendered and printed.
        self._receipts.issue(result.task.id, "intake")

    def _on_receipt(self, outcome: PrintOutcome) -> None:
        result = self.last_result
        if result is None or outcome.task_id != result.task.id or outcome.kind != "intake":
            return
        self.last_result = replace(result, receipt=outcome)
        self._show_saved(result.task, outcome.message, error=not outcome.ok)

    def _show_saved(self, task: TaskView, receipt: str, *, error: bool) -> None:
        saved = self.tr("Tersimpan. Nomor berkas: %1").replace("%1", f"<b>{task.tracking_no}</b>")
        style = f" style='{ERROR_STYLE}'" if error else ""
        self.result.setStyleSheet("")
        self.result.setText(f"{saved}<br><small{style}>{_escape(receipt)}</small>")

    def _on_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.field in self.fields:
            self.fields[exc.field].set_error(field_message(exc, self._ctx.language))
            self.fields[exc.field].setFocus()
            self._set_result(self.tr("Belum tersimpan: periksa isian yang ditandai."), error=True)
        elif isinstance(exc, ValidationError) and exc.field == "service_code":
            self._show_service_error(field_message(exc, self._ctx.language))
            self._set_result(self.tr("Belum tersimpan: periksa layanan."), error=True)
        elif isinstance(exc, ValidationError) and exc.field == "documents":
            self.documents_error.setText(field_message(exc, self._ctx.language))
            self.documents_error.show()
            self._set_result(self.tr("Belum tersimpan: periksa dokumen."), error=True)
        elif isinstance(exc, SealedDayError):  # not worth retrying: the notice says why
            self.sealed_notice.show_refusal(exc)
            self._set_result(self.tr("Belum tersimpan: hari ini sudah ditutup."), error=True)
        else:
            self._set_result(
                self.tr("Belum tersimpan. %1 Isian Anda tetap ada; coba simpan lagi.").replace(
                    "%1", describe_error(exc, self._ctx.language)
                ),
                error=True,
            )

    def _open_saved(self) -> None:
        if self.last_result is not None:
            self.openRequested.emit(self.last_result.task.id)
