"""Posters and QR sheets."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents import pdf_response
from core.errors import ApplicationError
from core.http import public_address_problem
from publicity import documents, selectors, services
from publicity.forms import (
    PrintForm,
)
from publicity.models import (
    PrintRecord,
)
from publicity.views.common import _context, _unit
from reports.models import IntakePoint
from units.models import Unit
from units.permissions import Perm
from units.workspace import workspace_view


# ------------------------------------------------------------------------------
# Posters and QR sheets
# ------------------------------------------------------------------------------
@workspace_view
def posters(request: HttpRequest) -> HttpResponse:
    return _posters_page(request, _unit(request))


def _posters_page(request: HttpRequest, unit: Unit, batch_form=None) -> HttpResponse:
    """The page; ``batch_form`` is a refused print form, shown again with what was chosen."""
    township = unit.township() or unit
    enterprises = list(
        selectors.covered_enterprises(unit)
        .select_related("village")
        .order_by("village__path", "name")
    )
    points = {
        p.enterprise_id: p
        for p in IntakePoint.objects.filter(
            enterprise__in=[e.pk for e in enterprises], kind=IntakePoint.Kind.ENTERPRISE
        )
    }
    for e in enterprises:
        e.point = points.get(e.pk)
    places = list(selectors.subtree(township).filter(kind__in=Unit.PLACE_KINDS).order_by("path"))
    return render(
        request,
        "publicity/posters.html",
        _context(
            request,
            unit,
            enterprises=enterprises,
            effect=selectors.qr_effect(unit),
            runs=selectors.print_runs(unit),
            batch_form=batch_form
            or PrintForm(places=places, initial={"kind": PrintRecord.Kind.POSTER_A4}),
            kinds=PrintRecord.Kind.choices,
            address_problem=public_address_problem(),
        ),
        status=400 if batch_form is not None else 200,
    )


@workspace_view
@require_POST
def print_qr(request: HttpRequest) -> HttpResponse:
    """Generate the PDF for a point, an enterprise or all enterprises of a village, and record
    the print run (a print run only: the form counts what is recorded as put up)."""
    unit = _unit(request, Perm.RECORD_CAMPAIGN)
    township = unit.township() or unit
    places = list(selectors.subtree(township).filter(kind__in=Unit.PLACE_KINDS))
    form = PrintForm(request.POST, places=places)
    if not form.is_valid():
        return _refused(request, unit, form)
    data = form.cleaned_data
    covered = selectors.covered_enterprises(township)
    if data.get("point"):
        points = list(
            IntakePoint.objects.filter(pk=data["point"]).filter(
                unit__path__startswith=township.path
            )
        )
    else:
        enterprises = (
            covered.filter(pk=data["enterprise"])
            if data.get("enterprise")
            else covered.filter(village_id=data["village"]).order_by("name")
        )
        try:
            points = [services.enterprise_point(enterprise=e) for e in enterprises]
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return _refused(request, unit, form)
    if not points:
        form.add_error(None, _("Nothing to print there."))
        return _refused(request, unit, form)
    try:
        services.prints_record(
            actor=request.user, unit=unit, points=points, kind=data["kind"], artwork=data["artwork"]
        )
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _refused(request, unit, form)
    pdf = documents.posters_pdf(points, kind=data["kind"], artwork=data["artwork"])
    label = dict(PrintRecord.Kind.choices)[data["kind"]]
    name = points[0].name if len(points) == 1 else f"{len(points)}"
    return pdf_response(pdf, f"{label}-{name}.pdf")


def _refused(request: HttpRequest, unit: Unit, form: PrintForm) -> HttpResponse:
    """A print refused: the page again, with the reason and what was chosen (the batch form
    open when it was the one used; a row's button says it at the top)."""
    if form.data.get("point") or form.data.get("enterprise"):
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(f"{reverse('publicity:posters')}?unit={unit.pk}")
    return _posters_page(request, unit, batch_form=form)
