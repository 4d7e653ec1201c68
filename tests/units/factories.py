import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from core.validators import uscc_check_char
from units import services
from units.models import Enterprise, Industry, Role, Unit

User = get_user_model()


class UnitFactory(DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = Unit.Kind.VILLAGE


def valid_uscc(n: int) -> str:
    first17 = f"91500101{n:09d}"
    return first17 + uscc_check_char(first17)


class EnterpriseFactory(DjangoModelFactory[Enterprise]):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    uscc = factory.Sequence(valid_uscc)
    industry = factory.LazyFunction(lambda: Industry.objects.get(code="industry_trade"))
    address = factory.Sequence(lambda n: f"工业路{n}号")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def build_tree() -> dict[str, Unit]:
    """District → two townships. Township 1 has two villages, a station and a member unit;
    township 2 has one village."""
    district = UnitFactory(name="测试区", kind=Unit.Kind.DISTRICT)
    t1 = UnitFactory(name="一号乡", kind=Unit.Kind.TOWNSHIP, parent=district, hotline="023-1")
    t2 = UnitFactory(name="二号镇", kind=Unit.Kind.TOWNSHIP, parent=district)
    return {
        "district": district,
        "township": t1,
        "village": UnitFactory(name="东村", kind=Unit.Kind.VILLAGE, parent=t1, is_rural=True),
        "community": UnitFactory(name="南社区", kind=Unit.Kind.COMMUNITY, parent=t1),
        "station": UnitFactory(name="规建办", kind=Unit.Kind.STATION, parent=t1),
        "member": UnitFactory(name="派出所", kind=Unit.Kind.MEMBER, parent=t1),
        "township2": t2,
        "village2": UnitFactory(name="西村", kind=Unit.Kind.VILLAGE, parent=t2),
    }


def person(username: str, unit: Unit, role: str) -> User:
    user = UserFactory(username=username)
    services.membership_grant(user=user, unit=unit, role=role)
    user.refresh_from_db()
    return user


def build_people(tree: dict[str, Unit]) -> dict[str, User]:
    """One person per role, in the places a township would have them."""
    return {
        "intake": person("intake", tree["township"], Role.INTAKE),
        "intake2": person("intake2", tree["township2"], Role.INTAKE),
        "officer": person("officer", tree["station"], Role.OFFICER),
        "village_officer": person("village_officer", tree["village"], Role.OFFICER),
        "head": person("head", tree["station"], Role.HEAD),
        "leader": person("leader", tree["township"], Role.LEADER),
        "finance": person("finance", tree["township"], Role.FINANCE),
        "custodian": person("custodian", tree["township"], Role.CUSTODIAN),
        "supervisor": person("supervisor", tree["district"], Role.SUPERVISOR),
        "nobody": UserFactory(username="nobody"),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
