"""Every deletion of something that counts leaves an audit entry: who, when, what was deleted
(its figures) and why. An activity taken back, a correction taken back, and the administration
site's delete paths, which go through the same services or are closed."""

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.errors import ApplicationError
from core.models import TimelineEntry
from publicity import selectors, services
from publicity.models import (
    Activity,
    EvidencePhoto,
    FormCell,
    FormColumn,
    JointMeeting,
    MonthlyForm,
    TaskAssignment,
)
from publicity.periods import form_period
from tests.clock import at
from tests.publicity.helpers import record
from tests.reports.factories import jpeg_bytes
from tests.units.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def entries(obj, action: str) -> list[TimelineEntry]:
    return list(
        TimelineEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, action=action
        ).order_by("created_at", "pk")
    )


@pytest.fixture
def banner(tree, people):
    """Three banners the station recorded on 12 October 2026, with a photo."""
    from core.images import clean_photo

    enterprise = EnterpriseFactory(
        name="恒达石材厂", village=tree["village"], supervising_unit=tree["station"]
    )
    photo = clean_photo(io.BytesIO(jpeg_bytes()), name="banner.jpg")
    with at(dt.date(2026, 10, 12)):
        return record(
            people["officer"],
            tree["station"],
            "gate_banner",
            count=3,
            enterprise=enterprise,
            location="厂区大门",
            photos=[photo],
        )


@at(dt.date(2026, 11, 2), tick=True)
def test_an_activity_taken_back_leaves_who_when_what_and_why(tree, people, banner):
    with pytest.raises(ApplicationError, match="请说明删除原因"):
        services.activity_delete(actor=people["officer"], activity=banner, reason="  ")
    assert Activity.objects.filter(pk=banner.pk).exists()

    services.activity_delete(actor=people["officer"], activity=banner, reason="重复登记")
    assert not Activity.objects.exists() and not EvidencePhoto.objects.exists()
    [entry] = entries(tree["station"], "publicity.activity.removed")
    assert entry.actor == people["officer"] and entry.note == "重复登记"
    assert entry.created_at.date() == dt.date(2026, 11, 2)
    assert entry.data | {} == entry.data and {
        k: entry.data[k]
        for k in ("measure", "measure_name", "date", "count", "enterprise", "location", "photos")
    } == {
        "measure": "gate_banner",
        "measure_name": "大门和厂区横幅（海报）",
        "date": "2026-10-12",
        "count": 3,
        "enterprise": "恒达石材厂",
        "location": "厂区大门",
        "photos": 1,
    }
    # Twice is once.
    services.activity_delete(actor=people["officer"], activity=banner, reason="重复登记")
    assert len(entries(tree["station"], "publicity.activity.removed")) == 1


@at(dt.date(2026, 11, 2), tick=True)
def test_the_campaign_page_asks_why_and_shows_what_was_removed(client, tree, people, banner):
    client.force_login(people["officer"])
    url = reverse("publicity:activity-delete", args=[banner.pk])
    client.post(url, {"reason": ""})
    assert Activity.objects.exists()  # no reason, nothing removed
    response = client.post(url, {"reason": "照片不是本企业的"})
    assert response.status_code == 302 and not Activity.objects.exists()
    client.force_login(people["intake"])  # the township office sees it on its own page
    page = client.get(reverse("publicity:home")).content.decode()
    removed = page[page.index('id="removed"') :]
    assert "大门和厂区横幅（海报） ×3" in removed and "照片不是本企业的" in removed
    assert "officer" in removed and "2026-10-12" in removed


def test_an_activity_of_a_submitted_month_stays(tree, people, banner):
    with at(dt.date(2026, 11, 5), tick=True):
        services.form_submit(
            actor=people["head"], unit=tree["station"], year=2026, month=10, channel="system"
        )
        with pytest.raises(ApplicationError, match="已报送"):
            services.activity_delete(actor=people["intake"], activity=banner, reason="x")
    assert Activity.objects.exists()
    assert not entries(tree["station"], "publicity.activity.removed")


def test_a_correction_taken_back_is_on_the_forms_timeline_and_the_data_counts_again(
    client, tree, people, banner
):
    slogan = FormColumn.objects.get(code="slogan")
    correct = {"unit": tree["station"], "year": 2026, "month": 10, "column": slogan}
    with at(dt.date(2026, 11, 3), tick=True):
        services.form_correct(actor=people["officer"], value=5, reason="另有2张未录入", **correct)
        services.form_correct(actor=people["head"], value=3, reason="已补录，撤回更正", **correct)
        assert not FormCell.objects.exists()
        form = MonthlyForm.objects.get()
        [removed] = entries(form, "publicity.form.correction_removed")
        assert removed.actor == people["head"] and removed.note == "已补录，撤回更正"
        assert removed.data == {
            "column": "slogan",
            "value": 5,
            "computed": 3,
            "reason": "另有2张未录入",
        }
        # Without the correction, work recorded afterwards counts again.
        with at(dt.date(2026, 10, 20)):
            record(
                people["officer"],
                tree["station"],
                "gate_banner",
                count=2,
                enterprise=banner.enterprise,
            )
        sheet = selectors.form_sheet(tree["station"], form_period(2026, 10))
        assert sheet["rows"][0].values["slogan"] == 5
        client.force_login(people["head"])
        page = client.get(
            reverse("publicity:form", args=[2026, 10]), {"unit": tree["station"].pk}
        ).content.decode()
    history = page[page.index('id="history"') :]
    assert "另有2张未录入" in history and "已补录，撤回更正" in history


@at(dt.date(2026, 11, 2), tick=True)
def test_the_admin_removes_an_activity_through_the_service_and_nothing_else(
    client, tree, people, banner
):
    client.force_login(people["intake"])  # the office, a staff member
    url = reverse("admin:publicity_activity_delete", args=[banner.pk])
    page = client.get(url).content.decode()
    assert 'name="reason"' in page
    client.post(url, {"post": "yes", "reason": ""})
    assert Activity.objects.exists()  # no reason, nothing removed
    assert client.post(url, {"post": "yes", "reason": "录入错误"}).status_code == 302
    assert not Activity.objects.exists()
    [entry] = entries(tree["station"], "publicity.activity.removed")
    assert entry.actor == people["intake"] and entry.note == "录入错误"
    # No bulk deletion: each removal says why.
    changelist = client.get(reverse("admin:publicity_activity_changelist")).content.decode()
    assert "delete_selected" not in changelist
    # Another township's office cannot remove this township's activities.
    with at(dt.date(2026, 10, 14)):
        letters = record(people["intake"], tree["township"], "open_letter", count=10)
    client.force_login(people["intake2"])
    client.post(
        reverse("admin:publicity_activity_delete", args=[letters.pk]),
        {"post": "yes", "reason": "x"},
    )
    assert Activity.objects.filter(pk=letters.pk).exists()
    client.force_login(people["admin"])
    # What counts and cannot be taken back has no delete at all.
    services.task_plan_generate(actor=people["intake"], township=tree["township"], year=2026)
    services.meeting_save(
        actor=people["intake"], township=tree["township"], year=2026, quarter=3, place="会议室"
    )
    services.form_submit(
        actor=people["intake"], unit=tree["township"], year=2026, month=10, channel="system"
    )
    for model, obj in [
        ("monthlyform", MonthlyForm.objects.get()),
        ("taskassignment", TaskAssignment.objects.first()),
        ("jointmeeting", JointMeeting.objects.get()),
    ]:
        response = client.post(
            reverse(f"admin:publicity_{model}_delete", args=[obj.pk]), {"post": "yes"}
        )
        assert response.status_code == 403, model
        assert type(obj).objects.filter(pk=obj.pk).exists()
