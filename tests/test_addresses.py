"""Odd input never gives a server error: every address of the project (but Django's own admin),
as every role, with odd values in the path and in the query (``?year=abc``, a 20-digit unit,
repeated keys, full-width digits) answers with a page, a redirect or a refusal, never a 500.

The test client re-raises any exception a view lets escape, so an uncaught error fails the test
with its traceback."""

import datetime as dt
import re

import pytest
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver

from tests.clock import at

pytestmark = pytest.mark.django_db

# Each address is tried with values of the right shape that name nothing (a 20-digit id), and
# with plausible ones (this year, a real case) so that the odd query reaches the page's code.
ODD_PATH = {"int": "99999999999999999999", "str": "x", "slug": "x", "path": "x"}
PLAUSIBLE_PATH = {
    "year": "2026",
    "month": "10",
    "quarter": "3",
    "half": "1",
    "pk": "1",
    "fmt": "pdf",
    "table": "trend",
    "action": "x",
    "code": "x",
}

# Query strings (also sent as the body of a POST): letters, out-of-range numbers, huge numbers,
# signs, padding, full-width digits, repeated keys and empty values.
ODD_QUERIES = [
    "year=abc&month=13&quarter=9&half=7&unit=x&for_unit=x&period=abc&industry=x"
    "&measure=abc&enterprise=x&all=x&format=x&page=x&site=x&q=x",
    # No unit named: the other options are read.
    "year=99999&month=-1&quarter=0&half=0&period=9999-99&industry=99999999999999999999"
    "&measure=99999999999999999999&enterprise=-1&staged=99999999999999999999"
    "&notice=99999999999999999999&for_unit=99999999999999999999",
    "year=0001&year=%C2%B2&month=%C2%B2&quarter=%EF%BC%91&half=%C2%B2&unit="
    "&period=2026-1&period=%C2%B2&industry=%C2%B2&measure=%C2%B2&enterprise=1e9"
    "&staged=%C2%B2,-1&notice=%C2%B2&format=csv",
]

ROLES = [
    None,
    "intake",
    "officer",
    "village_officer",
    "head",
    "leader",
    "finance",
    "custodian",
    "supervisor",
    "admin",
]


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's own admin parses its own addresses
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def routes() -> list[tuple[str, str]]:
    """Every route of the project (but the admin's), with its name."""
    return [
        (route, name or route)
        for route, name in _walk(get_resolver().url_patterns)
        if not route.startswith("^")  # regex patterns: i18n, in DEBUG only
    ]


def fill(route: str, case_number: str) -> list[str]:
    """The route with odd values in its path, and with plausible ones."""
    converter = re.compile(r"<(?:(\w+):)?(\w+)>")
    odd = converter.sub(lambda m: ODD_PATH[m.group(1) or "str"], route)
    plausible = converter.sub(
        lambda m: case_number if m.group(2) == "number" else PLAUSIBLE_PATH[m.group(2)], route
    )
    return sorted({"/" + odd, "/" + plausible})


ROUTES = routes()


@pytest.fixture
def case(tree, people):
    """A concluded case of township 1, so that case addresses can name a real one."""
    from tests.reports.lifecycle_helpers import concluded

    return concluded(tree, people)


@at(dt.date(2026, 11, 23), tick=True)
@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[name for _route, name in ROUTES])
def test_no_address_answers_odd_input_with_a_server_error(
    client, people, case, monkeypatch, route, name
):
    # The documents' templates are rendered; their layout into a PDF (slow) is not the point.
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *a, **k: b"%PDF-1.7 test")
    client.raise_request_exception = True
    for path in fill(route, case.number):
        for role in ROLES:
            client.logout()
            if role:
                client.force_login(people[role])
            for query in ODD_QUERIES:
                fields = QueryDict(query)
                data = {key: fields.getlist(key) for key in fields}
                for response in (
                    client.get(f"{path}?{query}"),
                    client.post(f"{path}?{query}", data),
                ):
                    assert response.status_code < 500, (role, path, query)
