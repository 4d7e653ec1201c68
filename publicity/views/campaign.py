"""The campaign overview and its activities (recorded, removed, their photos)."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params, staging
from core.calendar import local_date
from core.errors import ApplicationError
from publicity import selectors, services
from publicity.forms import (
    ActivityForm,
)
from publicity.models import (
    Activity,
    EvidencePhoto,
    Measure,
)
from publicity.periods import last_ended, quarter_of
from publicity.views.common import _context, _seen, _unit
from units import permissions
from units.models import Enterprise, Unit
from units.permissions import Perm
from units.workspace import workspace_view


# ------------------------------------------------------------------------------
# Overview and activities
# ------------------------------------------------------------------------------
@workspace_view
def home(request: HttpRequest) -> HttpResponse:
    return _home_page(request, _unit(request))


def _home_page(request: HttpRequest, unit: Unit, *, refused: dict | None = None) -> HttpResponse:
    """The overview; ``refused`` puts back a refused removal's reason beside its activity."""
    today = local_date()
    owed = selectors.owed(unit, year=today.year, quarter=quarter_of(today))
    show_all = request.GET.get("all") == "1"
    recent = list(
        Activity.objects.filter(unit__path__startswith=unit.path)
        .select_related("measure", "enterprise", "place", "unit")
        .prefetch_related("photos")[:20]
    )
    for activity in recent:
        activity.removable = permissions.can(request.user, Perm.RECORD_CAMPAIGN, activity.unit)
    period = last_ended(today)
    return render(
        request,
        "publicity/home.html",
        _context(
            request,
            unit,
            owed=owed,
            show_all=show_all,
            recent=recent,
            period=period,
            filed=selectors.filed_leads_target(unit, period),
            today=today,
            removed=selectors.removals(unit),
            refused=refused or {},
        ),
        status=400 if refused else 200,
    )


@workspace_view
def activity_new(request: HttpRequest) -> HttpResponse:
    unit = _unit(request, Perm.RECORD_CAMPAIGN)
    units = list(permissions.units(request.user, Perm.RECORD_CAMPAIGN))
    township = unit.township() or unit
    enterprises = list(
        selectors.covered_enterprises(township).select_related("village").order_by("name")
    )
    places = list(selectors.subtree(township).filter(kind__in=Unit.PLACE_KINDS).order_by("path"))
    initial = {"unit": unit.pk, "date": local_date().isoformat()}
    for key in ("measure", "enterprise"):
        if chosen := params.record_id(request.GET, key):
            initial[key] = chosen
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        enterprises=enterprises,
        places=places,
        initial=initial,
    )
    kept = staging.Keeper(request, form)  # photos chosen survive a mistake (core.staging)
    if request.method == "POST" and kept.is_valid():
        data = form.cleaned_data
        try:
            services.activity_record(
                actor=request.user,
                unit=get_object_or_404(Unit, pk=data["unit"]),
                measure=get_object_or_404(Measure, pk=data["measure"]),
                date=data["date"],
                count=data["count"],
                enterprise=Enterprise.objects.filter(pk=data["enterprise"]).first()
                if data["enterprise"]
                else None,
                place=Unit.objects.filter(pk=data["place"]).first() if data["place"] else None,
                location=data["location"],
                link=data["link"],
                note=data["note"],
                photos=data["photos"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            kept.release()
            messages.success(request, _("Activity recorded."))
            return redirect(f"{reverse('publicity:home')}?unit={data['unit']}")
    return render(
        request,
        "publicity/activity_form.html",
        _context(request, unit, form=form),
        status=400 if request.method == "POST" else 200,
    )


@workspace_view
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(_seen(request, Activity.objects.select_related("unit")), pk=pk)
    reason = request.POST.get("reason", "")[:200]
    try:
        services.activity_delete(actor=request.user, activity=activity, reason=reason)
    except ApplicationError as exc:
        # The overview again, with the reason typed and the refusal beside it.
        refused = {"activity": activity.pk, "reason": reason, "error": exc.message}
        return _home_page(request, _unit(request), refused=refused)
    messages.success(request, _("Activity removed."))
    back = params.unit_id(request.POST, "for_unit") or activity.unit_id
    return redirect(f"{reverse('publicity:home')}?unit={back}")


@workspace_view
def photo(request: HttpRequest, pk: int, variant: str = "file") -> HttpResponse:
    photo = get_object_or_404(
        EvidencePhoto.objects.select_related("activity__unit", "assignment__unit"), pk=pk
    )
    owner = photo.activity.unit if photo.activity_id else photo.assignment.unit
    if not permissions.can(request.user, Perm.SEE_CAMPAIGN, owner):
        raise Http404
    response = FileResponse(getattr(photo, variant).open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


# ------------------------------------------------------------------------------
# Informants
# ------------------------------------------------------------------------------
@workspace_view
def informants(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    return render(
        request,
        "publicity/informants.html",
        _context(request, unit, library=selectors.informant_library(unit)),
    )
