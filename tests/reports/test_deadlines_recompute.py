"""When the holiday table changes, the open cases' deadlines follow it: chinese-calendar 1.11.0
stops at 2026, so a case accepted in December 2026 carries a due date counted Monday to Friday
through 2027's Spring Festival. Entering 2027's holidays moves it, under the case's own
policy, with a timeline entry and a notice to the unit; the clocks never say "due today" on a
holiday.

TEST DATA, NOT THE STATE COUNCIL'S NOTICE: 2027's Spring Festival below is a plausible table
made up for these tests (除夕 Friday 5 February to Thursday 11 February off, Sunday 31
January and Saturday 20 February worked).
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from core import calendar
from core.models import Holiday, Notice, TimelineEntry
from reports import services
from reports.clocks import clocks_sweep
from reports.models import Report
from reports.selectors import unit_timeline
from tests.clock import at, moment
from tests.reports.lifecycle_helpers import SUMMARY, investigating, submitted

pytestmark = pytest.mark.django_db

SPRING_FESTIVAL_2027 = """
2027-02-05~2027-02-11 春节 休
2027-01-31 春节 班
2027-02-20 春节 班
"""
NEW_YEARS_EVE = dt.date(2027, 2, 5)  # 除夕, a Friday
THIRD_DAY = dt.date(2027, 2, 8)  # 初三, a Monday
BACK_TO_WORK = dt.date(2027, 2, 12)  # the first working day after the holiday


@pytest.fixture(autouse=True)
def no_2027_data():
    """chinese-calendar 1.11.0 knows nothing of 2027: Monday to Friday until the table is
    entered (the rows are removed in case a later package version brings them)."""
    Holiday.objects.filter(date__year=2027).delete()
    calendar.clear_cache()


def accepted_on(tree, people, day: dt.date, **overrides) -> Report:
    with at(day):
        return investigating(tree, people, **overrides)


def enter_2027(client, people) -> None:
    """The district office enters 2027's Spring Festival on the admin's year page."""
    with at(dt.date(2027, 1, 20)):
        client.force_login(people["admin"])
        response = client.post(reverse("admin:core_holiday_enter"), {"lines": SPRING_FESTIVAL_2027})
    assert response.status_code == 302 and response["Location"].endswith("/core/holiday/")


def test_entering_2027s_holidays_moves_the_due_dates_off_the_spring_festival(client, tree, people):
    on_eve = accepted_on(tree, people, dt.date(2026, 12, 7))  # 60 days: 5 February, 除夕
    on_third = accepted_on(tree, people, dt.date(2026, 12, 10))  # 8 February, 初三
    before = accepted_on(tree, people, dt.date(2026, 11, 2))  # 1 January 2027, untouched
    assert (on_eve.due_date, on_third.due_date) == (NEW_YEARS_EVE, THIRD_DAY)

    enter_2027(client, people)

    for report in (on_eve, on_third):
        old = report.due_date
        report.refresh_from_db()
        assert report.due_date == BACK_TO_WORK
        [entry] = [e for e in unit_timeline(report) if e.action == "reports.deadline.recomputed"]
        assert old.isoformat() in entry.note and "2027-02-12" in entry.note
        assert "节假日" in entry.label
        told = Notice.objects.filter(recipient=people["officer"], text__contains=report.number)
        assert told.filter(text__contains="2027-02-12").exists()
    before.refresh_from_db()
    assert before.due_date == dt.date(2027, 1, 1)
    # Entering the same table again, or recomputing, moves nothing and tells nobody.
    notices = Notice.objects.count()
    enter_2027(client, people)
    assert services.deadlines_recompute(years=[2027]).due_moved == 0
    assert Notice.objects.count() == notices
    assert TimelineEntry.objects.filter(action="reports.deadline.recomputed").count() == 2


def test_the_acceptance_deadline_follows_the_table_too(client, tree, people, settings):
    with at(dt.date(2027, 2, 1), 9):  # Monday 1 February, before the table is entered
        report = submitted(tree)
    # Five working days counted Monday to Friday: 2, 3, 4, 5 and 8 February (初三).
    assert report.acceptance_due == THIRD_DAY
    settings.ACCEPTANCE_WORKING_DAYS = 3  # changed since: the case keeps its five days
    enter_2027(client, people)
    report.refresh_from_db()
    # 2, 3 and 4 February, then 12 and 15 February.
    assert report.acceptance_due == dt.date(2027, 2, 15)
    assert Notice.objects.filter(
        recipient=people["intake"], text__contains=report.number, text__icontains="2027-02-15"
    ).exists()
    # The office reads the move; the unit has nothing to do with acceptance.
    assert not [e for e in unit_timeline(report) if e.action == "reports.deadline.recomputed"]


def test_each_case_keeps_its_own_policy_its_extension_and_the_upstream_cap(
    client, tree, people, settings
):
    # Accepted while the first day counted: 60 days from 8 December is 5 February.
    settings.DUE_FIRST_DAY_COUNTS = True
    first_day = accepted_on(tree, people, dt.date(2026, 12, 8))
    # Accepted while deadlines did not roll over holidays: it stays on 除夕.
    settings.DUE_FIRST_DAY_COUNTS, settings.DUE_HOLIDAY_ROLLOVER = False, False
    no_roll = accepted_on(tree, people, dt.date(2026, 12, 7))
    settings.DUE_HOLIDAY_ROLLOVER = True
    # Extended by 10 days from 26 January: 5 February.
    extended = accepted_on(tree, people, dt.date(2026, 11, 27))
    with at(dt.date(2027, 1, 6)):
        extension = services.extension_request(
            report=extended, actor=people["officer"], days=10, reason="等待检测报告"
        )
        services.extension_endorse(extension=extension, actor=people["head"])
        services.extension_decide(extension=extension, actor=people["leader"], approve=True)
    extended.refresh_from_db()
    assert extended.due_date == NEW_YEARS_EVE
    # A 12345 ticket due by the body's own deadline, 除夕: that date is the body's, it stays.
    with at(dt.date(2026, 12, 21)):
        ticket = submitted(
            tree,
            source="upstream",
            channel="12345",
            upstream_body="区12345热线办",
            external_number="12345-2026-0099",
            upstream_deadline=NEW_YEARS_EVE,
            reporters=[],
        )
        services.report_accept(
            report=ticket, actor=people["intake"], unit=tree["station"], summary=SUMMARY
        )
    # A case concluded late keeps the date it was judged by.
    concluded = accepted_on(tree, people, dt.date(2026, 12, 7))
    Report.objects.filter(pk=concluded.pk).update(
        status=Report.Status.CONCLUDED, concluded_at=moment(dt.date(2027, 1, 4))
    )

    enter_2027(client, people)
    for report in (first_day, no_roll, extended, ticket, concluded):
        report.refresh_from_db()
    assert first_day.due_date == BACK_TO_WORK
    assert no_roll.due_date == NEW_YEARS_EVE
    assert extended.due_date == BACK_TO_WORK
    assert extended.extensions.get().new_due_date == BACK_TO_WORK
    assert ticket.due_date == NEW_YEARS_EVE
    assert concluded.due_date == NEW_YEARS_EVE


def test_the_clocks_never_say_due_today_on_a_holiday(client, tree, people):
    report = accepted_on(tree, people, dt.date(2026, 12, 7))
    enter_2027(client, people)

    def swept(day: dt.date) -> dict:
        with at(day, 9):
            return clocks_sweep()

    # Thursday 4 February is the last working day before the holiday: the reminder that
    # would land on 11 February (T-1) goes out now; nothing at all during the holiday.
    assert swept(dt.date(2027, 2, 4)).get("due_in_1") == 1
    for day in range(5, 12):
        fired = swept(dt.date(2027, 2, day))
        assert not {k for k in fired if k.startswith("due_")}, day
    assert swept(BACK_TO_WORK)["due_today"] == 1
    assert Notice.objects.filter(
        recipient=people["head"], text__contains=f"{report.number}今天"
    ).exists()


def test_a_due_date_on_a_holiday_is_announced_the_working_day_before(tree, people, settings):
    # A case whose policy does not roll over holidays is due on 3 October 2026.
    settings.DUE_HOLIDAY_ROLLOVER = False
    report = accepted_on(tree, people, dt.date(2026, 8, 4))
    assert report.due_date == dt.date(2026, 10, 3)
    with at(dt.date(2026, 10, 3), 9):
        assert "due_today" not in clocks_sweep()
    with at(dt.date(2026, 9, 30), 9):  # the last working day before National Day
        assert clocks_sweep()["due_today"] == 1
    # The reminder (the hand-off notices of each step carry the work they ask for).
    [text] = Notice.objects.filter(recipient=people["head"], subject="").values_list(
        "text", flat=True
    )
    assert "2026-10-03" in text and "节假日" in text


def test_a_year_without_data_still_counts_monday_to_friday(tree, people):
    report = accepted_on(tree, people, dt.date(2026, 12, 7))
    assert services.deadlines_recompute(years=[2027]).due_moved == 0
    assert services.deadlines_recompute().due_moved == 0
    report.refresh_from_db()
    assert report.due_date == NEW_YEARS_EVE  # a Friday, no data: a working day
    assert 2027 not in calendar.years_with_data()


def test_editing_one_day_in_the_admin_recomputes(client, tree, people):
    report = accepted_on(tree, people, dt.date(2026, 12, 7))
    with at(dt.date(2027, 1, 20)):
        client.force_login(people["admin"])
        client.post(
            reverse("admin:core_holiday_add"),
            {"date": "2027-02-05", "name": "除夕", "is_working_day": ""},
        )
    report.refresh_from_db()
    assert report.due_date == THIRD_DAY
    holiday = Holiday.objects.get(date=NEW_YEARS_EVE)
    assert holiday.source == Holiday.Source.MANUAL
    with at(dt.date(2027, 1, 21)):
        client.force_login(people["admin"])
        client.post(reverse("admin:core_holiday_delete", args=[holiday.pk]), {"post": "yes"})
    report.refresh_from_db()
    assert report.due_date == NEW_YEARS_EVE
    assert TimelineEntry.objects.filter(action="reports.deadline.recomputed").count() == 2


def test_a_bad_line_is_refused_with_its_reason(client, people):
    client.force_login(people["admin"])
    response = client.post(
        reverse("admin:core_holiday_enter"), {"lines": "2027-02-30 春节 休\n2027-02-05 春节"}
    )
    html = response.content.decode()
    assert "2027-02-30" in html and "第1行" in html
    assert not Holiday.objects.filter(date__year=2027).exists()


def test_the_operators_command(tree, people):
    report = accepted_on(tree, people, dt.date(2026, 12, 7))
    Holiday.objects.create(date=NEW_YEARS_EVE, name="除夕", source="manual")  # bypassing the admin
    calendar.clear_cache()
    out = io.StringIO()
    with at(dt.date(2027, 1, 20)):
        call_command("recompute_deadlines", "--year", "2027", stdout=out)
    report.refresh_from_db()
    assert report.due_date == THIRD_DAY
    assert report.number in out.getvalue() and "2027-02-08" in out.getvalue()


@pytest.mark.parametrize("cases", [3, 30])
def test_recomputing_costs_the_same_queries_for_3_and_30_cases(
    tree, people, django_assert_num_queries, cases
):
    with at(dt.date(2026, 12, 7)):
        first = investigating(tree, people)
        for _ in range(cases - 1):
            report = submitted(tree)
            services.report_accept(
                report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
            )
    Holiday.objects.create(date=NEW_YEARS_EVE, name="除夕", source="manual")
    calendar.clear_cache()
    with django_assert_num_queries(14):  # the calendar, then one batch, whatever its size
        result = services.deadlines_recompute(years=[2027])
    assert result.due_moved == cases
    first.refresh_from_db()
    assert first.due_date == THIRD_DAY
