"""A year of past cases for the demo, so that the supervisors' dashboards have trends to show.

The cases go through ``reports.services`` as in real use (received, accepted, acknowledged,
fined or filed, concluded); only their dates are then moved back, demo-only, the way
``demo.lifecycle._move_back`` does: each case keeps a consistent story in time. A fixed seed
makes the history the same on every machine.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.calendar import SHANGHAI, local_date
from core.models import TimelineEntry
from reports import services
from reports.models import Category, Conclusion, Enforcement, Report
from reports.services import ReporterInput
from reports.services.dates import due_date_for

CHANNELS = [
    ("citizen", "web"),
    ("citizen", "qr"),
    ("office", "phone"),
    ("office", "letter"),
    ("office", "wechat"),
    ("upstream", "12350"),
]
STORIES = [
    ("fire_safety", "恒合社区", "集镇商铺楼梯间堆放杂物，堵塞疏散通道。", "清理杂物，责令整改。"),
    ("gas", "恒合社区", "餐馆液化气瓶放在厨房门口，软管老化。", "更换软管，气瓶移至专用间。"),
    ("construction", "柳坪村", "农房加层施工无脚手架防护。", "停工整改，补设防护。"),
    ("road_transport", "大山村", "面包车逢场天超员载客。", "移交交巡警处罚。"),
    ("mining", "大山村", "河坝夜间有人盗采砂石。", "没收工具，恢复河道。"),
    ("special_equipment", "恒合村", "白酒作坊小锅炉未检验。", "停用锅炉，报检。"),
    ("hazardous_chemicals", "恒合村", "农资店混存农药和化肥。", "分区存放，整改到位。"),
    ("illegal_production", "前进村", "小作坊无证加工木制品。", "责令停产，依法处罚。"),
]


def load_history(units_demo: dict[str, Any], *, months: int = 12, per_month: int = 4) -> int:
    """Add ``per_month`` concluded or stuck cases to each of the last ``months`` months
    (before the current one). Returns how many cases were added."""
    rng = random.Random(12350)  # noqa: S311 - demo data, not security
    units, users = units_demo["units"], units_demo["users"]
    office, officer, head = users["intake"], users["officer"], users["head"]
    station = units["规划建设管理环保办公室"]
    categories = {c.code: c for c in Category.objects.all()}
    today = local_date()
    first_of_month = today.replace(day=1)
    added = 0
    firsts = [first_of_month]
    for _ in range(months):
        firsts.append((firsts[-1] - timedelta(days=1)).replace(day=1))
    for back in range(months, 0, -1):
        month = firsts[back]  # the first day of the month ``back`` months ago
        for n in range(per_month):
            code, place, text, decision = rng.choice(STORIES)
            source, channel = rng.choice(CHANNELS)
            day = month + timedelta(days=rng.randrange(0, 26))
            received = datetime.combine(day, time(9 + n, 15), tzinfo=SHANGHAI)
            upstream = source == "upstream"
            intake = services.report_create(
                source=source,
                channel=channel,
                category=categories[code],
                description=text,
                village=units[place],
                address=f"{place}",
                reporters=[] if upstream else [ReporterInput(declaration="none")],
                received_at=received,
                upstream_body="12350热线" if upstream else "",
                external_number=f"12350-{day:%Y%m%d}-{n:02d}{back:02d}" if upstream else "",
                upstream_deadline=day + timedelta(days=30) if upstream else None,
                actor=office,
            )
            report = services.report_accept(
                report=intake.report, actor=office, unit=station, summary=text
            )
            services.report_acknowledge(report=report, actor=officer)
            stuck = back <= 2 and n == 0  # a recent case still open, past its due date
            if rng.random() < 0.3:
                services.enforcement_update(
                    report=report,
                    actor=officer,
                    values={
                        "case_filed_on": today,
                        "case_file_number": f"万恒规建立〔{day.year}〕{back}{n}号",
                        "penalty_decision_number": f"万恒规建罚〔{day.year}〕{back}{n}号",
                        "penalty_decided_on": today,
                        "fine": Decimal(rng.choice([2000, 5000, 10000, 30000])),
                    },
                )
            if not stuck:
                verdict = rng.choice(["true", "true", "partly", "false"])
                conclusion = services.conclusion_propose(
                    report=report,
                    actor=officer,
                    verdict=verdict,
                    account=f"现场核查：{text}",
                    decision=decision,
                )
                services.conclusion_sign(conclusion=conclusion, actor=head)
                services.conclusion_review(
                    conclusion=conclusion,
                    actor=office,
                    accept=True,
                    reward_conditions_met=False,  # history: rewards are not the point here
                )
            _date_back(report, received, rng, stuck=stuck)
            added += 1
    return added


def _date_back(report: Report, received: datetime, rng: random.Random, *, stuck: bool) -> None:
    """Demo only: as if the case had been registered when ``received``, accepted the day after
    and concluded some weeks later (a few after their due date), each step of its timeline at
    its own time, and nothing after the demo's now: a recent case was concluded sooner."""
    now = timezone.now()
    accepted = received + timedelta(days=1)
    acknowledged = accepted + timedelta(hours=20)
    report.refresh_from_db(fields=["status", "due_policy"])
    due = due_date_for(local_date(accepted), report.due_policy)  # the case's own policy
    days = rng.choice([12, 20, 28, 35, 41, 50, 55, 58, 66, 74])
    concluded = None if stuck else min(accepted + timedelta(days=days), now - timedelta(hours=6))
    end = concluded or now
    filed = min(local_date(accepted) + timedelta(days=min(days, 20)), local_date(end))
    enforced = min(max(acknowledged, datetime.combine(filed, time(10), tzinfo=SHANGHAI)), end)
    updates: dict[str, Any] = {
        "created_at": received,
        "accepted_at": accepted,
        "transferred_at": accepted,
        "acknowledged_at": acknowledged,
        "due_date": due,
    }
    moments = {
        "reports.report.submitted": received,
        "reports.report.registered": received,
        "reports.report.transferred": accepted,
        "reports.report.acknowledged": acknowledged,
        "reports.enforcement.updated": enforced,
    }
    if concluded is not None:
        updates["concluded_at"] = concluded
        if report.status == Report.Status.CLOSED:  # a ticket from above closes at once
            updates["closed_at"] = concluded
        elif local_date(concluded) + timedelta(days=12) < local_date(now):
            updates["status"] = Report.Status.CLOSED
            updates["closed_at"] = concluded + timedelta(days=12)
        work = concluded - acknowledged  # the unit's time, shorter for a recent case
        proposed = concluded - min(timedelta(days=3), work / 2)
        signed = concluded - min(timedelta(days=2), work / 4)
        Conclusion.objects.filter(report=report).update(
            proposed_at=proposed, signed_at=signed, reviewed_at=concluded
        )
        moments["reports.conclusion.proposed"] = proposed
        moments["reports.conclusion.signed"] = signed
    Report.objects.filter(pk=report.pk).update(**updates)
    Enforcement.objects.filter(report=report).update(case_filed_on=filed, penalty_decided_on=filed)
    entries = TimelineEntry.objects.filter(content_type__model="report", object_id=report.pk)
    for action in set(entries.values_list("action", flat=True)):
        # What came with the conclusion (the conclusion itself, no reward, the closing).
        entries.filter(action=action).update(created_at=moments.get(action, end))
