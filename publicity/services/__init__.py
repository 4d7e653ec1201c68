"""Every write of the campaign, by subject: ``activities`` (what units did, with evidence, and
the QR material printed), ``forms`` (the monthly form: corrections with a reason, submission
that freezes it), ``typical`` (typical cases), ``tasks`` (the key-task plan and its
completion) and ``meetings`` (the quarterly joint meeting). Each checks who acts and for which
unit. Import from here: ``from publicity import services``."""

from publicity.services.activities import (
    DEFAULT_MEASURE,
    LABELS_PER_SHEET,
    activity_delete,
    activity_record,
    enterprise_point,
    prints_record,
)
from publicity.services.forms import (
    form_correct,
    form_reopen_decide,
    form_reopen_request,
    form_submit,
)
from publicity.services.meetings import MEETING_FIELDS, bulletin_issue, meeting_save
from publicity.services.tasks import task_complete, task_plan_generate
from publicity.services.typical import PHOTO_KINDS, typical_case_review, typical_case_save

__all__ = [
    "DEFAULT_MEASURE",
    "LABELS_PER_SHEET",
    "MEETING_FIELDS",
    "PHOTO_KINDS",
    "activity_delete",
    "activity_record",
    "bulletin_issue",
    "enterprise_point",
    "form_correct",
    "form_reopen_decide",
    "form_reopen_request",
    "form_submit",
    "meeting_save",
    "prints_record",
    "task_complete",
    "task_plan_generate",
    "typical_case_review",
    "typical_case_save",
]
