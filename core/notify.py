"""Notifications: the in-app inbox, e-mail, text messages and group-robot webhooks
(posted by ``core.robots``).

Services call :func:`notify` (staff) or :func:`notify_phone` (a reporter) inside their own
transaction. Inbox notices are plain rows. Anything that leaves the portal is an
``OutboxMessage`` row written in that same transaction; on commit a task delivers it at once,
and :func:`outbox_sweep` delivers whatever is still pending (Redis was down, a worker died, a
gateway failed). The database row is the truth: a message is lost only if its cause is.

Texts carry only a case number, a date and a link; never reporter data or a receipt code.
Chinese text-message gateways send only pre-approved templates, so an SMS is a template code
and parameters; ``SMS_BACKEND`` chooses the gateway (the console backend logs).
"""

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import Notice, NotificationPreference, OutboxMessage
from core.redaction import mask_phone, redact

logger = logging.getLogger(__name__)
Channel = OutboxMessage.Channel


def absolute(link: str) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{link}" if link.startswith("/") else link


# ------------------------------------------------------------------------------
# Writing notifications (inside the caller's transaction)
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Message:
    """One thing to tell some staff (and group robots)."""

    users: Iterable
    template: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)
    link: str = ""
    webhooks: Iterable[str] = ()
    # The piece of work the notice asks for ("report:12:sign"): done, it clears for everyone.
    subject: str = ""


def notify(
    *,
    users: Iterable,
    template: str,
    text: str,
    params: dict[str, Any] | None = None,
    link: str = "",
    webhooks: Iterable[str] = (),
    subject: str = "",
) -> list[OutboxMessage]:
    """Tell staff: an inbox notice each, and e-mail or text message where they chose it; post
    to group-robot webhooks. Returns the outbox rows, delivered after the transaction commits."""
    return notify_many(
        [
            Message(
                users=users,
                template=template,
                text=text,
                params=params or {},
                link=link,
                webhooks=webhooks,
                subject=subject,
            )
        ]
    )


def notify_many(messages: Iterable[Message]) -> list[OutboxMessage]:
    """Several ``notify`` calls at the cost of one: three queries whatever their number."""
    messages = list(messages)
    people = {u.pk: u for m in messages for u in m.users}
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=list(people))}
    notices, rows = [], []
    for m in messages:
        full_text = f"{m.text} {absolute(m.link)}".strip()
        for user in {u.pk: u for u in m.users}.values():
            notices.append(Notice(recipient=user, text=m.text, link=m.link, subject=m.subject))
            pref = prefs.get(user.pk)
            if user.email and (pref is None or pref.by_email):
                rows.append(_row(Channel.EMAIL, user.email, m.template, m.params, full_text))
            if pref and pref.by_sms and pref.phone:
                rows.append(_row(Channel.SMS, pref.phone, m.template, m.params, full_text))
        rows.extend(
            _row(Channel.WEBHOOK, url, m.template, m.params, full_text) for url in m.webhooks if url
        )
    Notice.objects.bulk_create(notices)
    return queue(rows)


def notify_phone(*, phone: str, template: str, text: str, params: dict[str, Any]) -> None:
    """A text message to a reporter who left a phone number."""
    if phone:
        queue([_row(Channel.SMS, phone, template, params, text)])


def _row(channel: str, address: str, template: str, params: dict, text: str) -> OutboxMessage:
    subject = text.split("：", 1)[0][:150] if channel == Channel.EMAIL else ""
    return OutboxMessage(
        channel=channel,
        address=address,
        template=template,
        params=params,
        subject=subject,
        text=text,
    )


def queue(rows: list[OutboxMessage]) -> list[OutboxMessage]:
    """Save outbox rows and have them delivered once the transaction commits."""
    if not rows:
        return []
    saved = OutboxMessage.objects.bulk_create(rows)  # PostgreSQL and SQLite return the keys
    ids = [r.pk for r in saved]
    transaction.on_commit(lambda: _dispatch(ids), robust=True)
    return saved


def _dispatch(ids: list[int]) -> None:
    """Hand the rows to a worker. If the broker is down this fails within a second, is logged by
    ``on_commit(robust=True)``, and the sweep sends the rows later: never an error for the user."""
    from core.tasks import outbox_deliver

    outbox_deliver.delay(ids)


# ------------------------------------------------------------------------------
# Channels
# ------------------------------------------------------------------------------
class SmsBackend(Protocol):
    def send(self, phone: str, template_code: str, params: dict[str, Any]) -> None: ...


class ConsoleSmsBackend:
    """Logs text messages (development); only the last 4 digits of the phone are logged."""

    def send(self, phone: str, template_code: str, params: dict[str, Any]) -> None:
        logger.info("SMS to %s: template %s %s", mask_phone(phone), template_code, params)


class FileSmsBackend:
    """Appends one line per text message to ``SMS_FILE_PATH`` (development, and tests that
    watch a worker in another process). A log file like any other: the phone is masked."""

    def send(self, phone: str, template_code: str, params: dict[str, Any]) -> None:
        line = json.dumps([mask_phone(phone), template_code, params], ensure_ascii=False)
        with open(settings.SMS_FILE_PATH, "a", encoding="utf-8") as f:
            f.write(line + "\n")


class LocmemSmsBackend:
    """Keeps text messages in ``LocmemSmsBackend.outbox`` (tests)."""

    outbox: list[tuple[str, str, dict]] = []

    def send(self, phone: str, template_code: str, params: dict[str, Any]) -> None:
        self.outbox.append((phone, template_code, params))


def _send_sms(message: OutboxMessage) -> None:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    code = settings.SMS_TEMPLATE_IDS.get(message.template, message.template)
    backend.send(message.address, code, message.params)


def _send_email(message: OutboxMessage) -> None:
    send_mail(message.subject or message.text[:60], message.text, None, [message.address])


# Group robots are posted to by core.robots, which merges and paces them per robot.
SENDERS = {Channel.EMAIL: _send_email, Channel.SMS: _send_sms}


# ------------------------------------------------------------------------------
# Delivery (workers and the sweep)
# ------------------------------------------------------------------------------
def outbox_deliver(ids: Iterable[int]) -> int:
    """Deliver the given pending rows that are due; returns how many were sent.

    Each row is locked (others skip it), sent, and marked; a failure is recorded with a
    growing delay before the next attempt (:func:`record_failure`). Safe to call twice: a sent
    row is never sent again. Group-robot rows go to ``core.robots``, which also sends what else
    waits for the same robots, within their per-minute limit.
    """
    from core import robots

    ids = list(ids)
    sent = robots.deliver(ids, record_failure)
    for pk in ids:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(
                    pk=pk, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now()
                )
                .exclude(channel=Channel.WEBHOOK)
                .first()
            )
            if message is None:
                continue
            try:
                SENDERS[message.channel](message)
            except Exception as exc:  # any gateway failure is retried later, then marked failed
                record_failure(message, exc)
                continue
            message.status, message.sent_at = OutboxMessage.Status.SENT, timezone.now()
            message.attempts += 1
            message.save(update_fields=["status", "sent_at", "attempts"])
            sent += 1
    return sent


def record_failure(message: OutboxMessage, exc: Exception) -> None:
    """One failed attempt: the error on the row, and a growing delay before the next one;
    after ``OUTBOX_MAX_ATTEMPTS`` the row is marked failed, visible in the admin."""
    message.attempts += 1
    # Gateways repeat the number in their errors: the row and the log get it masked.
    known = [message.address] if message.channel == Channel.SMS else []
    message.last_error = redact(f"{exc.__class__.__name__}: {exc}", known=known)[:300]
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        message.status = OutboxMessage.Status.FAILED
        logger.error("Outbox message %s failed for good: %s", message.pk, message.last_error)
    else:
        delay = min(2**message.attempts, 60)
        message.next_attempt_at = timezone.now() + timedelta(minutes=delay)
    message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def outbox_sweep(*, batch_size: int = 200) -> int:
    """Deliver every pending row that is due, in batches; returns how many were sent."""
    from core import robots

    sent = robots.sweep(record_failure)
    last = 0
    while True:
        ids = list(
            OutboxMessage.objects.filter(
                status=OutboxMessage.Status.PENDING,
                next_attempt_at__lte=timezone.now(),
                pk__gt=last,
            )
            .exclude(channel=Channel.WEBHOOK)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return sent
        sent += outbox_deliver(ids)
        last = ids[-1]


# ------------------------------------------------------------------------------
# The inbox
# ------------------------------------------------------------------------------
def unread_count(user) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def notices_done(*subjects: str) -> int:
    """The work these notices asked for is done (by whoever did it): they leave every inbox.
    One query; safe to call twice."""
    subjects = tuple(s for s in subjects if s)
    if not subjects:
        return 0
    return Notice.objects.filter(subject__in=subjects, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notices_opened(*, user, links: Iterable[str]) -> int:
    """The person opened the page (any of ``links``) where some work they were told of waits:
    those notices to them are read (notices with no piece of work stay until read in the
    inbox). One query."""
    links = [link for link in links if link]
    if not getattr(user, "is_authenticated", False) or not links:
        return 0
    return (
        Notice.objects.filter(recipient=user, link__in=links, read_at__isnull=True)
        .exclude(subject="")
        .update(read_at=timezone.now())
    )


def notices_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    notices = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=list(ids))
    return notices.update(read_at=timezone.now())


def preference_for(user) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference
