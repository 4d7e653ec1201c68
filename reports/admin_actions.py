"""The safety office's steps on a case, each a form page in the admin that calls one service.

``OFFICE_ACTIONS`` says, per step: its title, when it is offered, its form, what the form
starts with, and the service call. The view that renders and runs them is generic.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reports import disclosure, selectors, services
from reports.forms_lifecycle import (
    AcceptForm,
    AssignForm,
    BodyDecisionForm,
    ConfirmForm,
    EnforcementForm,
    HandOverForm,
    ListForm,
    MergeForm,
    ObjectionReviewForm,
    PhotosForm,
    ProposeForm,
    RejectForm,
    RerouteForm,
    ReviewForm,
    SignedSlipForm,
)
from reports.models import Conclusion, Extension, Objection, Report
from units.models import Unit

S = Report.Status


@dataclass(frozen=True)
class OfficeAction:
    title: Any
    offered: Callable[[Report], bool]
    form: Callable[..., forms.Form]
    run: Callable[[Report, dict, Any], Any]
    initial: Callable[[Report], dict] = field(default=lambda r: {})
    help: Any = ""


def _paper(report: Report) -> bool:
    return bool(report.responsible_unit and report.responsible_unit.works_on_paper)


def _pending(report: Report) -> Conclusion:
    return report.conclusions.get(status=Conclusion.Status.SIGNED)


def _awaiting_body(report: Report) -> Extension | None:
    return report.extensions.filter(status=Extension.Status.AWAITING_BODY).first()


def _body_decision_form(report: Report, *args, **kwargs) -> BodyDecisionForm:
    extension = _awaiting_body(report)
    asked = services.extended_due_date(report, extension.days) if extension else None
    return BodyDecisionForm(*args, report=report, asked=asked, **kwargs)


def _record_body_decision(report: Report, data: dict, user) -> None:
    services.extension_body_decide(
        extension=report.extensions.get(status=Extension.Status.AWAITING_BODY),
        actor=user,
        approve=data["decision"] == "approve",
        decided_by=data["decided_by"],
        decided_on=data["decided_on"],
        reference=data["reference"],
        new_deadline=data["new_deadline"],
        note=data["note"],
    )


def _propose_and_sign(report: Report, data: dict, user) -> None:
    conclusion = services.conclusion_propose(
        report=report,
        actor=user,
        verdict=data["verdict"],
        account=data["account"],
        decision=data["decision"],
        evidence=data["evidence"],
        signed_slip=data["slip"],
    )
    services.conclusion_sign(conclusion=conclusion, actor=user)


class PaperConclusionForm(ProposeForm, SignedSlipForm):
    pass


OFFICE_ACTIONS: dict[str, OfficeAction] = {
    "accept": OfficeAction(
        title=_("Accept and transfer"),
        offered=lambda r: r.status == S.SUBMITTED,
        form=lambda r, *a, **k: AcceptForm(*a, report=r, **k),
        initial=lambda r: {
            "summary": disclosure.summary_prefill(r),
            "unit_address": disclosure.address_prefill(r),
            "unit_place": disclosure.place_prefill(r),
            "unit": selectors.suggested_unit(r),
        },
        run=lambda r, d, u: services.report_accept(
            report=r,
            actor=u,
            unit=d["unit"],
            summary=d["summary"],
            unit_address=d["unit_address"],
            unit_place=d["unit_place"],
            photos=d["photos"],
            confirm_not_identifying=d["confirm_not_identifying"],
        ),
        help=_("Accepting transfers the case at once; the 60 days start today."),
    ),
    "photos": OfficeAction(
        title=_("Photos for the unit"),
        offered=lambda r: r.accepted_at is not None and bool(disclosure.reporter_photos(r)),
        form=lambda r, *a, **k: PhotosForm(*a, report=r, **k),
        initial=lambda r: {
            "photos": [a.pk for a in disclosure.reporter_photos(r) if a.passed_to_unit_at]
        },
        run=lambda r, d, u: services.report_photos_pass(report=r, actor=u, photos=d["photos"]),
        help=_("Ticked photos are passed to the unit, the others withheld; this is recorded."),
    ),
    "reject": OfficeAction(
        title=_("Do not accept"),
        offered=lambda r: r.status == S.SUBMITTED,
        form=lambda r, *a, **k: RejectForm(*a, **k),
        run=lambda r, d, u: services.report_reject(
            report=r, actor=u, reason=d["reason"], note=d["note"], referred_to=d["referred_to"]
        ),
        help=_("The reporter reads the reason (and where it was referred) on the tracking page."),
    ),
    "merge": OfficeAction(
        title=_("Merge as a duplicate"),
        offered=lambda r: r.status == S.SUBMITTED,
        form=lambda r, *a, **k: MergeForm(*a, candidates=selectors.duplicate_candidates(r), **k),
        run=lambda r, d, u: services.report_merge(report=r, into=d["into"], actor=u),
        help=_(
            "The merged report keeps its reporter; only the first accepted reporter "
            "can be rewarded."
        ),
    ),
    "list": OfficeAction(
        title=_("List for supervision (挂牌督办)"),
        offered=lambda r: r.status not in Report.FINAL_STATUSES,
        form=lambda r, *a, **k: ListForm(*a, supervisors=selectors.supervisor_choices(r), **k),
        run=lambda r, d, u: services.report_list_for_supervision(
            report=r, actor=u, supervisor=d["supervisor"], reason=d["reason"]
        ),
    ),
    "reroute": OfficeAction(
        title=_("Send to another unit"),
        offered=lambda r: r.status == S.RETURNED,
        form=lambda r, *a, **k: RerouteForm(*a, report=r, **k),
        run=lambda r, d, u: services.report_reroute(
            report=r, actor=u, unit=d["unit"], note=d["note"]
        ),
        help=_("The due date stays as it is."),
    ),
    "assign": OfficeAction(
        title=_("Assign to the township (交办)"),
        offered=lambda r: r.status == S.SUBMITTED and r.township.kind in Unit.TOP_KINDS,
        form=lambda r, *a, **k: AssignForm(*a, report=r, **k),
        run=lambda r, d, u: services.report_assign(
            report=r, actor=u, township=d["township"], number=d["number"], deadline=d["deadline"]
        ),
        help=_(
            "The lead goes to the township's queue with your number and deadline; the "
            "township's reply comes back to your office here. To handle it yourself, accept "
            "and transfer it to any unit of the district instead."
        ),
    ),
    "hand_over": OfficeAction(
        title=_("Hand over to a district department (移送)"),
        offered=lambda r: (
            r.status in services.HANDOVER_SOURCES
            and bool(services.departments_for(r))
            and not (r.responsible_unit and r.responsible_unit.is_department)
        ),
        form=lambda r, *a, **k: HandOverForm(*a, report=r, **k),
        run=lambda r, d, u: services.report_hand_over(
            report=r, actor=u, unit=d["unit"], reason=d["reason"], request=d["request"]
        ),
        help=_(
            "The department works the case as its responsible unit. Your office keeps it: "
            "you review the conclusion and answer the reporter, and the due date keeps running."
        ),
    ),
    "hand_over_enforcement": OfficeAction(
        title=_("Hand the enforcement over to a district department (移送)"),
        offered=lambda r: (
            r.status in services.ENFORCEMENT_STATUSES
            and not r.enforcement_unit_id
            and not (r.responsible_unit and r.responsible_unit.is_department)
            and bool(services.departments_for(r))
        ),
        form=lambda r, *a, **k: HandOverForm(*a, report=r, **k),
        run=lambda r, d, u: services.report_hand_over_enforcement(
            report=r, actor=u, unit=d["unit"], reason=d["reason"], request=d["request"]
        ),
        help=_(
            "The department sees the case and records the enforcement (立案, penalty) as the "
            "penalty authority; the responsible unit keeps the investigation and the "
            "conclusion, and your office the rest."
        ),
    ),
    "body_extension": OfficeAction(
        title=_("Record the assigning body's decision on the extension"),
        offered=lambda r: _awaiting_body(r) is not None,
        form=_body_decision_form,
        run=_record_body_decision,
        # A lead assigned in the system: the assigning office decides, in its own name.
        initial=lambda r: (
            {
                "decided_by": r.assigned_by.public_name,
                "reference": r.external_number,
            }
            if r.assigned_by_id
            else {}
        ),
        help=_(
            "The extension passes the deadline of the body that assigned the case: it stands "
            "only with that body's approval. Record who decided there, when, and the reference "
            "of its reply."
        ),
    ),
    "paper_acknowledge": OfficeAction(
        title=_("Record the paper unit's acknowledgement"),
        offered=lambda r: r.status == S.TRANSFERRED and _paper(r),
        form=lambda r, *a, **k: SignedSlipForm(*a, **k),
        run=lambda r, d, u: services.report_acknowledge(report=r, actor=u, signed_slip=d["slip"]),
    ),
    "paper_enforcement": OfficeAction(
        title=_("Record the paper unit's enforcement"),
        offered=lambda r: _paper(r) and r.status in services.ENFORCEMENT_STATUSES,
        form=lambda r, *a, **k: EnforcementForm(*a, instance=getattr(r, "enforcement", None), **k),
        run=lambda r, d, u: services.enforcement_update(
            report=r,
            actor=u,
            values={n: d.get(n) for n in services.ENFORCEMENT_FIELDS},
            before=d["before"],
            after=d["after"],
        ),
    ),
    "paper_conclusion": OfficeAction(
        title=_("Record the paper unit's signed conclusion"),
        offered=lambda r: r.status == S.INVESTIGATING and _paper(r),
        form=lambda r, *a, **k: PaperConclusionForm(*a, **k),
        run=_propose_and_sign,
    ),
    "review": OfficeAction(
        title=_("Review the conclusion"),
        offered=lambda r: r.status == S.UNDER_REVIEW,
        form=lambda r, *a, **k: ReviewForm(*a, **k),
        run=lambda r, d, u: services.conclusion_review(
            conclusion=_pending(r),
            actor=u,
            accept=d["decision"] == "accept",
            reward_conditions_met=d.get("reward_conditions_met"),
            note=d["note"],
        ),
        help=_("A concluded case's conclusion is the reply the reporter reads."),
    ),
    "delivered": OfficeAction(
        title=_("Record the reply given by phone"),
        offered=lambda r: (
            r.status == S.CONCLUDED and services.reply_expected(r) and not r.reply_delivered_at
        ),
        form=lambda r, *a, **k: ConfirmForm(*a, **k),
        run=lambda r, d, u: services.reply_mark_delivered(report=r, method="call", actor=u),
        help=_("For reporters who do not use the tracking page: the objection window starts now."),
    ),
    "objection": OfficeAction(
        title=_("Review the objection"),
        offered=lambda r: r.status == S.OBJECTION,
        form=lambda r, *a, **k: ObjectionReviewForm(*a, **k),
        run=lambda r, d, u: services.objection_review(
            objection=r.objections.get(outcome=Objection.Outcome.PENDING),
            actor=u,
            upheld=d["outcome"] == "uphold",
            note=d["note"],
        ),
    ),
    "close": OfficeAction(
        title=_("Close the case"),
        offered=lambda r: r.status == S.CONCLUDED,
        form=lambda r, *a, **k: ConfirmForm(*a, **k),
        run=lambda r, d, u: services.report_close(report=r, actor=u),
        help=_("Possible once the objection window has ended."),
    ),
    "withdraw": OfficeAction(
        title=_("Record the reporter's withdrawal"),
        offered=lambda r: (
            not r.reply_waived and r.status in (*Report.RUNNING_STATUSES, S.CONCLUDED, S.SUBMITTED)
        ),
        form=lambda r, *a, **k: ConfirmForm(*a, **k),
        run=lambda r, d, u: services.report_withdraw(report=r),
        help=_(
            "After acceptance the investigation goes on; only the reply and the reward are waived."
        ),
    ),
}


def offered_actions(report: Report) -> list[tuple[str, OfficeAction]]:
    return [(name, action) for name, action in OFFICE_ACTIONS.items() if action.offered(report)]
