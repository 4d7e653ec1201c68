from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        # The roll-ups are refreshed with the clocks (the same beat entry, or the run_sweeps
        # loop without Redis), at most every DASHBOARD_REFRESH_SECONDS.
        from dashboards import integration
        from reports import extensions

        extensions.provide_sweep(integration.sweep)
