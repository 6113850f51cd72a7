"""Schemathesis against the served OpenAPI schema: no 5xx, and a refused call writes nothing."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case
from sqlalchemy import func, select

from central.store.models import EnrolmentCode, Flag, StoredEvent
from tests.central.conftest import City

EXAMPLES = 25  # per operation: bounded for CI


def _rows(city: City) -> tuple[int, int, int]:
    with city.store.transaction() as session:
        return (
            int(session.scalar(select(func.count()).select_from(StoredEvent)) or 0),
            int(session.scalar(select(func.count()).select_from(Flag)) or 0),
            int(
                session.scalar(
                    select(func.count())
                    .select_from(EnrolmentCode)
                    .where(EnrolmentCode.used_at.is_not(None))
                )
                or 0
            ),
        )


def test_no_server_error_and_no_partial_write(city: City) -> None:
    city.enrolment_code()  # an office exists, so the enrolment path is reachable
    schema = schemathesis.openapi.from_url(f"{city.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/enroll", "/v1/offices/{office_code}/push"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case: Case) -> None:
            before = _rows(city)
            response = case.call(base_url=city.url)
            assert response.status_code < 500, (case.path, response.text)
            if response.status_code >= 400:
                assert response.headers.get("content-type") == ["application/problem+json"]
                assert _rows(city) == before, case.path

        call()
