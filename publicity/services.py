"""Every write of the campaign: activities with their evidence, QR prints, the monthly form
(corrections with a reason, submission that freezes it), typical cases, the key-task plan and
its completion, and the quarterly joint meeting. Each checks who acts and for which unit."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, timeline
from core.errors import ApplicationError
from core.images import CleanImage
from publicity import selectors
from publicity.models import (
    TYPICAL_CASE_MAX_CHARS,
    Activity,
    Artwork,
    EvidencePhoto,
    FormCell,
    FormColumn,
    JointMeeting,
    KeyTask,
    Measure,
    MonthlyForm,
    PrintRecord,
    TaskAssignment,
    TypicalCase,
)
from publicity.periods import Period, form_period, quarter_range
from reports import disclosure
from reports.models import Attachment, IntakePoint, Report
from reports.services import intake_point_save, is_office_for
from units.models import Enterprise, Role, Unit
from units.selectors import memberships_of

PHOTO_KINDS = (
    Attachment.Kind.PHOTO,
    Attachment.Kind.EVIDENCE,
    Attachment.Kind.BEFORE,
    Attachment.Kind.AFTER,
)


# ------------------------------------------------------------------------------
# Who may act
# ------------------------------------------------------------------------------
def _require_campaign_unit(actor, unit: Unit) -> None:
    if not selectors.campaign_units(actor).filter(pk=unit.pk).exists():
        raise ApplicationError(_("You do not work for this unit."))


def _require_answerable(actor, unit: Unit) -> None:
    if not selectors.can_answer_for(actor, unit):
        raise ApplicationError(
            _("Only the unit's head, or the township's safety office or leader, may do this.")
        )


def _require_office(actor, township: Unit) -> None:
    if not selectors.is_office_of(actor, township):
        raise ApplicationError(_("Only the township's safety office may do this."))


def photos_stage(*, actor, key: str, photos: Iterable[CleanImage]) -> list[EvidencePhoto]:
    """Keep checked photos of a form that had a mistake, under the form's key."""
    return _store_photos(photos, actor, pending_key=key)


def _staged(actor, key: str, ids: Iterable[int]) -> list[EvidencePhoto]:
    if not key:
        return []
    return list(EvidencePhoto.objects.filter(pk__in=list(ids), pending_key=key, uploaded_by=actor))


def staged_sweep(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Forget photos of forms never sent again (after a day)."""
    old = EvidencePhoto.objects.exclude(pending_key="").filter(
        created_at__lt=timezone.now() - older_than
    )
    count = 0
    for photo in old[:500]:
        photo.file.delete(save=False)
        photo.thumbnail.delete(save=False)
        photo.delete()
        count += 1
    return count


def _store_photos(photos: Iterable[CleanImage], actor, **owner) -> list[EvidencePhoto]:
    stored = []
    for clean in photos:
        photo = EvidencePhoto(width=clean.width, height=clean.height, uploaded_by=actor, **owner)
        photo.file.save("photo.jpg", ContentFile(clean.content), save=False)
        photo.thumbnail.save("thumb.jpg", ContentFile(clean.thumbnail), save=False)
        photo.save()
        stored.append(photo)
    return stored


# ------------------------------------------------------------------------------
# Activities
# ------------------------------------------------------------------------------
def activity_record(
    *,
    actor,
    unit: Unit,
    measure: Measure,
    date: dt.date,
    count: int,
    enterprise: Enterprise | None = None,
    place: Unit | None = None,
    location: str = "",
    link: str = "",
    note: str = "",
    photos: Iterable[CleanImage] = (),
    staged_key: str = "",
    staged_ids: Iterable[int] = (),
) -> Activity:
    """Record what a unit did. A measure with targets per enterprise needs the enterprise, one
    per village needs the village; both must lie in the unit's township. Photos kept from an
    earlier attempt (``staged_key``, ``staged_ids``) are attached too."""
    _require_campaign_unit(actor, unit)
    photos = list(photos)
    staged = _staged(actor, staged_key, staged_ids)
    if not measure.active:
        raise ApplicationError(_("This measure is no longer used."))
    if measure.source != Measure.Source.ACTIVITIES:
        raise ApplicationError(_("This measure is counted from the informant library."))
    if count < 1:
        raise ApplicationError(_("Give how many, at least 1."))
    if date > calendar.local_date():
        raise ApplicationError(_("The date cannot be in the future."))
    if len(photos) + len(staged) > settings.MAX_PHOTOS_PER_REPORT:
        raise ApplicationError(_("At most %(n)s photos.") % {"n": settings.MAX_PHOTOS_PER_REPORT})
    township = unit.township() or unit
    if measure.per_enterprise and enterprise is None:
        raise ApplicationError(_("Choose the enterprise."))
    if measure.per_place and place is None:
        raise ApplicationError(_("Choose the village or community."))
    if enterprise and not selectors.covered_enterprises(township).filter(pk=enterprise.pk).exists():
        raise ApplicationError(_("The enterprise is not in this township."))
    if place and (place.kind not in Unit.PLACE_KINDS or not place.path.startswith(township.path)):
        raise ApplicationError(_("The village or community is not in this township."))
    with transaction.atomic():
        activity = Activity.objects.create(
            unit=unit,
            measure=measure,
            date=date,
            count=count,
            enterprise=enterprise,
            place=place,
            location=location.strip(),
            link=link.strip(),
            note=note.strip(),
            created_by=actor,
        )
        _store_photos(photos, actor, activity=activity)
        EvidencePhoto.objects.filter(pk__in=[p.pk for p in staged]).update(
            activity=activity, pending_key=""
        )
    return activity


def activity_delete(*, actor, activity: Activity) -> None:
    """Take back an activity recorded by mistake, while its month's form is not submitted."""
    _require_campaign_unit(actor, activity.unit)
    period = _period_of(activity.date)
    if MonthlyForm.objects.filter(
        unit=activity.unit,
        year=period.year,
        month=period.month,
        status=MonthlyForm.Status.SUBMITTED,
    ).exists():
        raise ApplicationError(
            _("The monthly form with this activity is submitted: it can no longer change.")
        )
    with transaction.atomic():
        for photo in activity.photos.all():
            photo.file.delete(save=False)
            photo.thumbnail.delete(save=False)
        activity.delete()


def _period_of(day: dt.date) -> Period:
    from publicity.periods import period_containing

    return period_containing(day)


# ------------------------------------------------------------------------------
# QR material
# ------------------------------------------------------------------------------
def enterprise_point(*, enterprise: Enterprise) -> IntakePoint:
    """The enterprise's QR intake point, created the first time its material is printed."""
    point = (
        IntakePoint.objects.filter(
            enterprise=enterprise, kind=IntakePoint.Kind.ENTERPRISE, active=True
        )
        .order_by("pk")
        .first()
    )
    if point is not None:
        return point
    village = enterprise.village
    township = village.township() if village else None
    if township is None:
        raise ApplicationError(_("The enterprise has no village in a township."))
    return intake_point_save(
        point=IntakePoint(
            kind=IntakePoint.Kind.ENTERPRISE,
            name=enterprise.name,
            unit=township,
            village=village,
            enterprise=enterprise,
            address=enterprise.address,
        )
    )


LABELS_PER_SHEET = {
    PrintRecord.Kind.POSTER_A4: 1,
    PrintRecord.Kind.POSTER_A3: 1,
    PrintRecord.Kind.ARTWORK: 1,
    PrintRecord.Kind.CARD_STICKERS: 24,
    PrintRecord.Kind.BOARD_STICKERS: 12,
}
DEFAULT_MEASURE = {
    PrintRecord.Kind.CARD_STICKERS: "card_qr",
    PrintRecord.Kind.BOARD_STICKERS: "board_qr",
}


def prints_record(
    *,
    actor,
    unit: Unit,
    points: list[IntakePoint],
    kind: str,
    artwork: Artwork | None = None,
    measure: Measure | None = None,
) -> list[PrintRecord]:
    """Record QR material generated for each point (the form counts the labels)."""
    _require_campaign_unit(actor, unit)
    if kind not in PrintRecord.Kind.values:
        raise ApplicationError(_("Choose what to print."))
    if kind == PrintRecord.Kind.ARTWORK and artwork is None:
        raise ApplicationError(_("Choose the official artwork."))
    if measure is None:
        code = DEFAULT_MEASURE.get(kind) or next(
            (
                "gate_banner" if p.kind == IntakePoint.Kind.ENTERPRISE else "site_slogan"
                for p in points
            ),
            "site_slogan",
        )
        measure = Measure.objects.filter(code=code).first()
    return PrintRecord.objects.bulk_create(
        PrintRecord(
            unit=unit,
            point=point,
            kind=kind,
            measure=measure,
            artwork=artwork,
            labels=LABELS_PER_SHEET[kind],
            printed_by=actor,
        )
        for point in points
    )


# ------------------------------------------------------------------------------
# The monthly form
# ------------------------------------------------------------------------------
def _form(unit: Unit, period: Period, *, lock: bool = False) -> MonthlyForm:
    form, _created = MonthlyForm.objects.get_or_create(
        unit=unit, year=period.year, month=period.month
    )
    if lock:
        form = MonthlyForm.objects.select_for_update().get(pk=form.pk)
    return form


def form_correct(
    *, actor, unit: Unit, year: int, month: int, column: FormColumn, value: int, reason: str
) -> FormCell:
    """Correct one pre-filled figure of a draft form, saying why; setting it back to the
    pre-filled value removes the correction."""
    _require_campaign_unit(actor, unit)
    if value < 0:
        raise ApplicationError(_("A figure cannot be negative."))
    period = form_period(year, month)
    computed = (
        selectors.computed_values(unit, period, [column]).get(unit.pk, {}).get(column.code, 0)
    )
    reason = reason.strip()
    if value != computed and not reason:
        raise ApplicationError(_("Say why the figure differs from the pre-filled one."))
    with transaction.atomic():
        form = _form(unit, period, lock=True)
        if form.frozen:
            raise ApplicationError(_("This form is submitted and frozen."))
        cell, _created = FormCell.objects.update_or_create(
            form=form,
            column=column,
            defaults={
                "value": value,
                "computed": computed,
                "reason": reason if value != computed else "",
                "edited_by": actor,
                "edited_at": timezone.now(),
            },
        )
        timeline.record(
            form,
            "publicity.form.corrected",
            actor=actor,
            note=reason,
            data={"column": column.code, "computed": computed, "value": value},
        )
    return cell


def form_submit(
    *, actor, unit: Unit, year: int, month: int, channel: str, note: str = ""
) -> MonthlyForm:
    """Submit the form upward: record how and when, freeze its own figures and the totals of
    its subtree as they stand. Repeating it changes nothing."""
    _require_answerable(actor, unit)
    if channel not in MonthlyForm.Channel.values:
        raise ApplicationError(_("Say how the form was sent."))
    period = form_period(year, month)
    if period.end >= calendar.local_date():
        raise ApplicationError(_("The month is not over yet."))
    with transaction.atomic():
        form = _form(unit, period, lock=True)
        if form.frozen:
            return form
        sheet = selectors.form_sheet(unit, period)
        own = sheet["rows"][0].values
        existing = {c.column_id: c for c in form.cells.all()}
        for column in sheet["columns"]:
            if column.pk not in existing:
                FormCell.objects.create(
                    form=form, column=column, value=own[column.code], computed=own[column.code]
                )
        form.status = MonthlyForm.Status.SUBMITTED
        form.submitted_at, form.submitted_by = timezone.now(), actor
        form.channel, form.channel_note = channel, note.strip()
        form.totals = sheet["total"]
        form.save()
        timeline.record(
            form, "publicity.form.submitted", actor=actor, note=form.get_channel_display()
        )
    return form


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
        _refuse_identity(report, value, TypicalCase._meta.get_field(name).verbose_name)
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
    if report.status not in (
        Report.Status.CONCLUDED,
        Report.Status.OBJECTION,
        Report.Status.CLOSED,
    ):
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
    if not (is_office_for(actor, report) or _is_leader_for(actor, report.township)):
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


def _is_leader_for(actor, township: Unit) -> bool:
    return actor.is_superuser or any(
        m.role == Role.LEADER and township.path.startswith(m.unit.path)
        for m in memberships_of(actor)
    )


# ------------------------------------------------------------------------------
# The key-task plan
# ------------------------------------------------------------------------------
def _periods(task: KeyTask, year: int) -> list[tuple[str, dt.date]]:
    if task.schedule == KeyTask.Schedule.DATE:
        return [("", dt.date(year, task.due_month, task.due_day))]
    if task.schedule == KeyTask.Schedule.QUARTERLY:
        return [(f"Q{q}", quarter_range(year, q)[1]) for q in range(1, 5)]
    if task.schedule == KeyTask.Schedule.HALF_YEARLY:
        return [("H1", dt.date(year, 6, 30)), ("H2", dt.date(year, 12, 31))]
    return [("", dt.date(year, 12, 31))]


def task_plan_generate(*, actor, township: Unit, year: int) -> int:
    """Assign the year's key tasks to the township's units of the responsible kinds (the
    township itself for its safety office's tasks). Idempotent; returns how many were added."""
    _require_office(actor, township)
    units = list(selectors.subtree(township))
    rows = []
    for task in KeyTask.objects.filter(active=True):
        for unit in units:
            if unit.kind not in task.kinds:
                continue
            for period, due in _periods(task, year):
                rows.append(
                    TaskAssignment(task=task, unit=unit, year=year, period=period, due_date=due)
                )
    before = TaskAssignment.objects.filter(unit__path__startswith=township.path, year=year).count()
    TaskAssignment.objects.bulk_create(rows, ignore_conflicts=True)
    after = TaskAssignment.objects.filter(unit__path__startswith=township.path, year=year).count()
    return after - before


def task_complete(
    *,
    actor,
    assignment: TaskAssignment,
    evidence: str,
    link: str = "",
    photos: Iterable[CleanImage] = (),
) -> TaskAssignment:
    """The unit marks a key task done, with evidence (what was done, a link, photos)."""
    _require_answerable(actor, assignment.unit)
    evidence = evidence.strip()
    if not evidence:
        raise ApplicationError(_("Say what was done, as evidence."))
    with transaction.atomic():
        assignment = TaskAssignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.done_at:
            return assignment
        assignment.done_at, assignment.done_by = timezone.now(), actor
        assignment.evidence, assignment.link = evidence, link.strip()
        assignment.save()
        _store_photos(photos, actor, assignment=assignment)
        timeline.record(assignment, "publicity.task.done", actor=actor, note=evidence)
    return assignment


# ------------------------------------------------------------------------------
# The joint meeting
# ------------------------------------------------------------------------------
MEETING_FIELDS = ("held_on", "place", "chair", "attendees", "minutes", "decisions")


def meeting_save(*, actor, township: Unit, year: int, quarter: int, **values) -> JointMeeting:
    """Record the quarter's joint meeting. Once it is held, the township's key task "a joint
    meeting every quarter" is done for that quarter."""
    _require_office(actor, township)
    held_on = values.get("held_on")
    start, end = quarter_range(year, quarter)
    if held_on and not start <= held_on <= end:
        raise ApplicationError(_("The meeting date must fall in the quarter."))
    if held_on and held_on > calendar.local_date():
        raise ApplicationError(_("The date cannot be in the future."))
    with transaction.atomic():
        meeting, _created = JointMeeting.objects.select_for_update().get_or_create(
            township=township, year=year, quarter=quarter, defaults={"created_by": actor}
        )
        for name in MEETING_FIELDS:
            if name in values:
                value = values[name]
                setattr(meeting, name, value.strip() if isinstance(value, str) else value)
        meeting.save()
        if meeting.held_on:
            TaskAssignment.objects.filter(
                unit=township,
                year=year,
                period=f"Q{quarter}",
                task__schedule=KeyTask.Schedule.QUARTERLY,
                task__number=4,
                done_at__isnull=True,
            ).update(
                done_at=timezone.now(),
                done_by=actor,
                evidence=_("Joint meeting held on %(day)s") % {"day": meeting.held_on.isoformat()},
            )
    return meeting
