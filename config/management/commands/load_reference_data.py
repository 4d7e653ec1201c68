from django.core.management.base import BaseCommand

from core import refcache
from core.reference_data import load_holidays
from publicity.reference_data import load_publicity
from reports.reference_data import load_categories
from rewards.reference_data import load_standard
from units.reference_data import load_industries


class Command(BaseCommand):
    help = (
        "Add missing reference data (holidays, industries, report categories, the reward "
        "standard, the campaign's items, form columns and key tasks). Idempotent."
    )

    def handle(self, *args, **options) -> None:
        added = {
            "holidays": load_holidays(),
            "industries": load_industries(),
            "categories": load_categories(),
            "standard items": load_standard(),
            "campaign items, measures, form columns and key tasks": load_publicity(),
        }
        refcache.changed()  # categories are added in bulk, which sends no signal
        self.stdout.write(", ".join(f"{k}: +{v}" for k, v in added.items()))
