"""The roll-ups equal the direct counts on random data, a frozen month never changes when an old
case is edited (until it is rebuilt on purpose), and months are cut in Asia/Shanghai."""

import datetime as dt
import io
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Sum

from core.calendar import local_date
from dashboards import rollups
from dashboards.models import CaseRollup, ChannelRollup, OpenAging, RollupMonth
from reports.models import Report
from tests.clock import moment
from tests.dashboards.helpers import random_cases
from tests.reports.factories import make_report
from tests.units.factories import UnitFactory
from units.models import Unit

pytestmark = pytest.mark.django_db
NOT_CASES = ("rejected", "merged", "withdrawn")


def direct(first: dt.date, after: dt.date, today: dt.date) -> dict:
    """The month's figures counted the plain way, case by case in Python."""
    rows: dict[tuple, Counter] = defaultdict(Counter)

    def in_month(moment) -> bool:
        return moment is not None and first <= local_date(moment) < after

    for r in Report.objects.select_related(
        "enterprise", "category", "responsible_unit"
    ).prefetch_related("enforcement"):
        sector = (r.enterprise.industry_id if r.enterprise_id else None) or r.category.industry_id
        row = rows[(r.responsible_unit_id or r.township_id, sector)]
        # A case handed to a district department: the township keeps its intake.
        handed = r.responsible_unit_id and r.responsible_unit.kind == Unit.Kind.DEPARTMENT
        intake = rows[(r.township_id, sector)] if handed else row
        if in_month(r.received_at):
            intake["received"] += 1
            intake["rejected"] += r.status == "rejected"
        intake["accepted"] += in_month(r.accepted_at)
        row["transferred"] += in_month(r.transferred_at)
        row["listed"] += in_month(r.listed_at)
        if in_month(r.concluded_at):
            row["concluded"] += 1
            done = local_date(r.concluded_at)
            row["on_time"] += bool(r.due_date and done <= r.due_date)
            row["days_sum"] += max((done - local_date(r.accepted_at)).days, 0)
        if (
            r.due_date
            and first <= r.due_date < after
            and r.due_date < today
            and r.status not in NOT_CASES
            and (r.concluded_at is None or local_date(r.concluded_at) > r.due_date)
        ):
            row["overdue"] += 1
        enforcement = getattr(r, "enforcement", None)
        if enforcement:
            if enforcement.case_filed_on and first <= enforcement.case_filed_on < after:
                intake["filed"] += 1
            if enforcement.penalty_decided_on and first <= enforcement.penalty_decided_on < after:
                row["fines"] += enforcement.fine or 0
    return {k: {f: v for f, v in c.items() if v} for k, c in rows.items() if any(c.values())}


def up_the_tree(rows: dict) -> dict:
    """Leaf figures added to every unit above: what a unit's row holds is its whole subtree."""
    ancestors = {u.pk: u.ancestor_ids for u in Unit.objects.all()}
    totals: dict[tuple, Counter] = defaultdict(Counter)
    for (unit_id, industry_id), figures in rows.items():
        for node in ancestors[unit_id]:
            totals[(node, industry_id)].update(figures)
    return {k: dict(v) for k, v in totals.items()}


FIGURES = (
    "received",
    "rejected",
    "accepted",
    "transferred",
    "listed",
    "concluded",
    "on_time",
    "days_sum",
    "overdue",
    "filed",
    "fines",
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_month_equals_the_direct_count_on_random_data(tree, seed):
    bureau = UnitFactory(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"])
    random_cases(tree, 40, seed, dt.date(2026, 7, 1), 120, departments=[bureau])
    today = dt.date(2026, 11, 23)
    with time_machine.travel(moment(today), tick=False):
        for month in rollups.months_between(dt.date(2026, 7, 1), dt.date(2026, 11, 1)):
            rollups.refresh_month(month)
            leaves = direct(month, rollups.next_month(month), today)
            expected = up_the_tree(leaves)
            got = {
                (r.unit_id, r.industry_id): {f: getattr(r, f) for f in FIGURES if getattr(r, f)}
                for r in CaseRollup.objects.filter(month=month)
            }
            got = {k: v for k, v in got.items() if v}
            assert got == expected, month
            # Each row names its unit's parent.
            parents = set(
                CaseRollup.objects.filter(month=month).values_list("unit_id", "parent_id")
            )
            assert parents <= set(Unit.objects.values_list("pk", "parent_id"))
            by_channel = ChannelRollup.objects.filter(month=month, unit=tree["district"])
            assert (by_channel.aggregate(n=Sum("count"))["n"] or 0) == sum(
                v.get("received", 0) for v in leaves.values()
            )


def test_a_month_is_cut_in_shanghai(tree):
    report = make_report(village=tree["village"])
    # 31 October, 23:30 in Shanghai is 15:30 UTC the same day; 1 November 00:30 is 16:30 UTC
    # on 31 October: it belongs to November.
    Report.objects.filter(pk=report.pk).update(
        received_at=dt.datetime(2026, 10, 31, 16, 30, tzinfo=dt.UTC)
    )
    rollups.refresh_month(dt.date(2026, 10, 1))
    rollups.refresh_month(dt.date(2026, 11, 1))
    district = CaseRollup.objects.filter(unit=tree["district"])
    october = district.filter(month=dt.date(2026, 10, 1)).aggregate(n=Sum("received"))
    november = district.filter(month=dt.date(2026, 11, 1)).aggregate(n=Sum("received"))
    assert (october["n"], november["n"]) == (None, 1)


def test_a_frozen_month_never_changes_until_it_is_rebuilt(tree):
    [case] = random_cases(tree, 1, 7, dt.date(2026, 10, 5), 1)
    Report.objects.filter(pk=case.pk).update(
        status="concluded",
        accepted_at=moment(dt.date(2026, 10, 6)),
        concluded_at=moment(dt.date(2026, 10, 20)),
        responsible_unit=tree["station"],
        due_date=dt.date(2026, 12, 5),
    )
    with time_machine.travel(moment(dt.date(2026, 11, 3)), tick=False):
        result = rollups.refresh_open()
    assert result["frozen_months"] == [dt.date(2026, 10, 1)]
    october = RollupMonth.objects.get(month=dt.date(2026, 10, 1))
    assert october.status == "frozen"

    def concluded_by_unit():
        return dict(
            CaseRollup.objects.filter(month=october.month).values_list("unit_id", "concluded")
        )

    before = concluded_by_unit()
    assert before == {tree["district"].pk: 1, tree["township"].pk: 1, tree["station"].pk: 1}

    # An old case edited later (re-routed to the member unit) leaves the published month as is.
    Report.objects.filter(pk=case.pk).update(responsible_unit=tree["member"])
    with time_machine.travel(moment(dt.date(2026, 11, 20)), tick=False):
        rollups.refresh_open()
    assert concluded_by_unit() == before
    assert RollupMonth.objects.get(month=dt.date(2026, 11, 1)).status == "open"

    out = io.StringIO()
    with time_machine.travel(moment(dt.date(2026, 11, 20)), tick=False):
        call_command("rebuild_rollups", "--from", "2026-10", "--to", "2026-10", stdout=out)
    assert "2026-10" in out.getvalue()
    assert concluded_by_unit() == {
        tree["district"].pk: 1,
        tree["township"].pk: 1,
        tree["member"].pk: 1,
    }
    assert RollupMonth.objects.get(month=october.month).status == "frozen"


def test_open_cases_are_aged_from_acceptance(tree):
    cases = random_cases(tree, 3, 11, dt.date(2026, 11, 1), 1)
    ages = [3, 20, 75]
    for case, days in zip(cases, ages, strict=True):
        Report.objects.filter(pk=case.pk).update(
            status="investigating",
            accepted_at=moment(dt.date(2026, 11, 23) - dt.timedelta(days=days)),
            responsible_unit=tree["station"],
            due_date=dt.date(2026, 11, 23) - dt.timedelta(days=days) + dt.timedelta(days=60),
            concluded_at=None,
        )
    with time_machine.travel(moment(dt.date(2026, 11, 23)), tick=False):
        rollups.refresh_aging()
    for unit in (tree["district"], tree["township"], tree["station"]):
        rows = OpenAging.objects.filter(unit=unit)
        buckets = dict(rows.values_list("bucket").annotate(n=Sum("count")).order_by("bucket"))
        assert buckets == {0: 1, 1: 1, 4: 1}
        assert rows.aggregate(n=Sum("overdue"))["n"] == 1  # the 75-day-old one
    assert not OpenAging.objects.filter(unit=tree["member"]).exists()


def test_rewards_fines_qr_and_publicity_are_counted(tree, people):
    from publicity import services
    from publicity.models import Activity
    from reports.services import intake_point_scan
    from tests.publicity.helpers import record
    from tests.rewards.helpers import VALID_ID, claimed, pay
    from tests.units.factories import EnterpriseFactory

    reward = claimed(tree, people)
    pay(reward, people, recipient_id_number=VALID_ID)
    point = services.enterprise_point(enterprise=EnterpriseFactory(village=tree["village"]))
    intake_point_scan(point=point)
    intake_point_scan(point=point)
    record(people["intake"], tree["township"], "open_letter", count=50)
    today = local_date()
    rollups.refresh_month(today)
    totals = CaseRollup.objects.filter(month=today.replace(day=1), unit=tree["district"]).aggregate(
        decided=Sum("rewards_decided_amount"),
        paid=Sum("rewards_paid_amount"),
        fines=Sum("fines"),
        scans=Sum("qr_scans"),
        items=Sum("publicity_items"),
    )
    assert totals == {
        "decided": Decimal("6000"),
        "paid": Decimal("6000"),
        "fines": Decimal("40000"),
        "scans": 2,
        "items": Activity.objects.get().count,
    }


def test_the_clocks_refresh_freeze_and_score_then_wait_for_the_interval(tree, settings):
    from dashboards.models import AssessmentScore
    from reports.clocks import clocks_sweep

    settings.DASHBOARD_REFRESH_SECONDS = 1800
    random_cases(tree, 5, 13, dt.date(2026, 10, 1), 30)
    with time_machine.travel(moment(dt.date(2026, 11, 2), 9), tick=False):
        assert clocks_sweep()["dashboard_months_frozen"] == 1
    october = RollupMonth.objects.get(month=dt.date(2026, 10, 1))
    assert october.status == "frozen"
    assert AssessmentScore.objects.filter(month=october.month, unit=tree["station"]).exists()
    refreshed = RollupMonth.objects.get(month=dt.date(2026, 11, 1)).refreshed_at
    with time_machine.travel(
        moment(dt.date(2026, 11, 2), 9) + dt.timedelta(minutes=15), tick=False
    ):
        assert "dashboard_months_frozen" not in clocks_sweep()
    assert RollupMonth.objects.get(month=dt.date(2026, 11, 1)).refreshed_at == refreshed
    with time_machine.travel(moment(dt.date(2026, 11, 2), 10), tick=False):
        clocks_sweep()
    assert RollupMonth.objects.get(month=dt.date(2026, 11, 1)).refreshed_at > refreshed
