"""The lifecycle through the pages: /unit/ for units, heads and leaders; the admin for the
office; /track/ for the reporter."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import Conclusion, Extension, Report
from tests.reports.factories import make_intake
from tests.reports.lifecycle_helpers import (
    SUMMARY,
    concluded,
    investigating,
    submitted,
    transferred,
    under_review,
)

pytestmark = pytest.mark.django_db
IDENTITY = ("张三丰", "13812345678")


def test_an_identity_in_the_description_never_reaches_the_unit(client, tree, people):
    report = submitted(
        tree, description="我是张三丰，电话13812345678，工厂夜里偷偷生产，消防通道被堵"
    )
    services.message_from_reporter(report=report, body="我住在工厂后面，张三丰")
    summary = services.summary_prefill(report)
    services.report_accept(
        report=report, actor=people["intake"], unit=tree["station"], summary=summary
    )
    services.reporter_unseal(report=report, actor=people["custodian"], reason="核实身份信息")
    for who in ("officer", "head", "leader"):
        client.force_login(people[who])
        pages = [
            client.get(reverse("reports:unit-home")),
            client.get(reverse("reports:unit-case", args=[report.number])),
        ]
        for page in pages:
            html = page.content.decode()
            assert page.status_code == 200
            for secret in IDENTITY:
                assert secret not in html, (who, secret)
            assert "我住在工厂后面" not in html  # the reporter's messages
            assert "核实身份信息" not in html  # the unsealing is the office's
        assert "工厂夜里偷偷生产" in pages[1].content.decode()  # the summary is there


@pytest.mark.parametrize("cases", [1, 50])
def test_the_unit_list_costs_the_same_queries_for_1_and_50_cases(
    client, tree, people, django_assert_num_queries, cases
):
    for _ in range(cases):
        report = make_intake(village=tree["village"]).report
        services.report_accept(
            report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
        )
    client.force_login(people["head"])
    # session, user, memberships, savepoint and release, the cases, four "waiting for me"
    # lists (conclusions to sign, extensions to endorse and to approve, supervised cases), the
    # rewards waiting (one aggregate, through the workspace hook), the publicity items (the
    # units, the month's forms, the key tasks due), the conclusions to review (the office's)
    # and the unread-messages badge.
    with django_assert_num_queries(15):
        response = client.get(reverse("reports:unit-home"))
    assert response.content.decode().count('href="/unit/cases/JB') == cases


def test_days_left_are_colour_coded(client, tree, people):
    report = transferred(tree, people)
    Report.objects.filter(pk=report.pk).update(
        due_date=timezone.localdate() - timezone.timedelta(days=3)
    )
    client.force_login(people["officer"])
    html = client.get(reverse("reports:unit-home")).content.decode()
    assert 'class="badge late"' in html and "已超期 3 天" in html


def test_the_unit_works_its_case_through_the_pages(client, tree, people):
    report = transferred(tree, people)
    client.force_login(people["officer"])
    case = reverse("reports:unit-case", args=[report.number])
    action = lambda name: reverse("reports:unit-action", args=[report.number, name])  # noqa: E731
    assert "do-acknowledge" in client.get(case).content.decode()
    client.post(action("acknowledge"))
    client.post(action("note"), {"note": "已到现场核查，通道确实被堵"})
    today = timezone.localdate().isoformat()
    bad = client.post(action("enforcement"), {"fine": "5000"})
    assert bad.status_code == 400
    assert "处罚决定书文号" in bad.content.decode()
    assert 'value="5000"' in bad.content.decode()  # what was typed is kept
    client.post(
        action("enforcement"),
        {"penalty_decision_number": "恒罚〔2026〕1号", "penalty_decided_on": today, "fine": "5000"},
    )
    report.refresh_from_db()
    assert report.enforcement.fine == Decimal("5000")
    client.post(action("extension"), {"days": "15", "reason": "等待第三方检测"})
    client.post(
        action("propose"),
        {"verdict": "true", "account": "现场查实通道堵塞", "decision": "责令整改，罚款5000元"},
    )
    assert report.conclusions.get().status == Conclusion.Status.PROPOSED

    client.force_login(people["head"])
    home = client.get(reverse("reports:unit-home")).content.decode()
    assert "签署办结意见" in home and "审核 15 天的延期申请" in home
    client.post(action("endorse"), {"approve": "yes"})
    client.post(action("sign"), {"approve": "yes"})
    report.refresh_from_db()
    assert report.status == Report.Status.UNDER_REVIEW

    client.force_login(people["leader"])
    assert "审批" in client.get(reverse("reports:unit-home")).content.decode()
    client.post(action("approve"), {"approve": "yes", "note": "同意"})
    assert report.extensions.get().status == Extension.Status.APPROVED


def test_a_refused_step_shows_the_message_and_keeps_the_form(client, tree, people):
    report = investigating(tree, people)
    client.force_login(people["officer"])
    response = client.post(
        reverse("reports:unit-action", args=[report.number, "extension"]),
        {"days": "45", "reason": "需要更多时间"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "需要更多时间" in html and "open" in html


def test_other_units_cannot_open_or_act_on_the_case(client, tree, people):
    report = transferred(tree, people)
    client.force_login(people["village_officer"])
    assert client.get(reverse("reports:unit-case", args=[report.number])).status_code == 404
    assert (
        client.post(reverse("reports:unit-action", args=[report.number, "acknowledge"])).status_code
        == 404
    )


def test_the_office_triages_and_reviews_in_the_admin(client, tree, people):
    report = submitted(tree, description="我是张三丰13812345678，化工仓库泄漏")
    other = submitted(tree)
    client.force_login(people["intake"])
    queue = client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert report.number in queue
    page = client.get(reverse("admin:reports_report_action", args=[report.pk, "accept"]))
    form_html = page.content.decode()
    assert "疑似重复线索" in form_html and other.number in form_html
    summary = page.context["form"].initial["summary"]
    assert "张三丰" not in summary and "13812345678" not in summary
    leaky = client.post(
        reverse("admin:reports_report_action", args=[report.pk, "accept"]),
        {
            "unit": tree["station"].pk,
            "summary": "张三丰反映化工仓库泄漏，请核查",
            "unit_address": "东村二组12号",
        },
    )
    assert (
        "举报人" in leaky.content.decode()
        and Report.objects.get(pk=report.pk).status == "submitted"
    )
    client.post(
        reverse("admin:reports_report_action", args=[report.pk, "accept"]),
        {
            "unit": tree["station"].pk,
            "summary": "化工仓库疑似泄漏，请立即核查",
            "unit_address": "东村二组12号",
        },
    )
    client.post(
        reverse("admin:reports_report_action", args=[other.pk, "merge"]), {"into": report.pk}
    )
    report.refresh_from_db()
    other.refresh_from_db()
    assert report.status == "transferred" and other.merged_into == report
    pdf = client.get(reverse("admin:reports_report_pdf", args=[report.pk, "slip"]))
    assert pdf["Content-Type"] == "application/pdf"


def test_review_by_the_office_and_the_reply_on_track(client, tree, people):
    intake = make_intake(village=tree["village"])
    report = intake.report
    services.report_accept(
        report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
    )
    services.report_acknowledge(report=report, actor=people["officer"])
    conclusion = services.conclusion_propose(
        report=report,
        actor=people["officer"],
        verdict="partly",
        account="部分属实",
        decision="责令整改",
    )
    services.conclusion_sign(conclusion=conclusion, actor=people["head"])
    client.force_login(people["intake"])
    client.post(
        reverse("admin:reports_report_action", args=[report.pk, "review"]),
        {"decision": "accept", "reward_conditions_met": "yes", "note": ""},
    )
    report.refresh_from_db()
    assert report.status == "concluded"
    client.logout()
    client.post(reverse("reports:track"), {"code": intake.receipt_code})
    html = client.get(reverse("reports:track-case")).content.decode()
    assert 'id="reply-verdict"' in html and "部分属实" in html and "符合奖励条件" in html
    report.refresh_from_db()
    assert report.reply_delivery == "track"
    client.post(reverse("reports:track-object"), {"reason": "整改没有完成，通道还堵着"})
    report.refresh_from_db()
    assert report.status == "objection"
    client.force_login(people["intake"])
    client.post(
        reverse("admin:reports_report_action", args=[report.pk, "objection"]),
        {"outcome": "dismiss", "note": "经复查，已整改到位"},
    )
    report.refresh_from_db()
    assert report.status == "closed"


def test_a_step_not_possible_now_is_explained(client, tree, people):
    report = under_review(tree, people)[0]
    client.force_login(people["intake"])
    response = client.get(
        reverse("admin:reports_report_action", args=[report.pk, "accept"]), follow=True
    )
    assert "不能进行此操作" in response.content.decode()


def test_the_case_page_offers_the_right_office_steps(client, tree, people):
    report = concluded(tree, people)
    client.force_login(people["intake"])
    html = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    offered = set(re.findall(r'id="tool-([a-z_]+)"', html))
    assert offered == {"list", "delivered", "close", "withdraw"}


def test_a_merged_reporter_reads_the_main_cases_reply(client, tree, people):
    main = concluded(tree, people)
    duplicate = make_intake(village=tree["village"])
    services.report_merge(report=duplicate.report, into=main, actor=people["intake"])
    client.post(reverse("reports:track"), {"code": duplicate.receipt_code})
    html = client.get(reverse("reports:track-case")).content.decode()
    assert main.number in html and 'id="reply-verdict"' in html
    assert 'id="do-object"' not in html
