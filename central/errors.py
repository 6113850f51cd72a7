"""Errors of the city server; the API turns each into an RFC 9457 problem with its status."""

from __future__ import annotations


class CentralError(Exception):
    """Base: a one-line reason for the caller, and the HTTP status it maps to."""

    status = 400
    title = "Bad request"


class Unknown(CentralError):
    """An office, device or code the city does not know."""

    status = 404
    title = "Not found"


class Unauthorized(CentralError):
    """No credentials, wrong ones, or a revoked device."""

    status = 401
    title = "Unauthorized"


class Forbidden(CentralError):
    """Valid credentials, but for another office or device."""

    status = 403
    title = "Forbidden"


class Conflict(CentralError):
    """The request clashes with what the city holds (an office registered twice)."""

    status = 409
    title = "Conflict"
