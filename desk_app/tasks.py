"""Tasks: intake at the counter and every lifecycle step after it."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desk_app import catalogue, events, ledger, officers, points
from desk_app.db.models import Agency, AgencyStint, Applicant, Task, TrackingCounter
from desk_app.errors import NotFoundError, TransitionError, ValidationError
from desk_app.meta import APPLICANT_SECRET, DEVICE_NO, OFFICE_CODE, meta_value
from desk_app.validation import validate_name, validate_nik, validate_phone, validate_text
from desk_app.workdays import add_working_days, local_day, utc_now

RECEIVED = "received"
IN_PROCESS = "in_process"
AT_AGENCY = "at_agency"
READY = "ready"
COMPLETED = "completed"
REJECTED = "rejected"
CANCELLED = "cancelled"

OPEN_STATUSES = (RECEIVED, IN_PROCESS, AT_AGENCY, READY)
CLOSED_STATUSES = (COMPLETED, REJECTED, CANCELLED)
STATUSES = OPEN_STATUSES + CLOSED_STATUSES

# action -> (statuses it may start from, status it leads to, event kind); DESIGN.md's table.
LIFECYCLE: dict[str, tuple[tuple[str, ...], str, str]] = {
    "start": ((RECEIVED,), IN_PROCESS, "task.started"),
    "forward": ((RECEIVED, IN_PROCESS), AT_AGENCY, "task.forwarded"),
    "return": ((AT_AGENCY,), IN_PROCESS, "task.returned"),
    "ready": ((RECEIVED, IN_PROCESS), READY, "task.ready"),
    "complete": ((READY, RECEIVED), COMPLETED, "task.completed"),
    "reject": (OPEN_STATUSES, REJECTED, "task.rejected"),
    "cancel": (OPEN_STATUSES, CANCELLED, "task.cancelled"),
}
NEXT_STATUS_BY_KIND = {kind: to for _, to, kind in LIFECYCLE.values()}
RETURN_OUTCOMES = ("complete", "problem")


@dataclass(frozen=True)
class TaskView:
    """A task as the counter shows it."""

    id: str
    tracking_no: str
    service_code: str
    service_name: str
    description: str
    status: str
    applicant_ref: str
    applicant_nik: str
    applicant_name: str
    applicant_phone: str
    received_at: datetime
    due_date: date
    current_agency: str | None
    taken_by: str
    finished_by: str | None
    documents: tuple[tuple[str, bool], ...]
    fee_idr: int | None
    point_weight: int
    handling_seconds: int | None
    closed_at: datetime | None
    close_reason: str

    def is_overdue(self, today: date) -> bool:
        """Open and past its due date."""
        return self.status in OPEN_STATUSES and self.due_date < today


def allowed_actions(status: str, *, sla_working_days: int | None = None) -> list[str]:
    """Lifecycle actions possible from a status (instant completion only for same-day services)."""
    actions = [a for a, (sources, _, _) in LIFECYCLE.items() if status in sources]
    if status == RECEIVED and sla_working_days not in (0, None) and "complete" in actions:
        actions.remove("complete")
    return actions


def applicant_ref(secret: str, nik: str) -> str:
    """A keyed pseudonym of a NIK: what events carry instead of the NIK itself."""
    return hmac.new(secret.encode(), nik.encode(), hashlib.sha256).hexdigest()[:32]


def _next_tracking_no(session: Session, *, day: date) -> str:
    """Office code + date + device number + the device's sequence for the day."""
    office_code = meta_value(session, OFFICE_CODE).replace(".", "")
    device_no = int(meta_value(session, DEVICE_NO))
    counter = session.get(TrackingCounter, day)
    if counter is None:
        counter = TrackingCounter(day=day, last=0)
        session.add(counter)
    counter.last += 1
    return f"{office_code}-{day:%y%m%d}-{device_no:02d}-{counter.last:04d}"


def receive_task(
    session: Session,
    *,
    actor_id: str,
    service_code: str,
    nik: str,
    name: str,
    phone: str = "",
    description: str = "",
    documents_received: list[str] | tuple[str, ...] = (),
    handling_seconds: int | None = None,
    now: datetime | None = None,
) -> TaskView:
    """Intake at the counter: validate, log `task.received`, project it; caller commits."""
    now = now or utc_now()
    today = local_day(now)
    officers.require_active(session, officer_id=actor_id)
    try:
        service = catalogue.get_service(session, code=service_code)
    except NotFoundError as exc:
        raise ValidationError("service_code", str(exc)) from None
    if not service.active:
        raise ValidationError("service_code", f"Layanan {service.code} sudah tidak aktif.")
    nik = validate_nik(nik, today=today)
    name = validate_name(name)
    phone = validate_phone(phone)
    description = validate_text(
        description, field="description", max_len=1000, required=service.is_other
    )
    unknown = [d for d in documents_received if d not in service.required_documents]
    if unknown and not service.is_other:
        raise ValidationError("documents", f"Dokumen tidak ada di daftar layanan: {unknown[0]}")
    if handling_seconds is not None and not 0 <= handling_seconds <= 86_400:
        raise ValidationError("handling_seconds", "Lama layanan harus 0-86400 detik.")
    received = set(documents_received)
    checklist = [[d, d in received] for d in service.required_documents]
    if service.is_other:
        checklist += [[d, True] for d in documents_received if d not in service.required_documents]

    ref = applicant_ref(meta_value(session, APPLICANT_SECRET), nik)
    applicant = session.get(Applicant, ref)
    if applicant is None:
        applicant = Applicant(
            ref=ref, nik=nik, name=name, name_norm=name.casefold(), phone=phone, updated_at=now
        )
        session.add(applicant)
    else:
        applicant.name, applicant.name_norm, applicant.updated_at = name, name.casefold(), now
        applicant.phone = phone or applicant.phone

    task_id = str(uuid.uuid4())
    tracking_no = _next_tracking_no(session, day=today)
    due = add_working_days(today, service.sla_working_days)
    payload: dict[str, Any] = {
        "tracking_no": tracking_no,
        "service_code": service.code,
        "description": description,
        "applicant_ref": ref,
        "documents": checklist,
        "fee_idr": service.fee_idr,
        "sla_working_days": service.sla_working_days,
        "point_weight": service.point_weight,
        "due_date": due.isoformat(),
        "handling_seconds": handling_seconds,
    }
    record = events.append(
        session, kind="task.received", actor=actor_id, task_id=task_id, payload=payload, now=now
    )
    task = Task(
        id=task_id,
        tracking_no=tracking_no,
        service_code=service.code,
        description=description,
        applicant=applicant,
        status=RECEIVED,
        received_at=now,
        received_day=today,
        due_date=due,
        current_agency=None,
        taken_by=actor_id,
        finished_by=None,
        documents=json.dumps(checklist, ensure_ascii=False),
        fee_idr=service.fee_idr,
        point_weight=service.point_weight,
        handling_seconds=handling_seconds,
        closed_at=None,
        closed_day=None,
        close_reason="",
        updated_at=now,
    )
    session.add(task)
    ledger.record_credits(session, record, points.TaskFacts("new", service.point_weight, due))
    return _view(session, task)


def _load(session: Session, task_id: str) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError(f"Berkas {task_id!r} tidak ditemukan.")
    return task


def _transition(
    session: Session,
    *,
    action: str,
    actor_id: str,
    task_id: str,
    payload: dict[str, Any],
    now: datetime | None,
) -> tuple[Task, events.EventRecord, str]:
    """Check the lifecycle table, append the event, move the projection; returns old status."""
    sources, target, kind = LIFECYCLE[action]
    officers.require_active(session, officer_id=actor_id)
    task = _load(session, task_id)
    before = task.status
    if before not in sources:
        raise TransitionError(
            f"Berkas {task.tracking_no} berstatus {before}; tindakan '{action}' tidak diizinkan."
        )
    if action == "complete" and before == RECEIVED:
        sla = catalogue.get_service(session, code=task.service_code).sla_working_days
        if sla != 0:
            raise TransitionError(
                f"Berkas {task.tracking_no}: layanan ini tidak selesai di tempat; "
                "tandai 'siap diambil' dulu."
            )
    now = now or utc_now()
    record = events.append(
        session, kind=kind, actor=actor_id, task_id=task.id, payload=payload, now=now
    )
    facts = points.TaskFacts(before, task.point_weight, task.due_date)
    task.status, task.updated_at = target, now
    if target in CLOSED_STATUSES:
        task.closed_at, task.closed_day, task.finished_by = now, local_day(now), actor_id
    ledger.record_credits(session, record, facts)
    return task, record, before


def start_processing(
    session: Session, *, actor_id: str, task_id: str, now: datetime | None = None
) -> TaskView:
    """received -> in_process."""
    task, _, _ = _transition(
        session, action="start", actor_id=actor_id, task_id=task_id, payload={}, now=now
    )
    return _view(session, task)


def forward_to_agency(
    session: Session,
    *,
    actor_id: str,
    task_id: str,
    agency_code: str,
    note: str = "",
    now: datetime | None = None,
) -> TaskView:
    """Send the file to a back-office agency; the stay is timed for attribution."""
    if session.get(Agency, agency_code) is None:
        raise ValidationError("agency_code", f"Dinas {agency_code!r} tidak dikenal.")
    note = validate_text(note, field="note", max_len=500, required=False)
    now = now or utc_now()
    task, _, _ = _transition(
        session,
        action="forward",
        actor_id=actor_id,
        task_id=task_id,
        payload={"agency_code": agency_code, "note": note},
        now=now,
    )
    task.current_agency = agency_code
    session.add(AgencyStint(task_id=task_id, agency_code=agency_code, forwarded_at=now))
    return _view(session, task)


def return_from_agency(
    session: Session,
    *,
    actor_id: str,
    task_id: str,
    outcome: str = "complete",
    note: str = "",
    now: datetime | None = None,
) -> TaskView:
    """The agency sent the file back, complete or with a problem."""
    if outcome not in RETURN_OUTCOMES:
        raise ValidationError("outcome", "Hasil harus 'complete' atau 'problem'.")
    note = validate_text(note, field="note", max_len=500, required=outcome == "problem")
    now = now or utc_now()
    task = _load(session, task_id)
    agency = task.current_agency
    task, _, _ = _transition(
        session,
        action="return",
        actor_id=actor_id,
        task_id=task_id,
        payload={"agency_code": agency, "outcome": outcome, "note": note},
        now=now,
    )
    task.current_agency = None
    _end_agency_stint(session, task_id=task_id, at=now, outcome=outcome)
    return _view(session, task)


def mark_ready(
    session: Session, *, actor_id: str, task_id: str, now: datetime | None = None
) -> TaskView:
    """The result is ready for pick-up."""
    task, _, _ = _transition(
        session, action="ready", actor_id=actor_id, task_id=task_id, payload={}, now=now
    )
    return _view(session, task)


def hand_over(
    session: Session,
    *,
    actor_id: str,
    task_id: str,
    recipient_name: str = "",
    now: datetime | None = None,
) -> TaskView:
    """Hand the result to the citizen (or instant completion of a same-day service)."""
    recipient = validate_name(recipient_name, field="recipient_name") if recipient_name else ""
    task, _, _ = _transition(
        session,
        action="complete",
        actor_id=actor_id,
        task_id=task_id,
        payload={"recipient_name": recipient},
        now=now,
    )
    return _view(session, task)


def _close_with_reason(
    session: Session,
    *,
    action: str,
    actor_id: str,
    task_id: str,
    reason: str,
    extra: dict[str, Any],
    now: datetime | None,
) -> TaskView:
    now = now or utc_now()
    reason = validate_text(reason, field="reason", max_len=500, required=True)
    if len(reason) < 5:
        raise ValidationError("reason", "Alasan terlalu singkat; tulis minimal 5 huruf.")
    task, _, _ = _transition(
        session,
        action=action,
        actor_id=actor_id,
        task_id=task_id,
        payload={"reason": reason, **extra},
        now=now,
    )
    if task.current_agency is not None:
        _end_agency_stint(session, task_id=task_id, at=now, outcome="withdrawn")
    task.close_reason, task.current_agency = reason, None
    return _view(session, task)


def reject(
    session: Session,
    *,
    actor_id: str,
    task_id: str,
    reason: str,
    missing_documents: list[str] | tuple[str, ...] = (),
    now: datetime | None = None,
) -> TaskView:
    """Refuse the request (e.g. missing documents); the reason is required."""
    missing = [
        validate_text(d, field="missing_documents", max_len=200, required=True)
        for d in missing_documents
    ]
    return _close_with_reason(
        session,
        action="reject",
        actor_id=actor_id,
        task_id=task_id,
        reason=reason,
        extra={"missing_documents": missing},
        now=now,
    )


def cancel(
    session: Session, *, actor_id: str, task_id: str, reason: str, now: datetime | None = None
) -> TaskView:
    """The applicant withdrew; the reason is required."""
    return _close_with_reason(
        session,
        action="cancel",
        actor_id=actor_id,
        task_id=task_id,
        reason=reason,
        extra={},
        now=now,
    )


def add_note(
    session: Session, *, actor_id: str, task_id: str, text: str, now: datetime | None = None
) -> TaskView:
    """A note on the task's timeline; the status does not change."""
    officers.require_active(session, officer_id=actor_id)
    text = validate_text(text, field="note", max_len=1000, required=True)
    task = _load(session, task_id)
    events.append(
        session,
        kind="task.noted",
        actor=actor_id,
        task_id=task.id,
        payload={"note": text},
        now=now,
    )
    return _view(session, task)


def get_task(
    session: Session, *, task_id: str | None = None, tracking_no: str | None = None
) -> TaskView:
    """One task by id or tracking number."""
    stmt = select(Task, Applicant).join(Applicant, Task.applicant_ref == Applicant.ref)
    if task_id is not None:
        stmt = stmt.where(Task.id == task_id)
    elif tracking_no is not None:
        stmt = stmt.where(Task.tracking_no == tracking_no.strip().upper())
    else:
        raise ValueError("task_id or tracking_no is required")
    row = session.execute(stmt).first()
    if row is None:
        raise NotFoundError(f"Berkas {tracking_no or task_id} tidak ditemukan.")
    return task_view(row[0], row[1], _service_name(session, row[0].service_code))


def _service_name(session: Session, code: str) -> str:
    return catalogue.get_service(session, code=code).name_id


def _view(session: Session, task: Task) -> TaskView:
    return task_view(task, task.applicant, _service_name(session, task.service_code))


def _end_agency_stint(session: Session, *, task_id: str, at: datetime, outcome: str) -> None:
    session.execute(
        update(AgencyStint)
        .where(AgencyStint.task_id == task_id, AgencyStint.returned_at.is_(None))
        .values(returned_at=at, outcome=outcome)
    )


def task_view(task: Task, applicant: Applicant, service_name: str) -> TaskView:
    """A TaskView from the projection rows."""
    return TaskView(
        id=task.id,
        tracking_no=task.tracking_no,
        service_code=task.service_code,
        service_name=service_name,
        description=task.description,
        status=task.status,
        applicant_ref=applicant.ref,
        applicant_nik=applicant.nik,
        applicant_name=applicant.name,
        applicant_phone=applicant.phone,
        received_at=task.received_at,
        due_date=task.due_date,
        current_agency=task.current_agency,
        taken_by=task.taken_by,
        finished_by=task.finished_by,
        documents=tuple((str(d[0]), bool(d[1])) for d in json.loads(task.documents)),
        fee_idr=task.fee_idr,
        point_weight=task.point_weight,
        handling_seconds=task.handling_seconds,
        closed_at=task.closed_at,
        close_reason=task.close_reason,
    )
