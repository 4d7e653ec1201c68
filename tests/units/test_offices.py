"""The unit tree of a district and who speaks to citizens for a unit."""

import pytest
from django.core.exceptions import ValidationError

from tests.core.test_validators import PUBLISHED_USCC
from units import offices
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_a_place_speaks_through_its_township_and_missing_details_come_from_above(tree, settings):
    settings.PORTAL_HOTLINE = "12350"
    tree["district"].email, tree["district"].hotline = "aqb@example.gov.cn", "023-5800"
    tree["district"].save()
    office = offices.office_for(tree["village"])
    assert office.unit == tree["township"] and office.name == "一号乡安全生产委员会办公室"
    assert office.hotline == "023-1"  # its own line
    assert office.email == "aqb@example.gov.cn"  # the district's
    # 二号镇 has no line of its own: the district's, never 一号乡's.
    assert offices.office_for(tree["village2"]).hotline == "023-5800"
    tree["district"].hotline = ""
    tree["district"].save()
    assert offices.office_for(tree["village2"]).hotline == "12350"  # the portal's
    assert offices.office_for(None).hotline == "12350"


def test_a_department_sits_under_its_district_and_a_township_under_a_district_or_city(tree):
    with pytest.raises(ValidationError) as refused:
        Unit(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["township"]).full_clean()
    assert "区级部门应隶属于所在的区" in str(refused.value)
    Unit(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"]).full_clean()
    with pytest.raises(ValidationError) as refused:
        Unit(name="三号街道", kind=Unit.Kind.TOWNSHIP, parent=tree["village"]).full_clean()
    assert "乡镇（街道）应隶属于所在的区" in str(refused.value)
    city = Unit.objects.create(name="测试市", kind=Unit.Kind.CITY)
    Unit(name="直属街道", kind=Unit.Kind.TOWNSHIP, parent=city).full_clean()


@pytest.mark.parametrize("code", ["500101", "500101001", "500101001001", PUBLISHED_USCC])
def test_a_unit_code_is_a_division_code_or_a_credit_code(tree, code):
    unit = Unit(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"], code=code)
    unit.full_clean()


@pytest.mark.parametrize("code", ["50010", "5001010", "91350100M000100Y44", "ABCDEF"])
def test_a_malformed_unit_code_is_refused_with_the_reason(tree, code):
    unit = Unit(name="区应急局", kind=Unit.Kind.DEPARTMENT, parent=tree["district"], code=code)
    with pytest.raises(ValidationError) as refused:
        unit.full_clean()
    assert "code" in refused.value.message_dict


def test_two_units_cannot_share_a_code(tree):
    tree["township"].code = "500101001"
    tree["township"].save()
    other = Unit(
        name="三号街道", kind=Unit.Kind.TOWNSHIP, parent=tree["district"], code="500101001"
    )
    with pytest.raises(ValidationError):
        other.full_clean()
