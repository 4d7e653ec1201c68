"""The office finds any case of its scope in one search, sees which queue it waits in, works
the most urgent first, and lists a case for supervision in two clicks."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.urls import reverse

from reports import search, services
from reports.models import Category, Report, SearchToken
from tests.clock import at
from tests.reports.factories import make_report
from tests.reports.lifecycle_helpers import SUMMARY
from tests.reports.test_admin import QUEUE_QUERIES
from tests.units.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:reports_report_changelist"
MONDAY = dt.date(2026, 3, 2)
ROW_NUMBER = re.compile(r'class="field-number"><a [^>]*>(JB[\d-]+)</a>')


@pytest.fixture(autouse=True)
def _a_monday_in_march():
    with at(MONDAY):
        yield


def _listed(html: str) -> list[str]:
    """The case numbers of the list's rows, in order."""
    return ROW_NUMBER.findall(html)


def _found(client, q: str) -> set[str]:
    """The case numbers the office's search lists (every queue)."""
    html = client.get(reverse(CHANGELIST), {"q": q, "work": "all"}).content.decode()
    return set(_listed(html))


def _ticket(tree, number: str, deadline: dt.date = MONDAY + dt.timedelta(days=20), **overrides):
    return make_report(
        village=tree["village"],
        source=Report.Source.UPSTREAM,
        channel=Report.Channel.HOTLINE_12345,
        upstream_body="12345热线",
        external_number=number,
        upstream_deadline=deadline,
        reporters=[],
        **overrides,
    )


def test_the_office_finds_a_case_by_any_part_of_its_number_or_ticket_number(client, tree, people):
    cases = [make_report(village=tree["village"], description="楼道堆放杂物") for _ in range(3)]
    ticket = _ticket(tree, "GD-2026-118834", description="夜间施工噪音扰民")
    client.force_login(people["intake"])
    assert _found(client, cases[1].number[-4:]) == {cases[1].number}  # the day's sequence
    every = {c.number for c in [*cases, ticket]}
    assert _found(client, cases[1].number[6:13]) == every  # "0302-00": month, day, sequence
    assert _found(client, "118834") == {ticket.number}
    assert _found(client, "gd-2026-1188") == {ticket.number}  # any case, any part


def test_the_office_finds_a_case_by_enterprise_village_or_category(client, tree, people):
    kiln = EnterpriseFactory(name="安宁页岩砖厂", village=tree["village"])
    brick = make_report(village=tree["village"], enterprise=kiln, description="窑顶有裂缝")
    named = make_report(
        village=tree["community"],
        enterprise_name="大山村河坝无名砂场",  # typed by the reporter: encrypted
        description="夜里有人采砂",
        category=Category.objects.get(code="mining"),
    )
    client.force_login(people["intake"])
    assert _found(client, "页岩砖") == {brick.number}
    assert _found(client, "无名砂场") == {named.number}
    assert _found(client, "南社区") == {named.number}
    assert _found(client, Category.objects.get(code="mining").name) == {named.number}


def test_a_chinese_word_of_the_description_finds_the_case_without_storing_it_in_clear(
    client, tree, people
):
    sand = make_report(
        village=tree["village"], description="河道有人夜间非法采砂，挖掘机两台，车牌渝F3A789"
    )
    make_report(village=tree["village"], description="仓库消防通道被货物堵死")
    client.force_login(people["intake"])
    assert _found(client, "挖掘机") == {sand.number}
    assert _found(client, "非法采砂") == {sand.number}
    assert _found(client, "ｆ３ａ７８９") == {sand.number}  # full-width, any case
    assert _found(client, "挖掘机 塔吊") == set()  # every word must match
    assert _found(client, "推土机") == set()
    # Neither the case's row nor the index holds the words.
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM reports_report WHERE id = %s", [sand.pk])
        assert "挖掘机" not in cursor.fetchone()[0]
    tokens = set(SearchToken.objects.filter(report=sand).values_list("token", flat=True))
    assert tokens and all(isinstance(t, int) for t in tokens)


def test_the_summary_the_office_wrote_is_searchable_after_acceptance(client, tree, people):
    report = make_report(village=tree["village"], description="工厂后面有东西")
    services.report_accept(
        report=report,
        actor=people["intake"],
        unit=tree["station"],
        summary="粉尘车间未清扫，地面积灰很厚",
    )
    client.force_login(people["intake"])
    assert _found(client, "粉尘车间") == {report.number}


def test_the_index_is_keyed(settings, tree):
    report = make_report(village=tree["village"], description="挖掘机", address="河边")
    stored = set(SearchToken.objects.filter(report=report).values_list("token", flat=True))
    assert len(stored) == 3 and stored == search.fingerprints(["挖掘机", "河边"])
    settings.SEARCH_INDEX_KEY = "another-key"
    assert search.fingerprints(["挖掘机", "河边"]).isdisjoint(stored)


def test_another_townships_case_is_never_found(client, tree, people):
    kiln = EnterpriseFactory(name="二号砖厂", village=tree["village2"])
    theirs = make_report(village=tree["village2"], enterprise=kiln, description="挖掘机夜间作业")
    mine = make_report(village=tree["village"], description="挖掘机夜间作业")
    client.force_login(people["intake"])
    for q in ("挖掘机", theirs.number, theirs.number[-4:], "二号砖厂", "西村"):
        assert theirs.number not in _found(client, q), q
    assert _found(client, "挖掘机") == {mine.number}
    client.force_login(people["intake2"])
    assert _found(client, "挖掘机") == {theirs.number}


@pytest.mark.parametrize("cases", [3, 30])
def test_a_search_costs_the_same_queries_for_3_and_30_matching_cases(
    client, tree, people, django_assert_num_queries, cases
):
    kiln = EnterpriseFactory(name="恒发砖厂", village=tree["village"])
    for i in range(cases):
        make_report(
            village=tree["village"] if i % 2 else tree["community"],
            enterprise=kiln if i % 3 else None,
            description=f"第{i}号窑挖掘机作业",
        )
    make_report(village=tree["village"], description="别的事情")
    client.force_login(people["intake"])
    # The search is part of the list's queries: not one more, whatever it finds.
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse(CHANGELIST), {"q": "挖掘机 作业", "work": "all"})
    assert len(_listed(response.content.decode())) == cases


def test_each_case_says_which_queue_it_is_in_and_who_holds_it(client, tree, people):
    new = make_report(village=tree["village"])
    taken = services.report_accept(
        report=make_report(village=tree["village"]),
        actor=people["intake"],
        unit=tree["station"],
        summary=SUMMARY,
    )
    client.force_login(people["intake"])
    html = client.get(reverse(CHANGELIST), {"work": "all"}).content.decode()
    rows = {number: row for row in html.split("<tr") for number in _listed(row)}
    assert "当前环节" in html
    assert "待受理" in rows[new.number] and "一号乡" in rows[new.number]
    assert "待签收" in rows[taken.number] and "规建办" in rows[taken.number]


def test_the_worklist_puts_the_overdue_first_then_the_soonest_due_then_the_newest(
    client, tree, people
):
    monday = MONDAY
    with at(monday):
        overdue = _accepted_ticket(tree, people, "T-1", monday + dt.timedelta(days=3))
        soon = _accepted_ticket(tree, people, "T-2", monday + dt.timedelta(days=12))
        later = services.report_accept(
            report=make_report(village=tree["village"]),
            actor=people["intake"],
            unit=tree["station"],
            summary=SUMMARY,
        )
        new = make_report(village=tree["village"])  # to accept within 5 working days
        older_rejected = _rejected(tree, people)
    with at(monday + dt.timedelta(days=1)):
        newer_rejected = _rejected(tree, people)
    with at(monday + dt.timedelta(days=6)):
        client.force_login(people["intake"])
        html = client.get(reverse(CHANGELIST), {"work": "all"}).content.decode()
    order = _listed(html)
    assert new.acceptance_due < soon.due_date < later.due_date
    assert order == [
        overdue.number,
        new.number,
        soon.number,
        later.number,
        newer_rejected.number,
        older_rejected.number,
    ]


def _accepted_ticket(tree, people, number: str, deadline: dt.date) -> Report:
    """A ticket whose deadline from above binds the due date."""
    return services.report_accept(
        report=_ticket(tree, number, deadline),
        actor=people["intake"],
        unit=tree["station"],
        summary=SUMMARY,
    )


def _rejected(tree, people) -> Report:
    return services.report_reject(
        report=make_report(village=tree["village"]),
        actor=people["intake"],
        reason=Report.RejectionReason.NOT_SAFETY,
    )


def test_listing_a_case_for_supervision_takes_two_clicks_from_the_worklist(client, tree, people):
    report = services.report_accept(
        report=make_report(village=tree["village"]),
        actor=people["intake"],
        unit=tree["station"],
        summary=SUMMARY,
    )
    client.force_login(people["intake"])
    worklist = client.get(reverse(CHANGELIST), {"work": "all"}).content.decode()
    form_url = reverse("admin:reports_report_action", args=[report.pk, "list"])
    assert f'href="{form_url}"' in worklist  # click 1: the row's button opens the form
    form = client.get(form_url)
    assert form.status_code == 200 and "挂牌督办" in form.content.decode()
    response = client.post(  # click 2: the form's button
        form_url, {"supervisor": people["leader"].pk, "reason": "群众反映强烈，需重点督办"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.listed_supervisor == people["leader"]
    worklist = client.get(reverse(CHANGELIST), {"work": "all"}).content.decode()
    assert "已挂牌" in worklist and f'href="{form_url}"' not in worklist


def test_cases_registered_before_the_index_are_found_after_the_migration(client, tree, people):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("reports.migrations.0016_case_search_index")
    old = make_report(village=tree["village"], description="塔吊司机无证操作")
    SearchToken.objects.filter(report=old).delete()  # as before the migration
    client.force_login(people["intake"])
    assert _found(client, "塔吊") == set()
    migration.index_existing_cases(apps, None)
    assert _found(client, "塔吊") == {old.number}


def test_after_a_change_of_key_the_command_rebuilds_the_index(client, settings, tree, people):
    from django.core.management import call_command

    report = make_report(village=tree["village"], description="塔吊司机无证操作")
    client.force_login(people["intake"])
    settings.SEARCH_INDEX_KEY = "a-new-key"
    assert _found(client, "塔吊") == set()  # the old fingerprints mean nothing now
    call_command("reindex_case_search", stdout=io.StringIO())
    assert _found(client, "塔吊") == {report.number}
