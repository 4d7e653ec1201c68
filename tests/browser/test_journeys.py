"""Whole journeys in real Chromium (Debian's, through Playwright), at phone size, in Chinese.

Screenshots land in test-artifacts/ for a person to look at.
"""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from reports.models import Category, IntakePoint, Report
from rewards.models import Reward
from tests.units.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# WeChat's in-app browser on an Android phone.
PHONE = {
    "viewport": {"width": 375, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 12; M2012K11AC) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/110.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.40"
    ),
}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    yield page
    context.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _camera_photo(path: Path) -> Path:
    """A big camera-like JPEG with GPS in its EXIF."""
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (30.0, 48.0, 1.0)
    image = Image.new("RGB", (3000, 2000), (180, 60, 30))
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=90)
    path.write_bytes(out.getvalue())
    return path


def _sign_in_unit(browser, live_server, username):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/unit/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("text=登录 >> nth=-1")
    return page


def _sign_in_admin(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    return page


def test_the_whole_lifecycle_from_a_qr_scan_to_the_paid_reward(
    live_server, browser, phone, tree, people, tmp_path
):
    enterprise = EnterpriseFactory(
        village=tree["village"], name="东村石材加工厂", address="东村工业路1号"
    )
    point = IntakePoint.objects.create(
        code="JRN234",
        kind="enterprise",
        name="石材厂大门海报",
        unit=tree["township"],
        enterprise=enterprise,
    )
    # 1. A citizen scans the QR code on the gate, reports with a photo, keeps the code.
    citizen = phone
    citizen.goto(f"{live_server.url}/q/{point.code}")
    assert citizen.locator("#id_enterprise_name").input_value() == "东村石材加工厂"
    assert citizen.locator("#id_address").input_value() == "东村工业路1号"
    assert "石材厂大门海报" in citizen.content()
    _shot(citizen, "journey-01-citizen-form")
    citizen.select_option("#id_category", label=Category.objects.get(code="major_hazard").name)
    citizen.fill(
        "#id_description", "切割车间粉尘很大，没有除尘设备，电线泡在水里。我叫李明，电话13900001111"
    )
    citizen.set_input_files("#id_photos", str(_camera_photo(tmp_path / "IMG_20261122.jpg")))
    citizen.wait_for_function("document.getElementById('submit-report').disabled === false")
    citizen.check("#id_identity_1")  # with my name
    citizen.fill("#id_name", "李明")
    citizen.fill("#id_phone", "13900001111")
    citizen.check("#id_declaration_0")
    citizen.click("#submit-report")
    citizen.wait_for_selector("#receipt-code")
    _shot(citizen, "journey-02-citizen-receipt")
    code = citizen.inner_text("#receipt-code")
    assert re.fullmatch(r"\d{4}( \d{4}){4}", code)
    report = Report.objects.get()
    assert report.channel == "qr" and report.intake_point == point
    photo = report.attachments.get()
    assert max(photo.width, photo.height) <= 1600  # shrunk in the browser
    assert b"GPS" not in photo.file.read()

    # 2. The intake officer accepts and transfers; the prefilled summary hides the reporter.
    office = _sign_in_admin(browser, live_server, "intake")
    office.goto(f"{live_server.url}/admin/reports/report/{report.pk}/change/")
    office.click("#tool-accept")
    summary = office.input_value("#id_summary")
    assert "李明" not in summary and "13900001111" not in summary
    office.select_option("#id_unit", label=tree["station"].name)
    _shot(office, "journey-03-office-accept")
    office.click("#do-action")
    office.wait_for_selector(".messagelist")
    report.refresh_from_db()
    assert report.status == "transferred"

    # 3. The station's officer acknowledges, records the fine and proposes the conclusion.
    officer = _sign_in_unit(browser, live_server, "officer")
    officer.goto(f"{live_server.url}/unit/cases/{report.number}/")
    assert "李明" not in officer.content() and "13900001111" not in officer.content()
    officer.click("#do-acknowledge")
    officer.click("#action-enforcement summary")
    officer.fill("#id_penalty_decision_number", "恒应急罚〔2026〕12号")
    officer.fill("#id_penalty_decided_on", timezone.localdate().isoformat())
    officer.fill("#id_fine", "40000")
    officer.click("#do-enforcement")
    officer.wait_for_selector("#fine")
    officer.click("#action-propose summary")
    officer.check("#id_verdict_0")
    officer.fill("#id_account", "现场检查属实：切割车间无除尘设施，线路浸水。")
    officer.fill("#id_decision", "责令停产整改，罚款40000元。")
    officer.click("#do-propose")
    officer.wait_for_selector("#conclusion")
    _shot(officer, "journey-04-officer-case")

    # 4. The unit head signs from a phone.
    head = _sign_in_unit(browser, live_server, "head")
    head.click(f"#awaiting a:has-text('{report.number}')")
    head.click("#action-sign summary")
    head.check("#id_approve_0")
    head.click("#do-sign")
    head.wait_for_selector(".alert.success")
    report.refresh_from_db()
    assert report.status == "under_review"

    # 5. The office concludes: the conclusion becomes the reply.
    office.goto(f"{live_server.url}/admin/reports/report/{report.pk}/change/")
    office.click("#tool-review")
    office.check("#id_decision_0")
    office.check("#id_reward_conditions_met_0")
    office.click("#do-action")
    office.wait_for_selector(".messagelist")
    report.refresh_from_db()
    assert report.status == "concluded"

    # 6. The citizen reads the reply and objects.
    citizen.goto(f"{live_server.url}/track/")
    citizen.fill("#code", code)
    citizen.click("button[type=submit]")
    citizen.wait_for_selector("#reply")
    assert citizen.inner_text("#reply-verdict") == "属实"
    assert "符合奖励条件" in citizen.inner_text("#reply")
    citizen.fill("#reason", "停产整改没有执行，晚上还在切割")
    citizen.click("#do-object")
    citizen.wait_for_selector(".alert.success")
    _shot(citizen, "journey-05-citizen-objection")
    report.refresh_from_db()
    assert report.status == "objection"

    # 7. The office dismisses the objection after review; the case closes.
    office.goto(f"{live_server.url}/admin/reports/report/{report.pk}/change/")
    office.click("#tool-objection")
    office.check("#id_outcome_0")
    office.fill("#id_note", "经复查，企业已停产，夜间为设备清理，异议不成立。")
    office.click("#do-action")
    office.wait_for_selector(".messagelist")
    _shot(office, "journey-06-office-closed")
    citizen.reload()
    assert citizen.inner_text("#case-status") == "已结案"
    assert "异议不成立" in citizen.inner_text("#objection")

    # 8. The reward was calculated when the conclusion was accepted (15% of the 40,000 fine);
    # the office submits it and the leader, another person, approves it on a phone.
    reward = Reward.objects.get(report=report)
    assert (reward.status, reward.amount) == ("calculated", Decimal("6000"))
    office.goto(f"{live_server.url}/admin/rewards/reward/{reward.pk}/change/")
    assert "按罚款40000元的15%计算为6000元" in office.content()
    office.click("#tool-submit")
    office.wait_for_selector(".messagelist")
    leader = _sign_in_unit(browser, live_server, "leader")
    leader.click("#awaiting a:has-text('奖励待审批')")
    leader.check(f"#id_r{reward.pk}-approve_0")
    _shot(leader, "journey-07-leader-approves-reward")
    leader.click(f"#do-approve-{reward.pk}")
    leader.wait_for_selector(".alert.success")

    # 9. The reporter sees the reward on /track/ and claims it.
    citizen.reload()
    assert citizen.inner_text("#reward-amount") == "6,000"
    citizen.check("#reward input[value=bank]")
    _shot(citizen, "journey-08-citizen-reward")
    citizen.click("#do-claim")
    citizen.wait_for_selector(".alert.success")
    assert citizen.inner_text("#reward-status") == "已申领，待发放"

    # 10. The reporter comes to the paying office: finance checks the receipt code and the
    # ID card at the counter (李明 left no ID number), then records the payment.
    finance = _sign_in_unit(browser, live_server, "finance")
    finance.goto(f"{live_server.url}/unit/rewards/")
    finance.click(f"#do-counter-{reward.pk}")
    finance.fill("#id_check-name", "李明")
    finance.fill("#id_check-id_number", "11010519491231002X")
    finance.fill("#id_check-phone", "13900001111")
    finance.fill("#id_check-receipt_code", code)
    _shot(finance, "journey-09-finance-checks")
    finance.click("#do-check")
    finance.wait_for_selector("#counter-pay")
    finance.fill("#id_pay-voucher_number", "恒财记〔2026〕88号")
    finance.fill("#id_pay-recipient_id_number", "11010519491231002X")
    finance.fill("#id_pay-account_reference", "6222 0000 1111 2222")
    _shot(finance, "journey-10-finance-pays")
    finance.click("#do-pay")
    finance.wait_for_selector("#counter-done")
    reward.refresh_from_db()
    assert reward.status == "paid"
    assert reward.payment.voucher_number == "恒财记〔2026〕88号"
    citizen.reload()
    assert citizen.inner_text("#reward-status") == "已发放"


def test_a_village_officer_registers_a_tip_from_a_phone(live_server, phone, tree, people):
    page = phone
    page.goto(f"{live_server.url}/unit/")
    page.fill("#id_username", "village_officer")
    page.fill("#id_password", "pw-for-tests")
    page.click("text=登录 >> nth=-1")
    page.click("text=登记本单位收到的线索")
    _shot(page, "unit-1-register")
    page.select_option("#id_channel", label=str(Report.Channel.PHONE.label))
    page.fill("#id_received_at", "2026-11-20T09:30")
    page.select_option("#id_category", label=Category.objects.get(code="gas").name)
    page.fill("#id_description", "村民电话反映：饭店把液化气瓶放在大厅里，闻到气味")
    page.select_option("#id_village", label=tree["village"].name)
    page.fill("#id_address", "东村街上")
    page.check("#id_identity_0")
    page.click("#submit-register")
    page.wait_for_selector("#receipt-code")
    _shot(page, "unit-2-receipt")
    report = Report.objects.get()
    assert (report.source, report.received_by_unit) == ("unit", tree["village"])
    page.click("text=返回我的案件")
    assert report.number in page.inner_text("#case-list")


def test_a_station_runs_its_month_of_publicity_from_a_phone(
    live_server, browser, tree, people, tmp_path
):
    import datetime as dt

    import time_machine

    from publicity.models import Activity, MonthlyForm
    from publicity.periods import last_ended
    from tests.publicity.helpers import record

    enterprise = EnterpriseFactory(
        village=tree["village"],
        supervising_unit=tree["station"],
        name="东村石材加工厂",
        workshops=2,
    )
    period = last_ended(timezone.localdate())
    with time_machine.travel(
        dt.datetime.combine(period.start + dt.timedelta(days=3), dt.time(10), tzinfo=dt.UTC),
        tick=False,
    ):
        record(people["officer"], tree["station"], "training", enterprise=enterprise)

    # 1. The officer sees what the enterprise still owes and records the banners at its gate.
    officer = _sign_in_unit(browser, live_server, "officer")
    officer.click("#publicity-link")
    assert "东村石材加工厂" in officer.inner_text("#enterprises")
    officer.click("#enterprises a:has-text('为该企业记录')")
    officer.select_option("#id_measure", label="大门和厂区横幅（海报）（张）")
    officer.fill("#id_count", "3")
    officer.fill("#id_location", "厂区大门两侧")
    officer.set_input_files("#id_photos", str(_camera_photo(tmp_path / "IMG_banner.jpg")))
    _shot(officer, "publicity-1-record")
    officer.click("#save-activity")
    officer.wait_for_selector(".alert.success")
    assert "大门和厂区横幅（海报） ×3" in officer.inner_text("#recent")
    activity = Activity.objects.get(measure__code="gate_banner")
    assert activity.enterprise == enterprise and activity.photos.count() == 1

    # 2. The head submits last month's form from a phone; it is frozen.
    head = _sign_in_unit(browser, live_server, "head")
    head.goto(f"{live_server.url}/unit/publicity/forms/")
    assert "企业培训" in head.inner_text("#sheet")
    head.check("#id_channel_0")
    _shot(head, "publicity-2-monthly-form")
    head.once("dialog", lambda dialog: dialog.accept())  # 确认报送？
    head.click("#do-submit")
    head.wait_for_selector(".alert.success")
    form = MonthlyForm.objects.get(unit=tree["station"])
    assert form.frozen and form.totals["training"] == 1
    assert "已报送" in head.inner_text("#status")


def test_a_supervisor_sees_the_charts_with_data(live_server, browser, tree, people):
    import datetime as dt

    from dashboards import rollups
    from tests.dashboards.helpers import random_cases

    random_cases(tree, 30, 21, timezone.localdate() - dt.timedelta(days=150), 150)
    for month in rollups.months_between(
        timezone.localdate() - dt.timedelta(days=150), timezone.localdate()
    ):
        rollups.refresh_month(month)
    rollups.refresh_aging()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()  # a desktop-size window
    page.goto(f"{live_server.url}/unit/login/")
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", "pw-for-tests")
    page.click("text=登录 >> nth=-1")
    with page.expect_navigation():
        page.click("#dashboard-link")
    page.wait_for_function("document.documentElement.getAttribute('data-charts') === '5'")
    assert page.locator("#chart-trend canvas").count() == 1
    assert page.locator("#chart-aging canvas").count() == 1
    this_month = Report.objects.filter(
        received_at__date__gte=timezone.localdate().replace(day=1)
    ).count()
    received = int(page.inner_text("#tile-received .tile-value").replace(",", ""))
    assert received == this_month
    # The charts drew the figures they were given: the trend's last point is this month's.
    points = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-trend'))"
        ".getOption().series[0].data"
    )
    assert points[-1] == this_month and sum(points) > 0
    page.hover("#tile-on_time_rate")
    assert page.locator("#tile-on_time_rate .tile-def").is_visible()
    _shot(page, "dashboard-1-supervisor")
    page.select_option("#f-unit", label=f"— {tree['township'].name}")  # a child, as shown
    with page.expect_navigation():  # never ask the old page while the new one loads
        page.click("#apply-filters")
    page.wait_for_function("document.documentElement.getAttribute('data-charts') === '5'")
    assert "一号乡" in page.inner_text("h1")
    # The league ranks the township's stations and villages; a row drills down to the unit.
    first_unit = page.locator("#league tbody a", has_text=tree["station"].name)
    name = first_unit.inner_text()
    with page.expect_navigation():
        first_unit.click()
    page.wait_for_function("document.documentElement.getAttribute('data-charts') === '5'")
    assert page.inner_text("h1").endswith(name) and name != "一号乡"
    _shot(page, "dashboard-2-drilldown")


def test_a_custodian_reissues_a_lost_code_from_a_phone(live_server, browser, tree, people):
    from reports.services import ReporterInput
    from tests.reports.factories import make_intake

    intake = make_intake(
        village=tree["village"],
        reporters=[
            ReporterInput(
                name="林三妹",
                phone="13922223333",
                id_number="110101199003074258",
                declaration="none",
            )
        ],
    )
    page = _sign_in_unit(browser, live_server, "custodian")
    page.click("#receipts-link")
    page.fill("#id_number", intake.report.number)
    page.fill("#id_name", "林三妹")
    page.fill("#id_id_number", "11010519491231002X")  # a valid number, not theirs
    page.fill("#id_reason", "本人到乡应急办补办，已核对身份证原件")
    page.click("#do-reissue")
    assert "不符" in page.inner_text("#reissue-form")
    assert page.input_value("#id_id_number") == ""  # what the person gave is not shown back
    _shot(page, "reissue-1-refused")
    page.fill("#id_name", "林三妹")
    page.fill("#id_id_number", "110101199003074258")
    page.click("#do-reissue")
    code = page.inner_text("#receipt-code")
    _shot(page, "reissue-2-new-code")
    assert len(page.locator("#attempts tr.attempt").all()) == 2

    citizen = browser.new_context(**PHONE).new_page()
    citizen.goto(f"{live_server.url}/track/")
    citizen.fill("#code", code)
    citizen.click("button[type=submit]")
    citizen.wait_for_selector("#case-status")
    assert intake.report.number in citizen.inner_text("h1")


def test_the_office_chooses_what_the_unit_sees_at_transfer(live_server, browser, tree, people):
    """The intake officer reads the highlighted self-describing sentence, keeps it out of the
    summary, passes one photo of two; the unit's officer, on a phone, sees that one only."""
    from reports.services import ReporterInput
    from tests.reports.factories import clean_jpeg, make_report

    report = make_report(
        village=tree["village"],
        description=(
            "我是该厂厨师张某，在食堂干了三年。厂里夜间偷偷生产，消防通道被货物堵死。"
            "有事打 138 1234 5678 找我。"
        ),
        address="东村二组12号，张三丰家隔壁",
        enterprise_name="东村鞋厂",
        reporters=[ReporterInput(name="张三丰", phone="13812345678", declaration="none")],
        photos=[clean_jpeg(), clean_jpeg(color=(0, 90, 200))],
    )
    passed, withheld = report.attachments.order_by("pk")

    # The office's transfer form, at desktop and at phone size (leaders and officers on the move).
    office = _sign_in_admin(browser, live_server, "intake")
    office.goto(f"{live_server.url}/admin/reports/report/{report.pk}/do/accept/")
    assert office.inner_text("#report-description mark.self-id >> nth=0") == "我是该厂厨师张某"
    assert office.is_visible("#self-id-note")
    summary = office.input_value("#id_summary")
    assert "我是该厂" not in summary and "〔此处删去一句可能暴露举报人身份的话〕" in summary
    assert "张三丰" not in office.input_value("#id_unit_address")
    assert office.locator("#photo-choice img").count() == 2
    assert office.locator("#photo-choice input:checked").count() == 0
    _shot(office, "disclosure-1-office-transfer")
    office.set_viewport_size({"width": 390, "height": 844})
    _shot(office, "disclosure-2-office-transfer-phone")
    office.select_option("#id_unit", label=tree["station"].name)
    office.check(f"#photo-choice input[value='{passed.pk}']")
    office.click("#do-action")
    office.wait_for_selector(".messagelist")
    report.refresh_from_db()
    assert report.status == "transferred"
    assert "〔" not in report.transfer_summary and "厂里夜间偷偷生产" in report.transfer_summary
    office.set_viewport_size({"width": 1280, "height": 900})
    attachments = office.inner_text("#case-attachments")
    assert "已交给承办单位" in attachments and "未交给承办单位" in attachments
    assert "交给承办单位 1 张，未交 1 张" in office.inner_text("#case-timeline")
    _shot(office, "disclosure-4-office-case")

    # The station's officer, on a phone: the vetted texts and the one photo passed.
    officer = _sign_in_unit(browser, live_server, "officer")
    officer.goto(f"{live_server.url}/unit/cases/{report.number}/")
    html = officer.content()
    for secret in ("张三丰", "13812345678", "138 1234 5678", "我是该厂厨师"):
        assert secret not in html, secret
    assert officer.locator("#unit-photos img").count() == 1
    assert f"/files/{withheld.pk}/" not in html
    assert "东村二组12号" in officer.inner_text("#unit-address")
    _shot(officer, "disclosure-3-unit-case-phone")
    response = officer.request.get(f"{live_server.url}/files/{withheld.pk}/")
    assert response.status == 404
