"""The dashboard: scoped to the supervisor's subtree, the same number of queries for 10 and for
1,000 cases, exports that a spreadsheet cannot run (the assessment: test_assessment.py)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from dashboards import rollups
from reports.models import Report
from tests.clock import moment
from tests.dashboards.helpers import random_cases
from tests.units.factories import UnitFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def clone(cases: list[Report], total: int) -> None:
    """Copies of the cases (new numbers, no receipt codes) up to ``total`` rows, in bulk."""
    copies = []
    for i in range(total - len(cases)):
        source = cases[i % len(cases)]
        source.pk, source.number, source.receipt_hash = None, f"JB-COPY-{i:05d}", None
        copies.append(
            Report(**{f.attname: getattr(source, f.attname) for f in Report._meta.concrete_fields})
        )
    Report.objects.bulk_create(copies, batch_size=500)


@pytest.mark.parametrize("cases", [10, 1000])
def test_the_dashboard_costs_the_same_queries_for_10_and_1000_cases(
    client, tree, people, django_assert_num_queries, cases
):
    made = random_cases(tree, 10, 5, dt.date(2026, 6, 1), 150)
    clone(made, cases)
    with time_machine.travel(moment(TODAY), tick=False):
        for month in rollups.months_between(dt.date(2026, 6, 1), TODAY):
            rollups.refresh_month(month)
        rollups.refresh_aging()
        client.force_login(people["supervisor"])
        client.get(reverse("dashboards:home"))
        with django_assert_num_queries(22):
            response = client.get(reverse("dashboards:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="chart-trend"' in html and "echarts.common.min.js" in html
    assert Report.objects.count() == cases


def test_the_dashboard_is_scoped_to_the_persons_subtree(client, tree, people):
    client.force_login(people["leader"])  # township 一号乡
    assert client.get(reverse("dashboards:home")).status_code == 200
    for unit in ("township2", "district"):  # a sibling, and the level above
        other = reverse("dashboards:home") + f"?unit={tree[unit].pk}"
        assert client.get(other).status_code == 404
        export = reverse("dashboards:export", args=["trend", "csv"]) + f"?unit={tree[unit].pk}"
        assert client.get(export).status_code == 404
    mine = reverse("dashboards:home") + f"?unit={tree['station'].pk}"
    assert client.get(mine).status_code == 200
    client.force_login(people["officer"])
    assert client.get(reverse("dashboards:home")).status_code == 403
    client.force_login(people["supervisor"])
    page = client.get(reverse("dashboards:home")).content.decode()
    assert "测试区" in page and 'id="dashboard-link"' in page


def test_the_figures_on_the_page_and_the_league_minimum(client, tree, people, settings):
    settings.DASHBOARD_LEAGUE_MIN_CASES = 2
    cases = random_cases(tree, 4, 9, dt.date(2026, 11, 2), 1)
    for i, case in enumerate(cases):
        accepted = moment(dt.date(2026, 11, 3))
        Report.objects.filter(pk=case.pk).update(
            status="concluded",
            accepted_at=accepted,
            transferred_at=accepted,
            concluded_at=moment(dt.date(2026, 11, 11 + i)),
            due_date=dt.date(2026, 11, 12),
            responsible_unit=tree["station"] if i < 3 else tree["member"],
        )
    with time_machine.travel(moment(TODAY), tick=False):
        rollups.refresh_month(dt.date(2026, 11, 1))
        client.force_login(people["leader"])
        response = client.get(reverse("dashboards:home") + "?period=1")
    data = response.context
    this = data["tiles"]["this"]
    assert (this["received"], this["concluded"], this["on_time"]) == (4, 4, 2)
    league = data["league"]
    assert [r["unit__name"] for r in league["ranked"]] == ["规建办"]  # 3 concluded, 2 on time
    assert league["ranked"][0]["on_time_rate"].quantize(Decimal("1")) == Decimal("67")
    assert [r["unit__name"] for r in league["unranked"]] == ["派出所"]  # one case: not ranked
    assert "按期办结" in response.content.decode()


def test_exports_escape_what_a_spreadsheet_would_run(client, tree, people):
    evil = UnitFactory(name='=HYPERLINK("http://x")', kind="station", parent=tree["township"])
    [case] = random_cases(tree, 1, 3, dt.date(2026, 11, 2), 1)
    Report.objects.filter(pk=case.pk).update(
        status="concluded",
        accepted_at=moment(dt.date(2026, 11, 3)),
        transferred_at=moment(dt.date(2026, 11, 3)),
        concluded_at=moment(dt.date(2026, 11, 5)),
        due_date=dt.date(2026, 12, 30),
        responsible_unit=evil,
    )
    with time_machine.travel(moment(TODAY), tick=False):
        rollups.refresh_month(dt.date(2026, 11, 1))
        client.force_login(people["leader"])
        csv_text = client.get(reverse("dashboards:export", args=["league", "csv"])).content
        xlsx = client.get(reverse("dashboards:export", args=["league", "xlsx"])).content
    rows = list(csv.reader(io.StringIO(csv_text.decode("utf-8-sig"))))
    assert rows[0][1] == "单位"
    assert rows[1][1].startswith("'=HYPERLINK")
    ws = load_workbook(io.BytesIO(xlsx)).active
    cell = ws.cell(2, 2)
    assert cell.value.startswith("'=") and cell.data_type == "s"
    for table in ("trend", "mix", "aging", "stuck", "filed"):
        with time_machine.travel(moment(TODAY), tick=False):
            response = client.get(reverse("dashboards:export", args=[table, "xlsx"]))
        assert response.status_code == 200, table


def test_odd_addresses_get_the_default_view_or_a_not_found_never_an_error(client, people):
    client.force_login(people["supervisor"])
    home, assess = reverse("dashboards:home"), reverse("dashboards:assessment")
    for query in ("?period=0001-01", "?period=9999-12", "?period=abc", "?period=99"):
        assert client.get(home + query).status_code == 200, query
    assert client.get(home + "?unit=" + "9" * 25).status_code == 404
    assert client.get(home + "?industry=" + "9" * 25).status_code == 200
    for query in ("?month=0001-01", "?month=9999-12", "?month=2026-13"):
        assert client.get(assess + query).status_code == 200, query
    bulletin = reverse("dashboards:assessment-bulletin", args=[99999, 1])
    assert client.get(bulletin).status_code == 404
