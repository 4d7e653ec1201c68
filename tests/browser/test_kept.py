"""Nothing typed or taken is lost, in real Chromium at phone size (390×844): a photo picked in
the enforcement form survives a mistake and reaches the case; a tip registered, Back and sent
again is one case; a declined proposal comes back filled in. Screenshots of the forms with
errors go to /tmp/keep-shots/ (and test-artifacts/) for a person to look at."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from core.calendar import local_date
from reports import services
from reports.models import Attachment, Category, Report
from tests.reports.lifecycle_helpers import investigating, proposed, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/keep-shots")  # noqa: S108 - where the brief asks for them
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}


def _shot(page, name: str) -> None:
    for folder in (SHOTS, ARTIFACTS):
        folder.mkdir(exist_ok=True)
        page.screenshot(path=str(folder / f"keep-{name}.png"), full_page=True)


def _phone_photo(path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (30, 120, 60)).save(out, format="JPEG", quality=85)
    path.write_bytes(out.getvalue())
    return path


def _sign_in(browser, live_server, username):
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{live_server.url}/unit/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("text=登录 >> nth=-1")
    page.wait_for_url("**/unit/**")
    return page


def test_a_photo_picked_survives_a_mistake_and_reaches_the_case(
    live_server, browser, tree, people, tmp_path
):
    report = investigating(tree, people)
    officer = _sign_in(browser, live_server, "officer")
    officer.goto(f"{live_server.url}/unit/cases/{report.number}/")
    officer.click("#action-enforcement > summary")
    officer.set_input_files("#id_before", str(_phone_photo(tmp_path / "IMG_0412.jpg")))
    officer.fill("#id_fine", "2000")  # a fine without its decision: the service refuses it
    officer.fill("#id_note", "现场复查，通道已清理一半")
    officer.click("#do-enforcement")
    officer.wait_for_selector("#errors-enforcement")
    summary = officer.inner_text("#errors-enforcement")
    assert "处罚决定书文号" in summary
    assert officer.input_value("#id_fine") == "2000"
    assert officer.input_value("#id_note") == "现场复查，通道已清理一半"
    assert officer.locator("#kept-before img").count() == 1  # the photo is still there
    assert "已保留上次选择的 1 个文件" in officer.inner_text("#kept-before")
    _shot(officer, "enforcement-error")
    assert not Attachment.objects.filter(report=report).exists()

    officer.fill("#id_penalty_decision_number", "恒应急罚〔2026〕7号")
    officer.fill("#id_penalty_decided_on", local_date().isoformat())
    officer.click("#do-enforcement")
    officer.wait_for_selector("#enforcement")
    assert "2000" in officer.inner_text("#fine")
    photo = Attachment.objects.get(report=report)
    assert photo.kind == Attachment.Kind.BEFORE and max(photo.width, photo.height) <= 1600
    assert officer.locator("#unit-photos img").count() == 1  # attached to the case


def test_a_proposal_with_a_mistake_and_the_other_forms_look_right(
    live_server, browser, tree, people, tmp_path
):
    report = investigating(tree, people)
    officer = _sign_in(browser, live_server, "officer")
    officer.goto(f"{live_server.url}/unit/cases/{report.number}/")
    officer.click("#action-propose > summary")
    officer.check("#action-propose input[value=true]")
    officer.fill("#action-propose #id_account", "现场核查，仓库通道堆放货物属实")
    officer.fill("#action-propose #id_decision", "  ")  # only spaces: nothing decided
    officer.set_input_files("#action-propose #id_evidence", str(_phone_photo(tmp_path / "a.jpg")))
    officer.click("#do-propose")
    officer.wait_for_selector("#errors-propose")
    assert "请写明处理决定" in officer.inner_text("#errors-propose")
    _shot(officer, "propose-error")
    officer.click("#action-extension > summary")
    officer.fill("#action-extension #id_days", "20")
    officer.fill("#action-extension #id_reason", "   ")
    officer.click("#do-extension")
    officer.wait_for_selector("#errors-extension")
    _shot(officer, "extension-error")

    officer.goto(f"{live_server.url}/track/")
    officer.fill("#code", "1234 5678")
    officer.click("form.card button[type=submit]")
    officer.wait_for_selector("#code-error")
    assert officer.input_value("#code") == "1234 5678"
    _shot(officer, "track-error")


def test_a_tip_registered_back_and_sent_again_is_one_case(live_server, browser, tree, people):
    page = _sign_in(browser, live_server, "village_officer")
    page.goto(f"{live_server.url}/unit/register/")
    page.select_option("#id_channel", index=1)
    page.select_option("#id_category", label=Category.objects.get(code="fire_safety").name)
    page.fill("#id_description", "村民反映小卖部里堆放大量烟花和煤气罐")
    tomorrow = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_received_at", tomorrow)  # a slip: received tomorrow
    page.select_option("#id_village", label="东村")
    page.fill("#id_address", "东村一组小卖部")
    page.check("#id_identity_0")
    page.click("#submit-register")
    page.wait_for_selector("#form-errors")
    assert page.input_value("#id_address") == "东村一组小卖部"
    _shot(page, "register-error")
    assert "收到时间不能晚于现在" in page.inner_text("#form-errors")
    page.fill("#id_received_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.click("#submit-register")
    page.wait_for_selector("#case-number")
    number = page.inner_text("#case-number")
    # Back twice: past the error page (sent by POST, which Chrome would offer to send again)
    # to the form's own address.
    page.evaluate("history.go(-2)")
    page.wait_for_selector("#already-registered")
    assert f"此表已经提交过，登记为案件 {number}" in page.inner_text("#already-registered")
    _shot(page, "register-back")
    if not page.input_value("#id_description"):  # the browser did not restore it: type again
        page.select_option("#id_channel", index=1)
        page.select_option("#id_category", label=Category.objects.get(code="fire_safety").name)
        page.fill("#id_description", "村民反映小卖部里堆放大量烟花和煤气罐")
        page.select_option("#id_village", label="东村")
        page.fill("#id_address", "东村一组小卖部")
        page.check("#id_identity_0")
    # (the browser restores the form as it was before the first try: received "tomorrow")
    page.fill("#id_received_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.click("#submit-register")
    page.wait_for_selector("#case-number")
    assert page.inner_text("#case-number") == number
    assert Report.objects.count() == 1


def test_a_declined_proposal_opens_with_its_text(live_server, browser, tree, people):
    report, conclusion = proposed(tree, people)
    services.conclusion_decline(
        conclusion=conclusion, actor=people["head"], note="罚款依据写清楚，附处罚决定书。"
    )
    officer = _sign_in(browser, live_server, "officer")
    officer.goto(f"{live_server.url}/unit/cases/{report.number}/")
    officer.click("#action-propose > summary")
    assert "罚款依据写清楚" in officer.inner_text("#propose-note")
    assert officer.input_value("#action-propose #id_account").startswith("现场核查属实")
    assert officer.input_value("#action-propose #id_decision") == "责令立即清理，罚款5000元。"
    _shot(officer, "declined-proposal")


def test_an_office_step_with_a_mistake_keeps_the_summary(live_server, browser, tree, people):
    report = submitted(tree)
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "intake")
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/reports/report/{report.pk}/do/accept/")
    summary = page.input_value("#id_summary")
    page.select_option("#id_unit", index=0)  # no unit chosen
    page.evaluate("document.getElementById('id_unit').removeAttribute('required')")
    page.click("#do-action")
    page.wait_for_selector(".error-summary")
    assert "请选择“责任单位”" in page.inner_text(".error-summary")
    assert page.input_value("#id_summary") == summary
    _shot(page, "office-accept-error")
