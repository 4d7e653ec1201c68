"""Every write about rewards: calculation, submission, approval (by another person), the
notice, the claim, the payment (once), refusal, decline, expiry and waiver.

Each step locks the reward row, checks the actor's role and the status, records a step on the
case's timeline, and returns quietly when repeated.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import calendar, crypto, notify, timeline
from core.errors import ApplicationError
from core.models import TimelineEntry
from core.validators import normalise_id_number, validate_id_number
from reports.models import Report
from reports.services import is_office_for
from rewards import eligibility
from rewards.calculation import Inputs, Item, Rates, calculate, split
from rewards.models import Payment, Reward, Standard, StandardItem
from units.models import Role, Unit
from units.selectors import memberships_of

Status = Reward.Status
Visibility = timeline.Visibility


def _lock(reward: Reward) -> Reward:
    return Reward.objects.select_for_update().select_related("report").get(pk=reward.pk)


def payer_for(report: Report) -> Unit:
    """谁受理、谁奖励: the accepting township, or the district when the township forwards its
    reward decisions (its "pays its own rewards" setting)."""
    township = report.township
    if township.pays_rewards:
        return township
    districts = Unit.objects.filter(pk__in=township.ancestor_ids, kind=Unit.Kind.DISTRICT)
    return districts.order_by("-depth").first() or township


def rates_of(standard: Standard) -> Rates:
    return Rates(
        fine_rate=standard.fine_rate,
        fine_minimum=standard.fine_minimum,
        fine_maximum=standard.fine_maximum,
        per_death={g: standard.per_death(g) for g in ("ordinary", "larger", "major", "grave")},
        concealed_maximum=standard.concealed_maximum,
    )


# ------------------------------------------------------------------------------
# Calculation
# ------------------------------------------------------------------------------
def reward_calculate(*, report: Report) -> Reward | None:
    """Calculate (or recalculate) a case's reward once its inputs are final; refuse it with a
    reason when the reporter is not eligible. Returns None when nothing can be decided yet.

    A reward already submitted, or refused by a person, is never changed. The decision keeps
    the standard version in force on the decision date and the arithmetic in words.
    """
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("category", "township", "enterprise")
            .get(pk=report.pk)
        )
        if not eligibility.inputs_final(report):
            return None
        reward = Reward.objects.select_for_update().filter(report=report).first()
        if reward and (reward.submitted_at or reward.refused_by_id):
            return reward  # decided by people: never recalculated
        reward = reward or Reward(report=report)
        # The arithmetic in words is a record: kept in the project's language, whoever or
        # whatever (a task, an English session) triggered it.
        with translation.override(settings.LANGUAGE_CODE):
            _decide(reward, report)
    return reward


def _decide(reward: Reward, report: Report) -> None:
    """Apply the standard in force today to the case's final inputs and the listed matters
    the office chose; save the outcome (or the refusal) and record it on the timeline."""
    standard = Standard.objects.in_force(calendar.local_date())
    reward.payer = payer_for(report)
    reward.calculated_at = timezone.now()
    refusal = eligibility.refusal(report)
    enforcement = getattr(report, "enforcement", None)
    chosen = (
        reward.items.filter(standard=standard).order_by("sort_order")
        if reward.pk and standard
        else []
    )
    inputs = Inputs(
        items=tuple(Item(i.code, i.text, i.amount, i.department) for i in chosen),
        fine=enforcement.fine if enforcement else None,
        deaths=enforcement.concealed_deaths if enforcement else None,
        grade=enforcement.accident_grade if enforcement else "",
    )
    outcome = (
        calculate(inputs, rates_of(standard), settings.REWARD_RULE_WINNER) if standard else None
    )
    before = (reward.status, reward.amount, reward.reason, reward.calculation, reward.standard_id)
    reward.standard = standard
    reward.calculation = _record(standard, inputs, outcome, report)
    if refusal is None and standard is None:
        refusal = (Reward.Reason.CONDITIONS, _("No reward standard is in force."))
    if refusal:
        reward.status, (reward.reason, reward.note) = Status.REFUSED, refusal
        reward.amount = None
    else:
        # Without an amount, no rule applies yet: the office chooses the listed matter the
        # verified report matches, or refuses the reward.
        reward.status, reward.reason, reward.note = Status.CALCULATED, "", ""
        reward.amount = outcome.amount
    after = (reward.status, reward.amount, reward.reason, reward.calculation, reward.standard_id)
    if reward.pk and before == after:
        return  # recalculated to the same decision: nothing to record
    reward.save()
    timeline.record(
        report,
        "rewards.reward.calculated"
        if reward.status == Status.CALCULATED
        else "rewards.reward.refused",
        visibility=Visibility.OFFICE,
        actor_label=_("System"),
        note=reward.calculation.get("words", "") or reward.note,
        data={"amount": str(reward.amount or ""), "reason": reward.reason},
    )


def reward_choose_items(*, reward: Reward, actor, items: list[StandardItem]) -> Reward:
    """The office names the listed matters (明码实价 items) that the verified report matches,
    from the standard in force; the reward is recalculated with them."""
    with transaction.atomic():
        reward = _lock(reward)
        _require_office(actor, reward)
        if reward.status != Status.CALCULATED:
            raise ApplicationError(_("Only a calculated reward can be changed."))
        standard = Standard.objects.in_force(calendar.local_date())
        if any(item.standard_id != getattr(standard, "pk", None) for item in items):
            raise ApplicationError(_("Choose items of the standard in force."))
        if set(reward.items.values_list("pk", flat=True)) == {i.pk for i in items}:
            return reward
        reward.items.set(items)
        report = Report.objects.select_related("category", "township").get(pk=reward.report_id)
        with translation.override(settings.LANGUAGE_CODE):
            _decide(reward, report)
        _record_step(
            reward,
            "rewards.reward.items_chosen",
            actor=actor,
            note=", ".join(i.code for i in items),
        )
    return reward


def _record(standard: Standard | None, inputs: Inputs, outcome, report: Report) -> dict:
    """What an auditor needs to redo the arithmetic: the standard version, the inputs, every
    rule that applied, the winner and the shares of joint reporters."""
    if standard is None or outcome is None:
        return {"standard": None, "words": ""}
    joint = report.reporters.count()
    return {
        "standard": {
            "id": standard.pk,
            "name": standard.name,
            "document": standard.document,
            "effective_from": standard.effective_from.isoformat(),
        },
        "winner_setting": settings.REWARD_RULE_WINNER,
        "inputs": {
            "items": [
                {
                    "code": i.code,
                    "text": i.text,
                    "amount": str(i.amount),
                    "department": i.department,
                }
                for i in inputs.items
            ],
            "fine": str(inputs.fine) if inputs.fine is not None else None,
            "deaths": inputs.deaths,
            "grade": inputs.grade,
        },
        "candidates": [
            {"rule": c.rule, "amount": str(c.amount), "words": c.words} for c in outcome.candidates
        ],
        "rule": outcome.rule,
        "words": outcome.words,
        "shares": [str(s) for s in split(outcome.amount, joint)] if outcome.amount else [],
    }


# ------------------------------------------------------------------------------
# Who may act
# ------------------------------------------------------------------------------
def _require_office(actor, reward: Reward) -> None:
    if not is_office_for(actor, reward.report):
        raise ApplicationError(_("Only the safety office of this case may do this."))


def _require_leader(actor, reward: Reward) -> None:
    if actor.is_superuser:
        return
    if not any(
        m.role == Role.LEADER and reward.report.township.path.startswith(m.unit.path)
        for m in memberships_of(actor)
    ):
        raise ApplicationError(_("Only the township leader may approve this."))


def _require_finance(actor, reward: Reward) -> None:
    if actor.is_superuser:
        return
    if not any(
        m.role == Role.FINANCE and m.unit_id == reward.payer_id for m in memberships_of(actor)
    ):
        raise ApplicationError(_("Only the paying unit's finance may record payments."))


def _record_step(
    reward: Reward,
    action: str,
    *,
    actor=None,
    visibility=Visibility.OFFICE,
    note="",
    public_note="",
):
    timeline.record(
        reward.report,
        action,
        actor=actor,
        actor_label="" if actor else _("Reporter"),
        visibility=visibility,
        note=note,
        data={"amount": str(reward.amount or ""), "public_note": public_note},
    )


# ------------------------------------------------------------------------------
# Submission, approval, notice
# ------------------------------------------------------------------------------
def reward_submit(*, reward: Reward, actor) -> Reward:
    """An office officer submits the calculated reward for approval."""
    with transaction.atomic():
        reward = _lock(reward)
        _require_office(actor, reward)
        if reward.status == Status.SUBMITTED:
            return reward
        if reward.status != Status.CALCULATED:
            raise ApplicationError(_("Only a calculated reward can be submitted."))
        if not eligibility.inputs_final(reward.report):
            raise ApplicationError(_("The case was reopened: wait for its new conclusion."))
        if reward.amount is None:
            raise ApplicationError(
                _(
                    "No rule gives an amount yet: choose the listed matter the report matches, "
                    "or refuse the reward."
                )
            )
        reward.status, reward.submitted_by, reward.submitted_at = (
            Status.SUBMITTED,
            actor,
            timezone.now(),
        )
        reward.save(update_fields=["status", "submitted_by", "submitted_at"])
        _record_step(reward, "rewards.reward.submitted", actor=actor)
    return reward


def reward_approve(*, reward: Reward, actor, approve: bool = True, note: str = "") -> Reward:
    """The leader (never the person who submitted it) approves the reward, which issues the
    notice: the reporter is told and has ``REWARD_CLAIM_DAYS`` to claim. Or refuses it."""
    with transaction.atomic():
        reward = _lock(reward)
        _require_leader(actor, reward)
        if (
            reward.status == (Status.NOTIFIED if approve else Status.REFUSED)
            and reward.approved_by_id
        ):
            return reward
        if reward.status != Status.SUBMITTED:
            raise ApplicationError(_("This reward is not waiting for approval."))
        if reward.submitted_by_id == actor.pk:
            raise ApplicationError(_("The person who submitted a reward cannot approve it."))
        reward.approved_by, reward.approved_at = actor, timezone.now()
        if not approve:
            if not note.strip():
                raise ApplicationError(_("Say why the reward is not approved."))
            reward.status, reward.reason, reward.note = Status.REFUSED, Reward.Reason.LEADER, note
            reward.refused_by = actor
            reward.save(
                update_fields=[
                    "status",
                    "reason",
                    "note",
                    "refused_by",
                    "approved_by",
                    "approved_at",
                ]
            )
            _record_step(reward, "rewards.reward.refused", actor=actor, note=note)
            return reward
        reward.status = Status.NOTIFIED
        reward.claim_deadline = calendar.local_date() + dt.timedelta(
            days=settings.REWARD_CLAIM_DAYS
        )
        reward.save(update_fields=["status", "approved_by", "approved_at", "claim_deadline"])
        _record_step(
            reward,
            "rewards.reward.notified",
            actor=actor,
            visibility=Visibility.PUBLIC,
            public_note=_("%(amount)s yuan; claim by %(day)s")
            % {"amount": f"{reward.amount:,.0f}", "day": reward.claim_deadline.isoformat()},
        )
        _tell_reporter(reward, "reward_notified")
    return reward


def _tell_reporter(reward: Reward, template: str) -> None:
    texts = {
        "reward_notified": _(
            "A reward for your report %(number)s is approved. Claim it by %(day)s with your "
            "receipt code."
        ),
        "reward_claim_reminder": _(
            "Remember to claim the reward for report %(number)s by %(day)s."
        ),
    }
    params = {"number": reward.report.number, "day": reward.claim_deadline.isoformat()}
    for person in reward.report.reporters.exclude(phone=""):
        notify.notify_phone(
            phone=person.phone,
            template=template,
            text=f"{texts[template] % params} {notify.absolute(reverse('reports:track'))}",
            params=params,
        )


def reward_refuse(*, reward: Reward, actor, reason: str, note: str = "") -> Reward:
    """The office refuses a reward not yet approved, with a reason from the list."""
    if reason not in Reward.Reason.values:
        raise ApplicationError(_("Choose a reason from the list."))
    with transaction.atomic():
        reward = _lock(reward)
        _require_office(actor, reward)
        if reward.status == Status.REFUSED and reward.refused_by_id and reward.reason == reason:
            return reward
        if reward.status not in (Status.CALCULATED, Status.SUBMITTED, Status.REFUSED):
            raise ApplicationError(_("An approved reward cannot be refused here."))
        reward.status, reward.reason, reward.note = Status.REFUSED, reason, note.strip()
        reward.refused_by = actor
        reward.save(update_fields=["status", "reason", "note", "refused_by"])
        _record_step(reward, "rewards.reward.refused", actor=actor, note=note)
    return reward


# ------------------------------------------------------------------------------
# The reporter: claim or decline (on /track/, the receipt code already proven)
# ------------------------------------------------------------------------------
def reward_claim(*, reward: Reward, method: str) -> Reward:
    """The reporter claims within the window, saying how to be paid. An anonymous reporter
    then identifies to the paying office, which finance records at payment."""
    if method not in Reward.Method.values:
        raise ApplicationError(_("Choose how you want to be paid."))
    with transaction.atomic():
        reward = _lock(reward)
        if reward.status == Status.CLAIMED:
            return reward
        if reward.status != Status.NOTIFIED:
            raise ApplicationError(_("This reward cannot be claimed now."))
        if calendar.local_date() > reward.claim_deadline:
            raise ApplicationError(_("The time to claim this reward has passed."))
        reward.status, reward.claimed_at, reward.claim_method = (
            Status.CLAIMED,
            timezone.now(),
            method,
        )
        reward.save(update_fields=["status", "claimed_at", "claim_method"])
        _record_step(reward, "rewards.reward.claimed", visibility=Visibility.PUBLIC)
        finance = [
            m.user
            for m in reward.payer.memberships.filter(role=Role.FINANCE, active=True).select_related(
                "user"
            )
        ]
        notify.notify(
            users=finance,
            template="reward_claimed",
            text=_("The reward of case %(number)s is claimed: record the payment.")
            % {"number": reward.report.number},
            link=reverse("rewards:unit-rewards"),
        )
    return reward


def reward_decline(*, reward: Reward) -> Reward:
    with transaction.atomic():
        reward = _lock(reward)
        if reward.status == Status.DECLINED:
            return reward
        if reward.status not in (Status.NOTIFIED, Status.CLAIMED):
            raise ApplicationError(_("This reward cannot be declined now."))
        reward.status, reward.closed_at = Status.DECLINED, timezone.now()
        reward.save(update_fields=["status", "closed_at"])
        _record_step(reward, "rewards.reward.declined", visibility=Visibility.PUBLIC)
    return reward


# ------------------------------------------------------------------------------
# Payment: recorded once
# ------------------------------------------------------------------------------
def reward_pay(
    *,
    reward: Reward,
    actor,
    method: str,
    voucher_number: str,
    paid_on: dt.date,
    recipient_name: str,
    recipient_id_number: str,
    account_reference: str = "",
) -> Payment:
    """Finance records the payment of a claimed reward, once: two clerks pressing at the same
    moment make one payment (the row lock, and a unique payment per reward and voucher).

    The recipient identifies: the ID number must match a real-name reporter's; an anonymous
    reporter identifies now, after proving the receipt code by claiming.
    """
    voucher_number = voucher_number.strip()
    recipient_name = recipient_name.strip()
    if not voucher_number or not recipient_name:
        raise ApplicationError(_("Give the voucher number and the recipient's name."))
    validate_id_number(recipient_id_number)
    if method not in Reward.Method.values:
        raise ApplicationError(_("Choose the payment method."))
    if paid_on > calendar.local_date():
        raise ApplicationError(_("The payment date cannot be in the future."))
    try:
        with transaction.atomic():
            reward = _lock(reward)
            _require_finance(actor, reward)
            existing = Payment.objects.filter(reward=reward).first()
            if existing is not None:
                if existing.voucher_number == voucher_number:
                    return existing
                raise ApplicationError(_("This reward is already paid."))
            if reward.status != Status.CLAIMED:
                raise ApplicationError(_("Only a claimed reward can be paid."))
            first = reward.report.reporters.order_by("position").first()
            id_index = crypto.blind_index("id_number", normalise_id_number(recipient_id_number))
            if first and first.id_number_index and first.id_number_index != id_index:
                raise ApplicationError(
                    _("The ID number does not match the reporter's; check the recipient.")
                )
            payment = Payment.objects.create(
                reward=reward,
                method=method,
                amount=reward.amount,
                account_reference=account_reference.strip(),
                voucher_number=voucher_number,
                paid_on=paid_on,
                payer=actor,
                recipient_name=recipient_name,
                recipient_id_number=normalise_id_number(recipient_id_number),
            )
            reward.status, reward.closed_at = Status.PAID, timezone.now()
            reward.save(update_fields=["status", "closed_at"])
            _record_step(reward, "rewards.reward.paid", actor=actor, visibility=Visibility.PUBLIC)
    except IntegrityError as exc:
        # Race condition: the other clerk's payment committed first.
        raise ApplicationError(_("This reward is already paid.")) from exc
    return payment


def receipt_opened(*, reward: Reward, actor) -> None:
    """The receipt names the recipient: every opening is recorded on the case's timeline."""
    _require_finance(actor, reward)
    timeline.record(reward.report, "rewards.payment.receipt_opened", actor=actor)


# ------------------------------------------------------------------------------
# Expiry and waiver (driven by the clocks)
# ------------------------------------------------------------------------------
def rewards_expire(*, reward_ids: list[int], today: dt.date) -> int:
    """Unclaimed after the window: announced publicly by case number for
    ``REWARD_ANNOUNCEMENT_DAYS``."""
    until = today + dt.timedelta(days=settings.REWARD_ANNOUNCEMENT_DAYS)
    with transaction.atomic():
        due = Reward.objects.select_for_update().filter(
            pk__in=reward_ids, status=Status.NOTIFIED, claim_deadline__lt=today
        )
        pairs = list(due.values_list("pk", "report_id"))
        Reward.objects.filter(pk__in=[pk for pk, _r in pairs]).update(
            status=Status.EXPIRED, expired_at=timezone.now(), announcement_until=until
        )
        _record_many(
            [r for _pk, r in pairs],
            "rewards.reward.expired",
            public_note=_("Announced until %(day)s") % {"day": until.isoformat()},
        )
    return len(pairs)


def rewards_waive(*, reward_ids: list[int], today: dt.date) -> int:
    """Still unclaimed after the announcement: waived."""
    with transaction.atomic():
        due = Reward.objects.select_for_update().filter(
            pk__in=reward_ids, status=Status.EXPIRED, announcement_until__lt=today
        )
        pairs = list(due.values_list("pk", "report_id"))
        Reward.objects.filter(pk__in=[pk for pk, _r in pairs]).update(
            status=Status.WAIVED, closed_at=timezone.now()
        )
        _record_many([r for _pk, r in pairs], "rewards.reward.waived")
    return len(pairs)


def _record_many(report_ids: list[int], action: str, public_note: str = "") -> None:
    """One public timeline entry per case, in one INSERT (for the sweeps)."""
    content_type = ContentType.objects.get_for_model(Report)
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            content_type=content_type,
            object_id=pk,
            action=action,
            actor_label=_("System"),
            visibility=Visibility.PUBLIC,
            data={"public_note": public_note},
        )
        for pk in report_ids
    )


def amount_text(amount: Decimal | None) -> str:
    return f"{amount:,.0f}" if amount is not None else ""


def reward_sweep(*, batch_size: int = 200) -> int:
    """Calculate the rewards of concluded, verified cases that have none yet (the on-commit
    hook did not reach rewards). Returns how many were decided."""
    from reports.models import Conclusion

    decided, last = 0, 0
    while True:
        batch = list(
            Report.objects.filter(
                status__in=[Report.Status.CONCLUDED, Report.Status.OBJECTION, Report.Status.CLOSED],
                reward__isnull=True,
                conclusions__status=Conclusion.Status.ACCEPTED,
                conclusions__verdict__in=[Conclusion.Verdict.TRUE, Conclusion.Verdict.PARTLY],
                pk__gt=last,
            )
            .exclude(source=Report.Source.UPSTREAM)
            .order_by("pk")
            .only("pk")[:batch_size]
        )
        if not batch:
            return decided
        for report in batch:
            decided += reward_calculate(report=report) is not None
        last = batch[-1].pk
