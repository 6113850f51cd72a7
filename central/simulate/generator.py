"""One office's desk, simulated: the hash-chained events it would push, day by day.

Each open day runs a small M/M/n-style queue (first come first served, the planted officers
as servers, lognormal handling times, impatient citizens leaving) over the kiosk's tickets,
so waits follow the planted staffing: an under-staffed office really makes citizens wait
and an over-staffed one leaves officers idle. A served ticket becomes an intake; the task
then goes through the lifecycle the demo office uses (desk_app/demo.py: start, forward to
its agency, return, ready, hand-over; now and then rejected or cancelled), with slow
agencies holding files far past their SLA. Officers clock in and out around their hours,
and the lead seals each day with a day.closed whose points the city's own rule table
(central.ledger) computes, so the city reproduces every sealed day.

Events are chained exactly as a desk chains them (desk_app/eventlog/wire.py): one device
per office, seq from 1, each hash over the previous one and the event's canonical JSON.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import math
import random
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import orjson

from central import ledger
from central.simulate.plan import (
    HANDLE_SIGMA,
    LOCAL_AGENCIES,
    SLOW_EXTRA_DAYS,
    CityPlan,
    OfficePlan,
    Service,
    is_open_day,
    season,
    services,
)
from desk_app.common.workdays import JAKARTA
from desk_app.common.workdays import add_working_days as _add_working_days
from desk_app.eventlog import kinds
from desk_app.eventlog.wire import GENESIS_HASH, WireEvent, canonical_json, hash_around, utc_iso
from desk_app.points import point_rules

PATIENCE_MINUTES = 60.0  # mean patience of a waiting citizen (exponential)
NO_SHOW = 0.02  # tickets whose holder has gone when called, whatever the wait
QUESTION = 0.08  # visits that need no task (a question answered at the counter)
CHECK_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"  # desk_app/counter/check_code.py
DEVICE_NO = 1
SETUP_HOUR = 7.0
STEP_HOURS = (8.0, 15.5)  # back-office steps happen within these local hours
add_working_days = lru_cache(maxsize=65536)(_add_working_days)  # the calendar, memoised


@dataclass
class _Task:
    tracking_no: str
    service: Service
    due: date
    status: str = "received"
    agency: str | None = None


@dataclass
class OfficeCounts:
    """What the generator made for one office (the city's figures must say the same)."""

    events: int = 0
    tickets: int = 0
    served: int = 0
    no_shows: int = 0
    never_called: int = 0
    tasks_by_status: Counter[str] = field(default_factory=Counter)
    points_total: int = 0
    attendance_seconds: float = 0.0
    days_closed: int = 0
    wait_seconds_total: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The counts as JSON."""
        return {
            "events": self.events,
            "tickets": self.tickets,
            "served": self.served,
            "no_shows": self.no_shows,
            "never_called": self.never_called,
            "tasks_by_status": dict(sorted(self.tasks_by_status.items())),
            "points_total": self.points_total,
            "attendance_hours": round(self.attendance_seconds / 3600.0, 2),
            "days_closed": self.days_closed,
            "mean_wait_seconds": round(self.wait_seconds_total / self.served, 1)
            if self.served
            else None,
        }


@dataclass(frozen=True)
class Officer:
    """One officer of the simulated office."""

    officer_id: str
    nip: str
    name: str
    role: str


_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))  # version and variant bits
_UUID_SET = (4 << 76) | (0x8000 << 48)
_Pending = tuple[datetime, int, str, str]  # (when, order, action, task id)
_Draft = tuple[datetime, int, str, str | None, str | None, dict[str, Any]]


def _local(day: date, minutes: float) -> datetime:
    """A moment `minutes` after Jakarta midnight of `day`, in UTC."""
    midnight = datetime.combine(day, time(0, 0), tzinfo=JAKARTA).astimezone(UTC)
    return midnight + timedelta(minutes=minutes)


def _local_day(moment: datetime) -> date:
    return moment.astimezone(JAKARTA).date()


class OfficeSimulation:
    """One office's desk over the simulated days (call day() for each day in order)."""

    def __init__(
        self, city: CityPlan, plan: OfficePlan, slow_agencies: frozenset[str], rules_body: str
    ) -> None:
        self.city = city
        self.versions = ledger.rule_versions(rules_body)
        self.plan = plan
        self.slow = slow_agencies
        self.rng = random.Random(f"loket-office:{city.seed}:{plan.code}")
        self.device_id = self._uuid()
        self.catalogue = services()
        self.cum_weights = list(_cumulative(s.weight for s in self.catalogue))
        self.roster = [
            Officer(
                self._uuid(),
                f"19{self.rng.randrange(70, 99)}{self.rng.randrange(1, 13):02d}"
                f"{self.rng.randrange(1, 29):02d}20{self.rng.randrange(10, 20)}"
                f"{self.rng.randrange(1, 13):02d}{self.rng.choice('12')}{index + 1:03d}",
                f"Petugas {plan.name} {index + 1}",
                "admin" if index == 0 else "lead" if index == 1 else "officer",
            )
            for index in range(plan.roster_size)
        ]
        self.lead = self.roster[1]
        self.seq = 0
        self.head = GENESIS_HASH
        self.tasks: dict[str, _Task] = {}
        self.pending: list[_Pending] = []
        self.order = 0
        self.ledger_tasks: dict[str, Any] = {}
        self.counts = OfficeCounts()
        self.setup_at = _local(city.start, SETUP_HOUR * 60)
        self.drafts: list[_Draft] = []
        self.day_points: dict[str, int] = defaultdict(int)

    # --- ids and drafts ------------------------------------------------------------------

    def _uuid(self) -> str:
        """A version-4 UUID from the office's generator: uuid.UUID(int=..., version=4)'s
        spelling, without building the object."""
        n = (self.rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET
        h = f"{n:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def _draft(
        self,
        when: datetime,
        kind: str,
        actor: str | None,
        payload: dict[str, Any],
        task_id: str | None = None,
    ) -> None:
        self.order += 1
        self.drafts.append((when, self.order, kind, actor, task_id, payload))

    def _schedule(self, when: datetime, action: str, task_id: str) -> None:
        self.order += 1
        heapq.heappush(self.pending, (when, self.order, action, task_id))

    # --- one day -----------------------------------------------------------------------

    def day(self, day: date) -> list[WireEvent]:
        """The events of one local day, chained after the previous day's, in time order."""
        self.drafts = []
        if day == self.city.start:
            self._setup()
        is_open = is_open_day(day, self.plan.saturday) and any(
            d == day.weekday() for d, _h in self.plan.staff
        )
        if is_open:
            self._counter_day(day)
        end = _local(day + timedelta(days=1), 0)
        while self.pending and self.pending[0][0] < end:
            when, _order, action, task_id = heapq.heappop(self.pending)
            self._step(when, action, task_id)
        events = self._chain(sorted(self.drafts, key=lambda d: (d[0], d[1])))
        if is_open:
            events.append(self._close(day, events))
        self.counts.events += len(events)
        return events

    def _setup(self) -> None:
        """office.configured and the roster, at 07:00 of the first day."""
        at = self.setup_at
        self._draft(
            at,
            kinds.OFFICE_CONFIGURED,
            None,
            {"office_code": self.plan.code, "device_no": DEVICE_NO},
        )
        admin = self.roster[0]
        for officer in self.roster:
            self._draft(
                at,
                kinds.OFFICER_CREATED,
                admin.officer_id,
                {
                    "officer_id": officer.officer_id,
                    "nip": officer.nip,
                    "name": officer.name,
                    "role": officer.role,
                    "pin_digest": hashlib.sha256(officer.nip.encode()).hexdigest(),
                    "must_change": False,
                },
            )

    def _counter_day(self, day: date) -> None:
        """The kiosk's tickets, the counters' calls and intakes, and the officers' shifts."""
        rng, plan = self.rng, self.plan
        weekday = day.weekday()
        hours = sorted(h for d, h in plan.staff if d == weekday)
        close = plan.close_hour(weekday) * 60.0
        factor = season(day) * min(max(rng.gauss(1.0, 0.1), 0.7), 1.3)
        arrivals: list[float] = []
        for hour in hours:
            rate = plan.rates[(weekday, hour)] * factor / 60.0
            moment = hour * 60.0
            while True:
                moment += rng.expovariate(rate)
                if moment >= (hour + 1) * 60.0:
                    break
                arrivals.append(moment)
        # Sessions: officer k works the hours where at least k+1 officers are planted.
        sessions: list[list[tuple[float, float, bool]]] = []
        for level in range(max(plan.staff[(weekday, h)] for h in hours)):
            spans: list[tuple[float, float, bool]] = []
            for hour in hours:
                if plan.staff[(weekday, hour)] > level:
                    if spans and spans[-1][1] == hour * 60.0:
                        spans[-1] = (spans[-1][0], (hour + 1) * 60.0, False)
                    else:
                        spans.append((hour * 60.0, (hour + 1) * 60.0, False))
            sessions.append([(s, e, e >= close) for s, e, _x in spans])
        free = [0.0] * len(sessions)
        mu = math.log(plan.handle_minutes) - HANDLE_SIGMA**2 / 2
        calls: list[float] = []
        visits: list[tuple[float, float, float, int, bool, bool]] = []
        for arrival in arrivals:
            best, best_k = math.inf, -1
            for k, spans in enumerate(sessions):
                ready = max(arrival, free[k])
                for start, end, extends in spans:
                    if extends or ready < end:
                        begin = max(ready, start)
                        if begin < best:
                            best, best_k = begin, k
                        break
            self.counts.tickets += 1
            if best_k < 0:
                calls.append(math.inf)
                visits.append((arrival, math.inf, 0.0, -1, False, False))
                continue
            patience = rng.expovariate(1.0 / PATIENCE_MINUTES)
            gone = best - arrival > patience or rng.random() < NO_SHOW
            question = rng.random() < QUESTION
            service = 1.0 if gone else rng.lognormvariate(mu, HANDLE_SIGMA)
            if question and not gone:
                service *= 0.5
            free[best_k] = best + service
            calls.append(best)
            visits.append((arrival, best, service, best_k, gone, question))
        self._visits(day, visits, calls)
        self._shifts(day, sessions, free)

    def _visits(
        self,
        day: date,
        visits: list[tuple[float, float, float, int, bool, bool]],
        calls: list[float],
    ) -> None:
        """The events of the day's tickets: issued, called, then no-show or served."""
        rng = self.rng
        made = 0
        for number, (arrival, call, service, k, gone, question) in enumerate(visits, start=1):
            ticket = self._uuid()
            issued_at = _local(day, arrival)
            ahead = number - 1 - bisect.bisect_right(calls, arrival, 0, number - 1)
            self._draft(
                issued_at,
                kinds.QUEUE_TICKET_ISSUED,
                None,
                {
                    "ticket_id": ticket,
                    "day": day.isoformat(),
                    "category": "A",
                    "number": number,
                    "priority": "elderly" if rng.random() < 0.05 else "",
                    "ahead": ahead,
                },
            )
            if k < 0:
                self.counts.never_called += 1
                continue
            officer = self.roster[k] if k < len(self.roster) else self.roster[-1]
            called_at = _local(day, call)
            wait = round((call - arrival) * 60)
            self._draft(
                called_at,
                kinds.QUEUE_TICKET_CALLED,
                officer.officer_id,
                {
                    "ticket_id": ticket,
                    "counter_no": k + 1,
                    "priority_used": False,
                    "passed_over": 0,
                    "wait_seconds": wait,
                },
            )
            done_at = _local(day, call + service)
            if gone:
                self.counts.no_shows += 1
                self._draft(
                    done_at,
                    kinds.QUEUE_TICKET_NO_SHOW,
                    officer.officer_id,
                    {"ticket_id": ticket, "counter_no": k + 1},
                )
                continue
            self.counts.served += 1
            self.counts.wait_seconds_total += wait
            handling = round(service * 60)
            task_id = None
            if not question:
                made += 1
                task_id = self._intake(done_at, officer, handling, made)
            self._draft(
                done_at,
                kinds.QUEUE_TICKET_SERVED,
                officer.officer_id,
                {
                    "ticket_id": ticket,
                    "counter_no": k + 1,
                    "wait_seconds": wait,
                    "handling_seconds": handling,
                },
                task_id,
            )

    def _intake(self, at: datetime, officer: Officer, handling: int, number: int) -> str:
        """task.received for a served citizen, and the task's next step planned."""
        rng = self.rng
        service = rng.choices(self.catalogue, cum_weights=self.cum_weights)[0]
        day = _local_day(at)
        task_id = self._uuid()
        due = add_working_days(day, service.sla_working_days)
        tracking = f"{self.plan.code.replace('.', '')}-{day:%y%m%d}-{DEVICE_NO:02d}-{number:04d}"
        self.tasks[task_id] = _Task(tracking, service, due)
        weight = ledger.rules_on(day, self.versions).weight_for(
            service.code, service.sla_working_days
        )
        self._draft(
            at,
            kinds.TASK_RECEIVED,
            officer.officer_id,
            {
                "tracking_no": tracking,
                "service_code": service.code,
                "description": "",
                "applicant_ref": f"{rng.getrandbits(256):064x}",
                "documents": [[d, True] for d in service.documents],
                "fee_idr": service.fee_idr,
                "sla_working_days": service.sla_working_days,
                "point_weight": weight,
                "due_date": due.isoformat(),
                "handling_seconds": handling,
                "check_code": "".join(rng.choice(CHECK_ALPHABET) for _ in range(6)),
            },
            task_id,
        )
        roll = rng.random()
        if roll < 0.04:
            self._schedule(at + timedelta(minutes=rng.uniform(5, 60)), "reject", task_id)
        elif roll < 0.06:
            self._schedule(self._later(at, rng.randint(1, 3)), "cancel", task_id)
        elif service.sla_working_days == 0:
            self._schedule(at + timedelta(minutes=rng.uniform(5, 45)), "complete", task_id)
        else:
            self._schedule(self._soon(at, rng.uniform(10, 180)), "start", task_id)
        return task_id

    def _soon(self, at: datetime, minutes: float) -> datetime:
        """`minutes` later, or the next working morning when that is after hours."""
        moment = at + timedelta(minutes=minutes)
        local = moment.astimezone(JAKARTA)
        if local.date() == _local_day(at) and local.hour + local.minute / 60 < STEP_HOURS[1]:
            return moment
        return self._later(at, 1)

    def _later(self, at: datetime, days: int) -> datetime:
        """A working-hours moment `days` working days after `at` (never before it)."""
        day = add_working_days(_local_day(at), days)
        moment = _local(day, self.rng.uniform(*STEP_HOURS) * 60)
        if moment > at:
            return moment
        return self._later(at, days + 1) if days == 0 else at + timedelta(minutes=20)

    def _step(self, when: datetime, action: str, task_id: str) -> None:
        """One planned back-office step of a task (skipped when the task moved on)."""
        rng, task = self.rng, self.tasks[task_id]
        actor = rng.choice(self.roster).officer_id
        sla = task.service.sla_working_days
        if action == "start" and task.status == "received":
            self._task_event(when, kinds.TASK_STARTED, actor, task_id, {}, "in_process")
            agency = task.service.agency_code
            if agency and agency not in LOCAL_AGENCIES and rng.random() < 0.8:
                self._schedule(self._soon(when, rng.uniform(20, 240)), "forward", task_id)
            else:
                self._schedule(self._later(when, rng.randint(0, max(sla - 1, 0))), "ready", task_id)
        elif action == "forward" and task.status == "in_process":
            agency = task.service.agency_code or ""
            task.agency = agency
            payload: dict[str, Any] = {"agency_code": agency, "note": ""}
            self._task_event(when, kinds.TASK_FORWARDED, actor, task_id, payload, "at_agency")
            if agency in self.slow:
                days = sla + rng.randint(*SLOW_EXTRA_DAYS)
            elif rng.random() < 0.1:
                days = sla + rng.randint(1, 3)
            else:
                days = rng.randint(0, sla)
            self._schedule(self._later(when, max(days - 1, 0)), "return", task_id)
        elif action == "return" and task.status == "at_agency":
            problem = rng.random() < 0.08
            payload = {
                "agency_code": task.agency,
                "outcome": "problem" if problem else "complete",
                "note": "Data pemohon perlu dilengkapi" if problem else "",
            }
            self._task_event(when, kinds.TASK_RETURNED, actor, task_id, payload, "in_process")
            self._schedule(self._soon(when, rng.uniform(15, 120)), "ready", task_id)
        elif action == "ready" and task.status == "in_process":
            self._task_event(when, kinds.TASK_READY, actor, task_id, {}, "ready")
            if rng.random() > 0.03:
                days = rng.choice((0, 1, 1, 2, 3, 5))
                self._schedule(self._later(when, days), "complete", task_id)
        elif action == "complete" and task.status in ("received", "ready"):
            payload = {"recipient_name": ""}
            self._task_event(when, kinds.TASK_COMPLETED, actor, task_id, payload, "completed")
        elif action == "reject" and task.status == "received":
            payload = {
                "reason": "Dokumen tidak lengkap: pengantar RT/RW belum ada",
                "missing_documents": ["Pengantar RT/RW"],
            }
            self._task_event(when, kinds.TASK_REJECTED, actor, task_id, payload, "rejected")
        elif action == "cancel" and task.status in ("received", "in_process"):
            payload = {"reason": "Pemohon membatalkan permohonan"}
            self._task_event(when, kinds.TASK_CANCELLED, actor, task_id, payload, "cancelled")

    def _task_event(
        self,
        when: datetime,
        kind: str,
        actor: str,
        task_id: str,
        payload: dict[str, Any],
        status: str,
    ) -> None:
        self.tasks[task_id].status = status
        self._draft(when, kind, actor, payload, task_id)

    def _shifts(
        self,
        day: date,
        sessions: list[list[tuple[float, float, bool]]],
        free: list[float],
    ) -> None:
        """Clock-ins a few minutes before each span, clock-outs after it (or the last
        citizen, for the officers who stay until the queue is empty)."""
        rng = self.rng
        for k, spans in enumerate(sessions):
            officer = self.roster[k] if k < len(self.roster) else self.roster[-1]
            for start, end, extends in spans:
                begin = start - rng.uniform(0, 4)
                finish = (max(end, free[k]) if extends else end) + rng.uniform(0, 4)
                session_id = self._uuid()
                payload = {"session_id": session_id, "officer_id": officer.officer_id}
                self._draft(_local(day, begin), kinds.SHIFT_CLOCKED_IN, officer.officer_id, payload)
                self._draft(
                    _local(day, finish), kinds.SHIFT_CLOCKED_OUT, officer.officer_id, dict(payload)
                )
                self.counts.attendance_seconds += (finish - begin) * 60

    # --- chaining and the day close ----------------------------------------------------

    def _wire(
        self,
        when: datetime,
        kind: str,
        actor: str | None,
        task_id: str | None,
        payload: dict[str, Any],
    ) -> WireEvent:
        """The next event of the chain (hashed over the payload's canonical JSON)."""
        self.seq += 1
        event = WireEvent(
            uuid=self._uuid(),
            device_id=self.device_id,
            seq=self.seq,
            kind=kind,
            actor=actor,
            task_id=task_id,
            occurred_at=utc_iso(when),
            monotonic_ns=int((when - self.setup_at).total_seconds() * 1e9),
            payload=payload,
            prev_hash=self.head,
            hash="",
        )
        text = payload_json(kind, payload)
        event["hash"] = hash_around(event, text)
        self.head = event["hash"]
        return event

    def _chain(self, drafts: list[_Draft]) -> list[WireEvent]:
        events = []
        self.day_points = defaultdict(int)
        for when, _order, kind, actor, task_id, payload in drafts:
            event = self._wire(when, kind, actor, task_id, payload)
            events.append(event)
            credits = ledger._credits(  # the city's own rule: a sealed day always agrees
                kind,
                actor,
                task_id,
                payload,
                _local_day(when),
                self.ledger_tasks,
                {},
                self.versions,
            )
            for officer_id, points in credits:
                self.day_points[officer_id] += points
                self.counts.points_total += points
        return events

    def _close(self, day: date, events: list[WireEvent]) -> WireEvent:
        """The lead's day.closed after the day's last event (or closing time)."""
        close = _local(day, self.plan.close_hour(day.weekday()) * 60 + 15)
        last = max((e["occurred_at"] for e in events), default="")
        if last and last >= utc_iso(close):
            close = datetime.fromisoformat(last.replace("Z", "+00:00")) + timedelta(seconds=60)
        summary = self._summary(day, events)
        payload = {
            "day": day.isoformat(),
            "summary": summary,
            "last_event_seq": self.seq,
            "last_event_hash": self.head,
            "acknowledged": [],
            "reason": "",
        }
        self.counts.days_closed += 1
        return self._wire(close, kinds.DAY_CLOSED, self.lead.officer_id, None, payload)

    def _summary(self, day: date, events: list[WireEvent]) -> dict[str, Any]:
        """The day's summary as the desk's close computes it (dayclose.DaySummary)."""
        taken: Counter[str] = Counter()
        completed: Counter[str] = Counter()
        received_by: Counter[str] = Counter()
        completed_by: Counter[str] = Counter()
        forwarded: Counter[str] = Counter()
        returned: Counter[str] = Counter()
        hours: dict[str, float] = defaultdict(float)
        clock_in: dict[str, datetime] = {}
        handling: list[int] = []
        by_hour = [0] * 24
        totals = Counter[str]()
        sla_closed = sla_on_time = 0
        received_today: list[str] = []
        for e in events:
            kind, actor, payload = e["kind"], e["actor"] or "", e["payload"]
            at = datetime.fromisoformat(e["occurred_at"].replace("Z", "+00:00"))
            task = self.tasks.get(e["task_id"] or "")
            if kind == kinds.TASK_RECEIVED and task is not None:
                taken[actor] += 1
                received_by[task.service.code] += 1
                handling.append(int(payload["handling_seconds"]))
                by_hour[at.astimezone(JAKARTA).hour] += 1
                totals["received"] += 1
                received_today.append(e["task_id"] or "")
            elif kind == kinds.TASK_COMPLETED and task is not None:
                completed[actor] += 1
                completed_by[task.service.code] += 1
                totals["completed"] += 1
                sla_closed += 1
                sla_on_time += day <= task.due
            elif kind == kinds.TASK_REJECTED:
                totals["rejected"] += 1
            elif kind == kinds.TASK_CANCELLED:
                totals["cancelled"] += 1
            elif kind == kinds.TASK_FORWARDED:
                forwarded[str(payload["agency_code"])] += 1
            elif kind == kinds.TASK_RETURNED:
                returned[str(payload["agency_code"])] += 1
            elif kind == kinds.SHIFT_CLOCKED_IN:
                clock_in[payload["session_id"]] = at
            elif kind == kinds.SHIFT_CLOCKED_OUT and payload["session_id"] in clock_in:
                hours[actor] += (at - clock_in[payload["session_id"]]).total_seconds() / 3600
        open_tasks = [t for t in self.tasks.values() if t.status in _OPEN]
        out_at: Counter[str] = Counter(
            t.agency or "" for t in open_tasks if t.status == "at_agency"
        )
        late_at: Counter[str] = Counter(
            t.agency or "" for t in open_tasks if t.status == "at_agency" and t.due < day
        )
        names = {s.code: s.name for s in self.catalogue}
        officers = [
            {
                "officer_id": o.officer_id,
                "nip": o.nip,
                "name": o.name,
                "taken": taken[o.officer_id],
                "completed": completed[o.officer_id],
                "points": self.day_points.get(o.officer_id, 0),
                "hours": round(hours.get(o.officer_id, 0.0), 2),
            }
            for o in self.roster
            if taken[o.officer_id]
            or completed[o.officer_id]
            or self.day_points.get(o.officer_id)
            or hours.get(o.officer_id)
        ]
        ordered = sorted(handling)
        return {
            "day": day.isoformat(),
            "office_code": self.plan.code,
            "office_name": self.plan.name,
            "officers": officers,
            "services": [
                {
                    "code": code,
                    "name": names.get(code, code),
                    "received": received_by[code],
                    "completed": completed_by[code],
                }
                for code in sorted(set(received_by) | set(completed_by))
            ],
            "agencies": [
                {
                    "code": code,
                    "name": code,
                    "forwarded": forwarded[code],
                    "returned": returned[code],
                    "still_out": out_at[code],
                    "overdue": late_at[code],
                }
                for code in sorted(set(forwarded) | set(returned) | set(out_at))
            ],
            "sla_closed": sla_closed,
            "sla_on_time": sla_on_time,
            "handling_count": len(ordered),
            "handling_median_s": float(statistics.median(ordered)) if ordered else None,
            "handling_p90_s": float(ordered[int(0.9 * (len(ordered) - 1))]) if ordered else None,
            "arrivals_by_hour": by_hour,
            "carried_over": sorted(
                self.tasks[t].tracking_no for t in received_today if self.tasks[t].status in _OPEN
            ),
            "totals": {
                "received": totals["received"],
                "completed": totals["completed"],
                "rejected": totals["rejected"],
                "cancelled": totals["cancelled"],
                "open_end_of_day": len(open_tasks),
                "overdue_end_of_day": sum(t.due < day for t in open_tasks),
                "points": sum(self.day_points.values()),
                "hours": round(sum(hours.values()), 2),
            },
        }

    def finish(self) -> OfficeCounts:
        """The counts, with every task's final status."""
        self.counts.tasks_by_status = Counter(t.status for t in self.tasks.values())
        return self.counts


_OPEN = frozenset({"received", "in_process", "at_agency", "ready"})


def payload_json(kind: str, payload: dict[str, Any]) -> str:
    """canonical_json of a payload: orjson's sorted compact spelling, the very same text for
    payloads without floats (every kind made here but day.closed, whose summary has some)."""
    if kind == kinds.DAY_CLOSED:
        return canonical_json(payload)
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS).decode()


def _cumulative(weights: Iterable[float]) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


def shipped_rules_body() -> str:
    """The points rules document a city uses before it publishes one (document 0)."""
    return point_rules.document_body(0, point_rules.shipped_rules())


def simulate_office(
    city: CityPlan, plan: OfficePlan, rules_body: str | None = None
) -> OfficeSimulation:
    """A fresh simulation of one office of the city (call day() for each day in order);
    points by the city's rules document (`rules_body`, default the shipped one)."""
    body = rules_body if rules_body is not None else shipped_rules_body()
    return OfficeSimulation(city, plan, frozenset(city.slow_agencies), body)
