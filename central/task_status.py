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
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from central.lifecycle import STATUS_AFTER
from central.projections import moment
from central.store.engine import rows_where_in
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
    """Rebuild the status rows of the tasks `events` (just stored) are about.

    A task whose every event the city holds is among `events` (the usual case: a push
    brings a task's intake and what followed) is rebuilt from them as they are, already
    parsed; only a task with other events held is read back with all of its events.
    """
    mine: dict[str, Any] = {
        e["uuid"]: e for e in events if e["kind"] in KINDS and e["task_id"] is not None
    }
    tasks = {e["task_id"] for e in mine.values() if e["task_id"]}
    if not tasks:
        return
    held = rows_where_in(
        session, "SELECT task_id, uuid, kind FROM events", office_code, "task_id", sorted(tasks)
    )
    history: dict[str, list[_Fact]] = {}
    older: set[str] = set()  # tasks with events held besides these
    for task_id, uuid, kind in held:
        if kind not in KINDS:
            continue
        event = mine.get(uuid)
        if event is None:
            older.add(task_id)
        else:
            history.setdefault(task_id, []).append(
                _Fact(
                    event["occurred_at"],
                    event["device_id"],
                    event["seq"],
                    event["kind"],
                    event["payload"] if isinstance(event["payload"], dict) else None,
                )
            )
    if older:
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
                StoredEvent.task_id.in_(_literal_in(older)),
                StoredEvent.kind.in_(sorted(KINDS)),
            )
        ).all()
        for task_id in older:
            history[task_id] = []
        for row in rows:
            fact = _Fact(row.occurred_at, row.device_id, row.seq, row.kind, _payload(row.payload))
            history[row.task_id].append(fact)
    built = []
    for task_id, facts in sorted(history.items()):
        facts.sort(key=_order)
        status = _build(office_code, task_id, facts)
        if status is not None:
            built.append(status)
    unbuilt = tasks - {row["task_id"] for row in built}
    if unbuilt:  # a task without its intake yet (or whose rows are gone): no row
        session.execute(
            delete(TaskStatus).where(
                TaskStatus.office_code == office_code,
                TaskStatus.task_id.in_(_literal_in(unbuilt)),
            )
        )
    if built:  # each row replaced whole: the same as a delete and an insert
        _upsert(session, built)


class _Fact(NamedTuple):
    """One of a task's events as the rebuild reads it (payload parsed; None if unreadable)."""

    occurred_at: str
    device_id: str
    seq: int
    kind: str
    payload: dict[str, Any] | None


def _order(fact: _Fact) -> tuple[str, str, int]:
    return fact.occurred_at, fact.device_id, fact.seq


_COLUMNS = tuple(c.name for c in TaskStatus.__table__.columns)
_KEY = ("office_code", "task_id")


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert the rows, each replacing the one held for its task (ON CONFLICT DO UPDATE).

    Below the ORM and Core (thousands of rows a push): on PostgreSQL one statement over
    arrays of the columns (unnest), sent in binary (psycopg spells text arrays slowly); on
    SQLite one executemany of the statement compiled
    once, each value through its column's own bind processing.
    """
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        driver = conn.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor:
            cursor.execute(_PG_UPSERT, [[row[name] for row in rows] for name in _COLUMNS])
        return
    sql, names, processors = _upsert_statement(conn.dialect)
    spell = [(index, process) for index, process in enumerate(processors) if process]
    pick = itemgetter(*names)
    params: list[tuple[Any, ...]] = []
    for row in rows:
        values = list(pick(row))
        for index, process in spell:
            values[index] = process(values[index])
        params.append(tuple(values))
    conn.exec_driver_sql(sql, params)


_PG_TYPES = {  # each column's array type for unnest
    "office_code": "varchar[]",
    "task_id": "varchar[]",
    "tracking_no": "varchar[]",
    "check_digest": "varchar[]",
    "status": "varchar[]",
    "due_date": "date[]",
    "documents_pending": "boolean[]",
    "updated_at": "timestamptz[]",
}
_PG_UPSERT = (
    f"INSERT INTO task_statuses ({', '.join(_COLUMNS)}) "
    f"SELECT * FROM unnest({', '.join(f'%b::{_PG_TYPES[name]}' for name in _COLUMNS)}) "
    f"ON CONFLICT ({', '.join(_KEY)}) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in _COLUMNS if name not in _KEY)
)


@lru_cache(maxsize=4)
def _upsert_statement(dialect: Dialect) -> tuple[str, tuple[str, ...], tuple[Any, ...]]:
    """The upsert's SQL for SQLite, its parameters' names in order and their processors."""
    statement = sqlite_insert(TaskStatus).values({name: bindparam(name) for name in _COLUMNS})
    statement = statement.on_conflict_do_update(
        index_elements=list(_KEY),
        set_={name: statement.excluded[name] for name in _COLUMNS if name not in _KEY},
    )
    compiled = statement.compile(dialect=dialect)
    names = tuple(compiled.positiontup or ())
    columns = TaskStatus.__table__.columns
    processors = tuple(
        columns[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    )
    return compiled.string, names, processors


def _build(office_code: str, task_id: str, history: list[_Fact]) -> dict[str, Any] | None:
    """One task's row from its events in order; None until its task.received is here."""
    received = next((r for r in history if r.kind == kinds.TASK_RECEIVED), None)
    payload = received.payload if received is not None else None
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
        data = event.payload
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
    for document in documents:
        if isinstance(document, list) and len(document) == 2 and document[1] is False:
            return True
    return False
