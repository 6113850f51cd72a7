"""Every event kind the desk writes and the shape of its payload: the log's wire schema."""

# This module is the contract between the desk's event log and a future city server that
# imports it, so it imports nothing from desk_app and holds nothing but the schema.
# The kind strings are stored in every event and chained into its hash: never change one.
# A new kind or payload field goes here first (tests/core/test_event_kinds.py keeps the
# code and this module in step); a change to an existing shape raises SCHEMA_VERSION.

from __future__ import annotations

from typing import Final, NotRequired, TypedDict

# 2: officer.created carries `pin_digest` (absent from events written before).
# 3: officer.created / officer.pin_set carry `must_change`, catalogue.applied `overrode`
#    (absent from events written before); officer.unlocked, service.changed/added are new.
# 4: task.received carries `check_code` (absent from events written before).
SCHEMA_VERSION: Final = 4

# --- Office set-up, officers and settings ------------------------------------------------
OFFICE_CONFIGURED: Final = "office.configured"
OFFICER_CREATED: Final = "officer.created"
OFFICER_ROLE_CHANGED: Final = "officer.role_changed"
OFFICER_DEACTIVATED: Final = "officer.deactivated"
OFFICER_REACTIVATED: Final = "officer.reactivated"
OFFICER_PIN_SET: Final = "officer.pin_set"
OFFICER_UNLOCKED: Final = "officer.unlocked"
SETTING_CHANGED: Final = "setting.changed"
# This desk applied the other desks' events up to these seqs: its vector clock.
OFFICE_PEERS_APPLIED: Final = "office.peers_applied"

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
# Corrections of an open task (issue 11): a typo, the wrong service, a document brought later.
TASK_CORRECTED: Final = "task.corrected"
TASK_DOCUMENTS_RECEIVED: Final = "task.documents_received"
# A lead's word on two desks' concurrent actions on one task (counter/conflicts.py).
TASK_CONFLICT_SETTLED: Final = "task.conflict_settled"

# --- Applicants: an intake brought other details than the office held (no personal data) --
APPLICANT_UPDATED: Final = "applicant.updated"

# --- Receipts: every print attempt, good or failed ----------------------------------------
RECEIPT_PRINTED: Final = "receipt.printed"

# --- Points: a lead's correction (credits themselves are derived, not logged) -------------
POINTS_REVERSED: Final = "points.reversed"
# The city's points rules document, as this desk applied it (new versions only ever added).
POINTS_RULES_APPLIED: Final = "points.rules_applied"

# --- Attendance ---------------------------------------------------------------------------
SHIFT_CLOCKED_IN: Final = "shift.clocked_in"
SHIFT_CLOCKED_OUT: Final = "shift.clocked_out"
SHIFT_CORRECTED: Final = "shift.corrected"

# --- Day close: the only event that may be dated on a sealed day --------------------------
DAY_CLOSED: Final = "day.closed"

# --- Restore: the first event of a successor desk's fresh chain (may fall on a sealed day) --
DESK_RESTORED: Final = "desk.restored"

# --- The city's service catalogue, as this desk applied it --------------------------------
CATALOGUE_APPLIED: Final = "catalogue.applied"
# --- The office's own edits of its catalogue (a city service edited here, a local one) ----
SERVICE_CHANGED: Final = "service.changed"
SERVICE_ADDED: Final = "service.added"

# --- The queue: kiosk tickets, their calls to a counter, and the task each led to ---------
QUEUE_TICKET_ISSUED: Final = "queue.ticket_issued"
QUEUE_TICKET_CALLED: Final = "queue.ticket_called"
QUEUE_TICKET_RECALLED: Final = "queue.ticket_recalled"
QUEUE_TICKET_NO_SHOW: Final = "queue.ticket_no_show"
QUEUE_TICKET_TRANSFERRED: Final = "queue.ticket_transferred"
QUEUE_TICKET_SERVED: Final = "queue.ticket_served"

# --- The IKM satisfaction survey (Permenpan RB 14/2017), anonymous ------------------------
SURVEY_SUBMITTED: Final = "survey.submitted"

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
        TASK_CORRECTED,
        TASK_DOCUMENTS_RECEIVED,
    }
)
SHIFT_KINDS: Final = frozenset({SHIFT_CLOCKED_IN, SHIFT_CLOCKED_OUT, SHIFT_CORRECTED})
QUEUE_KINDS: Final = frozenset(
    {
        QUEUE_TICKET_ISSUED,
        QUEUE_TICKET_CALLED,
        QUEUE_TICKET_RECALLED,
        QUEUE_TICKET_NO_SHOW,
        QUEUE_TICKET_TRANSFERRED,
        QUEUE_TICKET_SERVED,
    }
)
OFFICER_KINDS: Final = frozenset(
    {
        OFFICER_CREATED,
        OFFICER_ROLE_CHANGED,
        OFFICER_DEACTIVATED,
        OFFICER_REACTIVATED,
        OFFICER_PIN_SET,
        OFFICER_UNLOCKED,
    }
)
SERVICE_KINDS: Final = frozenset({SERVICE_CHANGED, SERVICE_ADDED})


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
    # sha256 of the stored argon2 PIN hash: pins the stored value for `verify` without
    # giving the city anything to test PINs against (the argon2 salt never leaves the desk).
    pin_digest: NotRequired[str]
    # True: the PIN was a one-time one (or none, an empty hash); the officer must choose
    # their own at the next log-in. Absent (False) for events written before.
    must_change: NotRequired[bool]


class OfficerRoleChangedPayload(TypedDict):
    """An admin gave an officer another role."""

    officer_id: str
    role: str
    before: str


class OfficerActivePayload(TypedDict):
    """An admin deactivated or reactivated an officer (who keeps their history)."""

    officer_id: str
    reason: str


class OfficerPinSetPayload(TypedDict):
    """An officer's stored PIN hash changed; only its sha256 digest travels."""

    officer_id: str
    pin_digest: str
    # "reset" (by an admin) | "rehashed" (stronger parameters, at log-in) | "changed"
    # (the officer chose their own)
    reason: str
    must_change: NotRequired[bool]  # as in officer.created; absent (False) before


class OfficerUnlockedPayload(TypedDict):
    """An admin lifted a lock-out after wrong PINs (the counters themselves are not logged)."""

    officer_id: str


class PeersAppliedPayload(TypedDict):
    """office.peers_applied: the highest seq applied of each other device of the office."""

    seen: dict[str, int]


class TaskConflictSettledPayload(TypedDict):
    """task.conflict_settled: "keep" the winner, or "take_loser" (its side stands)."""

    task_id: str
    loser_uuid: str
    winner_uuid: str
    decision: str
    reason: str


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
    # The short code printed on the receipt that opens the city's public status page for
    # this tracking number (issue 12). Absent from events written before.
    check_code: NotRequired[str]


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


class TaskPromise(TypedDict):
    """A task's non-personal facts as a correction found them and left them.

    The due date is `sla_working_days` working days after `sla_from`, the day the file was
    complete: the intake day, or the day its last missing document arrived. While documents
    are missing `due_date` is provisional and the receipt promises no date.
    """

    service_code: str
    description: str
    applicant_ref: str  # the NIK pseudonym; another one after a NIK correction
    documents: list[list[str | bool]]  # [document name, received] pairs
    fee_idr: int | None
    sla_working_days: int
    point_weight: int
    sla_from: str  # local day
    due_date: str  # local day


class DetailCorrection(TypedDict):
    """A personal detail corrected: keyed pseudonyms only, the values stay in the office."""

    field: str  # "name" | "nik" | "phone"
    before: str  # keyed hash of the old value (for "nik": the old applicant_ref)
    after: str


class TaskCorrectedPayload(TypedDict):
    """An officer corrected an open task; the reason is required.

    `before`/`after` hold every non-personal fact (a corrected service recomputes fee, SLA,
    point weight, checklist and due date as intake would, from `after.sla_from`);
    `details` names the personal details corrected, by pseudonym.
    """

    reason: str
    changed: list[str]  # "name", "nik", "phone", "service", "description", "documents"
    before: TaskPromise
    after: TaskPromise
    details: list[DetailCorrection]


class TaskDocumentsReceivedPayload(TypedDict):
    """Documents missing at intake were brought later ("dokumen menyusul").

    When the last one arrives, the SLA counts from that day: `sla_from` and `due_date` say
    the result, `due_before` what was there before.
    """

    received: list[str]
    documents: list[list[str | bool]]  # the whole checklist afterwards
    complete: bool
    sla_working_days: int
    sla_from: str  # local day
    due_date: str  # local day
    due_before: str  # local day


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
    # "printed" (a printer accepted it) | "saved_pdf" | "failed"; always equals what
    # (target, ok) says; absent from events written before it was added.
    outcome: NotRequired[str]


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


class CatalogueAppliedPayload(TypedDict):
    """The desk applied a catalogue the city published; `sha256` names the exact document.

    Counts partition what changed: services new to the desk (`added`), known ones whose
    name, SLA, fee, documents, agency or flag changed (`changed`), active ones the city
    retired (`deactivated`). Tasks taken earlier keep the SLA and fee of their intake.
    """

    version: int
    etag: str
    sha256: str
    services: int
    added: int
    changed: int
    deactivated: int
    # Services the office had edited or added itself that this publish overwrote: the
    # city's version of a code it publishes wins (absent before local edits existed).
    overrode: NotRequired[list[str]]


class PointsRulesAppliedPayload(TypedDict):
    """The desk applied a points rules document the city published; `body` is its canonical JSON.

    Versions the desk held stay identical in it; the new ones take effect after the desk's
    last sealed day, so no credit already earned changes.
    """

    document: int
    body: str  # {"document": n, "versions": [...]}, as points_rules.json spells a version
    sha256: str
    etag: str


class ServicePayload(TypedDict):
    """An admin edited a service (service.changed) or added a local one (service.added).

    Every editable value as it is after the change, so `verify` can re-derive the row;
    `changed` names the fields that differ from before (all of them for a new service).
    """

    code: str
    name_id: str
    name_en: str
    level: str
    agency_code: str | None
    agency_note: str
    sla_working_days: int
    fee_idr: int | None  # None: a levy computed by formula
    required_documents: list[str]
    point_weight: int
    active: bool
    source: str
    changed: list[str]


class DeskRestoredPayload(TypedDict):
    """A backup was restored: this desk goes on as a new device on a fresh chain.

    The predecessor's chain stays as it is in the restored database, up to
    `predecessor_last_seq` / `predecessor_last_hash` (its head in the backup); anything it
    wrote after that backup was set aside. `device_no` differs from the predecessor's, so
    the tracking numbers this chain issues never repeat one already handed out.
    """

    office_code: str
    device_no: int
    predecessor_device_id: str
    predecessor_device_no: int
    predecessor_last_seq: int
    predecessor_last_hash: str
    backup_name: str  # the restored file's name (no folder)


class QueueTicketIssuedPayload(TypedDict):
    """A kiosk printed a ticket: category letter + the day's number (no personal data)."""

    ticket_id: str
    day: str  # local day the number belongs to
    category: str  # one letter
    number: int
    priority: str  # "" | "elderly" | "disabled" | "pregnant", as chosen at the kiosk
    ahead: int  # tickets waiting when it was issued


class QueueTicketCalledPayload(TypedDict):
    """A counter called a ticket; `priority_used` says it was called ahead of earlier ones."""

    ticket_id: str
    counter_no: int
    priority_used: bool
    passed_over: int  # earlier-issued tickets still waiting that this call went ahead of
    wait_seconds: int  # issue -> this call


class QueueTicketCounterPayload(TypedDict):
    """A recall (called again) or a no-show (the citizen never came), at one counter."""

    ticket_id: str
    counter_no: int


class QueueTicketTransferredPayload(TypedDict):
    """The citizen was sent from one counter to another; the ticket waits for that counter."""

    ticket_id: str
    from_counter: int
    to_counter: int


class QueueTicketServedPayload(TypedDict):
    """The counter took the event's task for this ticket: waiting and handling measured."""

    ticket_id: str
    counter_no: int
    wait_seconds: int  # issue -> first call
    handling_seconds: int  # the call that brought the citizen -> the task's intake


class SurveySubmittedPayload(TypedDict):
    """An anonymous IKM survey about the event's (completed) task: nine scores of 1-4."""

    response_id: str
    day: str
    scores: list[int]  # elements U1..U9 in the regulation's order


PAYLOADS: Final[dict[str, type]] = {
    OFFICE_CONFIGURED: OfficeConfiguredPayload,
    OFFICER_CREATED: OfficerCreatedPayload,
    OFFICER_ROLE_CHANGED: OfficerRoleChangedPayload,
    OFFICER_DEACTIVATED: OfficerActivePayload,
    OFFICER_REACTIVATED: OfficerActivePayload,
    OFFICER_PIN_SET: OfficerPinSetPayload,
    OFFICER_UNLOCKED: OfficerUnlockedPayload,
    SETTING_CHANGED: SettingChangedPayload,
    OFFICE_PEERS_APPLIED: PeersAppliedPayload,
    TASK_CONFLICT_SETTLED: TaskConflictSettledPayload,
    TASK_RECEIVED: TaskReceivedPayload,
    TASK_STARTED: TaskStartedPayload,
    TASK_FORWARDED: TaskForwardedPayload,
    TASK_RETURNED: TaskReturnedPayload,
    TASK_READY: TaskReadyPayload,
    TASK_COMPLETED: TaskCompletedPayload,
    TASK_REJECTED: TaskRejectedPayload,
    TASK_CANCELLED: TaskCancelledPayload,
    TASK_NOTED: TaskNotedPayload,
    TASK_CORRECTED: TaskCorrectedPayload,
    TASK_DOCUMENTS_RECEIVED: TaskDocumentsReceivedPayload,
    APPLICANT_UPDATED: ApplicantUpdatedPayload,
    RECEIPT_PRINTED: ReceiptPrintedPayload,
    POINTS_REVERSED: PointsReversedPayload,
    SHIFT_CLOCKED_IN: ShiftPayload,
    SHIFT_CLOCKED_OUT: ShiftPayload,
    SHIFT_CORRECTED: ShiftCorrectedPayload,
    DAY_CLOSED: DayClosedPayload,
    DESK_RESTORED: DeskRestoredPayload,
    CATALOGUE_APPLIED: CatalogueAppliedPayload,
    POINTS_RULES_APPLIED: PointsRulesAppliedPayload,
    SERVICE_CHANGED: ServicePayload,
    SERVICE_ADDED: ServicePayload,
    QUEUE_TICKET_ISSUED: QueueTicketIssuedPayload,
    QUEUE_TICKET_CALLED: QueueTicketCalledPayload,
    QUEUE_TICKET_RECALLED: QueueTicketCounterPayload,
    QUEUE_TICKET_NO_SHOW: QueueTicketCounterPayload,
    QUEUE_TICKET_TRANSFERRED: QueueTicketTransferredPayload,
    QUEUE_TICKET_SERVED: QueueTicketServedPayload,
    SURVEY_SUBMITTED: SurveySubmittedPayload,
}
# Derived from PAYLOADS so a kind cannot be declared without its payload shape.
ALL_KINDS: Final[frozenset[str]] = frozenset(PAYLOADS)
