"""A district on one install, in real Chromium: each township's citizen pages speak for its own
office, and a case handed to a district department goes there and back (移送)."""

import re

import pytest

from reports.models import Category, Report
from tests.browser.test_journeys import PHONE, _shot, _sign_in_admin, _sign_in_unit
from tests.units.factories import UnitFactory, person
from units.models import Role, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def district(tree, people):
    t1, t2 = tree["township"], tree["township2"]
    t1.office_name, t1.hotline = "一号乡安委办", "023-1111"
    t1.save()
    t2.office_name, t2.hotline = "二号镇应急办", "023-2222"
    t2.save()
    bureau = UnitFactory(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"])
    person("dept_officer", bureau, Role.OFFICER)
    person("dept_head", bureau, Role.HEAD)
    return {**tree, "bureau": bureau}


def test_each_townships_pages_show_its_own_office(live_server, browser, district):
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{live_server.url}/")
    assert "一号乡安委办" in page.content() and "二号镇应急办" in page.content()
    _shot(page, "district-01-choose-township")
    page.click("text=二号镇应急办")
    header = page.inner_text("header.top")
    assert "二号镇应急办" in header and "023-2222" in header and "023-1111" not in header
    assert [o for o in page.locator("#id_village option").all_inner_texts() if o != "请选择…"] == [
        "西村"
    ]
    _shot(page, "district-02-township2-form")
    page.goto(f"{live_server.url}/report/?township={district['township'].pk}")
    header = page.inner_text("header.top")
    assert "一号乡安委办" in header and "023-1111" in header and "023-2222" not in header


def test_a_case_handed_to_a_department_and_back(live_server, browser, district, people):
    # 1. A citizen of 一号乡 reports from a phone and keeps the code.
    citizen = browser.new_context(**PHONE).new_page()
    citizen.goto(f"{live_server.url}/report/?township={district['township'].pk}")
    citizen.select_option("#id_category", label=Category.objects.get(code="major_hazard").name)
    citizen.fill("#id_description", "东村砖厂隧道窑窑顶开裂，照常烧砖，工人在窑边干活。")
    citizen.select_option("#id_village", label="东村")
    citizen.fill("#id_address", "东村3组砖厂")
    citizen.check("#id_identity_0")  # anonymous
    citizen.check("#id_declaration_0")
    citizen.click("#submit-report")
    citizen.wait_for_selector("#receipt-code")
    code = citizen.inner_text("#receipt-code")
    assert "023-1111" in citizen.content()
    report = Report.objects.get()

    # 2. The township's office accepts it to its station, then hands it to the bureau.
    office = _sign_in_admin(browser, live_server, "intake")
    office.goto(f"{live_server.url}/admin/reports/report/{report.pk}/change/")
    office.click("#tool-accept")
    office.select_option("#id_unit", label=district["station"].name)
    office.click("#do-action")
    office.wait_for_selector(".messagelist")
    office.goto(f"{live_server.url}/admin/reports/report/{report.pk}/change/")
    office.click("#tool-hand_over")
    office.select_option("#id_unit", label="区应急局")
    office.fill("#id_reason", "隧道窑属区应急局直接监管的重大事故隐患")
    office.fill("#id_request", "请依法立案查处，并将结果告知一号乡安委办")
    _shot(office, "district-03-office-hands-over")
    office.click("#do-action")
    office.wait_for_selector(".messagelist")
    report.refresh_from_db()
    assert report.responsible_unit == district["bureau"] and report.status == "transferred"

    # 3. The bureau's officer works it on a phone: the reason is there, the reporter is not.
    officer = _sign_in_unit(browser, live_server, "dept_officer")
    officer.goto(f"{live_server.url}/unit/cases/{report.number}/")
    assert "请依法立案查处" in officer.inner_text("#handover")
    _shot(officer, "district-04-department-case")
    officer.click("#do-acknowledge")
    officer.click("#action-enforcement summary")
    officer.fill("#id_case_filed_on", report.accepted_at.date().isoformat())
    officer.fill("#id_case_file_number", "区应急立〔2026〕1号")
    officer.click("#do-enforcement")
    officer.wait_for_selector("#enforcement")
    officer.click("#action-propose summary")
    officer.check("#id_verdict_0")
    officer.fill("#id_account", "经查属实，已立案查处，责令停窑整改。")
    officer.fill("#id_decision", "立案查处，责令停产整改。")
    officer.click("#do-propose")
    officer.wait_for_selector("#conclusion")
    head = _sign_in_unit(browser, live_server, "dept_head")
    head.goto(f"{live_server.url}/unit/cases/{report.number}/")
    head.click("#action-sign summary")
    head.check("#id_approve_0")
    head.click("#do-sign")
    head.wait_for_selector(".alert.success")

    # 4. The township's office concludes; the reporter reads the reply from the township.
    office.goto(f"{live_server.url}/admin/reports/report/{report.pk}/change/")
    office.click("#tool-review")
    office.check("#id_decision_0")
    office.check("#id_reward_conditions_met_1")
    office.click("#do-action")
    office.wait_for_selector(".messagelist")
    report.refresh_from_db()
    assert report.status == "concluded"
    citizen.goto(f"{live_server.url}/track/")
    citizen.fill("#code", code)
    citizen.click("button[type=submit]")
    citizen.wait_for_selector("#reply")
    assert "已立案查处" in citizen.inner_text("#reply")
    assert "023-1111" in citizen.inner_text("header.top")
    assert re.search("移送", citizen.content())
    _shot(citizen, "district-05-reporter-reads-reply")
