from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("Publicity")

    def ready(self) -> None:
        # publicity adds to reports' pages and sweeps (DESIGN §7).
        from publicity import integration
        from reports import extensions

        extensions.provide_sweep(integration.sweep)
        extensions.provide_workspace_items(integration.workspace_items)
        extensions.provide_timeline_labels(integration.TIMELINE_LABELS)
