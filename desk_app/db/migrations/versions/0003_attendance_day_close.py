"""attendance sessions, day closes, agency stint time indexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desk_app.db.models

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attendance_sessions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("started_at", desk_app.db.models.UTCDateTime(), nullable=False),
        sa.Column("ended_at", desk_app.db.models.UTCDateTime(), nullable=True),
        sa.Column("corrected", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attendance_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_officer_started", ["officer_id", "started_at"], unique=False
        )
        batch_op.create_index("ix_attendance_ended", ["ended_at"], unique=False)
        batch_op.create_index(
            "ux_attendance_open",
            ["officer_id"],
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
        )

    op.create_table(
        "day_closes",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("closed_by", sa.String(length=36), nullable=False),
        sa.Column("closed_at", desk_app.db.models.UTCDateTime(), nullable=False),
        sa.Column("event_uuid", sa.String(length=36), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("last_event_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["closed_by"], ["officers.id"]),
        sa.ForeignKeyConstraint(["event_uuid"], ["events.uuid"]),
        sa.PrimaryKeyConstraint("day"),
        sa.UniqueConstraint("event_uuid"),
    )
    with op.batch_alter_table("agency_stints", schema=None) as batch_op:
        batch_op.create_index("ix_agency_stints_forwarded_at", ["forwarded_at"], unique=False)
        batch_op.create_index("ix_agency_stints_returned_at", ["returned_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("agency_stints", schema=None) as batch_op:
        batch_op.drop_index("ix_agency_stints_returned_at")
        batch_op.drop_index("ix_agency_stints_forwarded_at")

    op.drop_table("day_closes")
    with op.batch_alter_table("attendance_sessions", schema=None) as batch_op:
        batch_op.drop_index("ux_attendance_open")
        batch_op.drop_index("ix_attendance_ended")
        batch_op.drop_index("ix_attendance_officer_started")

    op.drop_table("attendance_sessions")
