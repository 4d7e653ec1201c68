from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project's own wiring as an app, for the commands that run every app's part
    (``load_reference_data``, ``run_sweeps``): they sit at the top, above the domain apps,
    never in ``core``."""

    name = "config"
    label = "project"
    verbose_name = "举报通"
