"""city projections: agency stays, attendance sessions, day closes (back-filled)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BACKFILL_CHUNK = 2000  # events per apply(), as a push


def upgrade() -> None:
    op.create_table(
        "agency_stays",
        sa.Column("office_code", sa.String(length=20), nullable=False),
        sa.Column("stay_id", sa.String(length=36), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("agency_code", sa.String(length=40), nullable=False),
        sa.Column("forwarded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("office_code", "stay_id"),
    )
    op.create_index(
        "ix_agency_stays_office_task", "agency_stays", ["office_code", "task_id"], unique=False
    )
    op.create_index(
        "ix_agency_stays_office_agency",
        "agency_stays",
        ["office_code", "agency_code"],
        unique=False,
    )
    op.create_table(
        "attendance_sessions",
        sa.Column("office_code", sa.String(length=20), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_key", sa.String(length=100), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_key", sa.String(length=100), nullable=True),
        sa.Column("corrected", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("office_code", "session_id"),
    )
    op.create_index(
        "ix_attendance_office_officer",
        "attendance_sessions",
        ["office_code", "officer_id"],
        unique=False,
    )
    op.create_table(
        "day_closes",
        sa.Column("office_code", sa.String(length=20), nullable=False),
        sa.Column("close_uuid", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("closed_by", sa.String(length=36), nullable=True),
        sa.Column("closed_at", sa.String(length=32), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("cancelled", sa.Integer(), nullable=False),
        sa.Column("open_end_of_day", sa.Integer(), nullable=False),
        sa.Column("overdue_end_of_day", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("last_event_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_event_hash", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("office_code", "close_uuid"),
    )
    op.create_index("ix_day_closes_office_day", "day_closes", ["office_code", "day"], unique=False)
    _backfill()


def _backfill() -> None:
    """Project the events the city already holds, office by office, as pushes would."""
    from central import projections  # the projection code of this release

    bind = op.get_bind()
    kinds = sorted(projections.AGENCY_KINDS | projections.SHIFT_AND_CLOSE_KINDS)
    events = sa.table(
        "events",
        *(sa.column(name) for name in ("office_code", "device_id", "seq", "uuid", "kind", "actor")),
        *(sa.column(name) for name in ("task_id", "occurred_at", "payload")),
    )
    rows = bind.execute(
        sa.select(events)
        .where(events.c.kind.in_(kinds))
        .order_by(events.c.office_code, events.c.device_id, events.c.seq)
    ).mappings()
    session = Session(bind=bind)
    chunk: list[dict[str, Any]] = []
    office = None
    for row in rows:
        if chunk and (row["office_code"] != office or len(chunk) >= BACKFILL_CHUNK):
            projections.apply(session, office_code=str(office), events=chunk)
            chunk = []
        office = row["office_code"]
        event = dict(row)
        event["payload"] = json.loads(event["payload"])
        chunk.append(event)
    if chunk:
        projections.apply(session, office_code=str(office), events=chunk)
    session.flush()


def downgrade() -> None:
    op.drop_index("ix_day_closes_office_day", table_name="day_closes")
    op.drop_table("day_closes")
    op.drop_index("ix_attendance_office_officer", table_name="attendance_sessions")
    op.drop_table("attendance_sessions")
    op.drop_index("ix_agency_stays_office_agency", table_name="agency_stays")
    op.drop_index("ix_agency_stays_office_task", table_name="agency_stays")
    op.drop_table("agency_stays")
