"""City analytics: pure models of the counters (no database, no clock)."""
