import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from core.errors import ApplicationError
from core.models import TimelineEntry
from reports import receipts, selectors, services
from reports.models import Attachment, FormSubmission, IntakePoint, Report
from reports.services import ReporterInput
from tests.clock import SHANGHAI
from tests.reports.factories import clean_jpeg, make_intake, make_report
from tests.units.factories import EnterpriseFactory
from units.services import informant_register

pytestmark = pytest.mark.django_db


def _timeline(report):
    return list(
        TimelineEntry.objects.filter(object_id=report.pk, content_type__model="report").values_list(
            "action", "visibility"
        )
    )


def test_citizen_report_gets_number_code_deadline_and_a_public_first_step(tree, category):
    with time_machine.travel(dt.datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI), tick=False):
        intake = make_intake(
            village=tree["village"],
            reporters=[ReporterInput(name="张三", phone="13812345678", declaration="none")],
            photos=[clean_jpeg()],
        )
    report = intake.report
    assert report.number == "JB20260930-0001"
    assert report.status == Report.Status.SUBMITTED
    assert report.township == tree["township"]
    # 5 working days across National Day: 8, 9, 10 (make-up Saturday), 12, 13 October.
    assert report.acceptance_due == dt.date(2026, 10, 13)
    assert receipts.is_well_formed(intake.receipt_code)
    assert report.receipt_hash == receipts.hash_code(intake.receipt_code)
    assert report.attachments.filter(kind=Attachment.Kind.PHOTO).count() == 1
    reporter = report.reporters.get()
    assert not reporter.anonymous and reporter.name == "张三"
    assert reporter.phone_index and reporter.phone_index != "13812345678"
    assert _timeline(report) == [("reports.report.submitted", "public")]


def test_case_numbers_count_per_shanghai_day(tree):
    with time_machine.travel(dt.datetime(2026, 11, 22, 15, 59, tzinfo=dt.UTC), tick=False):
        a = make_report(village=tree["village"])
        b = make_report(village=tree["village"])
    with time_machine.travel(dt.datetime(2026, 11, 22, 16, 1, tzinfo=dt.UTC), tick=False):
        c = make_report(village=tree["village"])
    assert [a.number, b.number, c.number] == [
        "JB20261122-0001",
        "JB20261122-0002",
        "JB20261123-0001",
    ]


def test_every_source_makes_the_same_kind_of_case(tree, people, category):
    enterprise = EnterpriseFactory(village=tree["village"])
    informant = informant_register(
        unit=tree["village"], kind="grid_worker", name="网格员甲", phone="13900000001"
    )
    point = IntakePoint.objects.create(
        code="ABC234", kind="enterprise", name="厂门", unit=tree["township"], enterprise=enterprise
    )
    received = timezone.now() - dt.timedelta(hours=3)
    cases = {
        "web": make_intake(village=tree["village"]),
        "qr": make_intake(village=tree["village"], channel="qr", intake_point=point),
        "phone": make_intake(
            village=tree["village"],
            source="office",
            channel="phone",
            received_at=received,
            actor=people["intake"],
        ),
        "informant": make_intake(
            village=tree["community"],
            source="office",
            channel="informant",
            reporters=[ReporterInput(informant=informant, name="网格员甲", phone="13900000001")],
            actor=people["intake"],
        ),
        "unit": make_intake(
            village=tree["village"],
            source="unit",
            channel="visit",
            received_by_unit=tree["village"],
            actor=people["village_officer"],
        ),
        "upstream": make_intake(
            village=tree["village"],
            source="upstream",
            channel="12350",
            upstream_body="12350热线",
            external_number="WZ-2026-0001",
            upstream_deadline=dt.date(2026, 12, 31),
            reporters=[],
            actor=people["intake"],
        ),
    }
    for name, intake in cases.items():
        report = intake.report
        assert report.status == Report.Status.SUBMITTED, name
        assert report.township == tree["township"], name
        assert report.acceptance_due, name
        assert len(_timeline(report)) == 1, name
        assert _timeline(report)[0][1] == "public", name
        if name == "upstream":
            assert intake.receipt_code is None and report.receipt_hash is None
        else:
            assert receipts.is_well_formed(intake.receipt_code), name
    assert cases["phone"].report.received_at == received
    assert cases["unit"].report.received_by_unit == tree["village"]
    assert cases["informant"].report.reporters.get().informant == informant
    assert cases["qr"].report.intake_point == point


def test_an_upstream_ticket_is_registered_once(tree, people):
    fields = {
        "source": "upstream",
        "channel": "district_slip",
        "upstream_body": "区安委办",
        "external_number": "QJB-77",
        "upstream_deadline": dt.date(2026, 12, 1),
        "reporters": [],
    }
    first = make_report(village=tree["village"], **fields)
    with pytest.raises(ApplicationError, match=first.number):
        make_report(village=tree["village"], **fields)


def test_a_place_must_be_a_village_under_a_township(tree):
    with pytest.raises(ApplicationError):
        make_report(village=tree["station"])


def test_resubmitting_the_same_form_returns_the_same_case_and_code(tree):
    token = "token-1"
    fields = {
        "source": "citizen",
        "channel": "web",
        "category": selectors.Report.category.field.related_model.objects.first(),
        "description": "有人在居民楼里储存大量液化气瓶",
        "village": tree["village"],
        "address": "东村三组",
        "reporters": [ReporterInput(declaration="none")],
    }
    first = services.report_submit_once(token=token, **fields)
    again = services.report_submit_once(token=token, **fields)
    assert again.replayed and again.report == first.report
    assert again.receipt_code == first.receipt_code
    assert Report.objects.count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        late = services.report_submit_once(token=token, **fields)
    assert late.report == first.report and late.receipt_code is None
    assert Report.objects.count() == 1


def test_staged_photos_join_the_report_and_the_limit_holds(tree, settings):
    key = services.token_key("t")
    for _ in range(settings.MAX_PHOTOS_PER_REPORT):
        services.photo_stage(pending_key=key, clean=clean_jpeg())
    with pytest.raises(ApplicationError, match="最多只能上传 5 张"):
        services.photo_stage(pending_key=key, clean=clean_jpeg())
    report = make_report(village=tree["village"], pending_key=key)
    assert report.attachments.count() == settings.MAX_PHOTOS_PER_REPORT
    assert not Attachment.objects.filter(report__isnull=True).exists()


def test_withdrawal_before_acceptance_ends_the_case_and_twice_is_harmless(tree):
    report = make_report(village=tree["village"])
    services.report_withdraw(report=report)
    services.report_withdraw(report=report)
    report.refresh_from_db()
    assert report.status == Report.Status.WITHDRAWN
    assert [a for a, _v in _timeline(report)].count("reports.report.withdrawn") == 1


def test_withdrawal_after_acceptance_only_waives_reply_and_reward(tree):
    accepted = make_report(village=tree["village"])
    Report.objects.filter(pk=accepted.pk).update(status=Report.Status.INVESTIGATING)
    services.report_withdraw(report=accepted)
    services.report_withdraw(report=accepted)
    accepted.refresh_from_db()
    assert accepted.status == Report.Status.INVESTIGATING  # 线索必查: it goes on
    assert accepted.reply_waived
    rejected = make_report(village=tree["village"])
    Report.objects.filter(pk=rejected.pk).update(status=Report.Status.REJECTED)
    with pytest.raises(ApplicationError):
        services.report_withdraw(report=rejected)


def test_messages_both_ways_are_encrypted_and_only_the_office_answers(tree, people):
    report = make_report(village=tree["village"])
    services.message_from_reporter(report=report, body="补充：晚上十点后才开工")
    services.message_to_reporter(report=report, body="已收到，谢谢", actor=people["intake"])
    with pytest.raises(ApplicationError):
        services.message_to_reporter(report=report, body="x", actor=people["officer"])
    with pytest.raises(ApplicationError):
        services.message_to_reporter(report=report, body="x", actor=people["intake2"])
    with pytest.raises(ApplicationError):
        services.message_from_reporter(report=report, body="   ")
    assert [m.direction for m in report.messages.all()] == ["in", "out"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM reports_message")
        stored = [row[0] for row in cursor.fetchall()]
    assert len(stored) == 2 and all("十点" not in v and "谢谢" not in v for v in stored)
    assert report.messages.first().body == "补充：晚上十点后才开工"
    assert services.messages_mark_read(report=report, direction="in") == 1


def test_only_a_custodian_unseals_with_a_reason_and_it_is_recorded(tree, people):
    report = make_report(
        village=tree["village"],
        reporters=[ReporterInput(name="王五", phone="13911112222", declaration="none")],
    )
    for who in ("intake", "officer", "leader", "supervisor"):
        with pytest.raises(ApplicationError):
            services.reporter_unseal(report=report, actor=people[who], reason="核实身份")
    with pytest.raises(ApplicationError, match="查阅理由"):
        services.reporter_unseal(report=report, actor=people["custodian"], reason="")
    shown = services.reporter_unseal(report=report, actor=people["custodian"], reason="兑付奖励")
    assert shown[0].name == "王五" and shown[0].phone == "13911112222"
    entry = TimelineEntry.objects.get(action="reports.reporter.unsealed")
    assert entry.actor == people["custodian"] and entry.note == "兑付奖励"
    assert entry.visibility == "office"


def test_scans_are_counted_per_day(tree):
    point = IntakePoint.objects.create(
        code="QR2345", kind="poster", name="车站", unit=tree["township"]
    )
    for _ in range(3):
        services.intake_point_scan(point=point)
    assert point.scan_days.get().count == 3


def test_sweep_forgets_receipt_copies_and_abandoned_photos(tree):
    services.report_submit_once(
        token="sweep",
        source="citizen",
        channel="web",
        category=selectors.Report.category.field.related_model.objects.first(),
        description="工地塔吊无人看管，夜间作业",
        village=tree["village"],
        address="东村",
        reporters=[],
    )
    services.photo_stage(pending_key=services.token_key("abandoned"), clean=clean_jpeg())
    assert services.intake_sweep() == {"receipt_copies_cleared": 0, "staged_photos_removed": 0}
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        result = services.intake_sweep()
    assert result == {"receipt_copies_cleared": 1, "staged_photos_removed": 1}
    assert FormSubmission.objects.get().receipt_copy == ""


def test_a_lost_code_is_reissued_by_the_custodian_and_the_old_one_dies(tree, people):
    intake = make_intake(
        village=tree["village"],
        reporters=[
            ReporterInput(name="陈二", phone="13811112222", id_number="", declaration="none")
        ],
    )
    report = intake.report
    given = {"reason": "来电补办", "name": "陈二"}
    with pytest.raises(ApplicationError, match="不符"):
        services.receipt_reissue(
            report=report, actor=people["custodian"], phone="13800000000", **given
        )
    with pytest.raises(ApplicationError, match="身份保管员"):
        services.receipt_reissue(
            report=report, actor=people["intake"], phone="13811112222", **given
        )
    new_code = services.receipt_reissue(
        report=report, actor=people["custodian"], phone="138 1111 2222", **given
    )
    assert selectors.report_get_by_receipt(new_code) == report
    assert selectors.report_get_by_receipt(intake.receipt_code) is None
    assert ("reports.receipt.reissued", "office") in _timeline(report)


def test_anonymous_reports_cannot_get_a_new_code(tree, people):
    report = make_report(village=tree["village"])
    with pytest.raises(ApplicationError, match="匿名"):
        services.receipt_reissue(
            report=report,
            actor=people["custodian"],
            reason="来电补办",
            name="陈二",
            phone="13811112222",
        )
