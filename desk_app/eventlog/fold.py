"""The one order in which every desk of an office reads the office's events.

Each device's chain is in seq order; across devices, happens-before comes from the chains
alone: an `office.peers_applied` event follows every peer event its seen-vector names, a
successor's `desk.restored` follows its predecessor's last event, and a lead's
`task.conflict_settled` "take_loser" places the losing event before the one that beat it.
Events no such link orders are concurrent; the tie is broken by (device_id, seq), so every
desk and the city, holding the same events, fold them in the very same order. No wall
clock is ever read for ordering.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from desk_app.eventlog import kinds

TAKE_LOSER = "take_loser"
KEEP = "keep"
DECISIONS = (KEEP, TAKE_LOSER)
_OPEN = ("received", "in_process", "at_agency", "ready")
# The statuses each lifecycle event may start from (DESIGN's table; counter/tasks.py's
# LIFECYCLE says the same, a test holds them equal). Met in another status, it lost.
MAY_START_FROM: Final[dict[str, tuple[str, ...]]] = {
    kinds.TASK_STARTED: ("received",),
    kinds.TASK_FORWARDED: ("received", "in_process"),
    kinds.TASK_RETURNED: ("at_agency",),
    kinds.TASK_READY: ("received", "in_process"),
    kinds.TASK_COMPLETED: ("ready", "received"),
    kinds.TASK_REJECTED: _OPEN,
    kinds.TASK_CANCELLED: _OPEN,
}
STATUS_AFTER: Final[dict[str, str]] = {
    kinds.TASK_STARTED: "in_process",
    kinds.TASK_FORWARDED: "at_agency",
    kinds.TASK_RETURNED: "in_process",
    kinds.TASK_READY: "ready",
    kinds.TASK_COMPLETED: "completed",
    kinds.TASK_REJECTED: "rejected",
    kinds.TASK_CANCELLED: "cancelled",
}


@dataclass(frozen=True)
class Ordered:
    """What the order needs of one event."""

    uuid: str
    device_id: str
    seq: int
    kind: str
    payload: dict[str, Any]
    task_id: str | None = None


def dependencies(event: Ordered) -> list[tuple[str, int]]:
    """The (device, seq) events this event happened after, besides its own chain."""
    found: list[tuple[str, int]] = []
    if event.kind == kinds.OFFICE_PEERS_APPLIED:
        seen = event.payload.get("seen", {})
        found += [(str(d), int(n)) for d, n in sorted(seen.items()) if int(n) > 0]
    elif event.kind == kinds.DESK_RESTORED and event.seq == 1:
        last = int(event.payload.get("predecessor_last_seq", 0) or 0)
        if last > 0:
            found.append((str(event.payload["predecessor_device_id"]), last))
    return found


def causal_order(events: Sequence[Ordered]) -> list[int]:
    """Indexes of `events` in a topological order of happens-before, ties by (device, seq).

    A link to an event not held counts as met; a cycle (only a hand-made log has one) is
    broken at the smallest (device, seq) still waiting, so the order is always total.
    """
    chains: dict[str, list[tuple[int, int]]] = {}  # device -> (seq, index), seq order
    for i, e in enumerate(events):
        chains.setdefault(e.device_id, []).append((e.seq, i))
    for chain in chains.values():
        chain.sort()

    def held_up_to(device: str, seq: int) -> int | None:
        """The last event held of `device` at or before `seq` (a subset keeps the order)."""
        chain = chains.get(device, [])
        place = bisect.bisect_right(chain, (seq, len(events)))
        return chain[place - 1][1] if place else None

    by_uuid = {e.uuid: i for i, e in enumerate(events)}
    after: list[list[int]] = [[] for _ in events]
    waiting = [0] * len(events)

    def link(first: int | None, then: int) -> None:
        if first is not None and first != then:
            after[first].append(then)
            waiting[then] += 1

    for i, e in enumerate(events):
        link(held_up_to(e.device_id, e.seq - 1), i)
        for device, seq in dependencies(e):
            link(held_up_to(device, seq), i)
        if e.kind == kinds.TASK_CONFLICT_SETTLED and e.payload.get("decision") == TAKE_LOSER:
            winner = by_uuid.get(str(e.payload["winner_uuid"]))
            if winner is not None:
                link(by_uuid.get(str(e.payload["loser_uuid"])), winner)
    order: list[int] = []
    ready = [(e.device_id, e.seq, i) for i, e in enumerate(events) if waiting[i] == 0]
    heapq.heapify(ready)
    done = [False] * len(events)
    while len(order) < len(events):
        if not ready:  # a cycle: release the smallest event still waiting
            i = min((e.device_id, e.seq, i) for i, e in enumerate(events) if not done[i])[2]
            waiting[i] = 0
            ready.append((events[i].device_id, events[i].seq, i))
        _, _, i = heapq.heappop(ready)
        if done[i]:
            continue
        done[i] = True
        order.append(i)
        for j in after[i]:
            waiting[j] -= 1
            if waiting[j] == 0 and not done[j]:
                heapq.heappush(ready, (events[j].device_id, events[j].seq, j))
    return order


def step(status: dict[str, str], kind: str, task_id: str | None) -> bool:
    """Move a task's status by one event in fold order; False when the event lost (its
    task is known and in a status it may not start from): then nothing moves."""
    if task_id is None:
        return True
    if kind == kinds.TASK_RECEIVED:
        status[task_id] = "received"
        return True
    sources = MAY_START_FROM.get(kind)
    if sources is None or task_id not in status:
        return True
    if status[task_id] not in sources:
        return False
    status[task_id] = STATUS_AFTER[kind]
    return True


def task_statuses(events: Sequence[Ordered]) -> dict[str, str]:
    """Each task's status after the fold: the city's view, by the desks' own rule."""
    status: dict[str, str] = {}
    for i in causal_order(events):
        step(status, events[i].kind, events[i].task_id)
    return status
