"""The district's dashboard shows what moved between levels: cases handed to departments and
leads assigned to the townships, answered by the deadline or not; two queries at any size."""

import datetime as dt

import pytest
from django.urls import reverse

from dashboards.across import across_levels
from dashboards.selectors import Filters
from reports import services
from tests.clock import at
from tests.reports.factories import make_intake
from tests.reports.lifecycle_helpers import SUMMARY, investigating
from tests.units.factories import UnitFactory, person
from units.models import Role, Unit

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 2)


@pytest.fixture
def moved(tree, people):
    bureau = UnitFactory(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"])
    office = person("district_intake", tree["district"], Role.INTAKE)

    def hand_over():
        return services.report_hand_over(
            report=investigating(tree, people),
            actor=people["intake"],
            unit=bureau,
            reason="区级监管企业",
            request="请立案查处",
        )

    def assign(number: str, days: int):
        lead = make_intake(
            village=tree["village"], source="office", channel="phone", actor=office
        ).report
        return services.report_assign(
            report=lead,
            actor=office,
            township=tree["township"],
            number=number,
            deadline=DAY + dt.timedelta(days=days),
        )

    return {"bureau": bureau, "office": office, "hand_over": hand_over, "assign": assign}


def _filters(unit) -> Filters:
    return Filters(unit=unit, first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 1))


@pytest.mark.parametrize("n", [1, 8])
def test_cases_handed_over_and_leads_assigned_in_two_queries(
    tree, people, moved, django_assert_num_queries, n
):
    with at(DAY):
        for i in range(n):
            moved["hand_over"]()
            moved["assign"](f"测安办交{i}号", 5)
        # One assigned lead is answered by its deadline.
        lead = moved["assign"]("测安办交答", 20)
        lead = services.report_accept(
            report=lead, actor=people["intake"], unit=tree["station"], summary=SUMMARY
        )
        lead = services.report_acknowledge(report=lead, actor=people["officer"])
        conclusion = services.conclusion_propose(
            report=lead, actor=people["officer"], verdict="true", account="属实", decision="整改"
        )
        services.conclusion_sign(conclusion=conclusion, actor=people["head"])
        services.conclusion_review(
            conclusion=conclusion, actor=people["intake"], accept=True, reward_conditions_met=False
        )
    with at(DAY + dt.timedelta(days=10)), django_assert_num_queries(2):
        across = across_levels(_filters(tree["district"]))
    [handed] = across["handed"]
    assert (handed["unit__name"], handed["handed"], handed["open"]) == ("区应急局", n, n)
    assert handed["overdue"] == 0
    [assigned] = across["assigned"]
    assert assigned["unit__name"] == "一号乡" and assigned["assigned"] == n + 1
    assert (assigned["answered"], assigned["on_time"], assigned["overdue"]) == (1, 1, n)
    # The township sees its own; another township sees none of it.
    assert across_levels(_filters(tree["township"]))["handed"][0]["handed"] == n
    assert across_levels(_filters(tree["township2"])) == {"handed": [], "assigned": []}


def test_the_district_page_shows_the_panel(client, tree, people, moved):
    with at(DAY):
        moved["hand_over"]()
        client.force_login(people["supervisor"])
        html = client.get(reverse("dashboards:home")).content.decode()
    assert 'id="across"' in html and "区应急局" in html


def test_the_districts_league_ranks_its_departments_beside_its_townships(
    tree, people, moved, settings
):
    from dashboards import rollups
    from dashboards.selectors import league

    settings.DASHBOARD_LEAGUE_MIN_CASES = 1
    with at(DAY):
        case = moved["hand_over"]()
        services.report_acknowledge(report=case, actor=person("b1", moved["bureau"], Role.OFFICER))
        rollups.refresh_month(dt.date(2026, 11, 1))
    with at(DAY + dt.timedelta(days=1)):
        table = league(_filters(tree["district"]))
    names = {r["unit__name"] for r in table["ranked"] + table["unranked"]}
    assert "区应急局" in names


def test_a_handed_case_counts_once_its_intake_with_the_township_its_work_with_the_department(
    tree, people, moved
):
    from dashboards import rollups
    from dashboards.models import CaseRollup
    from publicity.selectors.bulletin import quarter_figures

    bureau = moved["bureau"]
    officer, head = person("b1", bureau, Role.OFFICER), person("b2", bureau, Role.HEAD)
    with at(DAY):
        case = services.report_acknowledge(report=moved["hand_over"](), actor=officer)
        conclusion = services.conclusion_propose(
            report=case, actor=officer, verdict="true", account="属实", decision="已整改"
        )
        services.conclusion_sign(conclusion=conclusion, actor=head)
        services.conclusion_review(
            conclusion=conclusion, actor=people["intake"], accept=True, reward_conditions_met=False
        )
        rollups.refresh_month(DAY)

    def row(unit) -> dict:
        figures = CaseRollup.objects.filter(unit=unit, month=DAY.replace(day=1))
        return {
            f: sum(getattr(r, f) for r in figures)
            for f in ("received", "accepted", "transferred", "concluded")
        }

    township = row(tree["township"])
    assert (township["received"], township["accepted"], township["concluded"]) == (1, 1, 0)
    assert row(bureau) == {"received": 0, "accepted": 0, "transferred": 1, "concluded": 1}
    district = row(tree["district"])
    assert (district["received"], district["concluded"]) == (1, 1)  # once, not twice
    # The township's own bulletin still counts the lead it obtained and its conclusion.
    totals = quarter_figures(tree["township"], 2026, 4)["totals"]
    assert (totals["received"], totals["accepted"], totals["concluded"]) == (1, 1, 1)
