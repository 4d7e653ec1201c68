"""Every transition of DESIGN §3: allowed, refused, called twice, by the right role only."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from core.errors import ApplicationError
from core.models import TimelineEntry
from reports import services
from reports.models import Conclusion, Extension, Objection, Report
from tests.clock import SHANGHAI
from tests.reports.lifecycle_helpers import (
    SUMMARY,
    concluded,
    investigating,
    proposed,
    submitted,
    transferred,
    under_review,
)

pytestmark = pytest.mark.django_db


def _actions(report) -> list[str]:
    return list(
        TimelineEntry.objects.filter(content_type__model="report", object_id=report.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- triage -------------------------------------------------------------------------------
def test_accept_transfers_at_once_and_twice_is_harmless(tree, people):
    report = submitted(tree)
    with time_machine.travel(dt.datetime(2026, 9, 1, 10, tzinfo=SHANGHAI), tick=False):
        for _ in range(2):
            services.report_accept(
                report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
            )
    report.refresh_from_db()
    assert report.status == Report.Status.TRANSFERRED
    assert report.responsible_unit == tree["station"]
    # 1 September + 60 days = Saturday 31 October 2026, rolled to Monday 2 November.
    assert report.due_date == dt.date(2026, 11, 2)
    assert _actions(report).count("reports.report.transferred") == 1


@pytest.mark.parametrize("who", ["officer", "head", "leader", "custodian", "intake2", "supervisor"])
def test_only_the_cases_own_office_accepts(tree, people, who):
    report = submitted(tree)
    with pytest.raises(ApplicationError):
        services.report_accept(
            report=report, actor=people[who], unit=tree["station"], summary=SUMMARY
        )


def test_accept_refuses_a_unit_of_another_township_or_the_township_itself(tree, people):
    report = submitted(tree)
    for unit in (tree["village2"], tree["township"]):
        with pytest.raises(ApplicationError):
            services.report_accept(
                report=report, actor=people["intake"], unit=unit, summary=SUMMARY
            )


def test_the_summary_never_carries_the_reporters_identity(tree, people):
    report = submitted(
        tree,
        description=(
            "我叫张三丰，电话13812345678，身份证500101199003071234，厂里消防通道堵了，"
            "灭火器也过期了"
        ),
    )
    prefill = services.summary_prefill(report)
    assert "张三丰" not in prefill and "13812345678" not in prefill and "5001011990" not in prefill
    assert "我叫" not in prefill  # the whole self-describing sentence is left out
    assert "消防通道堵了" in prefill
    for leaky in (
        "举报人张三丰反映消防通道堵塞，请核查",
        "请联系 138 1234 5678 了解消防通道情况",
        "举报人身份证号 500101199003071234，消防通道堵塞",
    ):
        with pytest.raises(ApplicationError, match="举报人"):
            services.report_accept(
                report=report, actor=people["intake"], unit=tree["station"], summary=leaky
            )
    services.report_accept(
        report=report, actor=people["intake"], unit=tree["station"], summary=prefill
    )


def test_due_dates_across_new_year_and_a_make_up_sunday(tree, people):
    # 3 November 2025 + 60 days = Friday 2 January 2026, a New Year holiday; the next working
    # day is Sunday 4 January 2026, a make-up working day.
    report = submitted(tree)
    with time_machine.travel(dt.datetime(2025, 11, 3, 9, tzinfo=SHANGHAI), tick=False):
        services.report_accept(
            report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
        )
    report.refresh_from_db()
    assert report.due_date == dt.date(2026, 1, 4)
    assert report.due_policy == {"days": 60, "first_day_counts": False, "holiday_rollover": True}


def test_due_date_policies_are_settings_and_kept_per_case(tree, people, settings):
    settings.DUE_FIRST_DAY_COUNTS = True
    settings.DUE_HOLIDAY_ROLLOVER = False
    report = submitted(tree)
    # 2 August 2026 + 59 days (the first day counts) = 30 September 2026.
    with time_machine.travel(dt.datetime(2026, 8, 2, 9, tzinfo=SHANGHAI), tick=False):
        services.report_accept(
            report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
        )
    report.refresh_from_db()
    assert report.due_date == dt.date(2026, 9, 30)
    settings.DUE_FIRST_DAY_COUNTS = False
    settings.DUE_HOLIDAY_ROLLOVER = True
    other = submitted(tree)
    # 2 August 2026 + 60 days = 1 October, National Day: rolled to Thursday 8 October.
    with time_machine.travel(dt.datetime(2026, 8, 2, 9, tzinfo=SHANGHAI), tick=False):
        services.report_accept(
            report=other, actor=people["intake"], unit=tree["station"], summary=SUMMARY
        )
    other.refresh_from_db()
    assert other.due_date == dt.date(2026, 10, 8)
    report.refresh_from_db()
    assert report.due_policy["first_day_counts"] is True  # the first case keeps its policy


def test_an_upstream_deadline_earlier_than_60_days_wins(tree, people):
    report = submitted(
        tree,
        source="upstream",
        channel="12350",
        upstream_body="12350",
        external_number="T-1",
        upstream_deadline=timezone.localdate() + dt.timedelta(days=20),
        reporters=[],
    )
    services.report_accept(
        report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
    )
    report.refresh_from_db()
    assert report.due_date == timezone.localdate() + dt.timedelta(days=20)


def test_reject_with_a_reason_the_reporter_reads(tree, people):
    report = submitted(tree)
    with pytest.raises(ApplicationError):
        services.report_reject(report=report, actor=people["intake"], reason="outside_remit")
    for _ in range(2):
        services.report_reject(
            report=report, actor=people["intake"], reason="outside_remit", referred_to="区交通局"
        )
    from reports.selectors import public_timeline

    steps = public_timeline(report)
    assert steps[-1]["note"].endswith("区交通局")
    assert _actions(report).count("reports.report.rejected") == 1
    with pytest.raises(ApplicationError):
        services.report_accept(
            report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
        )


def test_merge_a_duplicate_into_the_open_case(tree, people):
    main = transferred(tree, people)
    duplicate = submitted(tree)
    for _ in range(2):
        services.report_merge(report=duplicate, into=main, actor=people["intake"])
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Report.Status.MERGED, main)
    assert duplicate.reporters.get().name == "张三丰"  # keeps its own reporter
    with pytest.raises(ApplicationError):
        services.report_merge(report=main, into=main, actor=people["intake"])
    other_township = submitted(tree)
    Report.objects.filter(pk=other_township.pk).update(township=tree["township2"])
    other_township.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.report_merge(report=other_township, into=main, actor=people["admin"])


def test_listed_supervision_names_a_supervisor(tree, people):
    report = transferred(tree, people)
    for _ in range(2):
        services.report_list_for_supervision(
            report=report,
            actor=people["intake"],
            supervisor=people["leader"],
            reason="涉及人员密集场所",
        )
    report.refresh_from_db()
    assert report.listed_supervisor == people["leader"] and report.listed_at
    assert _actions(report).count("reports.report.listed") == 1
    with pytest.raises(ApplicationError):
        services.report_list_for_supervision(
            report=report, actor=people["officer"], supervisor=people["leader"], reason="x"
        )


# --- the unit -------------------------------------------------------------------------------
def test_acknowledge_by_the_responsible_unit_only(tree, people):
    report = transferred(tree, people)
    for who in ("village_officer", "intake", "leader"):
        with pytest.raises(ApplicationError):
            services.report_acknowledge(report=report, actor=people[who])
    for _ in range(2):
        services.report_acknowledge(report=report, actor=people["head"])
    report.refresh_from_db()
    assert report.status == Report.Status.INVESTIGATING and report.acknowledged_at


def test_the_office_records_a_paper_units_steps_with_the_signed_slip(tree, people):
    from core.images import CleanOriginal

    tree["station"].works_on_paper = True
    tree["station"].save()
    report = transferred(tree, people)
    with pytest.raises(ApplicationError, match="交办单"):
        services.report_acknowledge(report=report, actor=people["intake"])
    slip = CleanOriginal(content=b"%PDF-1.4 signed", content_type="application/pdf", image=None)
    services.report_acknowledge(report=report, actor=people["intake"], signed_slip=slip)
    report.refresh_from_db()
    assert report.status == Report.Status.INVESTIGATING
    assert report.attachments.get().kind == "signed_slip"
    entry = TimelineEntry.objects.get(action="reports.report.acknowledged")
    assert "纸质" in entry.actor_label


def test_enforcement_is_recorded_at_any_point_even_after_conclusion(tree, people):
    report = transferred(tree, people)
    with pytest.raises(ApplicationError):
        services.enforcement_update(
            report=report, actor=people["officer"], values={"fine": Decimal(1)}
        )
    services.report_acknowledge(report=report, actor=people["officer"])
    today = timezone.localdate()
    with pytest.raises(ApplicationError, match="决定书"):
        services.enforcement_update(
            report=report, actor=people["officer"], values={"fine": Decimal(5000)}
        )
    with pytest.raises(ApplicationError):
        services.enforcement_update(
            report=report,
            actor=people["officer"],
            values={"rectified_on": today + dt.timedelta(days=1)},
        )
    with pytest.raises(ApplicationError):
        services.enforcement_update(
            report=report, actor=people["officer"], values={"concealed_deaths": 2}
        )
    record = services.enforcement_update(
        report=report,
        actor=people["officer"],
        values={"case_filed_on": today, "case_file_number": "恒应急立〔2026〕7号"},
    )
    assert record.case_filed_on == today
    report = concluded(tree, people)
    services.enforcement_update(
        report=report,
        actor=people["officer"],
        values={
            "penalty_decision_number": "恒应急罚〔2026〕3号",
            "penalty_decided_on": today,
            "fine": Decimal("40000.00"),
        },
    )
    report.enforcement.refresh_from_db()
    assert report.enforcement.fine == Decimal("40000.00")
    entry = TimelineEntry.objects.filter(
        action="reports.enforcement.updated", object_id=report.pk
    ).last()
    # The penalty authority (处罚机关) defaults to the unit handling the case.
    assert set(entry.data["fields"]) == {
        "penalty_decision_number",
        "penalty_decided_on",
        "fine",
        "penalty_authority",
    }
    assert report.enforcement.penalty_authority == "规建办"
    # The same values again change nothing and record nothing.
    before = TimelineEntry.objects.count()
    services.enforcement_update(
        report=report, actor=people["officer"], values={"fine": Decimal("40000.00")}
    )
    assert TimelineEntry.objects.count() == before


def test_return_and_reroute_keep_the_due_date(tree, people):
    report = investigating(tree, people)
    due = report.due_date
    with pytest.raises(ApplicationError):
        services.report_return(report=report, actor=people["officer"], reason="")
    for _ in range(2):
        services.report_return(report=report, actor=people["officer"], reason="属交通站管辖")
    with pytest.raises(ApplicationError):
        services.report_reroute(report=report, actor=people["intake"], unit=tree["station"])
    for _ in range(2):
        services.report_reroute(report=report, actor=people["intake"], unit=tree["member"])
    report.refresh_from_db()
    assert (report.status, report.responsible_unit, report.due_date) == (
        Report.Status.TRANSFERRED,
        tree["member"],
        due,
    )
    assert not Report.objects.visible_to(people["officer"]).filter(pk=report.pk).exists()


# --- extension ------------------------------------------------------------------------------
def test_extension_asked_endorsed_and_approved_by_the_right_roles(tree, people):
    report = investigating(tree, people)
    with pytest.raises(ApplicationError):
        services.extension_request(report=report, actor=people["officer"], days=31, reason="x")
    extension = services.extension_request(
        report=report, actor=people["officer"], days=30, reason="需等待检测报告"
    )
    assert (
        services.extension_request(
            report=report, actor=people["officer"], days=30, reason="需等待检测报告"
        )
        == extension
    )
    for who in ("officer", "leader", "intake"):
        with pytest.raises(ApplicationError):
            services.extension_endorse(extension=extension, actor=people[who])
    with pytest.raises(ApplicationError):
        services.extension_decide(extension=extension, actor=people["leader"], approve=True)
    services.extension_endorse(extension=extension, actor=people["head"])
    services.extension_endorse(extension=extension, actor=people["head"])
    for who in ("head", "intake", "supervisor"):
        with pytest.raises(ApplicationError):
            services.extension_decide(extension=extension, actor=people[who], approve=True)
    old_due = report.due_date
    for _ in range(2):
        services.extension_decide(extension=extension, actor=people["leader"], approve=True)
    report.refresh_from_db()
    extension.refresh_from_db()
    assert extension.status == Extension.Status.APPROVED
    assert extension.old_due_date == old_due
    assert report.due_date >= old_due + dt.timedelta(days=30)
    from reports.selectors import public_timeline

    assert "需等待检测报告" in [step["note"] for step in public_timeline(report)]
    with pytest.raises(ApplicationError, match="一次"):
        services.extension_request(report=report, actor=people["officer"], days=5, reason="再延")


def test_a_refused_extension_can_be_asked_again(tree, people):
    report = investigating(tree, people)
    first = services.extension_request(
        report=report, actor=people["officer"], days=10, reason="等待检测"
    )
    services.extension_endorse(
        extension=first, actor=people["head"], approve=False, note="理由不足"
    )
    second = services.extension_request(
        report=report, actor=people["officer"], days=10, reason="等待省级检测"
    )
    assert second.pk != first.pk


# --- conclusion -----------------------------------------------------------------------------
def test_propose_sign_and_conclude(tree, people):
    report, conclusion = proposed(tree, people)
    with pytest.raises(ApplicationError):
        services.conclusion_sign(conclusion=conclusion, actor=people["officer"])
    for _ in range(2):
        services.conclusion_sign(conclusion=conclusion, actor=people["head"])
    report.refresh_from_db()
    assert report.status == Report.Status.UNDER_REVIEW
    with pytest.raises(ApplicationError):
        services.conclusion_review(
            conclusion=conclusion, actor=people["head"], accept=True, reward_conditions_met=True
        )
    with pytest.raises(ApplicationError):
        services.conclusion_review(conclusion=conclusion, actor=people["intake"], accept=True)
    for _ in range(2):
        services.conclusion_review(
            conclusion=conclusion, actor=people["intake"], accept=True, reward_conditions_met=True
        )
    report.refresh_from_db()
    assert report.status == Report.Status.CONCLUDED and report.concluded_at
    assert services.accepted_conclusion(report).reward_conditions_met is True
    assert _actions(report).count("reports.report.concluded") == 1


def test_the_office_sends_a_conclusion_back_with_a_note(tree, people):
    report, conclusion = under_review(tree, people)
    with pytest.raises(ApplicationError):
        services.conclusion_review(conclusion=conclusion, actor=people["intake"], accept=False)
    services.conclusion_review(
        conclusion=conclusion, actor=people["intake"], accept=False, note="请补充整改照片"
    )
    report.refresh_from_db()
    assert report.status == Report.Status.INVESTIGATING
    conclusion.refresh_from_db()
    assert conclusion.status == Conclusion.Status.SENT_BACK
    again = services.conclusion_propose(
        report=report,
        actor=people["officer"],
        verdict="partly",
        account="补充核查",
        decision="已整改",
    )
    assert again.pk != conclusion.pk


def test_an_untrue_report_never_meets_reward_conditions(tree, people):
    _report, conclusion = under_review(tree, people, verdict="false")
    services.conclusion_review(
        conclusion=conclusion, actor=people["intake"], accept=True, reward_conditions_met=True
    )
    conclusion.refresh_from_db()
    assert conclusion.reward_conditions_met is False


def test_upstream_and_withdrawn_cases_close_at_conclusion(tree, people):
    report = concluded(
        tree,
        people,
        source="upstream",
        channel="district_slip",
        upstream_body="区安委办",
        external_number="S-9",
        upstream_deadline=timezone.localdate() + dt.timedelta(days=40),
        reporters=[],
    )
    assert report.status == Report.Status.CLOSED


# --- reply, objection, closure ----------------------------------------------------------------
def test_delivery_opens_the_objection_window_and_dismissal_closes(tree, people):
    report = concluded(tree, people)
    with pytest.raises(ApplicationError):
        services.objection_submit(report=report, reason="处理结果不认可")  # not delivered yet
    with pytest.raises(ApplicationError):
        services.report_close(report=report, actor=people["intake"])
    services.reply_mark_delivered(report=report, method="track")
    services.reply_mark_delivered(report=report, method="call", actor=people["intake"])
    report.refresh_from_db()
    assert report.reply_delivery == "track"
    assert report.objection_deadline == timezone.localdate() + dt.timedelta(days=10)
    objection = services.objection_submit(report=report, reason="罚款太轻，现场仍在堆货")
    assert services.objection_submit(report=report, reason="罚款太轻，现场仍在堆货") == objection
    with pytest.raises(ApplicationError):
        services.objection_review(
            objection=objection, actor=people["officer"], upheld=False, note="x"
        )
    for _ in range(2):
        services.objection_review(
            objection=objection, actor=people["intake"], upheld=False, note="经复查，处理适当"
        )
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED
    assert _actions(report).count("reports.report.closed") == 1


def test_an_upheld_objection_reopens_the_investigation(tree, people):
    report = concluded(tree, people)
    services.reply_mark_delivered(report=report, method="track")
    objection = services.objection_submit(report=report, reason="现场仍未整改")
    services.objection_review(
        objection=objection, actor=people["intake"], upheld=True, note="异议成立，重新核查"
    )
    report.refresh_from_db()
    assert report.status == Report.Status.INVESTIGATING
    assert objection.report.objections.get().outcome == Objection.Outcome.UPHELD
    assert report.responsible_unit == tree["station"]


def test_no_objection_after_the_window_and_the_case_closes(tree, people):
    report = concluded(tree, people)
    services.reply_mark_delivered(report=report, method="track")
    with time_machine.travel(timezone.now() + dt.timedelta(days=11)):
        with pytest.raises(ApplicationError):
            services.objection_submit(report=report, reason="我不同意这个结论")
        services.report_close(report=report)
        services.report_close(report=report)
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED


# --- concurrency (PostgreSQL row locks) -------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_two_officers_accepting_at_once_make_one_transfer(postgres, tree, people):
    report = submitted(tree)
    errors = []
    barrier = threading.Barrier(2)

    def accept():
        try:
            barrier.wait()
            services.report_accept(
                report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
            )
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _actions(report).count("reports.report.transferred") == 1
