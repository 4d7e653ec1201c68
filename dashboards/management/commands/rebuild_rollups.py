import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from core.calendar import local_date
from dashboards import assessment, rollups


class Command(BaseCommand):
    help = (
        "Rebuild the dashboard roll-ups of the given months (frozen ones too), then freeze the "
        "months that have ended and score them. "
        "Example: rebuild_rollups --from 2024-01 --to 2026-10"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="first", help="first month, YYYY-MM")
        parser.add_argument("--to", dest="last", help="last month, YYYY-MM (default: this one)")
        parser.add_argument("--no-assess", action="store_true", help="do not score the months")

    def handle(self, *args, first: str | None, last: str | None, no_assess: bool, **options):
        def month(text: str) -> dt.date:
            try:
                return dt.date.fromisoformat(f"{text}-01")
            except ValueError as exc:
                raise CommandError(f"Not a month: {text} (YYYY-MM)") from exc

        today = local_date()
        end = month(last) if last else rollups.month_start(today)
        start = month(first) if first else end
        if start > end:
            raise CommandError("--from is after --to")
        current = rollups.month_start(today)
        for m in rollups.months_between(start, end):
            rows = rollups.refresh_month(m, force=True)
            if m < current:
                rollups.freeze_month(m)
                if not no_assess:
                    assessment.assess_month(m)
            self.stdout.write(f"{m:%Y-%m}: {rows} rows{' (frozen)' if m < current else ''}")
        rollups.refresh_aging()
