"""The monthly form: corrections with a reason, submission that freezes it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, timeline
from core.errors import ApplicationError
from publicity import selectors
from publicity.models import (
    FormCell,
    FormColumn,
    MonthlyForm,
)
from publicity.periods import Period, form_period
from units import permissions
from units.models import Unit
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
    return form
