"""task statuses: what the citizens' status page shows of each task (back-filled)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BACKFILL_CHUNK = 2000  # events per apply(), as a push


def upgrade() -> None:
    op.create_table(
        "task_statuses",
        sa.Column("office_code", sa.String(length=20), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("tracking_no", sa.String(length=40), nullable=False),
        sa.Column("check_digest", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("documents_pending", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("office_code", "task_id"),
    )
    op.create_index(
        "ix_task_statuses_office_tracking",
        "task_statuses",
        ["office_code", "tracking_no"],
        unique=False,
    )
    _backfill()


def _backfill() -> None:
    """Project the task events the city already holds, office by office, as pushes would."""
    from central import task_status  # the projection code of this release

    bind = op.get_bind()
    events = sa.table(
        "events",
        *(sa.column(name) for name in ("office_code", "device_id", "seq", "uuid", "kind")),
        *(sa.column(name) for name in ("actor", "task_id", "occurred_at", "payload")),
    )
    rows = bind.execute(
        sa.select(events)
        .where(events.c.kind.in_(sorted(task_status.KINDS)))
        .order_by(events.c.office_code, events.c.device_id, events.c.seq)
    ).mappings()
    session = Session(bind=bind)
    chunk: list[dict[str, Any]] = []
    office = None
    for row in rows:
        if chunk and (row["office_code"] != office or len(chunk) >= BACKFILL_CHUNK):
            task_status.apply(session, office_code=str(office), events=chunk)
            chunk = []
        office = row["office_code"]
        event = dict(row)
        event["payload"] = json.loads(event["payload"])
        chunk.append(event)
    if chunk:
        task_status.apply(session, office_code=str(office), events=chunk)
    session.flush()


def downgrade() -> None:
    op.drop_index("ix_task_statuses_office_tracking", table_name="task_statuses")
    op.drop_table("task_statuses")
