from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar import local_date
from core.documents import pdf_response
from core.errors import ApplicationError
from reports.models import Report
from reports.services import is_office_for
from rewards import documents, selectors, services
from rewards.forms import ExtendClaimForm, ItemsForm, RefuseForm
from rewards.models import Budget, Payment, Reward, Standard, StandardItem
from units.admin_base import RoleScopedAdmin
from units.models import Role, Unit


class StandardItemInline(admin.TabularInline):
    model = StandardItem
    extra = 0
    fields = [
        "sector",
        "code",
        "text",
        "amount",
        "department",
        "categories",
        "source",
        "sort_order",
    ]
    filter_horizontal = ["categories"]


@admin.register(Standard)
class StandardAdmin(RoleScopedAdmin):
    """Versions of the published standard. A decision keeps the numbers it used: editing a
    version changes future decisions only. For a new list, add a new version with its date."""

    list_display = ["name", "document", "effective_from", "effective_to"]
    inlines = [StandardItemInline]
    fieldsets = [
        (None, {"fields": ["name", "document", "effective_from", "effective_to", "source"]}),
        (
            gettext_lazy("National formula and concealed accidents"),
            {
                "fields": [
                    "fine_rate",
                    "fine_minimum",
                    "fine_maximum",
                    "fine_basis",
                    "death_ordinary",
                    "death_larger",
                    "death_major",
                    "death_grave",
                    "concealed_maximum",
                    "concealed_basis",
                ]
            },
        ),
    ]


@admin.register(Reward)
class RewardAdmin(RoleScopedAdmin):
    list_display = ["report", "status", "amount", "payer", "calculated_at", "claim_deadline"]
    list_filter = ["status", ("payer", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["report", "payer"]
    search_fields = ["=report__number"]
    readonly_fields = [
        "report",
        "status",
        "amount",
        "words",
        "listed",
        "major_hazard",
        "standard",
        "reason",
        "note",
        "refused_by",
        "payer",
        "calculated_at",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "claim_deadline",
        "claimed_at",
        "claim_method",
        "announcement_until",
        "suspended_at",
        "recipient_proof",
        "recipient_verified_at",
        "recipient_verified_by",
    ]
    fields = readonly_fields
    change_form_template = "admin/rewards/reward/change_form.html"

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(report__in=Report.objects.visible_to(request.user))
        )

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("calculation"))
    def words(self, obj: Reward) -> str:
        calculation = obj.calculation or {}
        candidates = calculation.get("candidates", [])
        standard = calculation.get("standard") or {}
        if candidates:
            lines = [c["words"] for c in candidates]
            lines.append(_("Applied: %(words)s") % {"words": calculation.get("words", "")})
        elif obj.status == Reward.Status.CALCULATED:
            lines = [
                _(
                    "No fine or concealed death is recorded: choose the listed matters the "
                    "report matches (“Listed matters”), or refuse the reward."
                )
            ]
        else:
            lines = [calculation.get("words", "") or "-"]
        if calculation.get("basis"):
            lines.append(_("Basis: %(basis)s") % {"basis": calculation["basis"]})
        elif standard:
            lines.append(f"{standard.get('name', '')} {standard.get('document', '')}")
        for previous in calculation.get("previous", []):
            lines.append(
                _("Set aside when the case was reopened: %(amount)s yuan, approved %(day)s")
                % {
                    "amount": previous.get("amount") or "-",
                    "day": (previous.get("approved_at") or "-")[:10],
                }
            )
        return "\n".join(lines)

    @admin.display(description=gettext_lazy("listed matters verified"))
    def listed(self, obj: Reward) -> str:
        return "\n".join(f"{i.code} {i.text} {i.amount:,.0f}" for i in obj.items.all()) or "-"

    def get_urls(self):
        return [
            path(
                "<int:object_id>/submit/",
                self.admin_site.admin_view(self.submit_view),
                name="rewards_reward_submit",
            ),
            path(
                "<int:object_id>/refuse/",
                self.admin_site.admin_view(self.refuse_view),
                name="rewards_reward_refuse",
            ),
            path(
                "<int:object_id>/items/",
                self.admin_site.admin_view(self.items_view),
                name="rewards_reward_items",
            ),
            path(
                "<int:object_id>/extend/",
                self.admin_site.admin_view(self.extend_view),
                name="rewards_reward_extend",
            ),
            path(
                "<int:object_id>/notice.pdf",
                self.admin_site.admin_view(self.notice_view),
                name="rewards_reward_notice",
            ),
            *super().get_urls(),
        ]

    def _reward(self, request, object_id) -> Reward:
        reward = get_object_or_404(
            self.get_queryset(request).select_related("report"), pk=object_id
        )
        if not is_office_for(request.user, reward.report):
            raise PermissionDenied
        return reward

    def submit_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        reward = self._reward(request, object_id)
        if request.method == "POST":
            try:
                services.reward_submit(reward=reward, actor=request.user)
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, _("Submitted for the leader's approval."))
        return HttpResponseRedirect(reverse("admin:rewards_reward_change", args=[reward.pk]))

    def refuse_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        reward = self._reward(request, object_id)
        form = RefuseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reward_refuse(reward=reward, actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("Refused."))
                return HttpResponseRedirect(
                    reverse("admin:rewards_reward_change", args=[reward.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Refuse the reward of %(number)s") % {"number": reward.report.number},
            "opts": self.model._meta,
            "form": form,
            "report": reward.report,
            "reward": reward,
        }
        return TemplateResponse(request, "admin/rewards/reward/refuse.html", context)

    def items_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        reward = self._reward(request, object_id)
        standard = Standard.objects.in_force(local_date())
        items = list(standard.items.prefetch_related("categories")) if standard else []
        form = ItemsForm(
            request.POST or None,
            items=items,
            category_id=reward.report.category_id,
            initial={
                "items": list(reward.items.values_list("pk", flat=True)),
                "major_hazard": reward.major_hazard,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.reward_choose_items(
                    reward=reward,
                    actor=request.user,
                    items=form.chosen(),
                    major_hazard=form.cleaned_data["major_hazard"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("Recalculated."))
                return HttpResponseRedirect(
                    reverse("admin:rewards_reward_change", args=[reward.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Listed matters of %(number)s") % {"number": reward.report.number},
            "opts": self.model._meta,
            "form": form,
            "report": reward.report,
            "reward": reward,
            "standard": standard,
        }
        return TemplateResponse(request, "admin/rewards/reward/items.html", context)

    def extend_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The office extends the time to claim, with a reason (the reporter is told)."""
        reward = self._reward(request, object_id)
        form = ExtendClaimForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reward_extend_claim(reward=reward, actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("The time to claim is extended."))
                return HttpResponseRedirect(
                    reverse("admin:rewards_reward_change", args=[reward.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Extend the time to claim the reward of %(number)s")
            % {"number": reward.report.number},
            "opts": self.model._meta,
            "form": form,
            "report": reward.report,
            "reward": reward,
            "submit_label": _("Extend"),
        }
        return TemplateResponse(request, "admin/rewards/reward/refuse.html", context)

    def notice_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        reward = self._reward(request, object_id)
        if not reward.approved_at or reward.status not in selectors.NOTICE_STANDS:
            raise PermissionDenied
        return pdf_response(documents.notice_pdf(reward), f"{reward.report.number}-奖励通知书.pdf")


@admin.register(Budget)
class BudgetAdmin(RoleScopedAdmin):
    edit_roles = (Role.INTAKE,)
    list_display = ["payer", "year", "allocated"]
    list_filter = ["year"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(payer__in=Unit.objects.visible_to(request.user))


@admin.register(Payment)
class PaymentAdmin(RoleScopedAdmin):
    view_roles = ()
    list_display = ["voucher_number", "reward", "amount", "method", "paid_on", "payer"]
    readonly_fields = [
        "reward",
        "method",
        "amount",
        "voucher_number",
        "paid_on",
        "payer",
        "recorded_at",
    ]
    fields = readonly_fields

    def has_change_permission(self, request, obj=None):
        return False
