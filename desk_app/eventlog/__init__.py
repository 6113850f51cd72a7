"""The event log: hash-chained events (the source of truth and the sync outbox) and its verifier."""
