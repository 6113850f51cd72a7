"""queue tickets, the call journal and IKM survey responses

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desk_app.db.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "queue_numbers",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=1), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "category"),
    )
    op.create_table(
        "queue_tickets",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=1), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("issued_at", desk_app.db.models.UTCDateTime(), nullable=False),
        sa.Column("for_counter", sa.Integer(), nullable=True),
        sa.Column("counter_no", sa.Integer(), nullable=True),
        sa.Column("officer_id", sa.String(length=36), nullable=True),
        sa.Column("first_called_at", desk_app.db.models.UTCDateTime(), nullable=True),
        sa.Column("called_at", desk_app.db.models.UTCDateTime(), nullable=True),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=True),
        sa.Column("finished_at", desk_app.db.models.UTCDateTime(), nullable=True),
        sa.Column("wait_seconds", sa.Integer(), nullable=True),
        sa.Column("handling_seconds", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"]),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day", "category", "number", name="uq_queue_tickets_number"),
    )
    with op.batch_alter_table("queue_tickets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_queue_tickets_day_status_issued", ["day", "status", "issued_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_queue_tickets_task_id"), ["task_id"], unique=False)

    op.create_table(
        "queue_calls",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_uuid", sa.String(length=36), nullable=False),
        sa.Column("ticket_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("counter_no", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("at", desk_app.db.models.UTCDateTime(), nullable=False),
        sa.Column("priority_used", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["event_uuid"], ["events.uuid"]),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"]),
        sa.ForeignKeyConstraint(["ticket_id"], ["queue_tickets.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_uuid"),
    )
    with op.batch_alter_table("queue_calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_queue_calls_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_queue_calls_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "survey_responses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        *(sa.Column(f"u{n}", sa.Integer(), nullable=False) for n in range(1, 10)),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("task_id"),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_responses_day"), ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_responses_day"))
    op.drop_table("survey_responses")
    with op.batch_alter_table("queue_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_queue_calls_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_queue_calls_at"))
    op.drop_table("queue_calls")
    with op.batch_alter_table("queue_tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_queue_tickets_task_id"))
        batch_op.drop_index("ix_queue_tickets_day_status_issued")
    op.drop_table("queue_tickets")
    op.drop_table("queue_numbers")
