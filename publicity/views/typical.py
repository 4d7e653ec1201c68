"""Typical cases."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents import pdf_response
from core.errors import ApplicationError
from publicity import documents, selectors, services
from publicity.forms import (
    TypicalCaseForm,
)
from publicity.models import (
    TypicalCase,
)
from publicity.views.common import _context, _township
from reports import disclosure
from reports.models import Report
from reports.selectors import report_list
from units import permissions
from units.models import Unit
from units.permissions import Perm
from units.workspace import workspace_view


# ------------------------------------------------------------------------------
# Typical cases
# ------------------------------------------------------------------------------
def _office_township(request: HttpRequest) -> Unit:
    """Typical cases are the township office's and its leader's."""
    if not (
        permissions.holds(request.user, Perm.TRIAGE)
        or permissions.holds(request.user, Perm.APPROVE)
    ):
        raise Http404
    return _township(request, Perm.TRIAGE, Perm.APPROVE)


@workspace_view
def typical_list(request: HttpRequest) -> HttpResponse:
    township = _office_township(request)
    cases = TypicalCase.objects.filter(unit__path__startswith=township.path).select_related(
        "report", "reviewed_by"
    )
    candidates = (
        report_list(user=request.user)
        .filter(
            township__path__startswith=township.path,
            status__in=Report.CONCLUDED_STATUSES,
            conclusions__status="accepted",
            conclusions__verdict__in=["true", "partly"],
            typical_case__isnull=True,
        )
        .distinct()
        .order_by("-concluded_at")[:30]
    )
    return render(
        request,
        "publicity/typical_list.html",
        _context(request, township, picker=False, cases=cases, candidates=candidates),
    )


@workspace_view
def typical_edit(request: HttpRequest, number: str) -> HttpResponse:
    township = _office_township(request)
    report = get_object_or_404(
        Report.objects.select_related("township", "category"),
        number=number,
        township__path__startswith=township.path,
    )
    case = TypicalCase.objects.filter(report=report).first()
    attachments = [a for a in disclosure.unit_photos(report) if a.kind in services.PHOTO_KINDS]
    if case:
        initial = {
            "title": case.title,
            **{f: getattr(case, f) for f in TypicalCase.TEXT_FIELDS},
            "photos": list(case.photos.values_list("pk", flat=True)),
            "contact_name": case.contact_name,
            "contact_phone": case.contact_phone,
        }
    else:
        initial = selectors.typical_case_prefill(report, request.user)
    form = TypicalCaseForm(request.POST or None, attachments=attachments, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.typical_case_save(
                actor=request.user,
                report=report,
                title=data["title"],
                fields={f: data[f] for f in TypicalCase.TEXT_FIELDS},
                photos=[a for a in attachments if a.pk in data["photos"]],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Typical case saved."))
            return redirect("publicity:typical-edit", number=report.number)
    return render(
        request,
        "publicity/typical_form.html",
        _context(
            request,
            township,
            picker=False,
            report=report,
            case=case,
            form=form,
            attachments=attachments,
            can_review=case is not None
            and case.status == TypicalCase.Status.DRAFT
            and case.created_by_id != request.user.pk,
        ),
        status=400 if request.method == "POST" else 200,
    )


@workspace_view
@require_POST
def typical_review(request: HttpRequest, number: str) -> HttpResponse:
    township = _office_township(request)
    case = get_object_or_404(
        TypicalCase.objects.select_related("report__township"),
        report__number=number,
        unit__path__startswith=township.path,
    )
    try:
        services.typical_case_review(actor=request.user, case=case)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Reviewed: it may be sent upward."))
    return redirect("publicity:typical-edit", number=number)


@workspace_view
def typical_pdf(request: HttpRequest, number: str) -> HttpResponse:
    township = _office_township(request)
    case = get_object_or_404(
        TypicalCase.objects.select_related("unit", "report"),
        report__number=number,
        unit__path__startswith=township.path,
    )
    if case.status != TypicalCase.Status.REVIEWED:
        messages.error(request, _("Have it reviewed before it is exported."))
        return redirect("publicity:typical-edit", number=number)
    return pdf_response(documents.typical_case_pdf(case), f"典型案例-{case.title}.pdf")
