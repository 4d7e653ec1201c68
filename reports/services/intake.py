"""Intake: leads from every source, staged photos, withdrawal before acceptance, messages,
unsealing, receipt codes, QR scans and the intake sweep.

Every function here is the only way its change happens. Each locks what it changes, checks the
rule, records a timeline entry and is safe to call twice.
"""

import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, crypto, timeline
from core.errors import ApplicationError
from core.images import CleanImage, CleanOriginal
from core.validators import normalise_id_number, normalise_name, normalise_phone
from reports import events, receipts
from reports.models import (
    ALLOWED_TRANSITIONS,
    Attachment,
    CaseNumberCounter,
    Category,
    FormSubmission,
    IntakePoint,
    IntakePointScanDay,
    Message,
    ReceiptReissueAttempt,
    Report,
    Reporter,
)
from reports.notifications import (
    tell_office_of_new_report,
    tell_reporters,
    tell_reporters_of_new_code,
)
from reports.selectors import pending_photos
from reports.services.access import _require_custodian, _require_office
from reports.services.dates import acceptance_due_for, acceptance_policy
from units.models import ConfidentialSource, Enterprise, Informant, Unit

logger = logging.getLogger(__name__)

Status = Report.Status
Visibility = timeline.Visibility


def check_transition(report: Report, target: str, *, sources: Iterable[str] = ()) -> None:
    """Raise ApplicationError unless ``report`` may move to ``target`` (ALLOWED_TRANSITIONS)
    and, when ``sources`` is given, stands in one of those statuses: several steps reach the
    same target from different statuses (accepting a lead and rerouting a returned case both
    transfer it; a unit's acknowledgement, the office sending a conclusion back and an upheld
    objection all lead to investigation), and each step moves a case only from its own."""
    allowed = target in ALLOWED_TRANSITIONS.get(report.status, frozenset())
    if not allowed or (sources and report.status not in sources):
        raise ApplicationError(
            _("A case that is “%(status)s” cannot be changed this way.")
            % {"status": report.get_status_display()}
        )


@dataclass
class ReporterInput:
    """Who made a report, as typed in a form. Empty identity means anonymous."""

    name: str = ""
    phone: str = ""
    id_number: str = ""
    declaration: str = Reporter.Declaration.UNKNOWN
    informant: Informant | None = None
    confidential_source: ConfidentialSource | None = None


@dataclass
class Intake:
    """The outcome of an intake: the case and its receipt code, shown once (None for upstream
    tickets, and for a replayed submission whose stored copy has expired)."""

    report: Report
    receipt_code: str | None
    replayed: bool = False
    photos: list[Attachment] = field(default_factory=list)


def token_key(token: str) -> str:
    """What the database keeps of a form's one-time token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _next_case_number(day: date) -> str:
    # The UPDATE holds the row lock until commit, so two intakes never share a number.
    CaseNumberCounter.objects.bulk_create([CaseNumberCounter(day=day)], ignore_conflicts=True)
    CaseNumberCounter.objects.filter(day=day).update(last=F("last") + 1)
    last = CaseNumberCounter.objects.filter(day=day).values_list("last", flat=True).get()
    return f"JB{day:%Y%m%d}-{last:04d}"


def photo_attach(
    clean: CleanImage, *, report: Report | None, pending_key: str = "", uploaded_by=None
) -> Attachment:
    attachment = Attachment(
        report=report,
        pending_key=pending_key,
        kind=Attachment.Kind.PHOTO,
        content_type="image/jpeg",
        size=len(clean.content),
        width=clean.width,
        height=clean.height,
        uploaded_by=uploaded_by,
    )
    attachment.file.save("photo.jpg", ContentFile(clean.content), save=False)
    attachment.thumbnail.save("thumb.jpg", ContentFile(clean.thumbnail), save=False)
    attachment.save()
    return attachment


def photo_stage(*, pending_key: str, clean: CleanImage) -> Attachment:
    """Keep a checked photo for a form that is not submitted yet (so a form error loses
    nothing). Raises ApplicationError past the per-report limit."""
    if pending_photos(pending_key).count() >= settings.MAX_PHOTOS_PER_REPORT:
        raise ApplicationError(
            _("At most %(n)s photos can be attached.") % {"n": settings.MAX_PHOTOS_PER_REPORT}
        )
    return photo_attach(clean, report=None, pending_key=pending_key)


def photo_unstage(*, pending_key: str, ids: Iterable[int]) -> int:
    doomed = list(pending_photos(pending_key).filter(pk__in=list(ids)))
    for attachment in doomed:
        _delete_files(attachment)
        attachment.delete()
    return len(doomed)


def photo_rekey(*, old_key: str, new_key: str) -> int:
    """Move photos staged under a form token to a fresh token (the old one was refused)."""
    return pending_photos(old_key).update(pending_key=new_key)


def _delete_files(attachment: Attachment) -> None:
    for f in (attachment.file, attachment.thumbnail):
        if f:
            f.storage.delete(f.name)


def original_store(*, report: Report, clean: CleanOriginal, uploaded_by=None) -> Attachment:
    """Keep a scanned original (letter, slip) of a case for the safety office."""
    attachment = Attachment(
        report=report,
        kind=Attachment.Kind.ORIGINAL,
        content_type=clean.content_type,
        size=len(clean.content),
        uploaded_by=uploaded_by,
    )
    extension = "pdf" if clean.content_type == "application/pdf" else "jpg"
    attachment.file.save(f"original.{extension}", ContentFile(clean.content), save=False)
    if clean.image:
        attachment.width, attachment.height = clean.image.width, clean.image.height
        attachment.thumbnail.save("thumb.jpg", ContentFile(clean.image.thumbnail), save=False)
    attachment.save()
    return attachment


def attachments_store(report: Report, files: Iterable, *, kind: str, actor) -> list[Attachment]:
    """Keep files of a case as ``kind`` (evidence, before/after, signed slip): photos cleaned,
    other files as checked originals."""
    stored = []
    for clean in files:
        if isinstance(clean, CleanImage):
            attachment = photo_attach(clean, report=report, uploaded_by=actor)
        else:
            attachment = original_store(report=report, clean=clean, uploaded_by=actor)
        Attachment.objects.filter(pk=attachment.pk).update(kind=kind)
        attachment.kind = kind
        stored.append(attachment)
    return stored


def report_create(
    *,
    source: str,
    channel: str,
    category: Category,
    description: str,
    village: Unit,
    address: str,
    reporters: list[ReporterInput],
    enterprise: Enterprise | None = None,
    enterprise_name: str = "",
    seen_on: date | None = None,
    intake_point: IntakePoint | None = None,
    received_at: datetime | None = None,
    received_by_unit: Unit | None = None,
    upstream_body: str = "",
    external_number: str = "",
    upstream_deadline: date | None = None,
    photos: Iterable[CleanImage] = (),
    originals: Iterable[CleanOriginal] = (),
    pending_key: str = "",
    actor=None,
) -> Intake:
    """Register a lead from any source as a case awaiting acceptance.

    Every source makes the same kind of case: a case number, the acceptance deadline in working
    days, reporters sealed apart, photos, and a public "received" step on the timeline. Citizens,
    the office and units get a receipt code (returned once, stored only hashed); upstream tickets
    get none and may be registered only once per number.

    Raises ApplicationError when the place is not a village or community under a township, or
    when an upstream ticket is already registered.
    """
    if not village.is_place:
        raise ApplicationError(_("Choose the village or community where the problem is."))
    township = village.township()
    if township is None:
        raise ApplicationError(_("This village is not under a township; ask an administrator."))
    if source == Report.Source.UPSTREAM:
        existing = Report.objects.filter(
            source=source, channel=channel, external_number=external_number
        ).first()
        if existing:
            raise ApplicationError(
                _("This ticket is already registered as case %(number)s.")
                % {"number": existing.number}
            )

    now = timezone.now()
    received_at = received_at or now
    if received_at > now + timedelta(minutes=5):
        raise ApplicationError(_("The time received cannot be in the future."))
    code = None if source == Report.Source.UPSTREAM else receipts.generate()
    policy = acceptance_policy()  # kept on the case: a change of the holiday table recounts it
    with transaction.atomic():
        report = Report(
            number=_next_case_number(calendar.local_date(now)),
            receipt_hash=receipts.hash_code(code) if code else None,
            source=source,
            channel=channel,
            category=category,
            description=description.strip(),
            village=village,
            address=address.strip(),
            enterprise=enterprise,
            enterprise_name=(enterprise_name or (enterprise.name if enterprise else "")).strip(),
            seen_on=seen_on,
            intake_point=intake_point,
            township=township,
            received_by_unit=received_by_unit,
            received_at=received_at,
            created_at=now,
            created_by=actor,
            acceptance_due=acceptance_due_for(calendar.local_date(received_at), policy),
            due_policy=policy,
            upstream_body=upstream_body.strip(),
            external_number=external_number.strip(),
            upstream_deadline=upstream_deadline,
        )
        report.full_clean(
            exclude=["number", "receipt_hash"], validate_unique=False, validate_constraints=False
        )
        report.save()
        if not reporters and source != Report.Source.UPSTREAM:
            reporters = [ReporterInput()]  # every lead of our own has a (maybe anonymous) reporter
        for position, person in enumerate(reporters, start=1):
            reporter = Reporter(
                report=report,
                position=position,
                declaration=person.declaration,
                informant=person.informant,
                confidential_source=person.confidential_source,
            )
            reporter.set_identity(name=person.name, phone=person.phone, id_number=person.id_number)
            reporter.save()
        attached = []
        if pending_key:
            staged = list(pending_photos(pending_key)[: settings.MAX_PHOTOS_PER_REPORT])
            Attachment.objects.filter(pk__in=[a.pk for a in staged]).update(
                report=report, pending_key=""
            )
            attached.extend(staged)
        for clean in photos:
            attached.append(photo_attach(clean, report=report, uploaded_by=actor))
        for original in originals:
            original_store(report=report, clean=original, uploaded_by=actor)
        action = (
            "reports.report.submitted"
            if source == Report.Source.CITIZEN
            else "reports.report.registered"
        )
        tell_office_of_new_report(report, actor=actor)
        timeline.record(
            report,
            action,
            actor=actor,
            actor_label="" if actor else _("Reporter"),
            visibility=Visibility.PUBLIC,
            data={
                "source": source,
                "channel": channel,
                "photos": len(attached),
                "originals": len(list(originals)),
            },
        )
    return Intake(report=report, receipt_code=code, photos=attached)


def _replay(submission: FormSubmission) -> Intake:
    fresh = timezone.now() - submission.created_at < timedelta(
        seconds=settings.RECEIPT_REPLAY_SECONDS
    )
    code = submission.receipt_copy if fresh and submission.receipt_copy else None
    return Intake(report=submission.report, receipt_code=code, replayed=True)


def report_submit_once(*, token: str, **fields) -> Intake:
    """Register a lead from a form, made idempotent by the form's one-time token.

    The first submission creates the case (see ``report_create``); a resubmission with the same
    token (a response lost on a weak network, a double tap) returns the same case and, within
    ``RECEIPT_REPLAY_SECONDS``, the same receipt code from its encrypted copy. Photos staged
    under the token are attached.
    """
    key = token_key(token)
    existing = FormSubmission.objects.select_related("report").filter(token_hash=key).first()
    if existing:
        return _replay(existing)
    try:
        with transaction.atomic():
            intake = report_create(pending_key=key, **fields)
            FormSubmission.objects.create(
                token_hash=key, report=intake.report, receipt_copy=intake.receipt_code or ""
            )
    except IntegrityError:
        # Race condition: the same token arrived twice at once and the other request won.
        existing = FormSubmission.objects.select_related("report").filter(token_hash=key).first()
        if existing is None:
            raise
        return _replay(existing)
    return intake


def report_withdraw(*, report: Report) -> Report:
    """The reporter withdraws. Before acceptance the case ends there. After acceptance the
    investigation goes on (线索必查); only the reply and the reward are waived.

    Safe to repeat. Raises ApplicationError for a case already finished.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status == Status.WITHDRAWN or report.reply_waived:
            return report
        if report.status == Status.SUBMITTED:
            check_transition(report, Status.WITHDRAWN)
            report.status = Status.WITHDRAWN
            report.save(update_fields=["status"])
            action = "reports.report.withdrawn"
        elif report.status in (*Report.RUNNING_STATUSES, Status.CONCLUDED):
            report.reply_waived = True
            report.save(update_fields=["reply_waived"])
            action = "reports.report.withdrawn_after_acceptance"
            events.case_withdrawn.send(report.pk)
        else:
            raise ApplicationError(
                _("A case that is “%(status)s” cannot be withdrawn.")
                % {"status": report.get_status_display()}
            )
        timeline.record(report, action, actor_label=_("Reporter"), visibility=Visibility.PUBLIC)
    return report


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_("Write a message first."))
    if len(body) > 1000:
        raise ApplicationError(_("A message can have at most 1000 characters."))
    return body


def message_from_reporter(*, report: Report, body: str) -> Message:
    """A message the reporter writes on /track/. Only the safety office reads it."""
    message = Message.objects.create(
        report=report, direction=Message.Direction.FROM_REPORTER, body=_clean_body(body)
    )
    timeline.record(
        report,
        "reports.message.received",
        actor_label=_("Reporter"),
        visibility=Visibility.OFFICE,
        data={"message": message.pk},
    )
    return message


def message_to_reporter(*, report: Report, body: str, actor) -> Message:
    """The safety office answers the reporter; the reporter reads it on /track/."""
    _require_office(actor, report)
    message = Message.objects.create(
        report=report,
        direction=Message.Direction.TO_REPORTER,
        body=_clean_body(body),
        author=actor,
    )
    tell_reporters(report, "case_message")
    timeline.record(
        report,
        "reports.message.sent",
        actor=actor,
        visibility=Visibility.OFFICE,
        data={"message": message.pk},
    )
    return message


def messages_mark_read(*, report: Report, direction: str) -> int:
    return Message.objects.filter(report=report, direction=direction, read_at__isnull=True).update(
        read_at=timezone.now()
    )


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


INTAKE_POINT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read off posters


def intake_point_save(*, point: IntakePoint) -> IntakePoint:
    """Save an intake point, giving a new one its short code (6 characters, unique)."""
    if not point.code:
        while True:
            code = "".join(secrets.choice(INTAKE_POINT_ALPHABET) for _ in range(6))
            if not IntakePoint.objects.filter(code=code).exists():
                point.code = code
                break
    point.full_clean()
    point.save()
    return point


def intake_point_scan(*, point: IntakePoint) -> None:
    """Count one scan of a QR code, on today's roll-up row."""
    day = calendar.local_date()
    IntakePointScanDay.objects.bulk_create(
        [IntakePointScanDay(point=point, date=day, count=0)], ignore_conflicts=True
    )
    IntakePointScanDay.objects.filter(point=point, date=day).update(count=F("count") + 1)


def intake_sweep(*, batch_size: int = 500) -> dict[str, int]:
    """Forget what intake keeps only for a while, in batches; safe to run at any time.

    - the encrypted receipt copies older than ``RECEIPT_REPLAY_SECONDS``;
    - photos staged by forms that were never submitted, after a day;
    - expired sessions (Django leaves them in the table, where they are readable).
    """
    now = timezone.now()
    cleared = 0
    cutoff = now - timedelta(seconds=settings.RECEIPT_REPLAY_SECONDS)
    while True:
        ids = list(
            FormSubmission.objects.filter(created_at__lt=cutoff)
            .exclude(receipt_copy="")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        cleared += FormSubmission.objects.filter(pk__in=ids).update(receipt_copy="")
    removed = 0
    stale = now - timedelta(days=1)
    while True:
        batch = list(
            Attachment.objects.filter(report__isnull=True, created_at__lt=stale)[:batch_size]
        )
        if not batch:
            break
        for attachment in batch:
            _delete_files(attachment)
        removed += Attachment.objects.filter(pk__in=[a.pk for a in batch]).delete()[0]
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return {"receipt_copies_cleared": cleared, "staged_photos_removed": removed}
