from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # When the holiday table changes, the open cases' deadlines are counted again
        # (core cannot import reports, so reports tells core what to call).
        from core import calendar
        from reports.services.dates import holiday_table_changed

        calendar.on_table_change(holiday_table_changed)

        # The report form is kept per process until a category or a QR point changes.
        from core import refcache
        from reports.models import Category, IntakePoint

        refcache.watch(Category, IntakePoint)
