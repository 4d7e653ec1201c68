import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.dashboards import load_dashboards_demo
from demo.publicity import load_publicity_demo
from demo.reports import load_reports_demo
from demo.rewards import load_rewards_demo
from demo.units import load_units_demo
from reports.clocks import clocks_sweep


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Rows padded into aligned columns, with a rule under the header."""
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)]
        return "  ".join(cells).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


class Command(BaseCommand):
    help = (
        "Load a demo township (万州区 → 恒合土家族乡), its accounts and, on an empty database, "
        "demo cases from every source. Idempotent; prints the demo accounts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--i-know-this-is-production",
            action="store_true",
            dest="production",
            help="load the demo although DEBUG is off (its accounts have known passwords)",
        )

    def handle(self, *args, production: bool, **options) -> None:
        if not settings.DEBUG and not production:
            raise CommandError(
                "DEBUG is off: these look like production settings, and the demo creates "
                "accounts with known passwords. Add --i-know-this-is-production to load it "
                "anyway."
            )
        with transaction.atomic():
            units_demo = load_units_demo()
            codes = load_reports_demo(units_demo)
            if codes:  # a new demo: what every app shows about its cases, in layer order
                load_rewards_demo(units_demo)
                load_publicity_demo(units_demo)
                load_dashboards_demo(units_demo)
                clocks_sweep()  # the reminders due today: the demo accounts have messages

        self.stdout.write("Demo accounts (development only):")
        rows = [
            [
                a["username"],
                a["password"],
                ", ".join(a["roles"]),
                a["unit"],
                a["name"],
                a["sign_in"],
            ]
            for a in units_demo["accounts"]
        ]
        header = ["username", "password", "role(s)", "unit", "name", "sign in at"]
        for line in _table(header, rows):
            self.stdout.write("  " + line)
        self.stdout.write("")
        if codes:
            self.stdout.write(self.style.SUCCESS("Demo cases created."))
            self.stdout.write("Receipt codes of two citizen cases (try them on /track/):")
            for code in codes:
                self.stdout.write(f"  {code}")
            self.stdout.write("They are shown only now: the database keeps only their hashes.")
        else:
            self.stdout.write(
                "Cases already exist, so no demo cases were created. Their receipt codes "
                "cannot be shown again: only hashes are stored. To see new codes, load the "
                "demo into an empty database."
            )
