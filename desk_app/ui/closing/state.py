"""What the day-close wizard's pages share, owned by the wizard and handed to each page.

The pages read and fill this state instead of reaching into the wizard, so no page
imports `wizard.py` (the wizard imports the pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desk_app.closing.dayclose import DayClose, DaySummary
from desk_app.closing.work import DayChecks
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.receipt_hook import ReceiptPrinter


@dataclass(eq=False)
class CloseState:
    """Who closes which day, and what each step found or decided so far."""

    ctx: DeskContext
    lead: OfficerInfo
    receipts: ReceiptPrinter  # the desk's receipt seam, for reprints in step 2
    day: date  # step 1: the day being closed
    checks: DayChecks | None = None  # step 2: what is outstanding on `day`
    acknowledged: frozenset[tuple[str, str]] = frozenset()  # step 2: (kind, ref) left open
    reason: str = ""  # step 2: why they are left open
    summary: DaySummary | None = None  # step 3: the figures the close records
    closed: DayClose | None = None  # step 4: the seal, once done

    @property
    def language(self) -> str:
        """The interface language of this run."""
        return self.ctx.language
