"""The /unit/ workspace for every role but intake: mobile-first pages for units' officers,
heads, leaders, finance, custodians and supervisors."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import notify, params, staging
from core.calendar import local_date
from core.documents import pdf_response
from core.errors import ApplicationError
from core.forms import DecisionForm
from core.http import no_store
from reports import disclosure, prefill, selectors, services, workspace
from reports.forms import UnitTipForm, check_intake_token, new_intake_token
from reports.forms_lifecycle import (
    EnforcementForm,
    ExtensionRequestForm,
    NoteForm,
    ProposeForm,
    ReturnForm,
)
from reports.models import Conclusion, Extension, Report
from reports.views import render_receipt
from units import permissions
from units.permissions import Perm
from units.selectors import memberships_of
from units.workspace import workspace_view


@workspace_view
def unit_home(request: HttpRequest) -> HttpResponse:
    """The workspace's tabs: to acknowledge, being worked, waiting for me, concluded."""
    context = {
        **workspace.workspace(
            user=request.user, tab=params.text(request.GET, "tab"), today=local_date()
        ),
        "memberships": memberships_of(request.user),
        "can_register": permissions.holds(request.user, Perm.INVESTIGATE),
        "is_custodian": permissions.holds(request.user, Perm.UNSEAL),
        "sees_reissues": permissions.holds(request.user, Perm.REVIEW_UNSEALING),
    }
    return render(request, "unit/home.html", context)


@workspace_view
@require_http_methods(["GET", "POST"])
def unit_register(request: HttpRequest) -> HttpResponse:
    """A unit registers a tip it received itself; the case goes to the safety office queue and
    the unit is credited. Each form has its own address (``?form=`` its one-time token), so
    that Back and submitting again gives the same case, never a second one."""
    units = permissions.roots(request.user, Perm.INVESTIGATE)
    if not units:
        raise PermissionDenied(_("Only unit officers and heads register tips."))
    unit = units[0]
    # A township's unit reports places of its township; a district department, of its district.
    township = unit.township() or (unit.parent if unit.is_department else None)
    if township is None:
        raise PermissionDenied(_("Your unit is not under a township; ask an administrator."))
    if request.method == "GET":
        token = request.GET.get("form", "")
        if not check_intake_token(token):
            return redirect(f"{reverse('reports:unit-register')}?form={new_intake_token()}")
        initial = {
            "token": token,
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        }
        form = UnitTipForm(initial=initial, township=township)
        staging.Keeper(request, form)
        context = {"form": form, "unit": unit, "done": prefill.case_of_form(token)}
        return no_store(render(request, "unit/register.html", context))

    data = request.POST.copy()
    form = UnitTipForm(data, request.FILES, township=township)
    kept = staging.Keeper(request, form)
    if kept.is_valid():
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
            kept.release()
            return render_receipt(request, intake, template="unit/receipt.html")
    elif "token" in form.errors:
        data["token"] = new_intake_token()
    return no_store(render(request, "unit/register.html", {"form": form, "unit": unit}, status=400))


@workspace_view
@require_http_methods(["GET", "POST"])
def unit_identity(request: HttpRequest) -> HttpResponse:
    """The custodian unseals the reporters of one case, with a recorded reason."""
    if not permissions.holds(request.user, Perm.UNSEAL):
        raise PermissionDenied(permissions.refusal(Perm.UNSEAL))
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


# ------------------------------------------------------------------------------
# A case on /unit/: what reports/disclosure.py lets a unit see (the vetted texts and the
# photos the office passed), never the report, the reporter or the originals. The templates
# get that view as ``case``, never the Report itself.
# ------------------------------------------------------------------------------
def _unit_case(request: HttpRequest, number: str) -> Report:
    report = (
        Report.objects.visible_to(request.user)
        .select_related("category", "village", "township", "responsible_unit", "enterprise")
        .filter(number=number)
        .first()
    )
    if report is None or report.accepted_at is None:
        raise Http404(_("No case with this number among your units."))
    return report


def _actions_for(user, report: Report) -> dict[str, bool]:
    roles = selectors.case_roles(user, report)
    unit = "unit" in roles
    status = report.status
    pending = report.conclusions.filter(
        status__in=[Conclusion.Status.PROPOSED, Conclusion.Status.SIGNED]
    ).first()
    extension = report.extensions.exclude(status=Extension.Status.REFUSED).first()
    return {
        "acknowledge": unit and status == Report.Status.TRANSFERRED,
        "note": unit
        and status
        in (
            Report.Status.TRANSFERRED,
            Report.Status.INVESTIGATING,
            Report.Status.UNDER_REVIEW,
            Report.Status.OBJECTION,
        ),
        "enforcement": (unit or "enforcement" in roles)
        and status not in (Report.Status.TRANSFERRED, Report.Status.RETURNED),
        "extension": unit
        and status in (Report.Status.TRANSFERRED, Report.Status.INVESTIGATING)
        and extension is None,
        "return": unit and status in (Report.Status.TRANSFERRED, Report.Status.INVESTIGATING),
        "propose": unit and status == Report.Status.INVESTIGATING and pending is None,
        "withdraw_proposal": unit
        and pending is not None
        and pending.status == Conclusion.Status.PROPOSED,
        "sign": "head" in roles
        and pending is not None
        and pending.status == Conclusion.Status.PROPOSED,
        "endorse": "head" in roles
        and extension is not None
        and extension.status == Extension.Status.REQUESTED,
        "approve": "leader" in roles
        and extension is not None
        and extension.status == Extension.Status.ENDORSED,
    }


def _case_context(request, report: Report, forms: dict | None = None) -> dict:
    actions = _actions_for(request.user, report)
    enforcement = getattr(report, "enforcement", None)
    # A declined proposal comes back with its text and why; the decision from the enforcement.
    proposal = prefill.proposal_start(report)
    defaults = {
        "note": NoteForm(),
        "enforcement": EnforcementForm(instance=enforcement),
        "extension": ExtensionRequestForm(max_days=settings.EXTENSION_MAX_DAYS),
        "return": ReturnForm(),
        "propose": ProposeForm(initial=proposal.initial),
        "sign": DecisionForm(),
        "endorse": DecisionForm(),
        "approve": DecisionForm(),
    }
    defaults.update(forms or {})
    today = local_date()
    case = disclosure.unit_view(report)
    return {
        "case": case,
        "days_left": case.days_left(today),
        "actions": actions,
        "forms": defaults,
        "attachments": case.photos,
        "steps": selectors.unit_timeline(report),
        "enforcement": enforcement,
        "extension": report.extensions.exclude(status=Extension.Status.REFUSED).first(),
        "pending": report.conclusions.filter(
            status__in=[Conclusion.Status.PROPOSED, Conclusion.Status.SIGNED]
        ).first(),
        "accepted": report.conclusions.filter(status=Conclusion.Status.ACCEPTED).first(),
        "returned_notes": report.conclusions.filter(status=Conclusion.Status.SENT_BACK).first(),
        "declined": proposal.declined if actions["propose"] else None,
    }


@workspace_view
def unit_case(request: HttpRequest, number: str) -> HttpResponse:
    report = _unit_case(request, number)
    # Opened, the case's notices that brought the person here are read.
    notify.notices_opened(user=request.user, links=[request.path])
    return render(request, "unit/case.html", _case_context(request, report))


@workspace_view
@require_POST
def unit_case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One step on a case from /unit/. A refused step shows the page again with what was typed."""
    report = _unit_case(request, number)
    user = request.user
    handlers = {
        "acknowledge": (None, lambda f: services.report_acknowledge(report=report, actor=user)),
        "note": (
            NoteForm,
            lambda f: services.investigation_note(
                report=report,
                actor=user,
                note=f.cleaned_data["note"],
                evidence=f.cleaned_data["evidence"],
            ),
        ),
        "enforcement": (
            lambda data, files: EnforcementForm(
                data, files, instance=getattr(report, "enforcement", None)
            ),
            lambda f: services.enforcement_update(
                report=report,
                actor=user,
                values=f.values(),
                before=f.cleaned_data["before"],
                after=f.cleaned_data["after"],
            ),
        ),
        "extension": (
            lambda data, files: ExtensionRequestForm(data, max_days=settings.EXTENSION_MAX_DAYS),
            lambda f: services.extension_request(
                report=report,
                actor=user,
                days=f.cleaned_data["days"],
                reason=f.cleaned_data["reason"],
            ),
        ),
        "return": (
            ReturnForm,
            lambda f: services.report_return(
                report=report, actor=user, reason=f.cleaned_data["reason"]
            ),
        ),
        "propose": (
            ProposeForm,
            lambda f: services.conclusion_propose(
                report=report,
                actor=user,
                verdict=f.cleaned_data["verdict"],
                account=f.cleaned_data["account"],
                decision=f.cleaned_data["decision"],
                evidence=f.cleaned_data["evidence"],
            ),
        ),
        "withdraw_proposal": (
            None,
            lambda f: services.conclusion_withdraw(conclusion=_pending(report), actor=user),
        ),
        "sign": (
            DecisionForm,
            lambda f: (
                services.conclusion_sign(conclusion=_pending(report), actor=user)
                if f.cleaned_data["approve"]
                else services.conclusion_decline(
                    conclusion=_pending(report), actor=user, note=f.cleaned_data["note"]
                )
            ),
        ),
        "endorse": (
            DecisionForm,
            lambda f: services.extension_endorse(
                extension=_open_extension(report),
                actor=user,
                approve=f.cleaned_data["approve"],
                note=f.cleaned_data["note"],
            ),
        ),
        "approve": (
            DecisionForm,
            lambda f: services.extension_decide(
                extension=_open_extension(report),
                actor=user,
                approve=f.cleaned_data["approve"],
                note=f.cleaned_data["note"],
            ),
        ),
    }
    if action not in handlers:
        raise Http404
    form_class, handler = handlers[action]
    form = form_class(request.POST, request.FILES) if form_class else None
    # Files chosen are kept across a mistake or a refusal (core.staging).
    kept = staging.Keeper(request, form) if form is not None else None
    if kept is None or kept.is_valid():
        try:
            handler(form)
        except ApplicationError as exc:
            if form is None:
                messages.error(request, exc.message)
                return redirect("reports:unit-case", number=report.number)
            form.add_error(None, exc.message)
        else:
            if kept is not None:
                kept.release()
            messages.success(request, _("Saved."))
            return redirect("reports:unit-case", number=report.number)
    report.refresh_from_db()
    context = _case_context(request, report, forms={action: form})
    context["open_action"] = action
    return render(request, "unit/case.html", context, status=400)


def _pending(report: Report) -> Conclusion:
    pending = report.conclusions.filter(
        status__in=[Conclusion.Status.PROPOSED, Conclusion.Status.SIGNED]
    ).first()
    if pending is None:
        raise ApplicationError(_("There is no proposed conclusion."))
    return pending


def _open_extension(report: Report) -> Extension:
    extension = report.extensions.exclude(status=Extension.Status.REFUSED).first()
    if extension is None:
        raise ApplicationError(_("There is no extension request."))
    return extension


@workspace_view
def unit_transfer_slip(request: HttpRequest, number: str) -> HttpResponse:
    from reports.documents import transfer_slip_pdf

    report = _unit_case(request, number)
    return pdf_response(transfer_slip_pdf(report), f"{report.number}-交办单.pdf")


@workspace_view
def unit_dossier(request: HttpRequest, number: str) -> HttpResponse:
    from reports.documents import dossier_pdf

    report = _unit_case(request, number)
    return pdf_response(dossier_pdf(report), f"{report.number}-一案一档.pdf")


@workspace_view
def unit_supervision_notice(request: HttpRequest, number: str) -> HttpResponse:
    from reports.documents import supervision_notice_pdf

    report = _unit_case(request, number)
    if not report.listed_at:
        raise Http404
    return pdf_response(supervision_notice_pdf(report), f"{report.number}-督办单.pdf")
