"""Search finds a citizen the way they tell it: phone, any word of the name, the last digits."""

from __future__ import annotations

from sqlalchemy import select, text

from desk_app.counter import lookup, tasks
from desk_app.db.engine import Database
from desk_app.db.models import Applicant
from tests.conftest import Office
from tests.helpers import GOOD_NIK, MORNING, later

SITI_NIK = "3174084101850002"


def _receive(
    db: Database,
    actor: str,
    *,
    name: str,
    nik: str,
    phone: str = "",
    service: str = "KEL-SKT-01",
    description: str = "",
    minutes: int = 0,
) -> tasks.TaskView:
    with db.write() as session:
        return tasks.receive_task(
            session,
            actor_id=actor,
            service_code=service,
            nik=nik,
            name=name,
            phone=phone,
            description=description,
            now=later(MORNING, minutes),
        )


def _found(db: Database, query: str) -> list[str]:
    with db.read() as session:
        return [row.tracking_no for row in lookup.search(session, query=query)]


def test_phone_in_any_usual_spelling(desk: Office) -> None:
    siti = _receive(
        desk.db, desk.officer.id, name="Siti Aminah", nik=SITI_NIK, phone="081298765432"
    )
    _receive(desk.db, desk.officer.id, name="Budi Santoso", nik=GOOD_NIK, phone="081311112222")
    for query in ("081298765432", "0812 9876 5432", "0812-9876-5432", "+6281298765432", "62812987"):
        assert _found(desk.db, query) == [siti.tracking_no], query
    assert _found(desk.db, "0819999999") == []


def test_any_word_of_the_name(desk: Office) -> None:
    budi = _receive(desk.db, desk.officer.id, name="Budi Santoso", nik=GOOD_NIK)
    siti = _receive(desk.db, desk.officer.id, name="Siti Nurhaliza", nik=SITI_NIK, minutes=1)
    assert _found(desk.db, "santoso") == [budi.tracking_no]
    assert _found(desk.db, "SANT") == [budi.tracking_no]
    assert _found(desk.db, "nurhaliza") == [siti.tracking_no]
    assert _found(desk.db, "budi") == [budi.tracking_no]  # the start of the name still works
    assert _found(desk.db, "budi s") == [budi.tracking_no]
    assert _found(desk.db, "anto") == []  # inside a word is not a word's start
    assert _found(desk.db, "100%_") == []  # LIKE's wildcards are plain letters here


def test_last_digits_of_the_tracking_number(desk: Office) -> None:
    made = [
        _receive(desk.db, desk.officer.id, name="Budi Santoso", nik=GOOD_NIK, minutes=m)
        for m in range(12)
    ]
    tenth, twelfth = made[9], made[11]
    assert tenth.tracking_no.endswith("-0010") and twelfth.tracking_no.endswith("-0012")
    assert _found(desk.db, "0010") == [tenth.tracking_no]
    assert _found(desk.db, "10") == [tenth.tracking_no]
    assert _found(desk.db, "12") == [twelfth.tracking_no]
    assert _found(desk.db, "-0012") == [twelfth.tracking_no]
    # A longer, dashed start of the number still finds by prefix, newest first.
    prefix = tenth.tracking_no.rsplit("-", 1)[0]
    assert _found(desk.db, prefix) == [t.tracking_no for t in reversed(made)][:50]


def test_rows_carry_the_description_of_other_requests(desk: Office) -> None:
    odd = _receive(
        desk.db,
        desk.officer.id,
        name="Budi Santoso",
        nik=GOOD_NIK,
        service="LAINNYA",
        description="Surat keterangan usaha mikro",
    )
    with desk.db.read() as session:
        (row,) = lookup.task_rows(session, ids=[odd.id])
    assert row.description == "Surat keterangan usaha mikro"


def _plan(db: Database, query: str) -> str:
    with db.read() as session:
        stmt = lookup.search_statement(session, query=query)
        assert stmt is not None
        compiled = stmt.compile(session.get_bind())  # as it runs: with bound parameters
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
        rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params).all()
    return " | ".join(str(r[-1]) for r in rows)


def test_new_lookups_are_answered_by_the_proposed_indexes(desk: Office) -> None:
    """With the indexes proposed for the next migration, no new lookup scans a table."""
    _receive(desk.db, desk.officer.id, name="Budi Santoso", nik=GOOD_NIK, phone="081311112222")
    with desk.db.write() as session:
        for statement in lookup.PROPOSED_INDEXES:
            session.execute(text(statement))
        # What the code saving an applicant would do once the table exists.
        for ref, name_norm in session.execute(select(Applicant.ref, Applicant.name_norm)):
            for word in lookup.name_words(name_norm):
                session.execute(
                    text(f"INSERT INTO {lookup.WORDS_TABLE} (word, ref) VALUES (:w, :r)"),
                    {"w": word, "r": ref},
                )
    for query in ("081311112222", "0042", "42", "santoso", "santoso b"):
        plan = _plan(desk.db, query)
        assert "SCAN tasks" not in plan and "SCAN applicants" not in plan, (query, plan)
    for query in ("santoso", "SANTO", "budi s", "0001", "1", "0813111"):
        assert len(_found(desk.db, query)) == 1, query
    assert _found(desk.db, "anto") == []
