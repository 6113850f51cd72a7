"""Sync with the city: enrolment, pushing this desk's chain exactly once, the sync state."""
