"""Intake: leads from every source (one service for all), one-time form tokens, withdrawal, and
the intake sweep.

Every function here is the only way its change happens. Each locks what it changes, checks the
rule, records a timeline entry and is safe to call twice.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, timeline
from core.errors import ApplicationError, required
from core.images import CleanImage, CleanOriginal
from reports import events, receipts
from reports.models import (
    Attachment,
    CaseNumberCounter,
    Category,
    FormSubmission,
    IntakePoint,
    Report,
    Reporter,
)
from reports.notifications import (
    tell_office_of_new_report,
)
from reports.search import report_index
from reports.selectors import pending_photos
from reports.services.dates import acceptance_due_for, acceptance_policy
from reports.services.files import _delete_files, original_store, photo_attach
from reports.services.transitions import check_transition
from units import permissions
from units.models import ConfidentialSource, Enterprise, Informant, Unit
from units.permissions import Perm

Status = Report.Status
Visibility = timeline.Visibility


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


# The case's links to rows its caller has already read (``report_create`` skips their checks).
_READ_LINKS = (
    "category",
    "village",
    "township",
    "enterprise",
    "intake_point",
    "received_by_unit",
    "created_by",
)


def token_key(token: str) -> str:
    """What the database keeps of a form's one-time token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _next_case_number(day: date) -> str:
    # One statement (PostgreSQL and SQLite both have upserts that return): the day's row stays
    # locked until the commit, so two intakes never share a number.
    quote = connection.ops.quote_name
    table, day_column, last = (
        quote(CaseNumberCounter._meta.db_table),
        quote("day"),
        quote("last"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({day_column}, {last}) VALUES (%s, 1) "  # noqa: S608 - quoted names
            f"ON CONFLICT ({day_column}) DO UPDATE SET {last} = {table}.{last} + 1 "
            f"RETURNING {last}",
            [connection.ops.adapt_datefield_value(day)],
        )
        number = cursor.fetchone()[0]
    return f"JB{day:%Y%m%d}-{number:04d}"


def holding_office(actor, township: Unit) -> Unit:
    """The office a lead registered by ``actor`` stays with: the township of its place, unless
    the actor is the office of a district (or city) above it and not of the township itself,
    whose lead stays with that office until it assigns it (交办) or transfers it itself."""
    if permissions.everywhere(actor, Perm.TRIAGE):
        return township
    offices = [unit for unit, _scope in permissions.reach(actor, Perm.TRIAGE)]
    if any(unit.path.startswith(township.path) for unit in offices):
        return township
    above = [u for u in offices if u.kind in Unit.TOP_KINDS and township.path.startswith(u.path)]
    return max(above, key=lambda u: u.depth) if above else township


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
    submission_key: str = "",
    actor=None,
) -> Intake:
    """Register a lead from any source as a case awaiting acceptance.

    Every source makes the same kind of case: a case number, the acceptance deadline in working
    days, reporters sealed apart, photos, and a public "received" step on the timeline. Citizens,
    the office and units get a receipt code (returned once, stored only hashed); upstream tickets
    get none and may be registered only once per number.

    ``submission_key`` (a form's token key) records the case as that form's submission in the
    same transaction (see ``report_submit_once``).

    Raises ApplicationError when the place is not a village or community under a township, or
    when an upstream ticket is already registered.
    """
    if not village.is_place:
        raise ApplicationError(_("Choose the village or community where the problem is."))
    township = village.township()
    if township is None:
        raise ApplicationError(_("This village is not under a township; ask an administrator."))
    township = holding_office(actor, township) if actor is not None else township
    if received_by_unit is not None and received_by_unit.kind == Unit.Kind.DEPARTMENT:
        # A tip a district department took itself goes to its district's office, which
        # assigns it to the township or keeps it.
        township = required(received_by_unit.parent, "a department sits under its district")
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
    # The slow hash is the one deliberate cost of intake: computed before the transaction, so
    # that no lock (the day's case-number counter above all) is held while it runs.
    receipt_hash = receipts.hash_code(code) if code else None
    policy = acceptance_policy()  # kept on the case: a change of the holiday table recounts it
    with transaction.atomic():
        report = Report(
            receipt_hash=receipt_hash,
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
            # The related rows were just read: checking that they exist would cost a query each.
            exclude=["number", "receipt_hash", *_READ_LINKS],
            validate_unique=False,
            validate_constraints=False,
        )
        # Last before the insert: the counter's row stays locked until the commit.
        report.number = _next_case_number(calendar.local_date(now))
        report.save()
        report_index(report)  # the blind index of what was typed (reports/search.py)
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
        if submission_key:
            FormSubmission.objects.create(
                token_hash=submission_key, report=report, receipt_copy=code or ""
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
    submitted = FormSubmission.objects.select_related("report").filter(token_hash=key)
    if submitted.exists():  # a cheap query on the usual path: a form submitted once
        return _replay(submitted.get())
    try:
        intake = report_create(pending_key=key, submission_key=key, **fields)
    except IntegrityError:
        # Race condition: the same token arrived twice at once and the other request won.
        existing = submitted.first()
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
