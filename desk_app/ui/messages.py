"""Error messages for the officer, in their language, saying what to do next.

Every text comes from the one catalogue, `desk_app.common.messages`: a DeskError renders
its own key and parameters; other failures (a locked database, a full disk, a bug) get
catalogue messages of their own here.
"""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from desk_app.common.errors import DeskError, PermissionDenied, ValidationError
from desk_app.common.messages import render


def field_message(exc: ValidationError, language: str) -> str:
    """The message to show next to the field a ValidationError names."""
    return exc.text(language)


def describe_error(exc: BaseException, language: str) -> str:
    """What went wrong and what to do, for a message box or the status bar."""
    if isinstance(exc, PermissionDenied):
        return render("error.ask_right_role", language, {"message": exc.text(language)})
    if isinstance(exc, DeskError):
        return exc.text(language)
    if isinstance(exc, OperationalError) and "locked" in str(exc):
        return render("db.busy", language)
    if isinstance(exc, OSError):
        return render("error.file_io", language, {"detail": str(exc)})
    return render("error.unexpected", language)
