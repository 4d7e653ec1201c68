"""/unit/publicity/: the campaign in the mobile workspace. Views parse, call one service or
selector, and render."""

import datetime as dt
import secrets

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
    EvidencePhoto,
    FormColumn,
    JointMeeting,
    Measure,
    PrintRecord,
    TaskAssignment,
    TypicalCase,
)
from publicity.periods import form_period, last_ended, quarter_of
from reports import disclosure
from reports.models import IntakePoint, Report
from reports.selectors import report_list
from reports.views_unit import workspace_view
from units.models import Enterprise, Role, Unit
from units.selectors import has_role

STAGE_SESSION_KEY = "publicity_stage_key"


def _unit(request: HttpRequest) -> Unit:
    """The unit the page is about: ?unit= among the person's campaign units, else their
    highest one."""
    units = selectors.campaign_units(request.user)
    wanted = request.GET.get("unit") or request.POST.get("for_unit")
    if wanted and wanted.isdigit():
        unit = units.filter(pk=int(wanted)).first()
        if unit:
            return unit
    unit = selectors.home_unit(request.user)
    if unit is None:
        raise Http404
    return unit


def _context(request: HttpRequest, unit: Unit, *, picker: bool = True, **extra) -> dict:
    """The page's unit and, where the page is about one unit, the person's others to pick."""
    units = list(selectors.campaign_units(request.user)) if picker else []
    return {"unit": unit, "units": units if len(units) > 1 else [], **extra}


# ------------------------------------------------------------------------------
# Overview and activities
# ------------------------------------------------------------------------------
@workspace_view
def home(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    today = local_date()
    owed = selectors.owed(unit, year=today.year, quarter=quarter_of(today))
    show_all = request.GET.get("all") == "1"
    recent = (
        Activity.objects.filter(unit__path__startswith=unit.path)
        .select_related("measure", "enterprise", "place", "unit")
        .prefetch_related("photos")[:20]
    )
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
        ),
    )


@workspace_view
def activity_new(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    units = list(selectors.campaign_units(request.user))
    township = unit.township() or unit
    enterprises = list(
        selectors.covered_enterprises(township).select_related("village").order_by("name")
    )
    places = list(selectors.subtree(township).filter(kind__in=Unit.PLACE_KINDS).order_by("path"))
    initial = {"unit": unit.pk, "date": local_date().isoformat()}
    if request.GET.get("measure", "").isdigit():
        initial["measure"] = int(request.GET["measure"])
    if request.GET.get("enterprise", "").isdigit():
        initial["enterprise"] = int(request.GET["enterprise"])
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
    return [int(v) for v in raw.split(",") if v.isdigit()][:20]


@workspace_view
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("unit"), pk=pk)
    try:
        services.activity_delete(actor=request.user, activity=activity)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Activity removed."))
    return redirect(f"{reverse('publicity:home')}?unit={activity.unit_id}")


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
        if not selectors.campaign_units(request.user).filter(pk=owner.pk).exists():
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
            batch_form=PrintForm(places=places, initial={"kind": PrintRecord.Kind.POSTER_A4}),
            kinds=PrintRecord.Kind.choices,
        ),
    )


@workspace_view
@require_POST
def print_qr(request: HttpRequest) -> HttpResponse:
    """Generate the PDF for a point, an enterprise or all enterprises of a village; record
    the print (the monthly form counts the labels)."""
    unit = _unit(request)
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
    period = last_ended(local_date())
    url = reverse("publicity:form", args=[period.year, period.month])
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


def _period_or_404(year: int, month: int):
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    return form_period(year, month)


@workspace_view
def form(request: HttpRequest, year: int, month: int) -> HttpResponse:
    unit = _unit(request)
    period = _period_or_404(year, month)
    return _form_page(request, unit, period)


def _form_page(request, unit, period, *, bound=None, submit_form=None, status=200):
    sheet = selectors.form_sheet(unit, period)
    editable = not (sheet["form"] and sheet["form"].frozen) and period.end < local_date()
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
            can_submit=editable and selectors.can_answer_for(request.user, unit),
            submit_form=submit_form or SubmitForm(),
            previous=previous,
            following=following if following.end < local_date() else None,
            filed=selectors.filed_leads_target(unit, period),
            today=local_date(),
        ),
        status=status,
    )


@workspace_view
@require_POST
def form_correct(request: HttpRequest, year: int, month: int) -> HttpResponse:
    unit = _unit(request)
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
    unit = _unit(request)
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
    unit = selectors.home_unit(request.user)
    township = unit.township() if unit else None
    if township is None or not (
        request.user.is_superuser or has_role(request.user, Role.INTAKE, Role.LEADER)
    ):
        raise Http404
    return township


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
            status__in=[Report.Status.CONCLUDED, Report.Status.OBJECTION, Report.Status.CLOSED],
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
    year = int(request.GET.get("year") or local_date().year)
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
            can_plan=selectors.is_office_of(request.user, township) and unit.pk == township.pk,
            can_answer=selectors.can_answer_for(request.user, unit),
        ),
    )


@workspace_view
@require_POST
def tasks_plan(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    township = unit.township() or unit
    year = int(request.POST.get("year") or local_date().year)
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
    assignment = get_object_or_404(TaskAssignment.objects.select_related("unit"), pk=pk)
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
    township = _office_township(request)
    today = local_date()
    year = int(request.GET.get("year") or today.year)
    quarter = int(request.GET.get("quarter") or quarter_of(today))
    if not 1 <= quarter <= 4:
        raise Http404
    meeting = JointMeeting.objects.filter(township=township, year=year, quarter=quarter).first()
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
            return redirect(f"{reverse('publicity:meetings')}?year={year}&quarter={quarter}")
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
            picker=False,
            form=form,
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
    township = _office_township(request)
    if not 1 <= quarter <= 4:
        raise Http404
    figures = selectors.quarter_figures(township, year, quarter)
    meeting = JointMeeting.objects.filter(township=township, year=year, quarter=quarter).first()
    pdf = documents.bulletin_pdf(township, year, quarter, figures, meeting)
    return pdf_response(pdf, f"{township.name}{year}年第{quarter}季度举报奖励工作通报.pdf")
