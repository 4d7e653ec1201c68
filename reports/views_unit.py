"""The /unit/ workspace for every role but intake: mobile-first pages for units' officers,
heads, leaders, finance, custodians and supervisors."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from core.http import no_store
from reports import selectors, services
from reports.forms import UnitTipForm, new_intake_token
from reports.models import Report
from reports.views import render_receipt
from units.models import Role
from units.selectors import has_role, memberships_of, units_with_role

REGISTERING_ROLES = (Role.OFFICER, Role.HEAD)


def workspace_view(view):
    """Signed in and holding at least one role (or an administrator)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_superuser or memberships_of(request.user)):
            raise PermissionDenied(_("Your account has no role in any unit yet."))
        return view(request, *args, **kwargs)

    return wrapper


@workspace_view
def unit_home(request: HttpRequest) -> HttpResponse:
    cases = list(
        selectors.report_list(user=request.user)
        .open()
        .order_by("acceptance_due", "received_at")[:200]
    )
    context = {
        "cases": cases,
        "memberships": memberships_of(request.user),
        "can_register": has_role(request.user, *REGISTERING_ROLES),
        "is_custodian": has_role(request.user, Role.CUSTODIAN),
    }
    return render(request, "unit/home.html", context)


@workspace_view
@require_http_methods(["GET", "POST"])
def unit_register(request: HttpRequest) -> HttpResponse:
    """A unit registers a tip it received itself; the case goes to the safety office queue and
    the unit is credited."""
    units = units_with_role(request.user, *REGISTERING_ROLES)
    if not units:
        raise PermissionDenied(_("Only unit officers and heads register tips."))
    unit = units[0]
    township = unit.township()
    if township is None:
        raise PermissionDenied(_("Your unit is not under a township; ask an administrator."))
    if request.method == "GET":
        initial = {
            "token": new_intake_token(),
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        }
        form = UnitTipForm(initial=initial, township=township)
        return no_store(render(request, "unit/register.html", {"form": form, "unit": unit}))

    data = request.POST.copy()
    form = UnitTipForm(data, request.FILES, township=township)
    if form.is_valid():
        try:
            intake = services.report_submit_once(
                token=form.cleaned_data["token"],
                source=Report.Source.UNIT,
                received_by_unit=unit,
                actor=request.user,
                **form.report_fields(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return render_receipt(request, intake, template="unit/receipt.html")
    elif "token" in form.errors:
        data["token"] = new_intake_token()
    return no_store(render(request, "unit/register.html", {"form": form, "unit": unit}, status=400))


@workspace_view
@require_http_methods(["GET", "POST"])
def unit_identity(request: HttpRequest) -> HttpResponse:
    """The custodian unseals the reporters of one case, with a recorded reason."""
    if not has_role(request.user, Role.CUSTODIAN):
        raise PermissionDenied(_("Only an identity custodian may unseal an identity."))
    context: dict = {"number": "", "reason": ""}
    if request.method == "POST":
        number = request.POST.get("number", "").strip().upper()
        reason = request.POST.get("reason", "")
        context.update(number=number, reason=reason)
        report = Report.objects.visible_to(request.user).filter(number=number).first()
        if report is None:
            context["error"] = _("No case with this number among your units.")
        else:
            try:
                context["reporters"] = services.reporter_unseal(
                    report=report, actor=request.user, reason=reason
                )
                context["report"] = report
            except ApplicationError as exc:
                context["error"] = exc.message
    if context.get("error"):
        messages.error(request, context["error"])
    return no_store(render(request, "unit/identity.html", context))
