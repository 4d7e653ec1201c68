"""The monthly assessment tells the truth: points are earned by work done (an idle unit never
outranks one that worked), the monthly form is scored by its real submission against its due
date (a month is rescored when its form arrives after the month was scored), and tied scores
share a rank on the page, in the exports and in the half-year bulletin."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core import timeline
from core.models import TimelineEntry
from dashboards import assessment, rollups
from dashboards.models import AssessmentScore
from publicity import services as publicity
from reports.models import Enforcement, Report
from tests.clock import at, moment
from tests.dashboards.helpers import random_cases
from tests.pdf import assert_cjk_font_embedded, inspect_pdf
from tests.reports.factories import make_report
from tests.units.factories import UnitFactory

pytestmark = pytest.mark.django_db
OCTOBER = dt.date(2026, 10, 1)


def case(tree, unit, *, due: dt.date, concluded: dt.date | None) -> Report:
    """A case of ``unit`` accepted on 2 October, concluded on ``concluded`` (or still open)."""
    with at(dt.date(2026, 10, 2), 9):
        report = make_report(village=tree["village"])
    Report.objects.filter(pk=report.pk).update(
        status="concluded" if concluded else "investigating",
        accepted_at=moment(dt.date(2026, 10, 2)),
        transferred_at=moment(dt.date(2026, 10, 2)),
        concluded_at=moment(concluded) if concluded else None,
        due_date=due,
        responsible_unit=unit,
    )
    return report


def lead(tree, unit, day: dt.date) -> Report:
    """A lead the unit took itself and registered (unit-received)."""
    with at(day):
        return make_report(
            village=tree["village"], source="unit", channel="phone", received_by_unit=unit
        )


def submit_form(actor, unit, day: dt.date, month: dt.date = OCTOBER, hour: int = 10):
    with at(day, hour):
        return publicity.form_submit(
            actor=actor, unit=unit, year=month.year, month=month.month, channel="system"
        )


def score(unit, month: dt.date = OCTOBER) -> AssessmentScore:
    return AssessmentScore.objects.get(unit=unit, month=month)


def parts(unit, month: dt.date = OCTOBER) -> dict[str, Decimal]:
    return {p["part"]: Decimal(p["points"]) for p in score(unit, month).breakdown}


def words(unit, part: str, month: dt.date = OCTOBER) -> str:
    return next(p["how"] for p in score(unit, month).breakdown if p["part"] == part)


def assess(month: dt.date = OCTOBER, day: dt.date = dt.date(2026, 11, 2)) -> None:
    with at(day):
        rollups.refresh_month(month)
        assessment.assess_month(month)


# --- points are earned by work done ----------------------------------------------------------
def test_an_idle_unit_ranks_below_units_that_worked(tree, people):
    # October 2026 in 一号乡: the station concluded two cases (one late), the member unit
    # registered a lead of its own and filed a case, the village only sent its form on time;
    # the community did nothing at all: no case, no lead, no form.
    case(tree, tree["station"], due=dt.date(2026, 10, 20), concluded=dt.date(2026, 10, 15))
    case(tree, tree["station"], due=dt.date(2026, 10, 9), concluded=dt.date(2026, 10, 14))
    lead(tree, tree["member"], dt.date(2026, 10, 12))
    filed = case(tree, tree["member"], due=dt.date(2026, 12, 1), concluded=None)
    Enforcement.objects.create(
        report=filed, case_filed_on=dt.date(2026, 10, 16), case_file_number="立-2026-9"
    )
    submit_form(people["intake"], tree["village"], dt.date(2026, 11, 18))
    assess(day=dt.date(2026, 11, 23))

    idle = score(tree["community"])
    for worked in ("station", "member", "village"):
        assert score(tree[worked]).total > idle.total, worked
    assert idle.total == 0
    # Nothing is given for free: each part of the idle unit says why it earned nothing.
    assert parts(tree["community"]) == dict.fromkeys(assessment.PART_NAMES, Decimal(0))
    assert "无办结" in words(tree["community"], "on_time")
    # The member unit earned the leads part: one lead registered and one case filed.
    assert parts(tree["member"])["leads"] == Decimal(10)
    assert words(tree["member"], "leads") == "本单位登记线索1条，立案查处1件"
    # The station: 1 of 2 on time (17.5 of 35); one overdue (15 - 5); no form.
    station = parts(tree["station"])
    assert (station["on_time"], station["overdue"], station["forms"]) == (
        Decimal("17.5"),
        Decimal(10),
        Decimal(0),
    )
    township = AssessmentScore.objects.filter(month=OCTOBER, unit__parent=tree["township"])
    ranks = {s.unit.name: s.rank for s in assessment.ranked(township.select_related("unit"))}
    assert ranks["南社区"] == 4 and all(ranks[n] < 4 for n in ("规建办", "派出所", "东村"))


def test_the_weights_and_rules_are_settings(tree, people, settings):
    settings.ASSESSMENT_WEIGHTS = {**settings.ASSESSMENT_WEIGHTS, "leads": 20, "on_time": 25}
    settings.ASSESSMENT_LEAD_POINTS = 4
    lead(tree, tree["member"], dt.date(2026, 10, 12))
    lead(tree, tree["member"], dt.date(2026, 10, 13))
    assess()
    assert parts(tree["member"])["leads"] == Decimal(8)  # 2 × 4, of 20
    [leads] = [p for p in score(tree["member"]).breakdown if p["part"] == "leads"]
    assert leads["of"] == 20


# --- the monthly form, by its real submission ------------------------------------------------
def test_a_form_arriving_after_the_month_was_scored_rescores_it(tree, people):
    from reports.clocks import clocks_sweep

    case(tree, tree["station"], due=dt.date(2026, 10, 20), concluded=dt.date(2026, 10, 15))
    # October is frozen and scored on 2 November: no form yet (it is due on 20 November).
    with at(dt.date(2026, 11, 2), 9):
        clocks_sweep()
    before = score(tree["station"])
    assert parts(tree["station"])["forms"] == 0
    due_words = words(tree["station"], "forms")

    # The station's form arrives on time (15 November), the village's late (23 November).
    submit_form(people["head"], tree["station"], dt.date(2026, 11, 15))
    with at(dt.date(2026, 11, 15), 11):
        clocks_sweep()
    after = score(tree["station"])
    assert after.pk == before.pk
    assert parts(tree["station"])["forms"] == 15
    assert after.total == before.total + 15
    # The other parts stay as the month was scored; the words keep the old and the new score.
    unchanged = {k: v for k, v in parts(tree["station"]).items() if k != "forms"}
    assert unchanged == {
        p["part"]: Decimal(p["points"]) for p in before.breakdown if p["part"] != "forms"
    }
    assert "11-20" in due_words  # the score said when the form was due
    how = words(tree["station"], "forms")
    assert "按时报送" in how and str(before.total) in how and str(after.total) in how
    [entry] = timeline.entries_for(after, visibilities=tuple(TimelineEntry.Visibility.values))
    assert entry.action == "dashboards.assessment.rescored"
    assert (entry.data["old"], entry.data["new"]) == (str(before.total), str(after.total))

    submit_form(people["intake"], tree["village"], dt.date(2026, 11, 23))
    with at(dt.date(2026, 11, 23), 11):
        clocks_sweep()
    assert parts(tree["village"])["forms"] == Decimal("7.5")
    assert "逾期报送" in words(tree["village"], "forms")
    # Rescoring again changes nothing.
    with at(dt.date(2026, 11, 24), 11):
        clocks_sweep()
    assert TimelineEntry.objects.filter(action="dashboards.assessment.rescored").count() == 2
    assert score(tree["station"]).total == after.total


def test_the_form_is_on_time_by_its_shanghai_date(tree, people):
    # 20 November 23:30 in Shanghai is 15:30 UTC: on time. 21 November 00:30 is late.
    submit_form(people["head"], tree["station"], dt.date(2026, 11, 20), hour=23)
    submit_form(people["intake"], tree["village"], dt.date(2026, 11, 21), hour=0)
    assess(day=dt.date(2026, 11, 25))
    assert parts(tree["station"])["forms"] == 15
    assert parts(tree["village"])["forms"] == Decimal("7.5")


# --- tied scores share a rank -----------------------------------------------------------------
def test_tied_scores_share_a_rank_on_the_page_the_exports_and_the_bulletin(
    client, tree, people, tmp_path
):
    # The village does most; the station and the member unit do exactly the same; the
    # community does nothing. Ranks: 1, 2, 2, 4.
    for unit in ("village", "station", "member"):
        case(tree, tree[unit], due=dt.date(2026, 10, 20), concluded=dt.date(2026, 10, 15))
    lead(tree, tree["village"], dt.date(2026, 10, 12))
    assess(day=dt.date(2026, 11, 23))
    totals = {u: score(tree[u]).total for u in ("village", "station", "member", "community")}
    assert totals["village"] > totals["station"] == totals["member"] > totals["community"]

    client.force_login(people["leader"])
    with at(dt.date(2026, 11, 23)):
        page = client.get(reverse("dashboards:assessment") + "?month=2026-10")
        csv_text = client.get(reverse("dashboards:assessment") + "?month=2026-10&format=csv")
        xlsx = client.get(reverse("dashboards:assessment") + "?month=2026-10&format=xlsx")
        bulletin = client.get(reverse("dashboards:assessment-bulletin", args=[2026, 2]))
    expected = {"东村": 1, "规建办": 2, "派出所": 2, "南社区": 4}
    assert {s.unit.name: s.rank for s in page.context["scores"]} == expected
    html = page.content.decode()
    assert html.count('<td class="rank">2</td>') == 2 and '<td class="rank">3</td>' not in html

    rows = list(csv.reader(io.StringIO(csv_text.content.decode("utf-8-sig"))))[1:]
    assert {r[1]: int(r[0]) for r in rows} == expected
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert {r[1]: r[0] for r in sheet.iter_rows(min_row=2, values_only=True)} == expected

    fonts, text = inspect_pdf(bulletin.content, "assessment-ties", tmp_path)
    assert_cjk_font_embedded(fonts)
    for name, rank in expected.items():
        assert f"{rank}{name}" in text, name
    assert "3南社区" not in text


def test_competition_ranking():
    assert assessment.competition_ranks([90, 80, 80, 70]) == [1, 2, 2, 4]
    assert assessment.competition_ranks([5, 5, 5]) == [1, 1, 1]
    assert assessment.competition_ranks([]) == []


# --- moved here from test_views.py, with the rule that points are earned -----------------------
def test_the_assessment_is_a_transparent_sum_with_its_breakdown(client, tree, people, tmp_path):
    # October: the station concluded 2 cases (1 on time), had 1 overdue, submitted its form late.
    cases = random_cases(tree, 3, 4, dt.date(2026, 9, 1), 1)
    Enforcement.objects.filter(report__in=cases).delete()
    plan = [
        (dt.date(2026, 10, 10), dt.date(2026, 10, 15)),  # on time
        (dt.date(2026, 10, 20), dt.date(2026, 10, 5)),  # late
        (None, dt.date(2026, 10, 8)),  # still open: overdue
    ]
    for report, (concluded, due) in zip(cases, plan, strict=True):
        Report.objects.filter(pk=report.pk).update(
            status="concluded" if concluded else "investigating",
            accepted_at=moment(dt.date(2026, 9, 2)),
            transferred_at=moment(dt.date(2026, 9, 2)),
            concluded_at=moment(concluded) if concluded else None,
            due_date=due,
            responsible_unit=tree["station"],
        )
    with at(dt.date(2026, 11, 25)):
        publicity.form_submit(
            actor=people["head"], unit=tree["station"], year=2026, month=10, channel="system"
        )
        rollups.refresh_month(OCTOBER)
        assessment.assess_month(OCTOBER, root=tree["township"])
    found = score(tree["station"])
    # On time 1 of 2 → 17.5 of 35; two overdue (one concluded late, one open) → 15 − 2×5 = 5;
    # no lead of its own and no case filed → 0 of 10; form late → 7.5 of 15; no publicity
    # target and no publicity work recorded → 0 of 15; no key task due → 0 of 10.
    assert parts(tree["station"]) == {
        "on_time": Decimal("17.5"),
        "overdue": Decimal("5"),
        "leads": Decimal("0"),
        "forms": Decimal("7.5"),
        "publicity": Decimal("0"),
        "tasks": Decimal("0"),
    }
    assert found.total == sum(parts(tree["station"]).values()) == Decimal("30.0")
    client.force_login(people["leader"])
    with at(dt.date(2026, 11, 25)):
        page = client.get(reverse("dashboards:assessment") + "?month=2026-10").content.decode()
        bulletin = client.get(reverse("dashboards:assessment-bulletin", args=[2026, 2]))
    assert "规建办" in page and "逾期报送" in page and str(found.total) in page
    fonts, text = inspect_pdf(bulletin.content, "assessment-bulletin", tmp_path)
    assert_cjk_font_embedded(fonts)
    assert "安全生产举报奖励工作考核通报" in text and "规建办" in text and str(found.total) in text


@pytest.mark.parametrize("villages", [2, 20])
def test_the_assessment_reads_publicity_once_per_township(
    tree, people, django_assert_num_queries, villages
):
    from publicity.periods import quarter_of
    from publicity.selectors import owed
    from tests.publicity.helpers import record

    for i in range(villages):
        UnitFactory(name=f"新村{i}", kind="village", parent=tree["township"], is_rural=True)
    month = dt.date(2026, 11, 1)
    with at(dt.date(2026, 11, 12)):
        record(people["intake"], tree["township"], "village_column", place=tree["village"])
        rollups.refresh_month(month)
        with django_assert_num_queries(18):  # five per township, the figures and the leads
            scored = assessment.assess_month(month)
    # The new villages, the fixture's four, 西村, and the two townships (by their district).
    assert scored == villages + 4 + 1 + 2
    # Each unit's publicity part is what its own owed list says (no target: nothing owed,
    # nothing recorded, nothing earned).
    for found in AssessmentScore.objects.filter(month=month).select_related("unit"):
        [part] = [p for p in found.breakdown if p["part"] == "publicity"]
        completion = owed(found.unit, year=2026, quarter=quarter_of(month)).completion
        expected = Decimal(15) * (completion / 100 if completion is not None else 0)
        assert Decimal(part["points"]) == expected.quantize(Decimal("0.1"))


def test_each_level_assesses_the_level_below_with_its_own_weights(tree, people, settings):
    from dashboards.selectors import assessment as ranking
    from tests.reports.lifecycle_helpers import concluded

    settings.DISTRICT_ASSESSMENT_WEIGHTS = {**settings.ASSESSMENT_WEIGHTS, "on_time": 50}
    bureau = UnitFactory(name="区应急局", kind="department", parent=tree["district"])
    month = dt.date(2026, 11, 1)
    with at(dt.date(2026, 11, 12)):
        concluded(tree, people)  # concluded on time by 一号乡's station
        rollups.refresh_month(month)
    with at(dt.date(2026, 12, 2)):
        assessment.assess_month(month)
    district = {s.unit.name: s for s in ranking(tree["district"], month)}
    township = {s.unit.name: s for s in ranking(tree["township"], month)}
    # The district ranks its townships and departments, never a township's villages.
    assert set(district) == {"一号乡", "二号镇", "区应急局"}
    assert set(township) == {"东村", "南社区", "规建办", "派出所"}
    assert district["一号乡"].rank == 1 and bureau.pk == district["区应急局"].unit_id
    # 一号乡 is scored on its whole subtree with the district's weights: the station's case.
    [on_time] = [p for p in district["一号乡"].breakdown if p["part"] == "on_time"]
    assert (on_time["points"], on_time["of"]) == ("50.0", 50)
    [station] = [p for p in township["规建办"].breakdown if p["part"] == "on_time"]
    assert station["of"] == settings.ASSESSMENT_WEIGHTS["on_time"]


def test_the_districts_half_year_bulletin_ranks_its_townships_and_departments(
    client, tree, people, tmp_path
):
    from tests.reports.lifecycle_helpers import concluded

    UnitFactory(name="区应急局", kind="department", parent=tree["district"])
    with at(dt.date(2026, 11, 12)):
        concluded(tree, people)
        rollups.refresh_month(dt.date(2026, 11, 1))
    with at(dt.date(2026, 12, 2)):
        assessment.assess_month(dt.date(2026, 11, 1))
        client.force_login(people["supervisor"])
        bulletin = client.get(reverse("dashboards:assessment-bulletin", args=[2026, 2]))
    fonts, text = inspect_pdf(bulletin.content, "assessment-district", tmp_path)
    assert_cjk_font_embedded(fonts)
    assert "测试区安全生产委员会办公室对各乡镇（街道）和区级部门" in text
    assert "1一号乡" in text and "区应急局" in text and "东村" not in text
