"""Joint meetings and the quarterly bulletin."""

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params
from core.calendar import local_date, quarter_label
from core.documents import pdf_response
from core.errors import ApplicationError
from publicity import documents, selectors, services
from publicity.forms import (
    MeetingForm,
)
from publicity.models import (
    Bulletin,
    JointMeeting,
)
from publicity.periods import quarter_of, quarter_range
from publicity.views.common import _context, _township
from units import permissions
from units.permissions import Perm
from units.workspace import workspace_view


# ------------------------------------------------------------------------------
# Joint meetings and the bulletin
# ------------------------------------------------------------------------------
@workspace_view
def meetings(request: HttpRequest) -> HttpResponse:
    township = _township(request)
    today = local_date()
    year = params.year(request.GET)
    quarter = params.quarter(request.GET, default=quarter_of(today))
    meeting = JointMeeting.objects.filter(township=township, year=year, quarter=quarter).first()
    issued = (
        Bulletin.objects.filter(township=township, year=year, quarter=quarter)
        .select_related("issued_by")
        .first()
    )
    form = MeetingForm(
        request.POST or None,
        instance=meeting or JointMeeting(township=township, year=year, quarter=quarter),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_save(
                actor=request.user,
                township=township,
                year=year,
                quarter=quarter,
                **{f: form.cleaned_data[f] for f in services.MEETING_FIELDS},
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect(
                f"{reverse('publicity:meetings')}?unit={township.pk}&year={year}&quarter={quarter}"
            )
    quarters = [
        (y, q)
        for y, q in [(year, q) for q in range(1, 5)]
        if dt.date(y, 3 * (q - 1) + 1, 1) <= today
    ]
    return render(
        request,
        "publicity/meetings.html",
        _context(
            request,
            township,
            picker="townships",
            form=form,
            can_edit=permissions.can(request.user, Perm.TRIAGE, township),
            issued=issued,
            can_issue=issued is None
            and quarter_range(year, quarter)[1] < today
            and permissions.can(request.user, Perm.TRIAGE, township),
            quarter_end=quarter_range(year, quarter)[1],
            meeting=meeting,
            year=year,
            quarter=quarter,
            quarters=quarters,
            history=JointMeeting.objects.filter(township=township)[:8],
        ),
        status=400 if request.method == "POST" else 200,
    )


@workspace_view
def bulletin(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    """The quarter's bulletin: the issued file once issued, else a draft from today's data."""
    township = _township(request)
    year, quarter = params.year_or_404(year), params.quarter_or_404(quarter)
    name = f"{township.name}{quarter_label(year, quarter)}举报奖励工作通报"
    issued = Bulletin.objects.filter(township=township, year=year, quarter=quarter).first()
    if issued is not None:
        response = FileResponse(issued.pdf.open("rb"), content_type="application/pdf")
        response["Content-Disposition"] = (
            f"inline; filename*=UTF-8''{escape_uri_path(name + '.pdf')}"
        )
        response["Cache-Control"] = "private, no-store"
        return response
    meeting = JointMeeting.objects.filter(township=township, year=year, quarter=quarter).first()
    pdf = documents.bulletin_pdf(
        township,
        year,
        quarter,
        selectors.bulletin_figures(township, year, quarter),
        selectors.meeting_text(meeting),
    )
    return pdf_response(pdf, f"{name}（草稿）.pdf")


@workspace_view
@require_POST
def bulletin_issue(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    township = _township(request, Perm.TRIAGE)
    year, quarter = params.year_or_404(year), params.quarter_or_404(quarter)
    try:
        issued = services.bulletin_issue(
            actor=request.user, township=township, year=year, quarter=quarter
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Issued as number %(number)s of %(year)s.")
            % {"number": issued.number, "year": issued.series_year},
        )
    return redirect(
        f"{reverse('publicity:meetings')}?unit={township.pk}&year={year}&quarter={quarter}"
    )
