"""Reads of the campaign, one module per feature (who may read what is for
``units.permissions`` to say): what is still owed against the targets, the informant library,
QR effect, the monthly form and its roll-up, the key-task matrix and the quarter's figures.
Each is a constant number of queries. Everything is importable from ``publicity.selectors``."""

from publicity.selectors.bulletin import (
    SECTOR_FIGURES,
    UNIT_FIGURES,
    bulletin_figures,
    meeting_text,
    quarter_figures,
)
from publicity.selectors.common import covered_enterprises, subtree
from publicity.selectors.forms import (
    FormRow,
    columns,
    computed_values,
    filed_leads_target,
    form_sheet,
    missing_forms,
    required_form_units,
)
from publicity.selectors.informants import LibraryRow, informant_library
from publicity.selectors.owed import Owed, Row, Target, owed, owed_many
from publicity.selectors.qr import form_history, print_runs, qr_effect, removals
from publicity.selectors.tasks import task_matrix
from publicity.selectors.typical import typical_case_prefill

__all__ = [
    "SECTOR_FIGURES",
    "UNIT_FIGURES",
    "FormRow",
    "LibraryRow",
    "Owed",
    "Row",
    "Target",
    "bulletin_figures",
    "columns",
    "computed_values",
    "covered_enterprises",
    "filed_leads_target",
    "form_history",
    "form_sheet",
    "informant_library",
    "meeting_text",
    "missing_forms",
    "owed",
    "owed_many",
    "print_runs",
    "qr_effect",
    "quarter_figures",
    "removals",
    "required_form_units",
    "subtree",
    "task_matrix",
    "typical_case_prefill",
]
