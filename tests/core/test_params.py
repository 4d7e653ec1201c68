"""The one parser of years, months, quarters and ids: odd input gives the default (or a 404 when
the address names the value), never an exception."""

import datetime as dt

import pytest
from django.http import Http404, QueryDict
from hypothesis import given
from hypothesis import strategies as st

from core import params
from tests.clock import at

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _on_a_known_day():
    with at(TODAY):
        yield


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2025", 2025),
        ("year=%202024%20", 2024),
        ("year=abc", 2026),
        ("year=", 2026),
        ("", 2026),
        ("year=99999", 2026),
        ("year=-1", 2026),
        ("year=0001", 2026),
        ("year=1999", 2026),
        ("year=2027", 2027),  # next year: plans are made in December
        ("year=2028", 2026),
        ("year=99999999999999999999999999", 2026),
        ("year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95", 2026),  # full-width ２０２５
        ("year=%C2%B2", 2026),  # "²", which str.isdigit accepts
        ("year=2025&year=abc", 2026),  # the last of a repeated key
        ("year=abc&year=2025", 2025),
        ("year=2e3", 2026),
        ("year=2025.0", 2026),
    ],
)
def test_a_year_option_gives_the_default_for_anything_odd(query, expected):
    assert params.year(QueryDict(query)) == expected


def test_a_year_option_has_its_own_default():
    assert params.year(QueryDict("year=x"), default=2024) == 2024
    assert params.year({"year": "2023"}) == 2023  # a plain mapping works too
    assert params.year(None, default=2022) == 2022


@pytest.mark.parametrize(
    ("reader", "good", "bad"),
    [
        (params.month, ["1", "01", "12"], ["0", "13", "-1", "x", "", "１"]),
        (params.quarter, ["1", "4", "04"], ["0", "5", "9", "x", ""]),
        (params.half, ["1", "2"], ["0", "3", "x", ""]),
    ],
)
def test_months_quarters_and_halves(reader, good, bad):
    for value in good:
        assert reader({"v": value}, "v", default=99) == int(value)
    for value in bad:
        assert reader({"v": value}, "v", default=99) == 99


def test_ids_are_positive_and_fit_the_database():
    assert params.unit_id(QueryDict("unit=12")) == 12
    assert params.unit_id(QueryDict("unit=9223372036854775807")) == 2**63 - 1
    for odd in ("x", "", "0", "-1", "99999999999999999999", "9223372036854775808", "1 2", "１"):
        assert params.unit_id({"unit": odd}) is None, odd
    assert params.unit_id({}) is None
    assert params.record_id(QueryDict("measure=3&measure=x"), "measure") is None


def test_year_months():
    assert params.year_month("2026-03") == dt.date(2026, 3, 1)
    assert params.year_month("2026-3") == dt.date(2026, 3, 1)
    for odd in ("2026-13", "2026-00", "1999-12", "2028-01", "abc", "", None, "2026-1-1", "26-01"):
        assert params.year_month(odd) is None, odd
    assert params.period(QueryDict("period=x"), default=dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert params.period(QueryDict("period=2025-07"), default=TODAY) == dt.date(2025, 7, 1)


def test_values_an_address_names_are_a_404_when_out_of_range():
    assert params.year_or_404(2026) == 2026 and params.month_or_404("7") == 7
    assert params.quarter_or_404(4) == 4 and params.half_or_404(2) == 2
    for reader, odd in [
        (params.year_or_404, 99999999999999999999),
        (params.year_or_404, 1),
        (params.month_or_404, 13),
        (params.quarter_or_404, 0),
        (params.half_or_404, 3),
        (params.pk_or_404, "x"),
    ]:
        with pytest.raises(Http404):
            reader(odd)


@given(st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.text(), max_size=3)))
def test_no_input_makes_a_reader_raise(value):
    with at(TODAY):
        assert 2000 <= params.year({"k": value}, "k") <= 2027
        assert 1 <= params.month({"k": value}, "k", default=1) <= 12
        assert 1 <= params.quarter({"k": value}, "k", default=1) <= 4
        found = params.record_id({"k": value}, "k")
        assert found is None or 1 <= found < 2**63
        assert params.year_month(value) is None or params.year_month(value).day == 1


def test_year_quarters():
    assert params.year_quarter("2026-Q4") == (2026, 4)
    for odd in ("2026-Q5", "2026-Q0", "2026-q1", "1999-Q1", "2028-Q1", "2026Q1", "", None):
        assert params.year_quarter(odd) is None, odd
