"""Alembic environment: uses the engine handed over by desk_app.db.migrate."""

from __future__ import annotations

from alembic import context

from desk_app.db.models import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
