"""The citizen's pages, as a phone would use them (Django's test client, no JavaScript)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from reports import receipts
from reports.models import Category, FormSubmission, IntakePoint, Message, Report
from tests.reports.factories import form_token, jpeg_bytes, make_intake
from tests.units.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _form_token(client) -> str:
    return form_token(client)


def _payload(tree, token, **extra):
    data = {
        "token": token,
        "category": Category.objects.get(code="gas").pk,
        "description": "餐馆后厨液化气瓶放在灶台旁边，软管老化漏气",
        "village": tree["village"].pk,
        "address": "东村老街8号",
        "identity": "named",
        "name": "赵六",
        "phone": "13700001111",
        "id_number": "",
        "declaration": "none",
    }
    data.update(extra)
    return data


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (30.0, 48.0, 1.0)
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 60)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_report_page_fits_a_weak_signal(client, tree):
    response = client.get(reverse("reports:report-form"))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 150 * 1024
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert not re.search(r"<script[^>]+src=", html)
    assert "http://" not in html and "https://" not in html
    assert 'href="tel:' in html
    assert "我要举报" in html or "举报" in html
    assert response["Cache-Control"].startswith("no-store")


def test_home_and_track_pages_are_light_and_chinese(client, tree):
    for name in ("reports:home", "reports:track"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert len(response.content) < 150 * 1024
        assert '<html lang="zh-CN">' in response.content.decode()


def test_a_citizen_submits_with_a_photo_and_gets_a_receipt(client, tree):
    token = _form_token(client)
    photo = SimpleUploadedFile("IMG_0001.JPG", _jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(reverse("reports:report-form"), _payload(tree, token, photos=[photo]))
    assert response.status_code == 200
    html = response.content.decode()
    report = Report.objects.get()
    assert report.number in html
    code = re.search(r'id="receipt-code">([\d ]+)<', html).group(1)
    assert receipts.is_well_formed(receipts.normalise(code))
    assert report.channel == "web" and report.attachments.count() == 1
    stored = report.attachments.get().file.read()
    assert b"GPS" not in stored and b"Exif" not in stored
    assert "IMG_0001" not in report.attachments.get().file.name
    assert response["Cache-Control"].startswith("no-store")


def test_resubmitting_shows_the_same_receipt_not_a_second_case(client, tree):
    token = _form_token(client)
    first = client.post(reverse("reports:report-form"), _payload(tree, token))
    again = client.post(reverse("reports:report-form"), _payload(tree, token))
    code = re.search(r'id="receipt-code">([\d ]+)<', first.content.decode()).group(1)
    assert code in again.content.decode()
    assert Report.objects.count() == 1 and FormSubmission.objects.count() == 1


def test_errors_keep_what_was_typed_and_the_accepted_photos(client, tree):
    token = _form_token(client)
    photo = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    data = _payload(tree, token, phone="12345", photos=[photo])
    response = client.post(reverse("reports:report-form"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "餐馆后厨液化气瓶放在灶台旁边" in html and "东村老街8号" in html
    assert "赵六" in html
    assert "data:image/jpeg;base64," in html  # the accepted photo is still there
    assert Report.objects.count() == 0
    # Fix the phone only; the photo comes along without being sent again.
    response = client.post(reverse("reports:report-form"), _payload(tree, token))
    assert response.status_code == 200
    assert Report.objects.get().attachments.count() == 1


def test_bad_uploads_are_refused_with_a_message_and_nothing_is_lost(client, tree, settings):
    token = _form_token(client)
    fake = SimpleUploadedFile("photo.jpg", b"this is a text file", content_type="image/jpeg")
    response = client.post(reverse("reports:report-form"), _payload(tree, token, photos=[fake]))
    assert response.status_code == 400
    assert "photo.jpg" in response.content.decode()
    assert Report.objects.count() == 0

    settings.MAX_UPLOAD_BYTES = 50_000
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * 60_000, content_type="image/jpeg")
    response = client.post(reverse("reports:report-form"), _payload(tree, token, photos=[big]))
    assert response.status_code == 400 and "big.jpg" in response.content.decode()


def test_a_sixth_photo_is_refused_and_the_five_are_kept(client, tree, settings):
    token = _form_token(client)
    photos = [
        SimpleUploadedFile(f"p{i}.jpg", jpeg_bytes(), content_type="image/jpeg") for i in range(6)
    ]
    response = client.post(reverse("reports:report-form"), _payload(tree, token, photos=photos))
    assert response.status_code == 400
    assert "p5.jpg" in response.content.decode()
    assert Report.objects.count() == 0
    response = client.post(reverse("reports:report-form"), _payload(tree, token))
    assert response.status_code == 200
    assert Report.objects.get().attachments.count() == settings.MAX_PHOTOS_PER_REPORT


def test_a_staged_photo_can_be_removed(client, tree):
    token = _form_token(client)
    photos = [
        SimpleUploadedFile(f"p{i}.jpg", jpeg_bytes(), content_type="image/jpeg") for i in range(2)
    ]
    client.post(reverse("reports:report-form"), _payload(tree, token, phone="1", photos=photos))
    staged = re.findall(
        r'name="remove_photos" value="(\d+)"',
        client.post(
            reverse("reports:report-form"), _payload(tree, token, phone="1")
        ).content.decode(),
    )
    assert len(staged) == 2
    client.post(reverse("reports:report-form"), _payload(tree, token, remove_photos=[staged[0]]))
    assert Report.objects.get().attachments.count() == 1


def test_a_damaged_token_keeps_the_answers_and_the_photo_and_gets_a_new_token(client, tree):
    photo = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(
        reverse("reports:report-form"), _payload(tree, "forged-token", photos=[photo])
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "餐馆后厨液化气瓶放在灶台旁边" in html
    assert 'value="forged-token"' not in html
    assert "data:image/jpeg;base64," in html
    assert Report.objects.count() == 0
    fresh = response.context["form"]["token"].value()
    assert client.post(reverse("reports:report-form"), _payload(tree, fresh)).status_code == 200
    assert Report.objects.get().attachments.count() == 1


def test_a_form_left_open_for_days_still_goes_through(client, tree):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    token = _form_token(client)
    with time_machine.travel(timezone.now() + dt.timedelta(days=5)):
        response = client.post(reverse("reports:report-form"), _payload(tree, token))
    assert response.status_code == 200
    assert Report.objects.count() == 1


def test_qr_code_counts_the_scan_and_prefills_the_form(client, tree):
    enterprise = EnterpriseFactory(village=tree["community"], address="工业园3号")
    point = IntakePoint.objects.create(
        code="QRX234",
        kind="enterprise",
        name="厂门口",
        unit=tree["township"],
        enterprise=enterprise,
        category=Category.objects.get(code="fire_safety"),
    )
    response = client.get(reverse("reports:qr", args=["qrx234"]), follow=True)
    assert response.redirect_chain[0][0].endswith("?site=QRX234")
    html = response.content.decode()
    assert f'<option value="{tree["community"].pk}" selected>' in html
    assert f'name="enterprise_name" value="{enterprise.name}"' in html
    assert 'name="address" value="工业园3号"' in html
    assert point.scan_days.get().count == 1
    token = re.search(r'name="token" value="([^"]+)"', html)[1]
    data = _payload(
        tree, token, point="QRX234", enterprise=enterprise.pk, village=tree["community"].pk
    )
    client.post(reverse("reports:report-form"), data)
    report = Report.objects.get()
    assert (report.channel, report.intake_point, report.enterprise) == ("qr", point, enterprise)
    assert client.get(reverse("reports:qr", args=["NOPE99"])).status_code == 404


def test_track_with_the_code_shows_progress_and_messages(client, tree, people):
    intake = make_intake(village=tree["village"])
    from reports.services import message_to_reporter

    message_to_reporter(report=intake.report, body="请补充具体楼层", actor=people["intake"])
    spaced = receipts.display(intake.receipt_code)
    response = client.post(reverse("reports:track"), {"code": spaced}, follow=True)
    html = response.content.decode()
    assert intake.report.number in html and "请补充具体楼层" in html
    assert Message.objects.get().read_at is not None
    client.post(reverse("reports:track-message"), {"body": "在三楼"})
    assert intake.report.messages.filter(direction="in").get().body == "在三楼"
    client.post(reverse("reports:track-withdraw"), {"confirm": "yes"})
    intake.report.refresh_from_db()
    assert intake.report.status == "withdrawn"


def test_a_wrong_code_gets_one_plain_answer(client, tree):
    make_intake(village=tree["village"])
    well_formed_but_unknown = receipts.generate()
    answers = set()
    for code in (well_formed_but_unknown, "1234", "1" * 20):
        response = client.post(reverse("reports:track"), {"code": code})
        assert response.status_code == 400
        html = response.content.decode()
        answers.add(re.search(r'id="code-error"><li>([^<]+)<', html).group(1))
        # The code typed stays in the field, to be corrected rather than typed again.
        assert f'value="{code}"' in html and 'aria-invalid="true"' in html
    assert len(answers) == 1
    assert "没有找到与该回执码对应的举报" in answers.pop()


@override_settings(TRACK_RATE_PER_IP="3/h")
def test_lookups_are_rate_limited_per_address(client, tree):
    for _ in range(3):
        assert client.post(reverse("reports:track"), {"code": "1" * 20}).status_code == 400
    assert client.post(reverse("reports:track"), {"code": "1" * 20}).status_code == 429
    other = client.post(reverse("reports:track"), {"code": "1" * 20}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 400


@override_settings(TRACK_RATE_PER_CODE="2/h", TRACK_RATE_PER_IP="100/h")
def test_lookups_are_rate_limited_per_code_across_addresses(client, tree):
    code = receipts.generate()
    for i in range(2):
        client.post(reverse("reports:track"), {"code": code}, REMOTE_ADDR=f"10.0.0.{i}")
    assert (
        client.post(reverse("reports:track"), {"code": code}, REMOTE_ADDR="10.0.1.1").status_code
        == 429
    )


@override_settings(CLIENT_IP_HEADER="HTTP_X_REAL_IP", TRACK_RATE_PER_IP="1/h")
def test_the_client_address_comes_from_the_trusted_header_only(client, tree):
    client.post(reverse("reports:track"), {"code": "1" * 20}, HTTP_X_REAL_IP="1.1.1.1")
    assert (
        client.post(
            reverse("reports:track"), {"code": "1" * 20}, HTTP_X_REAL_IP="1.1.1.1"
        ).status_code
        == 429
    )
    assert (
        client.post(
            reverse("reports:track"), {"code": "1" * 20}, HTTP_X_REAL_IP="2.2.2.2"
        ).status_code
        == 400
    )


def test_a_report_goes_through_when_redis_is_down(client, tree):
    dead = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    token = _form_token(client)
    with override_settings(CACHES=dead):  # Django swaps the cache connections on this change
        response = client.post(reverse("reports:report-form"), _payload(tree, token))
    assert response.status_code == 200
    assert Report.objects.count() == 1


def test_track_page_without_a_session_asks_for_the_code(client):
    response = client.get(reverse("reports:track-case"))
    assert response.status_code == 302 and response.url == reverse("reports:track")


def test_error_pages_are_chinese_and_say_what_to_do(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面" in html and 'href="tel:' in html
