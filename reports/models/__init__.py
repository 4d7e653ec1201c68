"""The models of reports, one module per entity (``reports.models.case`` holds the case and its
transitions). Everything is importable from ``reports.models`` as before."""

from reports.models.case import ALLOWED_TRANSITIONS, Report, ReportQuerySet
from reports.models.closure import Conclusion, Objection
from reports.models.files import Attachment
from reports.models.handover import Handover
from reports.models.intake import Category, IntakePoint, IntakePointQuerySet, IntakePointScanDay
from reports.models.investigation import Enforcement, Extension
from reports.models.messages import Message
from reports.models.people import Reporter
from reports.models.receipts import CaseNumberCounter, FormSubmission, ReceiptReissueAttempt
from reports.models.search import SearchToken

# Named by the first migration (upload_to, storage): kept importable from here.
from reports.models.storage import _private_storage, _random_upload_path

__all__ = [
    "ALLOWED_TRANSITIONS",
    "Attachment",
    "CaseNumberCounter",
    "Category",
    "Conclusion",
    "Enforcement",
    "Extension",
    "FormSubmission",
    "Handover",
    "IntakePoint",
    "IntakePointQuerySet",
    "IntakePointScanDay",
    "Message",
    "Objection",
    "ReceiptReissueAttempt",
    "Report",
    "ReportQuerySet",
    "Reporter",
    "SearchToken",
    "_private_storage",
    "_random_upload_path",
]
