"""Many desks of one office: a cursor per peer device, and the task conflicts

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "peer_cursors",
        sa.Column("device_id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("heard_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "task_conflicts",
        sa.Column("loser_uuid", sa.String(36), primary_key=True),
        sa.Column("task_id", sa.String(36), nullable=False),
        sa.Column("winner_uuid", sa.String(36), nullable=False),
        sa.Column("winner_kind", sa.String(40), nullable=False),
        sa.Column("winner_actor", sa.String(36), nullable=True),
        sa.Column("winner_device", sa.String(36), nullable=False),
        sa.Column("winner_at", sa.DateTime(), nullable=False),
        sa.Column("loser_kind", sa.String(40), nullable=False),
        sa.Column("loser_actor", sa.String(36), nullable=True),
        sa.Column("loser_device", sa.String(36), nullable=False),
        sa.Column("loser_at", sa.DateTime(), nullable=False),
        sa.Column("settled", sa.String(16), nullable=False),
    )
    op.create_index("ix_task_conflicts_task_id", "task_conflicts", ["task_id"])


def downgrade() -> None:
    op.drop_index("ix_task_conflicts_task_id", table_name="task_conflicts")
    op.drop_table("task_conflicts")
    op.drop_table("peer_cursors")
