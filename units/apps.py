from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Units and people")

    def ready(self) -> None:
        # Group robots sign their posts with the unit's secret, looked up at each post.
        from core import robots
        from units.selectors import robot_secret_for

        robots.provide_secrets(robot_secret_for)

        # Citizen pages keep places and offices per process until a unit changes.
        from core import refcache
        from units.models import Enterprise, Unit

        refcache.watch(Unit, Enterprise)
