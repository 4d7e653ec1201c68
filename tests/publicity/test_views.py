"""The campaign through the pages of /unit/publicity/: recording activities (a mistake keeps what
was typed, photos lose their metadata), printing QR material, the monthly form (correct,
submit, export), typical cases, key tasks and meetings, scoped to the person's units."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from core.calendar import local_date
from publicity.models import (
    Activity,
    EvidencePhoto,
    FormCell,
    JointMeeting,
    Measure,
    MonthlyForm,
    PrintRecord,
    TaskAssignment,
    TypicalCase,
)
from tests.clock import SHANGHAI, at
from tests.kept import kept_ids
from tests.publicity.helpers import record
from tests.reports.factories import jpeg_bytes
from tests.reports.lifecycle_helpers import concluded
from tests.units.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def gps_jpeg() -> bytes:
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (30.0, 48.0, 1.0)
    return jpeg_bytes(exif=exif)


def test_an_officer_records_an_activity_and_a_mistake_keeps_what_was_typed(client, tree, people):
    enterprise = EnterpriseFactory(village=tree["village"], supervising_unit=tree["station"])
    client.force_login(people["officer"])
    page = client.get(reverse("publicity:home")).content.decode()
    assert "规建办" in page and enterprise.name in page  # owed: nothing done yet
    url = reverse("publicity:activity-new")
    banner = Measure.objects.get(code="gate_banner")
    typed = {
        "unit": tree["station"].pk,
        "measure": banner.pk,
        "date": local_date().isoformat(),
        "count": 3,
        "location": "厂区大门两侧",
        "note": "",
    }
    response = client.post(url, typed)  # no enterprise chosen
    html = response.content.decode()
    assert response.status_code == 400
    assert "请选择企业" in html and "厂区大门两侧" in html
    # The photo sent with a mistake is kept (cleaned) and saved with the corrected activity.
    photo = SimpleUploadedFile("banner.jpg", gps_jpeg(), content_type="image/jpeg")
    response = client.post(url, {**typed, "photos": [photo]})
    assert response.status_code == 400
    assert not EvidencePhoto.objects.exists()  # kept by core.staging until the form is sent
    assert "已保留上次选择的 1 个文件" in response.content.decode()
    kept = kept_ids(response)
    response = client.post(url, {**typed, "enterprise": enterprise.pk, "kept": kept})
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.count, activity.enterprise, activity.unit) == (3, enterprise, tree["station"])
    stored = EvidencePhoto.objects.get()
    assert b"GPS" not in stored.file.read()
    page = client.get(response.url).content.decode()
    assert "大门和厂区横幅（海报）" in page
    assert client.get(reverse("publicity:thumb", args=[stored.pk])).status_code == 200
    client.force_login(people["intake2"])  # another township: not theirs
    assert client.get(reverse("publicity:photo", args=[stored.pk])).status_code == 404


def test_printing_makes_a_pdf_and_records_the_labels(client, tree, people):
    enterprises = [EnterpriseFactory(village=tree["village"]) for _ in range(2)]
    client.force_login(people["intake"])
    page = client.get(reverse("publicity:posters")).content.decode()
    assert all(e.name in page for e in enterprises)
    response = client.post(
        reverse("publicity:print"), {"kind": "card_stickers", "enterprise": enterprises[0].pk}
    )
    assert response["Content-Type"] == "application/pdf"
    assert PrintRecord.objects.get().labels == 24
    response = client.post(
        reverse("publicity:print"), {"kind": "poster_a4", "village": tree["village"].pk}
    )
    assert response["Content-Type"] == "application/pdf"
    assert PrintRecord.objects.filter(kind="poster_a4").count() == 2
    page = client.get(reverse("publicity:posters")).content.decode()
    assert page.count("生产企业一措施") == 1 and enterprises[1].name in page  # the QR effect table
    # The runs are listed as prints, each with a way to record the stickers as put up.
    assert "印制记录" in page and page.count('class="put-up"') == 3
    # An enterprise of another township cannot be printed from here.
    other = EnterpriseFactory(village=tree["village2"])
    response = client.post(
        reverse("publicity:print"), {"kind": "poster_a4", "enterprise": other.pk}
    )
    assert response.status_code == 302 and PrintRecord.objects.count() == 3


@at(dt.date(2026, 11, 9), tick=True)
def test_the_monthly_form_is_corrected_submitted_and_exported(client, tree, people):
    enterprise = EnterpriseFactory(village=tree["village"], supervising_unit=tree["station"])
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=SHANGHAI), tick=False):
        record(people["officer"], tree["station"], "gate_banner", count=3, enterprise=enterprise)
    client.force_login(people["head"])
    latest = client.get(reverse("publicity:form-latest"))
    assert latest.url == reverse("publicity:form", args=[2026, 10])
    page = client.get(latest.url).content.decode()
    assert 'id="do-submit"' in page and "标语海报" in page
    correct = reverse("publicity:form-correct", args=[2026, 10])
    response = client.post(correct, {"code": "slogan", "slogan-value": 4, "slogan-reason": ""})
    assert response.status_code == 400 and "请说明" in response.content.decode()
    client.post(correct, {"code": "slogan", "slogan-value": 4, "slogan-reason": "另有1张车间海报"})
    assert FormCell.objects.get().value == 4
    response = client.post(
        reverse("publicity:form-submit", args=[2026, 10]), {"channel": "system", "note": ""}
    )
    assert response.status_code == 302
    form = MonthlyForm.objects.get()
    assert form.frozen and form.submitted_by == people["head"]
    page = client.get(latest.url).content.decode()
    assert 'id="do-submit"' not in page and "已报送" in page
    xlsx = client.get(reverse("publicity:form-export", args=[2026, 10, "xlsx"]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.cell(4, 1).value == "规建办" and ws.cell(4, 7).value == 4
    pdf = client.get(reverse("publicity:form-export", args=[2026, 10, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("villages", [1, 12])
def test_the_form_page_costs_the_same_queries_however_many_units(
    client, tree, people, django_assert_num_queries, villages
):
    from tests.units.factories import UnitFactory

    for n in range(villages):
        village = UnitFactory(name=f"新村{n}", kind="village", parent=tree["township"])
        record(people["intake"], tree["township"], "village_column", place=village)
    client.force_login(people["intake"])
    url = reverse("publicity:form", args=[2026, 10])
    client.get(url)
    with django_assert_num_queries(15):
        response = client.get(url)
    assert response.content.decode().count("<td>新村") == villages


def test_typical_case_pages_write_review_and_export(client, tree, people):
    report = concluded(tree, people)
    client.force_login(people["intake"])
    assert report.number in client.get(reverse("publicity:typical-list")).content.decode()
    url = reverse("publicity:typical-edit", args=[report.number])
    page = client.get(url).content.decode()
    assert "线索来源" in page and "经查" in page  # the prefilled draft
    data = {
        "title": "仓库堵塞消防通道",
        "lead_source": "群众网上举报。",
        "facts": "仓库消防通道被货物堵死。",
        "enforcement": "责令清理，罚款5000元。",
        "reward": "奖励待核算。",
        "contact_name": "谭晓琴",
        "contact_phone": "023-1",
    }
    too_long = client.post(url, {**data, "facts": "字" * 600})
    assert too_long.status_code == 400 and "不超过600字" in too_long.content.decode()
    client.post(url, data)
    case = TypicalCase.objects.get()
    pdf_url = reverse("publicity:typical-pdf", args=[report.number])
    assert client.get(pdf_url).status_code == 302  # not reviewed yet
    client.force_login(people["leader"])
    client.post(reverse("publicity:typical-review", args=[report.number]))
    case.refresh_from_db()
    assert case.status == "reviewed"
    assert client.get(pdf_url)["Content-Type"] == "application/pdf"


@at(dt.date(2026, 10, 15), tick=True)
def test_key_tasks_and_meetings_pages(client, tree, people):
    client.force_login(people["intake"])
    client.post(reverse("publicity:tasks-plan"), {"year": 2026})
    assert TaskAssignment.objects.count() == 27
    client.force_login(people["head"])
    page = client.get(reverse("publicity:tasks")).content.decode()
    task = TaskAssignment.objects.filter(unit=tree["station"], task__number=1).get()
    assert f'id="do-task-{task.pk}"' in page
    client.post(
        reverse("publicity:task-done", args=[task.pk]),
        {f"t{task.pk}-evidence": "已印发制度", f"t{task.pk}-link": ""},
    )
    task.refresh_from_db()
    assert task.done_at and task.evidence == "已印发制度"

    client.force_login(people["intake"])
    matrix = client.get(f"{reverse('publicity:tasks')}").content.decode()
    assert 'id="task-matrix"' in matrix and "规建办" in matrix
    url = f"{reverse('publicity:meetings')}?year=2026&quarter=3"
    client.post(
        url,
        {
            "held_on": "2026-09-25",
            "place": "乡政府会议室",
            "chair": "陈国华",
            "attendees": "各单位",
            "minutes": "通报三季度情况",
            "decisions": "补齐横幅",
        },
    )
    assert JointMeeting.objects.get().held_on == dt.date(2026, 9, 25)
    bulletin = client.get(reverse("publicity:bulletin", args=[2026, 3]))
    assert bulletin["Content-Type"] == "application/pdf"


def test_pages_are_scoped_to_the_persons_units(client, tree, people):
    record(people["intake"], tree["township"], "media_report")
    client.force_login(people["intake2"])
    # Asking for another township's unit is a 404, never one's own page instead.
    response = client.get(f"{reverse('publicity:home')}?unit={tree['township'].pk}")
    assert response.status_code == 404 and "网络媒体报道 ×1" not in response.content.decode()
    assert "二号镇" in client.get(reverse("publicity:home")).content.decode()
    client.force_login(people["village_officer"])
    assert client.get(reverse("publicity:typical-list")).status_code == 404
    client.force_login(people["nobody"])
    assert client.get(reverse("publicity:home")).status_code == 403


def test_the_admin_pages_open_and_an_artwork_upload_is_cleaned(client, tree, people):
    from publicity.models import Artwork, CampaignItem

    client.force_login(people["admin"])
    for model in (
        "campaignitem",
        "formcolumn",
        "keytask",
        "artwork",
        "activity",
        "monthlyform",
        "typicalcase",
        "taskassignment",
        "jointmeeting",
    ):
        assert client.get(reverse(f"admin:publicity_{model}_changelist")).status_code == 200
    item = CampaignItem.objects.get(code="enterprise")
    page = client.get(reverse("admin:publicity_campaignitem_change", args=[item.pk]))
    assert page.status_code == 200 and "大门和厂区横幅（海报）" in page.content.decode()
    upload = SimpleUploadedFile("art.jpg", gps_jpeg(), content_type="image/jpeg")
    response = client.post(
        reverse("admin:publicity_artwork_add"),
        {
            "name": "市安委办海报",
            "owner": tree["district"].pk,
            "paper": "A4",
            "qr_left": "70",
            "qr_top": "75",
            "qr_width": "22",
            "active": "on",
            "upload": upload,
        },
    )
    assert response.status_code == 302
    artwork = Artwork.objects.get()
    assert b"GPS" not in artwork.image.read() and artwork.width == 800
    bad = SimpleUploadedFile("art.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(
        reverse("admin:publicity_artwork_add"),
        {
            "name": "坏图",
            "owner": tree["district"].pk,
            "paper": "A4",
            "qr_left": "70",
            "qr_top": "75",
            "qr_width": "22",
            "upload": bad,
        },
    )
    assert response.status_code == 200 and Artwork.objects.count() == 1


@at(dt.date(2026, 11, 9), tick=True)
def test_the_campaign_and_posters_pages_cost_the_same_queries_for_1_and_12_rows(
    client, tree, people
):
    """Removed activities on the campaign page and print runs on the posters page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from publicity import services

    enterprise = EnterpriseFactory(village=tree["village"], supervising_unit=tree["station"])
    point = services.enterprise_point(enterprise=enterprise)
    client.force_login(people["intake"])

    def add(n: int) -> None:
        for _ in range(n):
            activity = record(people["intake"], tree["station"], "open_letter", count=5)
            services.activity_delete(actor=people["intake"], activity=activity, reason="重复")
            services.prints_record(
                actor=people["intake"], unit=tree["station"], points=[point], kind="poster_a4"
            )

    def cost(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(1)
    home, posters = reverse("publicity:home"), reverse("publicity:posters")
    one = (cost(home), cost(posters))
    add(11)
    assert (cost(home), cost(posters)) == one
    page = client.get(home).content.decode()
    assert page[page.index('id="removed"') :].count("重复") == 10  # the latest ten


def test_a_key_task_marked_done_with_a_mistake_keeps_the_evidence_and_photo(client, tree, people):
    from publicity import services
    from publicity.models import TaskAssignment

    with at(dt.date(2026, 3, 2)):
        services.task_plan_generate(actor=people["intake"], township=tree["township"], year=2026)
        task = TaskAssignment.objects.get(unit=tree["station"], task__number=3)
        client.force_login(people["head"])
        url = reverse("publicity:task-done", args=[task.pk])
        photo = SimpleUploadedFile("会议.jpg", jpeg_bytes(), content_type="image/jpeg")
        typed = {f"t{task.pk}-evidence": "已明确专人负责举报受理", f"t{task.pk}-link": "不是网址"}
        response = client.post(url, {**typed, f"t{task.pk}-photos": [photo]})
        html = response.content.decode()
        assert response.status_code == 400  # shown again, not redirected and lost
        assert "已明确专人负责举报受理" in html and "请填写完整的网址" in html
        assert "已保留上次选择的 1 个文件" in html
        kept = kept_ids(response, name=f"t{task.pk}-kept")
        response = client.post(url, {**typed, f"t{task.pk}-link": "", f"t{task.pk}-kept": kept})
        assert response.status_code == 302
        task.refresh_from_db()
        assert task.done_at and task.photos.count() == 1


def test_removing_an_activity_without_a_reason_keeps_the_page(client, tree, people):
    activity = record(people["intake"], tree["township"], "open_letter", count=10)
    client.force_login(people["intake"])
    response = client.post(
        reverse("publicity:activity-delete", args=[activity.pk]), {"reason": "   "}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="remove-error-{activity.pk}"' in html and "请说明删除原因。" in html
    assert Activity.objects.filter(pk=activity.pk).exists()
