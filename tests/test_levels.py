"""Each level sees what is below it and nothing beside it, for every role at every level: the
case list, the /unit/ case page, its PDFs, the office's admin page and its unit choices, the
dashboard and its exports, the publicity pages and the monthly form.

The district (测试区) holds its office, a leader, a supervisor and a department (区应急局,
officer and head); 一号乡 and 二号镇 hold their offices and units. Three cases: one of 一号乡
handed over to the department, one of 二号镇 at its village, one lead the district office keeps.
"""

import pytest
from django.urls import reverse

from reports import services
from reports.forms_lifecycle import AcceptForm
from tests.reports.factories import make_intake
from tests.reports.lifecycle_helpers import SUMMARY, investigating, submitted
from tests.units.factories import UnitFactory, person
from units.models import Role, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, people):
    bureau = UnitFactory(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"])
    users = {
        **people,
        "district_intake": person("district_intake", tree["district"], Role.INTAKE),
        "district_leader": person("district_leader", tree["district"], Role.LEADER),
        "dept_officer": person("dept_officer", bureau, Role.OFFICER),
        "dept_head": person("dept_head", bureau, Role.HEAD),
    }
    handed = services.report_hand_over(
        report=investigating(tree, people),
        actor=people["intake"],
        unit=bureau,
        reason="区级监管企业",
        request="请立案查处",
    )
    services.report_acknowledge(report=handed, actor=users["dept_officer"])
    other = services.report_accept(
        report=make_intake(village=tree["village2"]).report,
        actor=people["intake2"],
        unit=tree["village2"],
        summary=SUMMARY,
    )
    kept = make_intake(
        village=tree["village"], source="office", channel="phone", actor=users["district_intake"]
    ).report
    return {"users": users, "bureau": bureau, "handed": handed, "other": other, "kept": kept}


# role -> which of the three cases it sees
SEES = {
    "intake": {"handed"},  # 一号乡's office keeps its handed case
    "leader": {"handed"},
    "custodian": {"handed"},
    "officer": set(),  # the station no longer handles it
    "head": set(),
    "village_officer": set(),
    "finance": set(),
    "intake2": {"other"},
    "supervisor": {"handed", "other", "kept"},
    "district_intake": {"handed", "other", "kept"},
    "district_leader": {"handed", "other", "kept"},
    "dept_officer": {"handed"},
    "dept_head": {"handed"},
    "nobody": set(),
}


@pytest.mark.parametrize("role", sorted(SEES))
def test_every_role_sees_its_level_and_below_on_every_surface(client, world, role):
    from reports.selectors import report_list

    user = world["users"][role]
    expected = SEES[role]
    listed = {
        name
        for name in ("handed", "other", "kept")
        if report_list(user=user).filter(pk=world[name].pk).exists()
    }
    assert listed == expected
    client.force_login(user)
    for name in ("handed", "other", "kept"):
        case = world[name]
        allowed = name in expected
        # The /unit/ page and its PDFs exist once a case is accepted (not the kept lead yet).
        for url in (
            reverse("reports:unit-case", args=[case.number]),
            reverse("reports:unit-dossier", args=[case.number]),
        ):
            status = client.get(url).status_code
            assert (status == 200) == (allowed and name != "kept"), (role, name, url, status)
        if user.is_staff:
            admin = client.get(reverse("admin:reports_report_change", args=[case.pk]))
            assert (admin.status_code == 200) == allowed, (role, name, admin.status_code)


def test_the_offices_unit_choices_follow_the_level(world, tree):
    township_case = submitted(tree)
    choices = {u.name for u in AcceptForm(report=township_case).fields["unit"].queryset}
    assert choices == {"东村", "南社区", "规建办", "派出所"}  # its own units only
    kept = {u.name for u in AcceptForm(report=world["kept"]).fields["unit"].queryset}
    # The district office transfers to any unit of the district, its department included.
    assert {"东村", "西村", "区应急局"} <= kept and "一号乡" not in kept


EVERY_UNIT = {"district", "township", "township2", "bureau"}
# role -> the units whose dashboard (and its exports) it may open
DASHBOARD = {
    "intake": {"township"},
    "leader": {"township"},
    "intake2": {"township2"},
    "supervisor": EVERY_UNIT,
    "district_intake": EVERY_UNIT,
    "district_leader": EVERY_UNIT,
}
# role -> the units whose publicity pages (campaign, informants, monthly form) it may open
CAMPAIGN = DASHBOARD | {"dept_officer": {"bureau"}, "dept_head": {"bureau"}}


@pytest.mark.parametrize("role", sorted(SEES))
def test_every_role_opens_the_dashboard_exports_and_forms_of_its_level_only(
    client, world, tree, role
):
    units = {
        "district": tree["district"],
        "township": tree["township"],
        "township2": tree["township2"],
        "bureau": world["bureau"],
    }
    client.force_login(world["users"][role])
    for name, unit in units.items():
        query = {"unit": unit.pk}
        dashboard = [
            client.get(reverse("dashboards:home"), query).status_code,
            client.get(reverse("dashboards:export", args=["trend", "csv"]), query).status_code,
        ]
        campaign = [
            client.get(reverse(page, args=args), query).status_code
            for page, args in (
                ("publicity:home", []),
                ("publicity:informants", []),
                ("publicity:form", [2026, 11]),
            )
        ]
        assert all(s == 200 for s in dashboard) == (name in DASHBOARD.get(role, ())), (
            name,
            dashboard,
        )
        assert all(s == 200 for s in campaign) == (name in CAMPAIGN.get(role, ())), (
            name,
            campaign,
        )
        # A refusal never shows another unit instead: it is a 403 or a 404.
        assert all(s in (200, 403, 404) for s in dashboard + campaign)
