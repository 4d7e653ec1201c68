from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Units and people")

    def ready(self) -> None:
        # Citizen pages keep places and offices per process until a unit changes.
        from core import refcache
        from units.models import Enterprise, Unit

        refcache.watch(Unit, Enterprise)
