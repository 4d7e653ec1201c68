import pytest

from reports.models import Report
from reports.selectors import report_get_by_receipt
from tests.reports.factories import make_intake, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(tree, people):
    own = make_report(village=tree["village"])
    transferred = make_report(village=tree["community"])
    Report.objects.filter(pk=transferred.pk).update(
        status="transferred", responsible_unit=tree["station"]
    )
    registered = make_report(
        village=tree["village"],
        source="unit",
        channel="phone",
        received_by_unit=tree["village"],
        actor=people["village_officer"],
    )
    other_township = make_report(village=tree["village2"])
    return {
        "own": own,
        "transferred": transferred,
        "registered": registered,
        "other": other_township,
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("intake", {"own", "transferred", "registered"}),
        ("intake2", {"other"}),
        ("leader", {"own", "transferred", "registered"}),
        ("custodian", {"own", "transferred", "registered"}),
        ("supervisor", {"own", "transferred", "registered", "other"}),
        ("officer", {"transferred"}),
        ("head", {"transferred"}),
        ("village_officer", {"registered"}),
        ("finance", set()),
        ("nobody", set()),
        ("admin", {"own", "transferred", "registered", "other"}),
    ],
)
def test_each_role_sees_exactly_its_cases(people, cases, who, expected):
    visible = set(Report.objects.visible_to(people[who]).values_list("pk", flat=True))
    assert visible == {cases[name].pk for name in expected}


def test_receipt_lookup_finds_only_the_right_case(tree):
    intake = make_intake(village=tree["village"])
    make_intake(village=tree["village"])
    assert report_get_by_receipt(intake.receipt_code) == intake.report
    spaced = " ".join(intake.receipt_code[i : i + 4] for i in range(0, 20, 4))
    assert report_get_by_receipt(spaced) == intake.report
    assert report_get_by_receipt("1" * 20) is None
    assert report_get_by_receipt("") is None


@pytest.mark.parametrize(
    "rules",
    [
        [],
        [("fire_safety", None, "station")],
        [("fire_safety", None, "station"), ("fire_safety", "village", "member")],
        [(None, "village", "member"), ("gas", None, "station")],
        [
            (None, "village", "member"),
            ("fire_safety", "village", "station"),
            (None, "community", "station"),
        ],
    ],
)
def test_the_queues_suggested_unit_agrees_with_the_routing_rules(tree, people, rules):
    """The SQL form (one query for the whole queue) and the Python form must never differ."""
    from reports.selectors import report_queue, suggested_unit
    from units.models import Industry, RoutingRule

    for industry, village, unit in rules:
        RoutingRule.objects.create(
            township=tree["township"],
            industry=Industry.objects.get(code=industry) if industry else None,
            village=tree[village] if village else None,
            unit=tree[unit],
        )
    from reports.models import Category

    for code in ("fire_safety", "gas", "other"):
        for place in ("village", "community"):
            make_report(village=tree[place], category=Category.objects.get(code=code))
    rows = {r.pk: r.suggested_unit_id for r in report_queue(user=people["intake"])}
    for report in Report.objects.all():
        expected = suggested_unit(report)
        assert rows[report.pk] == (expected.pk if expected else None), (
            report.category,
            report.village,
        )


def test_the_open_cases_index_covers_exactly_the_running_statuses():
    # The partial index lists the statuses as text (a Meta cannot read the class's constants);
    # it must stay in step with RUNNING_STATUSES or the stuck-case list loses its index.
    [index] = [i for i in Report._meta.indexes if i.name == "reports_open_due_idx"]
    [(lookup, statuses)] = index.condition.children
    assert lookup == "status__in"
    assert sorted(statuses) == sorted(s.value for s in Report.RUNNING_STATUSES)
