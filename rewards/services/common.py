"""What every reward step shares: the locks (the case first, then the reward, in that order
everywhere), the case's standing checked inside them, who may act, the timeline, and the
messages to the reporter."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _

from core import notify, timeline
from core.errors import ApplicationError
from core.models import TimelineEntry
from reports.models import Objection, Report
from rewards import eligibility
from rewards.calculation import Rates
from rewards.models import Reward, Standard
from units import permissions
from units.models import Role, Unit
from units.permissions import Perm

Status = Reward.Status
Visibility = timeline.Visibility


def lock(reward: Reward) -> Reward:
    """Lock the case row, then the reward row, and return the fresh reward carrying its fresh
    case. Every step that changes a reward goes through here, so the case's state it checks
    cannot change before the step commits (an upheld objection waits for it, and then sees
    what it did)."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("category", "township")
        .get(pk=reward.report_id)
    )
    fresh = Reward.objects.select_for_update(of=("self",)).get(pk=reward.pk)
    fresh.report = report
    return fresh


def require_case_standing(reward: Reward) -> None:
    """Refuse, saying why, unless the reward is live and its case still stands as concluded
    and verified with final inputs (not reopened)."""
    if reward.status == Status.SUSPENDED:
        raise ApplicationError(
            _(
                "This reward is suspended while the case is investigated again; it is "
                "decided anew after the new conclusion."
            )
        )
    reason = eligibility.standing(reward.report)
    if reason:
        raise ApplicationError(reason)


def require_no_pending_objection(reward: Reward) -> None:
    """Money waits while the reporter's objection to the conclusion is being reviewed: an
    upheld objection would reopen the case."""
    if reward.report.objections.filter(outcome=Objection.Outcome.PENDING).exists():
        raise ApplicationError(
            _(
                "An objection to the case's conclusion is under review: the reward is paid "
                "after its decision."
            )
        )


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
        fine_basis=standard.fine_basis,
        concealed_basis=standard.concealed_basis,
        items_basis=standard.items_basis,
    )


# ------------------------------------------------------------------------------
# Who may act
# ------------------------------------------------------------------------------
def require_office(actor, reward: Reward) -> None:
    permissions.require(actor, Perm.TRIAGE, reward.report.township)


def require_leader(actor, reward: Reward) -> None:
    permissions.require(actor, Perm.APPROVE, reward.report.township)


def require_finance(actor, reward: Reward) -> None:
    permissions.require(actor, Perm.PAY, reward.payer)


def finance_of(reward: Reward) -> list:
    if reward.payer is None:  # decided before a payer was known: nobody to tell yet
        return []
    return [
        m.user
        for m in reward.payer.memberships.filter(role=Role.FINANCE, active=True).select_related(
            "user"
        )
    ]


# ------------------------------------------------------------------------------
# The timeline and the reporter
# ------------------------------------------------------------------------------
def record_step(
    reward: Reward,
    action: str,
    *,
    actor=None,
    visibility=Visibility.OFFICE,
    note="",
    public_note="",
    data: dict | None = None,
):
    timeline.record(
        reward.report,
        action,
        actor=actor,
        actor_label="" if actor else _("Reporter"),
        visibility=visibility,
        note=note,
        data={"amount": str(reward.amount or ""), "public_note": public_note, **(data or {})},
    )


def record_by_system(reward: Reward, action: str, **kwargs) -> None:
    timeline.record(reward.report, action, actor_label=_("System"), **kwargs)


def record_many(report_ids: list[int], action: str, public_note: str = "") -> None:
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


def entries_today(reward: Reward, action: str, since) -> int:
    return TimelineEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Report),
        object_id=reward.report_id,
        action=action,
        created_at__gte=since,
    ).count()


def tell_reporter(reward: Reward, template: str) -> None:
    """A text message to every reporter who left a phone: a case number, a date and a link;
    never the amount, never a code."""
    texts = {
        "reward_notified": _(
            "A reward for your report %(number)s is approved. Claim it by %(day)s with your "
            "receipt code."
        ),
        "reward_claim_reminder": _(
            "Remember to claim the reward for report %(number)s by %(day)s."
        ),
        "reward_claim_extended": _(
            "The time to claim the reward for report %(number)s is extended to %(day)s."
        ),
        "reward_suspended": _(
            "The reward for report %(number)s is suspended: the case is investigated again. "
            "You will be told after the new conclusion."
        ),
    }
    day = reward.claim_deadline.isoformat() if reward.claim_deadline else ""
    params = {"number": reward.report.number, "day": day}
    for person in reward.report.reporters.exclude(phone=""):
        notify.notify_phone(
            phone=person.phone,
            template=template,
            text=f"{texts[template] % params} {notify.absolute(reverse('reports:track'))}",
            params=params,
        )
