"""A city above the district (optional): its office assigns a lead to a township of any of its
districts, its supervisor watches every district, and each district sees nothing of the
others."""

import datetime as dt

import pytest
from django.urls import reverse

from core.models import Notice
from reports import selectors, services
from tests.clock import at
from tests.reports.factories import make_intake
from tests.units.factories import UnitFactory, person
from units.models import Role, Unit

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 2)  # a Monday


@pytest.fixture
def city(tree):
    city = UnitFactory(name="测试市", kind=Unit.Kind.CITY, parent=None)
    district = tree["district"]
    district.parent = city
    district.save()  # moves the district's subtree under the city
    for unit in tree.values():
        unit.refresh_from_db()
    other = UnitFactory(name="另一区", kind=Unit.Kind.DISTRICT, parent=city)
    elsewhere = UnitFactory(name="另一区三号镇", kind=Unit.Kind.TOWNSHIP, parent=other)
    return {
        "city": city,
        "other": other,
        "elsewhere": elsewhere,
        "office": person("city_intake", city, Role.INTAKE),
        "supervisor": person("city_supervisor", city, Role.SUPERVISOR),
        "other_office": person("other_intake", other, Role.INTAKE),
    }


def sees(user, report) -> bool:
    return selectors.report_list(user=user).filter(pk=report.pk).exists()


@at(DAY)
def test_the_city_office_assigns_a_lead_to_a_township_and_the_reply_comes_back(tree, people, city):
    lead = make_intake(
        village=tree["village"], source="office", channel="phone", actor=city["office"]
    ).report
    assert lead.township == city["city"]  # the city keeps what it registers
    assert not sees(people["intake"], lead)
    lead = services.report_assign(
        report=lead,
        actor=city["office"],
        township=tree["township"],
        number="测市安办交〔2026〕3号",
        deadline=DAY + dt.timedelta(days=15),
    )
    assert (lead.township, lead.assigned_by) == (tree["township"], city["city"])
    assert lead.upstream_body == "测试市安全生产委员会办公室"
    assert sees(people["intake"], lead) and sees(city["supervisor"], lead)
    assert sees(people["supervisor"], lead)  # the district sees its townships' cases
    assert not sees(city["other_office"], lead)  # another district never
    lead = services.report_accept(
        report=lead, actor=people["intake"], unit=tree["station"], summary="核查城区仓库消防问题"
    )
    assert lead.due_date == DAY + dt.timedelta(days=15)  # the city's deadline binds
    lead = services.report_acknowledge(report=lead, actor=people["officer"])
    conclusion = services.conclusion_propose(
        report=lead, actor=people["officer"], verdict="true", account="属实", decision="整改"
    )
    services.conclusion_sign(conclusion=conclusion, actor=people["head"])
    services.conclusion_review(
        conclusion=conclusion, actor=people["intake"], accept=True, reward_conditions_met=False
    )
    told = Notice.objects.filter(recipient=city["office"], text__contains="测市安办交〔2026〕3号")
    assert told.exists() and sees(city["office"], lead)


@at(DAY)
def test_the_city_supervisor_opens_every_districts_dashboard_a_district_only_its_own(
    client, tree, people, city
):
    client.force_login(city["supervisor"])
    for unit in (city["city"], tree["district"], city["other"], city["elsewhere"]):
        assert client.get(reverse("dashboards:home"), {"unit": unit.pk}).status_code == 200
    client.force_login(people["supervisor"])  # the district's supervisor
    assert client.get(reverse("dashboards:home"), {"unit": tree["district"].pk}).status_code == 200
    for unit in (city["city"], city["other"], city["elsewhere"]):
        assert client.get(reverse("dashboards:home"), {"unit": unit.pk}).status_code == 404
