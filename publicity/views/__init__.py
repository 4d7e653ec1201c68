"""/unit/publicity/: the campaign in the mobile workspace, one module per feature. Views parse,
call one service or selector, and render."""

from publicity.views.campaign import activity_delete, activity_new, home, informants, photo
from publicity.views.forms import (
    form,
    form_correct,
    form_export,
    form_latest,
    form_reopen_decide,
    form_reopen_request,
    form_submit,
)
from publicity.views.meetings import bulletin, bulletin_issue, meetings
from publicity.views.posters import posters, print_qr
from publicity.views.tasks import task_done, tasks, tasks_plan
from publicity.views.typical import typical_edit, typical_list, typical_pdf, typical_review

__all__ = [
    "activity_delete",
    "activity_new",
    "bulletin",
    "bulletin_issue",
    "form",
    "form_correct",
    "form_export",
    "form_latest",
    "form_reopen_decide",
    "form_reopen_request",
    "form_submit",
    "home",
    "informants",
    "meetings",
    "photo",
    "posters",
    "print_qr",
    "task_done",
    "tasks",
    "tasks_plan",
    "typical_edit",
    "typical_list",
    "typical_pdf",
    "typical_review",
]
