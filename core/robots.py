"""Group robots (企业微信 and 钉钉 webhooks): posting, reading their answer, signing, and
staying under their per-minute limit.

- **Answers.** Both robots answer HTTP 200 and say in the JSON body whether the message went
  out: ``{"errcode": 0, "errmsg": "ok"}`` is success, any other ``errcode`` (310000 signature
  mismatch, 130101 / 45009 too many messages …) is a failure, recorded on the outbox row and
  retried like any failed delivery. A 200 from the robots' own hosts without ``errcode`` 0 is a
  failure too. Other hosts are plain webhooks (a relay the operator runs): any 2xx answer
  without a non-zero ``errcode`` counts as delivered, as it always did.
- **加签.** A unit's ``robot_secret`` (units register :func:`provide_secrets`) is looked up at
  each post and turned into DingTalk's ``timestamp`` and ``sign`` parameters
  (:func:`signed_url`); the outbox row keeps the plain address and never the secret, and
  nothing here logs either.
- **Per-minute limit.** Each robot takes ``WEBHOOK_PER_MINUTE`` messages a minute (20). The
  posts of the last minute are counted in ``core.RobotWindow``, one locked row per robot, so
  every worker process shares the count. When more messages wait for a robot than the minute
  has room for, several are merged into one numbered list of at most
  ``WEBHOOK_MESSAGE_MAX_BYTES``; what still does not fit waits for the next minute. Nothing
  is dropped.
"""

import base64
import hashlib
import hmac
import json
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import crypto
from core.models import OutboxMessage, RobotWindow

WINDOW_SECONDS = 60
# The robots' own hosts always answer JSON with an errcode.
ROBOT_HOSTS = ("qyapi.weixin.qq.com", "oapi.dingtalk.com")
_secret_lookups: list[Callable[[str], str]] = []


class RobotError(Exception):
    """The robot refused the message (HTTP 200 with a non-zero errcode)."""


# ------------------------------------------------------------------------------
# Signing (钉钉 加签)
# ------------------------------------------------------------------------------
def provide_secrets(lookup: Callable[[str], str]) -> None:
    """Register ``lookup(webhook address) -> secret or ""`` (units do, at start-up)."""
    if lookup not in _secret_lookups:
        _secret_lookups.append(lookup)


def secret_for(address: str) -> str:
    for lookup in _secret_lookups:
        if secret := lookup(address):
            return secret
    return ""


def signed_url(address: str, secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature: HMAC-SHA256 of ``"<timestamp>\\n<secret>"`` keyed by the secret,
    Base64, URL-encoded; the timestamp (milliseconds) and the signature join the address."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    joiner = "&" if urllib.parse.urlsplit(address).query else "?"
    return f"{address}{joiner}timestamp={timestamp_ms}&sign={sign}"


# ------------------------------------------------------------------------------
# One post
# ------------------------------------------------------------------------------
def post(address: str, text: str, secret: str = "") -> None:
    """Post one text message; raises if it did not go out."""
    body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False)
    target = address
    if secret:
        target = signed_url(address, secret, round(timezone.now().timestamp() * 1000))
    request = urllib.request.Request(  # noqa: S310 - the operator configures these URLs
        target, data=body.encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT) as response:  # noqa: S310
        if response.status >= 300:
            raise OSError(f"webhook answered {response.status}")
        check_answer(address, response.read(65536))


def check_answer(address: str, body: bytes) -> None:
    try:
        answer = json.loads(body)
    except ValueError:
        answer = None
    if isinstance(answer, dict) and "errcode" in answer:
        if str(answer["errcode"]).strip() != "0":
            raise RobotError(f"errcode {answer['errcode']}: {str(answer.get('errmsg', ''))[:200]}")
        return
    if urllib.parse.urlsplit(address).hostname in ROBOT_HOSTS:
        raise RobotError(f"answer without errcode: {body[:100].decode(errors='replace')}")


# ------------------------------------------------------------------------------
# Merging several messages into one
# ------------------------------------------------------------------------------
def _size(text: str) -> int:
    return len(text.encode())


def fitted(text: str, limit: int) -> str:
    """A text cut to ``limit`` bytes (never in the middle of a character)."""
    if _size(text) <= limit:
        return text
    return text.encode()[: limit - 3].decode(errors="ignore") + "…"


def merged(texts: list[str]) -> str:
    if len(texts) == 1:
        return texts[0]
    return "\n".join(f"{n}. {text}" for n, text in enumerate(texts, 1))


def first_batch(texts: list[str], limit: int) -> int:
    """How many of ``texts``, from the first, fit in one merged message (at least one)."""
    count = 1
    while count < len(texts) and _size(merged(texts[: count + 1])) <= limit:
        count += 1
    return count


# ------------------------------------------------------------------------------
# Delivery (called by core.notify for the webhook rows)
# ------------------------------------------------------------------------------
def _due(ids: Iterable[int] | None = None) -> list[tuple[int, str]]:
    """(id, address) of the webhook rows waiting and due (among ``ids``), oldest first. The
    address is encrypted, so it is compared in Python and not in SQL."""
    rows = OutboxMessage.objects.filter(
        channel=OutboxMessage.Channel.WEBHOOK,
        status=OutboxMessage.Status.PENDING,
        next_attempt_at__lte=timezone.now(),
    )
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return list(rows.order_by("pk").values_list("pk", "address"))


def deliver(ids: Iterable[int], record_failure: Callable) -> int:
    """Deliver to the robots of the given rows (and whatever else is due for them)."""
    addresses = dict.fromkeys(address for _pk, address in _due(ids))
    return sum(deliver_to(address, record_failure) for address in addresses)


def sweep(record_failure: Callable) -> int:
    """Deliver every webhook row that is due, robot by robot."""
    addresses = dict.fromkeys(address for _pk, address in _due())
    return sum(deliver_to(address, record_failure) for address in addresses)


def _window(address: str) -> RobotWindow | None:
    """The robot's window, locked; ``None`` while another worker is posting to it (that worker
    sends what is waiting, and the sweep anything left)."""
    digest = crypto.blind_index("robot", address)
    RobotWindow.objects.get_or_create(digest=digest)
    return RobotWindow.objects.select_for_update(skip_locked=True).filter(digest=digest).first()


def deliver_to(address: str, record_failure: Callable) -> int:
    """Post what waits for one robot, as far as its minute allows; returns how many outbox
    rows were delivered. One post per transaction, under the robot's window lock."""
    sent = 0
    while True:
        with transaction.atomic():
            window = _window(address)
            if window is None:
                return sent
            now = timezone.now()
            posted = [t for t in window.posted if t > now.timestamp() - WINDOW_SECONDS]
            ids = [pk for pk, a in _due() if a == address]
            rows = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk__in=ids, status=OutboxMessage.Status.PENDING)
                .order_by("pk")
            )
            room = settings.WEBHOOK_PER_MINUTE - len(posted)
            if not rows or room <= 0:
                if rows:  # the minute is full: wait until its oldest post is a minute old
                    oldest = min(posted, default=now.timestamp())
                    free_at = datetime.fromtimestamp(oldest + WINDOW_SECONDS, tz=UTC)
                    OutboxMessage.objects.filter(pk__in=[r.pk for r in rows]).update(
                        next_attempt_at=free_at
                    )
                window.posted = posted
                window.save(update_fields=["posted"])
                return sent
            limit = settings.WEBHOOK_MESSAGE_MAX_BYTES
            texts = [r.text for r in rows]
            batch = rows[: 1 if len(rows) <= room else first_batch(texts, limit)]
            window.posted = [*posted, now.timestamp()]  # a refused post counts too
            window.save(update_fields=["posted"])
            try:
                post(address, fitted(merged([r.text for r in batch]), limit), secret_for(address))
            except Exception as exc:  # any failure is recorded and retried later
                for row in batch:
                    record_failure(row, exc)
                return sent
            OutboxMessage.objects.filter(pk__in=[r.pk for r in batch]).update(
                status=OutboxMessage.Status.SENT, sent_at=now, attempts=F("attempts") + 1
            )
            sent += len(batch)
