"""Shared helpers with no domain of their own: clock, calendar, validation, files, errors."""
