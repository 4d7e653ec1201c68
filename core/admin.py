from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import calendar
from core.errors import ApplicationError
from core.models import Holiday


class HolidayLinesForm(forms.Form):
    lines = forms.CharField(
        label=gettext_lazy("Holidays and make-up working days"),
        widget=forms.Textarea(
            attrs={"rows": 12, "cols": 60, "placeholder": "2027-02-05~2027-02-11 春节 休"}
        ),
        help_text=gettext_lazy(
            "One line per date or range, as in the State Council's notice: “2027-02-05~2027-02-11 "
            "春节 休” for days off, “2027-01-31 春节 班” for a weekend day worked."
        ),
    )


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Public holidays and make-up working days. Add a new year's dates here when the State
    Council publishes them (usually in November) if chinese-calendar has not caught up yet:
    the year's page takes them all at once. Every change recomputes the deadlines of the open
    cases (``core.calendar.table_changed``)."""

    list_display = ["date", "name", "is_working_day", "source"]
    list_filter = ["is_working_day", "source"]
    date_hierarchy = "date"
    search_fields = ["name"]
    readonly_fields = ["source"]
    change_list_template = "admin/core/holiday/change_list.html"

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("date") if change else None
        calendar.holiday_save(obj, previous_date=previous)

    def delete_model(self, request, obj):
        calendar.holidays_delete([obj])

    def delete_queryset(self, request, queryset):
        calendar.holidays_delete(queryset)

    def get_urls(self):
        return [
            path(
                "enter/",
                self.admin_site.admin_view(self.enter_view),
                name="core_holiday_enter",
            ),
            *super().get_urls(),
        ]

    def enter_view(self, request: HttpRequest) -> HttpResponse:
        """A year's holidays and make-up working days entered at once, applied once."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = HolidayLinesForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                rows = calendar.parse_holiday_lines(form.cleaned_data["lines"])
                changed = calendar.holidays_enter(rows)
            except ApplicationError as exc:
                form.add_error("lines", exc.message)
            else:
                self.message_user(
                    request,
                    _("%(n)s day(s) entered or corrected; the open cases' deadlines follow them.")
                    % {"n": changed},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:core_holiday_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Enter a year's holidays"),
            "opts": self.model._meta,
            "form": form,
            "years": sorted(calendar.years_with_data()),
        }
        return TemplateResponse(request, "admin/core/holiday/enter.html", context)
