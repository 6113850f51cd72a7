"""print journal: receipt_prints

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desk_app.db.models

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "receipt_prints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_uuid", sa.String(length=36), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("copy_no", sa.Integer(), nullable=False),
        sa.Column("layout", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("printed_at", desk_app.db.models.UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor"],
            ["officers.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_uuid"],
            ["events.uuid"],
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_uuid"),
    )
    with op.batch_alter_table("receipt_prints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receipt_prints_task_id"), ["task_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("receipt_prints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receipt_prints_task_id"))

    op.drop_table("receipt_prints")
