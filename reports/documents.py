"""The case's documents as PDFs: the transfer slip (交办单) for units that work on paper, the
case dossier (一案一档) and the reply to an upstream source (办结回复).

None of them names the reporter: they carry the transfer summary, never the report itself.
They follow the official Chinese layout and wording of such documents, so their templates
(``templates/reports/pdf/``) are written in Chinese rather than through the message catalogue.
"""

from django.utils import timezone

from core.documents import data_uri, render_pdf
from reports import selectors
from reports.models import Attachment, Report
from reports.services import accepted_conclusion


def _photos(report: Report, kinds=(Attachment.Kind.PHOTO,)) -> list[str]:
    uris = []
    for attachment in report.attachments.filter(kind__in=kinds).exclude(thumbnail=""):
        with attachment.thumbnail.open("rb") as f:
            uris.append(data_uri(f.read()))
    return uris


def _base(report: Report) -> dict:
    return {
        "report": report,
        "township": report.township,
        "enforcement": getattr(report, "enforcement", None),
        "conclusion": accepted_conclusion(report),
        "printed_at": timezone.localtime(),
    }


def transfer_slip_pdf(report: Report) -> bytes:
    """What the unit receives: the summary, the place, the due date, the photos, and lines for
    the unit's signature and acknowledgement."""
    return render_pdf(
        "reports/pdf/transfer_slip.html", {**_base(report), "photos": _photos(report)}
    )


def dossier_pdf(report: Report) -> bytes:
    """The case file: facts, transfer, enforcement, extension, conclusion, objections and
    the timeline a unit may see (reporters' messages and identity stay out)."""
    context = {
        **_base(report),
        "photos": _photos(report, Attachment.UNIT_KINDS),
        "extensions": report.extensions.all(),
        "objections": report.objections.all(),
        "steps": selectors.unit_timeline(report),
    }
    return render_pdf("reports/pdf/dossier.html", context)


def upstream_reply_pdf(report: Report) -> bytes:
    """The 办结回复 to the body that assigned the ticket."""
    return render_pdf("reports/pdf/upstream_reply.html", _base(report))


def supervision_notice_pdf(report: Report) -> bytes:
    """The 督办单 of a case listed for supervision (by the office, or by itself when overdue)."""
    return render_pdf("reports/pdf/supervision_notice.html", _base(report))
