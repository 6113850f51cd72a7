"""The print journal's outcomes: a saved PDF is not a printed receipt, and not a copy."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desk_app.closing import dayclose
from desk_app.common.paths import database_path
from desk_app.common.workdays import local_day
from desk_app.counter import printing
from desk_app.db.models import Event
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from tests.conftest import Office
from tests.core.test_printing import pdf_text
from tests.helpers import MORNING, receive


def _journal(desk: Office, task_id: str, *, target: str, ok: bool) -> printing.PrintRecord:
    with desk.db.write() as s:
        return printing.record_print(
            s,
            actor_id=desk.officer.id,
            task_id=task_id,
            kind=printing.INTAKE,
            layout="thermal80",
            target=target,
            ok=ok,
            error="" if ok else "queue stopped",
            now=MORNING,
        )


@pytest.mark.parametrize(
    ("target", "ok", "outcome"),
    [
        ("printer", True, printing.PRINTED),
        ("pdf", True, printing.SAVED_PDF),
        ("printer", False, printing.FAILED),
        ("pdf", False, printing.FAILED),
    ],
)
def test_each_attempt_is_journalled_with_its_outcome(
    desk: Office, target: str, ok: bool, outcome: str
) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    record = _journal(desk, view.id, target=target, ok=ok)
    assert record.outcome == outcome
    with desk.db.read() as s:
        payload = json.loads(
            s.scalars(select(Event.payload).where(Event.kind == kinds.RECEIPT_PRINTED)).one()
        )
        assert [p.outcome for p in printing.list_prints(s, task_id=view.id)] == [outcome]
    assert payload["outcome"] == outcome
    assert (payload["target"], payload["ok"]) == (target, ok)  # the old fields stay
    assert verify_database(database_path(desk.folder)).ok


def test_a_saved_pdf_is_not_printed_and_the_first_paper_is_the_original(desk: Office) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    day = local_day(MORNING)
    saved = _journal(desk, view.id, target="pdf", ok=True)
    again = _journal(desk, view.id, target="pdf", ok=True)
    assert (saved.copy_no, again.copy_no) == (0, 0)  # no paper yet: no "SALINAN" either
    with desk.db.read() as s:
        assert not printing.receipt_printed(s, task_id=view.id)
        assert printing.receipt_saved(s, task_id=view.id)
        assert printing.next_copy_no(s, task_id=view.id, kind=printing.INTAKE) == 0
        assert printing.unprinted_receipts(s, day=day) == [view.tracking_no]
        # The day close's check sees it as unprinted too.
        checks = dayclose.preconditions(s, day=day, now=MORNING)
        assert [i.ref for i in checks.unprinted_receipts] == [view.tracking_no]
        pdf, copy_no = printing.render_for_task(s, task_id=view.id, layout="thermal80")
    assert copy_no == 0
    assert "SALINAN" not in pdf_text(pdf)

    failed = _journal(desk, view.id, target="printer", ok=False)
    assert failed.copy_no == 0
    paper = _journal(desk, view.id, target="printer", ok=True)
    assert (paper.copy_no, paper.outcome) == (0, printing.PRINTED)  # the original
    with desk.db.read() as s:
        assert printing.receipt_printed(s, task_id=view.id)
        assert printing.unprinted_receipts(s, day=day) == []
        assert printing.next_copy_no(s, task_id=view.id, kind=printing.INTAKE) == 1
    later_pdf = _journal(desk, view.id, target="pdf", ok=True)
    reprint = _journal(desk, view.id, target="printer", ok=True)
    assert (later_pdf.copy_no, reprint.copy_no) == (1, 1)  # a PDF uses up no paper copy
    with desk.db.read() as s:
        assert printing.next_copy_no(s, task_id=view.id, kind=printing.INTAKE) == 2
    assert verify_database(database_path(desk.folder)).ok
