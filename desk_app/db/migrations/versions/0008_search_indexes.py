"""Search by phone and by a tracking number's last digits without scanning

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 13:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_applicants_phone", "applicants", ["phone"], unique=False)
    # The last four digits, then the newest first: "0042" reads a page of entries.
    op.create_index(
        "ix_tasks_tracking_tail",
        "tasks",
        [sa.text("substr(tracking_no, -4)"), "received_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_tasks_tracking_tail", table_name="tasks")
    op.drop_index("ix_applicants_phone", table_name="applicants")
