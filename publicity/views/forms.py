"""The monthly form: read, corrected, submitted, exported."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import params
from core.calendar import local_date
from core.documents import pdf_response
from core.errors import ApplicationError
from publicity import documents, selectors, services
from publicity.forms import (
    CorrectionForm,
    SubmitForm,
)
from publicity.models import (
    FormColumn,
)
from publicity.periods import form_period, last_ended
from publicity.views.common import _context, _unit
from units import permissions
from units.permissions import Perm
from units.workspace import workspace_view


# ------------------------------------------------------------------------------
# The monthly form
# ------------------------------------------------------------------------------
@workspace_view
def form_latest(request: HttpRequest) -> HttpResponse:
    _unit(request)  # a unit the person may not see is a 404 here already
    period = last_ended(local_date())
    url = reverse("publicity:form", args=[period.year, period.month])
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


def _period_or_404(year: int, month: int):
    return form_period(params.year_or_404(year), params.month_or_404(month))


@workspace_view
def form(request: HttpRequest, year: int, month: int) -> HttpResponse:
    unit = _unit(request)
    period = _period_or_404(year, month)
    return _form_page(request, unit, period)


def _form_page(
    request, unit, period, *, bound=None, submit_form=None, reopen_typed=None, status=200
):
    sheet = selectors.form_sheet(unit, period)
    open_for_changes = not (sheet["form"] and sheet["form"].frozen) and period.end < local_date()
    editable = open_for_changes and permissions.can(request.user, Perm.RECORD_CAMPAIGN, unit)
    corrections = []
    for column in sheet["columns"]:
        cell = sheet["cells"].get(column.code)
        form = (bound or {}).get(column.code) or CorrectionForm(
            prefix=column.code,
            initial={
                "value": sheet["rows"][0].values[column.code],
                "reason": cell.reason if cell else "",
            },
        )
        corrections.append(
            {
                "column": column,
                "form": form,
                "computed": sheet["computed"].get(column.code, 0),
                "cell": cell,
            }
        )
    previous = period.previous()
    following = form_period(
        *(period.year, period.month + 1) if period.month < 12 else (period.year + 1, 1)
    )
    return render(
        request,
        "publicity/form.html",
        _context(
            request,
            unit,
            sheet=sheet,
            period=period,
            editable=editable,
            corrections=corrections,
            corrections_open=bool(bound),
            can_submit=open_for_changes and permissions.can(request.user, Perm.ANSWER_FOR, unit),
            submit_form=submit_form or SubmitForm(),
            previous=previous,
            following=following if following.end < local_date() else None,
            filed=selectors.filed_leads_target(unit, period),
            today=local_date(),
            due=period.due_for(unit),
            # What a refused reopening request or decision said, from this request only.
            reopen_typed={"reason": "", "note": "", "decision": "", **(reopen_typed or {})},
            history=selectors.form_history(sheet["form"]),
            can_ask_reopen=bool(
                sheet["form"]
                and sheet["form"].frozen
                and not sheet["form"].reopening_asked
                and permissions.can(request.user, Perm.ANSWER_FOR, unit)
            ),
            can_decide_reopen=bool(
                sheet["form"]
                and sheet["form"].reopening_asked
                and unit.parent_id
                and permissions.can(request.user, Perm.ANSWER_FOR, unit.parent)
                and sheet["form"].reopen_requested_by_id != request.user.pk
            ),
            headings={c.code: c.heading for c in sheet["columns"]},
        ),
        status=status,
    )


@workspace_view
@require_POST
def form_correct(request: HttpRequest, year: int, month: int) -> HttpResponse:
    unit = _unit(request, Perm.RECORD_CAMPAIGN)
    period = _period_or_404(year, month)
    code = request.POST.get("code", "")
    column = get_object_or_404(FormColumn, code=code, active=True)
    correction = CorrectionForm(request.POST, prefix=code)
    if correction.is_valid():
        try:
            services.form_correct(
                actor=request.user,
                unit=unit,
                year=year,
                month=month,
                column=column,
                value=correction.cleaned_data["value"],
                reason=correction.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            correction.add_error(None, exc.message)
        else:
            messages.success(request, _("Figure saved."))
            return redirect(f"{reverse('publicity:form', args=[year, month])}?unit={unit.pk}")
    return _form_page(request, unit, period, bound={code: correction}, status=400)


@workspace_view
@require_POST
def form_submit(request: HttpRequest, year: int, month: int) -> HttpResponse:
    unit = _unit(request, Perm.ANSWER_FOR)
    period = _period_or_404(year, month)
    submit = SubmitForm(request.POST)
    if submit.is_valid():
        try:
            services.form_submit(
                actor=request.user,
                unit=unit,
                year=year,
                month=month,
                channel=submit.cleaned_data["channel"],
                note=submit.cleaned_data["note"],
            )
        except ApplicationError as exc:
            submit.add_error(None, exc.message)
        else:
            messages.success(request, _("Submitted. The form is now frozen."))
            return redirect(f"{reverse('publicity:form', args=[year, month])}?unit={unit.pk}")
    return _form_page(request, unit, period, submit_form=submit, status=400)


@workspace_view
def form_export(request: HttpRequest, year: int, month: int, fmt: str) -> HttpResponse:
    unit = _unit(request)
    period = _period_or_404(year, month)
    sheet = selectors.form_sheet(unit, period)
    name = f"{unit.name}-{period.year}年{period.month}月宣传工作情况报表"
    if fmt == "pdf":
        return pdf_response(documents.form_pdf(unit, sheet, period), f"{name}.pdf")
    if fmt == "xlsx":
        response = HttpResponse(
            documents.form_xlsx(unit, sheet, period),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{escape_uri_path(name + '.xlsx')}"
        )
        return response
    raise Http404


def _back(year: int, month: int, unit) -> HttpResponse:
    return redirect(f"{reverse('publicity:form', args=[year, month])}?unit={unit.pk}")


@workspace_view
@require_POST
def form_reopen_request(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """A submitted form needs a correction: ask the level above to reopen it. A refusal shows
    the page again with the reason typed."""
    unit = _unit(request, Perm.ANSWER_FOR)
    period = _period_or_404(year, month)
    reason = params.text(request.POST, "reason")
    try:
        services.form_reopen_request(
            actor=request.user, unit=unit, year=year, month=month, reason=reason
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _form_page(request, unit, period, reopen_typed={"reason": reason[:300]}, status=400)
    messages.success(request, _("Asked. The level above decides whether to reopen it."))
    return _back(year, month, unit)


@workspace_view
@require_POST
def form_reopen_decide(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The level above reopens a submitted form for corrections, or keeps it as submitted. A
    refusal shows the page again with the note typed."""
    unit = _unit(request)
    period = _period_or_404(year, month)
    form = selectors.form_sheet(unit, period)["form"]
    if form is None:
        raise Http404
    note = params.text(request.POST, "note")
    try:
        services.form_reopen_decide(
            actor=request.user,
            form=form,
            approve=request.POST.get("decision") == "reopen",
            note=note,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        typed = {"note": note[:300], "decision": request.POST.get("decision", "")}
        return _form_page(request, unit, period, reopen_typed=typed, status=400)
    messages.success(request, _("Decision recorded."))
    return _back(year, month, unit)
