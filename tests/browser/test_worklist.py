"""The office's worklist on a 1366×768 screen, and the custodian's unseal history on a phone,
in real Chromium. Screenshots land in test-artifacts/ for a person to look at."""

from pathlib import Path

import pytest

from reports import services
from reports.models import Category, Report
from reports.services import ReporterInput
from tests.browser.test_journeys import PHONE, _sign_in_unit
from tests.reports.factories import make_report
from tests.reports.lifecycle_helpers import SUMMARY
from tests.units.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
OFFICE_SCREEN = {"width": 1366, "height": 768}


def _a_busy_week(tree, people) -> list[Report]:
    """Cases in every queue, with long names where the office's list has them."""
    kiln = EnterpriseFactory(name="重庆市万州区安宁页岩砖厂有限责任公司", village=tree["village"])
    cases = []
    for i in range(16):
        report = make_report(
            village=tree["village"] if i % 2 else tree["community"],
            enterprise=kiln if i % 3 == 0 else None,
            category=Category.objects.order_by("sort_order")[i % 5],
            reporters=[ReporterInput(declaration="none")],
        )
        if i % 4 in (1, 2):
            report = services.report_accept(
                report=report, actor=people["intake"], unit=tree["station"], summary=SUMMARY
            )
        if i % 4 == 2:
            report = services.report_acknowledge(report=report, actor=people["officer"])
        cases.append(report)
    return cases


def test_the_worklist_shows_at_least_ten_cases_on_a_1366_by_768_screen(
    browser, live_server, tree, people
):
    _a_busy_week(tree, people)
    context = browser.new_context(viewport=OFFICE_SCREEN, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "intake")
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/reports/report/?work=all")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 16
    visible = [
        box
        for box in (rows.nth(i).bounding_box() for i in range(16))
        if box["y"] + box["height"] <= 768
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "office-worklist-1366x768.png"))
    assert len(visible) >= 10, f"only {len(visible)} whole rows on the first screen"
    assert page.locator("#result_list").bounding_box()["width"] <= 1366
    context.close()


def test_the_custodian_reads_their_unseals_on_a_phone(browser, live_server, tree, people):
    report = make_report(
        village=tree["village"],
        reporters=[ReporterInput(name="张三丰", phone="13812345678", declaration="none")],
    )
    page = _sign_in_unit(browser, live_server, "custodian")
    page.goto(f"{live_server.url}/unit/identity/")
    page.fill("#number", report.number)
    page.fill("#reason", "核对奖励领取人的身份，依申请")
    page.locator("form:has(#reason) button[type=submit]").click()
    page.click("#unseal-history-link")
    card = page.locator(".unseal").first
    assert report.number in card.inner_text() and "核对奖励领取人的身份" in card.inner_text()
    assert "1名举报人的身份" in card.inner_text()
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "unit-unseal-history-phone.png"), full_page=True)
    page.context.close()
