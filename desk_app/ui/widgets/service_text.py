"""How a task's service reads in a list or a title: "Lainnya" requests show what they are about."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desk_app.office.catalogue import OTHER_SERVICE
from desk_app.ui.context import Catalogue

MAX_DESCRIPTION = 80  # characters of a description shown in a cell or a title


def short_description(description: str, limit: int = MAX_DESCRIPTION) -> str:
    """The description on one line, cut with "…" when it is longer than `limit`."""
    line = " ".join(description.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def service_text(catalogue: Catalogue, code: str, description: str, language: str) -> str:
    """The service's name; for a "Lainnya" request, "Lainnya: <what it is about>"."""
    if code == OTHER_SERVICE and description.strip():
        return QCoreApplication.translate("ServiceText", "Lainnya: %1").replace(
            "%1", short_description(description)
        )
    return catalogue.service_name(code, language)
