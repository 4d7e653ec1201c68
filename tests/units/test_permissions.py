"""One permission module answers who may do what on which unit (DESIGN §2): each role reaches
its own unit or its subtree, supervisors only see, administrators never stand in for the
roles the rules name, and a unit the user may not act for is a 404, never another unit."""

import pytest
from django.db.models import Q
from django.http import Http404

from core.errors import ApplicationError
from tests.units.factories import person
from units import permissions, services
from units.models import ConfidentialSource, Role, Unit
from units.permissions import PERSONAL, RULES, WRITES, Perm

pytestmark = pytest.mark.django_db


def test_supervisors_hold_no_permission_that_writes():
    for perm in WRITES:
        assert Role.SUPERVISOR not in RULES[perm].grants, perm
    # ...and every permission is either a write or a way of seeing, said once.
    assert set(RULES) == set(Perm)


def test_a_unit_role_reaches_its_own_unit_and_an_office_role_its_subtree(tree, people):
    officer, intake = people["officer"], people["intake"]
    assert permissions.can(officer, Perm.INVESTIGATE, tree["station"])
    assert not permissions.can(officer, Perm.INVESTIGATE, tree["village"])
    assert not permissions.can(officer, Perm.TRIAGE, tree["station"])
    for unit in ("township", "village", "station", "member"):
        assert permissions.can(intake, Perm.TRIAGE, tree[unit]), unit
    assert not permissions.can(intake, Perm.TRIAGE, tree["township2"])
    assert not permissions.can(intake, Perm.TRIAGE, tree["village2"])
    assert not permissions.can(intake, Perm.TRIAGE, tree["district"])
    assert not permissions.can(intake, Perm.TRIAGE, None)


def test_the_supervisor_sees_the_district_and_changes_nothing(tree, people):
    supervisor = people["supervisor"]
    for unit in tree.values():
        assert permissions.can(supervisor, Perm.SEE_DASHBOARD, unit)
        assert permissions.can(supervisor, Perm.SEE_CAMPAIGN, unit)
        for perm in WRITES:
            assert not permissions.can(supervisor, perm, unit), (perm, unit)
    with pytest.raises(ApplicationError, match="不能为该单位登记宣传工作"):
        permissions.require(supervisor, Perm.RECORD_CAMPAIGN, tree["village"])


def test_an_administrator_never_stands_in_for_a_named_role(tree, people):
    admin = people["admin"]
    assert permissions.can(admin, Perm.TRIAGE, tree["village2"])
    assert permissions.can(admin, Perm.SEE_DASHBOARD, tree["district"])
    for perm in PERSONAL:
        assert not permissions.can(admin, perm, tree["township"]), perm
        assert not permissions.holds(admin, perm), perm
    assert permissions.scope_q(admin, Perm.TRIAGE) == Q()
    assert not Unit.objects.filter(permissions.scope_q(admin, Perm.UNSEAL)).exists()


@pytest.mark.parametrize("perm", list(Perm))
def test_the_filter_and_the_question_always_agree(tree, people, perm):
    units = list(Unit.objects.all())
    for user in people.values():
        by_filter = set(
            Unit.objects.filter(permissions.scope_q(user, perm)).values_list("pk", flat=True)
        )
        by_question = {u.pk for u in units if permissions.can(user, perm, u)}
        assert by_filter == by_question, (user.username, perm)


def test_roots_are_the_highest_units(tree, people):
    services.membership_grant(user=people["leader"], unit=tree["village"], role=Role.LEADER)
    people["leader"].refresh_from_db()
    assert permissions.roots(people["leader"], Perm.APPROVE) == [tree["township"]]
    assert permissions.roots(people["nobody"], Perm.APPROVE) == []


@pytest.mark.parametrize(
    "value", ["", "abc", "-1", "0", "1.5", "９", "99999999999999999999", None, "1 OR 1=1"]
)
def test_an_odd_unit_in_an_address_is_a_404(tree, people, value):
    with pytest.raises(Http404):
        permissions.unit_or_404(people["intake"], Perm.TRIAGE, value)


def test_a_foreign_unit_in_an_address_is_a_404_never_another_unit(tree, people):
    intake = people["intake"]
    assert permissions.unit_or_404(intake, Perm.TRIAGE, str(tree["village"].pk)) == tree["village"]
    with pytest.raises(Http404):
        permissions.unit_or_404(intake, Perm.TRIAGE, str(tree["village2"].pk))
    tree["village"].active = False
    tree["village"].save(update_fields=["active"])
    with pytest.raises(Http404):
        permissions.unit_or_404(intake, Perm.TRIAGE, str(tree["village"].pk))


def test_a_custodian_unseals_only_the_sources_of_their_own_township(tree, people):
    source = services.source_save(
        source=ConfidentialSource(unit=tree["village"], alias="眼线甲"),
        name="赵某",
        phone="13900000099",
    )
    elsewhere = person("custodian2", tree["township2"], Role.CUSTODIAN)
    with pytest.raises(ApplicationError, match="只有本乡镇的身份保管员"):
        services.source_unseal(source=source, actor=elsewhere, reason="核实线索来源")
    with pytest.raises(ApplicationError, match="只有本乡镇的身份保管员"):
        services.source_unseal(source=source, actor=people["admin"], reason="核实线索来源")
    identity = services.source_unseal(
        source=source, actor=people["custodian"], reason="核实线索来源"
    )
    assert identity["name"] == "赵某"
    assert ConfidentialSource.objects.count() == 1
