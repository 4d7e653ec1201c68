"""The quarter's figures for the joint meeting's bulletin."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from core.calendar import day_start
from publicity.models import (
    JointMeeting,
)
from publicity.periods import quarter_range
from publicity.selectors.owed import Row, owed
from reports import figures
from rewards.figures import reward_figures
from units.models import Industry, Unit

# ------------------------------------------------------------------------------
# The quarter's figures for the joint meeting's bulletin
# ------------------------------------------------------------------------------
SECTOR_FIGURES = ("received", "accepted", "filed", "concluded", "on_time")
UNIT_FIGURES = ("accepted", "filed", "concluded", "on_time")


def quarter_figures(township: Unit, year: int, quarter: int) -> dict:
    """The quarter's figures of the township's cases, by sector (industry) and by unit:
    received, accepted, filed, concluded and concluded on time, still open at the quarter's
    end; rewards decided and paid; the publicity completion. The case and reward figures are
    the dashboard's (``reports.figures``, ``rewards.figures``): the same cases counted under
    the same sector and unit. About fifteen queries."""
    start, end = quarter_range(year, quarter)
    rows = figures.case_figures(start, end, scope=township)
    rewards = reward_figures(start, end, scope=township)
    sectors: dict[int | None, dict] = defaultdict(lambda: dict.fromkeys(SECTOR_FIGURES, 0))
    units: dict[int, dict] = defaultdict(lambda: dict.fromkeys([*UNIT_FIGURES, "open"], 0))
    for (unit_id, industry_id), values in rows.items():
        for name in SECTOR_FIGURES:
            sectors[industry_id][name] += values.get(name, 0)
        for name in UNIT_FIGURES:
            units[unit_id][name] += values.get(name, 0)
    for unit_id, n in figures.open_at(
        day_start(end + dt.timedelta(days=1)), scope=township
    ).items():
        units[unit_id]["open"] += n
    industries = {i.pk: i for i in Industry.objects.filter(pk__in=[k for k in sectors if k])}
    by_sector = sorted(
        (
            {"industry_id": k, "name": industries[k].name if k else None, **v}
            for k, v in sectors.items()
            if any(v.values())
        ),
        key=lambda r: (
            r["industry_id"] is None,
            industries[r["industry_id"]].sort_order if r["industry_id"] else 0,
            r["industry_id"] or 0,
        ),
    )
    names = {u.pk: u for u in Unit.objects.filter(pk__in=list(units))}
    by_unit = sorted(
        (
            {"unit_id": k, "name": names[k].name, "path": names[k].path, **v}
            for k, v in units.items()
            if any(v.values())
        ),
        key=lambda r: r["path"],
    )
    totals = {name: sum(r[name] for r in by_sector) for name in SECTOR_FIGURES}
    totals["on_time_rate"] = (
        Decimal(100 * totals["on_time"]) / totals["concluded"] if totals["concluded"] else None
    )

    def money(count: str, amount: str) -> dict:
        return {
            "n": sum(v.get(count, 0) for v in rewards.values()),
            "amount": sum((v.get(amount, 0) for v in rewards.values()), Decimal(0)),
        }

    return {
        "totals": totals,
        "start": start,
        "end": end,
        "by_sector": by_sector,
        "by_unit": by_unit,
        "rewards_decided": money("rewards_decided", "rewards_decided_amount"),
        "rewards_paid": money("rewards_paid", "rewards_paid_amount"),
        "publicity": owed(township, year=year, quarter=quarter),
        "generated_at": timezone.now(),
    }


def bulletin_figures(township: Unit, year: int, quarter: int) -> dict:
    """The quarter's figures as the bulletin prints them, in plain JSON values (numbers, text,
    ISO dates, amounts as text): what an issued bulletin keeps."""
    figures = quarter_figures(township, year, quarter)
    owed_list = figures["publicity"]

    def amount(value) -> str:
        return str(Decimal(value or 0))

    def rows(rows: list[Row], *, owed_only: bool) -> list[dict]:
        return [
            {"label": r.label, "required": r.required, "owed": r.owed}
            for r in rows
            if r.owed or not owed_only
        ]

    totals = dict(figures["totals"])
    rate = totals["on_time_rate"]
    totals["on_time_rate"] = str(rate.quantize(Decimal("0.1"))) if rate is not None else None
    completion = owed_list.completion
    return {
        "start": figures["start"].isoformat(),
        "end": figures["end"].isoformat(),
        "totals": totals,
        "by_sector": figures["by_sector"],
        "by_unit": [{k: v for k, v in r.items() if k != "path"} for r in figures["by_unit"]],
        "rewards_decided": {
            "n": figures["rewards_decided"]["n"],
            "amount": amount(figures["rewards_decided"]["amount"]),
        },
        "rewards_paid": {
            "n": figures["rewards_paid"]["n"],
            "amount": amount(figures["rewards_paid"]["amount"]),
        },
        "publicity": {
            "completion": None if completion is None else str(completion.quantize(Decimal(1))),
            "required": owed_list.required,
            "owed": owed_list.owed,
            "townships": rows(owed_list.townships, owed_only=False),
            "places": rows(owed_list.places, owed_only=True),
            "enterprises": rows(owed_list.enterprises, owed_only=True),
        },
        "generated_at": timezone.localtime(figures["generated_at"]).isoformat(timespec="seconds"),
    }


def meeting_text(meeting: JointMeeting | None) -> dict:
    """The meeting as the bulletin tells it, in plain JSON values."""
    if meeting is None:
        return {}
    return {
        "held_on": meeting.held_on.isoformat() if meeting.held_on else None,
        "place": meeting.place,
        "chair": meeting.chair,
        "attendees": meeting.attendees,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
    }
