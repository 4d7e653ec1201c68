"""One definition per figure: the joint meeting's bulletin (publicity) and the supervisors'
dashboard (the roll-ups) count the same cases, under the same sector and the same unit, so a
quarter's figures agree wherever they are read."""

import datetime as dt

import pytest

from dashboards import rollups
from dashboards import selectors as dashboard
from publicity import selectors as publicity
from reports.models import Category, Report
from tests.clock import at, moment
from tests.dashboards.helpers import random_cases
from tests.reports.factories import make_report
from tests.units.factories import EnterpriseFactory
from units.models import Industry

pytestmark = pytest.mark.django_db

SECTOR_FIGURES = ("received", "accepted", "filed", "concluded", "on_time")
Q4 = [dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)]


def bulletin_sectors(figures: dict) -> dict:
    return {r["name"]: {f: r[f] for f in SECTOR_FIGURES} for r in figures["by_sector"]}


def dashboard_sectors(township) -> dict:
    filters = dashboard.Filters(unit=township, first=Q4[0], last=Q4[-1])
    rows = dashboard.by_sector(filters)
    return {r["name"]: {f: r[f] for f in SECTOR_FIGURES} for r in rows}


def refresh_q4() -> None:
    for month in Q4:
        rollups.refresh_month(month)


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_the_bulletin_and_the_dashboard_give_the_same_sector_rows(tree, people, seed):
    industries = list(Industry.objects.all())
    enterprises = [
        EnterpriseFactory(village=tree["village"], industry=industries[i % len(industries)])
        for i in range(6)
    ]
    random_cases(tree, 50, seed, dt.date(2026, 9, 1), 150, enterprises=enterprises)
    # Another township's cases are in neither.
    random_cases({**tree, "village": tree["village2"]}, 5, seed, dt.date(2026, 10, 1), 60)
    with at(dt.date(2027, 1, 10)):
        refresh_q4()
        figures = publicity.quarter_figures(tree["township"], 2026, 4)
        rows = dashboard_sectors(tree["township"])
    assert bulletin_sectors(figures) == rows
    assert sum(r["received"] for r in rows.values()) > 0
    for figure in SECTOR_FIGURES:
        assert figures["totals"][figure] == sum(r[figure] for r in rows.values())


def test_a_case_about_an_enterprise_counts_under_the_enterprises_sector_in_both(tree):
    """What made them disagree on Q4 2026: a report about a gas company filed under a category
    of another sector counted under the category's sector in the bulletin and under the
    enterprise's in the dashboard. Both now count it under the enterprise's."""
    gas = Industry.objects.get(code="gas")
    fire = Category.objects.get(code="fire_safety")
    assert fire.industry != gas
    company = EnterpriseFactory(village=tree["village"], industry=gas)
    report = make_report(village=tree["village"], category=fire, enterprise=company)
    Report.objects.filter(pk=report.pk).update(received_at=moment(dt.date(2026, 11, 3)))
    with at(dt.date(2027, 1, 10)):
        refresh_q4()
        sectors = bulletin_sectors(publicity.quarter_figures(tree["township"], 2026, 4))
        assert sectors == dashboard_sectors(tree["township"])
    assert sectors == {gas.name: dict.fromkeys(SECTOR_FIGURES, 0) | {"received": 1}}


def test_a_supervisor_reads_the_quarters_sectors_as_the_bulletin_prints_them(
    client, tree, people, tmp_path
):
    from django.urls import reverse

    from publicity import documents
    from tests.pdf import inspect_pdf

    gas = Industry.objects.get(code="gas")
    company = EnterpriseFactory(village=tree["village"], industry=gas)
    for day in (dt.date(2026, 10, 9), dt.date(2026, 12, 30)):
        report = make_report(
            village=tree["village"],
            category=Category.objects.get(code="fire_safety"),
            enterprise=company,
        )
        Report.objects.filter(pk=report.pk).update(received_at=moment(day))
    with at(dt.date(2027, 1, 10)):
        refresh_q4()
        client.force_login(people["supervisor"])
        page = client.get(
            reverse("dashboards:home"), {"unit": tree["township"].pk, "period": "2026-Q4"}
        ).content.decode()
        figures = publicity.bulletin_figures(tree["township"], 2026, 4)
        _fonts, text = inspect_pdf(
            documents.bulletin_pdf(tree["township"], 2026, 4, figures, {}), "q4", tmp_path
        )
    sectors = page[page.index('id="sectors"') :]
    assert '<td>城镇燃气</td><td class="num">2</td>' in sectors
    # The bulletin's row: 城镇燃气, received 2, accepted, filed, concluded and on time 0.
    assert "行业领域城镇燃气" in text and "按期办结20000" in text
