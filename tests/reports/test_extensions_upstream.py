"""A case assigned from above (a 12345 ticket, a district slip) cannot be extended past the
assigning body's deadline by the township alone: the leader's approval waits for the body's,
which the office records; only then does the due date move, never beyond what the body
approved. Within the upstream deadline the usual flow applies."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.models import Holiday, Notice
from reports import services
from reports.models import Extension, Report
from reports.selectors import unit_timeline
from tests.clock import at
from tests.reports.lifecycle_helpers import SUMMARY, submitted

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 2)


def ticket(tree, people, deadline: dt.date, number: str = "12345-2026-0001") -> Report:
    """A 12345 ticket accepted on Monday 2 November 2026 and acknowledged by the station."""
    with at(MONDAY):
        report = submitted(
            tree,
            source="upstream",
            channel="12345",
            upstream_body="区12345热线办",
            external_number=number,
            upstream_deadline=deadline,
            reporters=[],
        )
        services.report_accept(
            report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
        )
        return services.report_acknowledge(report=report, actor=people["officer"])


def asked_and_endorsed(report: Report, people, days: int = 10) -> Extension:
    with at(MONDAY + dt.timedelta(days=3)):
        extension = services.extension_request(
            report=report, actor=people["officer"], days=days, reason="需等待第三方检测报告"
        )
        return services.extension_endorse(extension=extension, actor=people["head"])


def leader_approves(extension: Extension, people) -> Extension:
    with at(MONDAY + dt.timedelta(days=4)):
        return services.extension_decide(
            extension=extension, actor=people["leader"], approve=True, note="同意，报区热线办"
        )


def body_decides(extension: Extension, actor, **overrides) -> Extension:
    fields = {
        "approve": True,
        "decided_by": "区12345热线办 王科长",
        "decided_on": dt.date(2026, 11, 9),
        "reference": "区热线办复〔2026〕88号",
    }
    fields.update(overrides)
    with at(dt.date(2026, 11, 10)):
        return services.extension_body_decide(extension=extension, actor=actor, **fields)


def actions(report: Report) -> list[str]:
    """The steps the unit reads on its case page."""
    return [e.action for e in unit_timeline(report)]


def test_the_leaders_approval_alone_does_not_pass_the_upstream_deadline(tree, people):
    report = ticket(tree, people, deadline=dt.date(2026, 11, 20))
    assert report.due_date == dt.date(2026, 11, 20)  # the earlier of 60 days and the ticket's
    extension = asked_and_endorsed(report, people, days=10)
    for _ in range(2):
        extension = leader_approves(extension, people)
    report.refresh_from_db()
    assert report.due_date == dt.date(2026, 11, 20)  # does not move on the leader's word
    assert extension.needs_body_approval
    assert extension.status == Extension.Status.AWAITING_BODY
    assert "reports.extension.awaiting_body" in actions(report)
    # The unit and the office are told it waits for the assigning body.
    for who in ("officer", "intake"):
        assert Notice.objects.filter(
            recipient=people[who], text__contains="区12345热线办", link__gt=""
        ).exists(), who
    # Meanwhile the unit cannot ask for another extension.
    with pytest.raises(ApplicationError, match="一次"):
        services.extension_request(report=report, actor=people["officer"], days=5, reason="再延")


def test_the_due_date_moves_once_the_bodys_approval_is_recorded(tree, people):
    report = ticket(tree, people, deadline=dt.date(2026, 11, 20))
    extension = leader_approves(asked_and_endorsed(report, people, days=10), people)
    # Only the office records it, with who decided at the body, when, and its reference.
    for who in ("leader", "officer", "head", "supervisor", "intake2"):
        with pytest.raises(ApplicationError, match="只有负责本案的安委办"):
            body_decides(extension, people[who])
    with pytest.raises(ApplicationError, match="文号"):
        body_decides(extension, people["intake"], reference=" ")
    with pytest.raises(ApplicationError, match="交办单位由谁"):
        body_decides(extension, people["intake"], decided_by="")
    with pytest.raises(ApplicationError, match="未来"):
        body_decides(extension, people["intake"], decided_on=dt.date(2026, 11, 11))
    report.refresh_from_db()
    assert report.due_date == dt.date(2026, 11, 20)

    for _ in range(2):
        extension = body_decides(extension, people["intake"])
    report.refresh_from_db()
    assert extension.status == Extension.Status.APPROVED
    assert (extension.old_due_date, extension.new_due_date) == (
        dt.date(2026, 11, 20),
        dt.date(2026, 11, 30),
    )
    assert report.due_date == dt.date(2026, 11, 30)
    # The assigning body's deadline is now the one it approved; the old one is kept.
    assert report.upstream_deadline == dt.date(2026, 11, 30)
    assert extension.previous_upstream_deadline == dt.date(2026, 11, 20)
    assert extension.body_reference == "区热线办复〔2026〕88号"
    assert actions(report).count("reports.extension.approved") == 1
    assert Notice.objects.filter(recipient=people["officer"], text__contains="2026-11-30").exists()
    # Counted again from what the case keeps (as when the holiday table changes), nothing moves.
    with at(dt.date(2026, 11, 12)):
        assert services.deadlines_recompute().due_moved == 0
    report.refresh_from_db()
    extension.refresh_from_db()
    assert report.due_date == dt.date(2026, 11, 30)
    assert (extension.old_due_date, extension.new_due_date) == (
        dt.date(2026, 11, 20),
        dt.date(2026, 11, 30),
    )


def test_never_beyond_what_the_body_approved(tree, people):
    report = ticket(tree, people, deadline=dt.date(2026, 11, 20))
    extension = leader_approves(asked_and_endorsed(report, people, days=20), people)
    with pytest.raises(ApplicationError, match="新期限"):
        body_decides(extension, people["intake"], new_deadline=dt.date(2026, 11, 18))
    extension = body_decides(extension, people["intake"], new_deadline=dt.date(2026, 11, 27))
    report.refresh_from_db()
    # 20 days would be 10 December; the body allowed until 27 November.
    assert report.due_date == extension.new_due_date == dt.date(2026, 11, 27)
    assert report.upstream_deadline == dt.date(2026, 11, 27)


def test_refused_by_the_body_the_due_date_stays(tree, people):
    report = ticket(tree, people, deadline=dt.date(2026, 11, 20))
    extension = leader_approves(asked_and_endorsed(report, people), people)
    extension = body_decides(extension, people["intake"], approve=False, note="不同意延期")
    report.refresh_from_db()
    assert extension.status == Extension.Status.REFUSED
    assert (report.due_date, report.upstream_deadline) == (dt.date(2026, 11, 20),) * 2
    assert "reports.extension.body_refused" in actions(report)
    assert Notice.objects.filter(recipient=people["officer"], text__contains="不同意").exists()
    # The unit may ask again (say, for fewer days).
    with at(dt.date(2026, 11, 11)):
        again = services.extension_request(
            report=report, actor=people["officer"], days=3, reason="检测报告11月18日出具"
        )
    assert again.pk != extension.pk


def test_within_the_upstream_deadline_the_usual_flow_applies(tree, people):
    Holiday.objects.filter(date__year=2027).delete()  # Monday to Friday, as chinese-calendar
    report = ticket(tree, people, deadline=dt.date(2027, 3, 31))
    assert report.due_date == dt.date(2027, 1, 1)  # 60 days, earlier than the ticket's
    extension = asked_and_endorsed(report, people, days=10)
    assert not extension.needs_body_approval
    extension = leader_approves(extension, people)
    report.refresh_from_db()
    assert extension.status == Extension.Status.APPROVED
    assert report.due_date == dt.date(2027, 1, 11)
    assert report.upstream_deadline == dt.date(2027, 3, 31)
    with pytest.raises(ApplicationError, match="交办单位"):
        body_decides(extension, people["intake"])


def test_the_office_records_the_bodys_approval_in_the_admin(client, tree, people):
    report = ticket(tree, people, deadline=dt.date(2026, 11, 20))
    extension = leader_approves(asked_and_endorsed(report, people, days=10), people)
    with at(dt.date(2026, 11, 6)):
        client.force_login(people["leader"])
        unit_page = client.get(reverse("reports:unit-case", args=[report.number]))
    html = unit_page.content.decode()
    assert "等待交办单位批准" in html and "区12345热线办" in html
    change = reverse("admin:reports_report_change", args=[report.pk])
    action = reverse("admin:reports_report_action", args=[report.pk, "body_extension"])
    with at(dt.date(2026, 11, 10)):
        client.force_login(people["intake"])
        assert 'id="tool-body_extension"' in client.get(change).content.decode()
        form = client.get(action)
        assert form.status_code == 200 and "2026-11-20" in form.content.decode()
        refused = client.post(
            action,
            {"decision": "approve", "decided_by": "王科长", "decided_on": "2026-11-09"},
        )
        assert "文号" in refused.content.decode()
        client.post(
            action,
            {
                "decision": "approve",
                "decided_by": "区12345热线办 王科长",
                "decided_on": "2026-11-09",
                "reference": "区热线办复〔2026〕88号",
                "new_deadline": "",
                "note": "",
            },
        )
    report.refresh_from_db()
    extension.refresh_from_db()
    assert extension.status == Extension.Status.APPROVED
    assert report.due_date == dt.date(2026, 11, 30)
