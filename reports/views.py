"""Citizen pages: home, the report form, the QR landing and /track/.

Built for old phones on weak signal: no outside resources, inline CSS, usable without
JavaScript. Views parse, call one service or selector, and render.
"""

import base64
import json
import logging

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core import crypto, params, refcache
from core.calendar import local_date
from core.errors import ApplicationError
from core.http import no_store, ratelimit_key
from core.images import ImageRejected, clean_photo
from core.ratelimit import limited
from reports import extensions, receipts, selectors, services
from reports.forms import CitizenReportForm, check_intake_token, new_intake_token
from reports.models import Category, IntakePoint, Message, Report
from reports.tracking import TRACK_SESSION_KEY, code_mark, tracked_report
from units import offices
from units.models import Unit

logger = logging.getLogger(__name__)


def speaking_for(unit: Unit | None) -> dict:
    """The context that makes a citizen page speak for ``unit``'s office: its name, hotline
    (overriding the portal's), address, e-mail and WeChat account."""
    key = ("office", unit.pk if unit else None, get_language())
    office = refcache.cached(key, lambda: offices.office_for(unit))  # kept until a unit changes
    return {"office": office, "hotline": office.hotline}


def _chosen_township(data, point: IntakePoint | None = None) -> Unit | None:
    """The township a citizen page speaks for: the QR point's, else the village chosen, else
    ``?township=``; None when nothing says (a district-wide page)."""
    if point is not None:
        return point.unit.township() if point.unit_id else None
    village_id = params.pk(data.get("village"))
    if village_id is not None:
        village = Unit.objects.active().places().filter(pk=village_id).first()
        if village is not None:
            return village.township()
    return offices.township_or_none(params.pk(data.get("township")))


def home(request: HttpRequest) -> HttpResponse:
    categories = Category.objects.filter(active=True)
    township = _chosen_township(request.GET)
    context = {
        "categories": categories,
        "township": township,
        "townships": [] if township else offices.citizen_townships(),
        **speaking_for(township),
    }
    return render(request, "reports/home.html", context)


def _thumb_data_uri(attachment) -> str:
    with attachment.thumbnail.open("rb") as f:
        return "data:image/jpeg;base64," + base64.b64encode(f.read()).decode()


def _initial_from_point(point: IntakePoint | None) -> dict:
    if point is None:
        return {}
    initial = {"point": point.code, "address": point.address}
    if point.village_id:
        initial["village"] = point.village_id
    if point.category_id:
        initial["category"] = point.category_id
    if point.enterprise_id:
        initial["enterprise"] = point.enterprise_id
        initial["enterprise_name"] = point.enterprise.name
        initial.setdefault("village", point.enterprise.village_id)
        if not initial["address"]:
            initial["address"] = point.enterprise.address
    return initial


def _active_point(code: str) -> IntakePoint | None:
    if not code:
        return None
    return (
        IntakePoint.objects.select_related("enterprise")
        .filter(code=code.strip().upper(), active=True)
        .first()
    )


# Where each copy of the empty form has its one-time token (core.refcache keeps the copies).
TOKEN_SLOT = "report-form-token-slot"  # noqa: S105 - a placeholder, not a secret


# The form has its own one-time signed token; Django's CSRF cookie would make a citizen on a
# phone that drops cookies lose everything typed, and guards nothing on an anonymous form.
# Not one transaction per request: the intake service commits the case (its own transaction)
# before the receipt is rendered, so that the case-number lock is held the shortest time.
@transaction.non_atomic_requests
@csrf_exempt
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    """The intake form. A form error keeps what was typed and the photos already accepted; a
    resubmission of the same form shows the same receipt instead of a second case."""
    if request.method == "GET":
        return _empty_form(request)

    data = request.POST.copy()
    point = _active_point(data.get("point", ""))
    chosen = offices.township_or_none(params.pk(data.get("township")))
    errors: list[str] = []
    if limited(
        request, group="report-submit", key=ratelimit_key(request), rate=settings.REPORT_RATE_PER_IP
    ):
        errors.append(_("Too many reports from this network. Wait a while and try again."))
        form = CitizenReportForm(data, township=chosen)
        township = _chosen_township(data, point) or chosen
        return _render_form(request, form, point=point, staged=[], errors=errors, township=township)

    token = data.get("token", "")
    if not check_intake_token(token):
        # A damaged or missing token: a fresh one; what was typed and attached is kept.
        fresh = new_intake_token()
        if token:
            services.photo_rekey(
                old_key=services.token_key(token), new_key=services.token_key(fresh)
            )
        token = data["token"] = fresh
        errors.append(_("This form has expired. Check your answers and submit again."))
    key = services.token_key(token)
    removed = [int(i) for i in data.getlist("remove_photos") if i.isdigit()]
    if removed:
        services.photo_unstage(pending_key=key, ids=removed)
    errors.extend(_stage_uploads(key, request.FILES.getlist("photos")))
    staged = list(selectors.pending_photos(key))
    data.setlist("remove_photos", [])
    form = CitizenReportForm(data, staged_ids=[a.pk for a in staged], township=chosen)

    if form.is_valid() and not errors:
        try:
            intake = services.report_submit_once(
                token=token,
                source=Report.Source.CITIZEN,
                channel=Report.Channel.QR if point else Report.Channel.WEB,
                intake_point=point,
                **form.report_fields(),
            )
        except ApplicationError as exc:
            errors.append(exc.message)
        else:
            return render_receipt(request, intake)
    township = _chosen_township(data, point) or chosen  # whom the form, shown again, speaks for
    return _render_form(request, form, point=point, staged=staged, errors=errors, township=township)


def _empty_form(request: HttpRequest) -> HttpResponse:
    """The form as a citizen first sees it. It is the same for everyone but its one-time token,
    so each process renders it once per language, day, township, place and QR point, keeps it
    until the reference data changes (core.refcache), and puts a fresh token in each copy."""
    point = _active_point(request.GET.get("site", ""))
    township = _chosen_township(request.GET, point)
    initial = _initial_from_point(point)
    if not point and (village := params.pk(request.GET.get("village"))):
        initial["village"] = village

    def page(token: str) -> HttpResponse:
        form = CitizenReportForm(initial={"token": token, **initial}, township=township)
        return _render_form(request, form, point=point, staged=[], township=township)

    if len(messages.get_messages(request)) or request.user.is_authenticated:
        return page(new_intake_token())  # a message, or someone signed in: theirs alone
    key = (
        "report-form",
        get_language(),
        local_date(),
        township.pk if township else None,
        point.pk if point else None,
        initial.get("village"),
    )
    html = refcache.cached(key, lambda: page(TOKEN_SLOT).content.decode())
    return no_store(HttpResponse(html.replace(TOKEN_SLOT, new_intake_token(), 1)))


def _stage_uploads(key: str, uploads) -> list[str]:
    if not uploads:
        return []
    errors = []
    room = settings.MAX_PHOTOS_PER_REPORT - selectors.pending_photos(key).count()
    for upload in uploads:
        if room <= 0:
            errors.append(
                _("%(name)s was not added: at most %(n)s photos per report.")
                % {"name": upload.name, "n": settings.MAX_PHOTOS_PER_REPORT}
            )
            continue
        try:
            clean = clean_photo(upload, name=upload.name, size=upload.size)
            services.photo_stage(pending_key=key, clean=clean)
        except ImageRejected as exc:
            errors.append(exc.message)
        except ApplicationError as exc:
            errors.append(exc.message)
        else:
            room -= 1
    return errors


def _render_form(request, form, *, point, staged, errors=(), township=None) -> HttpResponse:
    context = {
        **speaking_for(township),
        "township": township,
        # A district-wide form offers every township's places; a citizen may narrow it.
        "townships": [] if township or point else offices.citizen_townships(),
        "form": form,
        # {category id: text}, escaped for a script block (no "</" can end it early).
        "estimates_json": json.dumps(
            {str(k): v for k, v in extensions.category_estimates().items()}, ensure_ascii=False
        ).replace("</", "<\\/"),
        "point": point,
        "staged": [{"id": a.pk, "src": _thumb_data_uri(a)} for a in staged],
        "page_errors": errors,
        "max_photos": settings.MAX_PHOTOS_PER_REPORT,
        "room": settings.MAX_PHOTOS_PER_REPORT - len(staged),
    }
    status = 200 if request.method == "GET" or not (form.errors or errors) else 400
    return no_store(render(request, "reports/report_form.html", context, status=status))


def render_receipt(request, intake: services.Intake, template: str = "reports/receipt.html"):
    context = {
        **speaking_for(intake.report.township),
        "report": intake.report,
        "code": receipts.display(intake.receipt_code) if intake.receipt_code else "",
        "replayed": intake.replayed,
        "photo_count": len(intake.photos),
    }
    return no_store(render(request, template, context))


def qr_landing(request: HttpRequest, code: str) -> HttpResponse:
    """A scanned QR code: count the scan, open the form prefilled for that place."""
    point = _active_point(code)
    if point is None:
        raise Http404(_("This QR code is not in use any more."))
    services.intake_point_scan(point=point)
    return redirect(f"{reverse('reports:report-form')}?site={point.code}")


# ------------------------------------------------------------------------------
# /track/
# ------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Enter the receipt code. Every failure gets the same plain answer, beside the field and
    at the top; the code typed stays in the field to be corrected."""
    if request.method == "POST":
        typed = request.POST.get("code", "")[:40]
        code = receipts.normalise(typed)
        code_key = crypto.blind_index("receipt-attempt", code)
        ip = ratelimit_key(request)
        if (
            limited(request, group="track-ip", key=ip, rate=settings.TRACK_RATE_PER_IP)
            or limited(request, group="track-code", key=code_key, rate=settings.TRACK_RATE_PER_CODE)
            or limited(request, group="track-all", key="all", rate=settings.TRACK_RATE_OVERALL)
        ):
            error = _("Too many attempts. Wait a while and try again, or call the hotline.")
            return _track_page(request, error=error, typed=typed, status=429)
        report = selectors.report_get_by_receipt(code)
        if report is None:
            error = _(
                "No report matches this receipt code. Check the digits and try again; if the "
                "code is lost, call the hotline."
            )
            return _track_page(request, error=error, typed=typed, status=400)
        request.session.cycle_key()
        request.session[TRACK_SESSION_KEY] = {
            "report": report.pk,
            "code": code_mark(report),
            "at": timezone.now().timestamp(),
        }
        return redirect("reports:track-case")
    return _track_page(request, current=tracked_report(request))


def _track_page(request, *, error: str = "", typed: str = "", current=None, status: int = 200):
    context = {"error": error, "typed": typed, "current": current}
    return no_store(render(request, "reports/track.html", context, status=status))


def track_case(request: HttpRequest) -> HttpResponse:
    report = tracked_report(request)
    if report is None:
        messages.info(request, _("Enter your receipt code to see your report."))
        return redirect("reports:track")
    return _case_page(request, report)


def _case_page(
    request: HttpRequest, report: Report, *, drafts: dict | None = None, status: int = 200
) -> HttpResponse:
    """The reporter's case page. ``drafts`` puts back what a refused message or objection
    said, from this request only: nothing typed is kept for later (not even in the session,
    which the database stores in clear)."""
    services.messages_mark_read(report=report, direction=Message.Direction.TO_REPORTER)
    reply = selectors.reply_for_reporter(report)
    if reply is not None and not report.reply_delivered_at:
        # Seeing the reply here is its delivery: the objection window starts now.
        report = services.reply_mark_delivered(report=report, method=Report.DeliveryMethod.TRACK)
    if report.merged_into_id:
        # Merged reports are answered together: the main case's reply, to read only.
        reply = selectors.reply_for_reporter(report.merged_into)
    today = local_date()
    context = {
        **speaking_for(report.township),
        "report": report,
        "steps": selectors.public_timeline(report),
        "conversation": report.messages.order_by("created_at", "id"),
        "reply": reply,
        "objection": selectors.objection_for_reporter(report),
        "can_object": report.status == Report.Status.CONCLUDED
        and report.objection_deadline is not None
        and today <= report.objection_deadline,
        "can_withdraw": report.status == Report.Status.SUBMITTED,
        "can_waive": not report.reply_waived
        and report.status in (*Report.RUNNING_STATUSES, Report.Status.CONCLUDED),
        "merged_into": report.merged_into,
        "panels": extensions.track_panels(report, request),
        "drafts": drafts or {},
    }
    return no_store(render(request, "reports/track_case.html", context, status=status))


@require_POST
def track_object(request: HttpRequest) -> HttpResponse:
    """The reporter disputes the conclusion within the window. A refusal shows the page again
    with the reason typed, from this request only."""
    report = tracked_report(request)
    if report is None:
        return redirect("reports:track")
    reason = request.POST.get("reason", "")
    try:
        services.objection_submit(report=report, reason=reason)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _case_page(request, report, drafts={"objection": reason[:1000]}, status=400)
    messages.success(
        request, _("Your objection is received; the safety office reviews it within 30 days.")
    )
    return redirect("reports:track-case")


@require_POST
def track_message(request: HttpRequest) -> HttpResponse:
    """A message to the safety office. A refusal shows the page again with the message typed,
    from this request only."""
    report = tracked_report(request)
    if report is None:
        return redirect("reports:track")
    body = request.POST.get("body", "")
    if limited(request, group="track-message", key=str(report.pk), rate="20/h"):
        messages.error(request, _("Too many messages. Wait a while and try again."))
        return _case_page(request, report, drafts={"message": body[:1000]}, status=429)
    try:
        services.message_from_reporter(report=report, body=body)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _case_page(request, report, drafts={"message": body[:1000]}, status=400)
    messages.success(request, _("Message sent to the safety office."))
    return redirect("reports:track-case")


@require_POST
def track_withdraw(request: HttpRequest) -> HttpResponse:
    report = tracked_report(request)
    if report is None:
        return redirect("reports:track")
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you withdraw the report."))
        return redirect("reports:track-case")
    try:
        report = services.report_withdraw(report=report)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if report.reply_waived:
            messages.success(
                request,
                _("Withdrawn: the investigation goes on, without a reply or a reward for you."),
            )
        else:
            messages.success(request, _("Your report is withdrawn."))
    return redirect("reports:track-case")


@require_POST
def track_leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(TRACK_SESSION_KEY, None)
    return redirect("reports:home")


def attachment_file(request: HttpRequest, pk: int, variant: str = "file") -> HttpResponse:
    """Serve a case file after checking that the user may see it."""
    from django.http import FileResponse

    from reports.models import Attachment

    if not request.user.is_authenticated:
        raise Http404
    attachment = get_object_or_404(Attachment, pk=pk)
    if not selectors.attachment_visible_to(request.user, attachment):
        raise Http404
    field = attachment.thumbnail if variant == "thumb" and attachment.thumbnail else attachment.file
    content_type = "image/jpeg" if field is attachment.thumbnail else attachment.content_type
    response = FileResponse(field.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
