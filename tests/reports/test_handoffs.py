"""Every step that puts work on someone tells them at once (inbox, e-mail, group robot), and the
notice clears for everyone once the work is done or when they open the page it points to. A
unit without a head account is signed for by the person its township names."""

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.models import Notice, OutboxMessage
from reports import services
from reports.models import Conclusion
from tests.reports.factories import make_intake
from tests.reports.lifecycle_helpers import SUMMARY, investigating, proposed, submitted
from units import permissions
from units.permissions import Perm

pytestmark = pytest.mark.django_db


def unread(user, contains: str = "") -> list[str]:
    notices = Notice.objects.filter(recipient=user, read_at__isnull=True)
    return [n.text for n in notices if contains in n.text]


def test_a_transfer_tells_the_unit_at_once_and_acknowledging_clears_it_for_all(tree, people):
    tree["station"].robot_webhook_url = "https://robot.example.test/hook"
    tree["station"].save()
    people["head"].email = "head@example.test"
    people["head"].save()
    report = submitted(tree)
    assert unread(people["intake"], report.number)  # the office heard of the new lead
    report = services.report_accept(
        report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
    )
    assert not unread(people["intake"], report.number)  # accepted: its notice cleared
    for who in ("officer", "head"):
        [text] = unread(people[who], report.number)
        assert "签收" in text and str(report.due_date) in text
    sent = OutboxMessage.objects.filter(text__contains=report.number)
    assert {m.channel for m in sent} >= {"email", "webhook"}
    services.report_acknowledge(report=report, actor=people["officer"])
    # The head did not acknowledge it, but the work is done: it leaves their inbox too.
    assert not unread(people["officer"], report.number)
    assert not unread(people["head"], report.number)


def test_signing_reviewing_and_sending_back_each_reach_the_next_person(tree, people):
    report, conclusion = proposed(tree, people)
    assert unread(people["head"], "签署")
    services.conclusion_decline(conclusion=conclusion, actor=people["head"], note="补充现场照片")
    assert not unread(people["head"], "签署")
    [back] = unread(people["officer"], "退回")
    assert "补充现场照片" in back
    conclusion = services.conclusion_propose(
        report=report,
        actor=people["officer"],
        verdict="true",
        account="已补充照片",
        decision="整改",
    )
    assert not unread(people["officer"], "退回")  # proposing again is the work it asked
    services.conclusion_sign(conclusion=conclusion, actor=people["head"])
    assert not unread(people["head"], report.number)
    assert unread(people["intake"], "审核")
    services.conclusion_review(
        conclusion=conclusion, actor=people["intake"], accept=True, reward_conditions_met=True
    )
    assert not unread(people["intake"], "审核")


def test_an_extension_goes_to_the_head_then_the_leader_and_clears_when_decided(tree, people):
    report = investigating(tree, people)
    extension = services.extension_request(
        report=report, actor=people["officer"], days=20, reason="需等待检测报告"
    )
    assert unread(people["head"], "延期20天")
    services.extension_endorse(extension=extension, actor=people["head"])
    assert not unread(people["head"], "延期20天")
    assert unread(people["leader"], "延期20天")
    services.extension_decide(extension=extension, actor=people["leader"], approve=True)
    assert not unread(people["leader"], "延期20天")


def test_opening_the_case_page_reads_ones_own_notices_about_it(client, tree, people):
    report = services.report_accept(
        report=submitted(tree), actor=people["intake"], unit=tree["station"], summary=SUMMARY
    )
    client.force_login(people["officer"])
    page = client.get(reverse("reports:unit-case", args=[report.number]))
    assert page.status_code == 200
    assert not unread(people["officer"], report.number)
    assert unread(people["head"], report.number)  # the head has not opened it yet


def test_a_unit_without_a_head_is_signed_for_by_the_township_leader(tree, people):
    # 东村 has an officer and no head account.
    report = services.report_accept(
        report=submitted(tree), actor=people["intake"], unit=tree["village"], summary=SUMMARY
    )
    report = services.report_acknowledge(report=report, actor=people["village_officer"])
    conclusion = services.conclusion_propose(
        report=report,
        actor=people["village_officer"],
        verdict="true",
        account="属实，已整改",
        decision="责令整改",
    )
    assert unread(people["leader"], "签署")  # someone who exists is told
    assert conclusion in [c for c in _to_sign(people["leader"])]
    services.conclusion_sign(conclusion=conclusion, actor=people["leader"])
    assert Conclusion.objects.get(pk=conclusion.pk).signed_by == people["leader"]
    # The officer cannot sign their own proposal, and another township's office never can.
    assert not permissions.can(people["village_officer"], Perm.SIGN, tree["village"])
    assert not permissions.can(people["intake2"], Perm.SIGN, tree["village"])


def test_the_township_may_name_its_office_to_sign_instead(tree, people):
    tree["township"].headless_signer = "intake"
    tree["township"].save()
    assert permissions.can(people["intake"], Perm.SIGN, tree["village"])
    assert not permissions.can(people["leader"], Perm.SIGN, tree["village"])
    # A unit with a head is signed by its head only.
    assert not permissions.can(people["intake"], Perm.SIGN, tree["station"])
    report = services.report_accept(
        report=submitted(tree), actor=people["intake"], unit=tree["village"], summary=SUMMARY
    )
    report = services.report_acknowledge(report=report, actor=people["village_officer"])
    extension = services.extension_request(
        report=report, actor=people["village_officer"], days=10, reason="等待检测"
    )
    assert unread(people["intake"], "延期10天")
    with pytest.raises(ApplicationError):
        services.extension_endorse(extension=extension, actor=people["leader"])
    services.extension_endorse(extension=extension, actor=people["intake"])


def test_a_lead_assigned_from_above_clears_the_district_offices_notice(tree, people):
    import datetime as dt

    from tests.clock import at
    from tests.units.factories import person
    from units.models import Role

    office = person("district_intake", tree["district"], Role.INTAKE)
    with at(dt.date(2026, 11, 2)):
        lead = make_intake(
            village=tree["village"], source="office", channel="phone", actor=office
        ).report
        services.report_assign(
            report=lead,
            actor=office,
            township=tree["township"],
            number="测安办交〔2026〕1号",
            deadline=dt.date(2026, 11, 20),
        )
    assert unread(people["intake"], lead.number)
    assert not unread(office, lead.number)


def _to_sign(user) -> list:
    from reports.selectors import awaiting

    return awaiting(user=user)["to_sign"]
