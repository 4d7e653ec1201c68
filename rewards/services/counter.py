"""At the paying office's counter: the person who comes for the money is checked, then the
payment is recorded, once.

The check (``reward_verify_recipient``) runs the ID number and phone given at the counter, and
the reporters' own, against the register of people with safety duties and their close
relatives (blind indexes), whatever the reporter declared: a match refuses the reward by the
rules. A reporter who gave an ID number is paid only under it; an anonymous reporter, or a
named one who left no ID number, proves the receipt code (typed by finance from what the
person presents; wrong tries are recorded and limited per reward and day), and the identity
given then is recorded, encrypted, with its blind index. The payment (``reward_pay``) is
recorded only after that check, only under the ID recorded, and after the register is asked
once more.

A refusal that changes something (the reward refused by the rules, a wrong code recorded) is
committed first and then raised, so the record survives the refusal.
"""

import datetime as dt
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import calendar, crypto, notify, timeline
from core.errors import ApplicationError, required
from core.validators import (
    normalise_id_number,
    normalise_phone,
    validate_id_number,
    validate_phone,
)
from reports import receipts
from reports.notifications import Audience, office_link
from rewards import eligibility
from rewards.models import Payment, Reward
from rewards.services.common import (
    Status,
    Visibility,
    entries_today,
    lock,
    record_step,
    require_case_standing,
    require_finance,
    require_no_pending_objection,
)

CODE_REFUSED = "rewards.reward.code_refused"


def _valid_id(id_number: str) -> str:
    try:
        validate_id_number(id_number)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0]) from exc
    return normalise_id_number(id_number)


def _valid_phone(phone: str) -> str:
    if not (phone or "").strip():
        raise ApplicationError(_("Give the recipient's phone number."))
    try:
        validate_phone(phone)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0]) from exc
    return normalise_phone(phone)


def _staff_message() -> str:
    return _(
        "The recipient is on the register of people with safety duties or their close "
        "relatives: by the rules no reward is paid."
    )


def _register_refusal(reward: Reward, *, id_index: str, phone_index: str, actor) -> bool:
    """Ask the register about the person at the counter and every reporter of the case;
    on a match, refuse the reward by the rules (recorded, the office told). Returns whether
    it refused."""
    reporters = list(reward.report.reporters.all())
    match = eligibility.on_register(
        id_indexes=[id_index, *(p.id_number_index for p in reporters)],
        phone_indexes=[phone_index, *(p.phone_index for p in reporters)],
    )
    if match is None:
        return False
    reward.status, reward.reason = Status.REFUSED, Reward.Reason.STAFF
    reward.note = _("Found at the counter check: %(relation)s") % {
        "relation": match.get_relation_display()
    }
    reward.refused_by, reward.closed_at = None, timezone.now()
    reward.save(update_fields=["status", "reason", "note", "refused_by", "closed_at"])
    timeline.record(
        reward.report,
        "rewards.reward.refused",
        actor=actor,
        visibility=Visibility.PUBLIC,
        note=reward.note,
        data={"reason": reward.reason, "public_note": _("Refused by the rules at payment")},
    )
    params = {"number": reward.report.number}
    notify.notify(
        users=Audience([reward.report]).office(reward.report),
        template="reward_refused_at_counter",
        text=_(
            "The reward of case %(number)s is refused at the counter: the recipient is on the "
            "register of people with safety duties or their close relatives."
        )
        % params,
        params=params,
        link=office_link(reward.report),
    )
    return True


def _code_proven(reward: Reward, code: str, *, actor) -> str | None:
    """None when the code is right; otherwise why not, the wrong try recorded."""
    since = calendar.day_start(calendar.local_date())
    if entries_today(reward, CODE_REFUSED, since) >= settings.REWARD_COUNTER_CODE_TRIES:
        return _(
            "Too many wrong receipt codes for this reward today: try again tomorrow, or ask "
            "the safety office."
        )
    code = receipts.normalise(code)
    stored = reward.report.receipt_hash or ""
    if (
        stored
        and receipts.is_well_formed(code)
        and hmac.compare_digest(receipts.hash_code(code), stored)
    ):
        return None
    timeline.record(reward.report, CODE_REFUSED, actor=actor, visibility=Visibility.OFFICE)
    return _("The receipt code is not right.")


def reward_verify_recipient(
    *, reward: Reward, actor, name: str, id_number: str, phone: str, receipt_code: str = ""
) -> Reward:
    """Finance checks the person who came for a claimed reward, before any payment (see the
    module's description). Raises ApplicationError with the reason when the person may not
    be paid."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the recipient's name."))
    id_number, phone = _valid_id(id_number), _valid_phone(phone)
    id_index = crypto.blind_index("id_number", id_number)
    phone_index = crypto.blind_index("phone", phone)
    refusal = None
    with transaction.atomic():
        reward = lock(reward)
        require_finance(actor, reward)
        if (
            reward.status == Status.CLAIMED
            and reward.recipient_verified_at
            and (reward.recipient_id_index, reward.recipient_phone_index) == (id_index, phone_index)
        ):
            return reward  # the same person, the same details: checked already
        # Anything else given (another phone with the same ID too) is checked in full again.
        require_case_standing(reward)
        if reward.status != Status.CLAIMED:
            raise ApplicationError(_("Only a claimed reward is checked at the counter."))
        require_no_pending_objection(reward)
        # First the right to this reward (so nobody without it can get it refused), then the
        # register.
        proof = Reward.Proof.RECEIPT_CODE
        first = reward.report.reporters.order_by("position").first()
        if first is not None and first.id_number_index:
            proof = Reward.Proof.REPORTER_ID
            if first.id_number_index != id_index:
                record_step(
                    reward,
                    "rewards.reward.recipient_refused",
                    actor=actor,
                    data={"why": "id_mismatch"},
                )
                refusal = _(
                    "This ID number does not match the one the reporter gave: the reward is "
                    "paid only to the reporter."
                )
        elif not (receipt_code or "").strip():
            raise ApplicationError(
                _(
                    "The reporter left no ID number: the person must present the receipt code "
                    "before being paid."
                )
            )
        else:
            refusal = _code_proven(reward, receipt_code, actor=actor)
        if refusal is None and _register_refusal(
            reward, id_index=id_index, phone_index=phone_index, actor=actor
        ):
            refusal = _staff_message()
        if refusal is None:
            reward.recipient_name, reward.recipient_id_number = name, id_number
            reward.recipient_phone = phone
            reward.recipient_id_index, reward.recipient_phone_index = id_index, phone_index
            reward.recipient_proof = proof
            reward.recipient_verified_at, reward.recipient_verified_by = timezone.now(), actor
            reward.save(
                update_fields=[
                    "recipient_name",
                    "recipient_id_number",
                    "recipient_phone",
                    "recipient_id_index",
                    "recipient_phone_index",
                    "recipient_proof",
                    "recipient_verified_at",
                    "recipient_verified_by",
                ]
            )
            record_step(
                reward, "rewards.reward.recipient_verified", actor=actor, data={"proof": proof}
            )
    if refusal:
        raise ApplicationError(refusal)
    return reward


def reward_pay(
    *,
    reward: Reward,
    actor,
    method: str,
    voucher_number: str,
    paid_on: dt.date,
    recipient_id_number: str,
    account_reference: str = "",
) -> Payment:
    """Finance records the payment of a claimed reward whose recipient was checked at the
    counter, once: two clerks pressing at the same moment make one payment (the row locks,
    and a unique payment per reward and voucher). The ID number of the person paid must be
    the one recorded at the check, and the register is asked again."""
    voucher_number = voucher_number.strip()
    if not voucher_number:
        raise ApplicationError(_("Give the voucher number."))
    id_number = _valid_id(recipient_id_number)
    if method not in Reward.Method.values:
        raise ApplicationError(_("Choose the payment method."))
    if paid_on > calendar.local_date():
        raise ApplicationError(_("The payment date cannot be in the future."))
    refusal = None
    try:
        with transaction.atomic():
            reward = lock(reward)
            require_finance(actor, reward)
            existing = Payment.objects.filter(reward=reward).first()
            if existing is not None:
                if existing.voucher_number == voucher_number:
                    return existing
                raise ApplicationError(_("This reward is already paid."))
            require_case_standing(reward)
            if reward.status != Status.CLAIMED:
                raise ApplicationError(_("Only a claimed reward can be paid."))
            require_no_pending_objection(reward)
            if not reward.recipient_verified_at:
                raise ApplicationError(
                    _("Check the recipient at the counter before recording a payment.")
                )
            if crypto.blind_index("id_number", id_number) != reward.recipient_id_index:
                record_step(
                    reward,
                    "rewards.reward.recipient_refused",
                    actor=actor,
                    data={"why": "id_mismatch_at_payment"},
                )
                refusal = _(
                    "The ID number does not match the one recorded at the counter check: "
                    "nothing is paid."
                )
            elif _register_refusal(
                reward,
                id_index=reward.recipient_id_index,
                phone_index=reward.recipient_phone_index,
                actor=actor,
            ):
                refusal = _staff_message()
            else:
                payment = Payment.objects.create(
                    reward=reward,
                    method=method,
                    amount=required(reward.amount, "a claimed reward has an amount"),
                    account_reference=account_reference.strip(),
                    voucher_number=voucher_number,
                    paid_on=paid_on,
                    payer=actor,
                    recipient_name=reward.recipient_name,
                    recipient_id_number=reward.recipient_id_number,
                )
                reward.status, reward.closed_at = Status.PAID, timezone.now()
                reward.save(update_fields=["status", "closed_at"])
                record_step(
                    reward, "rewards.reward.paid", actor=actor, visibility=Visibility.PUBLIC
                )
                notify.notices_done(f"reward:{reward.pk}:pay")
    except IntegrityError as exc:
        # Race condition: the other clerk's payment committed first.
        raise ApplicationError(_("This reward is already paid.")) from exc
    if refusal:
        raise ApplicationError(refusal)
    return payment


def receipt_opened(*, reward: Reward, actor) -> None:
    """The receipt names the recipient: every opening is recorded on the case's timeline."""
    require_finance(actor, reward)
    timeline.record(reward.report, "rewards.payment.receipt_opened", actor=actor)
