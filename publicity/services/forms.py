"""The monthly form: corrections with a reason, submission that freezes it."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, notify, timeline
from core.errors import ApplicationError
from publicity import selectors
from publicity.models import (
    FormCell,
    FormColumn,
    MonthlyForm,
)
from publicity.periods import Period, form_period
from units import permissions
from units.models import Membership, Role, Unit
from units.permissions import Perm


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
) -> FormCell | None:
    """Correct one pre-filled figure of a draft form, saying why
    (``publicity.form.corrected``). Setting it back to the pre-filled value takes the
    correction back: the figure follows the data again, and the form's timeline keeps what the
    correction said and why it went (``publicity.form.correction_removed``). Returns the
    correction, None when there is none. Raises ApplicationError for a negative figure, a
    correction without a reason, or a submitted form."""
    permissions.require(actor, Perm.RECORD_CAMPAIGN, unit)
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
        existing = FormCell.objects.filter(form=form, column=column).first()
        if value == computed:
            if existing is not None:
                timeline.record(
                    form,
                    "publicity.form.correction_removed",
                    actor=actor,
                    note=reason,
                    data={
                        "column": column.code,
                        "value": existing.value,
                        "computed": existing.computed,
                        "reason": existing.reason,
                    },
                )
                existing.delete()
            return None
        cell, _created = FormCell.objects.update_or_create(
            form=form,
            column=column,
            defaults={
                "value": value,
                "computed": computed,
                "reason": reason,
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
    permissions.require(actor, Perm.ANSWER_FOR, unit)
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
        notify.notices_done(f"form:{form.pk}:correct")
    return form


# ------------------------------------------------------------------------------
# Reopening a submitted form: asked by the unit, decided by the level above
# ------------------------------------------------------------------------------
def _tell(users, template: str, text: str, link: str, subject: str = "") -> None:
    notify.notify_many(
        [
            notify.Message(
                users=list(users), template=template, text=text, link=link, subject=subject
            )
        ]
    )


def _form_link(form: MonthlyForm) -> str:
    url = reverse("publicity:form", args=[form.year, form.month])
    return f"{url}?unit={form.unit_id}"


def form_reopen_request(*, actor, unit: Unit, year: int, month: int, reason: str) -> MonthlyForm:
    """Ask the level above to reopen a submitted form for corrections, saying why
    (``publicity.form.reopen_asked``). A unit with no level above in the system reopens its
    own form at once. Asking again while a request waits changes nothing."""
    permissions.require(actor, Perm.ANSWER_FOR, unit)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say what needs correcting and why."))
    period = form_period(year, month)
    with transaction.atomic():
        form = _form(unit, period, lock=True)
        if not form.frozen:
            raise ApplicationError(_("This form is not submitted: correct it directly."))
        if form.reopening_asked:
            return form
        if unit.parent_id is None:
            return _reopen(form, actor=actor, note=reason)
        form.reopen_reason, form.reopen_requested_at = reason[:300], timezone.now()
        form.reopen_requested_by = actor
        form.save(update_fields=["reopen_reason", "reopen_requested_at", "reopen_requested_by"])
        timeline.record(form, "publicity.form.reopen_asked", actor=actor, note=reason)
        above = Membership.objects.filter(
            unit_id=unit.parent_id,
            role__in=(Role.INTAKE, Role.LEADER),
            active=True,
            user__is_active=True,
        ).select_related("user")
        _tell(
            (m.user for m in above),
            "publicity_form_reopen_asked",
            _("%(unit)s asks to reopen its monthly form of %(month)s: %(reason)s")
            % {"unit": unit.name, "month": period.key, "reason": reason},
            _form_link(form),
            f"form:{form.pk}:reopen",
        )
    return form


def form_reopen_decide(*, actor, form: MonthlyForm, approve: bool, note: str = "") -> MonthlyForm:
    """The level above accepts (the form is a draft again, its corrections kept) or refuses,
    with a note (``publicity.form.reopened`` / ``publicity.form.reopen_refused``). Another
    person than the one who asked decides."""
    unit = form.unit
    if unit.parent_id is None:
        raise ApplicationError(_("This form has no level above in the system."))
    permissions.require(actor, Perm.ANSWER_FOR, unit.parent)
    with transaction.atomic():
        form = MonthlyForm.objects.select_for_update().get(pk=form.pk)
        if not form.reopening_asked:
            if approve and not form.frozen:
                return form  # already reopened
            raise ApplicationError(_("No request to reopen this form is waiting."))
        if form.reopen_requested_by_id == actor.pk:
            raise ApplicationError(_("Another person than the one who asked decides."))
        asked_by = form.reopen_requested_by
        note = (note or "").strip()
        if approve:
            form = _reopen(form, actor=actor, note=note)
        else:
            if not note:
                raise ApplicationError(_("Say why the form stays as submitted."))
            form.reopen_reason, form.reopen_requested_at, form.reopen_requested_by = "", None, None
            form.save(update_fields=["reopen_reason", "reopen_requested_at", "reopen_requested_by"])
            timeline.record(form, "publicity.form.reopen_refused", actor=actor, note=note)
        if asked_by is not None:
            _tell(
                [asked_by],
                "publicity_form_reopen_decided",
                (
                    _("The monthly form of %(month)s is reopened: correct it and submit again.")
                    if approve
                    else _("The monthly form of %(month)s stays as submitted: %(note)s")
                )
                % {"month": f"{form.year}-{form.month:02d}", "note": note},
                _form_link(form),
                f"form:{form.pk}:correct" if approve else "",
            )
        notify.notices_done(f"form:{form.pk}:reopen")
    return form


def _reopen(form: MonthlyForm, *, actor, note: str) -> MonthlyForm:
    """Back to a draft: the figures follow the data again, except the corrections made with a
    reason; the request is cleared."""
    form.cells.filter(reason="").delete()
    form.status = MonthlyForm.Status.DRAFT
    form.submitted_at, form.submitted_by, form.channel, form.channel_note = None, None, "", ""
    form.totals = {}
    form.reopen_reason, form.reopen_requested_at, form.reopen_requested_by = "", None, None
    form.save()
    timeline.record(form, "publicity.form.reopened", actor=actor, note=note)
    return form
