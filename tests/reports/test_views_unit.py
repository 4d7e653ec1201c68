"""The /unit/ workspace: sign-in, registering a unit's own tip, the custodian."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import TimelineEntry
from reports.models import Category, Report
from reports.services import ReporterInput
from tests.reports.factories import make_report

pytestmark = pytest.mark.django_db


def test_sign_in_and_lockout_after_repeated_failures(client, people, settings):
    response = client.post(
        reverse("units:login"), {"username": "officer", "password": "pw-for-tests"}
    )
    assert response.status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("units:login"), {"username": "officer", "password": "wrong"})
    locked = client.post(
        reverse("units:login"), {"username": "officer", "password": "pw-for-tests"}
    )
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()


def test_home_lists_the_units_cases_only(client, tree, people):
    mine = make_report(
        village=tree["village"],
        source="unit",
        channel="phone",
        received_by_unit=tree["village"],
        actor=people["village_officer"],
    )
    other = make_report(village=tree["village"])
    client.force_login(people["village_officer"])
    html = client.get(reverse("reports:unit-home")).content.decode()
    assert mine.number in html and other.number not in html


def test_someone_without_a_role_is_told_why(client, people):
    client.force_login(people["nobody"])
    response = client.get(reverse("reports:unit-home"))
    assert response.status_code == 403
    assert "尚未分配" in response.content.decode()


def test_a_village_registers_a_tip_it_received(client, tree, people):
    client.force_login(people["village_officer"])
    page = client.get(reverse("reports:unit-register"), follow=True)
    token = page.context["form"]["token"].value()
    assert "西村" not in page.content.decode()  # only the township's places
    data = {
        "token": token,
        "channel": "visit",
        "received_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "category": Category.objects.get(code="fire_safety").pk,
        "description": "村民反映小卖部里堆放大量烟花和煤气罐",
        "village": tree["village"].pk,
        "address": "东村一组",
        "identity": "anonymous",
        "declaration": "unknown",
    }
    response = client.post(reverse("reports:unit-register"), data)
    assert response.status_code == 200
    code = re.search(r'id="receipt-code">([\d ]{24})<', response.content.decode()).group(1)
    again = client.post(reverse("reports:unit-register"), data)  # a double tap
    assert code in again.content.decode()
    report = Report.objects.get()
    assert (report.source, report.received_by_unit) == ("unit", tree["village"])
    assert report.township == tree["township"]


def test_only_officers_and_heads_register(client, people):
    client.force_login(people["leader"])
    assert client.get(reverse("reports:unit-register")).status_code == 403


def test_the_custodian_unseals_with_a_reason_and_it_is_recorded(client, tree, people):
    report = make_report(
        village=tree["village"],
        reporters=[ReporterInput(name="周九", phone="13500000000", declaration="none")],
    )
    client.force_login(people["custodian"])
    response = client.post(
        reverse("reports:unit-identity"), {"number": report.number, "reason": "核实奖励领取人"}
    )
    html = response.content.decode()
    assert "周九" in html and "13500000000" in html
    assert response["Cache-Control"].startswith("no-store")
    entry = TimelineEntry.objects.get(action="reports.reporter.unsealed")
    assert entry.note == "核实奖励领取人"
    no_reason = client.post(
        reverse("reports:unit-identity"), {"number": report.number, "reason": ""}
    )
    assert "周九" not in no_reason.content.decode()


def test_officers_cannot_unseal(client, tree, people):
    client.force_login(people["officer"])
    assert client.get(reverse("reports:unit-identity")).status_code == 403
    client.force_login(people["intake"])
    assert client.get(reverse("reports:unit-identity")).status_code == 403


def test_files_are_served_only_to_those_who_see_the_case(client, tree, people):
    from tests.reports.factories import clean_jpeg

    report = make_report(village=tree["village"], photos=[clean_jpeg()])
    photo = report.attachments.get()
    url = reverse("reports:attachment", args=[photo.pk])
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(people["intake"])
    assert client.get(url)["Content-Type"] == "image/jpeg"
    client.force_login(people["intake2"])
    assert client.get(url).status_code == 404
    client.force_login(people["officer"])
    assert client.get(url).status_code == 404  # not transferred to this unit
    Report.objects.filter(pk=report.pk).update(
        responsible_unit=tree["station"], status="transferred"
    )
    assert client.get(url).status_code == 404  # the office has not passed it to the unit
    photo.passed_to_unit_at = timezone.now()
    photo.save(update_fields=["passed_to_unit_at"])
    assert client.get(url).status_code == 200


def test_originals_stay_with_the_office(client, tree, people):
    from core.images import CleanOriginal

    report = make_report(
        village=tree["village"],
        originals=[
            CleanOriginal(content=b"%PDF-1.4 x", content_type="application/pdf", image=None)
        ],
    )
    Report.objects.filter(pk=report.pk).update(
        responsible_unit=tree["station"], status="transferred"
    )
    url = reverse("reports:attachment", args=[report.attachments.get().pk])
    client.force_login(people["officer"])
    assert client.get(url).status_code == 404
    client.force_login(people["intake"])
    assert client.get(url)["Content-Type"] == "application/pdf"
