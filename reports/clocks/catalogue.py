"""Every clock of the lifecycle, with its words and recipients (the offsets are settings); other
apps add theirs through ``reports.extensions.provide_clocks``."""

from django.conf import settings
from django.utils.translation import gettext as _

from reports.clocks.candidates import (
    _UNIT_SIDE,
    _acceptance_escalated,
    _acceptance_overdue,
    _both,
    _due_soon,
    _due_today,
    _due_today_words,
    _list_overdue,
    _not_acknowledged,
    _objection_review_due,
    _overdue,
    _overdue_recipients,
    _returned_waiting,
    _upstream_due,
    _waiting,
)
from reports.clocks.clock import Clock, S, Visibility, _date, _leader, _office, _unit_people
from reports.models import Conclusion, Extension
from reports.notifications import unit_link
from units.models import Role


def _thresholds(days: list[int]) -> list[tuple[int, int]]:
    """[15, 5, 1] → (15, 5), (5, 1), (1, 0): each threshold with the next smaller one (the
    last with the day itself, which "due today" announces)."""
    ordered = sorted({d for d in days if d > 0}, reverse=True)
    return list(zip(ordered, [*ordered[1:], 0], strict=True))


def build_clocks() -> list[Clock]:
    """The clocks with today's settings."""
    n = lambda r: {"number": r.number}  # noqa: E731
    clocks = [
        Clock(
            "acceptance_overdue",
            _acceptance_overdue,
            lambda r, t: (
                _("Case %(number)s is not accepted yet; the deadline was %(date)s."),
                {**n(r), "date": _date(r.acceptance_due)},
            ),
            lambda r, a: [_office(r, a)],
            visibility=Visibility.OFFICE,
        ),
        Clock(
            "acceptance_escalated",
            _acceptance_escalated,
            lambda r, t: (
                _("Case %(number)s is still not accepted; the deadline was %(date)s."),
                {**n(r), "date": _date(r.acceptance_due)},
            ),
            lambda r, a: [_leader(r, a), _office(r, a)],
            visibility=Visibility.OFFICE,
        ),
        Clock(
            "reroute_waiting",
            _returned_waiting,
            lambda r, t: (
                _(
                    "Case %(number)s was returned by its unit; send it to another unit "
                    "(due %(date)s)."
                ),
                {**n(r), "date": _date(r.due_date)},
            ),
            lambda r, a: [_office(r, a)],
            visibility=Visibility.OFFICE,
        ),
        Clock(
            "not_acknowledged",
            _not_acknowledged,
            lambda r, t: (
                _(
                    "Case %(number)s was transferred to your unit and is not acknowledged "
                    "yet; due %(date)s."
                ),
                {**n(r), "date": _date(r.due_date)},
            ),
            lambda r, a: [_unit_people(r, a, Role.OFFICER, Role.HEAD)],
        ),
    ]
    for days, smaller in _thresholds(settings.DUE_REMINDER_DAYS):
        clocks.append(
            Clock(
                f"due_in_{days}",
                _due_soon(days, smaller),
                lambda r, t: (
                    _("Case %(number)s is due in %(days)s days, on %(date)s."),
                    {**n(r), "days": (r.due_date - t).days, "date": _date(r.due_date)},
                ),
                lambda r, a: [_unit_people(r, a)],
            )
        )
    clocks += [
        Clock(
            "due_today",
            _due_today,
            _due_today_words,
            lambda r, a: [(a.signers(r), a.robots(r), unit_link(r)), _office(r, a)],
        ),
        Clock(
            "overdue_listed",
            _overdue,
            lambda r, t: (
                _(
                    "Case %(number)s is %(days)s days overdue (due %(date)s) and is listed "
                    "for supervision; read the supervision notice."
                ),
                {**n(r), "days": (t - r.due_date).days, "date": _date(r.due_date)},
            ),
            _overdue_recipients,
            action=_list_overdue,
        ),
        Clock(
            "extension_to_endorse",
            _waiting(Extension, Extension.Status.REQUESTED, "requested_at", _UNIT_SIDE),
            lambda r, t: (
                _("Case %(number)s: an extension request waits for your endorsement."),
                n(r),
            ),
            lambda r, a: [(a.signers(r), [], unit_link(r))],
        ),
        Clock(
            "extension_to_approve",
            _waiting(Extension, Extension.Status.ENDORSED, "endorsed_at", _UNIT_SIDE),
            lambda r, t: (_("Case %(number)s: an extension waits for your approval."), n(r)),
            lambda r, a: [(a.leader(r), [], unit_link(r))],
        ),
        Clock(
            "extension_awaiting_body",
            _waiting(Extension, Extension.Status.AWAITING_BODY, "decided_at", _UNIT_SIDE),
            lambda r, t: (
                _(
                    "Case %(number)s: an extension approved by the leader waits for the "
                    "assigning body's approval; record it when it comes."
                ),
                n(r),
            ),
            lambda r, a: [_office(r, a)],
            visibility=Visibility.OFFICE,
        ),
        Clock(
            "conclusion_to_sign",
            _waiting(Conclusion, Conclusion.Status.PROPOSED, "proposed_at", (S.INVESTIGATING,)),
            lambda r, t: (
                _("Case %(number)s: a proposed conclusion waits for your signature."),
                n(r),
            ),
            lambda r, a: [(a.signers(r), [], unit_link(r))],
        ),
        Clock(
            "conclusion_to_review",
            _waiting(Conclusion, Conclusion.Status.SIGNED, "signed_at", (S.UNDER_REVIEW,)),
            lambda r, t: (_("Case %(number)s: a signed conclusion waits for your review."), n(r)),
            lambda r, a: [_office(r, a)],
            visibility=Visibility.OFFICE,
        ),
        Clock(
            "objection_review_due",
            _objection_review_due,
            lambda r, t: (
                _("Case %(number)s: the reporter's objection must be reviewed soon."),
                n(r),
            ),
            lambda r, a: [_office(r, a)],
            visibility=Visibility.OFFICE,
        ),
    ]
    for days, smaller in _thresholds(settings.UPSTREAM_REMINDER_DAYS):
        clocks.append(
            Clock(
                f"upstream_due_in_{days}",
                _upstream_due(days, smaller),
                lambda r, t: (
                    _("Case %(number)s must be answered to the assigning body by %(date)s."),
                    {**n(r), "date": _date(r.upstream_deadline)},
                ),
                _both,
            )
        )
    from reports.extensions import extra_clocks

    return clocks + extra_clocks()
