"""What a clock is: which cases qualify on a day, the threshold that makes a reminder unique,
who hears it, in which words, and an optional action; and the recipients most clocks use."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    CharField,
    QuerySet,
    Value,
)

from core.models import TimelineEntry
from reports.models import Report
from reports.notifications import Audience, office_link, unit_link

S = Report.Status


Visibility = TimelineEntry.Visibility


# Who hears, for one case: (people, group-robot webhooks, link).
Recipients = tuple[list, list[str], str]


@dataclass(frozen=True)
class Clock:
    kind: str
    # The cases that qualify today, annotated with ``threshold`` (a string).
    candidates: Callable[[date], QuerySet]
    # The words: (text, parameters) for one case.
    words: Callable[[Report, date], tuple[str, dict[str, Any]]]
    # Who hears about one case.
    recipients: Callable[[Report, Audience], list[Recipients]]
    visibility: str = Visibility.UNIT
    # Done to the whole batch before telling anyone (in the same transaction).
    action: Callable[[list[Report], Audience, date], None] | None = None
    # More relations to load with the batch's cases (what ``words`` and ``recipients`` read).
    related: tuple[str, ...] = ()


def _fixed(queryset: QuerySet, threshold: str) -> QuerySet:
    return queryset.annotate(threshold=Value(threshold, output_field=CharField()))


def _unit_people(report: Report, audience: Audience, *roles) -> Recipients:
    return (audience.unit(report, *roles), audience.robots(report), unit_link(report))


def _office(report: Report, audience: Audience) -> Recipients:
    return (audience.office(report), [], office_link(report))


def _leader(report: Report, audience: Audience) -> Recipients:
    return (audience.leader(report), [], unit_link(report) if report.accepted_at else "")


def _date(day: date | None) -> str:
    return day.isoformat() if day else ""
