"""Nothing typed or taken is lost on the office's action pages in the admin: a mistake or a
refusal shows the page again (status 400) with the text typed, the files chosen and every
error in plain Chinese, beside its field and listed at the top."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reports.models import Attachment, Category, Conclusion, Report
from tests.kept import kept_ids
from tests.reports.factories import jpeg_bytes
from tests.reports.lifecycle_helpers import investigating, submitted, transferred
from tests.units.factories import UnitFactory, person
from units.models import Role, Unit

pytestmark = pytest.mark.django_db

ENGLISH = ("This field is required", "Select a valid choice", "Ensure this", "constraint")


def _url(report, action):
    return reverse("admin:reports_report_action", args=[report.pk, action])


def _plain(html: str) -> None:
    for words in (*ENGLISH, "确保该变量", "这个字段是必填项", "约束"):
        assert words not in html
    assert 'class="errornote error-summary"' in html  # the list at the top


@pytest.mark.parametrize(
    ("action", "data", "typed", "message"),
    [
        ("accept", {"summary": "仓库通道被货物堵死，灭火器过期"}, "灭火器过期", "请选择“责任单位”"),
        ("reject", {"note": "已电话联系举报人"}, "已电话联系举报人", "请选择“理由”"),
        ("list", {"reason": "群众反映强烈"}, "群众反映强烈", "请选择“督查”"),
    ],
)
def test_a_mistake_on_an_office_step_keeps_what_was_typed(
    client, tree, people, action, data, typed, message
):
    report = submitted(tree)
    client.force_login(people["intake"])
    response = client.post(_url(report, action), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert typed in html and message in html
    assert html.count(message) == 2  # beside the field and at the top
    _plain(html)


def test_a_refused_transfer_keeps_the_summary_typed(client, tree, people):
    report = submitted(tree)
    client.force_login(people["intake"])
    # The reporter's own phone in the summary: the service refuses, the page comes back.
    summary = "张三丰（13812345678）反映仓库通道被货物堵死"
    response = client.post(
        _url(report, "accept"),
        {"unit": tree["station"].pk, "summary": summary, "unit_address": "东村仓库"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "东村仓库" in html and "仓库通道被货物堵死" in html
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_a_refused_hand_over_keeps_the_reason_and_the_request(client, tree, people):
    department = UnitFactory(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"])
    person("dept_head", department, Role.HEAD)
    report = investigating(tree, people)
    client.force_login(people["intake"])
    asked = "请依法立案查处，并将结果告知乡安委办"
    response = client.post(_url(report, "hand_over"), {"unit": department.pk, "request": asked})
    html = response.content.decode()
    assert response.status_code == 400
    assert asked in html and "请填写“移送理由”" in html
    _plain(html)


def test_a_mistake_in_an_assignment_keeps_the_number(client, tree, people):
    district_office = person("district_intake", tree["district"], Role.INTAKE)
    from tests.reports.factories import make_intake

    report = make_intake(
        village=tree["village"], source="office", channel="phone", actor=district_office
    ).report
    client.force_login(district_office)
    data = {"township": tree["township"].pk, "number": "测安办交1号", "deadline": "2026-02-30"}
    response = client.post(_url(report, "assign"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "测安办交1号" in html and "“办结时限”请填写日期，例如 2026-03-01。" in html
    _plain(html)


def _paper_unit(tree, people):
    tree["station"].works_on_paper = True
    tree["station"].save(update_fields=["works_on_paper"])
    report = transferred(tree, people)
    from reports import services

    slip = SimpleUploadedFile("签收.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    from core.forms import clean_upload

    return services.report_acknowledge(
        report=report, actor=people["intake"], signed_slip=clean_upload(slip, photos_only=False)
    )


def test_the_paper_units_conclusion_keeps_its_slip_and_evidence(client, tree, people):
    report = _paper_unit(tree, people)
    client.force_login(people["intake"])
    slip = SimpleUploadedFile("办结签字.pdf", b"%PDF-1.4 slip", content_type="application/pdf")
    photo = SimpleUploadedFile("现场.jpg", jpeg_bytes(), content_type="image/jpeg")
    typed = {"account": "现场核查属实", "decision": "责令整改"}
    response = client.post(
        _url(report, "paper_conclusion"), {**typed, "evidence": [photo], "slip": slip}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "请选择核查结论" in html and "现场核查属实" in html
    assert "办结签字.pdf" in html and "已保留上次选择的 1 个文件" in html
    _plain(html)
    kept = kept_ids(response)
    assert len(kept.split(",")) == 2
    data = {**typed, "verdict": "true", "kept": kept}
    assert client.post(_url(report, "paper_conclusion"), data).status_code == 302
    assert report.conclusions.get().status == Conclusion.Status.SIGNED
    files = report.attachments.filter(kind__in=["evidence", "signed_slip"])
    assert sorted(a.content_type for a in files) == [
        "application/pdf",  # the acknowledgement's slip
        "application/pdf",  # the conclusion's slip
        "image/jpeg",  # the evidence
    ]


def test_the_paper_units_enforcement_keeps_its_photos(client, tree, people):
    report = _paper_unit(tree, people)
    client.force_login(people["intake"])
    photo = SimpleUploadedFile("整改后.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = client.post(
        _url(report, "paper_enforcement"), {"rectified_on": "明天", "after": [photo]}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "已保留上次选择的 1 个文件" in html and "请填写日期" in html
    today = timezone.localdate().isoformat()
    response = client.post(
        _url(report, "paper_enforcement"), {"rectified_on": today, "kept": kept_ids(response)}
    )
    assert response.status_code == 302
    assert report.attachments.filter(kind=Attachment.Kind.AFTER).count() == 1


def test_the_office_entry_keeps_its_scan_across_a_mistake(client, tree, people):
    client.force_login(people["intake"])
    token = client.get(reverse("admin:reports_report_add")).context["form"]["token"].value()
    scan = SimpleUploadedFile("来信.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    data = {
        "token": token,
        "source": "office",
        "channel": "letter",
        "received_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "category": Category.objects.get(code="fire_safety").pk,
        "description": "来信反映东村仓库消防通道堵塞",
        "address": "东村仓库",
        "identity": "anonymous",
        "declaration": "unknown",
    }
    response = client.post(reverse("admin:reports_report_add"), {**data, "originals": [scan]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "来信.pdf" in html and "请选择“所在村（社区）”" in html
    data.update(village=tree["village"].pk, kept=kept_ids(response))
    assert client.post(reverse("admin:reports_report_add"), data).status_code == 200
    assert Report.objects.get().attachments.get().kind == "original"
