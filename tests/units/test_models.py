import pytest
from django.core.exceptions import ValidationError

from tests.units.factories import UnitFactory
from units.models import Industry, Role, RoutingRule, Unit
from units.selectors import suggest_responsible_unit
from units.services import membership_grant, membership_revoke

pytestmark = pytest.mark.django_db


def test_moving_a_unit_moves_its_subtree_and_scoping_follows(tree):
    station = tree["station"]
    team = UnitFactory(name="执法中队", kind=Unit.Kind.STATION, parent=station)
    assert team.path.startswith(tree["township"].path)
    station.parent = tree["township2"]
    station.save()
    team.refresh_from_db()
    assert team.path.startswith(tree["township2"].path)
    assert team.depth == station.depth + 1
    assert team in Unit.objects.filter(path__startswith=tree["township2"].path)
    assert team not in Unit.objects.filter(path__startswith=tree["township"].path)


def test_paths_sort_in_tree_order(tree):
    paths = list(Unit.objects.values_list("path", flat=True))
    assert paths == sorted(paths)
    assert tree["district"].path.count("/") == 2


def test_a_unit_cannot_sit_under_its_own_subtree(tree):
    township = tree["township"]
    township.parent = tree["village"]
    with pytest.raises(ValidationError):
        township.full_clean()


def test_the_township_of_a_village(tree):
    assert tree["village"].township() == tree["township"]
    assert tree["district"].township() is None


def test_routing_picks_the_most_specific_rule_of_the_villages_township(tree):
    chem = Industry.objects.get(code="hazardous_chemicals")
    RoutingRule.objects.create(township=tree["township"], industry=chem, unit=tree["member"])
    RoutingRule.objects.create(
        township=tree["township"], industry=chem, village=tree["village"], unit=tree["station"]
    )
    RoutingRule.objects.create(
        township=tree["township"], village=tree["community"], unit=tree["community"]
    )
    assert suggest_responsible_unit(industry=chem, village=tree["village"]) == tree["station"]
    assert suggest_responsible_unit(industry=chem, village=tree["community"]) == tree["member"]
    assert suggest_responsible_unit(industry=None, village=tree["community"]) == tree["community"]
    # Another township's village is not covered by these rules.
    assert suggest_responsible_unit(industry=chem, village=tree["village2"]) is None


def test_routing_rule_units_must_belong_to_the_township(tree):
    rule = RoutingRule(
        township=tree["township"],
        industry=Industry.objects.get(code="gas"),
        unit=tree["village2"],
    )
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_only_intake_officers_are_staff(tree):
    from tests.units.factories import UserFactory

    user = UserFactory()
    membership = membership_grant(user=user, unit=tree["township"], role=Role.INTAKE)
    user.refresh_from_db()
    assert user.is_staff
    membership_grant(user=user, unit=tree["station"], role=Role.OFFICER)
    membership_revoke(membership=membership)
    user.refresh_from_db()
    assert not user.is_staff
