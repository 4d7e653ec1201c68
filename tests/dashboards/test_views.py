"""The dashboard: scoped to the supervisor's subtree, the same number of queries for 10 and for
1,000 cases, exports that a spreadsheet cannot run, and the assessment with its breakdown."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from dashboards import assessment, rollups
from dashboards.models import AssessmentScore
from publicity import services as publicity
from reports.models import Report
from tests.clock import moment
from tests.dashboards.helpers import random_cases
from tests.pdf import assert_cjk_font_embedded, inspect_pdf
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
        with django_assert_num_queries(20):
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


def test_the_assessment_is_a_transparent_sum_with_its_breakdown(client, tree, people, tmp_path):
    # October: the station concluded 2 cases (1 on time), had 1 overdue, submitted its form late.
    cases = random_cases(tree, 3, 4, dt.date(2026, 9, 1), 1)
    plan = [
        (dt.date(2026, 10, 10), dt.date(2026, 10, 15)),  # on time
        (dt.date(2026, 10, 20), dt.date(2026, 10, 5)),  # late
        (None, dt.date(2026, 10, 8)),  # still open: overdue
    ]
    for case, (concluded, due) in zip(cases, plan, strict=True):
        Report.objects.filter(pk=case.pk).update(
            status="concluded" if concluded else "investigating",
            accepted_at=moment(dt.date(2026, 9, 2)),
            transferred_at=moment(dt.date(2026, 9, 2)),
            concluded_at=moment(concluded) if concluded else None,
            due_date=due,
            responsible_unit=tree["station"],
        )
    with time_machine.travel(moment(dt.date(2026, 11, 25)), tick=False):
        publicity.form_submit(
            actor=people["head"], unit=tree["station"], year=2026, month=10, channel="system"
        )
        rollups.refresh_month(dt.date(2026, 10, 1))
        assessment.assess_month(dt.date(2026, 10, 1), root=tree["township"])
    score = AssessmentScore.objects.get(unit=tree["station"], month=dt.date(2026, 10, 1))
    parts = {p["part"]: Decimal(p["points"]) for p in score.breakdown}
    # On time 1 of 2 → 20 of 40; two overdue (one concluded late, one open) → 20 − 2×5 = 10;
    # form late → 7.5 of 15; no publicity target for the station → 15; no key task → 10.
    assert parts == {
        "on_time": Decimal("20.0"),
        "overdue": Decimal("10"),
        "forms": Decimal("7.5"),
        "publicity": Decimal("15.0"),
        "tasks": Decimal("10.0"),
    }
    assert score.total == sum(parts.values())
    client.force_login(people["leader"])
    page = client.get(reverse("dashboards:assessment") + "?month=2026-10").content.decode()
    assert "规建办" in page and "逾期报送" in page and str(score.total) in page
    bulletin = client.get(reverse("dashboards:assessment-bulletin", args=[2026, 2]))
    fonts, text = inspect_pdf(bulletin.content, "assessment-bulletin", tmp_path)
    assert_cjk_font_embedded(fonts)
    assert "安全生产举报奖励工作考核通报" in text and "规建办" in text and str(score.total) in text


@pytest.mark.parametrize("villages", [2, 20])
def test_the_assessment_reads_publicity_once_per_township(
    tree, people, django_assert_num_queries, villages
):
    from publicity.periods import quarter_of
    from publicity.selectors import owed
    from tests.publicity.helpers import record

    for i in range(villages):
        UnitFactory(name=f"新村{i}", kind="village", parent=tree["township"], is_rural=True)
    record(people["intake"], tree["township"], "village_column", place=tree["village"])
    month = dt.date(2026, 11, 1)
    rollups.refresh_month(month)
    with django_assert_num_queries(17):  # five per township, whatever the units scored
        scored = assessment.assess_month(month)
    assert scored == villages + 4 + 1  # the new villages, the fixture's four, 西村
    # Each unit's publicity part is what its own owed list says.
    for score in AssessmentScore.objects.filter(month=month).select_related("unit"):
        [part] = [p for p in score.breakdown if p["part"] == "publicity"]
        completion = owed(score.unit, year=2026, quarter=quarter_of(month)).completion
        expected = Decimal(15) * (completion / 100 if completion is not None else 1)
        assert Decimal(part["points"]) == expected.quantize(Decimal("0.1"))


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
