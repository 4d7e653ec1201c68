"""The reference lists the office keeps: categories of hazards and QR intake points."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from reports import selectors, services
from reports.models import Category, IntakePoint
from units.admin_base import RoleScopedAdmin
from units.models import Role


@admin.register(Category)
class CategoryAdmin(RoleScopedAdmin):
    list_display = ["name", "code", "industry", "sort_order", "active"]
    list_editable = ["sort_order", "active"]
    list_select_related = ["industry"]
    search_fields = ["name", "code"]


@admin.register(IntakePoint)
class IntakePointAdmin(RoleScopedAdmin):
    edit_roles = (Role.INTAKE,)
    list_display = ["name", "code", "kind", "unit", "enterprise", "scans", "report_count", "link"]
    list_filter = ["kind", "active", ("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "code", "enterprise__name"]
    readonly_fields = ["code", "link"]
    fields = ["code", "link", "kind", "name", "unit", "village", "enterprise", "category"]
    fields += ["address", "active"]

    def get_queryset(self, request):
        return selectors.intake_points_with_counts(user=request.user)

    @admin.display(description=gettext_lazy("scans"), ordering="scans")
    def scans(self, obj: IntakePoint) -> int:
        return obj.scans

    @admin.display(description=gettext_lazy("reports led to"), ordering="report_count")
    def report_count(self, obj: IntakePoint) -> int:
        return obj.report_count

    @admin.display(description=gettext_lazy("link"))
    def link(self, obj: IntakePoint) -> str:
        if not obj.code:
            return "-"
        url = reverse("reports:qr", args=[obj.code])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    def save_model(self, request, obj, form, change):
        services.intake_point_save(point=obj)
