"""/unit/publicity/: the campaign in the mobile workspace. Views parse, call one service or
selector, and render."""

import datetime as dt
import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
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
    ActivityForm,
    CorrectionForm,
    MeetingForm,
    PrintForm,
    SubmitForm,
    TaskDoneForm,
    TypicalCaseForm,
)
from publicity.models import (
    Activity,
    Bulletin,
    EvidencePhoto,
    FormColumn,
    JointMeeting,
    Measure,
    PrintRecord,
    TaskAssignment,
    TypicalCase,
)
from publicity.periods import form_period, last_ended, quarter_of, quarter_range
from reports import disclosure
from reports.models import IntakePoint, Report
from reports.selectors import report_list
from units import permissions
from units.models import Enterprise, Unit
from units.permissions import Perm
from units.workspace import workspace_view

STAGE_SESSION_KEY = "publicity_stage_key"


def _unit(request: HttpRequest, *perms: Perm) -> Unit:
    """The unit the page is about: the one the address names (``?unit=``, or ``for_unit`` in a
    form), for which the person must hold one of ``perms`` (a 404 otherwise, never another
    unit instead); without one, the highest unit they hold one of ``perms`` for."""
    perms = perms or (Perm.SEE_CAMPAIGN,)
    user = request.user
    wanted = params.text(request.GET, "unit")
    if not wanted and request.method == "POST":
        wanted = params.text(request.POST, "for_unit")
    if wanted:
        unit_id = params.pk(wanted)
        unit = Unit.objects.filter(pk=unit_id, active=True).first() if unit_id else None
        if unit is None or not any(permissions.can(user, perm, unit) for perm in perms):
            raise Http404
        return unit
    roots = [root for perm in perms for root in permissions.roots(user, perm)]
    if not roots:
        raise PermissionDenied(permissions.refusal(perms[0]))
    return min(roots, key=lambda u: (u.depth, u.path))


def _township(request: HttpRequest, *perms: Perm) -> Unit:
    """The township the page is about: the named unit's (or the person's) township; for a
    district, the first township below it (the page offers the others)."""
    unit = _unit(request, *perms)
    township = unit.township() if unit.kind != Unit.Kind.DISTRICT else None
    if township is None:
        township = selectors.subtree(unit).filter(kind=Unit.Kind.TOWNSHIP).order_by("path").first()
    if township is None:
        raise Http404
    return township


def _context(request: HttpRequest, unit: Unit, *, picker: bool | str = True, **extra) -> dict:
    """The page's unit, what the person may do there, and, where the page is about one unit,
    the person's others to pick."""
    user = request.user
    units = permissions.units(user, Perm.SEE_CAMPAIGN)
    if picker == "townships":
        units = units.filter(kind=Unit.Kind.TOWNSHIP)
    units = list(units) if picker else []
    return {
        "unit": unit,
        "units": units if len(units) > 1 else [],
        "can_record": permissions.can(user, Perm.RECORD_CAMPAIGN, unit),
        "can_typical": permissions.holds(user, Perm.TRIAGE)
        or permissions.holds(user, Perm.APPROVE),
        **extra,
    }


def _seen(request: HttpRequest, queryset, prefix: str = "unit__"):
    """Rows of a unit the person may see the campaign of (the others are a 404)."""
    return queryset.filter(permissions.scope_q(request.user, Perm.SEE_CAMPAIGN, prefix=prefix))


# ------------------------------------------------------------------------------
# Overview and activities
# ------------------------------------------------------------------------------
@workspace_view
def home(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
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
        ),
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
    key = request.session.setdefault(STAGE_SESSION_KEY, secrets.token_hex(16))
    staged_ids = _staged_ids(request)
    if request.method == "POST" and form.is_valid():
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
                staged_key=key,
                staged_ids=staged_ids,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect(f"{reverse('publicity:home')}?unit={data['unit']}")
    if request.method == "POST" and form.cleaned_data.get("photos"):
        # A mistake elsewhere in the form: the checked photos wait for the next attempt.
        staged = services.photos_stage(
            actor=request.user, key=key, photos=form.cleaned_data["photos"]
        )
        staged_ids += [p.pk for p in staged]
    status = 400 if request.method == "POST" else 200
    kept = EvidencePhoto.objects.filter(
        pk__in=staged_ids, pending_key=key, uploaded_by=request.user
    )
    return render(
        request,
        "publicity/activity_form.html",
        _context(request, unit, form=form, staged=list(kept)),
        status=status,
    )


def _staged_ids(request: HttpRequest) -> list[int]:
    raw = request.POST.get("staged", "") if request.method == "POST" else ""
    return [pk for v in raw.split(",")[:20] if (pk := params.pk(v))]


@workspace_view
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(_seen(request, Activity.objects.select_related("unit")), pk=pk)
    try:
        services.activity_delete(
            actor=request.user, activity=activity, reason=request.POST.get("reason", "")[:200]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Activity removed."))
    back = params.unit_id(request.POST, "for_unit") or activity.unit_id
    return redirect(f"{reverse('publicity:home')}?unit={back}")


@workspace_view
def photo(request: HttpRequest, pk: int, variant: str = "file") -> HttpResponse:
    photo = get_object_or_404(
        EvidencePhoto.objects.select_related("activity__unit", "assignment__unit"), pk=pk
    )
    if photo.pending_key:
        # Kept for a form being corrected: only its uploader sees it.
        if photo.uploaded_by_id != request.user.pk:
            raise Http404
    else:
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


# ------------------------------------------------------------------------------
# Posters and QR sheets
# ------------------------------------------------------------------------------
@workspace_view
def posters(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
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
            batch_form=PrintForm(places=places, initial={"kind": PrintRecord.Kind.POSTER_A4}),
            kinds=PrintRecord.Kind.choices,
        ),
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
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(f"{reverse('publicity:posters')}?unit={unit.pk}")
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
            messages.error(request, exc.message)
            return redirect(f"{reverse('publicity:posters')}?unit={unit.pk}")
    if not points:
        messages.error(request, _("Nothing to print there."))
        return redirect(f"{reverse('publicity:posters')}?unit={unit.pk}")
    try:
        services.prints_record(
            actor=request.user, unit=unit, points=points, kind=data["kind"], artwork=data["artwork"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('publicity:posters')}?unit={unit.pk}")
    pdf = documents.posters_pdf(points, kind=data["kind"], artwork=data["artwork"])
    label = dict(PrintRecord.Kind.choices)[data["kind"]]
    name = points[0].name if len(points) == 1 else f"{len(points)}"
    return pdf_response(pdf, f"{label}-{name}.pdf")


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


def _form_page(request, unit, period, *, bound=None, submit_form=None, status=200):
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
            history=selectors.form_history(sheet["form"]),
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


# ------------------------------------------------------------------------------
# Key tasks
# ------------------------------------------------------------------------------
@workspace_view
def tasks(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    year = params.year(request.GET)
    own = list(
        TaskAssignment.objects.filter(unit=unit, year=year)
        .select_related("task", "done_by")
        .prefetch_related("photos")
    )
    today = local_date()
    for a in own:
        a.overdue = a.done_at is None and a.due_date < today
        a.form = TaskDoneForm(prefix=f"t{a.pk}")
    township = unit.township() or unit
    return render(
        request,
        "publicity/tasks.html",
        _context(
            request,
            unit,
            year=year,
            own=own,
            matrix=selectors.task_matrix(unit, year) if unit.kind != Unit.Kind.VILLAGE else None,
            can_plan=unit.pk == township.pk
            and permissions.can(request.user, Perm.TRIAGE, township),
            can_answer=permissions.can(request.user, Perm.ANSWER_FOR, unit),
        ),
    )


@workspace_view
@require_POST
def tasks_plan(request: HttpRequest) -> HttpResponse:
    unit = _unit(request, Perm.TRIAGE)
    township = unit.township() or unit
    year = params.year(request.POST)
    try:
        added = services.task_plan_generate(actor=request.user, township=township, year=year)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s assignments added.") % {"n": added})
    return redirect(f"{reverse('publicity:tasks')}?unit={unit.pk}&year={year}")


@workspace_view
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        _seen(request, TaskAssignment.objects.select_related("unit")), pk=pk
    )
    form = TaskDoneForm(request.POST, request.FILES, prefix=f"t{pk}")
    if form.is_valid():
        try:
            services.task_complete(
                actor=request.user,
                assignment=assignment,
                evidence=form.cleaned_data["evidence"],
                link=form.cleaned_data["link"],
                photos=form.cleaned_data["photos"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Marked done."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(
        f"{reverse('publicity:tasks')}?unit={assignment.unit_id}&year={assignment.year}"
    )


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
    name = f"{township.name}{year}年第{quarter}季度举报奖励工作通报"
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
