"""Finding tasks: search, the paged work queue, counts and a task's timeline."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Integer,
    Select,
    String,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Mapped, Session

from desk_app.counter import tasks
from desk_app.counter.corrections import HISTORY_PREFIX
from desk_app.counter.tasks import OWED_STATUSES, applicant_ref
from desk_app.db.models import Applicant, Event, Meta, Officer, ServiceType, Task
from desk_app.eventlog import kinds
from desk_app.office.meta import APPLICANT_SECRET, meta_value

_TRACKING_RE = re.compile(r"^\d{6,10}-\d{6}-\d{2}-\d{4,}$")

# Ties are broken by rowid: every SQLite index already ends with it, so no extra sort.
_ROWID: ColumnClause[int] = literal_column("tasks.rowid", Integer)
SORT_COLUMNS = {
    "received_at": Task.received_at,
    "due_date": Task.due_date,
    "tracking_no": Task.tracking_no,
    "status": Task.status,
    "service_code": Task.service_code,
}


@dataclass(frozen=True)
class TaskRow:
    """One line of the work queue or of search results."""

    id: str
    tracking_no: str
    service_code: str
    service_name: str
    applicant_name: str
    status: str
    received_at: datetime
    due_date: date
    current_agency: str | None
    taken_by_name: str
    description: str = ""  # what a "Lainnya" request is about; "" for catalogued services
    missing_documents: tuple[str, ...] = ()  # while any: "berkas belum lengkap"


@dataclass(frozen=True)
class QueueFilter:
    """What the work queue shows."""

    statuses: tuple[str, ...] = ()
    officer_id: str | None = None
    overdue_on: date | None = None  # owed tasks due before this day
    due_by: date | None = None  # owed tasks due on or before this day (due soon)
    agency_code: str | None = None
    service_code: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    sort: str = "received_at"
    descending: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TimelineEntry:
    """One event in a task's history."""

    seq: int
    occurred_at: datetime
    kind: str
    actor_name: str
    payload: dict[str, Any]
    # A correction's personal details, (detail, before, after), from the office's own
    # tables: events carry only pseudonyms of them.
    personal: tuple[tuple[str, str, str], ...] = ()


def _conditions(flt: QueueFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a queue filter."""
    conds: list[ColumnElement[bool]] = []
    if flt.statuses:
        conds.append(Task.status.in_(flt.statuses))
    if flt.officer_id:
        conds.append(Task.taken_by == flt.officer_id)
    if flt.overdue_on:
        conds.append(tasks.overdue_condition(flt.overdue_on))
    if flt.due_by:
        conds += [Task.status.in_(OWED_STATUSES), Task.due_date <= flt.due_by]
    if flt.agency_code:
        conds.append(Task.current_agency == flt.agency_code)
    if flt.service_code:
        conds.append(Task.service_code == flt.service_code)
    if flt.received_from:
        conds.append(Task.received_day >= flt.received_from)
    if flt.received_to:
        conds.append(Task.received_day <= flt.received_to)
    return conds


def queue_ids(session: Session, *, flt: QueueFilter, offset: int, limit: int) -> list[str]:
    """One page of task ids of the queue, in the filter's order."""
    column = SORT_COLUMNS.get(flt.sort, Task.received_at)
    order = column.desc() if flt.descending else column.asc()
    tiebreak = _ROWID.desc() if flt.descending else _ROWID.asc()
    stmt = select(Task.id).where(*_conditions(flt)).order_by(order, tiebreak)
    stmt = stmt.offset(offset).limit(limit)
    return list(session.scalars(stmt))


def queue_count(session: Session, *, flt: QueueFilter) -> int:
    """How many tasks the queue holds."""
    stmt = select(func.count()).select_from(Task).where(*_conditions(flt))
    return int(session.scalar(stmt) or 0)


def status_counts(session: Session, *, flt: QueueFilter | None = None) -> dict[str, int]:
    """Tasks per status, for the filter without its status part."""
    base = QueueFilter() if flt is None else QueueFilter(**{**flt.__dict__, "statuses": ()})
    stmt = select(Task.status, func.count()).where(*_conditions(base)).group_by(Task.status)
    return {s: int(n) for s, n in session.execute(stmt)}


def task_rows(session: Session, *, ids: list[str]) -> list[TaskRow]:
    """Rows for the given ids, in the same order."""
    if not ids:
        return []
    stmt = (
        select(Task, ServiceType.name_id, Officer.name)
        .join(ServiceType, Task.service_code == ServiceType.code)
        .join(Officer, Task.taken_by == Officer.id)
        .where(Task.id.in_(ids))
    )
    by_id = {
        t.id: TaskRow(
            id=t.id,
            tracking_no=t.tracking_no,
            service_code=t.service_code,
            service_name=service,
            applicant_name=t.applicant_name,  # as given at this task's intake
            status=t.status,
            received_at=t.received_at,
            due_date=t.due_date,
            current_agency=t.current_agency,
            taken_by_name=officer,
            description=t.description,
            missing_documents=tuple(d for d, received in json.loads(t.documents) if not received),
        )
        for t, service, officer in session.execute(stmt)
    }
    return [by_id[i] for i in ids if i in by_id]


MAX_NAME_MATCHES = 200
# How many digits a citizen reads from the end of the number: the per-device sequence.
TAIL_DIGITS = 4
MAX_TAIL_DIGITS = 6
MIN_PHONE_DIGITS = 7
WORDS_TABLE = "applicant_words"


# What phone, surname and last-digit lookups need to stay indexed at a million tasks.
# Migration 0008 creates the phone and last-digit indexes; the words table is not created
# yet (a surname search scans the applicants when the name's start gives too few), and the
# code that saves an applicant would have to keep it in step, as it does `name_norm`.
PROPOSED_INDEXES: tuple[str, ...] = (
    "CREATE INDEX IF NOT EXISTS ix_applicants_phone ON applicants (phone)",
    # The last digits, then the newest first: "0042" reads 50 index entries, not every match.
    "CREATE INDEX IF NOT EXISTS ix_tasks_tracking_tail"
    f" ON tasks (substr(tracking_no, -{TAIL_DIGITS}), received_at)",
    f"CREATE TABLE IF NOT EXISTS {WORDS_TABLE} (word VARCHAR(120) NOT NULL,"
    " ref VARCHAR(32) NOT NULL REFERENCES applicants (ref), PRIMARY KEY (word, ref))"
    " WITHOUT ROWID",
    f"CREATE INDEX IF NOT EXISTS ix_{WORDS_TABLE}_ref ON {WORDS_TABLE} (ref)",
)
_WORDS = table(WORDS_TABLE, column("word", String()), column("ref", String()))


def name_words(name_norm: str) -> list[str]:
    """The words of a folded name a search may start at (what `applicant_words` holds)."""
    return sorted({word for word in re.split(r"[\s.,'\-/()]+", name_norm) if word})


_PHONE_RE = re.compile(r"^(\+?62|0)\d+$")
_WORDS_TABLE_EXISTS = text(
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"
).bindparams(name=WORDS_TABLE)


def _prefix(column: Mapped[str] | ColumnElement[str], prefix: str) -> list[ColumnElement[bool]]:
    """`column` starts with `prefix`, as a range an index can answer."""
    return [column >= prefix, column < prefix + "\U0010ffff"]


def _like_literal(value: str) -> str:
    """`value` with LIKE's wildcards escaped (the escape character is a backslash)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_NEWEST_FIRST = Task.received_at.desc()


def _tasks_of(*refs: Select[str]) -> Select[str]:
    """Tasks of the applicants the (bounded) subqueries name, newest first."""
    stmt = select(Task.id).where(or_(*(Task.applicant_ref.in_(r) for r in refs)))
    return stmt.order_by(_NEWEST_FIRST)


def _by_phone(digits: str) -> Select[str]:
    """Tasks of applicants whose phone (kept as 08...) starts with the typed digits."""
    digits = digits.removeprefix("+")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    refs = select(Applicant.ref).where(*_prefix(Applicant.phone, digits)).limit(MAX_NAME_MATCHES)
    return _tasks_of(refs)


def _tail_expression() -> ColumnElement[str]:
    """substr(tracking_no, -4), spelled with a literal so an expression index can match it."""
    return func.substr(Task.tracking_no, literal_column(str(-TAIL_DIGITS)))


def _by_tail(digits: str) -> Select[str]:
    """Tasks whose number ends in the typed digits; fewer than four are a sequence number."""
    tail = digits.zfill(TAIL_DIGITS)
    stmt = select(Task.id).where(_tail_expression() == tail[-TAIL_DIGITS:])
    if len(digits) < TAIL_DIGITS:  # "42" is sequence 0042, not 0142
        stmt = stmt.where(Task.tracking_no.like("%-" + tail))
    elif len(digits) > TAIL_DIGITS:  # "10042" needs all five
        stmt = stmt.where(Task.tracking_no.like("%" + tail))
    return stmt.order_by(_NEWEST_FIRST)


def _name_starts(name: str) -> Select[str]:
    """Applicants whose whole name starts with `name`, the first ones in name order.

    The bound keeps the work small however common the prefix; the officer types more letters
    to narrow it.
    """
    refs = select(Applicant.ref).where(*_prefix(Applicant.name_norm, name))
    return refs.order_by(Applicant.name_norm).limit(MAX_NAME_MATCHES)


def _by_name(session: Session, name: str) -> Select[str]:
    """Tasks of applicants whose name, or (for one word) any word of it, starts with `name`."""
    if " " not in name and _has_words_table(session):
        words = select(_WORDS.c.ref).where(*_prefix(_WORDS.c.word, name))
        return _tasks_of(words.limit(MAX_NAME_MATCHES))
    return _tasks_of(_name_starts(name))


def _by_word_inside(name: str) -> Select[str]:
    """Tasks whose applicant's name has a later word starting with `name` (scans applicants)."""
    pattern = "% " + _like_literal(name) + "%"
    inner = select(Applicant.ref).where(Applicant.name_norm.like(pattern, escape="\\"))
    return _tasks_of(_name_starts(name), inner.limit(MAX_NAME_MATCHES))


def search_statement(session: Session, *, query: str) -> Select[str] | None:
    """The ids of the tasks a search query means, newest first (None for an empty query)."""
    text_ = " ".join(query.split())
    if not text_:
        return None
    compact = re.sub(r"[\s.]", "", text_)
    bare = compact.replace("-", "")
    if _TRACKING_RE.match(compact):
        return select(Task.id).where(Task.tracking_no == compact)
    if compact.isdigit() and len(compact) == 16:
        ref = applicant_ref(meta_value(session, APPLICANT_SECRET), compact)
        return select(Task.id).where(Task.applicant_ref == ref).order_by(_NEWEST_FIRST)
    if bare.isdigit() and len(bare) <= MAX_TAIL_DIGITS and not compact.endswith("-"):
        return _by_tail(bare)  # "0042", "42", "-0042": the number on the receipt's end
    # A tracking number never starts with 0 or "+"; its first dash follows 6-10 digits.
    dialled = compact.startswith(("+", "0")) or not 6 <= compact.find("-") <= 10
    if _PHONE_RE.match(bare) and len(bare) >= MIN_PHONE_DIGITS and dialled:
        return _by_phone(bare)
    if bare.isdigit():
        # A partial tracking number: a range on the unique index (LIKE would scan).
        return select(Task.id).where(*_prefix(Task.tracking_no, compact)).order_by(_NEWEST_FIRST)
    return _by_name(session, text_.casefold())


def search(session: Session, *, query: str, limit: int = 50) -> list[TaskRow]:
    """Tasks by tracking number (or its last digits), NIK, phone or a word of the name."""
    stmt = search_statement(session, query=query)
    if stmt is None:
        return []
    ids = list(session.scalars(stmt.limit(limit)))
    name = " ".join(query.split()).casefold()
    if len(ids) < limit and _is_one_word(name) and not _has_words_table(session):
        # A surname, until the words table exists: a scan, run only when the name's start
        # did not already fill the page.
        ids = list(session.scalars(_by_word_inside(name).limit(limit)))
    return task_rows(session, ids=ids)


def _has_words_table(session: Session) -> bool:
    """True once a migration has added the words table (see PROPOSED_INDEXES)."""
    return session.execute(_WORDS_TABLE_EXISTS).first() is not None


def _is_one_word(text_: str) -> bool:
    """A single word with at least one letter: a name, not a number."""
    return bool(text_) and " " not in text_ and any(c.isalpha() for c in text_)


def timeline(session: Session, *, task_id: str) -> list[TimelineEntry]:
    """Every event of a task, oldest first, with the acting officer's name."""
    stmt = (
        select(Event, Officer.name)
        .outerjoin(Officer, Event.actor == Officer.id)
        .where(Event.task_id == task_id)
        .order_by(Event.seq)
    )
    rows = session.execute(stmt).all()
    keys = [HISTORY_PREFIX + e.uuid for e, _ in rows if e.kind == kinds.TASK_CORRECTED]
    kept: dict[str, dict[str, list[str]]] = {}
    if keys:
        found = session.execute(select(Meta.key, Meta.value).where(Meta.key.in_(keys)))
        kept = {key.removeprefix(HISTORY_PREFIX): json.loads(value) for key, value in found}
    return [
        TimelineEntry(
            seq=e.seq,
            occurred_at=e.occurred_at,
            kind=e.kind,
            actor_name=name or "",
            payload=json.loads(e.payload),
            personal=tuple(
                (detail, str(values[0]), str(values[1]))
                for detail, values in kept.get(e.uuid, {}).items()
            ),
        )
        for e, name in rows
    ]


def due_soon_day(today: date) -> date:
    """Tasks due on or before this day count as due soon (within a day)."""
    return today + timedelta(days=1)
