"""Demo rewards (``load_demo``): the township's budget for the year, and the concluded hotel
case's reward calculated by the formula, submitted by the office and approved by the leader,
so its reporter can claim it on /track/ with the printed receipt code."""

from decimal import Decimal
from typing import Any

from core.calendar import local_date
from reports.models import Report
from rewards import services
from rewards.models import Budget


def load_rewards_demo(units_demo: dict[str, Any]) -> None:
    users = units_demo["users"]
    township = units_demo["units"]["恒合土家族乡"]
    Budget.objects.get_or_create(
        payer=township, year=local_date().year, defaults={"allocated": Decimal("200000")}
    )
    hotel = Report.objects.filter(
        category__code="fire_safety", channel=Report.Channel.WEB, status=Report.Status.CONCLUDED
    ).first()
    if hotel is None:
        return
    # Fine 10,000 yuan: 15% is 1,500, so the minimum of 3,000 applies.
    reward = services.reward_calculate(report=hotel)
    if reward is None or reward.status != reward.Status.CALCULATED:
        return
    services.reward_submit(reward=reward, actor=users["intake"])
    services.reward_approve(reward=reward, actor=users["leader"])
