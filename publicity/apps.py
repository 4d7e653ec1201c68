from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("Publicity")

    def ready(self) -> None:
        # publicity reacts to reports through the hooks reports offers (DESIGN §7).
        from publicity import integration
        from reports import hooks

        hooks.provide_sweep(integration.sweep)
        hooks.provide_workspace_items(integration.workspace_items)
        hooks.provide_timeline_labels(integration.TIMELINE_LABELS)
