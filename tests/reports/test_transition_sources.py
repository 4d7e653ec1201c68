"""Each service moves a case only from the statuses it is for, not from any status the map
allows to reach the same target: a unit cannot "acknowledge" a case under the office's review
or under an objection back into investigation (that would reopen a concluded case past the
objection's review, its reward left payable), the office cannot "accept" a returned case
again (restarting its clock), and cannot "reroute" a lead nobody accepted (sending it to a
unit past the vetting of acceptance)."""

import pytest

from core.errors import ApplicationError
from core.models import TimelineEntry
from reports import services
from reports.models import Report
from tests.reports.lifecycle_helpers import (
    SUMMARY,
    concluded,
    investigating,
    submitted,
    transferred,
    under_review,
)

pytestmark = pytest.mark.django_db
S = Report.Status


def test_a_unit_cannot_acknowledge_a_case_under_the_offices_review(tree, people):
    report, _conclusion = under_review(tree, people)
    with pytest.raises(ApplicationError, match="不能进行此操作"):
        services.report_acknowledge(report=report, actor=people["officer"])
    report.refresh_from_db()
    assert report.status == S.UNDER_REVIEW


def test_a_unit_cannot_reopen_a_case_under_objection_by_acknowledging_it(tree, people):
    report = concluded(tree, people)
    services.reply_mark_delivered(report=report, method="track")
    services.objection_submit(report=report, reason="整改没有完成，晚上照常生产")
    report.refresh_from_db()
    assert report.status == S.OBJECTION
    with pytest.raises(ApplicationError, match="不能进行此操作"):
        services.report_acknowledge(report=report, actor=people["officer"])
    report.refresh_from_db()
    assert report.status == S.OBJECTION
    assert not TimelineEntry.objects.filter(
        object_id=report.pk,
        action="reports.report.acknowledged",
        created_at__gt=report.concluded_at,
    ).exists()


def test_a_returned_case_cannot_be_accepted_again_to_restart_its_clock(tree, people):
    report = investigating(tree, people)
    accepted_at, due = report.accepted_at, report.due_date
    services.report_return(report=report, actor=people["officer"], reason="不属本单位职责")
    with pytest.raises(ApplicationError, match="不能进行此操作"):
        services.report_accept(
            report=report, actor=people["intake"], unit=tree["member"], summary=SUMMARY
        )
    report.refresh_from_db()
    assert report.status == S.RETURNED
    assert (report.accepted_at, report.due_date) == (accepted_at, due)
    # Rerouting is the way on, and keeps the clock.
    report = services.report_reroute(report=report, actor=people["intake"], unit=tree["member"])
    assert report.status == S.TRANSFERRED and report.due_date == due


def test_a_lead_nobody_accepted_cannot_be_rerouted_to_a_unit(tree, people):
    report = submitted(tree)
    with pytest.raises(ApplicationError, match="不能进行此操作"):
        services.report_reroute(report=report, actor=people["intake"], unit=tree["station"])
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    assert report.responsible_unit_id is None and not report.transfer_summary


def test_the_allowed_moves_still_work_and_repeat_safely(tree, people):
    report = transferred(tree, people)
    report = services.report_acknowledge(report=report, actor=people["officer"])
    assert report.status == S.INVESTIGATING
    again = services.report_acknowledge(report=report, actor=people["officer"])
    assert again.status == S.INVESTIGATING
    assert (
        TimelineEntry.objects.filter(
            object_id=report.pk, action="reports.report.acknowledged"
        ).count()
        == 1
    )


def test_a_crafted_acknowledge_post_on_a_case_under_objection_changes_nothing(tree, people, client):
    """As an abuser would: the unit's officer posts the "acknowledge" step by hand."""
    from django.urls import reverse

    report = concluded(tree, people)
    services.reply_mark_delivered(report=report, method="track")
    services.objection_submit(report=report, reason="整改没有完成，晚上照常生产")
    client.force_login(people["officer"])
    url = reverse("reports:unit-action", args=[report.number, "acknowledge"])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "不能进行此操作" in response.content.decode()
    report.refresh_from_db()
    assert report.status == S.OBJECTION
