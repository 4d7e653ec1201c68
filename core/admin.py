from django.contrib import admin

from core.calendar import clear_cache
from core.models import Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Public holidays and make-up working days. Add a new year's dates here when the State
    Council publishes them (usually in November) if chinese-calendar has not caught up yet."""

    list_display = ["date", "name", "is_working_day", "source"]
    list_filter = ["is_working_day", "source"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        obj.source = Holiday.Source.MANUAL
        super().save_model(request, obj, form, change)
        clear_cache()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        clear_cache()
