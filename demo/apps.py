from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo district: every loader and the ``load_demo`` command, above the domain apps
    (which carry no demo code)."""

    name = "demo"
    verbose_name = "Demo"
