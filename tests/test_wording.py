"""Wording found wrong in use, as a person reads it: 延期理由 on the extension form, 整改期限
beside a rectification deadline, the dashboard's export headers (在办, 名称, 已受理) with rates
as numbers, 第一季度 rather than Q1, 元 on the money tiles, the claim confirmation that
matches the way of payment chosen, and a question before 退回 and 报送."""

import csv
import datetime as dt
import io
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards import rollups
from publicity import services as publicity
from reports import services as reports
from reports.models import Report
from tests.clock import at
from tests.dashboards.helpers import random_cases
from tests.reports.factories import make_report
from tests.reports.lifecycle_helpers import investigating, under_review
from tests.rewards.helpers import notified, receipt_code

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 23)


def _section(html: str, element_id: str) -> str:
    """The element with this id, up to its closing tag (``details``, ``div`` or ``form``)."""
    match = re.search(rf'<(\w+)[^>]*id="{element_id}".*?</\1>', html, re.S)
    assert match, element_id
    return match.group(0)


def _label(html: str, field_id: str) -> str:
    return re.search(rf'<label for="{field_id}">([^<]*)', html).group(1).strip()


# ------------------------------------------------------------------------------
# Labels
# ------------------------------------------------------------------------------
def test_the_extension_form_asks_for_the_reason_for_the_extension(client, tree, people):
    report = investigating(tree, people)
    client.force_login(people["officer"])
    html = client.get(reverse("reports:unit-case", args=[report.number])).content.decode()
    form = _section(html, "action-extension")
    assert _label(form, "id_reason") == "延期理由"
    assert "查阅理由" not in html


def test_reasons_read_as_what_they_are_for(client, tree, people):
    """查阅理由 is the custodian's reason for looking; a refusal's reason is plain 理由."""
    report = make_report(village=tree["village"])
    client.force_login(people["custodian"])
    identity = client.get(reverse("reports:unit-identity")).content.decode()
    assert _label(identity, "reason") == "查阅理由"
    client.force_login(people["intake"])
    reject = reverse("admin:reports_report_action", args=[report.pk, "reject"])
    html = client.get(reject).content.decode()
    assert "查阅理由" not in html
    assert re.search(r"<legend[^>]*>\s*理由|<label[^>]*>\s*理由", html)


def test_a_rectification_deadline_is_labelled_as_one(client, tree, people):
    report = investigating(tree, people)
    reports.enforcement_update(
        report=report,
        actor=people["officer"],
        values={
            "rectification_ordered_on": dt.date(2026, 3, 2),
            "rectification_deadline": dt.date(2026, 3, 16),
        },
    )
    client.force_login(people["officer"])
    html = client.get(reverse("reports:unit-case", args=[report.number])).content.decode()
    card = _section(html, "enforcement")
    assert "2026-03-02，整改期限 2026-03-16" in card
    assert "操作人" not in card


# ------------------------------------------------------------------------------
# The dashboard: exports, quarters, money
# ------------------------------------------------------------------------------
@pytest.fixture
def month_of_cases(tree):
    """November 2026: four cases concluded, two of them on time, one with a fine."""
    cases = random_cases(tree, 4, 9, dt.date(2026, 11, 2), 1)
    for i, case in enumerate(cases):
        accepted = dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC)
        Report.objects.filter(pk=case.pk).update(
            status="concluded",
            accepted_at=accepted,
            transferred_at=accepted,
            concluded_at=dt.datetime(2026, 11, 11 + i, 10, tzinfo=dt.UTC),
            due_date=dt.date(2026, 11, 12),
            responsible_unit=tree["station"],
        )
    with at(DAY):
        rollups.refresh_month(dt.date(2026, 11, 1))
        rollups.refresh_aging()
    return cases


def _csv(client, table: str) -> list[list[str]]:
    with at(DAY):
        content = client.get(reverse("dashboards:export", args=[table, "csv"]) + "?period=1")
    return list(csv.reader(io.StringIO(content.content.decode("utf-8-sig"))))


def test_export_headers_say_open_name_and_accepted(client, people, month_of_cases):
    client.force_login(people["leader"])
    assert _csv(client, "aging")[0] == ["受理后天数", "在办", "已超期", "挂牌督办"]
    assert _csv(client, "mix")[0] == ["类型", "名称", "举报"]
    trend = _csv(client, "trend")[0]
    assert trend[:5] == ["月份", "收到举报", "不予受理", "已受理", "已转办"]
    assert _csv(client, "sectors")[0][:3] == ["行业领域", "收到举报", "已受理"]


def test_rates_are_numbers_in_the_spreadsheet(client, people, month_of_cases):
    client.force_login(people["leader"])
    with at(DAY):
        xlsx = client.get(reverse("dashboards:export", args=["trend", "xlsx"]) + "?period=1")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    headers = [c.value for c in ws[1]]
    rate = ws.cell(2, headers.index("按期办结率（%）") + 1)
    assert rate.value == pytest.approx(0.5) and rate.data_type == "n"
    assert rate.number_format == "0.0%"
    days = ws.cell(2, headers.index("平均办结天数") + 1)
    assert isinstance(days.value, float)
    assert _csv(client, "trend")[1][headers.index("按期办结率（%）")] == "50.0"


def test_money_tiles_say_yuan_and_quarters_are_written_out(client, people, month_of_cases):
    client.force_login(people["leader"])
    with at(DAY):
        html = client.get(reverse("dashboards:home") + "?period=1").content.decode()
    for tile in ("fines", "rewards_paid_amount"):
        value = re.search(rf'id="tile-{tile}".*?class="tile-value">([^<]*)<', html, re.S)
        assert value.group(1).endswith("元"), value.group(1)
    options = re.findall(r'<option value="2026-Q\d"[^>]*>([^<]*)<', html)
    assert options == ["2026年第四季度", "2026年第三季度", "2026年第二季度", "2026年第一季度"]


@pytest.mark.usefixtures("tree")
def test_meetings_tasks_and_bulletins_name_quarters_in_words(client, tree, people):
    with at(dt.date(2026, 10, 15)):
        publicity.task_plan_generate(actor=people["intake"], township=tree["township"], year=2026)
        client.force_login(people["intake"])
        meetings = client.get(reverse("publicity:meetings") + "?year=2026&quarter=3")
        tasks = client.get(reverse("publicity:tasks")).content.decode()
        home = client.get(reverse("publicity:home")).content.decode()
        bulletin = client.get(reverse("publicity:bulletin", args=[2026, 3]))
    html = meetings.content.decode()
    assert "2026年第三季度通报" in html and "2026年第三季度联席会议" in html
    assert ">2026年第一季度</a>" in html
    assert not re.search(r"\bQ[1-4]\b", html)
    assert "· 第一季度 ·" in tasks and "· 上半年 ·" in tasks
    assert not re.search(r"· [QH]\d ·", tasks)
    assert "按季度的为第四季度" in home, re.search(r"<h2>[^<]*目标[^<]*<", home)
    assert "一号乡2026年第三季度举报奖励工作通报" in unquote(bulletin["Content-Disposition"])


# ------------------------------------------------------------------------------
# The reward claim
# ------------------------------------------------------------------------------
CLAIMED = {
    "cash": "现金",
    "bank": "银行卡",
    "mobile": "微信或支付宝账户",
}


@pytest.mark.parametrize("method", sorted(CLAIMED))
def test_the_claim_confirmation_matches_the_way_of_payment(client, tree, people, method):
    reward = notified(tree, people)
    client.post(reverse("reports:track"), {"code": receipt_code(reward.report)})
    response = client.post(reverse("rewards:claim"), {"method": method}, follow=True)
    html = response.content.decode()
    message = re.search(r'class="alert success"[^>]*>([^<]*)<', html).group(1)
    assert message.startswith("已申领") and CLAIMED[method] in message
    panel = _section(html, "claimed-words")
    assert CLAIMED[method] in panel
    others = [words for m, words in CLAIMED.items() if m != method]
    assert not any(words in message or words in panel for words in others)


# ------------------------------------------------------------------------------
# A question before 退回 and 报送
# ------------------------------------------------------------------------------
def _confirm(html: str) -> str:
    return re.search(r'data-confirm="([^"]*)"', html).group(1)


def test_returning_a_case_and_sending_back_a_conclusion_ask_first(client, tree, people):
    report = investigating(tree, people)
    client.force_login(people["officer"])
    html = client.get(reverse("reports:unit-case", args=[report.number])).content.decode()
    assert _confirm(_section(html, "action-return")).startswith("确认退回安委办？")
    assert "core/confirm.js" in html
    reviewed = under_review(tree, people)[0]
    client.force_login(people["intake"])
    review = reverse("admin:reports_report_action", args=[reviewed.pk, "review"])
    html = client.get(review).content.decode()
    send_back = re.search(r'<input[^>]*value="send_back"[^>]*>', html).group(0)
    assert _confirm(send_back).startswith("确认退回办结意见？")
    accept = re.search(r'<input[^>]*value="accept"[^>]*>', html).group(0)
    assert "data-confirm" not in accept
    assert "core/confirm.js" in html


def test_submitting_and_reopening_a_monthly_form_ask_first(client, tree, people):
    station = f"?unit={tree['station'].pk}"
    with at(dt.date(2026, 11, 5)):
        client.force_login(people["head"])
        html = client.get(reverse("publicity:form", args=[2026, 10]) + station).content.decode()
        assert _confirm(_section(html, "submit-form")).startswith("确认报送？")
        publicity.form_submit(
            actor=people["head"], unit=tree["station"], year=2026, month=10, channel="system"
        )
        publicity.form_reopen_request(
            actor=people["head"], unit=tree["station"], year=2026, month=10, reason="漏报培训"
        )
        client.force_login(people["intake"])
        html = client.get(reverse("publicity:form", args=[2026, 10]) + station).content.decode()
    reopen = re.search(r'<input[^>]*value="reopen"[^>]*>', html).group(0)
    assert _confirm(reopen).startswith("确认退回该报表")
    keep = re.search(r'<input[^>]*value="keep"[^>]*>', html).group(0)
    assert "data-confirm" not in keep
