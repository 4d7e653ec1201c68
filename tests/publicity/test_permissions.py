"""Who may do what in the campaign (DESIGN §2, units.permissions): a supervisor sees every page
of their subtree and changes nothing, whether through a page, a crafted request or a service;
a unit named in an address that the person may not act for is a 404, never their own unit
instead."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from publicity import services
from publicity.models import (
    Activity,
    FormCell,
    FormColumn,
    JointMeeting,
    MonthlyForm,
    PrintRecord,
    TaskAssignment,
)
from tests.clock import at
from tests.publicity.helpers import record
from tests.units.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

RECORD = "不能为该单位登记宣传工作"
ANSWER = "只有本单位负责人，或乡安委办、分管领导可以操作"
OFFICE = "只有乡安委办可以操作"


@pytest.fixture
def november(tree, people):
    """23 November 2026: October's form is open for corrections and submission; the station
    recorded a banner in October and the year's key tasks are planned."""
    with at(dt.date(2026, 11, 23), tick=True):
        enterprise = EnterpriseFactory(village=tree["village"], supervising_unit=tree["station"])
        with at(dt.date(2026, 10, 12)):
            activity = record(
                people["officer"], tree["station"], "gate_banner", count=3, enterprise=enterprise
            )
        services.task_plan_generate(actor=people["intake"], township=tree["township"], year=2026)
        yield {"enterprise": enterprise, "activity": activity}


def test_a_supervisor_is_refused_by_every_service_that_writes(tree, people, november):
    supervisor, station = people["supervisor"], tree["station"]
    slogan = FormColumn.objects.get(code="slogan")
    point = services.enterprise_point(enterprise=november["enterprise"])
    task = TaskAssignment.objects.filter(unit=station).first()
    refusals = [
        (
            RECORD,
            lambda: record(supervisor, station, "training", enterprise=november["enterprise"]),
        ),
        (
            RECORD,
            lambda: services.activity_delete(
                actor=supervisor, activity=november["activity"], reason="重复登记"
            ),
        ),
        (
            RECORD,
            lambda: services.prints_record(
                actor=supervisor, unit=station, points=[point], kind="card_stickers"
            ),
        ),
        (
            RECORD,
            lambda: services.form_correct(
                actor=supervisor,
                unit=station,
                year=2026,
                month=10,
                column=slogan,
                value=9,
                reason="督查改数",
            ),
        ),
        (
            ANSWER,
            lambda: services.form_submit(
                actor=supervisor, unit=station, year=2026, month=10, channel="system"
            ),
        ),
        (
            ANSWER,
            lambda: services.task_complete(actor=supervisor, assignment=task, evidence="已完成"),
        ),
        (
            OFFICE,
            lambda: services.task_plan_generate(
                actor=supervisor, township=tree["township"], year=2027
            ),
        ),
        (
            OFFICE,
            lambda: services.meeting_save(
                actor=supervisor, township=tree["township"], year=2026, quarter=3, place="会议室"
            ),
        ),
        (
            OFFICE,
            lambda: services.bulletin_issue(
                actor=supervisor, township=tree["township"], year=2026, quarter=3
            ),
        ),
    ]
    for reason, call in refusals:
        with pytest.raises(ApplicationError, match=reason):
            call()
    assert Activity.objects.get() == november["activity"]
    assert not PrintRecord.objects.exists() and not FormCell.objects.exists()
    assert not MonthlyForm.objects.filter(status="submitted").exists()
    assert not TaskAssignment.objects.filter(done_at__isnull=False).exists()
    assert not JointMeeting.objects.exists()
    assert not TaskAssignment.objects.filter(year=2027).exists()


def test_a_supervisor_reads_the_pages_without_a_button_that_writes(client, tree, people, november):
    client.force_login(people["supervisor"])
    station = tree["station"].pk
    home = client.get(reverse("publicity:home"), {"unit": station})
    assert home.status_code == 200
    html = home.content.decode()
    assert "大门和厂区横幅（海报） ×3" in html  # the figures are there
    assert 'id="record-activity"' not in html and "activity-delete" not in html
    form = client.get(reverse("publicity:form", args=[2026, 10]), {"unit": station})
    html = form.content.decode()
    assert form.status_code == 200 and 'id="total-slogan"' not in html  # one unit: no total
    assert 'id="corrections"' not in html and 'id="do-submit"' not in html
    posters = client.get(reverse("publicity:posters"), {"unit": station}).content.decode()
    assert "publicity:print" not in posters and 'action="/unit/publicity/posters/print/"' not in (
        posters
    )
    tasks = client.get(reverse("publicity:tasks"), {"unit": tree["township"].pk})
    html = tasks.content.decode()
    assert 'id="task-matrix"' in html and 'id="do-plan"' not in html and "do-task-" not in html
    meetings = client.get(reverse("publicity:meetings"), {"unit": tree["township"].pk})
    html = meetings.content.decode()
    assert meetings.status_code == 200 and 'id="bulletin-pdf"' in html
    assert 'id="meeting-form"' not in html and 'id="do-issue"' not in html
    with at(dt.date(2026, 11, 23), tick=True):
        bulletin = client.get(
            reverse("publicity:bulletin", args=[2026, 3]), {"unit": tree["township"].pk}
        )
    assert bulletin["Content-Type"] == "application/pdf"


def test_a_supervisors_crafted_requests_change_nothing(client, tree, people, november):
    client.force_login(people["supervisor"])
    station, activity = tree["station"].pk, november["activity"]
    posts = [
        (reverse("publicity:activity-delete", args=[activity.pk]), {"reason": "x"}),
        (
            reverse("publicity:activity-new"),
            {
                "unit": station,
                "measure": activity.measure_id,
                "date": "2026-11-20",
                "count": 1,
                "enterprise": november["enterprise"].pk,
            },
        ),
        (
            f"{reverse('publicity:form-correct', args=[2026, 10])}?unit={station}",
            {"code": "slogan", "slogan-value": 9, "slogan-reason": "改"},
        ),
        (
            f"{reverse('publicity:form-submit', args=[2026, 10])}?unit={station}",
            {"channel": "system"},
        ),
        (
            reverse("publicity:print"),
            {"for_unit": station, "kind": "poster_a4", "enterprise": november["enterprise"].pk},
        ),
        (f"{reverse('publicity:tasks-plan')}?unit={tree['township'].pk}", {"year": 2027}),
        (
            f"{reverse('publicity:meetings')}?unit={tree['township'].pk}&year=2026&quarter=3",
            {"held_on": "2026-09-20", "place": "会议室"},
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (302, 400, 403, 404), url
    assert Activity.objects.get() == activity
    assert not PrintRecord.objects.exists() and not FormCell.objects.exists()
    assert not MonthlyForm.objects.filter(status="submitted").exists()
    assert not TaskAssignment.objects.filter(year=2027).exists()
    assert not JointMeeting.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["home", "posters", "informants", "tasks", "form-latest", "activity-new", "meetings"],
)
def test_a_unit_one_may_not_act_for_is_a_404_never_ones_own(client, tree, people, name):
    record(people["intake"], tree["township"], "media_report")
    client.force_login(people["intake2"])
    url = reverse(f"publicity:{name}")
    for unit in (tree["township"], tree["station"], tree["district"]):
        assert client.get(url, {"unit": unit.pk}).status_code == 404, unit
    assert client.get(url, {"unit": "99999999999999999999"}).status_code == 404
    assert client.get(url, {"unit": "abc"}).status_code == 404
    # Without a unit, the person's own.
    assert client.get(url).status_code in (200, 302)
    # A village officer may open their own village, not the township above it.
    client.force_login(people["village_officer"])
    assert client.get(url, {"unit": tree["township"].pk}).status_code == 404


def test_posting_for_another_township_is_a_404_and_writes_nothing(client, tree, people, november):
    client.force_login(people["intake2"])
    station = tree["station"].pk
    for url, data in [
        (
            f"{reverse('publicity:form-correct', args=[2026, 10])}?unit={station}",
            {"code": "slogan", "slogan-value": 9, "slogan-reason": "改"},
        ),
        (
            f"{reverse('publicity:form-submit', args=[2026, 10])}?unit={station}",
            {"channel": "system"},
        ),
        (
            reverse("publicity:print"),
            {"for_unit": station, "kind": "poster_a4", "enterprise": november["enterprise"].pk},
        ),
        (f"{reverse('publicity:tasks-plan')}?unit={station}", {"year": 2027}),
        (reverse("publicity:activity-delete", args=[november["activity"].pk]), {"reason": "x"}),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert Activity.objects.count() == 1 and not FormCell.objects.exists()
    assert not PrintRecord.objects.exists()
    assert not TaskAssignment.objects.filter(year=2027).exists()
