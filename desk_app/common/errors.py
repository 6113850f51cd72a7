"""Errors the services raise; each carries a catalogue message an officer can act on.

An error is raised with a key of `desk_app.common.messages.CATALOGUE` and its parameters,
e.g. ``ValidationError("nik", "nik.length", length=12)``; ``str(exc)`` is the Indonesian
text (what the CLI prints) and ``exc.text("en")`` the English one.
"""

from __future__ import annotations

from typing import Any

from desk_app.common.messages import DEFAULT_LANGUAGE, Param, render


class DeskError(Exception):
    """Base class for every error a use case reports to its caller."""

    def __init__(self, key: str, /, **params: Param) -> None:
        text = render(key, DEFAULT_LANGUAGE, params)  # an unknown key or bad params fail here
        super().__init__(text)
        self.key = key
        self.params: dict[str, Param] = params

    def text(self, language: str = DEFAULT_LANGUAGE) -> str:
        """The message in `language`."""
        return render(self.key, language, self.params)

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle as cls(*args); these rebuild from their attributes instead.
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[DeskError], args: tuple[Any, ...], state: dict[str, Any]) -> DeskError:
    exc = cls.__new__(cls)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class ValidationError(DeskError):
    """Bad input: names the field and says what is wrong with it."""

    def __init__(self, field: str, key: str, /, **params: Param) -> None:
        super().__init__(key, **params)
        self.field = field
        self.message = str(self.args[0])  # Indonesian, without the field name
        self.args = (f"{field}: {self.message}",)


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


class StorageUnavailable(DeskError):
    """The disk or the file system refused (read-only, full, locked, failing): not damage."""


class NotConfigured(DeskError):
    """The data folder has no office set up yet."""


class SealedDayError(DeskError):
    """A change dated on a day that a lead has already closed (sealed)."""


class OutputRefused(DeskError):
    """A file would be written where it must not be (the database, a device, a folder...)."""
