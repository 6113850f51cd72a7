"""SQLAlchemy 2 typed models of the office database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes, stored naive in UTC so SQLite sorts them as text."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Base of every office table."""


class Meta(Base):
    """Key/value facts about this installation: office, device, secrets."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Office(Base):
    """A Kemendagri area with a PTSP office (province, city, kecamatan, kelurahan)."""

    __tablename__ = "offices"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(16))


class Agency(Base):
    """A back-office agency (dinas) that tasks can be forwarded to."""

    __tablename__ = "agencies"
    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))


class ServiceType(Base):
    """One entry of the service catalogue."""

    __tablename__ = "service_types"
    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    name_id: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    agency_note: Mapped[str] = mapped_column(Text, default="")
    sla_working_days: Mapped[int] = mapped_column(Integer)
    # NULL means a levy computed by formula, not "free".
    fee_idr: Mapped[int | None] = mapped_column(Integer)
    required_documents: Mapped[str] = mapped_column(Text)  # JSON list of strings
    point_weight: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    catalogue_version: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")


class Officer(Base):
    """A person who logs in at the counter."""

    __tablename__ = "officers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(255))
    failed_pins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A one-time PIN (or none, an empty pin_hash) set by an admin: the officer must choose
    # their own at the next log-in before working (migration 0007).
    must_change_pin: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))


class Applicant(Base):
    """A citizen's personal data; stays in the office, events carry only `ref`."""

    __tablename__ = "applicants"
    ref: Mapped[str] = mapped_column(String(32), primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_norm: Mapped[str] = mapped_column(String(120), index=True)
    phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Task(Base):
    """Projection of one citizen request, rebuilt from its events."""

    __tablename__ = "tasks"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tracking_no: Mapped[str] = mapped_column(String(40), unique=True)
    service_code: Mapped[str] = mapped_column(ForeignKey("service_types.code"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    applicant_ref: Mapped[str] = mapped_column(ForeignKey("applicants.ref"), index=True)
    # The applicant's name and phone as given at this intake (migration 0005): a later
    # intake with other details updates `applicants`, never an earlier task.
    applicant_name: Mapped[str] = mapped_column(String(120), server_default="")
    applicant_phone: Mapped[str] = mapped_column(String(20), server_default="")
    status: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    received_day: Mapped[date] = mapped_column(Date, index=True)
    due_date: Mapped[date] = mapped_column(Date)
    current_agency: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"), index=True)
    taken_by: Mapped[str] = mapped_column(ForeignKey("officers.id"))
    finished_by: Mapped[str | None] = mapped_column(ForeignKey("officers.id"))
    documents: Mapped[str] = mapped_column(Text)  # JSON list of [name, received]
    fee_idr: Mapped[int | None] = mapped_column(Integer)
    point_weight: Mapped[int] = mapped_column(Integer)
    handling_seconds: Mapped[int | None] = mapped_column(Integer)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_day: Mapped[date | None] = mapped_column(Date, index=True)
    close_reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Loaded in the same statement: a task is never shown without its applicant.
    applicant: Mapped[Applicant] = relationship(lazy="joined", innerjoin=True)

    # The work queue filters by status or officer and sorts by time; SQLite appends the
    # rowid to every index entry, which the queue uses as its tie-break.
    __table_args__ = (
        Index("ix_tasks_status_due", "status", "due_date"),
        Index("ix_tasks_status_received", "status", "received_at"),
        Index("ix_tasks_taken_by_received", "taken_by", "received_at"),
        # Search by the last digits of a tracking number (counter.lookup), newest first.
        Index("ix_tasks_tracking_tail", text("substr(tracking_no, -4)"), "received_at"),
    )


class AgencyStint(Base):
    """One stay of a task at an agency, so late work can be attributed."""

    __tablename__ = "agency_stints"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id"), index=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    forwarded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))


class Event(Base):
    """One immutable, hash-chained change; the source of truth and the sync outbox."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str | None] = mapped_column(String(36))
    task_id: Mapped[str | None] = mapped_column(String(36), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    monotonic_ns: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("device_id", "seq", name="uq_events_device_seq"),)


class ChainHead(Base):
    """The last event of a device's chain, so a deleted tail is noticed."""

    __tablename__ = "chain_heads"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class PointsEntry(Base):
    """One row of the points ledger, derived from one event by the rules."""

    __tablename__ = "points"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_uuid: Mapped[str] = mapped_column(ForeignKey("events.uuid"), index=True)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officers.id"))
    task_id: Mapped[str | None] = mapped_column(String(36))
    day: Mapped[date] = mapped_column(Date)
    credit: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(Integer)
    rule_version: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_points_day_officer", "day", "officer_id"),)


class TrackingCounter(Base):
    """Per-day sequence of this device's tracking numbers."""

    __tablename__ = "tracking_counters"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class ReceiptPrint(Base):
    """Projection of one `receipt.printed` event: the print journal."""

    __tablename__ = "receipt_prints"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_uuid: Mapped[str] = mapped_column(ForeignKey("events.uuid"), unique=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # intake | handover | rejection
    copy_no: Mapped[int] = mapped_column(Integer)
    layout: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(16))  # pdf | printer
    ok: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str] = mapped_column(Text, default="")
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(ForeignKey("officers.id"))


class AttendanceSession(Base):
    """Projection of one clock-in/clock-out session (`shift.*` events)."""

    __tablename__ = "attendance_sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officers.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    corrected: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_attendance_officer_started", "officer_id", "started_at"),
        Index("ix_attendance_ended", "ended_at"),
        # At most one open session per officer, enforced by the database too.
        Index(
            "ux_attendance_open",
            "officer_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
        ),
    )


class DayClose(Base):
    """Projection of one `day.closed` event: the sealed day and its summary."""

    __tablename__ = "day_closes"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    closed_by: Mapped[str] = mapped_column(ForeignKey("officers.id"))
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    event_uuid: Mapped[str] = mapped_column(ForeignKey("events.uuid"), unique=True)
    summary: Mapped[str] = mapped_column(Text)  # canonical JSON of the DaySummary
    last_event_hash: Mapped[str] = mapped_column(String(64))


class QueueNumber(Base):
    """The last ticket number issued per local day and category (migration 0006)."""

    __tablename__ = "queue_numbers"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    category: Mapped[str] = mapped_column(String(1), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class QueueTicket(Base):
    """Projection of one kiosk ticket (`queue.*` events): its wait, its call, its task."""

    __tablename__ = "queue_tickets"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(1))
    number: Mapped[int] = mapped_column(Integer)
    priority: Mapped[str] = mapped_column(String(16), default="")  # "" | elderly | ...
    status: Mapped[str] = mapped_column(String(16))  # waiting | called | served | no_show
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A transfer sends a ticket back to the queue for one named counter.
    for_counter: Mapped[int | None] = mapped_column(Integer)
    counter_no: Mapped[int | None] = mapped_column(Integer)
    officer_id: Mapped[str | None] = mapped_column(ForeignKey("officers.id"))
    first_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    calls: Mapped[int] = mapped_column(Integer, default=0)
    task_id: Mapped[str | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    wait_seconds: Mapped[int | None] = mapped_column(Integer)
    handling_seconds: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("day", "category", "number", name="uq_queue_tickets_number"),
        # "Call next": the day's waiting tickets in arrival order, straight off the index.
        Index("ix_queue_tickets_day_status_issued", "day", "status", "issued_at"),
    )


class QueueCall(Base):
    """Projection of every call, recall, no-show and transfer: the call journal."""

    __tablename__ = "queue_calls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_uuid: Mapped[str] = mapped_column(ForeignKey("events.uuid"), unique=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("queue_tickets.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # call | recall | no_show | transfer
    counter_no: Mapped[int] = mapped_column(Integer)
    officer_id: Mapped[str] = mapped_column(ForeignKey("officers.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    priority_used: Mapped[bool] = mapped_column(Boolean, default=False)


class SurveyResponse(Base):
    """Projection of one anonymous IKM survey (`survey.submitted`): nine scores of 1-4."""

    __tablename__ = "survey_responses"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Only to allow one survey per completed task; no officer, no applicant.
    task_id: Mapped[str | None] = mapped_column(ForeignKey("tasks.id"), unique=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    u1: Mapped[int] = mapped_column(Integer)
    u2: Mapped[int] = mapped_column(Integer)
    u3: Mapped[int] = mapped_column(Integer)
    u4: Mapped[int] = mapped_column(Integer)
    u5: Mapped[int] = mapped_column(Integer)
    u6: Mapped[int] = mapped_column(Integer)
    u7: Mapped[int] = mapped_column(Integer)
    u8: Mapped[int] = mapped_column(Integer)
    u9: Mapped[int] = mapped_column(Integer)


class PeerCursor(Base):
    """How far this desk holds another device's chain of the office (migration 0009)."""

    __tablename__ = "peer_cursors"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    heard_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class TaskConflict(Base):
    """Two desks' concurrent actions on one task: the loser is kept and shown (0009)."""

    __tablename__ = "task_conflicts"
    loser_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(36), index=True)
    winner_uuid: Mapped[str] = mapped_column(String(36))
    winner_kind: Mapped[str] = mapped_column(String(40))
    winner_actor: Mapped[str | None] = mapped_column(String(36))
    winner_device: Mapped[str] = mapped_column(String(36))
    winner_at: Mapped[datetime] = mapped_column(UTCDateTime)
    loser_kind: Mapped[str] = mapped_column(String(40))
    loser_actor: Mapped[str | None] = mapped_column(String(36))
    loser_device: Mapped[str] = mapped_column(String(36))
    loser_at: Mapped[datetime] = mapped_column(UTCDateTime)
    settled: Mapped[str] = mapped_column(String(16), default="")  # "", keep, take_loser


# The day close counts agency stays by the day they began and ended (migration 0003).
Index("ix_agency_stints_forwarded_at", AgencyStint.forwarded_at)
Index("ix_agency_stints_returned_at", AgencyStint.returned_at)


def table(model: type[Base]) -> Table:
    """The Core table of a model, for prebuilt statements on the hot path."""
    return cast(Table, model.__table__)
