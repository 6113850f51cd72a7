"""Tasks keep the applicant's name and phone as given at intake

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("applicant_name", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("applicant_phone", sa.String(length=20), server_default="", nullable=False)
        )
    # Earlier tasks get the details the office holds now: the best record there is of them.
    op.execute(
        "UPDATE tasks SET "
        "applicant_name = (SELECT name FROM applicants WHERE applicants.ref = tasks.applicant_ref), "
        "applicant_phone = (SELECT phone FROM applicants WHERE applicants.ref = tasks.applicant_ref)"
    )


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("applicant_phone")
        batch_op.drop_column("applicant_name")
