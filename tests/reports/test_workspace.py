"""/unit/ opens on tabs cadres think in: 待签收, 待办理, 待审核/审批, 已办结; concluded cases lose
their countdown; the page costs the same queries whatever the number of cases."""

import pytest
from django.urls import reverse

from reports import extensions, services
from tests.reports.factories import make_intake
from tests.reports.lifecycle_helpers import SUMMARY, concluded, proposed, transferred

pytestmark = pytest.mark.django_db


def tab_counts(html: str) -> dict[str, str]:
    """The tab labels and their badges, as a cadre reads them."""
    import re

    nav = html[html.index('id="tabs"') : html.index("</nav>", html.index('id="tabs"'))]
    found = {}
    for tab_id, inner in re.findall(r'id="tab-(\w+)"[^>]*>(.*?)</a>', nav):
        text = re.sub(r"<[^>]+>", "", inner).split()
        found[tab_id] = " ".join(text)
    return found


def test_the_tabs_sort_the_day_and_open_on_what_waits(client, tree, people):
    transferred(tree, people)  # to acknowledge
    proposed(tree, people)  # being worked, its proposal waits for the head's signature
    concluded(tree, people)
    client.force_login(people["head"])
    html = client.get(reverse("reports:unit-home")).content.decode()
    # Waiting for the head: the signature, and what other apps add (a monthly form due).
    review = 1 + len(extensions.workspace_items(people["head"]))
    assert tab_counts(html) == {
        "acknowledge": "待签收 1",
        "work": "待办理 1",
        "review": f"待审核/审批 {review}",
        "done": "已办结 1",
    }
    assert 'id="tab-acknowledge" class="active"' in html  # what waits for the unit first
    review = client.get(reverse("reports:unit-home"), {"tab": "review"}).content.decode()
    assert "签署办结意见" in review
    done = client.get(reverse("reports:unit-home"), {"tab": "done"}).content.decode()
    listed = done[done.index('id="case-list"') :]
    assert "办结时间" in listed and "天" not in listed.split("</table>")[0].split("<tbody>")[1]


def test_an_odd_tab_falls_back_and_an_empty_tab_says_so(client, tree, people):
    client.force_login(people["officer"])
    for odd in ("", "x" * 500, "<script>", "done\x00"):
        page = client.get(reverse("reports:unit-home"), {"tab": odd})
        assert page.status_code == 200
    empty = client.get(reverse("reports:unit-home"), {"tab": "acknowledge"}).content.decode()
    assert "暂无待本单位签收的案件" in empty


@pytest.mark.parametrize("n", [1, 12])
def test_each_tab_costs_the_same_queries_whatever_the_cases(
    client, tree, people, django_assert_max_num_queries, n
):
    for _ in range(n):
        report = services.report_accept(
            report=make_intake(village=tree["village"]).report,
            actor=people["intake"],
            unit=tree["station"],
            summary=SUMMARY,
        )
        services.report_acknowledge(report=report, actor=people["officer"])
    client.force_login(people["head"])
    for tab in ("acknowledge", "work", "review", "done"):
        with django_assert_max_num_queries(15):
            page = client.get(reverse("reports:unit-home"), {"tab": tab})
        assert page.status_code == 200
    work = client.get(reverse("reports:unit-home"), {"tab": "work"}).content.decode()
    assert work.count('href="/unit/cases/JB') == n
