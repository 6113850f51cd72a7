"""The city's store: tables keyed by office, the engine for SQLite or PostgreSQL, migrations."""
