from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import calendar
from reports.services import deadlines_recompute


class Command(BaseCommand):
    help = (
        "Recompute the acceptance deadlines and due dates of the open cases under the holiday "
        "table as it is now, each by the case's own policy (the admin does it by itself when "
        "the table is edited there; run this after changing the table another way). Each "
        "moved date is recorded on the case's timeline and told to its unit. "
        "Example: recompute_deadlines --year 2027"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help="a year whose holidays changed (repeatable; default: every open case)",
        )

    def handle(self, *args, years: list[int] | None, **options):
        if years and any(not 2000 <= y <= 2100 for y in years):
            raise CommandError("A year is between 2000 and 2100.")
        calendar.clear_cache()
        with transaction.atomic():
            result = deadlines_recompute(years=years)
        for number, what, old, new in result.moves:
            self.stdout.write(f"{number} {what}: {old.isoformat()} → {new.isoformat()}")
        self.stdout.write(
            f"{result.checked} open case(s) checked: {result.due_moved} due date(s) and "
            f"{result.acceptance_moved} acceptance deadline(s) moved."
        )
