"""The IKM satisfaction survey of Permenpan RB 14/2017: nine elements scored 1-4.

IKM = (sum over the nine elements of element mean x 1/9) x 25: the weighted mean of the
element means (the regulation's weight is 1/9 per element, printed rounded as 0.111),
converted to 25-100 and graded A (88.31-100), B (76.61-88.30), C (65.00-76.60) or
D (25.00-64.99). A response is anonymous: it names only the task, so that each handed-over
task gets one survey at most.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desk_app.common.errors import NotFoundError, TransitionError, ValidationError
from desk_app.common.workdays import local_day
from desk_app.counter import tasks
from desk_app.db.models import SurveyResponse, Task, table
from desk_app.eventlog import events, kinds


@dataclass(frozen=True)
class Element:
    """One element (unsur) of the survey."""

    code: str
    name_id: str
    name_en: str

    def name(self, language: str) -> str:
        """The name in the interface language."""
        return self.name_en if language == "en" else self.name_id


ELEMENTS: tuple[Element, ...] = (
    Element("U1", "Persyaratan", "Requirements"),
    Element("U2", "Sistem, mekanisme, dan prosedur", "System, mechanism and procedure"),
    Element("U3", "Waktu penyelesaian", "Completion time"),
    Element("U4", "Biaya/tarif", "Cost/fee"),
    Element("U5", "Produk spesifikasi jenis pelayanan", "What the service delivers"),
    Element("U6", "Kompetensi pelaksana", "Competence of the staff"),
    Element("U7", "Perilaku pelaksana", "Conduct of the staff"),
    Element("U8", "Penanganan pengaduan, saran dan masukan", "Handling of complaints"),
    Element("U9", "Sarana dan prasarana", "Facilities"),
)
SCORES = (1, 2, 3, 4)
SCORE_NAMES = {
    1: ("Tidak baik", "Poor"),
    2: ("Kurang baik", "Fair"),
    3: ("Baik", "Good"),
    4: ("Sangat baik", "Very good"),
}
WEIGHT = Fraction(1, len(ELEMENTS))
CONVERSION = 25
# Lowest converted IKM of each grade (the regulation's table), best first.
GRADES: tuple[tuple[str, Decimal, str, str], ...] = (
    ("A", Decimal("88.31"), "Sangat baik", "Very good"),
    ("B", Decimal("76.61"), "Baik", "Good"),
    ("C", Decimal("65.00"), "Kurang baik", "Fair"),
    ("D", Decimal("25.00"), "Tidak baik", "Poor"),
)
_CENT = Decimal("0.01")
_RESPONSES = table(SurveyResponse)
_COLUMNS = [_RESPONSES.c[f"u{n}"] for n in range(1, len(ELEMENTS) + 1)]


@dataclass(frozen=True)
class IkmScore:
    """An office's IKM over some responses, with the steps of the regulation's method."""

    responses: int
    element_means: tuple[Fraction, ...]  # NRR per element
    weighted: Fraction  # NRR tertimbang: sum of element mean x 1/9
    ikm: Decimal  # weighted x 25, two decimals
    grade: str  # "A" .. "D"

    def grade_name(self, language: str) -> str:
        """ "Sangat baik" ... "Tidak baik" (or in English)."""
        for grade, _, name_id, name_en in GRADES:
            if grade == self.grade:
                return name_en if language == "en" else name_id
        return self.grade


def grade_of(ikm: Decimal) -> str:
    """The grade of a converted IKM (rounded to two decimals as the regulation prints it)."""
    value = ikm.quantize(_CENT, rounding=ROUND_HALF_UP)
    for grade, lowest, _, _ in GRADES:
        if value >= lowest:
            return grade
    return GRADES[-1][0]


def ikm_from_sums(responses: int, sums: Sequence[int]) -> IkmScore | None:
    """The IKM from the number of responses and each element's sum of scores."""
    if responses <= 0:
        return None
    means = tuple(Fraction(total, responses) for total in sums)
    weighted = sum((mean * WEIGHT for mean in means), Fraction(0))
    exact = weighted * CONVERSION
    ikm = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        _CENT, rounding=ROUND_HALF_UP
    )
    return IkmScore(responses, means, weighted, ikm, grade_of(ikm))


def compute_ikm(responses: Sequence[Sequence[int]]) -> IkmScore | None:
    """The IKM of a list of responses (nine scores each); None without responses."""
    for scores in responses:
        check_scores(scores)
    sums = [sum(r[i] for r in responses) for i in range(len(ELEMENTS))]
    return ikm_from_sums(len(responses), sums)


def check_scores(scores: Sequence[int]) -> list[int]:
    """Nine scores of 1-4; ValidationError naming the first bad element."""
    if len(scores) != len(ELEMENTS):
        raise ValidationError("scores", "survey.scores_count", count=len(scores))
    for element, score in zip(ELEMENTS, scores, strict=True):
        if isinstance(score, bool) or score not in SCORES:
            raise ValidationError("scores", "survey.score_invalid", element=element.code)
    return [int(s) for s in scores]


def survey_open(session: Session, *, task_id: str) -> bool:
    """True when the task was handed over and has no survey yet."""
    status = session.execute(select(Task.status).where(Task.id == task_id)).scalar()
    if status != tasks.COMPLETED:
        return False
    given = session.execute(select(_RESPONSES.c.id).where(_RESPONSES.c.task_id == task_id))
    return given.first() is None


def submit_survey(session: Session, *, task_id: str, scores: Sequence[int], now: datetime) -> str:
    """Store one anonymous response about a handed-over task; logs `survey.submitted`."""
    values = check_scores(scores)
    status = session.execute(select(Task.status).where(Task.id == task_id)).scalar()
    if status is None:
        raise NotFoundError("task.not_found", ref=task_id[:8])
    if status != tasks.COMPLETED:
        raise TransitionError("survey.task_not_completed")
    if not survey_open(session, task_id=task_id):
        raise TransitionError("survey.already_given")
    response_id = str(uuid.uuid4())
    day = local_day(now)
    row = {"id": response_id, "task_id": task_id, "day": day}
    row |= {f"u{n}": score for n, score in enumerate(values, start=1)}
    session.execute(insert(_RESPONSES).values(**row))
    payload: kinds.SurveySubmittedPayload = {
        "response_id": response_id,
        "day": day.isoformat(),
        "scores": values,
    }
    # No actor: the officer at the desk is not who answered, and must not be named.
    events.append(
        session,
        kind=kinds.SURVEY_SUBMITTED,
        actor=None,
        task_id=task_id,
        payload=dict(payload),
        now=now,
    )
    return response_id


def ikm_between(session: Session, *, start: date, end: date) -> IkmScore | None:
    """The office's IKM over the responses given from `start` to `end` (local days)."""
    row = session.execute(
        select(func.count(), *(func.coalesce(func.sum(c), 0) for c in _COLUMNS)).where(
            _RESPONSES.c.day.between(start, end)
        )
    ).one()
    return ikm_from_sums(int(row[0]), [int(v) for v in row[1:]])
