"""What the unit's conclusion form starts with.

A proposal the unit head declined, or the safety office sent back, comes back to the officer
with its own text (verdict, account, decision) and the reason it was declined, so that the
officer changes what was asked instead of writing it all again. The handling decision, when
nothing declined says it, is written from the enforcement recorded on the case (rectification,
立案, penalty decision and fine, suspension).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from reports.models import Conclusion, Enforcement, FormSubmission, Report


@dataclass(frozen=True)
class ProposalStart:
    initial: dict
    declined: Conclusion | None = None  # by the head (no review) or the office (reviewed)


def proposal_start(report: Report) -> ProposalStart:
    """The proposal form's first values: the last declined proposal's text, and the decision
    from the enforcement record where that leaves it empty."""
    latest = report.conclusions.order_by("-proposed_at", "-pk").first()
    declined = latest if latest and latest.status == Conclusion.Status.SENT_BACK else None
    initial: dict = {}
    if declined is not None:
        initial = {
            "verdict": declined.verdict,
            "account": declined.account,
            "decision": declined.decision,
        }
    if not initial.get("decision"):
        enforcement = Enforcement.objects.filter(report=report).first()
        if enforcement is not None and (sentence := enforcement_sentence(enforcement)):
            initial["decision"] = sentence
    return ProposalStart(initial=initial, declined=declined)


def _day(value) -> str:
    return value.isoformat()


def enforcement_sentence(record: Enforcement) -> str:
    """The handling decision as the reporter reads it, from what the enforcement record says;
    empty when it says nothing yet."""
    parts = []
    if record.rectification_ordered_on:
        if record.rectification_deadline:
            parts.append(
                _("Rectification ordered on %(day)s, to be done by %(deadline)s")
                % {
                    "day": _day(record.rectification_ordered_on),
                    "deadline": _day(record.rectification_deadline),
                }
            )
        else:
            parts.append(
                _("Rectification ordered on %(day)s")
                % {"day": _day(record.rectification_ordered_on)}
            )
    if record.rectified_on:
        parts.append(_("rectified on %(day)s") % {"day": _day(record.rectified_on)})
    if record.case_filed_on:
        filed = _("case filed (立案) on %(day)s") % {"day": _day(record.case_filed_on)}
        if record.case_file_number:
            filed += _(" (file number %(number)s)") % {"number": record.case_file_number}
        parts.append(filed)
    if record.penalty_decision_number or record.penalty_decided_on:
        penalty = _("administrative penalty decided")
        if record.penalty_authority:
            penalty = _("administrative penalty decided by %(authority)s") % {
                "authority": record.penalty_authority
            }
        details = [
            v
            for v in (
                record.penalty_decision_number,
                _day(record.penalty_decided_on) if record.penalty_decided_on else "",
            )
            if v
        ]
        if details:
            penalty += _(" (decision %(details)s)") % {"details": " ".join(details)}
        parts.append(penalty)
    if record.fine is not None and record.fine > 0:
        parts.append(_("fined %(amount)s yuan") % {"amount": _amount(record.fine)})
    if record.suspended_on:
        parts.append(
            _("production suspended on %(day)s for rectification")
            % {"day": _day(record.suspended_on)}
        )
    if not parts:
        return ""
    # Translators: joins the parts of the handling decision, then ends the sentence.
    return _("%(parts)s.") % {"parts": _("; ").join(parts)}


def _amount(value) -> str:
    text = f"{value:,.2f}"
    return text.removesuffix(".00")


def case_of_form(token: str) -> Report | None:
    """The case a registration form (its one-time token) already made, if any: the form opened
    again with Back says so instead of inviting a second case."""
    from reports.services.intake import token_key

    submission = (
        FormSubmission.objects.select_related("report").filter(token_hash=token_key(token)).first()
    )
    return submission.report if submission else None
