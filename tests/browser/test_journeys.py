"""Whole journeys in real Chromium (Debian's, through Playwright), at phone size, in Chinese.

Screenshots land in test-artifacts/ for a person to look at.
"""

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from reports.models import Category, IntakePoint, Report
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


def test_a_citizen_scans_a_qr_code_reports_with_a_photo_and_follows_the_case(
    live_server, phone, tree, tmp_path
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
    page = phone
    page.goto(f"{live_server.url}/q/{point.code}")
    assert page.locator("#id_enterprise_name").input_value() == "东村石材加工厂"
    assert page.locator("#id_address").input_value() == "东村工业路1号"
    assert page.locator("#id_village").input_value() == str(tree["village"].pk)
    assert "石材厂大门海报" in page.content()
    _shot(page, "citizen-1-form")

    page.select_option("#id_category", str(Category.objects.get(code="major_hazard").pk))
    page.fill("#id_description", "切割车间粉尘很大，没有除尘设备，工人不戴口罩，电线泡在水里")
    page.set_input_files("#id_photos", str(_camera_photo(tmp_path / "IMG_20261122.jpg")))
    page.wait_for_function("document.getElementById('submit-report').disabled === false")
    page.check("#id_identity_0")  # anonymous
    page.check("#id_declaration_0")
    page.click("#submit-report")
    page.wait_for_selector("#receipt-code")
    _shot(page, "citizen-2-receipt")
    code = page.inner_text("#receipt-code")
    assert re.fullmatch(r"\d{4}( \d{4}){4}", code)

    report = Report.objects.get()
    assert report.channel == "qr" and report.intake_point == point
    photo = report.attachments.get()
    assert max(photo.width, photo.height) <= 1600  # shrunk in the browser
    assert b"GPS" not in photo.file.read()

    page.click("a.btn:has-text('查询进度')")
    page.fill("#code", code)
    page.click("button[type=submit]")
    page.wait_for_selector("#case-status")
    assert page.inner_text("#case-status") == "待受理"
    assert report.number in page.content()
    page.fill("#body", "晚上八点以后还在开工")
    page.click("text=发送")
    page.wait_for_selector(".msg.in")
    _shot(page, "citizen-3-track")
    assert report.messages.get().body == "晚上八点以后还在开工"


def test_a_village_officer_registers_a_tip_from_a_phone(live_server, phone, tree, people):
    page = phone
    page.goto(f"{live_server.url}/unit/")
    page.fill("#id_username", "village_officer")
    page.fill("#id_password", "pw-for-tests")
    page.click("text=登录 >> nth=-1")
    page.click("text=登记本单位收到的线索")
    _shot(page, "unit-1-register")
    page.select_option("#id_channel", "phone")
    page.fill("#id_received_at", "2026-11-20T09:30")
    page.select_option("#id_category", str(Category.objects.get(code="gas").pk))
    page.fill("#id_description", "村民电话反映：饭店把液化气瓶放在大厅里，闻到气味")
    page.select_option("#id_village", str(tree["village"].pk))
    page.fill("#id_address", "东村街上")
    page.check("#id_identity_0")
    page.click("#submit-register")
    page.wait_for_selector("#receipt-code")
    _shot(page, "unit-2-receipt")
    report = Report.objects.get()
    assert (report.source, report.received_by_unit) == ("unit", tree["village"])
    page.click("text=返回我的案件")
    assert report.number in page.inner_text("#case-list")
