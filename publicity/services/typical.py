"""Typical cases: written from a concluded case, reviewed by another person."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import timeline
from core.errors import ApplicationError
from publicity.models import (
    TYPICAL_CASE_MAX_CHARS,
    TypicalCase,
)
from reports import disclosure
from reports.models import Attachment, Report
from reports.services import is_office_for
from units import permissions
from units.permissions import Perm

PHOTO_KINDS = (
    Attachment.Kind.PHOTO,
    Attachment.Kind.EVIDENCE,
    Attachment.Kind.BEFORE,
    Attachment.Kind.AFTER,
)


# ------------------------------------------------------------------------------
# Typical cases
# ------------------------------------------------------------------------------
def _check_typical_text(report: Report, fields: dict[str, str]) -> dict[str, str]:
    fields = {k: (fields.get(k) or "").strip() for k in TypicalCase.TEXT_FIELDS}
    if any(not v for v in fields.values()):
        raise ApplicationError(
            _("Fill in the lead source, the brief facts, the enforcement and the reward.")
        )
    length = sum(len(v) for v in fields.values())
    if length > TYPICAL_CASE_MAX_CHARS:
        raise ApplicationError(
            _("At most %(max)s characters in all; this has %(n)s.")
            % {"max": TYPICAL_CASE_MAX_CHARS, "n": length}
        )
    for name, value in fields.items():
        field = TypicalCase._meta.get_field(name)
        _refuse_identity(report, value, getattr(field, "verbose_name", name))
    return fields


def _refuse_identity(report: Report, text: str, field) -> None:
    """The reporter's sealed identity, however written, or any phone or ID number: refused,
    saying in which field and what (reports/disclosure.py decides)."""
    leak = disclosure.identity_problem(report, text)
    if leak is not None:
        raise ApplicationError(
            _(
                "The %(field)s contains %(what)s. Remove it: a typical case never identifies "
                "the reporter."
            )
            % {"field": field, "what": leak.label}
        )


def typical_case_save(
    *,
    actor,
    report: Report,
    title: str,
    fields: dict[str, str],
    photos: Iterable[Attachment] = (),
    contact_name: str = "",
    contact_phone: str = "",
) -> TypicalCase:
    """Write (or rewrite) the typical case of a concluded case. Rewriting a reviewed one sends
    it back to draft."""
    if not is_office_for(actor, report):
        raise ApplicationError(_("Only the safety office of this case may do this."))
    if report.status not in Report.CONCLUDED_STATUSES:
        raise ApplicationError(_("Only a concluded case can become a typical case."))
    title = title.strip()
    if not title:
        raise ApplicationError(_("Give the typical case a title."))
    fields = _check_typical_text(report, fields)
    # Only photos a unit may see (as stored now): a reporter's photo the office did not pass
    # to the unit is never published either.
    wanted = {p.pk for p in photos}
    photos = list(
        Attachment.objects.filter(disclosure.unit_photos_q())
        .filter(pk__in=wanted, report=report, kind__in=PHOTO_KINDS)
        .order_by("pk")
    )
    if len(photos) != len(wanted):
        raise ApplicationError(_("Choose photos of this case (never scanned originals)."))
    _refuse_identity(report, title, TypicalCase._meta.get_field("title").verbose_name)
    with transaction.atomic():
        case = TypicalCase.objects.select_for_update().filter(report=report).first()
        case = case or TypicalCase(report=report, unit=report.township, created_by=actor)
        case.title = title
        for name, value in fields.items():
            setattr(case, name, value)
        case.contact_name, case.contact_phone = contact_name.strip(), contact_phone.strip()
        case.status, case.reviewed_by, case.reviewed_at = TypicalCase.Status.DRAFT, None, None
        case.save()
        case.photos.set(photos)
        timeline.record(report, "publicity.typical_case.saved", actor=actor)
    return case


def typical_case_review(*, actor, case: TypicalCase) -> TypicalCase:
    """Another person than its writer (the leader or a colleague of the office) reviews it;
    then it may be exported."""
    report = case.report
    if not (is_office_for(actor, report) or permissions.can(actor, Perm.APPROVE, report.township)):
        raise ApplicationError(_("Only the township's safety office or leader may review it."))
    with transaction.atomic():
        case = TypicalCase.objects.select_for_update().get(pk=case.pk)
        if case.status == TypicalCase.Status.REVIEWED:
            return case
        if case.created_by_id == actor.pk:
            raise ApplicationError(_("Someone other than its writer reviews a typical case."))
        _check_typical_text(report, {f: getattr(case, f) for f in TypicalCase.TEXT_FIELDS})
        case.status, case.reviewed_by, case.reviewed_at = (
            TypicalCase.Status.REVIEWED,
            actor,
            timezone.now(),
        )
        case.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        timeline.record(report, "publicity.typical_case.reviewed", actor=actor)
    return case
