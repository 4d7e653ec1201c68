"""交办: the district office assigns a lead it holds to a township in the system; the deadline
binds and the township's reply comes back to the district. Or the district keeps the lead and
transfers it to any unit of the district itself."""

import datetime as dt

import pytest

from core.errors import ApplicationError
from core.models import Notice
from reports import selectors, services
from reports.models import Report
from rewards.services.common import payer_for
from tests.clock import at
from tests.reports.factories import make_intake
from tests.units.factories import UnitFactory, person
from units.models import Role, Unit

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 2)  # a Monday


@pytest.fixture
def district_office(tree):
    return person("district_intake", tree["district"], Role.INTAKE)


def sees(user, report) -> bool:
    return selectors.report_list(user=user).filter(pk=report.pk).exists()


def held_by_district(tree, district_office) -> Report:
    return make_intake(
        village=tree["village"], source="office", channel="phone", actor=district_office
    ).report


@at(DAY)
def test_a_lead_the_district_registers_stays_with_it_until_assigned(tree, people, district_office):
    report = held_by_district(tree, district_office)
    assert report.township == tree["district"]
    assert sees(district_office, report) and not sees(people["intake"], report)
    report = services.report_assign(
        report=report,
        actor=district_office,
        township=tree["township"],
        number="测安办交〔2026〕7号",
        deadline=DAY + dt.timedelta(days=20),
    )
    assert (report.township, report.assigned_by) == (tree["township"], tree["district"])
    assert report.upstream_body == "测试区安全生产委员会办公室"
    assert report.assigned_from_above and sees(people["intake"], report)
    assert Notice.objects.filter(recipient=people["intake"], text__contains="测安办交〔2026〕7号")
    assert not sees(people["intake2"], report)

    # The deadline binds: the due date is the district's, not 60 days.
    report = services.report_accept(
        report=report,
        actor=people["intake"],
        unit=tree["station"],
        summary="核查仓库消防通道堵塞和灭火器过期问题",
    )
    assert report.due_date == DAY + dt.timedelta(days=20)


@at(DAY)
def test_the_townships_reply_goes_back_to_the_district(tree, people, district_office):
    report = services.report_assign(
        report=held_by_district(tree, district_office),
        actor=district_office,
        township=tree["township"],
        number="测安办交〔2026〕8号",
        deadline=DAY + dt.timedelta(days=30),
    )
    report = services.report_accept(
        report=report,
        actor=people["intake"],
        unit=tree["station"],
        summary="核查仓库消防通道堵塞和灭火器过期问题",
    )
    report = services.report_acknowledge(report=report, actor=people["officer"])
    conclusion = services.conclusion_propose(
        report=report, actor=people["officer"], verdict="true", account="属实", decision="整改"
    )
    services.conclusion_sign(conclusion=conclusion, actor=people["head"])
    services.conclusion_review(
        conclusion=conclusion, actor=people["intake"], accept=True, reward_conditions_met=False
    )
    told = Notice.objects.filter(recipient=district_office, text__contains="测安办交〔2026〕8号")
    assert told.exists() and "一号乡" in told.get().text
    assert sees(district_office, report)


@at(DAY)
def test_assigning_is_refused_with_the_reason(tree, people, district_office):
    report = held_by_district(tree, district_office)
    good = {"number": "测安办交〔2026〕9号", "deadline": DAY + dt.timedelta(days=10)}
    with pytest.raises(ApplicationError):  # the township is not the office holding it
        services.report_assign(
            report=report, actor=people["intake"], township=tree["township"], **good
        )
    with pytest.raises(ApplicationError) as refused:  # the problem is not in 二号镇
        services.report_assign(
            report=report, actor=district_office, township=tree["township2"], **good
        )
    assert "问题所在" in refused.value.message
    with pytest.raises(ApplicationError) as refused:
        services.report_assign(
            report=report,
            actor=district_office,
            township=tree["township"],
            number="测安办交〔2026〕9号",
            deadline=DAY,
        )
    assert "期限" in refused.value.message
    with pytest.raises(ApplicationError):
        services.report_assign(
            report=report,
            actor=district_office,
            township=tree["township"],
            number=" ",
            deadline=good["deadline"],
        )
    services.report_assign(report=report, actor=district_office, township=tree["township"], **good)
    again = services.report_assign(
        report=report, actor=district_office, township=tree["township"], **good
    )
    assert again.township == tree["township"]  # safe to repeat
    other = held_by_district(tree, district_office)
    with pytest.raises(ApplicationError) as refused:  # each number once
        services.report_assign(
            report=other, actor=district_office, township=tree["township"], **good
        )
    assert report.number in refused.value.message


@at(DAY)
def test_the_district_keeps_a_lead_and_transfers_it_to_a_department(tree, people, district_office):
    bureau = UnitFactory(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"])
    officer = person("bureau_officer", bureau, Role.OFFICER)
    report = services.report_accept(
        report=held_by_district(tree, district_office),
        actor=district_office,
        unit=bureau,
        summary="核查仓库消防通道堵塞和灭火器过期问题",
    )
    assert report.responsible_unit == bureau and sees(officer, report)
    assert payer_for(report) == tree["district"]  # 谁受理、谁奖励
    # A township's office can neither take it nor transfer it.
    with pytest.raises(ApplicationError):
        services.report_accept(
            report=held_by_district(tree, district_office),
            actor=people["intake"],
            unit=tree["station"],
            summary="核查仓库消防通道堵塞和灭火器过期问题",
        )


def test_the_district_office_registers_and_assigns_in_the_admin(
    client, tree, people, district_office
):
    from django.urls import reverse
    from django.utils import timezone

    from reports.models import Category

    client.force_login(district_office)
    token = client.get(reverse("admin:reports_report_add")).context["form"]["token"].value()
    data = {
        "token": token,
        "source": "office",
        "channel": "phone",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "category": Category.objects.get(code="gas").pk,
        "description": "来电反映东村一家饭店液化气瓶放在大厅，闻到气味",
        "village": tree["village"].pk,
        "address": "东村街上",
        "identity": "anonymous",
        "declaration": "none",
    }
    assert client.post(reverse("admin:reports_report_add"), data).status_code == 200
    report = Report.objects.get()
    assert report.township == tree["district"]
    url = reverse("admin:reports_report_action", args=[report.pk, "assign"])
    page = client.get(url)
    assert page.status_code == 200 and "一号乡" in page.content.decode()
    deadline = (timezone.localdate() + dt.timedelta(days=15)).isoformat()
    client.post(
        url, {"township": tree["township"].pk, "number": "测安办交1号", "deadline": deadline}
    )
    report.refresh_from_db()
    assert report.township == tree["township"] and report.external_number == "测安办交1号"
    # The township sees it in its queue; the action is no longer offered to the district.
    client.force_login(people["intake"])
    queue = client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert report.number in queue


@at(DAY)
def test_only_the_assigning_office_extends_past_its_deadline(tree, people, district_office):
    report = services.report_assign(
        report=held_by_district(tree, district_office),
        actor=district_office,
        township=tree["township"],
        number="测安办交〔2026〕20号",
        deadline=DAY + dt.timedelta(days=20),
    )
    report = services.report_accept(
        report=report,
        actor=people["intake"],
        unit=tree["station"],
        summary="核查仓库消防通道堵塞和灭火器过期问题",
    )
    report = services.report_acknowledge(report=report, actor=people["officer"])
    extension = services.extension_request(
        report=report, actor=people["officer"], days=15, reason="等待检测报告"
    )
    services.extension_endorse(extension=extension, actor=people["head"])
    extension = services.extension_decide(extension=extension, actor=people["leader"], approve=True)
    assert extension.status == "awaiting_body"
    assert Notice.objects.filter(recipient=district_office, text__contains=report.number)
    decision = {"approve": True, "decided_by": "", "decided_on": None, "reference": ""}
    # The township cannot record the district's approval for it.
    with pytest.raises(ApplicationError):
        services.extension_body_decide(extension=extension, actor=people["intake"], **decision)
    extension = services.extension_body_decide(
        extension=extension, actor=district_office, **decision
    )
    report.refresh_from_db()
    assert extension.status == "approved" and extension.body_decided_by.startswith("测试区")
    assert extension.body_reference == "测安办交〔2026〕20号"
    assert report.due_date == DAY + dt.timedelta(days=35)


@at(DAY)
def test_a_department_registers_its_own_tip_for_the_district_office(
    client, tree, people, district_office
):
    from django.urls import reverse
    from django.utils import timezone

    from reports.models import Category

    bureau = UnitFactory(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"])
    officer = person("bureau_officer", bureau, Role.OFFICER)
    client.force_login(officer)
    page = client.get(reverse("reports:unit-register"), follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert "东村" in html and "西村" in html  # every place of the district
    data = {
        "token": page.context["form"]["token"].value(),
        "channel": "phone",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "category": Category.objects.get(code="gas").pk,
        "description": "群众来电反映西村有人私自灌装液化气",
        "village": tree["village2"].pk,
        "address": "西村路口",
        "identity": "anonymous",
        "declaration": "none",
    }
    assert client.post(reverse("reports:unit-register"), data).status_code == 200
    report = Report.objects.get()
    # It waits with the district office, credited to the department, which follows it.
    assert report.township == tree["district"] and report.received_by_unit == bureau
    assert sees(district_office, report) and sees(officer, report)
    assert not sees(people["intake2"], report)


@at(DAY)
def test_repeating_an_assignment_still_asks_who_may(tree, people, district_office):
    good = {"number": "测安办交〔2026〕30号", "deadline": DAY + dt.timedelta(days=10)}
    report = services.report_assign(
        report=held_by_district(tree, district_office),
        actor=district_office,
        township=tree["township"],
        **good,
    )
    # Another township's office cannot even repeat it.
    with pytest.raises(ApplicationError):
        services.report_assign(
            report=report, actor=people["intake2"], township=tree["township"], **good
        )


@at(DAY)
def test_a_careless_number_that_names_the_reporter_is_refused(tree, people, district_office):
    from reports.services import ReporterInput

    lead = make_intake(
        village=tree["village"],
        source="office",
        channel="phone",
        actor=district_office,
        reporters=[ReporterInput(name="张三丰", phone="13812345678", declaration="none")],
    ).report
    with pytest.raises(ApplicationError) as refused:
        services.report_assign(
            report=lead,
            actor=district_office,
            township=tree["township"],
            number="13812345678来电",
            deadline=DAY + dt.timedelta(days=10),
        )
    assert "不能让承办单位知道" in refused.value.message
    lead.refresh_from_db()
    assert lead.township == tree["district"] and lead.external_number == ""
