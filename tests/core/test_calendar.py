import datetime as dt

import pytest
import time_machine

from core import calendar
from core.models import Holiday

pytestmark = pytest.mark.django_db


def test_national_day_2026_is_skipped_and_the_make_up_saturday_counts():
    # 2026: 1-7 October are holidays; Saturday 10 October is a make-up working day.
    assert not calendar.is_working_day(dt.date(2026, 10, 1))
    assert calendar.is_working_day(dt.date(2026, 10, 10))
    # Five working days after Wednesday 30 September: 8, 9, 10 (Sat), 12, 13 October.
    assert calendar.add_working_days(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)


def test_spring_festival_make_up_sunday_counts():
    # 2026-02-14 (Saturday) and 2026-02-28 (Saturday) are make-up working days.
    assert calendar.is_working_day(dt.date(2026, 2, 14))
    assert not calendar.is_working_day(dt.date(2026, 2, 17))


def test_a_year_without_data_falls_back_to_weekdays_instead_of_failing():
    Holiday.objects.filter(date__year=2027).delete()
    assert calendar.is_working_day(dt.date(2027, 1, 1))  # a Friday, no data: counted
    assert calendar.add_working_days(dt.date(2027, 1, 1), 1) == dt.date(2027, 1, 4)
    assert 2027 not in calendar.years_with_data()


def test_an_edit_in_the_table_is_used():
    Holiday.objects.create(date=dt.date(2027, 3, 3), name="测试", source="manual")
    calendar.clear_cache()
    assert not calendar.is_working_day(dt.date(2027, 3, 3))


def test_local_date_is_shanghai():
    with time_machine.travel(dt.datetime(2026, 11, 22, 17, 30, tzinfo=dt.UTC), tick=False):
        assert calendar.local_date() == dt.date(2026, 11, 23)


@pytest.mark.parametrize("days", [1, 2, 5])
def test_the_working_day_cutoff_agrees_with_adding_working_days(days):
    today = dt.date(2026, 10, 9)  # the Friday after National Day
    cutoff = calendar.working_days_cutoff(today, days)
    for offset in range(40):
        start = today - dt.timedelta(days=offset)
        assert (calendar.add_working_days(start, days) < today) == (start < cutoff), start


# --- changing the table ------------------------------------------------------------------------
def test_a_years_lines_are_read_as_the_notice_gives_them():
    rows = calendar.parse_holiday_lines(
        "\n 2027-02-05~2027-02-07 春节 休 \n2027-1-31 春节 班\n\n2027-02-06 春节 休\n"
    )
    assert rows == [
        (dt.date(2027, 1, 31), True, "春节"),
        (dt.date(2027, 2, 5), False, "春节"),
        (dt.date(2027, 2, 6), False, "春节"),
        (dt.date(2027, 2, 7), False, "春节"),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("2027-02-30 春节 休", "第1行格式不对"),
        ("2027-02-05 春节", "第1行格式不对"),
        ("2027-02-05 春节 放假", "第1行格式不对"),
        ("2027-02-11~2027-02-05 春节 休", "由前到后"),
        ("2027-01-01~2027-03-01 春节 休", "不超过一个月"),
    ],
)
def test_a_line_that_is_not_one_is_refused_with_its_reason(line, reason):
    from core.errors import ApplicationError

    with pytest.raises(ApplicationError, match=reason):
        calendar.parse_holiday_lines(line)


def test_entering_days_tells_the_listeners_once_with_the_years_changed():
    heard = []
    listener = heard.append
    calendar.on_table_change(listener)
    try:
        Holiday.objects.filter(date__year=2027).delete()
        rows = calendar.parse_holiday_lines("2027-02-05~2027-02-11 春节 休\n2027-01-31 春节 班")
        assert calendar.holidays_enter(rows) == 8
        assert calendar.holidays_enter(rows) == 0  # nothing changed: nobody is told
        assert not calendar.is_working_day(dt.date(2027, 2, 5))  # the cache was cleared
        assert calendar.is_working_day(dt.date(2027, 1, 31))
        assert heard == [{2027}]
        calendar.holidays_delete(Holiday.objects.filter(date=dt.date(2027, 2, 5)))
        assert heard == [{2027}, {2027}]
        assert calendar.is_working_day(dt.date(2027, 2, 5))
    finally:
        calendar._listeners.remove(listener)
