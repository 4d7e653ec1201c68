"""Where the campaign's paths meet (STYLE 32): random sequences of recording, printing, taking
back, correcting and submitting, by random people (a supervisor and another township's office
among them). After every step the monthly form of each unit says exactly what its units
recorded as done (corrections aside, frozen once submitted), whatever was printed; a
supervisor has changed nothing; every activity taken back left its audit entry."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from hypothesis import Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from core.errors import ApplicationError
from core.models import TimelineEntry
from publicity import selectors, services
from publicity.models import Activity, FormCell, FormColumn, Measure, PrintRecord
from publicity.periods import form_period
from tests.clock import at
from tests.units.factories import EnterpriseFactory, build_people, build_tree
from units import permissions
from units.models import Unit
from units.permissions import Perm

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
OCTOBER = form_period(2026, 10)
# People who may act come up more often than those who may not, so that long sequences of
# real work happen; the supervisor and the other township's office still try every step.
ACTORS = [
    "intake",
    "intake",
    "leader",
    "officer",
    "head",
    "village_officer",
    "supervisor",
    "intake2",
]
UNITS = ["township", "station", "station", "village", "member"]
PRINT_KINDS = ["card_stickers", "board_stickers", "poster_a4"]


class Campaign(RuleBasedStateMachine):
    """A township's October, step by step, against a plain model of what the form must say."""

    world: dict = {}  # the township, its people and an enterprise: made once per test

    @initialize()
    def start(self):
        # Each sequence starts from the same world and is rolled back at its end.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.tree, self.people = self.world["tree"], self.world["people"]
        self.enterprise = self.world["enterprise"]
        self.columns = [c for c in selectors.columns() if c.source == FormColumn.Source.ACTIVITIES]
        self.codes = sorted({m.code for c in self.columns for m in c.measures.all()})
        self.activities: dict[int, tuple[int, str, int]] = {}  # pk: (unit, measure, count)
        self.corrections: dict[tuple[int, str], int] = {}
        self.frozen: dict[int, dict[str, int]] = {}
        self.removed = 0

    def teardown(self):
        if hasattr(self, "atomic"):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    # --- The plain model -----------------------------------------------------------------
    def recorded(self, unit_id: int, column: FormColumn) -> int:
        codes = {m.code for m in column.measures.all()}
        return sum(n for u, code, n in self.activities.values() if u == unit_id and code in codes)

    def expected(self, unit_id: int) -> dict[str, int]:
        if unit_id in self.frozen:
            return self.frozen[unit_id]
        values = {c.code: 0 for c in selectors.columns()}
        for column in self.columns:
            values[column.code] = self.corrections.get(
                (unit_id, column.code), self.recorded(unit_id, column)
            )
        return values

    def may(self, actor: str, perm: Perm, unit: Unit) -> bool:
        return permissions.can(self.people[actor], perm, unit)

    # --- Steps ---------------------------------------------------------------------------
    @rule(
        actor=st.sampled_from(ACTORS),
        unit=st.sampled_from(UNITS),
        code=st.sampled_from(["gate_banner", "card_qr", "board_qr", "open_letter", "training"]),
        count=st.integers(1, 60),
        day=st.integers(1, 31),
    )
    def record(self, actor, unit, code, count, day):
        unit = self.tree[unit]
        measure = Measure.objects.get(code=code)
        extra = {"enterprise": self.enterprise} if measure.per_enterprise else {}
        try:
            activity = services.activity_record(
                actor=self.people[actor],
                unit=unit,
                measure=measure,
                date=OCTOBER.start + dt.timedelta(days=day - 1),
                count=count,
                **extra,
            )
        except ApplicationError:
            assert not self.may(actor, Perm.RECORD_CAMPAIGN, unit)
            return
        assert self.may(actor, Perm.RECORD_CAMPAIGN, unit) and actor != "supervisor"
        self.activities[activity.pk] = (unit.pk, code, count)

    @rule(
        actor=st.sampled_from(ACTORS),
        unit=st.sampled_from(UNITS),
        kind=st.sampled_from(PRINT_KINDS),
    )
    def print_sheets(self, actor, unit, kind):
        point = services.enterprise_point(enterprise=self.enterprise)
        try:
            with at(dt.date(2026, 10, 15)):
                services.prints_record(
                    actor=self.people[actor], unit=self.tree[unit], points=[point], kind=kind
                )
        except ApplicationError:
            assert not self.may(actor, Perm.RECORD_CAMPAIGN, self.tree[unit])

    @precondition(lambda self: self.activities)
    @rule(
        actor=st.sampled_from(ACTORS),
        pick=st.integers(0, 50),
        reason=st.sampled_from(["", "重复登记"]),
    )
    def take_back(self, actor, pick, reason):
        pk = sorted(self.activities)[pick % len(self.activities)]
        unit_id = self.activities[pk][0]
        activity = Activity.objects.select_related("unit").get(pk=pk)
        try:
            services.activity_delete(actor=self.people[actor], activity=activity, reason=reason)
        except ApplicationError:
            assert (
                not reason
                or unit_id in self.frozen
                or not self.may(actor, Perm.RECORD_CAMPAIGN, activity.unit)
            )
            return
        assert reason and unit_id not in self.frozen and actor != "supervisor"
        del self.activities[pk]
        self.removed += 1

    @rule(
        actor=st.sampled_from(ACTORS),
        unit=st.sampled_from(UNITS),
        column=st.sampled_from(["slogan", "card_qr", "board_icon", "open_letter", "training"]),
        value=st.one_of(st.integers(0, 80), st.just(None)),
    )
    def correct(self, actor, unit, column, value):
        unit = self.tree[unit]
        column = next(c for c in self.columns if c.code == column)
        recorded = self.recorded(unit.pk, column)
        value = recorded if value is None else value  # None: back to the data
        try:
            services.form_correct(
                actor=self.people[actor],
                unit=unit,
                year=2026,
                month=10,
                column=column,
                value=value,
                reason="补录" if value != recorded else "",
            )
        except ApplicationError:
            assert unit.pk in self.frozen or not self.may(actor, Perm.RECORD_CAMPAIGN, unit)
            return
        assert actor != "supervisor"
        if value == recorded:
            self.corrections.pop((unit.pk, column.code), None)
        else:
            self.corrections[(unit.pk, column.code)] = value

    @precondition(lambda self: self.corrections)
    @rule(actor=st.sampled_from(ACTORS), pick=st.integers(0, 50))
    def take_back_a_correction(self, actor, pick):
        unit_id, code = sorted(self.corrections)[pick % len(self.corrections)]
        self.correct(actor, next(k for k, u in self.tree.items() if u.pk == unit_id), code, None)

    @rule(actor=st.sampled_from(ACTORS), unit=st.sampled_from(UNITS))
    def submit(self, actor, unit):
        unit = self.tree[unit]
        expected = self.expected(unit.pk)
        try:
            services.form_submit(
                actor=self.people[actor], unit=unit, year=2026, month=10, channel="system"
            )
        except ApplicationError:
            assert not self.may(actor, Perm.ANSWER_FOR, unit)
            return
        assert actor != "supervisor"
        self.frozen.setdefault(unit.pk, expected)

    # --- What must hold after every step -------------------------------------------------
    @invariant()
    def the_form_says_what_was_recorded(self):
        if not hasattr(self, "tree"):
            return
        # The township's sheet: its own row, and one row per unit below it (each a leaf here,
        # so its row is its own form).
        sheet = selectors.form_sheet(self.tree["township"], OCTOBER)
        assert len(sheet["rows"]) == 5
        for row in sheet["rows"]:
            assert row.values == self.expected(row.unit.pk), row.unit.name

    @invariant()
    def a_supervisor_changed_nothing_and_every_removal_is_audited(self):
        if not hasattr(self, "tree"):
            return
        supervisor = self.people["supervisor"]
        assert not Activity.objects.filter(created_by=supervisor).exists()
        assert not PrintRecord.objects.filter(printed_by=supervisor).exists()
        assert not FormCell.objects.filter(edited_by=supervisor).exists()
        assert (
            TimelineEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Unit),
                action="publicity.activity.removed",
            ).count()
            == self.removed
        )
        assert set(Activity.objects.values_list("pk", flat=True)) == set(self.activities)


def test_the_forms_figures_hold_through_any_sequence_of_steps():
    with at(TODAY, tick=True):
        tree = build_tree()
        Campaign.world = {
            "tree": tree,
            "people": build_people(tree),
            "enterprise": EnterpriseFactory(
                village=tree["village"], supervising_unit=tree["station"]
            ),
        }
        # No shrinking: each step reads the database, and a failing sequence of twenty steps
        # is short enough to read as it comes.
        Campaign.TestCase.settings = settings(
            max_examples=50,
            stateful_step_count=20,
            deadline=None,
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
        )
        Campaign.TestCase().runTest()
