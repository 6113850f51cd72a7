"""Errors the services raise; each carries a message an officer can act on."""

from __future__ import annotations


class DeskError(Exception):
    """Base class for every error a use case reports to its caller."""


class ValidationError(DeskError):
    """Bad input: names the field and says what is wrong with it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(DeskError):
    """A task, officer or service that does not exist."""


class TransitionError(DeskError):
    """A lifecycle step that the current status does not allow."""


class PermissionDenied(DeskError):
    """The acting officer's role does not allow this action."""


class AuthError(DeskError):
    """Wrong NIP or PIN."""


class LockedOut(AuthError):
    """Too many wrong PINs; the officer must wait."""


class DatabaseDamaged(DeskError):
    """The database file failed its integrity check; it is left untouched."""


class NotConfigured(DeskError):
    """The data folder has no office set up yet."""


class SealedDayError(DeskError):
    """A change dated on a day that a lead has already closed (sealed)."""
