"""An officer's day on a phone, in real Chromium: the transfer is waiting in the inbox and under
待签收 at once; acknowledged, the case moves to 待办理 and the notice is gone."""

import pytest

from reports import services
from tests.browser.test_journeys import _shot, _sign_in_unit
from tests.reports.lifecycle_helpers import SUMMARY, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_transfer_waits_under_its_tab_and_moves_when_acknowledged(
    live_server, browser, tree, people
):
    report = services.report_accept(
        report=submitted(tree), actor=people["intake"], unit=tree["station"], summary=SUMMARY
    )
    page = _sign_in_unit(browser, live_server, "officer")
    page.goto(f"{live_server.url}/unit/")
    assert page.inner_text("#unread-badge") == "1"  # told at once, not two days later
    active = page.locator("#tabs a.active")
    assert active.inner_text().startswith("待签收")
    assert report.number in page.inner_text("#case-list")
    _shot(page, "workspace-1-to-acknowledge")
    # The tabs fit a phone: none is cut off or pushed off the screen.
    width = page.evaluate("document.documentElement.clientWidth")
    for box in page.locator("#tabs a").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    ):
        assert box <= width + 1

    page.click(f"#case-list a:has-text('{report.number}')")
    page.click("#do-acknowledge")
    page.goto(f"{live_server.url}/unit/")
    assert page.locator("#unread-badge").count() == 0  # the work is done: the notice left
    assert page.locator("#tabs a.active").inner_text().startswith("待办理")
    assert report.number in page.inner_text("#case-list")
    _shot(page, "workspace-2-in-hand")
