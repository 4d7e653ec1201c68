"""The identity custodian reads the history of their own unseals on /unit/."""

import datetime as dt

import pytest
from django.urls import reverse

from reports import services
from tests.clock import at
from tests.reports.factories import make_report
from tests.units.factories import person
from units import services as unit_services
from units.models import ConfidentialSource, Role

pytestmark = pytest.mark.django_db

HISTORY = "reports:unit-unseal-history"
DAY = dt.date(2026, 4, 7)


def _unseal(client, user, number: str, reason: str) -> None:
    client.force_login(user)
    response = client.post(reverse("reports:unit-identity"), {"number": number, "reason": reason})
    assert response.status_code == 200 and "error" not in response.context


def test_the_custodian_sees_each_of_their_own_unseals_and_nobody_elses(client, tree, people):
    mine = make_report(village=tree["village"])
    other_township = make_report(village=tree["village2"])
    colleague = person("custodian_b", tree["township"], Role.CUSTODIAN)
    elsewhere = person("custodian2", tree["township2"], Role.CUSTODIAN)
    source = unit_services.source_save(
        source=ConfidentialSource(unit=tree["village"], alias="眼线甲"), name="赵某"
    )
    with at(DAY, 9):
        _unseal(client, people["custodian"], mine.number, "核对奖励领取人的身份")
    with at(DAY, 15):
        unit_services.source_unseal(
            source=source, actor=people["custodian"], reason="核实线索来源是否可靠"
        )
        _unseal(client, colleague, mine.number, "同事的解封理由")
        _unseal(client, elsewhere, other_township.number, "法院调取材料")

    client.force_login(people["custodian"])
    html = client.get(reverse(HISTORY)).content.decode()
    assert "我的解封记录" in html
    assert mine.number in html and "核对奖励领取人的身份" in html
    assert "2026-04-07 09:00" in html and "1名举报人的身份" in html
    assert "眼线甲" in html and "核实线索来源是否可靠" in html and "线人的身份" in html
    assert html.index("眼线甲") < html.index(mine.number)  # newest first
    # Only their own: not a colleague's of the same township, not another township's.
    assert "同事的解封理由" not in html
    assert other_township.number not in html and "法院调取材料" not in html

    client.force_login(elsewhere)
    html = client.get(reverse(HISTORY)).content.decode()
    assert other_township.number in html and "法院调取材料" in html
    assert mine.number not in html and "核对奖励领取人的身份" not in html


def test_the_identity_page_links_to_the_history(client, people):
    client.force_login(people["custodian"])
    html = client.get(reverse("reports:unit-identity")).content.decode()
    assert reverse(HISTORY) in html
    assert "您还没有解封过任何身份" in client.get(reverse(HISTORY)).content.decode()


def test_only_a_custodian_reads_an_unseal_history(client, people):
    for who in ("officer", "leader", "intake"):
        client.force_login(people[who])
        assert client.get(reverse(HISTORY)).status_code == 403, who


@pytest.mark.parametrize("unseals", [3, 30])
def test_the_history_costs_the_same_queries_for_3_and_30_unseals(
    client, tree, people, django_assert_num_queries, unseals
):
    for i in range(unseals):
        report = make_report(village=tree["village"])
        services.reporter_unseal(report=report, actor=people["custodian"], reason=f"第{i}次核对")
    client.force_login(people["custodian"])
    client.get(reverse(HISTORY))  # the content types are cached after the first page
    # The request's savepoint and its release, session, user, memberships, the history (one
    # query with the case numbers and the sources' aliases), the unread-messages badge.
    with django_assert_num_queries(HISTORY_QUERIES):
        response = client.get(reverse(HISTORY))
    assert response.content.decode().count('class="card unseal"') == unseals


HISTORY_QUERIES = 7
