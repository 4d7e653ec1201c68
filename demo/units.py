"""Demo data for units and people: a believable township under 万州区 for development and demos.

Everything here is fictional except the names of the district, the township and the township
emergency office line (from the seed notice). Every function is idempotent: rows are found by a
natural key (unit name and parent, USCC, username, informant name and unit, source alias) and
created only when missing, so ``load_demo`` can run any number of times.
"""

from typing import Any

from django.contrib.auth import get_user_model

from core.validators import id_check_char, uscc_check_char
from demo.units_data import (
    ACCOUNTS,
    DEMO_PASSWORD,
    DEPARTMENTS,
    DISTRICT,
    DISTRICT_CODE,
    DISTRICT_HOTLINE,
    DISTRICT_OFFICE,
    ENTERPRISES,
    INFORMANTS,
    OTHER_TOWNSHIP,
    OTHER_TOWNSHIP_OFFICE,
    OTHER_TOWNSHIP_UNITS,
    ROUTING_RULES,
    SOURCES,
    SUBDISTRICT,
    SUBDISTRICT_OFFICE,
    SUBDISTRICT_UNITS,
    TOWNSHIP,
    TOWNSHIP_HOTLINE,
    TOWNSHIP_OFFICE,
    TOWNSHIP_UNITS,
)
from units.models import (
    ConfidentialSource,
    Enterprise,
    Industry,
    Informant,
    Role,
    RoutingRule,
    Unit,
)
from units.reference_data import load_industries
from units.services import informant_register, membership_grant

User = get_user_model()

_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def _org_code(body: str) -> str:
    """A 9-character organisation code: ``body`` (8 characters) and its GB 11714 check."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def demo_uscc(prefix: str, index: int) -> str:
    """A valid, deterministic 统一社会信用代码 registered in 万州 (500101) for demo enterprise
    number ``index``: 2 prefix characters, the area code, an organisation code, the check."""
    body = f"L{index * 7919:07d}" if prefix == "92" else f"MA6H{index:04d}"
    first17 = f"{prefix}500101{_org_code(body)}"
    return first17 + uscc_check_char(first17)


def demo_id_number(birth: str, sequence: str) -> str:
    """A fictional resident ID number registered in 万州 (500101) that passes validation."""
    first17 = f"500101{birth}{sequence}"
    return first17 + id_check_char(first17)


def _unit(
    name: str,
    kind: str,
    parent: Unit | None,
    *,
    is_rural: bool = False,
    works_on_paper: bool = False,
    hotline: str = "",
    sort_order: int = 0,
    office_name: str = "",
    code: str = "",
) -> Unit:
    """The unit called ``name`` under ``parent``, created if missing. A unit found keeps what
    was set in the admin; only its empty office name and code are filled in."""
    unit = Unit.objects.filter(name=name, parent=parent).first()
    if unit is None:
        unit = Unit(
            name=name,
            kind=kind,
            parent=parent,
            is_rural=is_rural,
            works_on_paper=works_on_paper,
            hotline=hotline,
            sort_order=sort_order,
            office_name=office_name,
            code=code,
        )
        unit.full_clean()
        unit.save()
    elif (office_name and not unit.office_name) or (code and not unit.code):
        unit.office_name, unit.code = unit.office_name or office_name, unit.code or code
        unit.save(update_fields=["office_name", "code"])
    return unit


def _load_units() -> dict[str, Unit]:
    """The unit tree: 万州区 (its office and five departments) → 恒合土家族乡 (with its
    villages, stations and member units), 长岭镇 and 牌楼街道, each with its own office.
    Returns the units by name."""
    district = _unit(
        DISTRICT,
        Unit.Kind.DISTRICT,
        None,
        hotline=DISTRICT_HOTLINE,
        office_name=DISTRICT_OFFICE,
        code=DISTRICT_CODE,
    )
    township = _unit(
        TOWNSHIP,
        Unit.Kind.TOWNSHIP,
        district,
        hotline=TOWNSHIP_HOTLINE,
        sort_order=10,
        office_name=TOWNSHIP_OFFICE,
    )
    other = _unit(
        OTHER_TOWNSHIP,
        Unit.Kind.TOWNSHIP,
        district,
        sort_order=20,
        office_name=OTHER_TOWNSHIP_OFFICE,
    )
    subdistrict = _unit(
        SUBDISTRICT, Unit.Kind.TOWNSHIP, district, sort_order=30, office_name=SUBDISTRICT_OFFICE
    )
    units = {
        DISTRICT: district,
        TOWNSHIP: township,
        OTHER_TOWNSHIP: other,
        SUBDISTRICT: subdistrict,
    }
    for order, name in enumerate(DEPARTMENTS, start=1):
        units[name] = _unit(name, Unit.Kind.DEPARTMENT, district, sort_order=100 + order)
    for parent, rows in (
        (township, TOWNSHIP_UNITS),
        (other, OTHER_TOWNSHIP_UNITS),
        (subdistrict, SUBDISTRICT_UNITS),
    ):
        for order, (name, kind, is_rural, on_paper) in enumerate(rows, start=1):
            units[name] = _unit(
                name,
                kind,
                parent,
                is_rural=is_rural,
                works_on_paper=on_paper,
                sort_order=order * 10,
            )
    return units


def _load_enterprises(units: dict[str, Unit]) -> dict[str, Enterprise]:
    """Enterprises across the industries, each with a valid USCC; found again by that code."""
    industries = {i.code: i for i in Industry.objects.all()}
    enterprises = {}
    for index, row in enumerate(ENTERPRISES, start=1):
        key, name, prefix, industry, village, supervisor, address, is_key, workshops = row
        uscc = demo_uscc(prefix, index)
        enterprise = Enterprise.objects.filter(uscc=uscc).first()
        if enterprise is None:
            enterprise = Enterprise(
                name=name,
                uscc=uscc,
                village=units[village],
                industry=industries[industry],
                supervising_unit=units[supervisor],
                address=address,
                is_key=is_key,
                workshops=workshops,
            )
            enterprise.full_clean()
            enterprise.save()
        enterprises[key] = enterprise
    return enterprises


def _load_routing_rules(units: dict[str, Unit]) -> int:
    """Routing rules by industry, and one by industry and village. Returns how many were added."""
    industries = {i.code: i for i in Industry.objects.all()}
    added = 0
    for industry, village, unit, note in ROUTING_RULES:
        _rule, created = RoutingRule.objects.get_or_create(
            township=units[TOWNSHIP],
            industry=industries[industry],
            village=units[village] if village else None,
            defaults={"unit": units[unit], "note": note},
        )
        added += created
    return added


def _load_users(units: dict[str, Unit]) -> list[dict[str, Any]]:
    """One account per role and a superuser, all with ``DEMO_PASSWORD`` (reset on every run so
    the printed password is always right). Returns the accounts for the command's table."""
    accounts = []
    for username, last_name, first_name, role, unit_name in ACCOUNTS:
        user, _created = User.objects.get_or_create(username=username)
        user.last_name, user.first_name = last_name, first_name
        user.set_password(DEMO_PASSWORD)
        if not role:
            user.is_superuser = user.is_staff = True
        user.save()
        if role:
            membership_grant(user=user, unit=units[unit_name], role=role)
        accounts.append(
            {
                "username": username,
                "password": DEMO_PASSWORD,
                "name": f"{last_name}{first_name}",
                "roles": [role] if role else ["superuser"],
                "unit": unit_name or "(all)",
                "sign_in": "/admin/" if role in ("", Role.INTAKE) else "/unit/",
                "user": user,
            }
        )
    return accounts


def _load_informants(
    units: dict[str, Unit], enterprises: dict[str, Enterprise]
) -> dict[str, Informant]:
    """Informants: enterprise safety officers and grid workers, found again by unit and name."""
    informants = {}
    for key, kind, name, phone, enterprise, unit in INFORMANTS:
        informant = Informant.objects.filter(unit=units[unit], kind=kind, name=name).first()
        if informant is None:
            informant = informant_register(
                unit=units[unit],
                kind=kind,
                name=name,
                phone=phone,
                enterprise=enterprises[enterprise] if enterprise else None,
            )
        informants[key] = informant
    return informants


def _load_sources(units: dict[str, Unit]) -> dict[str, ConfidentialSource]:
    """Confidential sources (线人) handled by the township, found again by alias."""
    sources = {}
    for alias, watched, name, phone, birth, sequence in SOURCES:
        source = ConfidentialSource.objects.filter(alias=alias).first()
        if source is None:
            source = ConfidentialSource(unit=units[TOWNSHIP], alias=alias, watched=watched)
            source.set_identity(
                name=name,
                phone=phone,
                id_number=demo_id_number(birth, sequence),
                notes="演示数据，身份信息均为虚构。",
            )
            source.full_clean()
            source.save()
        sources[alias] = source
    return sources


def load_units_demo() -> dict[str, Any]:
    """Create (or find) the demo township: units, enterprises, routing rules, accounts,
    informants and confidential sources. Safe to run again.

    Returns a dict with ``units`` (by name), ``township``, ``district``, ``enterprises``,
    ``informants`` (by key), ``sources`` (by alias), ``users`` (by username) and ``accounts``
    (rows for the command's table).
    """
    load_industries()
    units = _load_units()
    enterprises = _load_enterprises(units)
    _load_routing_rules(units)
    accounts = _load_users(units)
    return {
        "district": units[DISTRICT],
        "township": units[TOWNSHIP],
        "units": units,
        "enterprises": enterprises,
        "informants": _load_informants(units, enterprises),
        "sources": _load_sources(units),
        "users": {a["username"]: a["user"] for a in accounts},
        "accounts": accounts,
    }
