"""Every clock of the lifecycle, with time travel across a Chinese holiday: it fires on the
right day, to the right people, once, however often the sweep runs; a reminder about a date
never goes out on a holiday (it goes out the working day before)."""

import datetime as dt

import pytest
from django.utils import timezone

from core.models import Notice, OutboxMessage, SentReminder, TimelineEntry
from reports import services
from reports.clocks import clocks_sweep
from reports.models import Report
from tests.clock import at
from tests.migrations import migrated_back
from tests.reports.lifecycle_helpers import SUMMARY, investigating, proposed, submitted, transferred

pytestmark = pytest.mark.django_db


def sweep(day: dt.date) -> dict:
    with at(day):
        return clocks_sweep()


def told(user, kind_words: str = "") -> list[str]:
    """The reminders ``user`` received (the hand-off notices of each step have a subject)."""
    notices = Notice.objects.filter(recipient=user, subject="")
    return [n.text for n in notices if kind_words in n.text]


def due_on_a_tuesday(tree, people):
    """Accepted on Friday 15 May 2026: due Tuesday 14 July, with T-15 (Monday 29 June), T-5
    (Thursday 9 July) and T-1 (Monday 13 July) all working days."""
    with at(dt.date(2026, 5, 15)):
        report = investigating(tree, people)
    assert report.due_date == dt.date(2026, 7, 14)
    return report


def test_an_unaccepted_report_reminds_the_desk_then_the_leader_across_national_day(tree, people):
    # Received Monday 28 September 2026. Five working days: 29 and 30 September, then (1-7
    # October are holidays) 8, 9 and Saturday 10 October, a make-up working day.
    with at(dt.date(2026, 9, 28)):
        report = submitted(tree)
    assert report.acceptance_due == dt.date(2026, 10, 10)
    assert sweep(dt.date(2026, 10, 10)).get("acceptance_overdue") is None  # still in time
    assert sweep(dt.date(2026, 10, 11))["acceptance_overdue"] == 1
    assert told(people["intake"], report.number)
    assert not told(people["leader"], report.number)
    # The leader hears once 2 more working days (12 and 13 October) have passed.
    assert sweep(dt.date(2026, 10, 13)).get("acceptance_escalated") is None
    assert sweep(dt.date(2026, 10, 14))["acceptance_escalated"] == 1
    assert told(people["leader"], report.number)


def test_each_sweep_run_twice_sends_nothing_twice(tree, people):
    with at(dt.date(2026, 11, 2)):
        report = submitted(tree)
    day = report.acceptance_due + dt.timedelta(days=1)
    first = sweep(day)
    notices, outbox = Notice.objects.count(), OutboxMessage.objects.count()
    second = sweep(day)
    assert first["acceptance_overdue"] == 1
    assert "acceptance_overdue" not in second
    assert (Notice.objects.count(), OutboxMessage.objects.count()) == (notices, outbox)
    assert SentReminder.objects.filter(kind="acceptance_overdue").count() == 1
    entries = TimelineEntry.objects.filter(action="reports.reminder.acceptance_overdue")
    assert entries.count() == 1


def test_a_transfer_not_acknowledged_in_a_working_day_reminds_the_unit(tree, people):
    with at(dt.date(2026, 9, 30)):  # the Wednesday before National Day
        report = transferred(tree, people)
    # One working day after 30 September is 8 October (1-7 are holidays): the reminder waits.
    assert "not_acknowledged" not in sweep(dt.date(2026, 10, 7))
    assert "not_acknowledged" not in sweep(dt.date(2026, 10, 8))
    assert sweep(dt.date(2026, 10, 9))["not_acknowledged"] == 1
    assert told(people["officer"], report.number) and told(people["head"], report.number)
    assert not told(people["village_officer"])


def test_a_returned_case_waiting_to_be_rerouted_reminds_the_office(tree, people):
    report = investigating(tree, people)
    services.report_return(report=report, actor=people["officer"], reason="不属本单位")
    today = timezone.localdate()
    later = today + dt.timedelta(days=7)
    assert sweep(later)["reroute_waiting"] == 1
    assert told(people["intake"], report.number)


@pytest.mark.parametrize(
    ("days_before", "kind"), [(15, "due_in_15"), (5, "due_in_5"), (1, "due_in_1")]
)
def test_due_reminders_go_to_the_unit_officers(tree, people, days_before, kind):
    report = due_on_a_tuesday(tree, people)
    day = report.due_date - dt.timedelta(days=days_before)
    fired = sweep(day)
    assert fired[kind] == 1
    assert told(people["officer"], report.number)
    assert not told(people["head"], report.number)  # the head hears on the due day


def test_a_missed_day_sends_only_the_most_urgent_reminder(tree, people):
    report = due_on_a_tuesday(tree, people)
    fired = sweep(report.due_date - dt.timedelta(days=4))  # 15 and 5 both passed: only 5
    case_clocks = {k: v for k, v in fired.items() if not k.startswith(("publicity_", "dashboard_"))}
    assert case_clocks == {"due_in_5": 1, "closed": 0}


def test_on_the_due_day_the_head_and_the_office_hear(tree, people):
    report = due_on_a_tuesday(tree, people)
    assert sweep(report.due_date)["due_today"] == 1
    assert told(people["head"], report.number) and told(people["intake"], report.number)


def test_seven_days_overdue_lists_the_case_with_a_notice(tree, people, client):
    report = investigating(tree, people)
    assert "overdue_listed" not in sweep(report.due_date + dt.timedelta(days=6))
    fired = sweep(report.due_date + dt.timedelta(days=7))
    assert fired["overdue_listed"] == 1
    report.refresh_from_db()
    assert report.listed_at and report.listed_supervisor == people["leader"]
    notices = told(people["leader"], report.number)
    assert notices and "督办" in notices[0]
    link = Notice.objects.filter(recipient=people["officer"], text__contains="督办").first().link
    assert link.endswith("/notice.pdf")
    client.force_login(people["officer"])
    assert client.get(link)["Content-Type"] == "application/pdf"
    # A second sweep changes nothing.
    assert "overdue_listed" not in sweep(report.due_date + dt.timedelta(days=8))


def test_a_case_the_office_listed_meanwhile_keeps_its_supervisor_and_one_entry(tree, people):
    """The clocks list through the same service path as the office; a case listed by hand
    between the sweep's query and its step is left as the office listed it."""
    report = investigating(tree, people)
    services.report_list_for_supervision(
        report=report,
        actor=people["intake"],
        supervisor=people["supervisor"],
        reason="群众反映强烈",
    )
    listed = services.reports_list_overdue(
        supervisors={report.pk: people["leader"].pk}, reason="逾期7天，自动挂牌督办。"
    )
    assert listed == []
    report.refresh_from_db()
    assert (
        report.listed_supervisor == people["supervisor"] and report.listed_reason == "群众反映强烈"
    )
    entries = TimelineEntry.objects.filter(object_id=report.pk, action="reports.report.listed")
    assert entries.count() == 1


def test_waiting_approvals_remind_the_approver_after_two_working_days(tree, people):
    report, _conclusion = proposed(tree, people)
    extension = services.extension_request(
        report=report, actor=people["officer"], days=10, reason="等待检测"
    )
    day = timezone.localdate() + dt.timedelta(days=10)
    fired = sweep(day)
    assert fired["conclusion_to_sign"] == 1 and fired["extension_to_endorse"] == 1
    assert len(told(people["head"], report.number)) == 2
    services.extension_endorse(extension=extension, actor=people["head"])
    assert sweep(day + dt.timedelta(days=10))["extension_to_approve"] == 1
    assert told(people["leader"], report.number)


def test_the_objection_window_closes_the_case_by_itself(tree, people):
    from tests.reports.lifecycle_helpers import concluded

    report = concluded(tree, people)
    services.reply_mark_delivered(report=report, method="track")
    report.refresh_from_db()
    assert sweep(report.objection_deadline)["closed"] == 0
    assert sweep(report.objection_deadline + dt.timedelta(days=1))["closed"] == 1
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED


def test_an_objection_review_near_its_deadline_reminds_the_office(tree, people):
    from tests.reports.lifecycle_helpers import concluded

    report = concluded(tree, people)
    services.reply_mark_delivered(report=report, method="track")
    objection = services.objection_submit(report=report, reason="罚款太轻了，不认可")
    assert "objection_review_due" not in sweep(objection.review_due - dt.timedelta(days=6))
    assert sweep(objection.review_due - dt.timedelta(days=5))["objection_review_due"] == 1


def test_an_upstream_deadline_reminds_whatever_our_due_date_says(tree, people):
    deadline = dt.date(2026, 7, 14)  # a Tuesday: T-5 and T-1 are working days
    with at(dt.date(2026, 6, 15)):
        report = submitted(
            tree,
            source="upstream",
            channel="12345",
            upstream_body="12345热线",
            external_number="U-1",
            upstream_deadline=deadline,
            reporters=[],
        )
        services.report_accept(
            report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
        )
    assert sweep(deadline - dt.timedelta(days=5))["upstream_due_in_5"] == 1
    assert sweep(deadline - dt.timedelta(days=1))["upstream_due_in_1"] == 1
    assert told(people["officer"], report.number) and told(people["intake"], report.number)


def test_reminders_carry_no_reporter_data(tree, people):
    with at(dt.date(2026, 5, 15)):
        report = transferred(tree, people)  # reporter 张三丰 13812345678
    sweep(report.due_date)
    for text in list(Notice.objects.values_list("text", flat=True)) + [
        m.text for m in OutboxMessage.objects.all()
    ]:
        assert "张三丰" not in text and "13812345678" not in text


def test_a_unit_with_a_group_robot_gets_its_reminders_there(tree, people):
    tree["station"].robot_webhook_url = "http://127.0.0.1:9/robot"
    tree["station"].save()
    report = due_on_a_tuesday(tree, people)
    sweep(report.due_date - dt.timedelta(days=5))
    robot = OutboxMessage.objects.exclude(template="case_transferred").get(channel="webhook")
    assert robot.address == "http://127.0.0.1:9/robot" and report.number in robot.text


def test_a_reminder_that_would_land_on_a_holiday_goes_out_the_working_day_before(tree, people):
    # Accepted on 13 August 2026: due Monday 12 October. T-5 is 7 October (National Day) and
    # T-1 is Sunday 11 October: they go out on Wednesday 30 September and on Saturday 10
    # October (a make-up working day); on the holidays nothing goes out.
    with at(dt.date(2026, 8, 13)):
        report = investigating(tree, people)
    assert report.due_date == dt.date(2026, 10, 12)
    assert sweep(dt.date(2026, 9, 30))["due_in_5"] == 1
    assert "还有12天" in told(people["officer"], report.number)[-1]
    for day in (1, 2, 3, 4, 5, 6, 7, 11):
        fired = sweep(dt.date(2026, 10, day))
        assert not [k for k in fired if k.startswith("due_")], day
    assert not [k for k in sweep(dt.date(2026, 10, 8)) if k.startswith("due_")]
    assert sweep(dt.date(2026, 10, 10))["due_in_1"] == 1
    assert sweep(dt.date(2026, 10, 12))["due_today"] == 1


def test_a_due_date_that_moves_is_reminded_again(tree, people):
    report = due_on_a_tuesday(tree, people)
    assert sweep(dt.date(2026, 7, 9))["due_in_5"] == 1  # due 14 July
    with at(dt.date(2026, 7, 10)):
        extension = services.extension_request(
            report=report, actor=people["officer"], days=7, reason="等待检测报告"
        )
        services.extension_endorse(extension=extension, actor=people["head"])
        services.extension_decide(extension=extension, actor=people["leader"], approve=True)
    report.refresh_from_db()
    assert report.due_date == dt.date(2026, 7, 21)
    assert "due_today" not in sweep(dt.date(2026, 7, 14))
    assert sweep(dt.date(2026, 7, 16))["due_in_5"] == 1  # due 21 July
    assert told(people["officer"], "2026-07-21")
    assert sweep(dt.date(2026, 7, 21))["due_today"] == 1
    assert SentReminder.objects.filter(object_id=report.pk, kind="due_in_5").count() == 2


@pytest.mark.django_db(transaction=True)
def test_reminders_sent_before_the_upgrade_are_not_sent_again(tree, people):
    """The data migration gives the reminders already sent the date they were about; the
    move to the one reminder table keeps them."""
    import importlib

    migration = importlib.import_module(
        "reports.migrations.0009_reminder_threshold_carries_the_date"
    )
    report = due_on_a_tuesday(tree, people)
    with migrated_back(("reports", "0011_encrypt_what_the_unit_reads")) as old:
        Reminder = old.get_model("reports", "Reminder")
        Reminder.objects.create(report_id=report.pk, kind="due_in_5", threshold="5")
        Reminder.objects.create(report_id=report.pk, kind="acceptance_overdue", threshold="due")
        migration.add_dates(old, None)
        thresholds = dict(Reminder.objects.values_list("kind", "threshold"))
    assert thresholds == {"due_in_5": "5:2026-07-14", "acceptance_overdue": "due"}
    assert dict(SentReminder.objects.values_list("kind", "threshold")) == thresholds
    assert "due_in_5" not in sweep(dt.date(2026, 7, 9))
