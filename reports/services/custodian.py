"""The custodian's steps: unsealing a reporter (with a reason, audited) and reissuing a lost
receipt code (limited tries, every try recorded, the reporter told)."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core import calendar, crypto, timeline
from core.errors import ApplicationError
from core.validators import normalise_id_number, normalise_name, normalise_phone
from reports import receipts
from reports.models import (
    FormSubmission,
    ReceiptReissueAttempt,
    Report,
)
from reports.notifications import (
    tell_reporters_of_new_code,
)
from reports.services.access import _require_custodian

Visibility = timeline.Visibility


@dataclass(frozen=True)
class UnsealedReporter:
    position: int
    anonymous: bool
    name: str
    phone: str
    id_number: str
    declaration: str
    informant: str
    confidential_source: str


def reporter_unseal(*, report: Report, actor, reason: str) -> list[UnsealedReporter]:
    """Show a case's reporters to an identity custodian, recording who, when and why.

    Raises ApplicationError unless the actor is an identity custodian of the case's township
    (administrators are not) and gives a reason.
    """
    _require_custodian(actor, report)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ApplicationError(_("Give the reason for unsealing (at least 4 characters)."))
    reporters = list(
        report.reporters.select_related("informant", "confidential_source").order_by("position")
    )
    timeline.record(
        report,
        "reports.reporter.unsealed",
        actor=actor,
        visibility=Visibility.OFFICE,
        note=reason,
        data={"reporters": len(reporters)},
    )
    return [
        UnsealedReporter(
            position=r.position,
            anonymous=r.anonymous,
            name=r.name,
            phone=r.phone,
            id_number=r.id_number,
            declaration=r.get_declaration_display(),
            informant=str(r.informant or ""),
            confidential_source=str(r.confidential_source or ""),
        )
        for r in reporters
    ]


REISSUE_REFUSALS = {
    ReceiptReissueAttempt.Outcome.LIMIT: lambda n: (
        _(
            "No tries left today: a new code for this case may be tried at most %(n)s times a day, "
            "failed tries included. Try again tomorrow."
        )
        % {"n": n}
    ),
    ReceiptReissueAttempt.Outcome.ANONYMOUS: lambda n: _(
        "This report was made anonymously: its receipt code cannot be reissued, because nobody "
        "can prove that it is theirs. The reporter may report again, or with their name."
    ),
    ReceiptReissueAttempt.Outcome.MISMATCH: lambda n: _(
        "The name and ID number (or phone, if no ID number was given) do not match a real-name "
        "reporter of this case. The try is recorded."
    ),
}


def receipt_reissue(
    *, report: Report, actor, reason: str, name: str, id_number: str = "", phone: str = ""
) -> str:
    """Issue a new receipt code to a real-name reporter who lost theirs; the old code stops
    working at once (also in an open /track/ session and a form's replay copy). Returns the
    new code, to be shown once to the custodian to hand over; it is stored only hashed.

    The identity custodian of the case's township does it, with a reason. The person's name
    must match a real-name reporter of the case, with the ID number when one is on file,
    otherwise the phone; all three are compared by blind index, so nothing is unsealed.

    Every try that checks an identity is recorded (a ``ReceiptReissueAttempt`` and an office
    timeline entry), the refused ones too: the identity does not match, the report is
    anonymous, or the case has had ``RECEIPT_REISSUE_TRIES_PER_DAY`` tries this Shanghai day
    (the refused ones count). Side effect: every reporter of the case with a phone is told by
    text message that a new code was issued (never the code itself).

    Raises ApplicationError, before anything is recorded, for anyone but the custodian, without
    a reason, without a name and an ID number or phone to check, or for a ticket from above;
    then, after recording the try, for each refusal above. Deliberate quirks: the try is kept
    because it is written before the refusal is raised, so a caller must not roll back its own
    transaction on that error (the views catch it and render); and a second call is a second
    try with a second code (a new secret cannot be replayed), the last one shown being valid.
    """
    _require_custodian(actor, report)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ApplicationError(
            _("Give the reason for the reissue (at least 4 characters), e.g. who asked and how.")
        )
    if report.source == Report.Source.UPSTREAM:
        raise ApplicationError(_("A ticket assigned from above has no receipt code."))
    name_index = crypto.blind_index("name", normalise_name(name))
    id_index = crypto.blind_index("id_number", normalise_id_number(id_number))
    phone_index = crypto.blind_index("phone", normalise_phone(phone))
    if not name_index or not (id_index or phone_index):
        raise ApplicationError(
            _(
                "Enter the name and the ID number the person gives (the phone number only if "
                "they gave no ID number when reporting)."
            )
        )
    code = receipts.generate()
    limit = settings.RECEIPT_REISSUE_TRIES_PER_DAY
    Outcome = ReceiptReissueAttempt.Outcome
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("township").get(pk=report.pk)
        today = calendar.local_date()
        tries = ReceiptReissueAttempt.objects.filter(report=locked, day=today).count()
        # With the ID number on file it must be the one given; without, the phone.
        proof = Q(pk__in=[])
        if id_index:
            proof |= Q(id_number_index=id_index)
        if phone_index:
            proof |= Q(id_number_index="", phone_index=phone_index)
        real_name = locked.reporters.filter(anonymous=False)
        if tries >= limit:
            outcome = Outcome.LIMIT
        elif not real_name.exists():
            outcome = Outcome.ANONYMOUS
        elif not real_name.filter(proof, name_index=name_index).exists():
            outcome = Outcome.MISMATCH
        else:
            outcome = Outcome.ISSUED
        told = 0
        if outcome == Outcome.ISSUED:
            locked.receipt_hash = receipts.hash_code(code)
            locked.save(update_fields=["receipt_hash"])
            # A resubmitted form would otherwise show the old code again.
            FormSubmission.objects.filter(report=locked).update(receipt_copy="")
            told = tell_reporters_of_new_code(locked)
        attempt = ReceiptReissueAttempt.objects.create(
            report=locked,
            actor=actor,
            day=today,
            outcome=outcome,
            reason=reason,
            reporters_told=told,
        )
        timeline.record(
            locked,
            "reports.receipt.reissued"
            if outcome == Outcome.ISSUED
            else "reports.receipt.reissue_refused",
            actor=actor,
            visibility=Visibility.OFFICE,
            data={"attempt": attempt.pk, "outcome": outcome, "try_today": tries + 1, "told": told},
        )
    if outcome != Outcome.ISSUED:
        raise ApplicationError(REISSUE_REFUSALS[outcome](limit))
    return code
