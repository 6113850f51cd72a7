"""Corrections of an open task, and documents brought after intake ("dokumen menyusul").

A typo in a name, NIK or phone, the wrong service, a wrong description or checklist is
corrected on the task itself (`task.corrected`, a reason required) instead of cancelling it
and taking a new number. Documents missing at intake are ticked later
(`task.documents_received`).

The promise rule. A task's SLA counts from `sla_from`, the day its file was complete: the
intake day, or the day its last missing document arrived. Its due date is `sla_working_days`
working days after that day. While documents are missing the due date held is provisional
(as if the file were complete on `sla_from`) and the receipt promises no date; it lists the
missing documents instead. The day the last document is ticked, `sla_from` becomes that day
and the due date is set again, by that event.

A corrected service recomputes what intake takes from the catalogue: fee, SLA, point weight,
checklist (documents of the same name keep their tick) and the due date (from `sla_from`).
The current agency is where the file physically is and stays as it is. The service can be
corrected only while the office still owes the work (not once the result is ready).

Points follow the corrected weight without any reversal: the intake credit does not depend
on the weight, and the processing credit is earned later (ready / instant completion) from
the task's weight and due date at that moment, i.e. the corrected ones. That is why a
service cannot change once the result is ready and the processing credit was earned.

Personal details never enter events: the event names which details changed with keyed
pseudonyms of the old and new values (`tasks.detail_ref`; for the NIK the applicant
pseudonyms). The values before and after stay in the office, in the `meta` table under
`correction.<event uuid>`, which is where the task's history reads them from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, delete, insert, literal_column, select, update
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
from desk_app.counter import tasks
from desk_app.counter.tasks import TaskView, applicant_ref, detail_ref
from desk_app.db.models import Applicant, Event, Meta, Task
from desk_app.eventlog import events, kinds
from desk_app.office import catalogue, officers
from desk_app.office.catalogue import ServiceInfo
from desk_app.office.meta import APPLICANT_SECRET, meta_value
from desk_app.points import point_rules

HISTORY_PREFIX = "correction."  # meta key of a correction's personal before/after values
PERSONAL_DETAILS = ("name", "nik", "phone")
_PROMISE_KINDS = (kinds.TASK_RECEIVED, kinds.TASK_CORRECTED, kinds.TASK_DOCUMENTS_RECEIVED)
_ROWID = literal_column("tasks.rowid", Integer)


@dataclass(frozen=True)
class Promise:
    """What a task's due date is computed from."""

    sla_working_days: int
    sla_from: date


def promise_of(session: Session, *, task: TaskView) -> Promise:
    """The SLA and its starting day, from the latest event of the task that set them."""
    row = session.execute(
        select(Event.kind, Event.payload)
        .where(Event.task_id == task.id, Event.kind.in_(_PROMISE_KINDS))
        .order_by(Event.id.desc())
        .limit(1)
    ).first()
    if row is None:
        raise NotFoundError("task.not_found", ref=task.tracking_no)
    payload: dict[str, Any] = json.loads(row.payload)
    if row.kind == kinds.TASK_RECEIVED:
        return Promise(int(payload["sla_working_days"]), local_day(task.received_at))
    facts = payload["after"] if row.kind == kinds.TASK_CORRECTED else payload
    return Promise(int(facts["sla_working_days"]), date.fromisoformat(facts["sla_from"]))


def _require_open(view: TaskView) -> None:
    if view.status not in tasks.OPEN_STATUSES:
        raise TransitionError(
            "task.correct_closed", tracking_no=view.tracking_no, status=view.status
        )


def _service(code: str) -> str:
    return code.strip().upper()


def _new_service(session: Session, view: TaskView, code: str) -> ServiceInfo:
    """The service a correction moves to, checked as intake checks it."""
    if view.status not in tasks.OWED_STATUSES:
        raise TransitionError("task.correct_service_late", tracking_no=view.tracking_no)
    try:
        service = catalogue.get_service(session, code=code)
    except NotFoundError:
        raise ValidationError("service_code", "service.not_found", code=code) from None
    if not service.active:
        raise ValidationError("service_code", "service.inactive", code=service.code)
    return service


def _checklist(
    view: TaskView, service: ServiceInfo, *, moved: bool, ticked: list[str] | None
) -> list[list[str | bool]]:
    """The checklist after a correction: the new service's, or the task's own, with ticks.

    Without `ticked`, documents of the same name keep their tick. For LAINNYA, documents
    the officer listed beyond the catalogue's are all received; unticking one removes it.
    """
    if ticked is None:
        ticked = [name for name, received in view.documents if received]
        if moved:  # documents of another name stay with the citizen, unticked
            ticked = [name for name in ticked if name in service.required_documents]
    if moved:
        names = list(service.required_documents)
    else:  # the task's own list: the catalogue may have changed since its intake
        names = [
            name
            for name, received in view.documents
            if not (received and service.is_other and name not in service.required_documents)
        ]
    unknown = [d for d in ticked if d not in names]
    if unknown and not service.is_other:
        raise ValidationError("documents", "task.document_unknown", document=unknown[0])
    extra = [validate_text(d, field="documents", max_len=200, required=True) for d in unknown]
    rows: list[list[str | bool]] = [[d, d in ticked] for d in names]
    return rows + [[d, True] for d in extra]


def _complete(checklist: list[list[str | bool]] | tuple[tuple[str, bool], ...]) -> bool:
    return all(bool(row[1]) for row in checklist)


def _facts(
    view: TaskView,
    *,
    ref: str,
    checklist: list[list[str | bool]],
    promise: Promise,
    due: date,
    service: ServiceInfo | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """The non-personal facts of a task as an event carries them (`kinds.TaskPromise`)."""
    return {
        "service_code": view.service_code if service is None else service.code,
        "description": view.description if description is None else description,
        "applicant_ref": ref,
        "documents": checklist,
        "fee_idr": view.fee_idr if service is None else service.fee_idr,
        "sla_working_days": promise.sla_working_days,
        "point_weight": view.point_weight if service is None else service.point_weight,
        "sla_from": promise.sla_from.isoformat(),
        "due_date": due.isoformat(),
    }


def correct_task(
    session: Session,
    *,
    actor_id: str,
    task_id: str,
    reason: str,
    now: datetime,
    name: str | None = None,
    nik: str | None = None,
    phone: str | None = None,
    service_code: str | None = None,
    description: str | None = None,
    documents: list[str] | tuple[str, ...] | None = None,
) -> TaskView:
    """Correct an open task (None = leave as it is); logs `task.corrected`; caller commits.

    `documents` is the whole set of documents received, as the checklist should say.
    """
    today = local_day(now)
    officers.require_active(session, officer_id=actor_id)
    view = tasks.get_task(session, task_id=task_id)
    _require_open(view)
    reason = validate_reason(reason)
    secret = meta_value(session, APPLICANT_SECRET)
    changed: list[str] = []
    personal: dict[str, tuple[str, str]] = {}
    details: list[dict[str, str]] = []

    if name is not None and (value := validate_name(name)) != view.applicant_name:
        personal["name"] = (view.applicant_name, value)
    if nik is not None and (value := validate_nik(nik, today=today)) != view.applicant_nik:
        personal["nik"] = (view.applicant_nik, value)
    if phone is not None and (value := validate_phone(phone)) != view.applicant_phone:
        personal["phone"] = (view.applicant_phone, value)
    new_service = None
    if service_code is not None and _service(service_code) != view.service_code:
        new_service = _new_service(session, view, _service(service_code))
    current = catalogue.get_service(session, code=view.service_code)
    is_other = new_service.is_other if new_service is not None else current.is_other
    new_description = None
    if description is not None or (new_service is not None and is_other):
        text = view.description if description is None else description
        new_description = validate_text(text, field="description", max_len=1000, required=is_other)
    ticked = None if documents is None else list(dict.fromkeys(d.strip() for d in documents))
    checklist = _checklist(
        view,
        new_service or current,
        moved=new_service is not None,
        ticked=None if ticked is None else [d for d in ticked if d],
    )

    for detail in PERSONAL_DETAILS:
        if detail in personal:
            changed.append(detail)
    if new_service is not None:
        changed.append("service")
    if new_description is not None and new_description != view.description:
        changed.append("description")
    old_checklist: list[list[str | bool]] = [[d, r] for d, r in view.documents]
    if checklist != old_checklist and new_service is None:
        changed.append("documents")
    if not changed:
        raise ValidationError("correction", "task.correct_nothing")

    before_promise = promise_of(session, task=view)
    after_promise = before_promise
    if new_service is not None:
        after_promise = Promise(new_service.sla_working_days, before_promise.sla_from)
    if _complete(checklist) and not _complete(view.documents):
        after_promise = Promise(after_promise.sla_working_days, today)
    due = view.due_date
    if after_promise != before_promise:
        due = add_working_days(after_promise.sla_from, after_promise.sla_working_days)

    old_ref = view.applicant_ref
    new_ref = applicant_ref(secret, personal["nik"][1]) if "nik" in personal else old_ref
    for detail in changed:
        if detail == "nik":
            details.append({"field": "nik", "before": old_ref, "after": new_ref})
        elif detail in personal:
            old_value, new_value = personal[detail]
            details.append(
                {
                    "field": detail,
                    "before": detail_ref(secret, detail, old_value),
                    "after": detail_ref(secret, detail, new_value),
                }
            )
    before = _facts(
        view,
        ref=old_ref,
        checklist=old_checklist,
        promise=before_promise,
        due=view.due_date,
    )
    after = _facts(
        view,
        ref=new_ref,
        checklist=checklist,
        promise=after_promise,
        due=due,
        service=new_service,
        description=new_description,
    )
    # Re-weighed by the rules in force today, as the city's replay does (central/ledger.py).
    after["point_weight"] = point_rules.rules_for(today).weight_for(
        after["service_code"], after["sla_working_days"]
    )
    record = events.append(
        session,
        kind=kinds.TASK_CORRECTED,
        actor=actor_id,
        task_id=task_id,
        payload={
            "reason": reason,
            "changed": changed,
            "before": before,
            "after": after,
            "details": details,
        },
        now=now,
    )
    name_now = personal.get("name", ("", view.applicant_name))[1]
    phone_now = personal.get("phone", ("", view.applicant_phone))[1]
    if "nik" in personal:
        _ensure_applicant(session, ref=new_ref, nik=personal["nik"][1], name=name_now, now=now)
    session.execute(
        update(Task)
        .where(Task.id == task_id)
        .values(
            service_code=after["service_code"],
            description=after["description"],
            applicant_ref=new_ref,
            applicant_name=name_now,
            applicant_phone=phone_now,
            documents=json.dumps(checklist, ensure_ascii=False),
            fee_idr=after["fee_idr"],
            point_weight=after["point_weight"],
            due_date=due,
            updated_at=now,
        )
    )
    if personal:
        for ref in dict.fromkeys((new_ref, old_ref)):
            _refresh_applicant(session, ref=ref)
        history = {detail: list(values) for detail, values in personal.items()}
        session.execute(
            insert(Meta).values(
                key=HISTORY_PREFIX + record.uuid, value=json.dumps(history, ensure_ascii=False)
            )
        )
    return tasks.get_task(session, task_id=task_id)


def _ensure_applicant(session: Session, *, ref: str, nik: str, name: str, now: datetime) -> None:
    """A row for a NIK the office did not know yet (filled by `_refresh_applicant`)."""
    if session.get(Applicant, ref) is None:
        session.execute(
            insert(Applicant).values(
                ref=ref, nik=nik, name=name, name_norm=name.casefold(), phone="", updated_at=now
            )
        )


def _refresh_applicant(session: Session, *, ref: str) -> None:
    """`applicants` holds the details of the applicant's latest intake, as corrected.

    A NIK typo leaves its wrong applicant without tasks: that row goes.
    """
    latest = session.execute(
        select(Task.applicant_name, Task.applicant_phone, Task.received_at)
        .where(Task.applicant_ref == ref)
        .order_by(Task.received_at.desc(), _ROWID.desc())
        .limit(1)
    ).first()
    if latest is None:
        session.execute(delete(Applicant).where(Applicant.ref == ref))
        return
    session.execute(
        update(Applicant)
        .where(Applicant.ref == ref)
        .values(
            name=latest.applicant_name,
            name_norm=latest.applicant_name.casefold(),
            phone=latest.applicant_phone,
            updated_at=latest.received_at,
        )
    )


def receive_documents(
    session: Session,
    *,
    actor_id: str,
    task_id: str,
    documents: list[str] | tuple[str, ...],
    now: datetime,
) -> TaskView:
    """Tick documents brought after intake; the last one sets the due date from today."""
    today = local_day(now)
    officers.require_active(session, officer_id=actor_id)
    view = tasks.get_task(session, task_id=task_id)
    _require_open(view)
    brought = list(dict.fromkeys(d.strip() for d in documents if d.strip()))
    if not brought:
        raise ValidationError("documents", "task.documents_none")
    held = dict(view.documents)
    for document in brought:
        if document not in held:
            raise ValidationError("documents", "task.document_unknown", document=document)
        if held[document]:
            raise ValidationError("documents", "task.document_already", document=document)
    checklist: list[list[str | bool]] = [
        [name, received or name in brought] for name, received in view.documents
    ]
    promise = promise_of(session, task=view)
    complete = _complete(checklist)
    due = view.due_date
    if complete:
        promise = Promise(promise.sla_working_days, today)
        due = add_working_days(today, promise.sla_working_days)
    events.append(
        session,
        kind=kinds.TASK_DOCUMENTS_RECEIVED,
        actor=actor_id,
        task_id=task_id,
        payload={
            "received": brought,
            "documents": checklist,
            "complete": complete,
            "sla_working_days": promise.sla_working_days,
            "sla_from": promise.sla_from.isoformat(),
            "due_date": due.isoformat(),
            "due_before": view.due_date.isoformat(),
        },
        now=now,
    )
    session.execute(
        update(Task)
        .where(Task.id == task_id)
        .values(documents=json.dumps(checklist, ensure_ascii=False), due_date=due, updated_at=now)
    )
    return tasks.get_task(session, task_id=task_id)


def correction_history(session: Session, *, event_uuid: str) -> dict[str, tuple[str, str]]:
    """The personal before/after values of one correction, as the office kept them."""
    text = session.scalar(select(Meta.value).where(Meta.key == HISTORY_PREFIX + event_uuid))
    if not text:
        return {}
    data: dict[str, list[str]] = json.loads(text)
    return {detail: (str(values[0]), str(values[1])) for detail, values in data.items()}
