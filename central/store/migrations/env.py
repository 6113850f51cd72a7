"""Alembic environment of the city's store: uses the engine handed over by central.store.engine."""

from __future__ import annotations

from alembic import context

from central.store.models import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
