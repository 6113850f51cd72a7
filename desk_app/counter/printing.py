"""Receipts built from the database, and the print journal (every print attempt is an event).

"Printed" means paper: a printer's spooler accepted the job (see `desk_app.ui.spooler` for
what "accepted" means). A receipt saved as a PDF file is journalled as SAVED_PDF: it does not
count as printed for the unprinted check of the day close, and it uses up no copy number, so
the first paper copy is the original and only later paper copies say "SALINAN".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from desk_app.common.errors import NotFoundError, ValidationError
from desk_app.counter import tasks
from desk_app.counter.check_code import status_url
from desk_app.counter.receipt_layouts import KINDS, LANGUAGES
from desk_app.counter.receipts import LAYOUTS, DocumentLine, ReceiptData, render_receipt
from desk_app.db.models import Event, Officer, ReceiptPrint, Task
from desk_app.eventlog import events, kinds
from desk_app.office import catalogue, installation, officers
from desk_app.office.meta import all_meta
from desk_app.sync import state as sync_state

PDF = "pdf"
PRINTER = "printer"
TARGETS = (PDF, PRINTER)
# What became of one attempt, derived from (target, ok) and journalled with it.
PRINTED = "printed"  # a printer's spooler accepted the job: paper
SAVED_PDF = "saved_pdf"  # written to a PDF file: not paper, not "printed"
FAILED = "failed"  # nothing came out
OUTCOMES = (PRINTED, SAVED_PDF, FAILED)
OFFICE_ADDRESS = "office_address"
MAX_ERROR_LEN = 500

INTAKE = "intake"
HANDOVER = "handover"
REJECTION = "rejection"

# receipt kind -> the event whose time, actor and payload the receipt shows
SOURCE_EVENT = {
    INTAKE: kinds.TASK_RECEIVED,
    HANDOVER: kinds.TASK_COMPLETED,
    REJECTION: kinds.TASK_REJECTED,
}
# receipt kind -> the status a task must have for it (intake is always possible)
REQUIRED_STATUS = {HANDOVER: tasks.COMPLETED, REJECTION: tasks.REJECTED}
_LEVEL_WORDS = {
    "provinsi": "Provinsi",
    "kabupaten": "Kabupaten",
    "kota": "Kota",
    "kecamatan": "Kecamatan",
    "kelurahan": "Kelurahan",
}


@dataclass(frozen=True)
class PrintRecord:
    """One print attempt as the journal keeps it."""

    event_uuid: str
    task_id: str
    kind: str
    copy_no: int
    layout: str
    target: str
    ok: bool
    error: str
    printed_at: datetime
    actor_id: str

    @property
    def outcome(self) -> str:
        """PRINTED, SAVED_PDF or FAILED."""
        return print_outcome(target=self.target, ok=self.ok)


def print_outcome(*, target: str, ok: bool) -> str:
    """The journal's outcome of an attempt: paper accepted, a PDF saved, or nothing."""
    if not ok:
        return FAILED
    return PRINTED if target == PRINTER else SAVED_PDF


def _on_paper() -> Any:
    """The journal rows that count as printed: a printer accepted them (not a saved PDF)."""
    return (ReceiptPrint.ok.is_(True)) & (ReceiptPrint.target == PRINTER)


def office_title(name: str, level: str) -> str:
    """The office's name as printed: "PTSP Kelurahan Pengadegan", "PTSP Kota Administrasi ..."."""
    word = _LEVEL_WORDS.get(level, level.strip().title())
    if not word or name.casefold().startswith(word.casefold()):
        return f"PTSP {name}"
    return f"PTSP {word} {name}"


def default_kind(status: str) -> str:
    """The receipt a task's status calls for: hand-over, rejection, else intake."""
    if status == tasks.COMPLETED:
        return HANDOVER
    if status == tasks.REJECTED:
        return REJECTION
    return INTAKE


def _check_kind(view: tasks.TaskView, kind: str | None) -> str:
    if kind is None:
        return default_kind(view.status)
    if kind not in KINDS:
        raise ValidationError("kind", "receipt.kind_unknown", choices=", ".join(KINDS))
    required = REQUIRED_STATUS.get(kind)
    if required is not None and view.status != required:
        raise ValidationError(
            "kind",
            "receipt.kind_wrong_status",
            tracking_no=view.tracking_no,
            status=view.status,
            kind=kind,
            required=required,
        )
    return kind


def receipt_kind(session: Session, *, task_id: str, kind: str | None = None) -> str:
    """The receipt kind to print for a task: `kind` checked against its status, or the default."""
    return _check_kind(tasks.get_task(session, task_id=task_id), kind)


def _source_event(session: Session, *, task_id: str, kind: str) -> Event:
    """The latest event behind a receipt kind (task.received / .completed / .rejected)."""
    row = session.scalar(
        select(Event)
        .where(Event.task_id == task_id, Event.kind == SOURCE_EVENT[kind])
        .order_by(Event.id.desc())
        .limit(1)
    )
    if row is None:
        raise NotFoundError(
            "receipt.no_source_event", task_id=task_id, event_kind=SOURCE_EVENT[kind]
        )
    return row


def receipt_data(
    session: Session,
    *,
    task_id: str,
    kind: str | None = None,
    copy_no: int = 0,
    language: str = "id",
) -> ReceiptData:
    """The receipt's content, purely from the database: same task + copy_no, same content."""
    if language not in LANGUAGES:
        raise ValidationError("language", "receipt.language_unknown", choices=", ".join(LANGUAGES))
    if copy_no < 0:
        raise ValidationError("copy_no", "receipt.copy_negative")
    view = tasks.get_task(session, task_id=task_id)
    kind = _check_kind(view, kind)
    desk = installation.desk_info(session)
    service = catalogue.get_service(session, code=view.service_code)
    event = _source_event(session, task_id=task_id, kind=kind)
    payload: dict[str, Any] = json.loads(event.payload)
    fallback = view.taken_by if kind == INTAKE else view.finished_by or view.taken_by
    officer = officers.get_officer(session, officer_id=event.actor or fallback)
    meta = all_meta(session)
    # Only the intake receipt opens the status page; tasks taken before issue 12 have no code.
    check_code = str(payload.get("check_code", "")) if kind == INTAKE else ""
    return ReceiptData(
        kind=kind,
        office_name=office_title(desk.office_name, desk.office_level),
        office_code=desk.office_code,
        office_address=meta.get(OFFICE_ADDRESS, ""),
        tracking_no=view.tracking_no,
        service_code=view.service_code,
        service_name=service.name_en if language == "en" else service.name_id,
        description=view.description,
        applicant_name=view.applicant_name,
        applicant_nik=view.applicant_nik,
        documents=tuple(DocumentLine(name, received) for name, received in view.documents),
        due_date=view.due_date,
        fee_idr=view.fee_idr,
        officer_name=officer.name,
        officer_nip=officer.nip,
        issued_at=event.occurred_at,
        copy_no=copy_no,
        reason=str(payload.get("reason", "")) if kind == REJECTION else "",
        missing_documents=tuple(str(d) for d in payload.get("missing_documents", ()))
        if kind == REJECTION
        else (),
        recipient_name=str(payload.get("recipient_name", "")) if kind == HANDOVER else "",
        pending_documents=view.missing_documents if kind == INTAKE else (),
        language=language,
        check_code=check_code,
        status_url=status_url(meta.get(sync_state.SERVER, ""), view.tracking_no, check_code),
    )


def next_copy_no(session: Session, *, task_id: str, kind: str) -> int:
    """0 before the first paper print of this kind, then one past the highest paper copy.

    Saved PDFs and failed attempts do not count: until paper came out, the next paper is
    the original.
    """
    highest = session.scalar(
        select(func.max(ReceiptPrint.copy_no)).where(
            ReceiptPrint.task_id == task_id,
            ReceiptPrint.kind == kind,
            _on_paper(),
        )
    )
    return 0 if highest is None else int(highest) + 1


def render_for_task(
    session: Session,
    *,
    task_id: str,
    layout: str,
    kind: str | None = None,
    language: str = "id",
) -> tuple[bytes, int]:
    """The PDF of the task's next copy and that copy number; nothing is recorded."""
    if layout not in LAYOUTS:
        raise ValidationError("layout", "receipt.layout_unknown", choices=", ".join(LAYOUTS))
    kind = receipt_kind(session, task_id=task_id, kind=kind)
    copy_no = next_copy_no(session, task_id=task_id, kind=kind)
    data = receipt_data(session, task_id=task_id, kind=kind, copy_no=copy_no, language=language)
    return render_receipt(data, layout=layout), copy_no


def record_print(
    session: Session,
    *,
    actor_id: str,
    task_id: str,
    kind: str,
    layout: str,
    target: str,
    ok: bool,
    error: str = "",
    copy_no: int | None = None,
    now: datetime,
) -> PrintRecord:
    """Journal one print attempt as a `receipt.printed` event; caller commits.

    `copy_no` is the number printed on the paper (from `render_for_task`); by default the
    next one. `target` "printer" with `ok` means a printer accepted the job (PRINTED);
    "pdf" with `ok` is a saved file (SAVED_PDF). Only PRINTED uses up its copy number.
    """
    if kind not in KINDS:
        raise ValidationError("kind", "receipt.kind_unknown", choices=", ".join(KINDS))
    if layout not in LAYOUTS:
        raise ValidationError("layout", "receipt.layout_unknown", choices=", ".join(LAYOUTS))
    if target not in TARGETS:
        raise ValidationError("target", "receipt.target_unknown", choices=", ".join(TARGETS))
    if copy_no is not None and copy_no < 0:
        raise ValidationError("copy_no", "receipt.copy_negative")
    # An officer who has since left may still be named on a reprint: existing is enough.
    officers.get_officer(session, officer_id=actor_id)
    if session.get(Task, task_id) is None:
        raise NotFoundError("task.not_found", ref=task_id)
    number = next_copy_no(session, task_id=task_id, kind=kind) if copy_no is None else copy_no
    error = error.strip()[:MAX_ERROR_LEN]
    record = events.append(
        session,
        kind=kinds.RECEIPT_PRINTED,
        actor=actor_id,
        task_id=task_id,
        payload={
            "kind": kind,
            "copy_no": number,
            "layout": layout,
            "target": target,
            "ok": ok,
            "error": error,
            "outcome": print_outcome(target=target, ok=ok),
        },
        now=now,
    )
    row = ReceiptPrint(
        event_uuid=record.uuid,
        task_id=task_id,
        kind=kind,
        copy_no=number,
        layout=layout,
        target=target,
        ok=ok,
        error=error,
        printed_at=record.occurred_at,
        actor=actor_id,
    )
    session.add(row)
    return _record(row)


def _record(row: ReceiptPrint) -> PrintRecord:
    return PrintRecord(
        event_uuid=row.event_uuid,
        task_id=row.task_id,
        kind=row.kind,
        copy_no=row.copy_no,
        layout=row.layout,
        target=row.target,
        ok=row.ok,
        error=row.error,
        printed_at=row.printed_at,
        actor_id=row.actor,
    )


def receipt_printed(session: Session, *, task_id: str, kind: str = INTAKE) -> bool:
    """True once a printer accepted a receipt of this kind (a saved PDF is not printed)."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    ReceiptPrint.task_id == task_id, ReceiptPrint.kind == kind, _on_paper()
                )
            )
        )
    )


def receipt_saved(session: Session, *, task_id: str, kind: str = INTAKE) -> bool:
    """True once a receipt of this kind was saved as a PDF file (printed or not)."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    ReceiptPrint.task_id == task_id,
                    ReceiptPrint.kind == kind,
                    ReceiptPrint.ok.is_(True),
                    ReceiptPrint.target == PDF,
                )
            )
        )
    )


def list_prints(session: Session, *, task_id: str) -> list[PrintRecord]:
    """Every print attempt of a task, oldest first."""
    rows = session.scalars(
        select(ReceiptPrint).where(ReceiptPrint.task_id == task_id).order_by(ReceiptPrint.id)
    )
    return [_record(r) for r in rows]


def unprinted_receipts(session: Session, *, day: date | None = None) -> list[str]:
    """Tracking numbers of tasks (received on `day`) whose intake receipt never went on paper.

    A receipt only saved as a PDF is still unprinted: the citizen has no paper.
    """
    printed = exists().where(
        ReceiptPrint.task_id == Task.id, ReceiptPrint.kind == INTAKE, _on_paper()
    )
    stmt = select(Task.tracking_no).where(~printed).order_by(Task.received_at, Task.tracking_no)
    if day is not None:
        stmt = stmt.where(Task.received_day == day)
    return list(session.scalars(stmt))


def print_actor(session: Session, *, task_id: str, nip: str | None = None) -> str:
    """Who a print is journalled under: the officer with `nip`, else who took the task."""
    if nip is None:
        return tasks.get_task(session, task_id=task_id).taken_by
    officer_id = session.scalar(select(Officer.id).where(Officer.nip == nip.strip()))
    if officer_id is None:
        raise NotFoundError("officer.nip_not_found", nip=nip.strip())
    return officer_id
