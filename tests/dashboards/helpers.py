"""Cases with chosen dates for roll-up tests: made through intake, then placed in time."""

import datetime as dt
import random
from decimal import Decimal

from reports.models import Category, Enforcement, Report
from tests.clock import SHANGHAI, moment
from tests.reports.factories import make_report


def random_cases(
    tree, n: int, seed: int, first: dt.date, days: int, enterprises=(), departments=()
) -> list[Report]:
    """``n`` cases spread over ``days`` from ``first``, in random states, units, categories and
    channels, some fined or filed; with ``enterprises``, half of them name one (whose industry
    need not be the category's); with ``departments``, some are handed to one."""
    rng = random.Random(seed)
    categories = list(Category.objects.filter(active=True))
    units = [tree["station"], tree["village"], tree["member"], tree["community"], *departments]
    cases = []
    for _ in range(n):
        report = make_report(village=tree["village"], category=rng.choice(categories))
        received = moment(first + dt.timedelta(days=rng.randrange(days)), rng.randrange(0, 24))
        source, channel = rng.choice(
            [("citizen", "web"), ("citizen", "qr"), ("office", "phone"), ("office", "letter")]
        )
        fields = {"received_at": received, "channel": channel, "source": source}
        if enterprises and rng.random() < 0.5:
            fields["enterprise"] = rng.choice(enterprises)
        fate = rng.random()
        if fate < 0.15:
            fields["status"] = Report.Status.REJECTED
        elif fate > 0.2:
            accepted = received + dt.timedelta(hours=rng.randrange(1, 72))
            fields.update(
                accepted_at=accepted,
                transferred_at=accepted,
                responsible_unit=rng.choice(units),
                due_date=(accepted + dt.timedelta(days=rng.choice([20, 40, 60])))
                .astimezone(SHANGHAI)
                .date(),
                status=Report.Status.INVESTIGATING,
            )
            if rng.random() < 0.6:
                fields["concluded_at"] = accepted + dt.timedelta(days=rng.randrange(1, 80))
                fields["status"] = Report.Status.CONCLUDED
            if rng.random() < 0.15:
                fields["listed_at"] = accepted + dt.timedelta(days=rng.randrange(1, 30))
        Report.objects.filter(pk=report.pk).update(**fields)
        if fields.get("accepted_at") and rng.random() < 0.3:
            day = fields["accepted_at"].astimezone(SHANGHAI).date() + dt.timedelta(days=5)
            Enforcement.objects.create(
                report=report,
                case_filed_on=day,
                case_file_number="立-1",
                penalty_decided_on=day,
                penalty_decision_number="罚-1",
                fine=Decimal(rng.choice([1000, 2500, 30000])),
            )
        report.refresh_from_db()
        cases.append(report)
    return cases
