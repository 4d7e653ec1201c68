"""What the pages' scripts write and ask, in real Chromium at phone size, reads in Chinese: the
reward estimate on /report/, the character counter of a typical case, and the question asked
before 退回 and 报送 (answering no leaves everything as it was)."""

import datetime as dt
import re

import pytest
import time_machine

from publicity.models import MonthlyForm
from reports.models import Category, Report
from tests.reports.lifecycle_helpers import concluded, investigating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 375, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}
LATIN_OR_FORMAT = re.compile(r"[A-Za-z]|%\(|%s|\{\d*\}")


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/unit/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("text=登录 >> nth=-1")
    page.wait_for_selector("#inbox-link")


def _asked(page, button: str, *, answer: bool) -> str:
    """Press ``button``, answer the question the page asks, and return the question."""
    questions: list[str] = []

    def respond(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept() if answer else dialog.dismiss()

    page.once("dialog", respond)
    page.click(button)
    page.wait_for_load_state()
    assert questions, f"{button} asked nothing"
    return questions[0]


def test_the_reward_estimate_reads_in_chinese(live_server, phone, tree):
    phone.goto(f"{live_server.url}/report/")
    phone.select_option("#id_category", label=Category.objects.get(code="major_hazard").name)
    estimate = phone.inner_text("#reward-estimate-text")
    assert estimate.startswith("核实后可获奖励：") and len(estimate) > len("核实后可获奖励：")
    assert not LATIN_OR_FORMAT.search(estimate), estimate


def test_the_typical_case_counter_reads_in_chinese(live_server, phone, tree, people):
    report = concluded(tree, people)
    _sign_in(phone, live_server, "intake")
    phone.goto(f"{live_server.url}/unit/publicity/typical/{report.number}/")
    phone.fill("#id_lead_source", "")
    phone.fill("#id_facts", "")
    phone.fill("#id_enforcement", "")
    phone.fill("#id_reward", "")
    phone.fill("#id_facts", "仓库消防通道被货物堵死。")
    assert phone.inner_text("#char-count") == "已写12字，上限600字"


def test_returning_a_case_asks_first(live_server, phone, tree, people):
    report = investigating(tree, people)
    _sign_in(phone, live_server, "officer")
    phone.goto(f"{live_server.url}/unit/cases/{report.number}/")
    phone.click("#action-return summary")
    phone.fill("#action-return textarea", "地址在二号镇辖区")
    question = _asked(phone, "#do-return", answer=False)
    assert question.startswith("确认退回安委办？") and not LATIN_OR_FORMAT.search(question)
    assert Report.objects.get(pk=report.pk).status == "investigating"
    _asked(phone, "#do-return", answer=True)
    phone.wait_for_selector(".alert.success")
    assert Report.objects.get(pk=report.pk).status == "returned"


def test_submitting_a_monthly_form_asks_first(live_server, browser, tree, people):
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=dt.UTC), tick=True):
        context = browser.new_context(**PHONE)
        head = context.new_page()
        _sign_in(head, live_server, "head")
        head.goto(f"{live_server.url}/unit/publicity/forms/2026/10/")
        head.check("#id_channel_0")
        question = _asked(head, "#do-submit", answer=False)
        assert question.startswith("确认报送？") and not LATIN_OR_FORMAT.search(question)
        assert not MonthlyForm.objects.filter(unit=tree["station"], submitted_at__isnull=False)
        _asked(head, "#do-submit", answer=True)
        head.wait_for_selector(".alert.success")
        assert MonthlyForm.objects.get(unit=tree["station"]).frozen
        context.close()
