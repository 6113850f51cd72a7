"""Correcting an open task ("Koreksi") and ticking documents brought later ("Dokumen menyusul").

The rules live in `desk_app.counter.corrections`; these dialogs only ask and show. The
timeline lines of both events are worded here too, with the personal details before and
after taken from the office's own tables (`TimelineEntry.personal`), never from events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QWidget
from sqlalchemy.orm import Session

from desk_app.common.formatting import date_short
from desk_app.common.validation import validate_name, validate_nik, validate_phone
from desk_app.common.workdays import local_day
from desk_app.counter import corrections
from desk_app.counter.lookup import TimelineEntry
from desk_app.counter.tasks import OPEN_STATUSES, TaskView
from desk_app.eventlog import kinds
from desk_app.office.catalogue import ServiceInfo
from desk_app.ui.action_dialogs import ActionDialog, reason_field
from desk_app.ui.formatting import mask_nik
from desk_app.ui.operations import Operations
from desk_app.ui.widgets.checklist import DocumentChecklist
from desk_app.ui.widgets.elide import elide_with_tooltip
from desk_app.ui.widgets.field import ValidatedField

CORRECTION_KINDS = frozenset({kinds.TASK_CORRECTED, kinds.TASK_DOCUMENTS_RECEIVED})


def action_labels() -> dict[str, str]:
    """The task detail's buttons for the two actions."""
    return {
        "correct": QCoreApplication.translate("Corrections", "Koreksi…"),
        "documents": QCoreApplication.translate("Corrections", "Dokumen menyusul…"),
    }


def offered(task: TaskView) -> list[str]:
    """The actions of this module an open task offers ("documents" only while some are missing)."""
    if task.status not in OPEN_STATUSES:
        return []
    return ["correct", "documents"] if task.missing_documents else ["correct"]


def incomplete_text(task: TaskView) -> str:
    """ "Berkas belum lengkap: ..." while documents are missing, else ""."""
    if not task.missing_documents:
        return ""
    return QCoreApplication.translate("Corrections", "Berkas belum lengkap: %1").replace(
        "%1", ", ".join(task.missing_documents)
    )


def due_text(task: TaskView, language: str) -> str:
    """The due date, or that it is set once the file is complete."""
    if not task.missing_documents:
        return date_short(task.due_date, language)
    return QCoreApplication.translate(
        "Corrections", "ditetapkan setelah berkas lengkap (sementara %1)"
    ).replace("%1", date_short(task.due_date, language))


def _shown(detail: str, value: str) -> str:
    if detail == "nik":
        return mask_nik(value)
    return value or "–"


def _detail_label(detail: str) -> str:
    return {
        "name": QCoreApplication.translate("Corrections", "Nama"),
        "nik": QCoreApplication.translate("Corrections", "NIK"),
        "phone": QCoreApplication.translate("Corrections", "Telepon"),
        "service": QCoreApplication.translate("Corrections", "Layanan"),
        "description": QCoreApplication.translate("Corrections", "Keterangan"),
        "documents": QCoreApplication.translate("Corrections", "Dokumen"),
        "due": QCoreApplication.translate("Corrections", "Tenggat"),
    }.get(detail, detail)


def _received(documents: Any) -> str:
    rows = list(documents or [])
    return f"{sum(1 for row in rows if row[1])}/{len(rows)}"


def correction_text(entry: TimelineEntry, language: str) -> str:
    """One timeline line of a correction or of documents brought later, before -> after."""
    p = entry.payload
    if entry.kind == kinds.TASK_DOCUMENTS_RECEIVED:
        text = QCoreApplication.translate("Corrections", "Dokumen menyusul diterima: %1").replace(
            "%1", ", ".join(map(str, p.get("received", [])))
        )
        if p.get("complete"):
            due = date_short(date.fromisoformat(str(p["due_date"])), language)
            text += " — " + QCoreApplication.translate(
                "Corrections", "berkas lengkap, tenggat %1"
            ).replace("%1", due)
        return text
    before, after = p.get("before", {}), p.get("after", {})
    parts = [
        f"{_detail_label(detail)}: {_shown(detail, old)} → {_shown(detail, new)}"
        for detail, old, new in entry.personal
    ]
    for detail in p.get("changed", []):
        if detail == "service":
            old, new = before.get("service_code"), after.get("service_code")
            parts.append(f"{_detail_label(detail)}: {old} → {new}")
        elif detail == "description":
            old, new = before.get("description") or "–", after.get("description") or "–"
            parts.append(f"{_detail_label(detail)}: {old} → {new}")
        elif detail == "documents":
            old, new = _received(before.get("documents")), _received(after.get("documents"))
            parts.append(f"{_detail_label(detail)}: {old} → {new}")
        elif detail not in {d for d, _, _ in entry.personal}:
            parts.append(_detail_label(detail))  # a personal detail the office no longer holds
    if before.get("due_date") != after.get("due_date") and after.get("due_date"):
        old_due = date_short(date.fromisoformat(str(before["due_date"])), language)
        new_due = date_short(date.fromisoformat(str(after["due_date"])), language)
        parts.append(f"{_detail_label('due')}: {old_due} → {new_due}")
    text = QCoreApplication.translate("Corrections", "Dikoreksi (%1)").replace(
        "%1", str(p.get("reason", ""))
    )
    return f"{text}: " + "; ".join(parts) if parts else text


@dataclass(frozen=True)
class Correction:
    """What the officer changed; None = left as it was."""

    reason: str
    name: str | None = None
    nik: str | None = None
    phone: str | None = None
    service_code: str | None = None
    description: str | None = None
    documents: tuple[str, ...] | None = None


class CorrectionDialog(ActionDialog[Correction]):
    """Correct the applicant's details, the service, the description or the checklist."""

    def __init__(self, ops: Operations, *, services: tuple[ServiceInfo, ...], **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Koreksi data berkas"), **kw)
        task = self.task
        self._services = {s.code: s for s in services}
        self.add_field("name", self.tr("Nama"), ValidatedField(validate_name))
        self.fields["name"].set_text(task.applicant_name)
        self.add_field("nik", self.tr("NIK"), ValidatedField(self._check_nik))
        self.fields["nik"].set_text(task.applicant_nik)
        self.add_field("phone", self.tr("Telepon"), ValidatedField(validate_phone))
        self.fields["phone"].set_text(task.applicant_phone)
        self.service_box = QComboBox(self)
        for service in services:
            self.service_box.addItem(f"{service.code} · {service.name_id}", service.code)
        if task.service_code not in self._services:
            self.service_box.addItem(
                f"{task.service_code} · {task.service_name}", task.service_code
            )
        self.service_box.setCurrentIndex(self.service_box.findData(task.service_code))
        # A long service name ends in "…" rather than widening the dialog past the screen.
        self.service_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.service_box.setMinimumContentsLength(40)
        elide_with_tooltip(self.service_box)
        self.service_box.currentIndexChanged.connect(self._on_service)
        self.add_row(self.tr("Layanan"), self.service_box)
        self.add_field("description", self.tr("Keterangan"), ValidatedField())
        self.fields["description"].set_text(task.description)
        self.documents = DocumentChecklist(self)
        self.documents.set_documents([name for name, _ in task.documents])
        self.documents.set_checked([name for name, received in task.documents if received])
        self.add_row(self.tr("Dokumen diterima"), self.documents)
        self.add_field(
            "reason", self.tr("Alasan koreksi"), reason_field(self.tr("minimal %1 huruf"))
        )

    def _check_nik(self, text: str) -> str:
        return validate_nik(text, today=local_day(self._clock()))

    def _on_service(self, _index: int) -> None:
        """A new service brings its own checklist; documents of the same name stay ticked."""
        code = str(self.service_box.currentData())
        kept = self.documents.checked_documents()
        if code == self.task.service_code:
            self.documents.set_documents([name for name, _ in self.task.documents])
        else:
            service = self._services.get(code)
            self.documents.set_documents(service.required_documents if service else ())
        self.documents.set_checked(kept)

    def read(self) -> Correction:
        """Only what differs from the task."""
        task = self.task

        def changed(key: str, held: str) -> str | None:
            text = self.fields[key].text()
            return text if text.strip() != held else None

        code = str(self.service_box.currentData())
        ticked = tuple(self.documents.checked_documents())
        held = tuple(name for name, received in task.documents if received)
        return Correction(
            reason=self.fields["reason"].text(),
            name=changed("name", task.applicant_name),
            nik=changed("nik", task.applicant_nik),
            phone=changed("phone", task.applicant_phone),
            service_code=code if code != task.service_code else None,
            description=changed("description", task.description),
            documents=ticked if ticked != held or code != task.service_code else None,
        )

    def apply(self, session: Session, change: Correction, now: datetime) -> TaskView:
        """Correct."""
        return corrections.correct_task(
            session,
            actor_id=self.actor_id,
            task_id=self.task.id,
            reason=change.reason,
            name=change.name,
            nik=change.nik,
            phone=change.phone,
            service_code=change.service_code,
            description=change.description,
            documents=change.documents,
            now=now,
        )


class DocumentsDialog(ActionDialog[tuple[str, ...]]):
    """Tick the missing documents the applicant brought now."""

    def __init__(self, ops: Operations, **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Dokumen menyusul"), **kw)
        self.checklist = DocumentChecklist(self)
        self.checklist.set_documents(self.task.missing_documents)
        self.add_row(self.tr("Dibawa sekarang"), self.checklist)

    def read(self) -> tuple[str, ...]:
        """The documents ticked."""
        return tuple(self.checklist.checked_documents())

    def apply(self, session: Session, change: tuple[str, ...], now: datetime) -> TaskView:
        """Record them."""
        return corrections.receive_documents(
            session, actor_id=self.actor_id, task_id=self.task.id, documents=change, now=now
        )


def open_dialog(
    name: str,
    ops: Operations,
    *,
    services: tuple[ServiceInfo, ...],
    parent: QWidget,
    **kw: Any,
) -> ActionDialog[Any]:
    """The dialog of the task detail's "correct" or "documents" action."""
    if name == "correct":
        return CorrectionDialog(ops, services=services, parent=parent, **kw)
    return DocumentsDialog(ops, parent=parent, **kw)
