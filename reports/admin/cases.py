"""The safety office's case list and case page: the intake queue, office entry and the steps of
a case. State is never edited here directly: entries and messages go through services."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import staging
from core.calendar import local_date
from core.documents import pdf_response
from core.errors import ApplicationError
from core.http import no_store
from reports import disclosure, documents, queues, receipts, search, selectors, services
from reports.admin.worklist import WorklistFilter
from reports.admin_actions import OFFICE_ACTIONS, offered_actions
from reports.forms import OfficeEntryForm, new_intake_token
from reports.models import Message, Report
from units.admin_base import RoleScopedAdmin
from units.models import Role, Unit


class Worklist(ChangeList):
    """The case list, whose header marks the columns of the urgency order (Django marks only
    the columns of ``ModelAdmin.ordering``, which cannot name an annotation)."""

    def _get_default_ordering(self):
        return queues.URGENCY_ORDER


@admin.register(Report)
class ReportAdmin(RoleScopedAdmin):
    """The intake queue. Office entry replaces the add page; the case page is read-only and
    carries the timeline, the photos and the conversation with the reporter."""

    view_roles = (Role.INTAKE,)
    list_display = [
        "number",
        "received_display",
        "source_channel",
        "category",
        "village",
        "queue_display",
        "deadline_display",
        "duplicates_display",
        "unit_display",
        "unread_display",
        "supervise_display",
    ]
    list_filter = [
        WorklistFilter,
        "status",
        "source",
        "channel",
        ("category", admin.RelatedOnlyFieldListFilter),
        ("village", admin.RelatedOnlyFieldListFilter),
        ("township", admin.RelatedOnlyFieldListFilter),
    ]
    # The search itself is reports.search (clear columns by any part, the encrypted texts by
    # their blind index); search_fields only switches the search box on.
    search_fields = ["number"]
    search_help_text = gettext_lazy(
        "Any part of the case or ticket number, the enterprise, the village or the category, "
        "or words of the description or the address."
    )
    date_hierarchy = None
    list_per_page = 50
    change_form_template = "admin/reports/report/change_form.html"
    fieldsets = [
        (
            gettext_lazy("Case"),
            {
                "fields": [
                    "number",
                    "status",
                    "source",
                    "channel",
                    "received_at",
                    "acceptance_due",
                    "township",
                    "received_by_unit",
                    "responsible_unit",
                    "created_by",
                ]
            },
        ),
        (
            gettext_lazy("What and where"),
            {
                "fields": [
                    "category",
                    "description",
                    "village",
                    "address",
                    "enterprise",
                    "enterprise_name",
                    "seen_on",
                    "intake_point",
                ]
            },
        ),
        (
            gettext_lazy("Assigned from above"),
            {"fields": ["upstream_body", "external_number", "upstream_deadline"]},
        ),
        (gettext_lazy("Reporter"), {"fields": ["reporter_summary"]}),
    ]
    readonly_fields = [f for _name, opts in fieldsets for f in opts["fields"]]

    def get_queryset(self, request):
        return queues.with_urgency(selectors.report_queue(user=request.user), user=request.user)

    def get_ordering(self, request):
        return queues.URGENCY_ORDER

    def get_changelist(self, request, **kwargs):
        return Worklist

    def get_search_results(self, request, queryset, search_term):
        return search.report_search(queryset, search_term), False

    def changelist_view(self, request, extra_context=None):
        # The names of suggested units, in one query for the whole page.
        self._suggested_units = {
            u.pk: u
            for u in Unit.objects.visible_to(request.user).filter(
                kind__in=services.INVESTIGATING_KINDS
            )
        }
        # The worklist needs the width: no navigation sidebar on it (the header links home).
        extra_context = {**(extra_context or {}), "is_nav_sidebar_enabled": False}
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return self._allowed(request, (Role.INTAKE,))

    def has_change_permission(self, request, obj=None):
        return False  # state changes go through the lifecycle actions, never a raw edit

    # --- list columns ----------------------------------------------------------------
    @admin.display(description=gettext_lazy("source"), ordering="channel")
    def source_channel(self, obj: Report) -> str:
        if obj.source == Report.Source.UNIT and obj.received_by_unit:
            return f"{obj.received_by_unit.name} · {obj.get_channel_display()}"
        if obj.source == Report.Source.OFFICE:
            office = _("Office")
            return f"{office} · {obj.get_channel_display()}"
        return obj.get_channel_display()

    @admin.display(description=gettext_lazy("deadline"), ordering="urgency_due")
    def deadline_display(self, obj: Report) -> str:
        """The acceptance deadline while new, the due date while running; red when passed."""
        if obj.status == Report.Status.SUBMITTED:
            day, label = obj.acceptance_due, _("accept by")
        elif obj.status in Report.RUNNING_STATUSES and obj.due_date:
            day, label = obj.due_date, _("due")
        else:
            return "-"
        if day < local_date():
            return format_html('<strong style="color:#b00">{} {}</strong>', label, day)
        return f"{label} {day}"

    @admin.display(description=gettext_lazy("queue"), ordering="status")
    def queue_display(self, obj: Report) -> str:
        label, holder = queues.queue_of(obj)
        if not holder:
            return label
        return format_html('{}<span class="holder">{}</span>', label, holder)

    @admin.display(description=gettext_lazy("listed supervision"))
    def supervise_display(self, obj: Report) -> str:
        """Listed: the mark. Open and the user's case: one click to the listing form."""
        if obj.listed_at:
            return format_html('<strong style="color:#b00">{}</strong>', _("already listed"))
        if not obj.is_office or obj.status in Report.FINAL_STATUSES:
            return ""
        url = reverse("admin:reports_report_action", args=[obj.pk, "list"])
        return format_html('<a class="button supervise" href="{}">{}</a>', url, _("list"))

    @admin.display(description=gettext_lazy("duplicates?"), ordering="duplicate_count")
    def duplicates_display(self, obj: Report) -> str:
        if obj.status != Report.Status.SUBMITTED or not obj.duplicate_count:
            return ""
        return format_html('<strong style="color:#b60">{}</strong>', obj.duplicate_count)

    @admin.display(description=gettext_lazy("unit"))
    def unit_display(self, obj: Report) -> str:
        if obj.responsible_unit_id:
            return obj.responsible_unit.name
        unit = self._suggested_units.get(obj.suggested_unit_id)
        return format_html("<em>{} {}</em>", _("suggested:"), unit.name) if unit else ""

    @admin.display(description=gettext_lazy("received"), ordering="received_at")
    def received_display(self, obj: Report) -> str:
        return timezone.localtime(obj.received_at).strftime("%m-%d %H:%M")

    @admin.display(description=gettext_lazy("unread"))
    def unread_display(self, obj: Report) -> str:
        return str(obj.unread_messages) if obj.unread_messages else ""

    @admin.display(description=gettext_lazy("reporter"))
    def reporter_summary(self, obj: Report) -> str:
        people = list(obj.reporters.all())
        if not people:
            return _("Assigned from above: no reporter of our own.")
        parts = []
        declaration = _("declaration")
        for person in people:
            kind = _("anonymous") if person.anonymous else _("real name, sealed")
            extra = []
            if person.informant_id:
                extra.append(_("informant"))
            if person.confidential_source_id:
                extra.append(_("confidential source"))
            parts.append(
                f"#{person.position} {kind}"
                + (f" ({', '.join(extra)})" if extra else "")
                + f" · {declaration}: {person.get_declaration_display()}"
            )
        parts.append(_("Identities are shown only to the identity custodian, in /unit/."))
        return "；".join(parts)

    # --- extra pages -----------------------------------------------------------------
    def get_urls(self):
        urls = super().get_urls()
        extra = [
            path(
                "<int:object_id>/message/",
                self.admin_site.admin_view(self.message_view),
                name="reports_report_message",
            ),
            path(
                "<int:object_id>/do/<slug:action>/",
                self.admin_site.admin_view(self.action_view),
                name="reports_report_action",
            ),
            path(
                "<int:object_id>/pdf/<slug:document>/",
                self.admin_site.admin_view(self.pdf_view),
                name="reports_report_pdf",
            ),
        ]
        return extra + urls

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = get_object_or_404(self.get_queryset(request), pk=object_id)
        is_office = services.is_office_for(request.user, report)
        if is_office:
            services.messages_mark_read(report=report, direction=Message.Direction.FROM_REPORTER)
        attachments = list(report.attachments.select_related("passed_by"))
        if not disclosure.office_side(request.user, report):
            attachments = [a for a in attachments if disclosure.shown_to_unit(a)]
        extra_context = {
            **(extra_context or {}),
            "office_actions": offered_actions(report) if is_office else [],
            "conclusion": report.conclusions.first(),
            "enforcement": getattr(report, "enforcement", None),
            "extension": report.extensions.first(),
            "objection": report.objections.first(),
            "case_timeline": selectors.staff_timeline(report, user=request.user),
            "attachments": attachments,
            "conversation": report.messages.select_related("author").order_by("created_at"),
            "can_message": is_office,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def message_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        report = get_object_or_404(self.get_queryset(request), pk=object_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))
        try:
            services.message_to_reporter(
                report=report, body=request.POST.get("body", ""), actor=request.user
            )
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, _("Message sent; the reporter reads it on /track/."))
        return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))

    def action_view(self, request: HttpRequest, object_id: int, action: str) -> HttpResponse:
        """One office step on a case: a form page that calls one service."""
        report = get_object_or_404(self.get_queryset(request), pk=object_id)
        spec = OFFICE_ACTIONS.get(action)
        if spec is None or not services.is_office_for(request.user, report):
            raise PermissionDenied
        case_url = reverse("admin:reports_report_change", args=[report.pk])
        if not spec.offered(report):
            self.message_user(
                request,
                _("This step is not possible while the case is “%(status)s”.")
                % {"status": report.get_status_display()},
                messages.WARNING,
            )
            return HttpResponseRedirect(case_url)
        if request.method == "POST":
            form = spec.form(report, request.POST, request.FILES)
            kept = staging.Keeper(request, form)  # files chosen survive a mistake
            if kept.is_valid():
                try:
                    with transaction.atomic():
                        spec.run(report, form.cleaned_data, request.user)
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
                else:
                    kept.release()
                    self.message_user(request, _("Done: %(step)s.") % {"step": spec.title})
                    return HttpResponseRedirect(case_url)
        else:
            form = spec.form(report, initial=spec.initial(report))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{spec.title} · {report.number}",
            "opts": self.model._meta,
            "report": report,
            "form": form,
            "action": action,
            "help": spec.help,
            "duplicates": selectors.duplicate_candidates(report)[:10]
            if action in ("accept", "merge")
            else [],
            "conclusion": report.conclusions.first(),
            "objection": report.objections.first(),
            # Before transfer: the description with the sentences that may identify the
            # reporter highlighted (they are left out of the prefilled summary).
            "description": disclosure.highlighted(report) if action == "accept" else None,
            "flagged": action == "accept" and disclosure.has_self_identifying(report),
        }
        status = 400 if form.errors else 200  # a refusal shows the page again, typed text kept
        return TemplateResponse(request, "admin/reports/report/action.html", context, status=status)

    def pdf_view(self, request: HttpRequest, object_id: int, document: str) -> HttpResponse:
        report = get_object_or_404(self.get_queryset(request), pk=object_id)
        makers = {
            "slip": (documents.transfer_slip_pdf, "交办单", lambda r: r.accepted_at),
            "dossier": (documents.dossier_pdf, "一案一档", lambda r: True),
            "notice": (documents.supervision_notice_pdf, "督办单", lambda r: r.listed_at),
            "reply": (
                documents.upstream_reply_pdf,
                "办结回复",
                lambda r: r.assigned_from_above and r.concluded_at,
            ),
        }
        if document not in makers or not makers[document][2](report):
            raise Http404
        make, name, _available = makers[document]
        return pdf_response(make(report), f"{report.number}-{name}.pdf")

    def add_view(self, request, form_url="", extra_context=None):
        """Office entry: a tip from phone, letter, visit, WeChat, e-mail or an informant, or a
        ticket assigned from above. The receipt code is shown once, to be passed on."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            data = request.POST.copy()
            form = OfficeEntryForm(data, request.FILES, user=request.user)
            kept = staging.Keeper(request, form)
            if kept.is_valid():
                try:
                    with transaction.atomic():
                        intake = services.report_submit_once(
                            token=form.cleaned_data["token"],
                            actor=request.user,
                            **form.report_fields(),
                        )
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
                else:
                    kept.release()
                    return self._receipt_response(request, intake)
            elif "token" in form.errors:
                data["token"] = new_intake_token()
        else:
            form = OfficeEntryForm(
                initial={
                    "token": new_intake_token(),
                    "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                    "source": request.GET.get("source", Report.Source.OFFICE),
                },
                user=request.user,
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Register a tip"),
            "form": form,
            "opts": self.model._meta,
            "max_upload_mb": settings.MAX_UPLOAD_BYTES // 2**20,
        }
        return no_store(
            TemplateResponse(
                request,
                "admin/reports/report/office_entry.html",
                context,
                status=400 if form.errors else 200,
            )
        )

    def _receipt_response(self, request, intake: services.Intake) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": _("Tip registered"),
            "opts": self.model._meta,
            "report": intake.report,
            "code": receipts.display(intake.receipt_code) if intake.receipt_code else "",
            "replayed": intake.replayed,
        }
        return no_store(TemplateResponse(request, "admin/reports/report/receipt.html", context))
