"""The task status each task event leads to, as the city replays them (DESIGN's table)."""

from __future__ import annotations

from desk_app.eventlog import kinds

# A note changes nothing, so it is not here.
STATUS_AFTER: dict[str, str] = {
    kinds.TASK_RECEIVED: "received",
    kinds.TASK_STARTED: "in_process",
    kinds.TASK_FORWARDED: "at_agency",
    kinds.TASK_RETURNED: "in_process",
    kinds.TASK_READY: "ready",
    kinds.TASK_COMPLETED: "completed",
    kinds.TASK_REJECTED: "rejected",
    kinds.TASK_CANCELLED: "cancelled",
}
STATUSES = ("received", "in_process", "at_agency", "ready", "completed", "rejected", "cancelled")
