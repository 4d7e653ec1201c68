"""Nothing typed or taken is lost in /unit/: each form shown again after a mistake or a refusal
(status 400) keeps the text typed and the files chosen, says what is wrong in plain Chinese
beside the field and at the top, and saves the files once it is right. A declined proposal
comes back with its text; a tip registered twice is one case."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import Attachment, Category, Conclusion, Report
from tests.kept import kept_ids
from tests.reports.factories import jpeg_bytes
from tests.reports.lifecycle_helpers import investigating, proposed, under_review

pytestmark = pytest.mark.django_db

KEPT_ONE = "已保留上次选择的 1 个文件"


def _photo(name="整改前.jpg"):
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def _action(report, name):
    return reverse("reports:unit-action", args=[report.number, name])


def _no_programmer_words(html: str) -> None:
    for words in ("确保该变量", "This field", "Ensure this", "constraint", "约束"):
        assert words not in html


def test_enforcement_keeps_the_typed_text_and_the_photos_across_a_mistake(client, tree, people):
    report = investigating(tree, people)
    client.force_login(people["officer"])
    typed = {"penalty_decision_number": "恒应急罚〔2026〕7号", "fine": "-500", "note": "现场复查"}
    response = client.post(_action(report, "enforcement"), {**typed, "before": [_photo()]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "恒应急罚〔2026〕7号" in html and "现场复查" in html
    assert "罚款金额不能为负数；没有罚款请留空。" in html
    assert 'id="errors-enforcement"' in html and 'id="page-errors"' in html  # top and page
    assert KEPT_ONE in html and "data:image/jpeg;base64," in html
    _no_programmer_words(html)
    assert not Attachment.objects.filter(report=report).exists()
    kept = kept_ids(response)
    fixed = {**typed, "fine": "5000", "penalty_decided_on": timezone.localdate().isoformat()}
    response = client.post(_action(report, "enforcement"), {**fixed, "kept": kept})
    assert response.status_code == 302
    photo = Attachment.objects.get(report=report)
    assert photo.kind == Attachment.Kind.BEFORE and photo.width == 800
    report.refresh_from_db()
    assert report.enforcement.penalty_decision_number == "恒应急罚〔2026〕7号"


def test_a_refusal_by_the_service_shows_the_page_again_with_everything(client, tree, people):
    report = investigating(tree, people)
    client.force_login(people["officer"])
    # A fine without the penalty decision: the service refuses it.
    response = client.post(
        _action(report, "enforcement"), {"fine": "3000", "after": [_photo("整改后.jpg")]}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "处罚决定书文号" in html and 'value="3000"' in html and KEPT_ONE in html


def test_evidence_keeps_the_good_file_when_another_is_refused(client, tree, people):
    report = investigating(tree, people)
    client.force_login(people["officer"])
    bad = SimpleUploadedFile("记录.docx", b"PK\x03\x04 word", content_type="application/msword")
    note = {"note": "已约谈企业负责人，现场拍照取证"}
    response = client.post(_action(report, "note"), {**note, "evidence": [_photo("取证.jpg"), bad]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "记录.docx" in html and "已约谈企业负责人" in html and KEPT_ONE in html
    response = client.post(_action(report, "note"), {**note, "kept": kept_ids(response)})
    assert response.status_code == 302
    assert Attachment.objects.get(report=report).kind == Attachment.Kind.EVIDENCE


def test_the_proposal_keeps_its_account_and_evidence_until_the_decision_is_written(
    client, tree, people
):
    report = investigating(tree, people)
    client.force_login(people["officer"])
    pdf = SimpleUploadedFile("询问笔录.pdf", b"%PDF-1.4 notes", content_type="application/pdf")
    typed = {"verdict": "true", "account": "现场核查，仓库通道堆放货物属实"}
    response = client.post(_action(report, "propose"), {**typed, "evidence": [pdf]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "仓库通道堆放货物属实" in html and "询问笔录.pdf" in html
    assert "请写明处理决定" in html  # beside the field and in the summary at the top
    assert html.count("请写明处理决定") == 2
    response = client.post(
        _action(report, "propose"),
        {**typed, "decision": "责令立即清理", "kept": kept_ids(response)},
    )
    assert response.status_code == 302
    assert report.conclusions.get().status == Conclusion.Status.PROPOSED
    assert Attachment.objects.get(report=report).content_type == "application/pdf"


@pytest.mark.parametrize(
    ("action", "data", "kept_text", "message"),
    [
        (
            "extension",
            {"days": "45", "reason": "需等待检测报告"},
            "需等待检测报告",
            "延期最多 30 天",
        ),
        ("extension", {"days": "10"}, 'value="10"', "请写明需要延期的理由"),
        ("return", {"reason": ""}, "", "请写明为什么不属于本单位办理"),
    ],
)
def test_other_unit_forms_say_what_is_wrong_and_keep_the_rest(
    client, tree, people, action, data, kept_text, message
):
    report = investigating(tree, people)
    client.force_login(people["officer"])
    response = client.post(_action(report, action), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert kept_text in html and message in html
    _no_programmer_words(html)


def test_a_head_declining_without_a_reason_keeps_the_choice(client, tree, people):
    report, _conclusion = proposed(tree, people)
    client.force_login(people["head"])
    response = client.post(_action(report, "sign"), {"approve": "no", "note": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'value="no"[^>]*checked', html)
    assert "请说明签署前需要修改的内容。" in html


def _declined_by_head(tree, people):
    report, conclusion = proposed(tree, people)
    services.conclusion_decline(
        conclusion=conclusion, actor=people["head"], note="罚款依据写清楚，附处罚决定书。"
    )
    return report


def test_a_declined_proposal_comes_back_with_its_text_and_the_reason(client, tree, people):
    report = _declined_by_head(tree, people)
    client.force_login(people["officer"])
    html = client.get(reverse("reports:unit-case", args=[report.number])).content.decode()
    note = html[html.index('id="propose-note"') :]
    note = note[: note.index("</div>")]
    assert "单位负责人未签署您上次提交的办结意见。" in note
    assert "原因：罚款依据写清楚，附处罚决定书。" in note
    form = html[html.index('id="action-propose"') :]
    assert "现场核查属实，消防通道堆放货物约20平方米。" in form
    assert "责令立即清理，罚款5000元。" in form
    assert re.search(r'value="true"[^>]*checked|checked[^>]*value="true"', form)


def test_a_proposal_the_office_sent_back_comes_back_too(client, tree, people):
    report, conclusion = under_review(tree, people)
    services.conclusion_review(
        conclusion=conclusion, actor=people["intake"], accept=False, note="补充整改后照片"
    )
    client.force_login(people["officer"])
    html = client.get(reverse("reports:unit-case", args=[report.number])).content.decode()
    assert "安委办退回了您上次提交的办结意见。" in html and "原因：补充整改后照片" in html
    assert "现场核查属实，消防通道堆放货物约20平方米。" in html[html.index('id="action-propose"') :]


def test_the_decision_starts_from_the_enforcement_recorded(client, tree, people):
    report = investigating(tree, people)
    services.enforcement_update(
        report=report,
        actor=people["officer"],
        values={
            "rectification_ordered_on": dt.date(2026, 3, 1),
            "penalty_decision_number": "恒应急罚〔2026〕7号",
            "penalty_decided_on": dt.date(2026, 3, 5),
            "fine": 5000,
        },
    )
    client.force_login(people["officer"])
    html = client.get(reverse("reports:unit-case", args=[report.number])).content.decode()
    form = html[html.index('id="action-propose"') :]
    decision = re.search(r'<textarea name="decision"[^>]*>\s*([^<]*)</textarea>', form).group(1)
    assert decision == (
        "2026-03-01责令整改；由规建办作出行政处罚决定"
        "（处罚决定书 恒应急罚〔2026〕7号 2026-03-05）；罚款5,000元。"
    )
    assert Conclusion.objects.count() == 0


def _tip(tree, token):
    return {
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


def test_a_tip_keeps_what_was_typed_and_its_scan_across_a_mistake(client, tree, people):
    client.force_login(people["village_officer"])
    page = client.get(reverse("reports:unit-register"), follow=True)
    url = page.redirect_chain[-1][0]
    data = {**_tip(tree, page.context["form"]["token"].value()), "description": "烟花"}
    scan = SimpleUploadedFile("来信.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    response = client.post(url, {**data, "originals": [scan]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "请至少写 10 个字，说明是什么问题、具体在哪里" in html and "东村一组" in html
    assert "来信.pdf" in html and 'id="form-errors"' in html
    _no_programmer_words(html)
    fixed = {**data, "description": _tip(tree, "")["description"], "kept": kept_ids(response)}
    assert client.post(url, fixed).status_code == 200
    original = Report.objects.get().attachments.get()
    assert (original.kind, original.content_type) == ("original", "application/pdf")


def test_back_and_submit_again_gives_the_same_case(client, tree, people):
    client.force_login(people["village_officer"])
    first = client.get(reverse("reports:unit-register"))
    assert first.status_code == 302 and "?form=" in first.url  # each form its own address
    page = client.get(first.url)
    data = _tip(tree, page.context["form"]["token"].value())
    assert client.post(first.url, data).status_code == 200
    report = Report.objects.get()
    # Back: the same address, the same form; it says it was registered, and sending it again
    # (as typed again, or restored by the browser) gives the same case.
    back = client.get(first.url).content.decode()
    assert f"此表已经提交过，登记为案件 {report.number}" in back
    again = client.post(
        first.url, {**data, "description": "村民反映小卖部里堆放大量烟花，再次提交"}
    )
    assert report.number in again.content.decode()
    assert Report.objects.count() == 1
    # A new registration is a new form.
    fresh = client.get(reverse("reports:unit-register"))
    assert fresh.url != first.url
