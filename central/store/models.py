"""The city's tables: every fact keyed by office code, with client-made ids (no serial keys)."""

# Planned for a nation: the tables can be distributed by office_code (Citus) because every
# fact table leads with it, every id is made by a client (UUID, or the desk's own sequence),
# and no shared reference table points into a fact table. tests/central/test_schema.py
# holds the metadata to these rules.

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of the city's tables."""


class Office(Base):
    """A registered office (Kemendagri code); the distribution key of every fact table."""

    __tablename__ = "offices"

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EnrolmentCode(Base):
    """A one-time code that lets one desk join its office; only its hash is kept."""

    __tablename__ = "enrolment_codes"

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    used_by: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Device(Base):
    """An enrolled desk: its secret's hash and how much of its chain the city holds."""

    __tablename__ = "devices"

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_no: Mapped[int] = mapped_column(Integer)
    token_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the device secret
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    acked_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    reported_seq: Mapped[int] = mapped_column(BigInteger, default=0)  # the desk's own head
    head_hash: Mapped[str] = mapped_column(String(64))
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    clock_skew_s: Mapped[float | None] = mapped_column(nullable=True)
    # A desk restored from a backup goes on as a new device (its successor): the device it
    # succeeded, same office, retired when the succession was registered.
    predecessor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # "desk" pushes its own chain; "hub" is an office's LAN server that relays its desks'
    # chains (central.relay); "mirror", in a hub's own store only, is a chain pulled down
    # from the city. A relayed device holds no token of its own: `relayed_by` names its hub.
    role: Mapped[str] = mapped_column(String(10), default="desk", server_default="desk")
    relayed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)


class StoredEvent(Base):
    """One desk event exactly as the desk chained it; (office, device, seq) is its place."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("office_code", "uuid", name="uq_events_office_uuid"),
        Index("ix_events_office_task", "office_code", "task_id"),
        # The analytics rollups re-read one office's Jakarta day of events (a range of
        # occurred_at); it costs every push one more index entry per event.
        Index("ix_events_office_occurred", "office_code", "occurred_at"),
    )

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str | None] = mapped_column(String(36), nullable=True)
    task_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    occurred_at: Mapped[str] = mapped_column(String(32))  # utc_iso, exactly as hashed
    monotonic_ns: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON, exactly as hashed
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Flag(Base):
    """Something an administrator must look at: a fork, a bad hash, a business oddity."""

    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_office_device", "office_code", "device_id"),)

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    flag_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    detail: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)  # the event as received, canonical JSON
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AgencyStay(Base):
    """One stay of a task at an agency (task.forwarded until task.returned, rejected or
    cancelled), so the city can see which agencies keep files long."""

    __tablename__ = "agency_stays"
    __table_args__ = (
        Index("ix_agency_stays_office_task", "office_code", "task_id"),
        Index("ix_agency_stays_office_agency", "office_code", "agency_code"),
    )

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    stay_id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the forward's uuid
    task_id: Mapped[str] = mapped_column(String(36))
    agency_code: Mapped[str] = mapped_column(String(40))
    forwarded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)


class AttendanceSession(Base):
    """One clock-in/clock-out session of an officer (shift.* events).

    Each time keeps the order key of the event that set it (occurred_at, device, seq): the
    latest wins, so the sessions come out the same whatever order the desks' pushes arrive.
    """

    __tablename__ = "attendance_sessions"
    __table_args__ = (Index("ix_attendance_office_officer", "office_code", "officer_id"),)

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    officer_id: Mapped[str] = mapped_column(String(36))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    started_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ended_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    corrected: Mapped[bool] = mapped_column(Boolean, default=False)


class DayClose(Base):
    """A lead's seal of a local day (day.closed) with the summary figures the desk computed.

    Keyed by the close event: two desks that sealed the same day are both kept and shown.
    """

    __tablename__ = "day_closes"
    __table_args__ = (Index("ix_day_closes_office_day", "office_code", "day"),)

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    close_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    device_id: Mapped[str] = mapped_column(String(36))
    closed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    closed_at: Mapped[str] = mapped_column(String(32))  # utc_iso of the event
    received: Mapped[int] = mapped_column(Integer)
    completed: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    cancelled: Mapped[int] = mapped_column(Integer)
    open_end_of_day: Mapped[int] = mapped_column(Integer)
    overdue_end_of_day: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    hours: Mapped[float] = mapped_column(Float)
    last_event_seq: Mapped[int] = mapped_column(BigInteger)
    last_event_hash: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)  # canonical JSON of the DaySummary


class TaskStatus(Base):
    """What the citizens' status page shows of a task: status and promise, no personal data.

    Rebuilt from all of the task's events the city holds (central/task_status.py), so it
    comes out the same whatever order the desks' pushes arrive in.
    """

    __tablename__ = "task_statuses"
    __table_args__ = (Index("ix_task_statuses_office_tracking", "office_code", "tracking_no"),)

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tracking_no: Mapped[str] = mapped_column(String(40))
    # sha256 of the receipt's check code; None for tasks taken before codes existed.
    check_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    documents_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CatalogueDocument(Base):
    """A published version of the city-wide service catalogue (a reference table)."""

    __tablename__ = "catalogue_documents"
    # Shared by every office and small: replicated to every node, never distributed.
    __table_args__ = {"info": {"reference": True}}  # noqa: RUF012 (SQLAlchemy's own form)

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sha256: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)  # canonical JSON: {"version", "services": [...]}


class RulesDocument(Base):
    """A published points rules document (a reference table); the shipped file is number 0."""

    __tablename__ = "rules_documents"
    # Shared by every office and small: replicated to every node, never distributed.
    __table_args__ = {"info": {"reference": True}}  # noqa: RUF012 (SQLAlchemy's own form)

    document: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sha256: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)  # canonical JSON: {"document", "versions": [...]}


class HourRollup(Base):
    """One office's figures for one Jakarta hour of one day (central/analytics/rollups.py).

    Sums, not means, so cells add up across days, hours and offices (analytics.cells.HourCell
    holds the same fields). A day's rows are rewritten whole from that office-day's events,
    so they come out the same whatever order the desks' pushes arrive in.
    """

    __tablename__ = "hour_rollups"
    __table_args__ = (Index("ix_hour_rollups_day", "day"),)

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)  # Jakarta calendar date
    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    arrivals: Mapped[int] = mapped_column(Integer, default=0)
    tickets: Mapped[int] = mapped_column(Integer, default=0)
    abandoned: Mapped[int] = mapped_column(Integer, default=0)
    wait_count: Mapped[int] = mapped_column(Integer, default=0)
    wait_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    handle_count: Mapped[int] = mapped_column(Integer, default=0)
    handle_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    handle_seconds_sq: Mapped[float] = mapped_column(Float, default=0.0)
    completed: Mapped[int] = mapped_column(Integer, default=0)
    points: Mapped[int] = mapped_column(Integer, default=0)
    officer_seconds: Mapped[float] = mapped_column(Float, default=0.0)


class RollupStamp(Base):
    """An office-day's rollup stamp: a fresh random value each time that day's hour rollups
    are rewritten, so answers computed from its cells are known stale when it moves on
    (central/analytics/answers.py)."""

    __tablename__ = "rollup_stamps"

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)  # Jakarta calendar date
    stamp: Mapped[int] = mapped_column(BigInteger, autoincrement=False)


class RollupMark(Base):
    """An office-day whose rollup is out of date: events of it arrived since it was computed.

    One row per (office, Jakarta day, device): `first_seq` is the device's first event of
    the day pushed since (the new events are those from it on), `marks` counts the pushes
    so a refresh removes only a mark no push has touched while it computed.
    """

    __tablename__ = "rollup_marks"

    office_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    first_seq: Mapped[int] = mapped_column(BigInteger)
    marks: Mapped[int] = mapped_column(BigInteger, default=1)
