from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "rewards"
    verbose_name = _("Rewards")

    def ready(self) -> None:
        # rewards reacts to the case's events and adds to reports' pages (DESIGN §7).
        from reports import events, extensions
        from rewards import integration

        events.case_inputs_final.connect(integration.case_inputs_final)
        events.case_reopened.connect(integration.case_reopened)
        events.case_withdrawn.connect(integration.case_withdrawn)
        extensions.provide_category_estimates(integration.category_estimates)
        extensions.provide_track_panel(integration.track_panel)
        extensions.provide_clocks(integration.clocks)
        extensions.provide_workspace_items(integration.workspace_items)
        extensions.provide_timeline_labels(integration.TIMELINE_LABELS)
        # The estimates on the report form are kept per process until the standard changes.
        from core import refcache
        from rewards.models import Standard, StandardItem

        refcache.watch(Standard, StandardItem, StandardItem.categories.through)
