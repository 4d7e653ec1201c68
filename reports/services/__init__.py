"""Every write about reports, by stage: ``intake`` brings leads in (with ``files``,
``messages``, ``intake_points`` and the custodian's ``custodian``); ``triage``,
``investigation`` (with ``extensions``) and ``closure`` take them to the end (with
``access``, ``dates`` and ``transitions``).
Import from here: ``from reports import services``."""

from reports.services.access import (
    INVESTIGATING_KINDS,
    is_office_for,
)
from reports.services.assignment import (
    report_assign,
    tell_assigning_office,
)
from reports.services.closure import (
    accepted_conclusion,
    conclusion_decline,
    conclusion_propose,
    conclusion_review,
    conclusion_sign,
    conclusion_withdraw,
    objection_review,
    objection_submit,
    reply_expected,
    reply_mark_delivered,
    report_close,
)
from reports.services.custodian import (
    UnsealedReporter,
    receipt_reissue,
    reporter_unseal,
)
from reports.services.dates import (
    acceptance_due_for,
    acceptance_policy,
    current_due_policy,
    deadlines_recompute,
    due_date_for,
    extended_due_date,
)
from reports.services.extensions import (
    extension_body_decide,
    extension_decide,
    extension_endorse,
    extension_request,
)
from reports.services.files import (
    attachments_store,
    original_store,
    photo_attach,
    photo_rekey,
    photo_stage,
    photo_unstage,
)
from reports.services.handover import (
    HANDOVER_SOURCES,
    departments_for,
    report_hand_over,
    report_hand_over_enforcement,
)
from reports.services.intake import (
    Intake,
    ReporterInput,
    intake_sweep,
    report_create,
    report_submit_once,
    report_withdraw,
    token_key,
)
from reports.services.intake_points import (
    INTAKE_POINT_ALPHABET,
    intake_point_save,
    intake_point_scan,
)
from reports.services.investigation import (
    ENFORCEMENT_FIELDS,
    ENFORCEMENT_STATUSES,
    enforcement_update,
    investigation_note,
    report_acknowledge,
    report_return,
)
from reports.services.messages import (
    message_from_reporter,
    message_to_reporter,
    messages_mark_read,
)
from reports.services.transitions import (
    check_transition,
)
from reports.services.triage import (
    MASK,
    report_accept,
    report_list_for_supervision,
    report_merge,
    report_photos_pass,
    report_reject,
    report_reroute,
    reports_list_overdue,
    summary_prefill,
    text_identifies_reporter,
)

__all__ = [
    "ENFORCEMENT_FIELDS",
    "ENFORCEMENT_STATUSES",
    "HANDOVER_SOURCES",
    "INTAKE_POINT_ALPHABET",
    "INVESTIGATING_KINDS",
    "MASK",
    "Intake",
    "ReporterInput",
    "UnsealedReporter",
    "acceptance_due_for",
    "acceptance_policy",
    "accepted_conclusion",
    "attachments_store",
    "check_transition",
    "conclusion_decline",
    "conclusion_propose",
    "conclusion_review",
    "conclusion_sign",
    "conclusion_withdraw",
    "current_due_policy",
    "deadlines_recompute",
    "departments_for",
    "due_date_for",
    "enforcement_update",
    "extended_due_date",
    "extension_body_decide",
    "extension_decide",
    "extension_endorse",
    "extension_request",
    "intake_point_save",
    "intake_point_scan",
    "intake_sweep",
    "investigation_note",
    "is_office_for",
    "message_from_reporter",
    "message_to_reporter",
    "messages_mark_read",
    "objection_review",
    "objection_submit",
    "original_store",
    "photo_attach",
    "photo_rekey",
    "photo_stage",
    "photo_unstage",
    "receipt_reissue",
    "reply_expected",
    "reply_mark_delivered",
    "report_accept",
    "report_acknowledge",
    "report_assign",
    "report_close",
    "report_create",
    "report_hand_over",
    "report_hand_over_enforcement",
    "report_list_for_supervision",
    "report_merge",
    "report_photos_pass",
    "report_reject",
    "report_reroute",
    "report_return",
    "report_submit_once",
    "report_withdraw",
    "reporter_unseal",
    "reports_list_overdue",
    "summary_prefill",
    "tell_assigning_office",
    "text_identifies_reporter",
    "token_key",
]
