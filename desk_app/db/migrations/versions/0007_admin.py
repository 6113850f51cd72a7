"""Officers may have to choose a new PIN at their next log-in (admin screens)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: batch mode would rebuild `officers`, and dropping the old table
    # fails while tasks, events and points refer to it (foreign keys are on).
    op.add_column(
        "officers",
        sa.Column("must_change_pin", sa.Boolean(), server_default=sa.text("0"), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("officers", "must_change_pin")  # SQLite 3.35+ drops it in place
