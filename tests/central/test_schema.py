"""The city's schema is ready to be distributed by office code, and its migrations build it."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from central.store.engine import Store
from central.store.models import Base


def test_every_table_leads_with_office_code_and_has_no_serial_or_foreign_key() -> None:
    facts = [t for t in Base.metadata.sorted_tables if not t.info.get("reference")]
    assert {t.name for t in facts} >= {"events", "devices", "flags", "offices"}
    for table in facts:
        keys = [c.name for c in table.primary_key.columns]
        assert keys[0] == "office_code", table.name  # the distribution column
        assert not table.foreign_keys, table.name  # no reference table points into facts
        for column in table.primary_key.columns:
            assert column.autoincrement is not True, (table.name, column.name)
            assert not (column.type.python_type is int and len(keys) == 1), table.name
        for constraint in table.constraints:  # a unique rule must include the distribution key
            names = {c.name for c in getattr(constraint, "columns", [])}
            if names and constraint.__class__.__name__ == "UniqueConstraint":
                assert "office_code" in names, (table.name, names)
        for index in table.indexes:
            if index.unique:
                assert "office_code" in {c.name for c in index.columns}, (table.name, index.name)


def test_reference_tables_are_small_shared_documents_with_no_office_facts() -> None:
    for table in Base.metadata.sorted_tables:
        if table.info.get("reference"):
            assert "office_code" not in table.columns and not table.foreign_keys, table.name


def test_the_migrations_build_exactly_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []
