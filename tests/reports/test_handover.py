"""移送: a township hands a case to a district department. The department works it like any
unit; the township keeps the case, its reporter, its due date and who pays."""

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.models import Notice
from reports import disclosure, selectors, services
from reports.models import Handover, Report
from rewards.services.common import payer_for
from tests.reports.lifecycle_helpers import investigating, submitted, transferred
from tests.units.factories import UnitFactory, person
from units.models import Role, Unit

pytestmark = pytest.mark.django_db

REASON = "该企业属区级监管的危险化学品经营单位"
ASKED = "请依法立案查处，并将结果告知乡安委办"


@pytest.fixture
def department(tree):
    return UnitFactory(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"])


@pytest.fixture
def staff(department):
    return {
        "officer": person("dept_officer", department, Role.OFFICER),
        "head": person("dept_head", department, Role.HEAD),
    }


def hand_over(report, people, department, **overrides):
    kwargs = {"reason": REASON, "request": ASKED} | overrides
    return services.report_hand_over(
        report=report, actor=people["intake"], unit=department, **kwargs
    )


def test_a_handed_case_goes_to_the_department_and_keeps_its_due_date(
    tree, people, department, staff
):
    report = investigating(tree, people)
    due = report.due_date
    report = hand_over(report, people, department)
    assert report.status == Report.Status.TRANSFERRED
    assert report.responsible_unit == department and report.due_date == due
    handover = Handover.objects.get()
    assert (handover.from_unit, handover.previous_unit) == (tree["township"], tree["station"])
    assert handover.reason == REASON and handover.request == ASKED
    assert Notice.objects.filter(recipient=staff["officer"], text__contains=report.number)
    # The reporter reads that the case went to the department, not why.
    public = [s["label"] for s in selectors.public_timeline(report)]
    assert any("移送" in str(label) for label in public)
    # 谁受理、谁奖励: the township still pays.
    assert payer_for(report) == tree["township"]


def test_each_level_sees_what_is_below_it_and_nothing_beside_it(tree, people, department, staff):
    report = hand_over(investigating(tree, people), people, department)

    def sees(user):
        return selectors.report_list(user=user).filter(pk=report.pk).exists()

    assert sees(staff["officer"]) and sees(staff["head"])  # the department works it
    assert sees(people["intake"]) and sees(people["leader"])  # the township keeps it
    assert sees(people["supervisor"])  # the district sees the whole district
    assert not sees(people["officer"])  # the station no longer handles it
    assert not sees(people["intake2"])  # another township never
    other = UnitFactory(name="区交通执法支队", kind=Unit.Kind.DEPARTMENT, parent=tree["district"])
    assert not sees(person("traffic", other, Role.OFFICER))  # another department neither


def test_the_department_works_it_and_the_township_concludes_and_answers(
    tree, people, department, staff
):
    report = hand_over(investigating(tree, people), people, department)
    report = services.report_acknowledge(report=report, actor=staff["officer"])
    record = services.enforcement_update(
        report=report,
        actor=staff["officer"],
        values={
            "case_filed_on": report.accepted_at.date(),
            "case_file_number": "万应急立〔2026〕1号",
            "penalty_decided_on": report.accepted_at.date(),
            "penalty_decision_number": "万应急罚〔2026〕1号",
            "fine": 20000,
        },
    )
    assert record.penalty_authority == "区应急局"  # 处罚机关 recorded
    conclusion = services.conclusion_propose(
        report=report,
        actor=staff["officer"],
        verdict="true",
        account="经查属实，已立案查处。",
        decision="罚款两万元，责令整改。",
    )
    services.conclusion_sign(conclusion=conclusion, actor=staff["head"])
    # The department cannot conclude: the township's office reviews and answers.
    with pytest.raises(ApplicationError):
        services.conclusion_review(
            conclusion=conclusion, actor=staff["head"], accept=True, reward_conditions_met=True
        )
    report = services.conclusion_review(
        conclusion=conclusion, actor=people["intake"], accept=True, reward_conditions_met=True
    )
    assert report.status == Report.Status.CONCLUDED


def test_the_department_reads_why_and_what_is_asked_but_never_the_reporter(
    tree, people, department, staff, client
):
    report = hand_over(investigating(tree, people), people, department)
    view = disclosure.unit_view(report)
    assert view.handed_over_by == "一号乡安全生产委员会办公室" and view.handover_request == ASKED
    client.force_login(staff["officer"])
    html = client.get(reverse("reports:unit-case", args=[report.number])).content.decode()
    assert REASON in html and ASKED in html
    assert "张三丰" not in html and "13812345678" not in html


def test_refusals_say_why(tree, people, department, staff):
    report = transferred(tree, people)
    with pytest.raises(ApplicationError) as refused:
        hand_over(report, people, tree["station"])
    assert "区级部门" in refused.value.message
    elsewhere = UnitFactory(name="外区", kind=Unit.Kind.DISTRICT)
    foreign = UnitFactory(name="外区应急局", kind=Unit.Kind.DEPARTMENT, parent=elsewhere)
    with pytest.raises(ApplicationError):
        hand_over(report, people, foreign)
    with pytest.raises(ApplicationError) as refused:
        hand_over(report, people, department, request="")
    assert "移送理由和请部门办理的事项" in refused.value.message
    with pytest.raises(ApplicationError) as refused:
        hand_over(report, people, department, reason="举报人张三丰电话13812345678")
    assert "移送理由" in refused.value.message and "不能让承办单位知道" in refused.value.message
    with pytest.raises(ApplicationError):
        services.report_hand_over(
            report=report, actor=people["intake2"], unit=department, reason=REASON, request=ASKED
        )
    with pytest.raises(ApplicationError) as refused:
        hand_over(submitted(tree), people, department)
    assert "不能进行此操作" in refused.value.message  # a lead not yet accepted
    assert not Handover.objects.exists()


def test_handing_over_twice_is_one_hand_over(tree, people, department, staff):
    report = hand_over(transferred(tree, people), people, department)
    again = hand_over(report, people, department)
    assert again.responsible_unit == department
    assert Handover.objects.count() == 1
    assert Notice.objects.filter(recipient=staff["officer"]).count() == 1


def test_the_office_hands_over_from_the_case_page_and_a_refusal_keeps_what_was_typed(
    client, tree, people, department, staff
):
    report = investigating(tree, people)
    client.force_login(people["intake"])
    url = reverse("admin:reports_report_action", args=[report.pk, "hand_over"])
    page = client.get(url)
    assert page.status_code == 200 and "区应急局" in page.content.decode()
    assert "区应急局" in [u.name for u in page.context["form"].fields["unit"].queryset]
    refused = client.post(url, {"unit": department.pk, "reason": "张三丰举报的", "request": ASKED})
    html = refused.content.decode()
    assert "不能让承办单位知道" in html and ASKED in html
    client.post(url, {"unit": department.pk, "reason": REASON, "request": ASKED})
    report.refresh_from_db()
    assert report.responsible_unit == department
    # Handed once, it is no longer offered.
    assert client.get(url).status_code in (302, 404)


def hand_over_enforcement(report, people, department, **overrides):
    kwargs = {"reason": REASON, "request": ASKED} | overrides
    return services.report_hand_over_enforcement(
        report=report, actor=people["intake"], unit=department, **kwargs
    )


def test_the_enforcement_matter_alone_goes_to_the_department(tree, people, department, staff):
    report = hand_over_enforcement(investigating(tree, people), people, department)
    assert report.responsible_unit == tree["station"] and report.status == "investigating"
    assert report.enforcement_unit == department
    assert Handover.objects.get().scope == Handover.Scope.ENFORCEMENT
    assert Notice.objects.filter(recipient=staff["officer"], text__contains=report.number)

    def sees(user):
        return selectors.report_list(user=user).filter(pk=report.pk).exists()

    # Both the station and the department see it; the department records the penalty.
    assert sees(staff["officer"]) and sees(people["officer"]) and sees(people["intake"])
    record = services.enforcement_update(
        report=report,
        actor=staff["officer"],
        values={
            "penalty_decided_on": report.accepted_at.date(),
            "penalty_decision_number": "区应急罚〔2026〕2号",
            "fine": 30000,
        },
    )
    assert record.penalty_authority == "区应急局"
    # The department does not conclude: the station proposes, as before.
    with pytest.raises(ApplicationError):
        services.conclusion_propose(
            report=report, actor=staff["officer"], verdict="true", account="属实", decision="罚款"
        )
    services.conclusion_propose(
        report=report, actor=people["officer"], verdict="true", account="属实", decision="罚款"
    )
    # Twice is once; another department cannot take it over.
    assert hand_over_enforcement(report, people, department).enforcement_unit == department
    other = UnitFactory(name="区市场监管局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"])
    with pytest.raises(ApplicationError):
        hand_over_enforcement(report, people, other)


def test_the_department_page_offers_only_the_enforcement(client, tree, people, department, staff):
    report = hand_over_enforcement(investigating(tree, people), people, department)
    client.force_login(staff["officer"])
    page = client.get(reverse("reports:unit-case", args=[report.number]))
    actions = {name for name, offered in page.context["actions"].items() if offered}
    assert actions == {"enforcement"}
    assert ASKED in page.content.decode()
    assert "张三丰" not in page.content.decode()


def test_an_enforcement_hand_over_before_acknowledgement_is_refused(
    tree, people, department, staff
):
    with pytest.raises(ApplicationError) as refused:
        hand_over_enforcement(transferred(tree, people), people, department)
    assert "签收" in refused.value.message
    assert not Handover.objects.exists()
