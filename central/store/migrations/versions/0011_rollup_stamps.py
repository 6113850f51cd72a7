"""rollup stamps: each office-day's rollup version, for the answers computed from its cells

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rollup_stamps",
        sa.Column("office_code", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("office_code", "day"),
    )


def downgrade() -> None:
    op.drop_table("rollup_stamps")
