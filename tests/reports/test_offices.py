"""Every citizen page speaks for the office that handles the case: a township's own name and
hotline, never another township's."""

import re

import pytest
from django.urls import reverse

from reports import receipts
from reports.models import Category, IntakePoint, Report
from reports.services import ReporterInput, intake_point_save
from tests.reports.factories import form_token, make_intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(tree):
    """Two townships with their own offices; the district keeps the mailing address."""
    t1, t2 = tree["township"], tree["township2"]
    t1.office_name, t1.hotline = "一号乡安委办", "023-1111"
    t1.save()
    t2.office_name, t2.hotline, t2.wechat_account = "二号镇应急办", "023-2222", "二号镇应急"
    t2.save()
    tree["district"].mailing_address = "测试区人民路1号"
    tree["district"].save()
    return tree


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_district_wide_home_lets_the_citizen_choose_the_township(client, offices):
    html = _html(client.get(reverse("reports:home")))
    assert "一号乡安委办" in html and "二号镇应急办" in html
    assert f"?township={offices['township2'].pk}" in html


def test_each_townships_form_shows_its_own_name_hotline_and_places(client, offices):
    t2 = offices["township2"]
    html = _html(client.get(reverse("reports:report-form"), {"township": t2.pk}))
    assert "二号镇应急办" in html and "tel:023-2222" in html and "二号镇应急" in html
    assert "023-1111" not in html and "一号乡安委办" not in html
    # Only its own villages are offered; the district's address is the fallback for letters.
    assert "西村" in html and "东村" not in html
    assert "测试区人民路1号" in html
    html = _html(client.get(reverse("reports:report-form"), {"township": offices["township"].pk}))
    assert "一号乡安委办" in html and "tel:023-1111" in html and "023-2222" not in html


def test_a_qr_code_or_a_village_names_the_township(client, offices):
    point = intake_point_save(
        point=IntakePoint(
            kind=IntakePoint.Kind.POSTER,
            name="西村村口",
            unit=offices["township2"],
            village=offices["village2"],
            address="西村村口",
        )
    )
    html = _html(client.get(reverse("reports:report-form"), {"site": point.code}))
    assert "二号镇应急办" in html and "023-1111" not in html
    html = _html(client.get(reverse("reports:report-form"), {"village": offices["village"].pk}))
    assert "一号乡安委办" in html and "023-2222" not in html


def test_the_receipt_and_the_case_page_speak_for_the_case_township(client, offices):
    token = form_token(client, township=offices["township2"].pk)
    response = client.post(
        reverse("reports:report-form"),
        {
            "token": token,
            "township": offices["township2"].pk,
            "category": Category.objects.get(code="gas").pk,
            "description": "加油站旁边有人私自灌装液化气",
            "village": offices["village2"].pk,
            "address": "西村加油站旁",
            "identity": "anonymous",
            "declaration": "none",
        },
    )
    html = _html(response)
    assert Report.objects.get().township == offices["township2"]
    assert "tel:023-2222" in html and "023-1111" not in html
    code = re.search(r'id="receipt-code">([\d ]+)<', html).group(1)
    html = _html(client.post(reverse("reports:track"), {"code": code}, follow=True))
    assert "二号镇应急办" in html and "tel:023-2222" in html and "023-1111" not in html

    # A case of the other township, followed on the same install, names its own office.
    other = make_intake(village=offices["village"])
    client.post(reverse("reports:track-leave"))
    html = _html(
        client.post(
            reverse("reports:track"),
            {"code": receipts.display(other.receipt_code)},
            follow=True,
        )
    )
    assert "一号乡安委办" in html and "tel:023-1111" in html and "023-2222" not in html


def test_a_village_outside_the_chosen_township_is_refused_and_nothing_is_lost(client, offices):
    t2 = offices["township2"]
    token = form_token(client, township=t2.pk)
    response = client.post(
        reverse("reports:report-form"),
        {
            "token": token,
            "township": t2.pk,
            "category": Category.objects.get(code="gas").pk,
            "description": "加油站旁边有人私自灌装液化气",
            "village": offices["village"].pk,  # 东村 is in 一号乡
            "address": "西村加油站旁",
            "identity": "anonymous",
            "declaration": "none",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "加油站旁边有人私自灌装液化气" in html and "西村加油站旁" in html
    assert not Report.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-1", "999999999", "1e9", "", "%00"])
def test_odd_township_parameters_give_the_district_wide_page(client, offices, value):
    for name in ("reports:home", "reports:report-form"):
        html = _html(client.get(reverse(name), {"township": value}))
        assert "一号乡安委办" in html and "二号镇应急办" in html


def test_paper_and_text_messages_name_the_office_that_handles_the_case(
    tree, people, tmp_path, settings
):
    from core.models import OutboxMessage
    from reports import documents, services
    from tests.pdf import inspect_pdf
    from tests.reports.lifecycle_helpers import transferred

    t2 = tree["township2"]
    t2.office_name, t2.hotline = "二号镇应急办", "023-2222"
    t2.save()
    intake2 = people["intake2"]
    report = make_intake(
        village=tree["village2"],
        reporters=[ReporterInput(name="王五", phone="13700002222", declaration="none")],
    ).report
    report = services.report_accept(
        report=report, actor=intake2, unit=tree["village2"], summary="加油站旁私自灌装液化气"
    )
    sms = OutboxMessage.objects.filter(template="case_accepted").get()
    assert "二号镇应急办" in sms.text and "023-2222" in sms.text
    _fonts, text = inspect_pdf(documents.transfer_slip_pdf(report), "slip-township2", tmp_path)
    assert "二号镇应急办" in text and "一号乡" not in text
    # A township without an office name is named in full on paper.
    slip = documents.transfer_slip_pdf(transferred(tree, people))
    _fonts, text = inspect_pdf(slip, "slip-township1", tmp_path)
    assert "一号乡安全生产委员会办公室" in text and "二号镇" not in text
