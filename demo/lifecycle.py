"""Demo cases at every stage of the lifecycle, so that each demo role has work waiting.

Everything goes through ``reports.services`` as in real use. Only ``_move_back`` is demo-only:
it moves a running case's whole story (received, accepted, its steps and its timeline) back in
time together, so that the demo shows cases near and past their due date.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import F

from core.calendar import local_date
from core.models import TimelineEntry
from reports import disclosure, services
from reports.models import (
    Attachment,
    Category,
    Conclusion,
    Enforcement,
    Extension,
    Report,
    Reporter,
)

# What is dated in a case's story, by model and the link to the case (demo only).
_DATED = [
    (
        Report,
        "pk",
        [
            "seen_on",
            "received_at",
            "created_at",
            "acceptance_due",
            "accepted_at",
            "transferred_at",
            "due_date",
            "acknowledged_at",
            "listed_at",
        ],
    ),
    (Attachment, "report", ["created_at", "passed_to_unit_at"]),
    (
        Enforcement,
        "report",
        [
            "rectification_ordered_on",
            "rectification_deadline",
            "rectified_on",
            "case_filed_on",
            "penalty_decided_on",
            "suspended_on",
        ],
    ),
    (
        Extension,
        "report",
        ["requested_at", "endorsed_at", "decided_at", "old_due_date", "new_due_date"],
    ),
    (Conclusion, "report", ["proposed_at", "signed_at", "reviewed_at"]),
]


def _move_back(report: Report, days: int) -> None:
    """Demo only: as if the whole case, from its receipt to today's step, had happened
    ``days`` earlier (so that it is near or past its due date), its timeline with it."""
    shift = timedelta(days=days)
    for model, link, fields in _DATED:
        rows = model.objects.filter(**{link: report.pk})
        for name in fields:
            rows.filter(**{f"{name}__isnull": False}).update(**{name: F(name) - shift})
    TimelineEntry.objects.filter(content_type__model="report", object_id=report.pk).update(
        created_at=F("created_at") - shift
    )


def _case(**match: Any) -> Report:
    return Report.objects.select_related("township").get(**match)


def advance_demo_cases(units_demo: dict[str, Any]) -> None:
    units = units_demo["units"]
    users = units_demo["users"]
    office, officer, head, leader = (
        users["intake"],
        users["officer"],
        users["head"],
        users["leader"],
    )
    building = units["规划建设管理环保办公室"]
    farming = units["农业服务中心"]  # works on paper: the office records its steps
    today = local_date()

    def accept(report: Report, unit, summary: str) -> Report:
        # The demo's photos show places, not people: the office passes them all to the unit.
        return services.report_accept(
            report=report,
            actor=office,
            unit=unit,
            summary=summary,
            photos=disclosure.reporter_photos(report),
        )

    # Investigating, overdue in two days' time, with an extension waiting for the leader and
    # a filed case; listed for supervision. (The sand-digging report, code printed by load_demo.)
    sand = _case(category__code="mining", source="citizen")
    accept(
        sand,
        building,
        "大山村2组河坝夜间有挖掘机和货车挖砂运砂，未见手续，河堤被挖空一段，汛期危险。",
    )
    services.report_acknowledge(report=sand, actor=officer)
    services.enforcement_update(
        report=sand,
        actor=officer,
        values={"case_filed_on": today, "case_file_number": "万恒规建立〔2026〕5号"},
    )
    extension = services.extension_request(
        report=sand, actor=officer, days=20, reason="需等待区水利局河道测量报告"
    )
    services.extension_endorse(extension=extension, actor=head)
    services.report_list_for_supervision(
        report=sand, actor=office, supervisor=leader, reason="涉及汛期河堤安全"
    )
    _move_back(sand, 58)

    # Investigating, with a fine recorded and a conclusion waiting for the head's signature.
    mill = _case(category__code="illegal_production", channel="visit")
    accept(mill, building, "木制品公司被责令停产整改后夜间关门生产，车间粉尘大，除尘设备未开启。")
    services.report_acknowledge(report=mill, actor=officer)
    services.enforcement_update(
        report=mill,
        actor=officer,
        values={
            "rectification_ordered_on": today,
            "suspended_on": today,
            "penalty_decision_number": "万恒规建罚〔2026〕8号",
            "penalty_decided_on": today,
            "fine": Decimal("30000"),
        },
    )
    services.conclusion_propose(
        report=mill,
        actor=officer,
        verdict=Conclusion.Verdict.TRUE,
        account="夜间突击检查，企业在停产整改期间违规生产，除尘设备未运行，属实。",
        decision="责令停产整改，罚款3万元，整改完成经验收后方可复产。",
    )
    _move_back(mill, 50)

    # Just transferred: the officer has to acknowledge it.
    hotel_tip = _case(category__code="fire_safety", channel="informant")
    accept(hotel_tip, building, "饭店后厨与大厅之间的防火门被拆除，厨房排油烟管道积油严重。")

    # A paper unit's case: the office records its acknowledgement with the signed slip.
    tea = _case(category__code="concealed_accident")
    accept(tea, farming, "茶叶加工厂揉捻机传动皮带无防护罩，上月有工人手部被卷入受伤，企业未上报。")

    # Returned by the unit as not theirs: the office re-routes it.
    quarry = _case(category__code="mining", channel="letter")
    accept(quarry, building, "柳坪石材公司疑似越界开采，爆破飞石落到村民房顶，山体出现裂缝。")
    services.report_acknowledge(report=quarry, actor=officer)
    services.report_return(
        report=quarry,
        actor=officer,
        reason="矿山开采和爆破作业不属本办职责，建议转交应急管理办公室或区规划自然资源局。",
    )

    # Signed by the unit head: waiting for the office's review.
    lpg = _case(category__code="gas", channel="wechat")
    accept(lpg, building, "液化气供应站给居民充装过期钢瓶，用三轮车一次运送二十多个气瓶。")
    services.report_acknowledge(report=lpg, actor=officer)
    conclusion = services.conclusion_propose(
        report=lpg,
        actor=officer,
        verdict=Conclusion.Verdict.PARTLY,
        account="检查发现3个过期钢瓶，已当场封存；三轮车运输气瓶情况属实。",
        decision="责令停止充装过期钢瓶并立即整改，移交区商务委依法处理。",
    )
    services.conclusion_sign(conclusion=conclusion, actor=head)

    # Concluded, the reply waiting on /track/ for the reporter (the hotel report, code printed).
    hotel = _case(category__code="fire_safety", channel="web")
    accept(
        hotel,
        building,
        "土家大酒店二楼宴会厅消防通道堆满桌椅和装修木板，安全出口指示灯不亮，周末办酒席人多。",
    )
    services.report_acknowledge(report=hotel, actor=officer)
    services.enforcement_update(
        report=hotel,
        actor=officer,
        values={
            "rectification_ordered_on": today,
            "rectified_on": today,
            "penalty_decision_number": "万恒规建罚〔2026〕6号",
            "penalty_decided_on": today,
            "fine": Decimal("10000"),
        },
    )
    conclusion = services.conclusion_propose(
        report=hotel,
        actor=officer,
        verdict=Conclusion.Verdict.TRUE,
        account="现场检查属实：宴会厅疏散通道被桌椅和木板占用，2处安全出口指示灯损坏。",
        decision="当场责令清理通道、更换指示灯，已整改完毕；对酒店罚款1万元。",
    )
    services.conclusion_sign(conclusion=conclusion, actor=head)
    services.conclusion_review(
        conclusion=conclusion, actor=office, accept=True, reward_conditions_met=True
    )

    # 长岭镇's office accepts the brick kiln report and hands it to the district's emergency
    # bureau (移送): a major hazard the district supervises. The bureau has to acknowledge it.
    kiln = _case(village__name="安宁村", category__code="major_hazard")
    services.report_accept(
        report=kiln,
        actor=users["intake_changling"],
        unit=units["长岭镇综合行政执法大队"],
        summary="安宁页岩砖厂隧道窑窑顶有多道裂缝仍在生产，工人在窑边作业，存在坍塌风险。",
    )
    services.report_hand_over(
        report=kiln,
        actor=users["intake_changling"],
        unit=units["万州区应急管理局"],
        reason="砖厂隧道窑属区应急管理局直接监管的工贸企业重大事故隐患。",
        request="请依法立案查处，督促停窑整改，并将处理结果告知长岭镇安委办。",
    )

    # The district office takes a phone tip about 牌楼街道 and assigns it there (交办), with
    # its number and deadline: it waits in the subdistrict's queue.
    tip = services.report_create(
        source=Report.Source.OFFICE,
        channel=Report.Channel.PHONE,
        category=Category.objects.get(code="construction"),
        description="双河社区旁工地塔吊司机无证操作，吊物从人行道上方经过，没有设警戒区。",
        village=units["双河社区"],
        address="双河社区沿江路工地",
        reporters=[services.ReporterInput(declaration=Reporter.Declaration.NONE)],
        actor=users["district_intake"],
    ).report
    services.report_assign(
        report=tip,
        actor=users["district_intake"],
        township=units["牌楼街道"],
        number="万安办交〔2026〕12号",
        deadline=today + timedelta(days=15),
    )

    # A ticket from above, concluded and closed at once: its 办结回复 PDF is ready.
    ticket = _case(source="upstream", channel="12350")
    accept(ticket, building, "客运班车超员，核载19人实载30多人，且未按规定线路行驶。")
    services.report_acknowledge(report=ticket, actor=officer)
    conclusion = services.conclusion_propose(
        report=ticket,
        actor=officer,
        verdict=Conclusion.Verdict.TRUE,
        account="联合交通站路检，查实该班车超员11人。",
        decision="移交区交通执法支队处罚，责令客运公司整改。",
    )
    services.conclusion_sign(conclusion=conclusion, actor=head)
    services.conclusion_review(
        conclusion=conclusion, actor=office, accept=True, reward_conditions_met=False
    )
