"""Loket: the counter desk of Jakarta's one-stop public service offices (PTSP)."""

from __future__ import annotations

__version__ = "0.1.0"
