"""Every event kind the desk writes and the shape of its payload: the log's wire schema."""

# This module is the contract between the desk's event log and a future city server that
# imports it, so it imports nothing from desk_app and holds nothing but the schema.
# The kind strings are stored in every event and chained into its hash: never change one.
# A new kind or payload field goes here first (tests/core/test_event_kinds.py keeps the
# code and this module in step); a change to an existing shape raises SCHEMA_VERSION.

from __future__ import annotations

from typing import Final, TypedDict

SCHEMA_VERSION: Final = 1

# --- Office set-up, officers and settings ------------------------------------------------
OFFICE_CONFIGURED: Final = "office.configured"
OFFICER_CREATED: Final = "officer.created"
SETTING_CHANGED: Final = "setting.changed"

# --- A task's life at the counter (the first event of a task is task.received) ------------
TASK_RECEIVED: Final = "task.received"
TASK_STARTED: Final = "task.started"
TASK_FORWARDED: Final = "task.forwarded"
TASK_RETURNED: Final = "task.returned"
TASK_READY: Final = "task.ready"
TASK_COMPLETED: Final = "task.completed"
TASK_REJECTED: Final = "task.rejected"
TASK_CANCELLED: Final = "task.cancelled"
TASK_NOTED: Final = "task.noted"

# --- Applicants: an intake brought other details than the office held (no personal data) --
APPLICANT_UPDATED: Final = "applicant.updated"

# --- Receipts: every print attempt, good or failed ----------------------------------------
RECEIPT_PRINTED: Final = "receipt.printed"

# --- Points: a lead's correction (credits themselves are derived, not logged) -------------
POINTS_REVERSED: Final = "points.reversed"

# --- Attendance ---------------------------------------------------------------------------
SHIFT_CLOCKED_IN: Final = "shift.clocked_in"
SHIFT_CLOCKED_OUT: Final = "shift.clocked_out"
SHIFT_CORRECTED: Final = "shift.corrected"

# --- Day close: the only event that may be dated on a sealed day --------------------------
DAY_CLOSED: Final = "day.closed"

TASK_KINDS: Final = frozenset(
    {
        TASK_RECEIVED,
        TASK_STARTED,
        TASK_FORWARDED,
        TASK_RETURNED,
        TASK_READY,
        TASK_COMPLETED,
        TASK_REJECTED,
        TASK_CANCELLED,
        TASK_NOTED,
    }
)
SHIFT_KINDS: Final = frozenset({SHIFT_CLOCKED_IN, SHIFT_CLOCKED_OUT, SHIFT_CORRECTED})


# Payloads. Times are ISO 8601 strings (UTC with a "Z" for moments, YYYY-MM-DD for local
# days): the payload is JSON, so these are the types as they come back from json.loads.


class OfficeConfiguredPayload(TypedDict):
    """This device was bound to an office (the first event of every chain)."""

    office_code: str
    device_no: int


class OfficerCreatedPayload(TypedDict):
    """An admin added an officer (the actor is the officer itself for the first admin)."""

    officer_id: str
    nip: str
    name: str
    role: str  # "officer" | "lead" | "admin"


class SettingChangedPayload(TypedDict):
    """A lead or admin changed an office setting; `value` is the normalised text."""

    key: str
    value: str


class TaskReceivedPayload(TypedDict):
    """Intake at the counter; the applicant is named only by a keyed hash of the NIK."""

    tracking_no: str
    service_code: str
    description: str
    applicant_ref: str
    documents: list[list[str | bool]]  # [document name, received] pairs
    fee_idr: int
    sla_working_days: int
    point_weight: int
    due_date: str  # local day
    handling_seconds: int | None  # the counter's handling time, when measured


class TaskStartedPayload(TypedDict):
    """received -> in_process; the event itself is the whole fact."""


class TaskForwardedPayload(TypedDict):
    """The file went to a back-office agency."""

    agency_code: str
    note: str


class TaskReturnedPayload(TypedDict):
    """The agency sent the file back."""

    agency_code: str | None
    outcome: str  # "complete" | "problem"
    note: str


class TaskReadyPayload(TypedDict):
    """The result waits for pick-up; the event itself is the whole fact."""


class TaskCompletedPayload(TypedDict):
    """Handed over to the citizen; the recipient is empty when the applicant came."""

    recipient_name: str


class TaskRejectedPayload(TypedDict):
    """The office refused the request."""

    reason: str
    missing_documents: list[str]


class TaskCancelledPayload(TypedDict):
    """The applicant withdrew."""

    reason: str


class TaskNotedPayload(TypedDict):
    """A note on the task's timeline."""

    note: str


class ApplicantUpdatedPayload(TypedDict):
    """An intake (the event's task) brought another name or phone for a known applicant.

    Only the NIK pseudonym and which details changed: the values stay in the office's
    own tables (earlier tasks keep what was given then).
    """

    applicant_ref: str
    changed: list[str]  # "name" and/or "phone"


class ReceiptPrintedPayload(TypedDict):
    """One print attempt; a failed one keeps its error and does not use up `copy_no`."""

    kind: str  # receipt kind: "intake" | "handover" | "rejection"
    copy_no: int
    layout: str
    target: str  # "pdf" | "printer"
    ok: bool
    error: str


class PointsReversedPayload(TypedDict):
    """A lead reversed every credit one event earned."""

    event_uuid: str
    reason: str


class ShiftPayload(TypedDict):
    """Clock-in or clock-out of one attendance session."""

    session_id: str
    officer_id: str


class ShiftTimes(TypedDict):
    """A session's times (UTC moments); `ended_at` is None while the officer is in."""

    started_at: str
    ended_at: str | None


class ShiftCorrectedPayload(TypedDict):
    """A lead corrected a session's times; `before` keeps what they were."""

    session_id: str
    officer_id: str
    started_at: str
    ended_at: str | None
    before: ShiftTimes
    reason: str


class OutstandingItem(TypedDict):
    """An item left open at day close, acknowledged with the close's reason."""

    kind: str  # "unprinted_receipt" | "clocked_in" | "not_started"
    ref: str
    label: str


class OfficerDay(TypedDict):
    """One officer's day in the summary."""

    officer_id: str
    nip: str
    name: str
    taken: int
    completed: int
    points: int
    hours: float


class ServiceDay(TypedDict):
    """One service's day in the summary."""

    code: str
    name: str
    received: int
    completed: int


class AgencyDay(TypedDict):
    """One agency's day in the summary."""

    code: str
    name: str
    forwarded: int
    returned: int
    still_out: int
    overdue: int


class DayTotals(TypedDict):
    """The day's totals in the summary."""

    received: int
    completed: int
    rejected: int
    cancelled: int
    open_end_of_day: int
    overdue_end_of_day: int
    points: int
    hours: float


class DaySummary(TypedDict):
    """The day's summary as closing computed it (dayclose.DaySummary.to_json)."""

    day: str
    office_code: str
    office_name: str
    officers: list[OfficerDay]
    services: list[ServiceDay]
    agencies: list[AgencyDay]
    sla_closed: int
    sla_on_time: int
    handling_count: int
    handling_median_s: float | None
    handling_p90_s: float | None
    arrivals_by_hour: list[int]  # 24 local hours
    carried_over: list[str]  # tracking numbers
    totals: DayTotals


class DayClosedPayload(TypedDict):
    """A lead sealed a local day; the last event's seq and hash seal the log up to it."""

    day: str
    summary: DaySummary
    last_event_seq: int
    last_event_hash: str
    acknowledged: list[OutstandingItem]
    reason: str


PAYLOADS: Final[dict[str, type]] = {
    OFFICE_CONFIGURED: OfficeConfiguredPayload,
    OFFICER_CREATED: OfficerCreatedPayload,
    SETTING_CHANGED: SettingChangedPayload,
    TASK_RECEIVED: TaskReceivedPayload,
    TASK_STARTED: TaskStartedPayload,
    TASK_FORWARDED: TaskForwardedPayload,
    TASK_RETURNED: TaskReturnedPayload,
    TASK_READY: TaskReadyPayload,
    TASK_COMPLETED: TaskCompletedPayload,
    TASK_REJECTED: TaskRejectedPayload,
    TASK_CANCELLED: TaskCancelledPayload,
    TASK_NOTED: TaskNotedPayload,
    APPLICANT_UPDATED: ApplicantUpdatedPayload,
    RECEIPT_PRINTED: ReceiptPrintedPayload,
    POINTS_REVERSED: PointsReversedPayload,
    SHIFT_CLOCKED_IN: ShiftPayload,
    SHIFT_CLOCKED_OUT: ShiftPayload,
    SHIFT_CORRECTED: ShiftCorrectedPayload,
    DAY_CLOSED: DayClosedPayload,
}
# Derived from PAYLOADS so a kind cannot be declared without its payload shape.
ALL_KINDS: Final[frozenset[str]] = frozenset(PAYLOADS)
