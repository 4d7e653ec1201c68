"""The publicity campaign and its paperwork (DESIGN §6), one module per feature: the "七个一"
items, their measures with targets and the activities units record (``campaign``), QR prints
(``posters``), the monthly form (``forms``), typical cases (``typical``), the key-task plan
(``tasks``) and the quarterly joint meeting with its bulletin (``meetings``). Everything is
importable from ``publicity.models`` as before."""

from publicity.models.campaign import (
    Activity,
    CampaignItem,
    EvidencePhoto,
    Measure,
    MeasureScope,
)
from publicity.models.forms import (
    FormCell,
    FormColumn,
    FormColumnSource,
    MonthlyForm,
    MonthlyFormStatus,
)
from publicity.models.meetings import Bulletin, JointMeeting, _bulletin_path
from publicity.models.posters import Artwork, PrintRecord

# Named by the migrations (upload_to, storage): kept importable from here.
from publicity.models.storage import _evidence_path, _private_storage
from publicity.models.tasks import KeyTask, KeyTaskSchedule, TaskAssignment
from publicity.models.typical import TYPICAL_CASE_MAX_CHARS, TypicalCase, TypicalCaseStatus

__all__ = [
    "TYPICAL_CASE_MAX_CHARS",
    "Activity",
    "Artwork",
    "Bulletin",
    "CampaignItem",
    "EvidencePhoto",
    "FormCell",
    "FormColumn",
    "FormColumnSource",
    "JointMeeting",
    "KeyTask",
    "KeyTaskSchedule",
    "Measure",
    "MeasureScope",
    "MonthlyForm",
    "MonthlyFormStatus",
    "PrintRecord",
    "TaskAssignment",
    "TypicalCase",
    "TypicalCaseStatus",
    "_bulletin_path",
    "_evidence_path",
    "_private_storage",
]
