"""Queue tickets and calls: numbers, fair order, recorded priority, times, and the survey."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from desk_app.common.errors import TransitionError, ValidationError
from desk_app.counter import tasks
from desk_app.db.models import Event, QueueCall, SurveyResponse
from desk_app.eventlog import kinds
from desk_app.queueing import board, calling, survey, tickets
from desk_app.queueing.ticket_print import render_ticket, ticket_lines
from tests.conftest import Office
from tests.helpers import MORNING, later, receive


def issue(desk: Office, letter: str, now: datetime, priority: str = "") -> tickets.IssuedTicket:
    with desk.db.write() as s:
        return tickets.issue_ticket(s, category_letter=letter, priority=priority, now=now)


def call(desk: Office, counter: int, now: datetime, **kw: object) -> calling.CallResult | None:
    with desk.db.write() as s:
        return calling.call_next(
            s,
            officer_id=desk.officer.id,
            counter_no=counter,
            now=now,
            **kw,  # type: ignore[arg-type]
        )


def test_numbers_count_per_category_and_restart_the_next_jakarta_day(desk: Office) -> None:
    labels = [
        issue(desk, letter, later(MORNING, i)).ticket.label for i, letter in enumerate("AABA")
    ]
    assert labels == ["A001", "A002", "B001", "A003"]
    # 16:59 UTC is still the same Jakarta day; 17:00 UTC is midnight in Jakarta.
    late = MORNING.replace(hour=16, minute=59)
    assert issue(desk, "A", late).ticket.label == "A004"
    assert issue(desk, "A", late + timedelta(minutes=1)).ticket.label == "A001"


def test_a_ticket_says_how_many_wait_and_the_office_hours(desk: Office) -> None:
    issue(desk, "A", MORNING)
    issued = issue(desk, "B", later(MORNING, 1), priority=tickets.PREGNANT)
    assert issued.ahead == 1
    text = [line.text for line in ticket_lines(issued)]
    assert "B001" in text
    assert "Prioritas: Ibu hamil" in text
    assert "Menunggu di depan Anda: 1 orang" in text
    assert any(t.startswith("Jam layanan 08.00–") for t in text)
    pdf = render_ticket(issued)
    assert pdf.startswith(b"%PDF") and b"Antrean B001" in pdf


def test_unknown_category_or_priority_is_refused_and_nothing_written(desk: Office) -> None:
    with pytest.raises(ValidationError) as bad:
        issue(desk, "Z", MORNING)
    assert bad.value.field == "category"
    with pytest.raises(ValidationError) as bad:
        issue(desk, "A", MORNING, priority="vip")
    assert bad.value.field == "priority"
    with desk.db.read() as s:
        assert tickets.list_tickets(s, day=MORNING.date()) == []


def test_call_next_is_fair_and_records_the_priority_choice(desk: Office) -> None:
    a1 = issue(desk, "A", MORNING).ticket
    b1 = issue(desk, "B", later(MORNING, 1)).ticket
    elder = issue(desk, "A", later(MORNING, 2), priority=tickets.ELDERLY).ticket
    a3 = issue(desk, "A", later(MORNING, 3)).ticket
    first = call(desk, 1, later(MORNING, 5))
    assert first is not None and first.ticket.id == elder.id
    assert (first.priority_used, first.passed_over) == (True, 2)
    second = call(desk, 2, later(MORNING, 6))
    assert second is not None and second.ticket.id == a1.id and not second.priority_used
    # Without priority, and limited to a category: plain arrival order within it.
    third = call(desk, 3, later(MORNING, 7), categories=["A"], use_priority=False)
    assert third is not None and third.ticket.id == a3.id
    with desk.db.write() as s:
        calling.finish(
            s, officer_id=desk.officer.id, counter_no=1, ticket_id=elder.id, now=later(MORNING, 9)
        )
    fourth = call(desk, 1, later(MORNING, 10))
    assert fourth is not None and fourth.ticket.id == b1.id
    assert call(desk, 4, later(MORNING, 11)) is None
    with desk.db.read() as s:
        payloads = [
            e.payload
            for e in s.scalars(select(Event).where(Event.kind == kinds.QUEUE_TICKET_CALLED))
        ]
        journal = s.scalars(select(QueueCall).order_by(QueueCall.id)).all()
    assert len(payloads) == 4 and len(journal) == 4
    assert [j.priority_used for j in journal] == [True, False, False, False]
    assert '"priority_used":true' in payloads[0].replace(" ", "")


def test_a_busy_counter_must_settle_its_ticket_first(desk: Office) -> None:
    issue(desk, "A", MORNING)
    issue(desk, "A", later(MORNING, 1))
    held = call(desk, 1, later(MORNING, 2))
    assert held is not None
    with pytest.raises(TransitionError) as busy:
        call(desk, 1, later(MORNING, 3))
    assert busy.value.key == "queue.counter_busy"
    with desk.db.write() as s, pytest.raises(TransitionError):
        calling.recall(
            s, officer_id=desk.officer.id, counter_no=2, ticket_id=held.ticket.id, now=MORNING
        )


def test_transfer_recall_no_show_and_the_times_of_a_served_ticket(desk: Office) -> None:
    ticket = issue(desk, "A", MORNING).ticket
    other = issue(desk, "A", later(MORNING, 1)).ticket
    called = call(desk, 1, later(MORNING, 4))  # waited 4 minutes
    assert called is not None and called.ticket.id == ticket.id
    officer = desk.officer.id
    with desk.db.write() as s:
        calling.recall(
            s, officer_id=officer, counter_no=1, ticket_id=ticket.id, now=later(MORNING, 5)
        )
        with pytest.raises(ValidationError):
            calling.transfer(
                s, officer_id=officer, counter_no=1, ticket_id=ticket.id, to_counter=1, now=MORNING
            )
        calling.transfer(
            s,
            officer_id=officer,
            counter_no=1,
            ticket_id=ticket.id,
            to_counter=3,
            now=later(MORNING, 6),
        )
    # Counter 2 gets the next in line; the transferred ticket waits for counter 3.
    at_two = call(desk, 2, later(MORNING, 7))
    assert at_two is not None and at_two.ticket.id == other.id
    with desk.db.write() as s:
        calling.mark_no_show(
            s, officer_id=officer, counter_no=2, ticket_id=other.id, now=later(MORNING, 9)
        )
    assert call(desk, 2, later(MORNING, 10)) is None
    at_three = call(desk, 3, later(MORNING, 11))
    assert at_three is not None and at_three.ticket.id == ticket.id
    task = receive(desk.db, desk.lead.id, now=later(MORNING, 14))
    with desk.db.write() as s:
        served = calling.finish(
            s,
            officer_id=desk.lead.id,
            counter_no=3,
            ticket_id=ticket.id,
            task_id=task.id,
            now=later(MORNING, 18),
        )
    assert served.status == tickets.SERVED and served.task_id == task.id
    # Waiting: issue 09:00 -> first call 09:04. Handling: the call at counter 3 (09:11) -> 09:18.
    assert (served.wait_seconds, served.handling_seconds) == (240, 420)
    assert served.calls == 3  # call, recall, call at counter 3
    with desk.db.read() as s:
        assert tickets.get_ticket(s, ticket_id=other.id).status == tickets.NO_SHOW
        event = s.scalars(select(Event).where(Event.kind == kinds.QUEUE_TICKET_SERVED)).one()
        assert event.task_id == task.id
        state = board.board_state(s, day=served.day)
    assert state.serving == ()
    assert [c.label for c in state.last_calls] == ["A001", "A002", "A001", "A001"]
    assert state.last_calls[2].recall
    assert state.waiting == {"A": 0, "B": 0, "C": 0}


def test_the_board_shows_who_is_served_where_and_who_waits(desk: Office) -> None:
    issue(desk, "A", MORNING)
    issue(desk, "B", later(MORNING, 1))
    issue(desk, "C", later(MORNING, 2))
    call(desk, 2, later(MORNING, 3))
    with desk.db.read() as s:
        state = board.board_state(s, day=MORNING.date())
    assert [(c.counter_no, c.label, c.spoken) for c in state.serving] == [(2, "A001", "A 1")]
    assert state.waiting == {"A": 0, "B": 1, "C": 1}
    assert state.last_call_id == 1


# --- IKM --------------------------------------------------------------------------------------

# A worked example in the regulation's method (Permenpan RB 14/2017, annex): four respondents
# score the nine elements U1..U9 from 1 (not good) to 4 (very good).
EXAMPLE = [
    [4, 3, 3, 4, 3, 4, 4, 3, 3],
    [3, 3, 2, 4, 3, 3, 4, 3, 3],
    [4, 4, 3, 4, 4, 4, 4, 3, 4],
    [3, 3, 3, 4, 3, 4, 3, 2, 3],
]
# Element sums: U1 14, U2 13, U3 11, U4 16, U5 13, U6 15, U7 15, U8 11, U9 13.
# Element means (NRR per element), sum / 4 respondents:
#   3.50, 3.25, 2.75, 4.00, 3.25, 3.75, 3.75, 2.75, 3.25
# Weighted mean (NRR tertimbang), each element weighted 1/9:
#   (3.50 + 3.25 + 2.75 + 4.00 + 3.25 + 3.75 + 3.75 + 2.75 + 3.25) / 9 = 30.25 / 9 = 3.3611...
# IKM = 3.3611... x 25 = 84.0277... -> 84.03, which lies in 76.61-88.30: grade B ("Baik").


def test_ikm_of_the_worked_example() -> None:
    score = survey.compute_ikm(EXAMPLE)
    assert score is not None
    assert score.element_means == tuple(
        Fraction(n, 100) for n in (350, 325, 275, 400, 325, 375, 375, 275, 325)
    )
    assert score.weighted == Fraction(3025, 900)
    assert score.ikm == Decimal("84.03")
    assert score.grade == "B" and score.grade_name("id") == "Baik"


@pytest.mark.parametrize(
    ("ikm", "grade"),
    [("100", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
     ("65.00", "C"), ("64.99", "D"), ("25.00", "D"), ("64.995", "C")],
)  # fmt: skip
def test_grade_boundaries(ikm: str, grade: str) -> None:
    assert survey.grade_of(Decimal(ikm)) == grade


def test_extremes() -> None:
    best = survey.compute_ikm([[4] * 9])
    worst = survey.compute_ikm([[1] * 9])
    assert best is not None and worst is not None
    assert (best.ikm, best.grade, worst.ikm, worst.grade) == (
        Decimal("100.00"),
        "A",
        Decimal("25.00"),
        "D",
    )
    assert survey.compute_ikm([]) is None


def test_one_anonymous_survey_per_handed_over_task(desk: Office) -> None:
    task = receive(desk.db, desk.officer.id, service="KEL-SKT-01", now=MORNING)
    with desk.db.write() as s, pytest.raises(TransitionError):
        survey.submit_survey(s, task_id=task.id, scores=[4] * 9, now=later(MORNING, 5))
    with desk.db.write() as s:
        tasks.mark_ready(s, actor_id=desk.officer.id, task_id=task.id, now=later(MORNING, 10))
        tasks.hand_over(
            s, actor_id=desk.officer.id, task_id=task.id, recipient_name="", now=later(MORNING, 20)
        )
    with desk.db.write() as s, pytest.raises(ValidationError) as bad:
        survey.submit_survey(s, task_id=task.id, scores=[4] * 8 + [5], now=later(MORNING, 21))
    assert bad.value.params == {"element": "U9"}
    for scores in EXAMPLE[:1]:
        with desk.db.write() as s:
            survey.submit_survey(s, task_id=task.id, scores=scores, now=later(MORNING, 21))
    with desk.db.write() as s, pytest.raises(TransitionError) as again:
        survey.submit_survey(s, task_id=task.id, scores=[1] * 9, now=later(MORNING, 22))
    assert again.value.key == "survey.already_given"
    with desk.db.read() as s:
        assert s.scalar(select(func.count()).select_from(SurveyResponse)) == 1
        event = s.scalars(select(Event).where(Event.kind == kinds.SURVEY_SUBMITTED)).one()
        day = MORNING.date()
        score = survey.ikm_between(s, start=day, end=day)
        assert (
            survey.ikm_between(s, start=day + timedelta(days=1), end=day + timedelta(days=2))
            is None
        )
    assert event.actor is None  # anonymous: no officer, and no applicant in the payload
    assert score is not None and score.responses == 1
    assert score == survey.compute_ikm(EXAMPLE[:1])


def test_the_day_report_prints_the_queue_and_the_ikm(desk: Office) -> None:
    from desk_app.closing import dayclose
    from desk_app.closing.reports import render_day_report
    from desk_app.queueing import stats
    from tests.core.test_printing import pdf_text

    task = receive(desk.db, desk.officer.id, now=MORNING)
    with desk.db.write() as s:
        tasks.mark_ready(s, actor_id=desk.officer.id, task_id=task.id, now=later(MORNING, 10))
        tasks.hand_over(
            s, actor_id=desk.officer.id, task_id=task.id, recipient_name="", now=later(MORNING, 20)
        )
        survey.submit_survey(s, task_id=task.id, scores=EXAMPLE[0], now=later(MORNING, 21))
    issue(desk, "A", MORNING)
    issue(desk, "A", later(MORNING, 1))
    served = call(desk, 1, later(MORNING, 3))
    assert served is not None
    with desk.db.write() as s:
        calling.finish(
            s,
            officer_id=desk.officer.id,
            counter_no=1,
            ticket_id=served.ticket.id,
            now=later(MORNING, 6),
        )
    with desk.db.read() as s:
        day = served.ticket.day
        figures = stats.report_figures(s, day=day)
        summary = dayclose.summarize_day(s, day=day, now=later(MORNING, 300))
    assert (figures.queue.issued, figures.queue.served, figures.queue.waiting) == (2, 1, 1)
    assert (figures.queue.wait_median_s, figures.queue.handling_median_s) == (180, 180)
    text = "".join(
        pdf_text(render_day_report(summary, generated_at=MORNING, queue=figures)).split()
    )
    assert "Antrean:2nomordiambil,1dilayani,0tidakhadir,1masihmenunggu" in text
    # One response, EXAMPLE[0]: (4+3+3+4+3+4+4+3+3)/9 = 31/9 = 3.444...; x 25 = 86.11 (B).
    assert "IndeksKepuasanMasyarakat:hariini86,11(mutuB,1responden)" in text


def test_verify_rebuilds_the_queue_tables_from_the_events(desk: Office) -> None:
    import sqlite3

    from desk_app.common.paths import database_path
    from desk_app.eventlog.verify import verify_database
    from tests.core.queue_day import run_the_queue

    waiting = receive(desk.db, desk.officer.id, now=MORNING)
    handed = receive(desk.db, desk.officer.id, now=later(MORNING, 1), name="Sri Wahyuni")
    with desk.db.write() as s:
        tasks.mark_ready(s, actor_id=desk.officer.id, task_id=handed.id, now=later(MORNING, 2))
        tasks.hand_over(
            s, actor_id=desk.officer.id, task_id=handed.id, recipient_name="", now=later(MORNING, 3)
        )
        run_the_queue(
            s,
            officer=desk.officer.id,
            lead=desk.lead.id,
            task_id=waiting.id,
            completed_task=handed.id,
            start=later(MORNING, 5),
        )
    desk.db.dispose()
    path = database_path(desk.folder)
    report = verify_database(path)
    assert report.ok, report.problems
    assert not any(line.startswith(("queue_", "survey_")) for line in report.not_derived)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE queue_tickets SET wait_seconds = 1 WHERE category = 'A' AND number = 1")
    conn.execute("DELETE FROM queue_calls WHERE action = 'no_show'")
    conn.execute("UPDATE survey_responses SET u1 = 1")
    conn.execute("UPDATE queue_numbers SET last = 1 WHERE category = 'A'")
    conn.commit()
    conn.close()
    problems = verify_database(path).problems
    day = MORNING.date().isoformat()
    assert (
        f"queue_tickets.wait_seconds of ticket A001 of {day} does not match its events: "
        "found 1 but its events say 360"
    ) in problems
    assert any(p.startswith("queue event ") and "call journal" in p for p in problems)
    assert any(p.startswith("survey_responses.u1 of response ") for p in problems)
    assert any(p.startswith(f"queue_numbers.last of A on {day}") for p in problems)
