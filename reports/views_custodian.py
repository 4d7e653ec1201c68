"""The identity custodian's pages on /unit/ besides unsealing itself: receipt codes reissued
(the custodian issues a new code after checking the person's identity; the township's leader
and custodians read every try), and the history of the custodian's own unseals."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from core.http import no_store
from reports import receipts, selectors, selectors_custodian, services
from reports.forms import ReceiptReissueForm
from reports.models import Report
from units import permissions
from units.permissions import Perm
from units.workspace import workspace_view

LISTED = 100  # the newest tries on the page
HISTORY = 200  # the newest unseals on the history page


def _case(user, number: str) -> Report | None:
    return (
        Report.objects.visible_to(user)
        .select_related("township")
        .filter(number=number.strip().upper())
        .first()
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def unit_receipts(request: HttpRequest) -> HttpResponse:
    """GET ``?number=`` checks a case first (anonymous or not, tries left today); POST issues
    the new code, shown once on this page (never stored, never logged)."""
    user = request.user
    is_custodian = permissions.holds(user, Perm.UNSEAL)
    if not permissions.holds(user, Perm.REVIEW_UNSEALING):
        raise PermissionDenied(_("Only identity custodians and leaders see receipt code reissues."))
    number = request.POST.get("number") or request.GET.get("number") or ""
    report = _case(user, number) if number else None
    context: dict = {"is_custodian": is_custodian, "number": number.strip().upper()}
    if is_custodian and request.method == "POST":
        form = ReceiptReissueForm(request.POST)
        if form.is_valid() and report is None:
            form.add_error("number", _("No case with this number among your units."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                code = services.receipt_reissue(
                    report=report,
                    actor=user,
                    reason=data["reason"],
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                context["new_code"] = receipts.display(code)
                context["told"] = report.receipt_reissues.first().reporters_told
                form = ReceiptReissueForm()
    elif is_custodian:
        form = ReceiptReissueForm(initial={"number": context["number"]})
    else:
        if request.method == "POST":
            raise PermissionDenied(_("Only an identity custodian reissues receipt codes."))
        form = None
    context.update(
        form=form,
        report=report,
        case=selectors.receipt_reissue_status(report) if report and is_custodian else None,
        attempts=list(selectors.receipt_reissue_attempts(user=user, report=report)[:LISTED]),
    )
    status = 400 if form is not None and form.errors else 200
    return no_store(render(request, "unit/receipts.html", context, status=status))


@workspace_view
@require_http_methods(["GET"])
def unit_unseal_history(request: HttpRequest) -> HttpResponse:
    """The custodian's own unseals, newest first: when, which case (or confidential source),
    the reason given and what was shown. Nobody else's."""
    if not permissions.holds(request.user, Perm.UNSEAL):
        raise PermissionDenied(permissions.refusal(Perm.UNSEAL))
    history = selectors_custodian.unseal_history(user=request.user, limit=HISTORY + 1)
    context = {"history": history[:HISTORY], "more": len(history) > HISTORY, "limit": HISTORY}
    return no_store(render(request, "unit/unseal_history.html", context))
