"""The office's worklist: what waits for whom, as a filter of the case list."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from core.calendar import local_date
from reports.models import Report


class WorklistFilter(admin.SimpleListFilter):
    """What needs the office, by default: new and returned cases, conclusions to review,
    objections, and concluded cases waiting for delivery or closure."""

    title = gettext_lazy("worklist")
    parameter_name = "work"
    NEEDS_OFFICE = (
        Report.Status.SUBMITTED,
        Report.Status.RETURNED,
        Report.Status.UNDER_REVIEW,
        Report.Status.OBJECTION,
        Report.Status.CONCLUDED,
    )

    def lookups(self, request, model_admin):
        return [
            ("todo", gettext_lazy("Needs the office")),
            ("running", gettext_lazy("With the units")),
            ("overdue", gettext_lazy("Overdue")),
            ("all", gettext_lazy("All")),
        ]

    def value(self):
        return super().value() or "todo"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == "todo":
            return queryset.filter(status__in=self.NEEDS_OFFICE)
        if value == "running":
            return queryset.filter(
                status__in=[Report.Status.TRANSFERRED, Report.Status.INVESTIGATING]
            )
        if value == "overdue":
            return queryset.filter(status__in=Report.RUNNING_STATUSES, due_date__lt=local_date())
        return queryset
