"""The safety office's admin: the queue, office entry and the case page."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import Category, Report
from tests.reports.factories import make_report
from tests.units.factories import EnterpriseFactory
from units.services import informant_register

pytestmark = pytest.mark.django_db


# The queue's queries, whatever the number of cases: the request's savepoint and its release,
# session, user, memberships, the units that can be suggested, three related-only filters
# (category, village, township), the page count, Django's two permission lookups, and the rows
# (with their duplicate counts and suggested units as subqueries), and the unread-messages badge.
QUEUE_QUERIES = 14


@pytest.mark.parametrize("cases", [1, 50])
def test_the_intake_queue_costs_the_same_queries_for_1_and_50_cases(
    client, tree, people, django_assert_num_queries, cases
):
    for i in range(cases):
        make_report(village=tree["village"] if i % 2 else tree["community"])
    client.force_login(people["intake"])
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("admin:reports_report_changelist") + "?work=all")
    assert response.content.decode().count("JB20") == cases


def test_the_queue_is_scoped_and_filters_offer_only_own_places(client, tree, people):
    mine = make_report(village=tree["village"])
    theirs = make_report(village=tree["village2"])
    client.force_login(people["intake"])
    html = client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert mine.number in html and theirs.number not in html
    assert "东村" in html and "西村" not in html  # the village filter's choices
    detail = client.get(reverse("admin:reports_report_change", args=[theirs.pk]))
    assert detail.status_code == 404


def test_unit_roles_cannot_enter_the_admin(client, people):
    for who in ("officer", "leader", "custodian", "supervisor"):
        client.force_login(people[who])
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302, who
        assert not people[who].is_staff


def test_office_entry_of_a_phone_tip_shows_the_code_once(client, tree, people):
    client.force_login(people["intake"])
    page = client.get(reverse("admin:reports_report_add"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "西村" not in html and "东村" in html  # only the office's own villages
    token = page.context["form"]["token"].value()
    received = (timezone.localtime() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("admin:reports_report_add"),
        {
            "token": token,
            "source": "office",
            "channel": "phone",
            "received_at": received,
            "category": Category.objects.get(code="construction").pk,
            "description": "工地脚手架没有安全网，工人不系安全带",
            "village": tree["village"].pk,
            "address": "东村新区工地",
            "identity": "named",
            "name": "钱七",
            "phone": "023-12345678",
            "declaration": "unknown",
        },
    )
    assert response.status_code == 200
    report = Report.objects.get()
    assert (report.source, report.channel, report.created_by) == (
        "office",
        "phone",
        people["intake"],
    )
    assert re.search(r'id="receipt-code"[^>]*>[\d ]{24}<', response.content.decode())
    assert report.reporters.get().phone == "02312345678"


def test_office_entry_of_an_upstream_ticket_with_a_scanned_slip(client, tree, people):
    client.force_login(people["intake"])
    token = client.get(reverse("admin:reports_report_add")).context["form"]["token"].value()
    from django.core.files.uploadedfile import SimpleUploadedFile

    slip = SimpleUploadedFile("交办单.pdf", b"%PDF-1.4 slip", content_type="application/pdf")
    data = {
        "token": token,
        "source": "upstream",
        "channel": "district_slip",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "upstream_body": "区安委办",
        "external_number": "WZAJ-2026-88",
        "upstream_deadline": "2026-12-30",
        "category": Category.objects.get(code="mining").pk,
        "description": "河道有人夜间非法采砂，挖掘机两台",
        "village": tree["community"].pk,
        "address": "南社区河滩",
        "identity": "anonymous",
        "declaration": "unknown",
        "originals": [slip],
    }
    response = client.post(reverse("admin:reports_report_add"), data)
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.receipt_hash is None and report.external_number == "WZAJ-2026-88"
    assert not report.reporters.exists()
    assert report.attachments.get().kind == "original"
    # The same slip again is refused, with the form kept.
    data["token"] = client.get(reverse("admin:reports_report_add")).context["form"]["token"].value()
    slip.seek(0)
    again = client.post(reverse("admin:reports_report_add"), data)
    assert report.number in again.content.decode()
    assert "河道有人夜间非法采砂" in again.content.decode()
    assert Report.objects.count() == 1


def test_office_entry_keeps_input_on_errors(client, tree, people):
    client.force_login(people["intake"])
    token = client.get(reverse("admin:reports_report_add")).context["form"]["token"].value()
    response = client.post(
        reverse("admin:reports_report_add"),
        {"token": token, "source": "upstream", "channel": "phone", "description": "仓库堆放烟花"},
    )
    html = response.content.decode()
    assert "仓库堆放烟花" in html
    assert "上级交办件必须填写" in html
    assert Report.objects.count() == 0


def test_informant_choices_are_scoped(client, tree, people):
    informant_register(
        unit=tree["village"], kind="safety_officer", name="本乡安全员", phone="13800000001"
    )
    informant_register(
        unit=tree["village2"], kind="safety_officer", name="外乡安全员", phone="13800000002"
    )
    client.force_login(people["intake"])
    html = client.get(reverse("admin:reports_report_add")).content.decode()
    assert "本乡安全员" in html and "外乡安全员" not in html


def test_enterprise_admin_offers_only_own_villages(client, tree, people):
    EnterpriseFactory(village=tree["village"], name="本乡化工厂")
    EnterpriseFactory(village=tree["village2"], name="外乡砖厂")
    client.force_login(people["intake"])
    listing = client.get(reverse("admin:units_enterprise_changelist")).content.decode()
    assert "本乡化工厂" in listing and "外乡砖厂" not in listing
    form = client.get(reverse("admin:units_enterprise_add")).content.decode()
    assert "东村" in form and "西村" not in form


def test_case_page_shows_timeline_and_sealed_reporter_and_sends_messages(client, tree, people):
    from reports.services import ReporterInput

    report = make_report(
        village=tree["village"],
        reporters=[ReporterInput(name="孙八", phone="13600000000", declaration="none")],
    )
    client.force_login(people["intake"])
    html = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    # The timeline reads in words, never the internal action name.
    assert "举报已收到" in html and "reports.report.submitted" not in html
    assert "孙八" not in html and "13600000000" not in html
    assert "身份已加密" in html
    client.post(reverse("admin:reports_report_message", args=[report.pk]), {"body": "请补充照片"})
    assert report.messages.get().body == "请补充照片"


def test_the_office_has_no_reissue_action_the_custodian_does(client, tree, people):
    from reports.services import ReporterInput

    report = make_report(
        village=tree["village"],
        reporters=[ReporterInput(name="林三", phone="13922223333", declaration="none")],
    )
    client.force_login(people["intake"])
    page = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert "reissue" not in page and not re.search(r"<a [^>]*>[^<]*补发", page)
    assert reverse("reports:unit-receipts") not in page
