"""Integrity check of the database: the hash chain, and every table the events determine.

One pass over each device's chain checks the hashes and re-derives the points ledger and
the projections (tasks, officers, settings, applicants, stints, prints, attendance, day
closes); each table is then read once and compared. What no event determines is listed in
the report with the reason (`VerifyReport.not_derived`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from desk_app.common.workdays import local_day
from desk_app.counter.tasks import NEXT_STATUS_BY_KIND
from desk_app.eventlog import events, fold, kinds, wire
from desk_app.eventlog.projections_check import ProjectionReplay, check_projections, not_derived
from desk_app.office.meta import DEVICE_ID, OFFICE_CODE
from desk_app.points import point_rules

MAX_PROBLEMS = 20

# One ledger row as compared: (officer, task, day, credit, points, rule version).
LedgerRow = tuple[str, str | None, str, str, int, int]


@dataclass
class VerifyReport:
    """What verify checked and what it found wrong."""

    events: int = 0
    tasks: int = 0
    points_rows: int = 0
    problems: list[str] = field(default_factory=list)
    # "table.column: reason" for what no event determines, so verify cannot re-derive it.
    not_derived: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was found wrong."""
        return not self.problems

    def add(self, problem: str) -> None:
        """Record a problem (the first few are kept)."""
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def _parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _expected_rows(credits: list[point_rules.Credit], day: date) -> list[LedgerRow]:
    version = point_rules.rules_for(day).version
    return [
        (c.officer_id, c.task_id, day.isoformat(), c.credit, c.points, version) for c in credits
    ]


class _DayReplay:
    """Rebuilds attendance sessions and day closes from events; watches sealed days."""

    def __init__(self) -> None:
        # session id -> [officer, started_at, ended_at, corrected]
        self.sessions: dict[str, list[Any]] = {}
        # day -> (event uuid, closer, prev_hash, payload, closed at)
        self.closes: dict[str, tuple[str, str | None, str, dict[str, Any], datetime]] = {}
        # (chain owner, day): a desk's close seals its own chain and its predecessors'
        # (`_chain_owners`), never another desk's; that desk's own close covers it.
        self.sealed: set[tuple[str, date]] = set()

    def observe(
        self,
        report: VerifyReport,
        owner: str,
        seq: int,
        uuid: str,
        kind: str,
        actor: str | None,
        payload: dict[str, Any],
        occurred_at: datetime,
        day: date,
        prev_hash: str,
    ) -> None:
        if kind == kinds.DAY_CLOSED:
            self.closes[payload["day"]] = (uuid, actor, prev_hash, payload, occurred_at)
            self.sealed.add((owner, date.fromisoformat(payload["day"])))
        elif (owner, day) in self.sealed and kind not in events.ON_SEALED_DAYS:
            report.add(f"event seq {seq} ({kind}) is dated on the sealed day {day}")
        if kind not in kinds.SHIFT_KINDS:
            return
        sid = payload.get("session_id", "")
        if kind == kinds.SHIFT_CLOCKED_IN:
            self.sessions[sid] = [payload.get("officer_id"), occurred_at, None, False]
        elif sid not in self.sessions:
            report.add(f"event seq {seq} ({kind}) names an unknown attendance session")
        elif kind == kinds.SHIFT_CLOCKED_OUT:
            self.sessions[sid][2] = occurred_at
        elif kind == kinds.SHIFT_CORRECTED:
            ended = payload.get("ended_at")
            self.sessions[sid][1:] = [
                _parse_iso(payload["started_at"]),
                _parse_iso(ended) if ended else None,
                True,
            ]


def _parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return conn.execute(query, (name,)).fetchone() is not None


def _check_days(conn: sqlite3.Connection, days: _DayReplay, report: VerifyReport) -> None:
    """attendance_sessions and day_closes match the shift.* and day.closed events."""
    if _has_table(conn, "attendance_sessions"):
        rows = {
            sid: [officer, _parse_utc(start), _parse_utc(end) if end else None, bool(corrected)]
            for sid, officer, start, end, corrected in conn.execute(
                "SELECT id, officer_id, started_at, ended_at, corrected FROM attendance_sessions"
            )
        }
        for sid in sorted(days.sessions.keys() - rows.keys()):
            report.add(f"attendance session {sid} is missing from attendance_sessions")
        for sid in sorted(rows.keys() - days.sessions.keys()):
            report.add(f"attendance session {sid} has no shift.clocked_in event")
        for sid in sorted(rows.keys() & days.sessions.keys()):
            if rows[sid] != days.sessions[sid]:
                report.add(f"attendance session {sid} does not match its shift events")
    if _has_table(conn, "day_closes"):
        closes = {
            day: (uuid, closer, summary, last_hash, _parse_utc(at))
            for day, uuid, closer, summary, last_hash, at in conn.execute(
                "SELECT day, event_uuid, closed_by, summary, last_event_hash, closed_at"
                " FROM day_closes"
            )
        }
        for day in sorted(days.closes.keys() ^ closes.keys()):
            report.add(f"day close of {day} does not match a day.closed event one to one")
        for day in sorted(days.closes.keys() & closes.keys()):
            uuid, closer, prev_hash, payload, closed_at = days.closes[day]
            row = closes[day]
            summary = wire.canonical_json(payload["summary"])
            expected = (uuid, closer, summary, prev_hash, closed_at)
            if row != expected or payload.get("last_event_hash") != prev_hash:
                report.add(f"day close of {day} does not match its day.closed event")


_PROMISE_KINDS = frozenset({kinds.TASK_CORRECTED, kinds.TASK_DOCUMENTS_RECEIVED})


class _Replay:
    """Rebuilds task facts and points from the events alone."""

    def __init__(self, reversal_targets: set[str]) -> None:
        self.facts: dict[str, point_rules.TaskFacts] = {}
        self.reversal_targets = reversal_targets
        self.kept_credits: dict[str, list[point_rules.Credit]] = {}
        self.days = _DayReplay()
        self.projections = ProjectionReplay()

    def apply(
        self,
        kind: str,
        actor: str | None,
        task_id: str | None,
        payload: dict[str, Any],
        uuid: str,
        day: date,
    ) -> list[point_rules.Credit]:
        facts = self.facts.get(task_id) if task_id else None
        if kind == kinds.TASK_RECEIVED and task_id:
            facts = point_rules.TaskFacts(
                "new", int(payload["point_weight"]), date.fromisoformat(payload["due_date"])
            )
        credits = point_rules.credits_for(
            kind=kind,
            actor=actor,
            task_id=task_id,
            payload=payload,
            day=day,
            task=facts,
            reversed_credits=self.kept_credits.get(payload.get("event_uuid", "")),
        )
        if uuid in self.reversal_targets:
            self.kept_credits[uuid] = credits
        if task_id and facts is not None and kind in _PROMISE_KINDS:
            # A correction or late documents move the weight and due date later credits use.
            after = payload["after"] if kind == kinds.TASK_CORRECTED else payload
            weight = int(after.get("point_weight", facts.point_weight))
            due = date.fromisoformat(after["due_date"])
            self.facts[task_id] = facts = point_rules.TaskFacts(facts.status, weight, due)
        if task_id and facts is not None:
            status = "received" if kind == kinds.TASK_RECEIVED else NEXT_STATUS_BY_KIND.get(kind)
            if status:
                self.facts[task_id] = point_rules.TaskFacts(
                    status, facts.point_weight, facts.due_date
                )
        return credits


def _lineage(conn: sqlite3.Connection, device: str) -> tuple[list[str], dict[str, tuple[int, str]]]:
    """The chains of this database, oldest first: devices a restore retired, then this desk.

    A successor's chain opens with desk.restored naming its predecessor and the seq and hash
    where that chain ended in the backup; those ends are returned by predecessor.
    """
    chain: list[str] = [device]
    ends: dict[str, tuple[int, str]] = {}
    while True:
        row = conn.execute(
            "SELECT payload FROM events WHERE device_id = ? AND seq = 1 AND kind = ?",
            (chain[0], kinds.DESK_RESTORED),
        ).fetchone()
        if row is None:
            return chain, ends
        payload = json.loads(row[0])
        before = str(payload["predecessor_device_id"])
        if before in chain:  # not written by Loket: the hash check names the edited event
            return chain, ends
        ends[before] = (int(payload["predecessor_last_seq"]), str(payload["predecessor_last_hash"]))
        chain.insert(0, before)


def _chain_owners(kept: list[tuple[Any, ...]]) -> dict[str, str]:
    """Each chain's owner: the desk that continues it (a restore's successor), else itself."""
    successor = {
        str(payload["predecessor_device_id"]): dev
        for _, dev, seq, kind, _, _, _, payload, _ in kept
        if seq == 1 and kind == kinds.DESK_RESTORED
    }
    owners: dict[str, str] = {}
    for dev in {k[1] for k in kept}:
        owner, seen = dev, {dev}
        while owner in successor and successor[owner] not in seen:
            owner = successor[owner]
            seen.add(owner)
        owners[dev] = owner
    return owners


def _check_heads(
    conn: sqlite3.Connection,
    report: VerifyReport,
    chain: list[str],
    reached: dict[str, tuple[int, str]],
    ends: dict[str, tuple[int, str]],
) -> None:
    """Each chain ends where its chain head says, and a predecessor where it was succeeded."""
    for device in chain:
        last_seq, last_hash = reached.get(device, (0, wire.GENESIS_HASH))
        head = conn.execute(
            "SELECT seq, hash FROM chain_heads WHERE device_id = ?", (device,)
        ).fetchone() or (0, wire.GENESIS_HASH)
        head_seq = int(head[0])
        if head_seq != last_seq or head[1] != last_hash:
            report.add(
                f"chain head says seq {head_seq} but the log ends at seq {last_seq}: "
                "events deleted or added outside Loket"
            )
        if device in ends and ends[device] != (last_seq, last_hash):
            report.add(
                f"the chain of predecessor device {device} ends at seq {last_seq}, not at "
                f"seq {ends[device][0]} where its successor took over"
            )


def _read_chains(
    conn: sqlite3.Connection, report: VerifyReport, lineage: list[str], office: str
) -> tuple[list[tuple[Any, ...]], dict[str, tuple[int, str]]]:
    """Every chain of the database, each checked for hashes and links; the rows of the
    office's chains (this desk's lineage and its peers'), and where each chain ends."""
    cursor = conn.execute(
        "SELECT id, uuid, device_id, seq, kind, actor, task_id, occurred_at, monotonic_ns, "
        "payload, prev_hash, hash FROM events ORDER BY device_id, seq"
    )
    kept: list[tuple[Any, ...]] = []
    reached: dict[str, tuple[int, str]] = {}
    foreign = 0
    device, prev_hash, expected_seq, last_id, ours = "", wire.GENESIS_HASH, 1, 0, True
    for row in cursor:
        rid, uuid, dev, seq, kind, actor, task_id, occurred, mono, payload_text, prev, digest = row
        if dev != device:  # the next chain begins
            device, prev_hash, expected_seq, last_id = dev, wire.GENESIS_HASH, 1, 0
            ours = dev in lineage or _opens_office(kind, payload_text, office)
        if not ours:
            foreign += 1
            continue
        report.events += 1
        if seq != expected_seq:
            report.add(f"event seq {expected_seq} is missing (next found: {seq}): deleted event")
            expected_seq = seq
        if rid < last_id:
            report.add(f"event seq {seq} is stored out of order: re-ordered events")
        last_id = rid
        if prev != prev_hash:
            report.add(f"event seq {seq}: prev_hash does not match event seq {seq - 1}")
        payload = json.loads(payload_text)
        occurred_at = _parse_utc(occurred)
        body = events.event_body(
            uuid=uuid,
            device_id=dev,
            seq=seq,
            kind=kind,
            actor=actor,
            task_id=task_id,
            occurred_at=occurred_at,
            monotonic_ns=mono,
            payload=payload,
        )
        if wire.canonical_json(payload) != payload_text or wire.chain_hash(prev, body) != digest:
            report.add(f"event seq {seq} ({kind}): content does not match its hash: edited event")
        prev_hash, expected_seq = digest, seq + 1
        reached[dev] = (seq, digest)
        kept.append((uuid, dev, seq, kind, actor, task_id, occurred_at, payload, prev))
    if foreign:
        report.add(f"{foreign} events belong to a device of another office")
    return kept, reached


def _opens_office(kind: str, payload_text: str, office: str) -> bool:
    """True when a chain's first event binds it to this office (a peer desk's chain)."""
    if kind not in (kinds.OFFICE_CONFIGURED, kinds.DESK_RESTORED):
        return False
    try:
        return bool(json.loads(payload_text).get("office_code") == office)
    except (ValueError, AttributeError):
        return False


def _check_chain_and_points(
    conn: sqlite3.Connection,
    report: VerifyReport,
    derived: list[tuple[str, LedgerRow]] | None = None,
) -> _Replay:
    """The chains' hashes and links, then the office's events folded in causal order
    (eventlog/fold.py): the points and the replay of every projection.

    `derived`, when given, receives each ledger row the rules derive (with its event's
    uuid): a restore from the city and a pull of the peers write from it.
    """
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    device = str(meta.get(DEVICE_ID, ""))
    chain, ends = _lineage(conn, device)
    kept, reached = _read_chains(conn, report, chain, str(meta.get(OFFICE_CODE, "")))
    targets = {
        json.loads(p)["event_uuid"]
        for (p,) in conn.execute(
            "SELECT payload FROM events WHERE kind = ?", (kinds.POINTS_REVERSED,)
        )
    }
    replay = _Replay(targets)
    found: dict[str, Counter[LedgerRow]] = {}
    for uuid, *ledger_row in conn.execute(
        "SELECT event_uuid, officer_id, task_id, day, credit, points, rule_version FROM points"
    ):
        found.setdefault(uuid, Counter())[tuple(ledger_row)] += 1
        report.points_rows += 1
    ordered = [fold.Ordered(k[0], k[1], k[2], k[3], k[7]) for k in kept]
    owners = _chain_owners(kept)
    for index in fold.causal_order(ordered):
        uuid, dev, seq, kind, actor, task_id, occurred_at, payload, prev = kept[index]
        day = local_day(occurred_at)
        replay.days.observe(
            report, owners[dev], seq, uuid, kind, actor, payload, occurred_at, day, prev
        )
        rows: list[LedgerRow] = []
        if not replay.projections.loses(
            uuid=uuid,
            device=dev,
            kind=kind,
            actor=actor,
            task_id=task_id,
            occurred_at=occurred_at,
        ):
            replay.projections.observe(
                uuid=uuid,
                device=dev,
                kind=kind,
                actor=actor,
                task_id=task_id,
                payload=payload,
                occurred_at=occurred_at,
            )
            rows = _expected_rows(replay.apply(kind, actor, task_id, payload, uuid, day), day)
        if derived is not None:
            derived.extend((uuid, row) for row in rows)
        if Counter(rows) != found.pop(uuid, Counter()):
            have = sorted(
                conn.execute(
                    "SELECT officer_id, task_id, day, credit, points, rule_version FROM points"
                    " WHERE event_uuid = ?",
                    (uuid,),
                ).fetchall()
            )
            report.add(
                f"points of event seq {seq} ({kind}) are not what the rules derive: "
                f"expected {sorted(rows)}, found {have}"
            )
    for _ in range(sum(sum(c.values()) for c in found.values())):
        report.add("points row whose event does not exist or was not derived by the rules")
    _check_heads(conn, report, [*chain, *sorted(reached.keys() - set(chain))], reached, ends)
    return replay


def replay_database(
    conn: sqlite3.Connection,
) -> tuple[VerifyReport, _Replay, list[tuple[str, LedgerRow]]]:
    """The chain check and the replay of a database's events, with the ledger they derive."""
    report = VerifyReport()
    derived: list[tuple[str, LedgerRow]] = []
    with point_rules.installed(applied_rules_document(conn)):  # the rules the events applied
        replay = _check_chain_and_points(conn, report, derived)
    return report, replay, derived


def applied_rules_document(conn: sqlite3.Connection) -> str | None:
    """The newest points rules document the events applied (None: the shipped file)."""
    found: list[tuple[int, int, str]] = []
    for (payload,) in conn.execute(
        "SELECT payload FROM events WHERE kind = ?", (kinds.POINTS_RULES_APPLIED,)
    ):
        body = str(json.loads(payload)["body"])
        number, versions = point_rules.document_versions(body)
        found.append((len(versions), number, body))  # documents only ever grow
    return max(found)[2] if found else None


def _stored_rules(conn: sqlite3.Connection, report: VerifyReport) -> str | None:
    """The points rules document this office applied (None: the shipped file)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (point_rules.RULES_KEY,)).fetchone()
    if row is None:
        return None
    try:
        point_rules.document_versions(str(row[0]))
    except ValueError:
        report.add(f"meta.{point_rules.RULES_KEY}: the stored points rules do not parse")
        return None
    return str(row[0])


def verify_database(path: Path) -> VerifyReport:
    """Check the chain, the points ledger and every projection against the events."""
    report = VerifyReport()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        for (line,) in integrity:
            if line != "ok":
                report.add(f"sqlite integrity: {line}")
        with point_rules.installed(_stored_rules(conn, report)):  # as the ledger used them
            replay = _check_chain_and_points(conn, report)
        check_projections(conn, replay.projections, report)
        _check_days(conn, replay.days, report)
        report.not_derived = not_derived(conn, replay.projections)
    finally:
        conn.close()
    return report
