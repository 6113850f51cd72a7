"""Tasks: intake at the counter and every lifecycle step after it."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, case, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desk_app.common.errors import NotFoundError, TransitionError, ValidationError
from desk_app.common.validation import (
    validate_name,
    validate_nik,
    validate_phone,
    validate_reason,
    validate_text,
)
from desk_app.common.workdays import add_working_days, local_day
from desk_app.counter.check_code import new_check_code
from desk_app.db.models import Agency, AgencyStint, Applicant, Task, TrackingCounter, table
from desk_app.eventlog import events, kinds
from desk_app.office import catalogue, officers
from desk_app.office.meta import APPLICANT_SECRET, DEVICE_NO, OFFICE_CODE, meta_value
from desk_app.points import ledger, point_rules

RECEIVED = "received"
IN_PROCESS = "in_process"
AT_AGENCY = "at_agency"
READY = "ready"
COMPLETED = "completed"
REJECTED = "rejected"
CANCELLED = "cancelled"

OPEN_STATUSES = (RECEIVED, IN_PROCESS, AT_AGENCY, READY)
# Work the office still owes: only these can be late. A ready result waits on the citizen.
OWED_STATUSES = (RECEIVED, IN_PROCESS, AT_AGENCY)
CLOSED_STATUSES = (COMPLETED, REJECTED, CANCELLED)
STATUSES = OPEN_STATUSES + CLOSED_STATUSES

# action -> (statuses it may start from, status it leads to, event kind); DESIGN.md's table.
LIFECYCLE: dict[str, tuple[tuple[str, ...], str, str]] = {
    "start": ((RECEIVED,), IN_PROCESS, kinds.TASK_STARTED),
    "forward": ((RECEIVED, IN_PROCESS), AT_AGENCY, kinds.TASK_FORWARDED),
    "return": ((AT_AGENCY,), IN_PROCESS, kinds.TASK_RETURNED),
    "ready": ((RECEIVED, IN_PROCESS), READY, kinds.TASK_READY),
    "complete": ((READY, RECEIVED), COMPLETED, kinds.TASK_COMPLETED),
    "reject": (OPEN_STATUSES, REJECTED, kinds.TASK_REJECTED),
    "cancel": (OPEN_STATUSES, CANCELLED, kinds.TASK_CANCELLED),
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
        """Still owed by the office and past its due date."""
        return is_overdue(self.status, self.due_date, today=today)

    @property
    def missing_documents(self) -> tuple[str, ...]:
        """Required documents not yet received ("berkas belum lengkap" while any)."""
        return missing_documents(self.documents)


def missing_documents(documents: tuple[tuple[str, bool], ...]) -> tuple[str, ...]:
    """The unticked names of a checklist: while any, the file is incomplete."""
    return tuple(name for name, received in documents if not received)


# Overdue, the one rule: work the office still owes, past its due date. A ready result
# waits on its citizen, so it is never late.
def is_overdue(status: str, due_date: date, *, today: date) -> bool:
    """The rule on values in hand."""
    return status in OWED_STATUSES and due_date < today


def overdue_condition(today: date) -> ColumnElement[bool]:
    """The same rule as an SQL condition on the tasks table."""
    return and_(Task.status.in_(OWED_STATUSES), Task.due_date < today)


def allowed_actions(status: str, *, same_day: bool = False) -> list[str]:
    """Lifecycle actions possible from a status (instant completion only for same-day tasks)."""
    actions = [a for a, (sources, _, _) in LIFECYCLE.items() if status in sources]
    if status == RECEIVED and not same_day and "complete" in actions:
        actions.remove("complete")
    return actions


def promised_same_day(*, received_day: date, due_date: date) -> bool:
    """A task of a same-day service: its SLA at intake (0 days) promised the intake day.

    Read from the task, not the catalogue, so a service the city later re-times does not
    change what the counter promised the citizen.
    """
    return due_date <= received_day


def applicant_ref(secret: str, nik: str) -> str:
    """A keyed pseudonym of a NIK: what events carry instead of the NIK itself."""
    return hmac.new(secret.encode(), nik.encode(), hashlib.sha256).hexdigest()[:32]


def detail_ref(secret: str, detail: str, value: str) -> str:
    """A keyed pseudonym of a corrected personal detail (name, phone): events carry this."""
    message = f"{detail}:{value}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def _next_tracking_no(session: Session, *, day: date) -> str:
    """Office code + date + device number + the device's sequence for the day.

    A desk restored from a backup is a new device with a number of its own (101, 201, ...;
    see closing/succession.py), so it never repeats a number its predecessor handed out.
    """
    office_code = meta_value(session, OFFICE_CODE).replace(".", "")
    device_no = int(meta_value(session, DEVICE_NO))
    number = session.execute(_BUMP_COUNTER, {"day": day}).scalar_one()
    return f"{office_code}-{day:%y%m%d}-{device_no:02d}-{number:04d}"


def _save_applicant(
    session: Session, *, ref: str, nik: str, name: str, phone: str, now: datetime
) -> tuple[str, list[str]]:
    """Insert the applicant or refresh their name (and phone, when one was given).

    Returns the phone that goes with this intake (the one given, else the one on file)
    and which details differ from what the office held ("name", "phone").
    """
    held = session.execute(_APPLICANT_DETAILS, {"ref": ref}).first()
    changed: list[str] = []
    if held is not None:
        if held.name != name:
            changed.append("name")
        if phone and held.phone != phone:
            changed.append("phone")
        phone_now = phone or held.phone
    else:
        phone_now = phone
    session.execute(
        _UPSERT_APPLICANT,
        {
            "ref": ref,
            "nik": nik,
            "name": name,
            "name_norm": name.casefold(),
            "phone": phone,
            "updated_at": now,
        },
    )
    return phone_now, changed


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
    now: datetime,
) -> TaskView:
    """Intake at the counter: validate, log `task.received`, project it; caller commits."""
    today = local_day(now)
    officers.require_active(session, officer_id=actor_id)
    try:
        service = catalogue.get_service(session, code=service_code)
    except NotFoundError:
        raise ValidationError("service_code", "service.not_found", code=service_code) from None
    if not service.active:
        raise ValidationError("service_code", "service.inactive", code=service.code)
    nik = validate_nik(nik, today=today)
    name = validate_name(name)
    phone = validate_phone(phone)
    description = validate_text(
        description, field="description", max_len=1000, required=service.is_other
    )
    unknown = [d for d in documents_received if d not in service.required_documents]
    if unknown and not service.is_other:
        raise ValidationError("documents", "task.document_unknown", document=unknown[0])
    extra = [validate_text(d, field="documents", max_len=200, required=True) for d in unknown]
    if handling_seconds is not None and not 0 <= handling_seconds <= 86_400:
        raise ValidationError("handling_seconds", "task.handling_seconds")
    received = set(documents_received)
    checklist = [[d, d in received] for d in service.required_documents]
    if service.is_other:
        checklist += [[d, True] for d in extra]

    ref = applicant_ref(meta_value(session, APPLICANT_SECRET), nik)
    phone, changed = _save_applicant(session, ref=ref, nik=nik, name=name, phone=phone, now=now)
    task_id = str(uuid.uuid4())
    tracking_no = _next_tracking_no(session, day=today)
    due = add_working_days(today, service.sla_working_days)
    # The weight of the rules in force today (a newer version may already be applied).
    weight = point_rules.rules_for(today).weight_for(service.code, service.sla_working_days)
    payload: dict[str, Any] = {
        "tracking_no": tracking_no,
        "service_code": service.code,
        "description": description,
        "applicant_ref": ref,
        "documents": checklist,
        "fee_idr": service.fee_idr,
        "sla_working_days": service.sla_working_days,
        "point_weight": weight,
        "due_date": due.isoformat(),
        "handling_seconds": handling_seconds,
        "check_code": new_check_code(),  # printed on the receipt; opens the city's status page
    }
    record = events.append(
        session, kind=kinds.TASK_RECEIVED, actor=actor_id, task_id=task_id, payload=payload, now=now
    )
    row: dict[str, Any] = {
        "id": task_id,
        "tracking_no": tracking_no,
        "service_code": service.code,
        "description": description,
        "applicant_ref": ref,
        # As given today: a later intake with other details never rewrites this task.
        "applicant_name": name,
        "applicant_phone": phone,
        "status": RECEIVED,
        "received_at": now,
        "received_day": today,
        "due_date": due,
        "current_agency": None,
        "taken_by": actor_id,
        "finished_by": None,
        "documents": json.dumps(checklist, ensure_ascii=False),
        "fee_idr": service.fee_idr,
        "point_weight": weight,
        "handling_seconds": handling_seconds,
        "closed_at": None,
        "closed_day": None,
        "close_reason": "",
        "updated_at": now,
    }
    session.execute(_INSERT_TASK, row)
    ledger.record_credits(session, record, point_rules.TaskFacts("new", weight, due))
    if changed:
        # That the details changed is history; what they were and are stays in the office.
        events.append(
            session,
            kind=kinds.APPLICANT_UPDATED,
            actor=actor_id,
            task_id=task_id,
            payload={"applicant_ref": ref, "changed": changed},
            now=now,
        )
    return _view(session, {**row, "nik": nik})


# Statements of the hot path, built once: SQLAlchemy then reuses their compiled form.
_TASKS, _APPLICANTS, _STINTS = table(Task), table(Applicant), table(AgencyStint)
# The NIK from `applicants`; the name and phone from the task itself, as given at intake.
_TASK_WITH_APPLICANT = select(_TASKS, _APPLICANTS.c.nik).join(
    _APPLICANTS, _TASKS.c.applicant_ref == _APPLICANTS.c.ref
)
_APPLICANT_DETAILS = select(_APPLICANTS.c.name, _APPLICANTS.c.phone).where(
    _APPLICANTS.c.ref == bindparam("ref")
)
_TASK_BY_ID = _TASK_WITH_APPLICANT.where(_TASKS.c.id == bindparam("task_id"))
_TASK_BY_TRACKING_NO = _TASK_WITH_APPLICANT.where(_TASKS.c.tracking_no == bindparam("tracking_no"))
_INSERT_TASK = insert(_TASKS)
_UPDATE_TASK = update(_TASKS).where(_TASKS.c.id == bindparam("task_id"))
_END_STINT = (
    update(_STINTS)
    .where(
        _STINTS.c.task_id == bindparam("stint_task_id"),
        _STINTS.c.returned_at.is_(None),
    )
    .values(returned_at=bindparam("at"), outcome=bindparam("stint_outcome"))
)
_new_applicant = sqlite_insert(_APPLICANTS)
_UPSERT_APPLICANT = _new_applicant.on_conflict_do_update(
    index_elements=[_APPLICANTS.c.ref],
    set_={
        "name": _new_applicant.excluded.name,
        "name_norm": _new_applicant.excluded.name_norm,
        "updated_at": _new_applicant.excluded.updated_at,
        # Keep the phone we had when none was given this time.
        "phone": case(
            (_new_applicant.excluded.phone != "", _new_applicant.excluded.phone),
            else_=_APPLICANTS.c.phone,
        ),
    },
)
_INSERT_STINT = insert(_STINTS)
_COUNTERS = table(TrackingCounter)
_BUMP_COUNTER = (
    sqlite_insert(_COUNTERS)
    .values(day=bindparam("day"), last=1)
    .on_conflict_do_update(index_elements=[_COUNTERS.c.day], set_={"last": _COUNTERS.c.last + 1})
    .returning(_COUNTERS.c.last)
)


def _fetch(
    session: Session, *, task_id: str | None = None, tracking_no: str | None = None
) -> dict[str, Any]:
    """A task's projection row with its applicant, as a plain dictionary."""
    if task_id is not None:
        found = session.execute(_TASK_BY_ID, {"task_id": task_id})
    elif tracking_no is not None:
        found = session.execute(_TASK_BY_TRACKING_NO, {"tracking_no": tracking_no.strip().upper()})
    else:
        raise ValueError("task_id or tracking_no is required")
    row = found.mappings().first()
    if row is None:
        raise NotFoundError("task.not_found", ref=tracking_no or task_id or "")
    return dict(row)


def _transition(
    session: Session,
    *,
    action: str,
    actor_id: str,
    task_id: str,
    payload: dict[str, Any],
    now: datetime,
    changes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Check the lifecycle table, append the event, move the projection; the new row."""
    sources, target, kind = LIFECYCLE[action]
    officers.require_active(session, officer_id=actor_id)
    task = _fetch(session, task_id=task_id)
    before = task["status"]
    if before not in sources:
        raise TransitionError(
            "task.step_not_allowed", tracking_no=task["tracking_no"], status=before, action=action
        )
    same_day = promised_same_day(received_day=task["received_day"], due_date=task["due_date"])
    if action == "complete" and before == RECEIVED and not same_day:
        raise TransitionError("task.not_same_day", tracking_no=task["tracking_no"])
    record = events.append(
        session, kind=kind, actor=actor_id, task_id=task_id, payload=payload, now=now
    )
    values: dict[str, Any] = {"status": target, "updated_at": now, **(changes or {})}
    if target in CLOSED_STATUSES:
        values |= {"closed_at": now, "closed_day": local_day(now), "finished_by": actor_id}
    session.execute(_UPDATE_TASK, {"task_id": task_id, **values})
    facts = point_rules.TaskFacts(before, task["point_weight"], task["due_date"])
    ledger.record_credits(session, record, facts)
    return {**task, **values}


def start_processing(session: Session, *, actor_id: str, task_id: str, now: datetime) -> TaskView:
    """received -> in_process."""
    task = _transition(
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
    now: datetime,
) -> TaskView:
    """Send the file to a back-office agency; the stay is timed for attribution."""
    if session.get(Agency, agency_code) is None:
        raise ValidationError("agency_code", "agency.unknown", code=agency_code)
    note = validate_text(note, field="note", max_len=500, required=False)
    task = _transition(
        session,
        action="forward",
        actor_id=actor_id,
        task_id=task_id,
        payload={"agency_code": agency_code, "note": note},
        now=now,
        changes={"current_agency": agency_code},
    )
    session.execute(
        _INSERT_STINT, {"task_id": task_id, "agency_code": agency_code, "forwarded_at": now}
    )
    return _view(session, task)


def return_from_agency(
    session: Session,
    *,
    actor_id: str,
    task_id: str,
    outcome: str = "complete",
    note: str = "",
    now: datetime,
) -> TaskView:
    """The agency sent the file back, complete or with a problem."""
    if outcome not in RETURN_OUTCOMES:
        raise ValidationError("outcome", "task.outcome_unknown")
    note = validate_text(note, field="note", max_len=500, required=outcome == "problem")
    agency = session.scalar(select(Task.current_agency).where(Task.id == task_id))
    task = _transition(
        session,
        action="return",
        actor_id=actor_id,
        task_id=task_id,
        payload={"agency_code": agency, "outcome": outcome, "note": note},
        now=now,
        changes={"current_agency": None},
    )
    _end_agency_stint(session, task_id=task_id, at=now, outcome=outcome)
    return _view(session, task)


def mark_ready(session: Session, *, actor_id: str, task_id: str, now: datetime) -> TaskView:
    """The result is ready for pick-up."""
    task = _transition(
        session, action="ready", actor_id=actor_id, task_id=task_id, payload={}, now=now
    )
    return _view(session, task)


def hand_over(
    session: Session,
    *,
    actor_id: str,
    task_id: str,
    recipient_name: str = "",
    now: datetime,
) -> TaskView:
    """Hand the result to the citizen (or instant completion of a same-day service)."""
    recipient = validate_name(recipient_name, field="recipient_name") if recipient_name else ""
    task = _transition(
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
    now: datetime,
) -> TaskView:
    reason = validate_reason(reason)
    task = _transition(
        session,
        action=action,
        actor_id=actor_id,
        task_id=task_id,
        payload={"reason": reason, **extra},
        now=now,
        changes={"close_reason": reason, "current_agency": None},
    )
    _end_agency_stint(session, task_id=task_id, at=now, outcome="withdrawn")
    return _view(session, task)


def reject(
    session: Session,
    *,
    actor_id: str,
    task_id: str,
    reason: str,
    missing_documents: list[str] | tuple[str, ...] = (),
    now: datetime,
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
    session: Session, *, actor_id: str, task_id: str, reason: str, now: datetime
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
    session: Session, *, actor_id: str, task_id: str, text: str, now: datetime
) -> TaskView:
    """A note on the task's timeline; the status does not change."""
    officers.require_active(session, officer_id=actor_id)
    text = validate_text(text, field="note", max_len=1000, required=True)
    task = _fetch(session, task_id=task_id)
    events.append(
        session,
        kind=kinds.TASK_NOTED,
        actor=actor_id,
        task_id=task_id,
        payload={"note": text},
        now=now,
    )
    return _view(session, task)


def get_task(
    session: Session, *, task_id: str | None = None, tracking_no: str | None = None
) -> TaskView:
    """One task by id or tracking number."""
    return _view(session, _fetch(session, task_id=task_id, tracking_no=tracking_no))


def _view(session: Session, row: dict[str, Any]) -> TaskView:
    """A TaskView from a projection row joined with its applicant."""
    return TaskView(
        id=row["id"],
        tracking_no=row["tracking_no"],
        service_code=row["service_code"],
        service_name=catalogue.get_service(session, code=row["service_code"]).name_id,
        description=row["description"],
        status=row["status"],
        applicant_ref=row["applicant_ref"],
        applicant_nik=row["nik"],
        applicant_name=row["applicant_name"],
        applicant_phone=row["applicant_phone"],
        received_at=row["received_at"],
        due_date=row["due_date"],
        current_agency=row["current_agency"],
        taken_by=row["taken_by"],
        finished_by=row["finished_by"],
        documents=tuple((str(d[0]), bool(d[1])) for d in json.loads(row["documents"])),
        fee_idr=row["fee_idr"],
        point_weight=row["point_weight"],
        handling_seconds=row["handling_seconds"],
        closed_at=row["closed_at"],
        close_reason=row["close_reason"],
    )


def _end_agency_stint(session: Session, *, task_id: str, at: datetime, outcome: str) -> None:
    session.execute(_END_STINT, {"stint_task_id": task_id, "at": at, "stint_outcome": outcome})
