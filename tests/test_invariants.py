"""The three promises as invariants, checked after every step of random sequences.

A Hypothesis state machine drives a few cases through intake, triage, investigation,
enforcement, conclusion, objection and reopening, and their rewards through every step, with
the real services on PostgreSQL, each step taken by a person drawn at random (the right one
more often than not, and anyone else: another township's clerk, a supervisor, a stranger, an
administrator). Time passes between steps and the sweeps run. Refusals are expected; anything
else a service raises fails the test. After every step:

- no reward stands approved, claimed or expired-but-claimable unless its case is concluded as
  verified, not reopened and not withdrawn; and a payment is recorded only on such a case;
- a reward is paid at most once, only by a payment finance recorded, for the approved amount;
- nobody on the register of people with safety duties (as the machine itself entered it) is
  paid, nor a reporter who declared such duties; the person paid is the reporter (by ID
  number) or, for a reporter who left none, whoever proved the receipt code;
- an approved amount never changes while that approval stands;
- nothing a unit can open (its view of the case, its timeline) carries a reporter's name,
  phone or ID number, in any spacing, width or separators, although they are planted in the
  description, the address and in texts the office types;
- every change of a case's or a reward's status has its timeline entry.

Bounded for CI (about 20 seconds); ``--hypothesis-profile=long`` explores far more (README).
``pytest tests/test_invariants.py -s`` prints what the steps did (done, refused and why).
"""

import datetime as dt
import re
import unicodedata
from collections import Counter
from decimal import Decimal

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from core.calendar import local_date
from core.errors import ApplicationError
from core.models import TimelineEntry
from reports import clocks, disclosure, selectors
from reports import services as reports
from reports.models import Conclusion, Objection, Report, Reporter
from reports.services import ReporterInput
from rewards import services as rewards
from rewards.models import Payment, Reward
from tests.reports.factories import make_intake
from tests.units.factories import person
from units.models import Role, SafetyDutyPerson

pytestmark = pytest.mark.django_db

S = Report.Status
R = Reward.Status
NAMES = ["欧阳铁柱", "司马红梅", "诸葛建国", "上官秀英", "皇甫志强", "慕容小芳"]
SUMMARY = "仓库消防通道被货物堵死，灭火器过期，需核查整改"
MAX_CASES = 5
OUTCOMES: Counter[str] = Counter()  # what the steps did, over the whole run


def id_number(serial: int) -> str:
    """A valid 18-digit ID number (its check digit computed by the national rule)."""
    body = f"11010519900101{serial:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def phone(serial: int) -> str:
    return f"1391234{serial:04d}"


# The reporters (one each, in order) and who may come to the counter: any of them.
PEOPLE = [(NAMES[i], id_number(i), phone(i)) for i in range(len(NAMES))]


def folded(text: str) -> str:
    """The text as a reader would take it: full-width folded, spaces and separators gone."""
    text = unicodedata.normalize("NFKC", str(text)).upper()
    return re.sub(r"[\s\-‐–—_.·・/()（）,，、:：]", "", text)


def planted(identity: tuple[str, str, str], form: int) -> str:
    """The reporter's identity written into a text, in one of several disguises."""
    name, id_no, tel = identity
    wide = tel.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return [
        f"举报人{name}反映",
        f"联系电话{tel}",
        f"电话 {tel[:3]} {tel[3:7]} {tel[7:]}",
        f"电话{wide}",
        f"身份证{id_no[:6]}-{id_no[6:14]}-{id_no[14:]}",
        f"{name[0]} {name[1:]}说的",
    ][form % 6]


def any_actor(*right: str):
    """The right person most of the time, anyone else otherwise."""
    everyone = [
        "intake",
        "intake2",
        "officer",
        "member_officer",
        "head",
        "leader",
        "finance",
        "custodian",
        "supervisor",
        "nobody",
        "admin",
    ]
    return st.sampled_from([*right, *right, *right, *everyone])


cases = st.integers(min_value=0, max_value=MAX_CASES - 1)
TWISTS = ["", "object", "object", "withdraw", "jump"]


def case_stands(report: Report) -> str:
    """Why no reward may be approved, claimed or paid on this case now ("" when it may),
    written here from the rules, not borrowed from the code under test."""
    if report.source == Report.Source.UPSTREAM:
        return "assigned from above"
    if report.reply_waived:
        return "withdrawn by the reporter"
    if report.status not in (S.CONCLUDED, S.OBJECTION, S.CLOSED):
        return f"not concluded ({report.status})"
    accepted = report.conclusions.filter(status=Conclusion.Status.ACCEPTED).order_by("-pk")
    if not accepted or accepted[0].verdict == Conclusion.Verdict.FALSE:
        return "not concluded as verified"
    return ""


class Promises(RuleBasedStateMachine):
    tree: dict
    people: dict

    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.traveller = time_machine.travel(timezone.now(), tick=True)
        self.clock = self.traveller.start()
        self.cases: list[dict] = []
        self.registered: set[str] = set()  # IDs and phones the machine put on the register
        self.approvals: dict[int, tuple] = {}  # reward -> (approved_at, amount)
        self.payments: set[int] = set()  # rewards whose payment the machine saw recorded
        self.code_proven: set[int] = set()  # rewards whose receipt code was shown at the counter
        self.seen: dict[int, tuple] = {}  # report -> (status, reward status, entry counts)
        OUTCOMES["runs"] += 1

    def teardown(self) -> None:
        try:
            self._unit_pages_hold_no_identity()
        finally:
            self.traveller.stop()
            transaction.savepoint_rollback(self.savepoint)

    # --------------------------------------------------------------------------
    # Helpers
    # --------------------------------------------------------------------------
    def actor(self, key: str):
        return self.people[key]

    def case(self, index: int) -> dict:
        return self.cases[index % len(self.cases)]

    def report(self, index: int) -> Report:
        return Report.objects.get(pk=self.case(index)["id"])

    def reward(self, index: int) -> Reward | None:
        return Reward.objects.filter(report_id=self.case(index)["id"]).first()

    def attempt(self, step, **kwargs):
        """Run a service; a refusal (ApplicationError) is an answer, anything else a failure."""
        name = getattr(step, "__name__", "step")
        try:
            result = step(**kwargs)
        except ApplicationError as refusal:
            OUTCOMES[f"{name}: refused ({str(refusal)[:40]})"] += 1
            return None
        OUTCOMES[f"{name}: done"] += 1
        self._note_approvals()
        return result

    # --------------------------------------------------------------------------
    # Intake
    # --------------------------------------------------------------------------
    @initialize(
        kinds=st.lists(
            st.sampled_from(["named_with_id", "named", "anonymous", "named_with_id", "staff"]),
            min_size=2,
            max_size=3,
        ),
        form=st.integers(0, 5),
    )
    def first_reports(self, kinds, form):
        for kind in kinds:
            self.intake(kind, plant_description=True, plant_address=True, form=form)

    @precondition(lambda self: len(self.cases) < MAX_CASES)
    @rule(
        kind=st.sampled_from(["named_with_id", "named", "anonymous", "staff"]),
        plant_description=st.booleans(),
        plant_address=st.booleans(),
        form=st.integers(0, 5),
    )
    def intake(self, kind, plant_description, plant_address, form):
        serial = len(self.cases)
        identity = PEOPLE[serial]
        name, id_no, tel = identity
        reporter = {
            "named_with_id": ReporterInput(
                name=name, phone=tel, id_number=id_no, declaration="none"
            ),
            "named": ReporterInput(name=name, phone=tel, declaration="none"),
            "anonymous": ReporterInput(declaration="none"),
            "staff": ReporterInput(name=name, phone=tel, id_number=id_no, declaration="staff"),
        }[kind]
        description = "仓库消防通道被货物堵死，灭火器过期。"
        if plant_description:
            description += f"我是{name}，{planted(identity, form)}，晚上还在生产。"
        address = "东村二组12号" + (f"（{planted(identity, form + 1)}）" if plant_address else "")
        intake = make_intake(
            village=self.tree["village"],
            description=description,
            address=address,
            reporters=[reporter],
        )
        self.cases.append(
            {
                "id": intake.report.pk,
                "kind": kind,
                "code": intake.receipt_code,
                "identity": identity,
                # What no unit may read: the numbers always (any phone or ID number is masked),
                # the name when the system can know it (left on record, or said in the
                # description as the reporter's own: "我是…").
                "secrets": (
                    id_no,
                    tel,
                    *([name] if kind != "anonymous" or plant_description else []),
                ),
            }
        )

    # --------------------------------------------------------------------------
    # The usual next step, by the right person: keeps sequences reaching the deep states
    # (payment, reopening after payment) that random steps alone rarely reach.
    # --------------------------------------------------------------------------
    @precondition(lambda self: self.cases)
    @rule(index=cases, steps=st.integers(1, 8), twist=st.sampled_from(TWISTS))
    def next_steps(self, index, steps, twist=""):
        """The usual steps; with a ``twist`` the reporter, once the case is concluded, objects
        (and the office upholds it) or withdraws the report; or ("jump") before each step the
        unit and the office try the steps meant for other statuses."""
        for _ in range(steps):
            if twist == "jump":
                self._jump(index)
            self._next_step(index, twist)

    def _jump(self, index):
        report = self.report(index)
        officer = "officer" if report.responsible_unit_id == self.tree["station"].pk else None
        self.attempt(
            reports.report_acknowledge, report=report, actor=self.actor(officer or "member_officer")
        )
        self.attempt(
            reports.report_accept,
            report=self.report(index),
            actor=self.actor("intake"),
            unit=self.tree["member"],
            summary=SUMMARY,
            unit_address="东村二组",
        )
        self.attempt(
            reports.report_reroute,
            report=self.report(index),
            actor=self.actor("intake"),
            unit=self.tree["station"],
        )

    # Rules are drawn evenly: a second rule for the usual steps weighs them against the ~20
    # rules that try anything, so that most runs reach payments and reopenings.
    @precondition(lambda self: self.cases)
    @rule(index=cases, steps=st.integers(1, 8), twist=st.sampled_from(TWISTS))
    def more_next_steps(self, index, steps, twist):
        self.next_steps(index, steps, twist)

    @precondition(lambda self: self.cases)
    @rule(steps=st.integers(1, 4))
    def every_case_moves_on(self, steps):
        for _ in range(steps):
            for index in range(len(self.cases)):
                self._next_step(index)

    def _next_step(self, index, twist=""):
        report, reward = self.report(index), self.reward(index)
        OUTCOMES[f"next from {report.status}/{reward.status if reward else '-'}"] += 1
        who = self.actor
        officer = "officer" if report.responsible_unit_id == self.tree["station"].pk else None
        officer = officer or "member_officer"
        if report.status == S.SUBMITTED:
            self.attempt(
                reports.report_accept,
                report=report,
                actor=who("intake"),
                unit=self.tree["station"],
                summary=SUMMARY,
                unit_address="东村二组",
            )
        elif report.status == S.RETURNED:
            self.attempt(
                reports.report_reroute, report=report, actor=who("intake"), unit=self.tree["member"]
            )
        elif report.status == S.TRANSFERRED:
            self.attempt(reports.report_acknowledge, report=report, actor=who(officer))
        elif report.status == S.INVESTIGATING:
            if not hasattr(report, "enforcement"):
                self.enforce(index, officer, "40000", filed=False)
            elif not self._pending(index, Conclusion.Status.PROPOSED):
                self.propose(index, officer, "true")
            else:
                self.sign(index, "head")
        elif report.status == S.UNDER_REVIEW:
            self.review(index, "intake", accept=True, met=True, form=None)
        elif report.status == S.OBJECTION and twist != "jump":
            self.decide_objection(index, "intake", upheld=twist == "object")
        elif (
            report.status == S.CONCLUDED
            and twist == "object"
            and reward is not None
            and reward.status in (R.NOTIFIED, R.CLAIMED, R.PAID)
        ):
            self.object_to_conclusion(index)
            self._jump(index)  # and the unit tries to take the case back at once
        elif report.status == S.CONCLUDED and twist == "withdraw" and reward is not None:
            self.withdraw(index, now=True)
        elif reward is None or reward.status == R.REFUSED:
            self.calculate(index)
        elif reward.status == R.CALCULATED:
            self.office_step(index, "submit", "intake")
        elif reward.status == R.SUBMITTED:
            self.office_step(index, "approve", "leader")
        elif reward.status in (R.NOTIFIED, R.EXPIRED):
            self.reporter_step(index, decline=False, method="bank")
        elif reward.status == R.CLAIMED and not reward.recipient_verified_at:
            self.counter_check(index, "finance", 0, own=True, code="right")
        elif reward.status == R.CLAIMED:
            self.pay(index, "finance", 0)

    # --------------------------------------------------------------------------
    # The office: triage
    # --------------------------------------------------------------------------
    @precondition(lambda self: self.cases)
    @rule(
        index=cases,
        who=any_actor("intake"),
        summary=st.one_of(st.just(None), st.just(SUMMARY), st.integers(0, 5)),
        address=st.one_of(st.just(None), st.integers(0, 5)),
        confirm=st.booleans(),
        unit=st.sampled_from(["station", "member", "village2"]),
    )
    def accept(self, index, who, summary, address, confirm, unit):
        report = self.report(index)
        identity = self.case(index)["identity"]
        if summary is None:
            text = disclosure.summary_prefill(report)
        elif isinstance(summary, int):
            text = f"{SUMMARY}，{planted(identity, summary)}"
        else:
            text = summary
        self.attempt(
            reports.report_accept,
            report=report,
            actor=self.actor(who),
            unit=self.tree[unit],
            summary=text,
            unit_address=None if address is None else f"东村二组{planted(identity, address)}",
            confirm_not_identifying=confirm,
        )

    @precondition(lambda self: self.cases)
    @rule(
        index=cases,
        who=any_actor("intake"),
        reason=st.sampled_from(["no_target", "bogus"]),
        now=st.sampled_from([True, False, False]),
    )
    def reject(self, index, who, reason, now):
        if now:
            self.attempt(
                reports.report_reject,
                report=self.report(index),
                actor=self.actor(who),
                reason=reason,
            )

    @precondition(lambda self: self.cases)
    @rule(index=cases, now=st.sampled_from([True, False, False]))
    def withdraw(self, index, now):
        if now:
            self.attempt(reports.report_withdraw, report=self.report(index))

    @precondition(lambda self: self.cases)
    @rule(
        index=cases,
        who=any_actor("intake"),
        unit=st.sampled_from(["member", "station"]),
        form=st.one_of(st.none(), st.integers(0, 5)),
    )
    def reroute(self, index, who, unit, form):
        note = "" if form is None else planted(self.case(index)["identity"], form)
        self.attempt(
            reports.report_reroute,
            report=self.report(index),
            actor=self.actor(who),
            unit=self.tree[unit],
            note=note,
        )

    # --------------------------------------------------------------------------
    # The unit: investigation and conclusion
    # --------------------------------------------------------------------------
    @precondition(lambda self: self.cases)
    @rule(index=cases, who=any_actor("officer", "member_officer"))
    def acknowledge(self, index, who):
        self.attempt(reports.report_acknowledge, report=self.report(index), actor=self.actor(who))

    @precondition(lambda self: self.cases)
    @rule(index=cases, who=any_actor("officer", "member_officer"))
    def give_back(self, index, who):
        self.attempt(
            reports.report_return,
            report=self.report(index),
            actor=self.actor(who),
            reason="不属于本单位职责",
        )

    @precondition(lambda self: self.cases)
    @rule(
        index=cases,
        who=any_actor("officer", "member_officer"),
        fine=st.sampled_from(["2000", "40000", "300000"]),
        filed=st.booleans(),
    )
    def enforce(self, index, who, fine, filed):
        values = {
            "penalty_decision_number": "渝安罚〔2026〕12号",
            "penalty_decided_on": local_date(),
            "fine": Decimal(fine),
        }
        if filed:
            values["case_filed_on"] = local_date()
        self.attempt(
            reports.enforcement_update,
            report=self.report(index),
            actor=self.actor(who),
            values=values,
        )

    @precondition(lambda self: self.cases)
    @rule(
        index=cases,
        who=any_actor("officer", "member_officer"),
        verdict=st.sampled_from(["true", "true", "partly", "false"]),
    )
    def propose(self, index, who, verdict):
        self.attempt(
            reports.conclusion_propose,
            report=self.report(index),
            actor=self.actor(who),
            verdict=verdict,
            account="现场核查：消防通道堆放货物约20平方米。",
            decision="责令立即清理，依法处罚。",
        )

    def _pending(self, index: int, status: str) -> Conclusion | None:
        return Conclusion.objects.filter(report_id=self.case(index)["id"], status=status).first()

    @precondition(lambda self: self.cases)
    @rule(index=cases, who=any_actor("head"))
    def sign(self, index, who):
        conclusion = self._pending(index, Conclusion.Status.PROPOSED)
        if conclusion is not None:
            self.attempt(reports.conclusion_sign, conclusion=conclusion, actor=self.actor(who))

    @precondition(lambda self: self.cases)
    @rule(
        index=cases,
        who=any_actor("intake"),
        accept=st.booleans(),
        met=st.sampled_from([True, True, False]),
        form=st.one_of(st.none(), st.integers(0, 5)),
    )
    def review(self, index, who, accept, met, form):
        conclusion = self._pending(index, Conclusion.Status.SIGNED)
        if conclusion is None:
            return
        note = "请补充整改照片" if form is None else planted(self.case(index)["identity"], form)
        self.attempt(
            reports.conclusion_review,
            conclusion=conclusion,
            actor=self.actor(who),
            accept=accept,
            reward_conditions_met=met,
            note="" if accept else note,
        )

    # --------------------------------------------------------------------------
    # The reporter's objection, and reopening
    # --------------------------------------------------------------------------
    @precondition(lambda self: self.cases)
    @rule(index=cases)
    def object_to_conclusion(self, index):
        report = self.report(index)
        self.attempt(reports.reply_mark_delivered, report=report, method="track")
        self.attempt(reports.objection_submit, report=report, reason="整改没有完成，晚上照常生产")

    @precondition(lambda self: self.cases)
    @rule(index=cases, who=any_actor("intake"), upheld=st.booleans())
    def decide_objection(self, index, who, upheld):
        objection = Objection.objects.filter(
            report_id=self.case(index)["id"], outcome=Objection.Outcome.PENDING
        ).first()
        if objection is not None:
            self.attempt(
                reports.objection_review,
                objection=objection,
                actor=self.actor(who),
                upheld=upheld,
                note="异议成立，重新核查" if upheld else "维持原结论",
            )

    # --------------------------------------------------------------------------
    # Rewards: every step
    # --------------------------------------------------------------------------
    @precondition(lambda self: self.cases)
    @rule(index=cases)
    def calculate(self, index):
        self.attempt(rewards.reward_calculate, report=self.report(index))

    @precondition(lambda self: self.cases)
    @rule(
        index=cases,
        step=st.sampled_from(["submit", "approve", "disapprove", "refuse", "extend"]),
        who=any_actor("intake", "leader"),
    )
    def office_step(self, index, step, who):
        reward = self.reward(index)
        if reward is None:
            return
        calls = {
            "submit": (rewards.reward_submit, {}),
            "approve": (rewards.reward_approve, {}),
            "disapprove": (rewards.reward_approve, {"approve": False, "note": "证据不足"}),
            "refuse": (
                rewards.reward_refuse,
                {"reason": Reward.Reason.CONDITIONS, "note": "不符合条件"},
            ),
            "extend": (
                rewards.reward_extend_claim,
                {
                    "until": local_date() + dt.timedelta(days=30),
                    "reason": "举报人住院，申请延期领取",
                },
            ),
        }
        function, extra = calls[step]
        self.attempt(function, reward=reward, actor=self.actor(who), **extra)

    @precondition(lambda self: self.cases)
    @rule(index=cases, decline=st.booleans(), method=st.sampled_from(["bank", "cash"]))
    def reporter_step(self, index, decline, method):
        reward = self.reward(index)
        if reward is None:
            return
        if decline:
            self.attempt(rewards.reward_decline, reward=reward)
        else:
            self.attempt(rewards.reward_claim, reward=reward, method=method)

    @precondition(lambda self: self.cases)
    @rule(
        index=cases,
        who=any_actor("finance"),
        comer=st.integers(0, len(PEOPLE) - 1),
        own=st.booleans(),
        code=st.sampled_from(["right", "wrong", "none"]),
    )
    def counter_check(self, index, who, comer, own, code):
        """Someone comes for the money: the reporter themself (``own``) or anyone else."""
        reward = self.reward(index)
        if reward is None:
            return
        case = self.case(index)
        name, id_no, tel = case["identity"] if own else PEOPLE[comer]
        receipt = {"right": case["code"] or "", "wrong": "ABCD-EFGH-JKLM", "none": ""}[code]
        checked = self.attempt(
            rewards.reward_verify_recipient,
            reward=reward,
            actor=self.actor(who),
            name=name,
            id_number=id_no,
            phone=tel,
            receipt_code=receipt,
        )
        if checked is not None and code == "right":
            self.code_proven.add(reward.pk)

    @precondition(lambda self: self.cases)
    @rule(index=cases, who=any_actor("finance"), comer=st.integers(0, len(PEOPLE) - 1))
    def pay(self, index, who, comer):
        reward = self.reward(index)
        if reward is None:
            return
        case = self.case(index)
        given = reward.recipient_id_number or PEOPLE[comer][1]
        payment = self.attempt(
            rewards.reward_pay,
            reward=reward,
            actor=self.actor(who),
            method="bank",
            voucher_number=f"记-{reward.pk}",
            paid_on=local_date(),
            recipient_id_number=given,
        )
        if payment is None or reward.pk in self.payments:
            return
        self.payments.add(reward.pk)
        # Paid only on a case that stands, and never to anyone on the register.
        report = Report.objects.get(pk=case["id"])
        assert not case_stands(report), f"paid on a case that does not stand: {case_stands(report)}"
        assert not report.objections.filter(outcome=Objection.Outcome.PENDING).exists()
        paid = Reward.objects.get(pk=reward.pk)
        assert payment.amount == paid.amount == self.approvals[reward.pk][1]
        reporters = list(Reporter.objects.filter(report_id=case["id"]))
        assert all(p.declaration != Reporter.Declaration.STAFF for p in reporters)
        assert paid.recipient_id_number not in self.registered, "paid to a registered person"
        assert paid.recipient_phone not in self.registered, "paid to a registered phone"
        for p in reporters:
            assert p.id_number not in self.registered and p.phone not in self.registered
        # The person entitled: the reporter's own ID number, or whoever showed the receipt code.
        first = min(reporters, key=lambda p: p.position)
        if first.id_number:
            assert paid.recipient_id_number == first.id_number, "paid to someone else"
        else:
            assert reward.pk in self.code_proven, "paid without the receipt code"

    # --------------------------------------------------------------------------
    # The register, and time
    # --------------------------------------------------------------------------
    @rule(comer=st.integers(0, len(PEOPLE) - 1), by=st.sampled_from(["id", "phone"]))
    def put_on_register(self, comer, by):
        _name, id_no, tel = PEOPLE[comer]
        duty = SafetyDutyPerson(unit=self.tree["township"], relation="relative", label="亲属")
        duty.set_identity(**({"id_number": id_no} if by == "id" else {"phone": tel}))
        duty.save()
        self.registered.add(id_no if by == "id" else tel)

    @precondition(lambda self: self.cases)
    @rule(days=st.sampled_from([1, 3, 20, 45, 120]))
    def time_passes(self, days):
        self.clock.shift(dt.timedelta(days=days))
        today = local_date()
        clocks.clocks_sweep(today=today)
        clocks.close_after_objection_window(today=today)
        rewards.reward_sweep()

    # --------------------------------------------------------------------------
    # The promises
    # --------------------------------------------------------------------------
    @invariant()
    def rewards_follow_their_case(self):
        OUTCOMES["steps"] += 1
        live = Reward.objects.filter(status__in=[R.NOTIFIED, R.CLAIMED, R.EXPIRED]).select_related(
            "report__category"
        )
        for reward in live:
            why = case_stands(reward.report)
            assert not why, f"reward {reward.status} on a case that does not stand: {why}"

    @invariant()
    def one_payment_only_by_finance(self):
        paid = list(Payment.objects.values_list("reward_id", flat=True))
        assert len(paid) == len(set(paid)), "a reward paid twice"
        assert set(paid) == self.payments, "a payment nobody recorded at the counter"
        assert set(Reward.objects.filter(status=R.PAID).values_list("pk", flat=True)) == set(paid)

    @invariant()
    def approved_amounts_never_change(self):
        self._note_approvals()

    def _note_approvals(self) -> None:
        for reward in Reward.objects.exclude(approved_at=None):
            known = self.approvals.get(reward.pk)
            if known and known[0] == reward.approved_at:
                assert reward.amount == known[1], "an approved amount changed"
            self.approvals[reward.pk] = (reward.approved_at, reward.amount)

    @invariant()
    def every_change_is_on_the_timeline_and_units_never_read_the_identity(self):
        """One pass over the cases (three queries): a status that moved has a new entry, and
        what a unit reads of a case is read again whenever the case has a new entry (every
        service that changes a text a unit reads records one)."""
        ids = [case["id"] for case in self.cases]
        statuses = dict(Report.objects.filter(pk__in=ids).values_list("pk", "status"))
        rewarded = dict(Reward.objects.filter(report_id__in=ids).values_list("report_id", "status"))
        counts = {
            row["object_id"]: (row["reports"], row["rewards"])
            for row in TimelineEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Report), object_id__in=ids
            )
            .values("object_id")
            .annotate(
                reports=Count("pk", filter=Q(action__startswith="reports.")),
                rewards=Count("pk", filter=Q(action__startswith="rewards.")),
            )
        }
        for case in self.cases:
            pk = case["id"]
            now = (statuses[pk], rewarded.get(pk), *counts.get(pk, (0, 0)))
            before = self.seen.get(pk)
            if before is not None:
                if now[0] != before[0]:
                    assert now[2] > before[2], f"{before[0]} → {now[0]} left no entry"
                if now[1] != before[1]:
                    assert now[3] > before[3], f"reward {before[1]} → {now[1]} left no entry"
            if before != now:
                self._unit_view_holds_no_identity(case)
            self.seen[pk] = now

    def _unit_view_holds_no_identity(self, case: dict) -> None:
        report = Report.objects.select_related(
            "category", "village", "township", "responsible_unit"
        ).get(pk=case["id"])
        if report.accepted_at is None:
            return
        view = disclosure.unit_view(report)
        texts = [view.summary, view.address, view.place, view.listed_reason]
        for entry in selectors.unit_timeline(report):
            texts += [entry.note, str(getattr(entry, "label", ""))]
        self._assert_no_identity(case, texts, where="the unit's view")

    # --------------------------------------------------------------------------
    def _assert_no_identity(self, case: dict, texts, *, where: str) -> None:
        for text in texts:
            flat = folded(text)
            for secret in case["secrets"]:
                assert secret not in flat, f"{where} shows {secret!r}: {text!r}"

    def _unit_pages_hold_no_identity(self) -> None:
        """The pages themselves, as the unit's officer opens them."""
        client = Client()
        for case in self.cases:
            report = Report.objects.select_related("responsible_unit").get(pk=case["id"])
            if report.responsible_unit_id is None:
                continue
            officer = (
                "officer" if report.responsible_unit_id == self.tree["station"].pk else None
            ) or ("member_officer" if report.responsible_unit_id == self.tree["member"].pk else "")
            if not officer:
                continue
            client.force_login(self.people[officer])
            page = client.get(reverse("reports:unit-case", args=[report.number]))
            if page.status_code == 200:
                self._assert_no_identity(case, [page.content.decode()], where="the unit page")


def _machine_settings() -> settings:
    """CI: a bounded run. ``--hypothesis-profile=long`` (registered in tests/conftest.py):
    that profile's far larger numbers of runs and steps."""
    if settings.get_current_profile_name() == "long":
        return settings(settings.default)
    return settings(
        max_examples=12,
        stateful_step_count=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def test_the_promises_hold_whatever_happens_in_whatever_order(postgres, tree, people):
    people["member_officer"] = person("member_officer", tree["member"], Role.OFFICER)
    Promises.tree, Promises.people = tree, people
    OUTCOMES.clear()
    run_state_machine_as_test(Promises, settings=_machine_settings())
    print("\n".join(f"{n:6} {what}" for what, n in sorted(OUTCOMES.items())))
