"""The case's documents as PDFs: the transfer slip (交办单) for units that work on paper, the
supervision notice (督办单), the case dossier (一案一档) and the reply to an upstream source
(办结回复).

The slip, the notice and the dossier are what a unit holds, whoever prints them: they are made
from ``disclosure.unit_view`` (the vetted texts, masked again, and only the photos the office
passed), never from the report itself. They follow the official Chinese layout and wording of
such documents, so their templates (``templates/reports/pdf/``) are written in Chinese rather
than through the message catalogue.
"""

from django.utils import timezone

from core.documents import data_uri, render_pdf
from reports import disclosure, selectors
from reports.models import Attachment, Report
from reports.services import accepted_conclusion
from units import offices


def _data_uris(attachments) -> list[str]:
    uris = []
    for attachment in attachments:
        if not attachment.thumbnail:
            continue
        with attachment.thumbnail.open("rb") as f:
            uris.append(data_uri(f.read()))
    return uris


def _base(report: Report) -> dict:
    return {
        "report": report,
        "township": report.township,
        "office": offices.office_for(report.township),
        "enforcement": getattr(report, "enforcement", None),
        "conclusion": accepted_conclusion(report),
        "printed_at": timezone.localtime(),
    }


def _unit_base(report: Report) -> dict:
    """What every document a unit holds starts from: the unit's view, not the report."""
    return {
        "case": disclosure.unit_view(report),
        "enforcement": getattr(report, "enforcement", None),
        "conclusion": accepted_conclusion(report),
        "printed_at": timezone.localtime(),
    }


def transfer_slip_pdf(report: Report) -> bytes:
    """What the unit receives: the summary, the place, the due date, the photos passed, and
    lines for the unit's signature and acknowledgement."""
    context = _unit_base(report)
    photos = [a for a in context["case"].photos if a.kind == Attachment.Kind.PHOTO]
    return render_pdf("reports/pdf/transfer_slip.html", {**context, "photos": _data_uris(photos)})


def dossier_pdf(report: Report) -> bytes:
    """The case file: facts, transfer, enforcement, extension, conclusion, objections and
    the timeline a unit may see (reporters' messages and identity stay out)."""
    context = _unit_base(report)
    case = context["case"]
    objections = list(report.objections.all())
    for objection in objections:
        objection.decision_note = case.mask(objection.decision_note)
    context.update(
        photos=_data_uris(case.photos),
        extensions=report.extensions.all(),
        objections=objections,
        steps=selectors.unit_timeline(report),
    )
    return render_pdf("reports/pdf/dossier.html", context)


def upstream_reply_pdf(report: Report) -> bytes:
    """The 办结回复 to the body that assigned the ticket."""
    return render_pdf("reports/pdf/upstream_reply.html", _base(report))


def supervision_notice_pdf(report: Report) -> bytes:
    """The 督办单 of a case listed for supervision (by the office, or by itself when overdue)."""
    return render_pdf("reports/pdf/supervision_notice.html", _unit_base(report))
