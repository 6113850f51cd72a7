"""device roles: an office hub relays its desks' chains to the city

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "devices",
        sa.Column("role", sa.String(length=10), nullable=False, server_default="desk"),
    )
    op.add_column("devices", sa.Column("relayed_by", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("relayed_by")
        batch.drop_column("role")
