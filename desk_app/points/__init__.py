"""Points: the versioned rules and the ledger they write."""
