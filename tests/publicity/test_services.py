"""The campaign's rules: targets and what is owed, the monthly form pre-filled from the data,
corrected with a reason, frozen on submission and rolled up the tree, reminders sent once,
typical cases within 600 characters and without the reporter, the key-task plan, meetings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from core.calendar import local_date
from core.errors import ApplicationError
from core.models import Notice, SentReminder
from publicity import selectors, services
from publicity.models import (
    FormColumn,
    KeyTask,
    MonthlyForm,
    PrintRecord,
    TaskAssignment,
    TypicalCase,
)
from publicity.periods import form_period, last_ended, quarter_of
from publicity.reminders import publicity_sweep
from reports import services as reports
from reports.services import ReporterInput
from tests.clock import at
from tests.publicity.helpers import record
from tests.reports.lifecycle_helpers import concluded, investigating
from tests.units.factories import EnterpriseFactory, person
from units.models import Role
from units.services import informant_register

pytestmark = pytest.mark.django_db


def targets(row) -> dict[str, tuple[int, int]]:
    return {t.measure.code: (t.done, t.target) for t in row.targets}


# --- Targets ----------------------------------------------------------------------------------
def test_what_each_enterprise_place_and_township_still_owes(tree, people):
    today = local_date()
    key = EnterpriseFactory(
        village=tree["village"], supervising_unit=tree["station"], is_key=True, workshops=2
    )
    small = EnterpriseFactory(village=tree["community"], is_key=False, workshops=0)
    officer, intake = people["officer"], people["intake"]
    record(officer, tree["station"], "gate_banner", count=2, enterprise=key)
    record(officer, tree["station"], "workshop_poster", count=2, enterprise=key)
    record(
        officer, tree["station"], "gate_banner", dt.date(today.year - 1, 12, 1), 3, enterprise=small
    )
    informant_register(
        unit=tree["station"],
        kind="safety_officer",
        name="安全员甲",
        phone="13900000011",
        enterprise=key,
    )
    record(intake, tree["township"], "village_column", place=tree["village"])
    record(intake, tree["township"], "media_report")

    owed = selectors.owed(tree["township"], year=today.year, quarter=quarter_of(today))
    rows = {r.label: r for r in owed.enterprises}
    assert targets(rows[key.name]) == {
        "gate_banner": (2, 3),
        "board_qr": (0, 1),
        "card_qr": (0, 1),
        "workshop_poster": (2, 2),  # one per workshop
        "training": (0, 1),
        "informant": (1, 1),  # key enterprises only, from the informant library
    }
    assert rows[key.name].owed == 1 + 1 + 1 + 1
    # Last year's banners do not count this year; no workshop, no key: fewer targets.
    assert targets(rows[small.name]) == {
        "gate_banner": (0, 3),
        "board_qr": (0, 1),
        "card_qr": (0, 1),
        "training": (0, 1),
    }
    places = {r.label: targets(r) for r in owed.places}
    assert places == {
        "东村": {"village_column": (1, 1), "wall_slogan": (0, 1)},  # rural: a wall slogan too
        "南社区": {"village_column": (0, 1)},
    }
    [township] = owed.townships
    assert targets(township) == {"media_report": (1, 1), "onsite_event": (0, 1)}
    assert owed.required == 9 + 6 + 3 + 2
    # Each target counts up to its size: 2 + 2 + 1 (the key enterprise), 1 column, 1 report.
    assert owed.completion == Decimal(100 * 7) / 20


def test_a_unit_below_sees_what_others_did_for_it_and_nothing_else(tree, people):
    # The village's own list: the station's banners for its enterprise and the office's column
    # at the village count; work for the community next door or in the other township does not.
    ours = EnterpriseFactory(village=tree["village"], supervising_unit=tree["station"])
    next_door = EnterpriseFactory(village=tree["community"])
    theirs = EnterpriseFactory(village=tree["village2"])
    officer, intake = people["officer"], people["intake"]
    record(officer, tree["station"], "gate_banner", count=2, enterprise=ours)
    record(intake, tree["township"], "village_column", place=tree["village"])
    record(intake, tree["township"], "village_column", place=tree["community"])
    record(intake, tree["township"], "gate_banner", count=3, enterprise=next_door)
    record(people["intake2"], tree["township2"], "gate_banner", count=3, enterprise=theirs)
    today = local_date()
    owed = selectors.owed(tree["village"], year=today.year, quarter=quarter_of(today))
    assert [r.label for r in owed.enterprises] == [ours.name]
    assert targets(owed.enterprises[0])["gate_banner"] == (2, 3)
    assert {r.label: targets(r) for r in owed.places} == {
        "东村": {"village_column": (1, 1), "wall_slogan": (0, 1)}
    }
    assert owed.townships == []


def test_a_media_report_of_last_quarter_does_not_meet_this_quarter(tree, people):
    with at(dt.date(2026, 5, 10)):
        record(people["intake"], tree["township"], "media_report")
    with at(dt.date(2026, 7, 2)):
        [township] = selectors.owed(tree["township"], year=2026, quarter=3).townships
        assert targets(township)["media_report"] == (0, 1)
        [township] = selectors.owed(tree["township"], year=2026, quarter=2).townships
        assert targets(township)["media_report"] == (1, 1)


@pytest.mark.parametrize("enterprises", [1, 15])
def test_the_owed_list_costs_the_same_queries_for_1_and_15_enterprises(
    tree, people, django_assert_num_queries, enterprises
):
    for _ in range(enterprises):
        e = EnterpriseFactory(village=tree["village"], is_key=True, workshops=1)
        record(people["officer"], tree["station"], "gate_banner", enterprise=e)
    with django_assert_num_queries(5):
        owed = selectors.owed(tree["township"], year=local_date().year, quarter=4)
    assert len(owed.enterprises) == enterprises


def test_activities_are_checked(tree, people):
    other = EnterpriseFactory(village=tree["village2"])
    cases = [
        ({"code": "gate_banner"}, "选择企业"),
        ({"code": "village_column"}, "村（社区）"),
        ({"code": "gate_banner", "enterprise": other}, "不在本乡镇"),
        ({"code": "village_column", "place": tree["village2"]}, "不在本乡镇"),
        ({"code": "media_report", "day": local_date() + dt.timedelta(days=1)}, "晚于今天"),
        ({"code": "informant"}, "信息员库"),
    ]
    for kwargs, words in cases:
        code = kwargs.pop("code")
        with pytest.raises(ApplicationError, match=words):
            record(people["intake"], tree["township"], code, **kwargs)
    with pytest.raises(ApplicationError, match="不能为该单位登记宣传工作"):
        record(people["officer"], tree["village"], "village_column", place=tree["village"])


# --- The monthly form -------------------------------------------------------------------------
@pytest.fixture
def on_23_november():
    """The form's tests run on 23 November 2026, when October is the last ended period."""
    with at(dt.date(2026, 11, 23), tick=True):
        yield


@pytest.fixture
def october(on_23_november, tree, people):
    """Campaign work of October 2026 (the last ended period on 23 November)."""
    day = dt.date(2026, 10, 12)
    enterprise = EnterpriseFactory(village=tree["village"], supervising_unit=tree["station"])
    with at(day):
        record(people["officer"], tree["station"], "gate_banner", count=3, enterprise=enterprise)
        record(
            people["officer"], tree["station"], "workshop_poster", count=2, enterprise=enterprise
        )
        record(people["officer"], tree["station"], "training", enterprise=enterprise)
        record(people["village_officer"], tree["village"], "village_column", place=tree["village"])
        record(people["intake"], tree["township"], "open_letter", count=120)
        point = services.enterprise_point(enterprise=enterprise)
        services.prints_record(
            actor=people["officer"], unit=tree["station"], points=[point], kind="card_stickers"
        )
        informant_register(
            unit=tree["station"], kind="safety_officer", name="安全员", phone="13900000021"
        )
    # Filed (立案) on 20 October from a lead the station investigates.
    case = investigating(tree, people)
    reports.enforcement_update(
        report=case,
        actor=people["officer"],
        values={"case_filed_on": dt.date(2026, 10, 20), "case_file_number": "立-1"},
    )
    # November's work is not October's.
    record(people["officer"], tree["station"], "training", enterprise=enterprise)
    return form_period(2026, 10)


def test_the_form_is_prefilled_from_the_data_and_rolled_up(tree, people, october):
    with at(dt.date(2026, 11, 23)):
        sheet = selectors.form_sheet(tree["township"], october)
    rows = {r.unit.name: r.values for r in sheet["rows"]}
    assert list(rows) == ["一号乡", "东村", "南社区", "规建办", "派出所"]
    assert rows["规建办"] | {} == {
        "open_letter": 0,
        "media": 0,
        "screen": 0,
        "booklet": 0,
        "column": 0,
        "slogan": 5,  # 3 banners and 2 workshop posters
        "card_qr": 0,  # a sticker sheet printed, none recorded as put up
        "board_icon": 0,
        "training": 1,
        "informants": 1,
        "filed_leads": 1,
    }
    assert rows["一号乡"]["open_letter"] == 120 and rows["东村"]["column"] == 1
    for code, total in sheet["total"].items():
        assert total == sum(r[code] for r in rows.values())


def test_printed_stickers_count_nothing_until_the_unit_records_them_put_up(tree, people):
    """The form counts what units recorded as done, never what was printed: 48 QR stickers for
    the 两单两卡 and 12 board icons printed in October leave both columns at 0; the 40
    stickers and the icon the station then records as put up are what the form shows."""
    enterprise = EnterpriseFactory(village=tree["village"], supervising_unit=tree["station"])
    point = services.enterprise_point(enterprise=enterprise)
    october = form_period(2026, 10)
    with at(dt.date(2026, 10, 12)):
        for kind in ("card_stickers", "card_stickers", "board_stickers"):
            services.prints_record(
                actor=people["officer"], unit=tree["station"], points=[point], kind=kind
            )
    assert sum(p.labels for p in PrintRecord.objects.all()) == 24 + 24 + 12
    with at(dt.date(2026, 11, 2)):
        values = selectors.form_sheet(tree["township"], october)["total"]
        assert (values["card_qr"], values["board_icon"]) == (0, 0)
        [row] = selectors.owed(tree["township"], year=2026, quarter=4).enterprises
        assert (targets(row)["card_qr"], targets(row)["board_qr"]) == ((0, 1), (0, 1))
    with at(dt.date(2026, 10, 20)):
        record(people["officer"], tree["station"], "card_qr", count=40, enterprise=enterprise)
        record(people["officer"], tree["station"], "board_qr", enterprise=enterprise)
    with at(dt.date(2026, 11, 2)):
        sheet = selectors.form_sheet(tree["township"], october)
    station = next(r for r in sheet["rows"] if r.unit == tree["station"])
    assert (station.values["card_qr"], station.values["board_icon"]) == (40, 1)
    assert (sheet["total"]["card_qr"], sheet["total"]["board_icon"]) == (40, 1)


def test_no_form_column_can_count_prints(tree):
    """The columns' sources are the recorded activities, the informant library and the filed
    cases: the database refuses a column counting printed labels."""
    column = FormColumn.objects.get(code="card_qr")
    assert column.source == FormColumn.Source.ACTIVITIES
    assert [m.code for m in column.measures.all()] == ["card_qr"]
    assert [m.code for m in FormColumn.objects.get(code="board_icon").measures.all()] == [
        "board_qr"
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        FormColumn.objects.filter(pk=column.pk).update(source="prints")


def test_corrections_need_a_reason_and_submission_freezes(tree, people, october):
    slogan = FormColumn.objects.get(code="slogan")
    correct = {"unit": tree["station"], "year": 2026, "month": 10, "column": slogan}
    with pytest.raises(ApplicationError, match="原因"):
        services.form_correct(actor=people["officer"], value=7, reason=" ", **correct)
    services.form_correct(actor=people["officer"], value=7, reason="另有2张未录入", **correct)
    sheet = selectors.form_sheet(tree["station"], october)
    assert sheet["rows"][0].values["slogan"] == 7
    assert sheet["cells"]["slogan"].computed == 5

    submit = {"unit": tree["station"], "year": 2026, "month": 10, "channel": "system"}
    with pytest.raises(ApplicationError, match="负责人"):
        services.form_submit(actor=people["officer"], **submit)
    form = services.form_submit(actor=people["head"], **submit)
    assert services.form_submit(actor=people["head"], **submit).submitted_at == form.submitted_at
    assert form.frozen and form.totals["slogan"] == 7

    # Later work dated in October no longer changes the frozen figures.
    with at(dt.date(2026, 10, 30)):
        record(
            people["officer"],
            tree["station"],
            "gate_banner",
            count=10,
            enterprise=EnterpriseFactory(village=tree["village"]),
        )
    assert selectors.form_sheet(tree["station"], october)["rows"][0].values["slogan"] == 7
    with pytest.raises(ApplicationError, match="锁定"):
        services.form_correct(actor=people["head"], value=1, reason="x", **correct)
    # The database keeps a correction's reason, whatever the code does.
    with pytest.raises(IntegrityError), transaction.atomic():
        form.cells.filter(column=slogan).update(value=99, reason="")


def test_a_parent_submits_its_subtree_and_keeps_what_it_sent(tree, people, october):
    submit = {"year": 2026, "month": 10, "channel": "email", "note": "发区安委办邮箱"}
    township = services.form_submit(actor=people["intake"], unit=tree["township"], **submit)
    sent = dict(township.totals)
    assert sent["slogan"] == 5 and sent["open_letter"] == 120
    # The village corrects its draft afterwards: the township's submitted totals stay.
    services.form_correct(
        actor=people["intake"],
        unit=tree["village"],
        year=2026,
        month=10,
        column=FormColumn.objects.get(code="column"),
        value=3,
        reason="补录2个小组专栏",
    )
    assert selectors.form_sheet(tree["township"], october)["total"] == sent
    with pytest.raises(ApplicationError, match="尚未结束"):
        services.form_submit(
            actor=people["intake"], unit=tree["township"], year=2026, month=11, channel="system"
        )


def test_a_different_period_start_day_moves_the_period_and_the_due_date(settings):
    settings.MONTHLY_FORM_PERIOD_START_DAY = 21
    period = form_period(2026, 11)
    assert (period.start, period.end, period.due) == (
        dt.date(2026, 10, 21),
        dt.date(2026, 11, 20),
        dt.date(2026, 11, 20),
    )
    settings.MONTHLY_FORM_PERIOD_START_DAY = 1
    period = form_period(2026, 12)
    assert (period.end, period.due, period.reminders) == (
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 20),
        [dt.date(2027, 1, 15), dt.date(2027, 1, 19)],
    )
    assert last_ended(dt.date(2027, 1, 5)).key == "2026-12"


# --- Reminders --------------------------------------------------------------------------------
def test_form_reminders_on_the_15th_and_19th_and_the_late_list_on_the_21st(tree, people):
    services.form_submit(
        actor=people["head"], unit=tree["station"], year=2026, month=10, channel="system"
    )

    def told(user, words):
        return [n.text for n in Notice.objects.filter(recipient=user) if words in n.text]

    with at(dt.date(2026, 11, 14)):
        assert publicity_sweep(local_date()).get("publicity_form_due") is None
    with at(dt.date(2026, 11, 15)):
        sent = publicity_sweep(local_date())
        assert publicity_sweep(local_date()).get("publicity_form_due") is None  # once
    # 一号乡, 东村, 南社区, 派出所, 二号镇 and 西村 have not submitted; the station has.
    assert sent["publicity_form_due"] == 6
    assert told(people["village_officer"], "2026-10") and not told(people["head"], "2026-10")
    with at(dt.date(2026, 11, 19)):
        assert publicity_sweep(local_date())["publicity_form_due"] == 6
    with at(dt.date(2026, 11, 21)):
        sent = publicity_sweep(local_date())
        publicity_sweep(local_date())
    # A late list to each level above: 一号乡 (its units), 二号镇 (西村), the district (both).
    assert sent["publicity_form_late"] == 3
    [late] = told(people["intake"], "未报送")
    assert "东村" in late and "南社区" in late and "派出所" in late and "规建办" not in late
    assert told(people["supervisor"], "一号乡")
    assert SentReminder.objects.filter(kind="form_late").count() == 3


def test_key_tasks_remind_before_the_deadline_and_tell_the_office_when_overdue(tree, people):
    with at(dt.date(2026, 1, 5)):
        services.task_plan_generate(actor=people["intake"], township=tree["township"], year=2026)
    with at(dt.date(2026, 3, 24)):
        sent = publicity_sweep(local_date())
    # Tasks 1 and 3 (station and member unit), 8 (four units) and the office's first
    # quarterly meeting fall due on 31 March.
    assert sent["publicity_task_due"] == 2 + 2 + 4 + 1
    with at(dt.date(2026, 3, 25)):
        assert publicity_sweep(local_date()).get("publicity_task_due") is None
    [task] = TaskAssignment.objects.filter(unit=tree["station"], task__number=1)
    services.task_complete(actor=people["head"], assignment=task, evidence="制度已印发")
    with at(dt.date(2026, 4, 1)):
        sent = publicity_sweep(local_date())
    assert sent["publicity_task_overdue"] == 1 + 2 + 4 + 1  # all but the station's task 1
    assert any("规建办" in n.text for n in Notice.objects.filter(recipient=people["intake"]))


# --- Typical cases ----------------------------------------------------------------------------
def test_a_typical_case_is_prefilled_short_and_never_names_the_reporter(tree, people):
    report = concluded(
        tree,
        people,
        reporters=[ReporterInput(name="张三丰", phone="13812345678", declaration="none")],
        description="我是张三丰，电话13812345678，仓库消防通道被货物堵死",
    )
    draft = selectors.typical_case_prefill(report, people["intake"])
    fields = {k: draft[k] for k in TypicalCase.TEXT_FIELDS}
    assert sum(len(v) for v in fields.values()) <= 600
    assert "张三丰" not in str(draft) and "13812345678" not in str(draft)
    save = {"actor": people["intake"], "report": report, "title": draft["title"]}
    case = services.typical_case_save(fields=fields, **save)
    assert case.status == "draft" and case.length <= 600

    with pytest.raises(ApplicationError, match="身份"):
        services.typical_case_save(fields={**fields, "facts": "举报人张三丰反映"}, **save)
    with pytest.raises(ApplicationError, match="600"):
        services.typical_case_save(fields={**fields, "facts": "字" * 600}, **save)
    with pytest.raises(IntegrityError), transaction.atomic():
        TypicalCase.objects.filter(pk=case.pk).update(facts="字" * 601)

    with pytest.raises(ApplicationError, match="撰写人以外"):
        services.typical_case_review(actor=people["intake"], case=case)
    services.typical_case_review(actor=people["leader"], case=case)
    case.refresh_from_db()
    assert (case.status, case.reviewed_by) == ("reviewed", people["leader"])
    # Rewriting a reviewed case sends it back for review.
    services.typical_case_save(fields={**fields, "reward": "奖励待核算，拟按标准兑现。"}, **save)
    case.refresh_from_db()
    assert (case.status, case.reviewed_by) == ("draft", None)


def test_only_a_concluded_case_of_the_office_becomes_a_typical_case(tree, people):
    running = investigating(tree, people)
    fields = {k: "内容" for k in TypicalCase.TEXT_FIELDS}
    with pytest.raises(ApplicationError, match="办结"):
        services.typical_case_save(
            actor=people["intake"], report=running, title="标题", fields=fields
        )
    with pytest.raises(ApplicationError, match="安委办"):
        services.typical_case_save(
            actor=people["intake2"], report=concluded(tree, people), title="标题", fields=fields
        )


# --- Key tasks and meetings -------------------------------------------------------------------
def test_the_plan_assigns_each_task_to_its_kinds_of_unit_once(tree, people):
    added = services.task_plan_generate(
        actor=people["intake"], township=tree["township"], year=2026
    )
    # 8 tasks for the station and the member unit, task 8 for all four units below the
    # township, and the office's own: quarterly (4), ongoing (1) and half-yearly (2).
    assert added == 8 * 2 + 4 + 4 + 1 + 2
    assert (
        services.task_plan_generate(actor=people["intake"], township=tree["township"], year=2026)
        == 0
    )
    assert KeyTask.objects.count() == 12
    quarterly = TaskAssignment.objects.filter(unit=tree["township"], task__number=4)
    assert [a.due_date for a in quarterly.order_by("due_date")] == [
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
        dt.date(2026, 12, 31),
    ]
    with pytest.raises(ApplicationError):
        services.task_plan_generate(actor=people["officer"], township=tree["township"], year=2026)


def test_tasks_are_done_with_evidence_and_a_meeting_does_task_4(tree, people):
    services.task_plan_generate(actor=people["intake"], township=tree["township"], year=2026)
    task = TaskAssignment.objects.get(unit=tree["station"], task__number=3)
    with pytest.raises(ApplicationError, match="完成情况"):
        services.task_complete(actor=people["head"], assignment=task, evidence=" ")
    with pytest.raises(ApplicationError):
        services.task_complete(actor=people["officer"], assignment=task, evidence="已明确专人")
    services.task_complete(actor=people["head"], assignment=task, evidence="已明确专人")
    services.meeting_save(
        actor=people["intake"],
        township=tree["township"],
        year=2026,
        quarter=3,
        held_on=dt.date(2026, 9, 25),
        minutes="通报三季度情况",
    )
    q3 = TaskAssignment.objects.get(unit=tree["township"], task__number=4, period="Q3")
    assert q3.done_at and "2026-09-25" in q3.evidence
    with pytest.raises(ApplicationError, match="季度"):
        services.meeting_save(
            actor=people["intake"],
            township=tree["township"],
            year=2026,
            quarter=2,
            held_on=dt.date(2026, 9, 25),
        )
    matrix = selectors.task_matrix(tree["township"], 2026)
    assert matrix["done"] == 2 and matrix["total"] == 27


def test_a_supervisor_may_not_record_for_another_township(tree, people):
    outsider = person("outsider", tree["township2"], Role.OFFICER)
    with pytest.raises(ApplicationError):
        record(outsider, tree["station"], "media_report")
    assert not PrintRecord.objects.exists()
    assert not MonthlyForm.objects.exists()


def test_scans_and_the_reports_they_bring_are_counted_per_qr_and_per_item(tree, people):
    from reports.services import intake_point_scan
    from tests.reports.factories import make_report

    enterprise = EnterpriseFactory(village=tree["village"])
    point = services.enterprise_point(enterprise=enterprise)
    services.prints_record(
        actor=people["intake"], unit=tree["township"], points=[point], kind="board_stickers"
    )
    for _ in range(3):
        intake_point_scan(point=point)
    make_report(village=tree["village"], intake_point=point, channel="qr")
    effect = selectors.qr_effect(tree["township"])
    [row] = effect["points"]
    assert (row.scan_count, row.report_count, row.item.code) == (3, 1, "enterprise")
    assert [(e["item"].code, e["scans"], e["reports"]) for e in effect["items"]] == [
        ("enterprise", 3, 1)
    ]


@pytest.mark.parametrize(
    "address", ["", "http://127.0.0.1:8000", "http://jubao.example.gov.cn"], ids=str
)
def test_printing_qr_codes_is_refused_while_the_public_address_would_fail_citizens(
    tree, people, settings, address
):
    settings.PORTAL_BASE_URL = address
    enterprise = EnterpriseFactory(village=tree["village"], supervising_unit=tree["station"])
    point = services.enterprise_point(enterprise=enterprise)
    with pytest.raises(ApplicationError) as refused:
        services.prints_record(
            actor=people["officer"], unit=tree["station"], points=[point], kind="card_stickers"
        )
    assert (address or "PORTAL_BASE_URL") in refused.value.message
    assert not PrintRecord.objects.exists()
