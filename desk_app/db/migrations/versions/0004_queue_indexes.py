"""Work-queue indexes: by status or officer, newest first

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 19:05:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_taken_by")
        batch_op.create_index("ix_tasks_status_received", ["status", "received_at"], unique=False)
        batch_op.create_index(
            "ix_tasks_taken_by_received", ["taken_by", "received_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_taken_by_received")
        batch_op.drop_index("ix_tasks_status_received")
        batch_op.create_index("ix_tasks_taken_by", ["taken_by"], unique=False)
