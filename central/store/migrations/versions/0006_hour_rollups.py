"""hour rollups: each office's figures per Jakarta hour, and the marks of days to redo

Also an index on events (office_code, occurred_at): a refresh re-reads one office-day.
The days the events already held span are marked for the rollups to compute.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-15
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_events_office_occurred", "events", ["office_code", "occurred_at"], unique=False
    )
    op.create_table(
        "hour_rollups",
        sa.Column("office_code", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hour", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("arrivals", sa.Integer(), nullable=False),
        sa.Column("tickets", sa.Integer(), nullable=False),
        sa.Column("abandoned", sa.Integer(), nullable=False),
        sa.Column("wait_count", sa.Integer(), nullable=False),
        sa.Column("wait_seconds", sa.Float(), nullable=False),
        sa.Column("handle_count", sa.Integer(), nullable=False),
        sa.Column("handle_seconds", sa.Float(), nullable=False),
        sa.Column("handle_seconds_sq", sa.Float(), nullable=False),
        sa.Column("completed", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("officer_seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("office_code", "day", "hour"),
    )
    op.create_index("ix_hour_rollups_day", "hour_rollups", ["day"], unique=False)
    op.create_table(
        "rollup_marks",
        sa.Column("office_code", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("marks", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("office_code", "day", "device_id"),
    )
    _backfill()


def _backfill() -> None:
    """Mark every office-day the events already held span as out of date.

    The rollups themselves are computed by the first refresh (a page, or `desk-central
    rollups rebuild`, which is quicker for a large store), with the code and rules then
    current, not here.
    """
    bind = op.get_bind()
    events = sa.table("events", sa.column("office_code"), sa.column("occurred_at"))
    marks = sa.table(
        "rollup_marks",
        sa.column("office_code"),
        sa.column("day"),
        sa.column("device_id"),
        sa.column("first_seq"),
        sa.column("marks"),
    )
    spans = bind.execute(
        sa.select(
            events.c.office_code,
            sa.func.min(events.c.occurred_at),
            sa.func.max(events.c.occurred_at),
        ).group_by(events.c.office_code)
    ).all()
    for office, first, last in spans:
        days = [_jakarta_day(first), _jakarta_day(last)]
        if None in days:
            continue
        rows = []
        day = days[0]
        while day <= days[1]:
            rows.append(
                {"office_code": office, "day": day, "device_id": "", "first_seq": 0, "marks": 1}
            )
            day += timedelta(days=1)
        if rows:
            bind.execute(sa.insert(marks), rows)


def _jakarta_day(text: str | None) -> date | None:
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return (moment.astimezone(UTC).replace(tzinfo=None) + timedelta(hours=7)).date()


def downgrade() -> None:
    op.drop_table("rollup_marks")
    op.drop_index("ix_hour_rollups_day", table_name="hour_rollups")
    op.drop_table("hour_rollups")
    op.drop_index("ix_events_office_occurred", table_name="events")
