from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "rewards"
    verbose_name = _("Rewards")

    def ready(self) -> None:
        # rewards reacts to reports through the hooks reports offers (DESIGN §7).
        from reports import hooks
        from rewards import integration

        hooks.on_case_inputs_final(integration.case_inputs_final)
        hooks.on_case_reopened(integration.case_reopened)
        hooks.on_case_withdrawn(integration.case_withdrawn)
        hooks.provide_category_estimates(integration.category_estimates)
        hooks.provide_track_panel(integration.track_panel)
        hooks.provide_clocks(integration.clocks)
        hooks.provide_workspace_items(integration.workspace_items)
        hooks.provide_timeline_labels(integration.TIMELINE_LABELS)
