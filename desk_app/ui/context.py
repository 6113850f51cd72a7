"""What every screen needs, passed through constructors: database, operations, office, catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from desk_app.common.clock import Clock
from desk_app.common.workdays import local_day
from desk_app.db.engine import Database
from desk_app.office import catalogue, installation
from desk_app.office.catalogue import AgencyInfo, ServiceInfo
from desk_app.office.installation import DeskInfo
from desk_app.ui.operations import Operations
from desk_app.ui.settings import UiSettings
from desk_app.ui.spooler import Spooler, SystemSpooler

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from desk_app.ui.print_receipt import PrinterSource


def system_printer() -> QPrinter | None:
    """The system's default printer; Qt's printing modules load on the first receipt."""
    from desk_app.ui.print_receipt import default_printer

    return default_printer()


@dataclass(frozen=True)
class Catalogue:
    """The service catalogue and agencies, loaded once per session of the app.

    `services` holds retired ones too, so older tasks keep their name and SLA on screen;
    intake offers only `offered`.
    """

    services: tuple[ServiceInfo, ...]
    agencies: tuple[AgencyInfo, ...]
    _by_code: dict[str, ServiceInfo] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {s.code: s for s in self.services})

    @property
    def offered(self) -> tuple[ServiceInfo, ...]:
        """The services new intake may take (the city has not retired them)."""
        return tuple(s for s in self.services if s.active)

    def service(self, code: str) -> ServiceInfo | None:
        """One service by code."""
        return self._by_code.get(code)

    def service_name(self, code: str, language: str) -> str:
        """A service's name in the interface language."""
        info = self._by_code.get(code)
        if info is None:
            return code
        return info.name_en if language == "en" and info.name_en else info.name_id

    def agency_names(self, language: str) -> dict[str, str]:
        """Agency code -> name in the interface language."""
        return {a.code: (a.name_en if language == "en" else a.name_id) for a in self.agencies}


@dataclass(frozen=True)
class StartupData:
    """What the main window needs from the database before it opens."""

    desk: DeskInfo
    catalogue: Catalogue


def load_startup_data(session: Session) -> StartupData:
    """Office, device and catalogue in one read (run in a background operation)."""
    return StartupData(
        desk=installation.desk_info(session),
        catalogue=Catalogue(
            services=tuple(catalogue.list_services(session, include_inactive=True)),
            agencies=tuple(catalogue.list_agencies(session)),
        ),
    )


@dataclass(frozen=True)
class DeskContext:
    """The shared, long-lived objects of one running desk."""

    db: Database
    ops: Operations
    settings: UiSettings
    desk: DeskInfo
    catalogue: Catalogue
    data_dir: Path
    clock: Clock  # the one "now" of every write and every "today" on screen
    language: str = "id"  # fixed for the run; a changed setting applies after a restart
    demo: bool = False
    printers: PrinterSource = system_printer  # the printer "langsung" prints on, or None
    # asks the print queue whether a job was accepted (see desk_app.ui.spooler)
    spooler: Spooler = field(default_factory=SystemSpooler)

    def now(self) -> datetime:
        """The current moment (UTC, aware)."""
        return self.clock()

    def today(self) -> date:
        """Today's date in Jakarta."""
        return local_day(self.clock())
