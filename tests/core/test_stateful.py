"""Random sequences of use cases keep every invariant (Hypothesis stateful testing)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import select

from desk_app.common.errors import TransitionError, ValidationError
from desk_app.common.paths import database_path
from desk_app.counter import tasks
from desk_app.db.models import Event, Task
from desk_app.db.storage import open_database
from desk_app.eventlog.verify import verify_database
from desk_app.office import installation, officers
from desk_app.points import ledger
from tests.helpers import MORNING

PIN = "482915"
SERVICES = ["KEL-SKT-01", "KEL-DKP-01", "KEC-NON-03", "KEC-IZN-01", "LAINNYA"]
NIKS = ["3174085205900003", "3171011203850007", "3275014507010002", "3174083102900003"]
# DESIGN.md's lifecycle table, written out independently of the implementation.
OPEN = {"received", "in_process", "at_agency", "ready"}
DESIGN_TABLE = {
    "start": ({"received"}, "in_process"),
    "forward": ({"received", "in_process"}, "at_agency"),
    "return": ({"at_agency"}, "in_process"),
    "ready": ({"received", "in_process"}, "ready"),
    "complete": ({"ready", "received"}, "completed"),  # from received: same-day services only
    "reject": (OPEN, "rejected"),
    "cancel": (OPEN, "cancelled"),
}
_template: Path | None = None


def template() -> Path:
    """An office set up once; each example starts from a copy of it."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="loket-template-"))
        db = open_database(folder, create=True)
        with db.write() as session:
            admin = installation.setup_office(
                session,
                office_code="31.74.08.1005",
                admin_nip="198001012005011001",
                admin_name="Siti Aminah",
                admin_pin=PIN,
                now=MORNING,
            )
            officers.create_officer(
                session,
                actor_id=admin.id,
                nip="198502142010012003",
                name="Bambang Wibowo",
                role="lead",
                pin=PIN,
                now=MORNING,
            )
            officers.create_officer(
                session,
                actor_id=admin.id,
                nip="199003032015031002",
                name="Dewi Lestari",
                role="officer",
                pin=PIN,
                now=MORNING,
            )
        db.dispose()
        _template = folder
    return _template


class OfficeMachine(RuleBasedStateMachine):
    """A model of the lifecycle table checked against the real office after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="loket-state-"))
        shutil.copy(database_path(template()), database_path(self.folder))
        self.db = open_database(self.folder)
        with self.db.read() as session:
            self.staff = {o.role: o.id for o in officers.list_officers(session)}
        self.now = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
        self.expected: dict[str, str] = {}
        self.sla: dict[str, int] = {}

    def teardown(self) -> None:
        self.db.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule(minutes=st.integers(min_value=1, max_value=3 * 24 * 60))
    def time_passes(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)

    @rule(
        service=st.sampled_from(SERVICES),
        nik=st.sampled_from(NIKS),
        role=st.sampled_from(["officer", "lead", "admin"]),
        described=st.booleans(),
    )
    def intake(self, service: str, nik: str, role: str, described: bool) -> None:
        try:
            with self.db.write() as session:
                view = tasks.receive_task(
                    session,
                    actor_id=self.staff[role],
                    service_code=service,
                    nik=nik,
                    name="Budi Santoso",
                    description="Legalisir ijazah" if described else "",
                    now=self.now,
                )
        except ValidationError as exc:
            assert exc.field in ("nik", "description")
            return
        self.expected[view.id] = tasks.RECEIVED
        self.sla[view.id] = 0 if service == "KEC-NON-03" else 1

    @rule(
        pick=st.integers(min_value=0, max_value=10**6),
        action=st.sampled_from(sorted(DESIGN_TABLE)),
        role=st.sampled_from(["officer", "lead", "admin"]),
    )
    def act(self, pick: int, action: str, role: str) -> None:
        if not self.expected:
            return
        task_id = sorted(self.expected)[pick % len(self.expected)]
        actor, status = self.staff[role], self.expected[task_id]
        sources, target = DESIGN_TABLE[action]
        legal = status in sources and not (
            action == "complete" and status == "received" and self.sla[task_id] != 0
        )
        calls = {
            "start": lambda s: tasks.start_processing(
                s, actor_id=actor, task_id=task_id, now=self.now
            ),
            "forward": lambda s: tasks.forward_to_agency(
                s, actor_id=actor, task_id=task_id, agency_code="DUKCAPIL", now=self.now
            ),
            "return": lambda s: tasks.return_from_agency(
                s, actor_id=actor, task_id=task_id, now=self.now
            ),
            "ready": lambda s: tasks.mark_ready(s, actor_id=actor, task_id=task_id, now=self.now),
            "complete": lambda s: tasks.hand_over(s, actor_id=actor, task_id=task_id, now=self.now),
            "reject": lambda s: tasks.reject(
                s, actor_id=actor, task_id=task_id, reason="Dokumen kurang", now=self.now
            ),
            "cancel": lambda s: tasks.cancel(
                s, actor_id=actor, task_id=task_id, reason="Pemohon batal", now=self.now
            ),
        }
        try:
            with self.db.write() as session:
                view = calls[action](session)
        except TransitionError:
            assert not legal, f"{action} from {status} should be allowed"
            return
        assert legal, f"{action} from {status} should be refused"
        self.expected[task_id] = target
        assert view.status == self.expected[task_id]

    @rule(pick=st.integers(min_value=0, max_value=50))
    def lead_reverses_points(self, pick: int) -> None:
        with self.db.read() as session:
            uuids = list(
                session.scalars(
                    select(Event.uuid)
                    .where(Event.kind.in_(("task.received", "task.ready")))
                    .order_by(Event.seq)
                )
            )
        if not uuids:
            return
        try:
            with self.db.write() as session:
                ledger.reverse_points(
                    session,
                    actor_id=self.staff["lead"],
                    event_uuid=uuids[pick % len(uuids)],
                    reason="Koreksi",
                    now=self.now,
                )
        except ValidationError as exc:
            assert "sudah" in exc.message

    @invariant()
    def projection_matches_the_model(self) -> None:
        with self.db.read() as session:
            actual = dict(session.execute(select(Task.id, Task.status)).all())
        assert actual == self.expected

    @invariant()
    def chain_and_points_verify(self) -> None:
        report = verify_database(database_path(self.folder))
        assert report.ok, report.problems


OfficeMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestOffice = OfficeMachine.TestCase
