"""Whether a case's inputs are final, and whether its reporter may be rewarded (DESIGN §4)."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from reports.models import Conclusion, Report, Reporter
from rewards.models import Reward
from units.models import SafetyDutyPerson

S = Report.Status


def accepted_conclusion(report: Report) -> Conclusion | None:
    return (
        report.conclusions.filter(status=Conclusion.Status.ACCEPTED)
        .order_by("-reviewed_at", "-pk")
        .first()
    )


def inputs_final(report: Report) -> bool:
    """Concluded as verified, and the fine or the accident verification is recorded where the
    amount depends on it: a concealed accident needs the deaths and the grade; a filed case
    (立案) waits for its penalty decision."""
    if report.source == Report.Source.UPSTREAM or report.status not in Report.CONCLUDED_STATUSES:
        return False
    conclusion = accepted_conclusion(report)
    if conclusion is None or not conclusion.verified:
        return False
    enforcement = getattr(report, "enforcement", None)
    if report.category.code == "concealed_accident":
        return bool(enforcement and enforcement.concealed_deaths and enforcement.accident_grade)
    return not (enforcement and enforcement.case_filed_on and not enforcement.penalty_decided_on)


def standing(report: Report) -> str | None:
    """Why no reward step may go ahead on this case now, in words; None when the case stands:
    concluded (closed, or under an objection's review) as verified, not reopened, its inputs
    final. Every reward step asks this inside its lock of the case row."""
    if report.source == Report.Source.UPSTREAM:
        return _("Tickets assigned from above are not rewarded here.")
    if report.reply_waived:
        return _("The reporter withdrew the report after acceptance: the reward is waived.")
    if report.status not in Report.CONCLUDED_STATUSES:
        return _("The case was reopened: wait for its new conclusion.")
    conclusion = accepted_conclusion(report)
    if conclusion is None or not conclusion.verified:
        return _("The case is not concluded as verified: no reward can go ahead.")
    if not inputs_final(report):
        return _(
            "The penalty decision or the accident verification is not recorded yet: the "
            "reward waits for it."
        )
    return None


def on_register(
    *, id_indexes: Iterable[str] = (), phone_indexes: Iterable[str] = ()
) -> SafetyDutyPerson | None:
    """The active entry of the register of people with safety duties and their close
    relatives that matches any of these blind indexes (empty ones never match)."""
    indexes = Q(pk__in=[])
    for index in filter(None, id_indexes):
        indexes |= Q(id_number_index=index)
    for index in filter(None, phone_indexes):
        indexes |= Q(phone_index=index)
    return SafetyDutyPerson.objects.filter(indexes, active=True).first()


def refusal(report: Report) -> tuple[str, str] | None:
    """The reason this case's reporter cannot be rewarded, with a note; None when eligible."""
    if report.reply_waived:
        return Reward.Reason.WITHDRAWN, ""
    conclusion = accepted_conclusion(report)
    if conclusion is not None and conclusion.reward_conditions_met is False:
        return Reward.Reason.CONDITIONS, conclusion.review_note
    reporters = list(report.reporters.select_related("informant", "confidential_source"))
    for person in reporters:
        if person.declaration in (Reporter.Declaration.STAFF, Reporter.Declaration.RELATIVE):
            return Reward.Reason.STAFF, f"#{person.position}: {person.get_declaration_display()}"
        if person.informant and not person.informant.reward_eligible:
            return Reward.Reason.INFORMANT, str(person.informant.get_kind_display())
        if person.confidential_source and not person.confidential_source.reward_eligible:
            return Reward.Reason.INFORMANT, ""
    match = on_register(
        id_indexes=[p.id_number_index for p in reporters],
        phone_indexes=[p.phone_index for p in reporters],
    )
    if match is not None:
        return Reward.Reason.STAFF, str(match.get_relation_display())
    return _same_matter(report)


def _same_matter(report: Report) -> tuple[str, str] | None:
    """Another case about the same enterprise and category, accepted before this one within
    the duplicate window: verified, its reporter came first (not first); still open, the matter
    was already being handled. An earlier case found untrue does not count."""
    if not report.enterprise_id or not report.accepted_at:
        return None
    window = timedelta(days=settings.DUPLICATE_WINDOW_DAYS)
    earlier = (
        Report.objects.filter(
            enterprise_id=report.enterprise_id,
            category_id=report.category_id,
            accepted_at__lt=report.accepted_at,
            accepted_at__gte=report.accepted_at - window,
        )
        .exclude(pk=report.pk)
        .exclude(status__in=[S.REJECTED, S.MERGED, S.WITHDRAWN])
        .prefetch_related("conclusions")
        .order_by("accepted_at")
    )
    for case in earlier[:20]:
        accepted = sorted(
            (c for c in case.conclusions.all() if c.status == Conclusion.Status.ACCEPTED),
            key=lambda c: c.reviewed_at or c.proposed_at,
        )
        if accepted and accepted[-1].verified:
            return Reward.Reason.NOT_FIRST, case.number
        if not accepted and case.status not in (S.CLOSED,):
            return Reward.Reason.ALREADY_KNOWN, case.number
    return None
