"""The reward's amount: calculated by the system when the case's inputs are final, with the
listed matters (and whether the hazard is a major one) the office names; decided again after
a reopened case is concluded anew. An approved amount is never touched."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import calendar, timeline
from core.errors import ApplicationError, required
from reports.models import Conclusion, Report
from rewards import eligibility
from rewards.calculation import Inputs, Item, calculate, split
from rewards.models import Reward, Standard, StandardItem
from rewards.services.common import (
    Status,
    Visibility,
    lock,
    payer_for,
    rates_of,
    record_step,
    require_case_standing,
    require_office,
)

# Fields a new decision starts without: the people's steps of the one set aside.
_PEOPLE_FIELDS = {
    "submitted_by": None,
    "submitted_at": None,
    "approved_by": None,
    "approved_at": None,
    "claim_deadline": None,
    "claimed_at": None,
    "claim_method": "",
    "expired_at": None,
    "announcement_until": None,
    "suspended_at": None,
    "recipient_name": "",
    "recipient_id_number": "",
    "recipient_id_index": "",
    "recipient_phone": "",
    "recipient_phone_index": "",
    "recipient_proof": "",
    "recipient_verified_at": None,
    "recipient_verified_by": None,
}


def reward_calculate(*, report: Report) -> Reward | None:
    """Calculate (or recalculate) a case's reward once its inputs are final; refuse it with a
    reason when the reporter is not eligible. Returns None when nothing can be decided yet.

    A reward submitted or approved, or refused by a person, is never changed: an approved
    amount stays what it was, whatever enforcement records later. A reward suspended because
    the case was reopened is decided anew once the new conclusion makes the inputs final (it
    starts again at "calculated" and needs a new submission and approval), or refused when
    the case is now concluded as untrue. The decision keeps the standard version in force on
    the decision date, the arithmetic in words, its legal basis and the settings it used.
    """
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("category", "township", "enterprise")
            .get(pk=report.pk)
        )
        reward = Reward.objects.select_for_update(of=("self",)).filter(report=report).first()
        if reward is not None:
            reward.report = report
        if reward is not None and reward.status == Status.SUSPENDED:
            return _after_reopening(reward, report)
        if not eligibility.inputs_final(report):
            return None
        if reward and (reward.submitted_at or reward.approved_at or reward.refused_by_id):
            return reward  # decided by people: never recalculated
        if reward and reward.status not in (Status.CALCULATED, Status.REFUSED):
            return reward
        reward = reward or Reward(report=report)
        # The arithmetic in words is a record: kept in the project's language, whoever or
        # whatever (a task, an English session) triggered it.
        with translation.override(settings.LANGUAGE_CODE):
            _decide(reward, report)
    return reward


def _after_reopening(reward: Reward, report: Report) -> Reward:
    """A suspended reward once its case is concluded again: decided anew when verified,
    refused by the rules when found untrue; otherwise it waits."""
    with translation.override(settings.LANGUAGE_CODE):
        if eligibility.inputs_final(report):
            _set_aside(reward)
            _decide(reward, report, set_aside=True)
            return reward
        conclusion = eligibility.accepted_conclusion(report)
        concluded = report.status in Report.CONCLUDED_STATUSES
        if concluded and conclusion is not None and not conclusion.verified:
            # Refused by the rules; the suspended decision stays as it was, for the record.
            reward.status, reward.reason = Status.REFUSED, Reward.Reason.CONDITIONS
            reward.note = _("The reopened case was concluded as not true.")
            reward.closed_at = timezone.now()
            reward.save(update_fields=["status", "reason", "note", "closed_at"])
            told = reward.claim_deadline is not None  # the reporter had a notice
            timeline.record(
                report,
                "rewards.reward.refused",
                actor_label=_("System"),
                visibility=Visibility.PUBLIC if told else Visibility.OFFICE,
                note=reward.note,
                data={"reason": reward.reason, "public_note": reward.note if told else ""},
            )
    return reward


def _set_aside(reward: Reward) -> None:
    """Keep the suspended decision in the record, and clear the people's steps: the old
    submission and approval do not carry over to the new decision."""
    calculation = dict(reward.calculation or {})
    previous = list(calculation.get("previous", []))
    previous.append(
        {
            "amount": str(reward.amount) if reward.amount is not None else None,
            "words": calculation.get("words", ""),
            "submitted_by": reward.submitted_by_id,
            "submitted_at": reward.submitted_at.isoformat() if reward.submitted_at else None,
            "approved_by": reward.approved_by_id,
            "approved_at": reward.approved_at.isoformat() if reward.approved_at else None,
            "claim_deadline": reward.claim_deadline.isoformat() if reward.claim_deadline else None,
            "suspended_at": reward.suspended_at.isoformat() if reward.suspended_at else None,
        }
    )
    calculation["previous"] = previous
    reward.calculation = calculation
    for name, value in _PEOPLE_FIELDS.items():
        setattr(reward, name, value)
    reward.status = Status.CALCULATED


def _decide(reward: Reward, report: Report, *, set_aside: bool = False) -> None:
    """Apply the standard in force today to the case's final inputs and the listed matters
    the office chose; save the outcome (or the refusal) and record it on the timeline. A
    recalculation to the same decision is not recorded again, unless an earlier decision was
    just ``set_aside`` (a suspended reward decided anew: saved and recorded even when the
    inputs, and so the amount, are what they were)."""
    if reward.approved_at:
        raise AssertionError("An approved amount is never recalculated.")
    standard = Standard.objects.in_force(calendar.local_date())
    reward.payer = payer_for(report)
    reward.calculated_at = timezone.now()
    refusal = eligibility.refusal(report)
    enforcement = getattr(report, "enforcement", None)
    chosen = (
        reward.items.filter(standard=standard).order_by("sort_order", "code")
        if reward.pk and standard
        else []
    )
    inputs = Inputs(
        items=tuple(Item(i.code, i.text, i.amount, i.department, i.sector) for i in chosen),
        fine=enforcement.fine if enforcement else None,
        deaths=enforcement.concealed_deaths if enforcement else None,
        grade=enforcement.accident_grade if enforcement else "",
        major_hazard=reward.major_hazard,
    )
    outcome = (
        calculate(
            inputs,
            rates_of(standard),
            settings.REWARD_RULE_WINNER,
            items_add_up=settings.REWARD_LISTED_ITEMS_ADD_UP,
            major_hazard_minimum=settings.REWARD_MAJOR_HAZARD_MINIMUM,
        )
        if standard
        else None
    )
    before = (reward.status, reward.amount, reward.reason, reward.calculation, reward.standard_id)
    previous = (reward.calculation or {}).get("previous")
    reward.standard = standard
    reward.calculation = _record(standard, inputs, outcome, report)
    if previous:
        reward.calculation["previous"] = previous
    if refusal is None and standard is None:
        refusal = (Reward.Reason.CONDITIONS, _("No reward standard is in force."))
    if refusal:
        reward.status, (reward.reason, reward.note) = Status.REFUSED, refusal
        reward.amount = None
    else:
        # Without an amount, no rule applies yet: the office chooses the listed matter the
        # verified report matches, or refuses the reward.
        reward.status, reward.reason, reward.note = Status.CALCULATED, "", ""
        reward.amount = required(outcome, "without a standard the reward is refused").amount
    after = (reward.status, reward.amount, reward.reason, reward.calculation, reward.standard_id)
    if reward.pk and before == after and not set_aside:
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


def reward_choose_items(
    *, reward: Reward, actor, items: list[StandardItem], major_hazard: bool | None = None
) -> Reward:
    """The office names the listed matters (明码实价 items) that the verified report matches,
    from the standard in force, and whether the verifying department found a major accident
    hazard (重大事故隐患); the reward is recalculated with them. ``major_hazard`` None keeps
    what was recorded."""
    with transaction.atomic():
        reward = lock(reward)
        require_office(actor, reward)
        require_case_standing(reward)
        if reward.status != Status.CALCULATED:
            raise ApplicationError(_("Only a calculated reward can be changed."))
        standard = Standard.objects.in_force(calendar.local_date())
        if any(item.standard_id != getattr(standard, "pk", None) for item in items):
            raise ApplicationError(_("Choose items of the standard in force."))
        major_hazard = reward.major_hazard if major_hazard is None else major_hazard
        same_items = set(reward.items.values_list("pk", flat=True)) == {i.pk for i in items}
        if same_items and major_hazard == reward.major_hazard:
            return reward
        reward.items.set(items)
        if major_hazard != reward.major_hazard:
            reward.major_hazard = major_hazard
            reward.save(update_fields=["major_hazard"])
        with translation.override(settings.LANGUAGE_CODE):
            _decide(reward, reward.report)
        record_step(
            reward,
            "rewards.reward.items_chosen",
            actor=actor,
            note=", ".join(i.code for i in items),
            data={"major_hazard": major_hazard},
        )
    return reward


def _record(standard: Standard | None, inputs: Inputs, outcome, report: Report) -> dict:
    """What an auditor needs to redo the arithmetic: the standard version, the inputs, every
    rule that applied, the winner with its legal basis, the settings used and the shares of
    joint reporters."""
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
        "settings": {
            "rule_winner": settings.REWARD_RULE_WINNER,
            "listed_items_add_up": settings.REWARD_LISTED_ITEMS_ADD_UP,
            "major_hazard_minimum": settings.REWARD_MAJOR_HAZARD_MINIMUM,
        },
        "inputs": {
            "items": [
                {
                    "code": i.code,
                    "text": i.text,
                    "amount": str(i.amount),
                    "department": i.department,
                    "sector": i.sector,
                }
                for i in inputs.items
            ],
            "fine": str(inputs.fine) if inputs.fine is not None else None,
            "deaths": inputs.deaths,
            "grade": inputs.grade,
            "major_hazard": inputs.major_hazard,
        },
        "candidates": [
            {"rule": c.rule, "amount": str(c.amount), "words": c.words, "basis": c.basis}
            for c in outcome.candidates
        ],
        "rule": outcome.rule,
        "words": outcome.words,
        "basis": outcome.basis,
        "shares": [str(s) for s in split(outcome.amount, joint)] if outcome.amount else [],
    }


def reward_sweep(*, batch_size: int = 200) -> int:
    """Calculate the rewards of concluded, verified cases that have none yet, and decide anew
    the suspended rewards of cases concluded again (the on-commit hook did not reach
    rewards). Returns how many were decided."""
    decided = 0
    for pending in (
        Report.objects.filter(
            reward__isnull=True,
            conclusions__status=Conclusion.Status.ACCEPTED,
            conclusions__verdict__in=[Conclusion.Verdict.TRUE, Conclusion.Verdict.PARTLY],
        ),
        Report.objects.filter(
            reward__status=Status.SUSPENDED, conclusions__status=Conclusion.Status.ACCEPTED
        ),
    ):
        pending = pending.concluded().exclude(source=Report.Source.UPSTREAM)
        last = 0
        while True:
            batch = list(
                pending.filter(pk__gt=last).order_by("pk").distinct().only("pk")[:batch_size]
            )
            if not batch:
                break
            for report in batch:
                before = (
                    Reward.objects.filter(report=report).values_list("status", flat=True).first()
                )
                reward = reward_calculate(report=report)
                decided += reward is not None and reward.status != before
            last = batch[-1].pk
    return decided
