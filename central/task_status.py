"""The citizens' view of a task: status, promised date and the receipt's check code digest.

apply() runs in the push's transaction (from projections.apply) and rebuilds each touched
task's row from all of its events the city holds, so the row is the same whatever order
the desks' pushes arrive in (DESIGN, invariant 7). Nothing personal is kept: no name, NIK,
phone, fee or officer.

The check code is kept as its sha256, not as the code. The city already holds the code in
the task.received event (events are stored exactly as the desk hashed them), so this is
not about secrecy at rest: the page's table, the one a public route reads, then holds
nothing that opens the page, and the comparison is always over two 64-character digests,
so it takes the same time whatever code is guessed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from central.lifecycle import STATUS_AFTER
from central.projections import moment
from central.store.models import StoredEvent, TaskStatus
from desk_app.eventlog import kinds
from desk_app.eventlog.wire import WireEvent

# The events that set a task's status or its promise (a correction can move the due date).
PROMISE_KINDS = frozenset({kinds.TASK_CORRECTED, kinds.TASK_DOCUMENTS_RECEIVED})
KINDS = frozenset(STATUS_AFTER) | PROMISE_KINDS


def check_digest(code: str) -> str:
    """The stored form of a check code, as typed or scanned (case and spaces ignored)."""
    return hashlib.sha256(code.strip().upper().encode("utf-8")).hexdigest()


def apply(session: Session, *, office_code: str, events: Sequence[WireEvent]) -> None:
    """Rebuild the status rows of the tasks `events` (just stored) are about."""
    tasks = {e["task_id"] for e in events if e["kind"] in KINDS and e["task_id"]}
    if not tasks:
        return
    rows = session.execute(
        select(
            StoredEvent.kind,
            StoredEvent.task_id,
            StoredEvent.occurred_at,
            StoredEvent.device_id,
            StoredEvent.seq,
            StoredEvent.payload,
        ).where(
            StoredEvent.office_code == office_code,
            StoredEvent.task_id.in_(_literal_in(tasks)),
            StoredEvent.kind.in_(sorted(KINDS)),
        )
    ).all()
    by_task: dict[str, list[Any]] = {}
    for row in sorted(rows, key=lambda r: (r.occurred_at, r.device_id, r.seq)):
        by_task.setdefault(row.task_id, []).append(row)
    built = [
        status
        for task_id, history in sorted(by_task.items())
        if (status := _build(office_code, task_id, history)) is not None
    ]
    session.execute(
        delete(TaskStatus).where(
            TaskStatus.office_code == office_code, TaskStatus.task_id.in_(_literal_in(tasks))
        )
    )
    if built:
        session.execute(insert(TaskStatus), built)


def _build(office_code: str, task_id: str, history: list[Any]) -> dict[str, Any] | None:
    """One task's row from its events in order; None until its task.received is here."""
    received = next((r for r in history if r.kind == kinds.TASK_RECEIVED), None)
    payload = _payload(received.payload) if received is not None else None
    at = moment(received.occurred_at) if received is not None else None
    tracking_no = payload.get("tracking_no") if payload is not None else None
    if payload is None or at is None or not isinstance(tracking_no, str) or not tracking_no:
        return None
    code = payload.get("check_code")
    row: dict[str, Any] = {
        "office_code": office_code,
        "task_id": task_id,
        "tracking_no": tracking_no[:40],
        "check_digest": check_digest(code) if isinstance(code, str) and code else None,
        "status": STATUS_AFTER[kinds.TASK_RECEIVED],
        "due_date": _day(payload.get("due_date")),
        "documents_pending": _pending(payload.get("documents")),
        "updated_at": at,
    }
    # The intake comes first whatever the desks' clocks said; then every later word, in order.
    for event in history:
        if event is received:
            continue
        when: datetime | None = moment(event.occurred_at)
        data = _payload(event.payload)
        if when is None or data is None:
            continue
        if event.kind in STATUS_AFTER and event.kind != kinds.TASK_RECEIVED:
            row["status"] = STATUS_AFTER[event.kind]
        elif event.kind == kinds.TASK_CORRECTED:
            after = data.get("after")
            if not isinstance(after, dict):
                continue
            row["due_date"] = _day(after.get("due_date")) or row["due_date"]
            row["documents_pending"] = _pending(after.get("documents"))
        elif event.kind == kinds.TASK_DOCUMENTS_RECEIVED:
            row["due_date"] = _day(data.get("due_date")) or row["due_date"]
            row["documents_pending"] = data.get("complete") is not True
        else:
            continue
        row["updated_at"] = max(row["updated_at"], when)
    return row


def _literal_in(values: Iterable[str]) -> Any:
    """Values for an IN as literals (see push.apply_push on PostgreSQL's generic plans)."""
    return bindparam("values", sorted(values), expanding=True, literal_execute=True)


def _payload(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _pending(documents: Any) -> bool:
    """True while the checklist has an unticked document (no date is promised then)."""
    if not isinstance(documents, list):
        return False
    return any(isinstance(d, list) and len(d) == 2 and d[1] is False for d in documents)
