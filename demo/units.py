"""Demo data for units and people: a believable township under 万州区 for development and demos.

Everything here is fictional except the names of the district, the township and the township
emergency office line (from the seed notice). Every function is idempotent: rows are found by a
natural key (unit name and parent, USCC, username, informant name and unit, source alias) and
created only when missing, so ``load_demo`` can run any number of times.
"""

from typing import Any

from django.contrib.auth import get_user_model

from core.validators import id_check_char, uscc_check_char
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

# Every demo account signs in with this password; it is printed by ``load_demo``.
DEMO_PASSWORD = "jubao-demo"  # noqa: S105 - a published demo password, never used in production

DISTRICT = "万州区"
TOWNSHIP = "恒合土家族乡"
TOWNSHIP_HOTLINE = "023-58659106"  # 乡应急办, named in seed notice 000
OTHER_TOWNSHIP = "长岭镇"

# name, kind, is_rural, works_on_paper
TOWNSHIP_UNITS: list[tuple[str, str, bool, bool]] = [
    ("恒合社区", Unit.Kind.COMMUNITY, False, False),
    ("七龙社区", Unit.Kind.COMMUNITY, True, False),
    ("恒合村", Unit.Kind.VILLAGE, True, False),
    ("柳坪村", Unit.Kind.VILLAGE, True, False),
    ("大山村", Unit.Kind.VILLAGE, True, False),
    ("前进村", Unit.Kind.VILLAGE, True, False),
    ("梨树村", Unit.Kind.VILLAGE, True, False),
    ("农业服务中心", Unit.Kind.STATION, False, True),
    ("规划建设管理环保办公室", Unit.Kind.STATION, False, False),
    ("社会事务综合服务中心", Unit.Kind.STATION, False, False),
    ("综合行政执法大队", Unit.Kind.STATION, False, False),
    ("恒合派出所", Unit.Kind.MEMBER, False, False),
    ("恒合市场监管所", Unit.Kind.MEMBER, False, False),
    ("恒合交通管理站", Unit.Kind.MEMBER, False, False),
]

OTHER_TOWNSHIP_UNITS: list[tuple[str, str, bool, bool]] = [
    ("长岭社区", Unit.Kind.COMMUNITY, False, False),
    ("安宁村", Unit.Kind.VILLAGE, True, False),
]


# key, name, USCC prefix ("91" company, "92" individual business, "93" farmers' cooperative),
# industry code, village, supervising unit, address, is_key, workshops
ENTERPRISES: list[tuple[str, str, str, str, str, str, str, bool, int]] = [
    (
        "chem_depot",
        "重庆恒合化工原料经销有限公司",
        "91",
        "hazardous_chemicals",
        "恒合村",
        "恒合市场监管所",
        "恒合村3组化工仓库",
        True,
        2,
    ),
    (
        "petrol_station",
        "万州区恒合加油站",
        "91",
        "hazardous_chemicals",
        "恒合社区",
        "恒合市场监管所",
        "恒合社区集镇街128号",
        True,
        1,
    ),
    (
        "quarry",
        "重庆市万州区柳坪石材开采有限公司",
        "91",
        "non_coal_mining",
        "柳坪村",
        "规划建设管理环保办公室",
        "柳坪村5组石槽湾",
        True,
        3,
    ),
    (
        "sand_yard",
        "万州区恒合大山砂石场",
        "92",
        "non_coal_mining",
        "大山村",
        "规划建设管理环保办公室",
        "大山村2组河坝",
        False,
        1,
    ),
    (
        "timber_mill",
        "重庆恒合木制品加工有限公司",
        "91",
        "industry_trade",
        "前进村",
        "综合行政执法大队",
        "前进村1组工业点",
        True,
        4,
    ),
    (
        "tea_factory",
        "万州区恒合富硒茶叶加工厂",
        "92",
        "industry_trade",
        "梨树村",
        "农业服务中心",
        "梨树村4组",
        False,
        2,
    ),
    (
        "resettlement_site",
        "重庆万恒建设工程有限公司（恒合集镇安置房项目部）",
        "91",
        "construction",
        "恒合社区",
        "规划建设管理环保办公室",
        "恒合社区新街安置房工地",
        True,
        0,
    ),
    (
        "bus_company",
        "万州区恒合乡村客运有限公司",
        "91",
        "road_transport",
        "恒合社区",
        "恒合交通管理站",
        "恒合社区汽车站旁",
        True,
        1,
    ),
    (
        "hotel",
        "万州区恒合土家大酒店",
        "91",
        "fire_safety",
        "恒合社区",
        "恒合派出所",
        "恒合社区集镇街56号",
        True,
        0,
    ),
    (
        "homestay",
        "万州区七龙云上民宿",
        "92",
        "fire_safety",
        "七龙社区",
        "七龙社区",
        "七龙社区观景台旁",
        False,
        0,
    ),
    (
        "lpg_shop",
        "万州区恒合液化气供应站",
        "92",
        "gas",
        "恒合社区",
        "规划建设管理环保办公室",
        "恒合社区集镇街9号",
        False,
        0,
    ),
    (
        "veg_coop",
        "万州区恒合高山蔬菜种植专业合作社",
        "93",
        "agriculture",
        "大山村",
        "农业服务中心",
        "大山村6组",
        False,
        1,
    ),
    (
        "fireworks_shop",
        "万州区恒合烟花爆竹零售点",
        "92",
        "fireworks",
        "恒合村",
        "恒合市场监管所",
        "恒合村1组场镇口",
        False,
        0,
    ),
    (
        "brickworks",
        "万州区长岭安宁页岩砖厂",
        "91",
        "industry_trade",
        "安宁村",
        "长岭镇",
        "安宁村3组",
        True,
        2,
    ),
]

# industry code, village name or "", responsible unit, note
ROUTING_RULES: list[tuple[str, str, str, str]] = [
    ("hazardous_chemicals", "", "恒合市场监管所", "危化品经营单位由市场监管所核查"),
    ("non_coal_mining", "", "规划建设管理环保办公室", "矿山和采砂"),
    ("construction", "", "规划建设管理环保办公室", "建筑施工"),
    ("road_transport", "", "恒合交通管理站", "道路运输"),
    ("fire_safety", "", "恒合派出所", "消防和人员密集场所"),
    ("agriculture", "", "农业服务中心", "农业农机"),
    ("fire_safety", "七龙社区", "七龙社区", "七龙社区的民宿由社区先行核查"),
]

# username, last name, first name, role, unit ("" for the superuser)
ACCOUNTS: list[tuple[str, str, str, str, str]] = [
    ("admin", "", "系统管理员", "", ""),
    ("intake", "谭", "晓琴", Role.INTAKE, TOWNSHIP),
    ("officer", "向", "建国", Role.OFFICER, "规划建设管理环保办公室"),
    ("village", "冉", "春梅", Role.OFFICER, "恒合村"),
    ("head", "田", "志强", Role.HEAD, "规划建设管理环保办公室"),
    ("leader", "陈", "国华", Role.LEADER, TOWNSHIP),
    ("finance", "刘", "芳", Role.FINANCE, TOWNSHIP),
    ("custodian", "周", "敏", Role.CUSTODIAN, TOWNSHIP),
    ("supervisor", "黄", "立新", Role.SUPERVISOR, DISTRICT),
]

# key, kind, name, phone (fictional), enterprise key or "", registering unit
INFORMANTS: list[tuple[str, str, str, str, str, str]] = [
    (
        "chem_officer",
        Informant.Kind.SAFETY_OFFICER,
        "牟德明",
        "13800000101",
        "chem_depot",
        TOWNSHIP,
    ),
    ("quarry_officer", Informant.Kind.SAFETY_OFFICER, "向红梅", "13800000102", "quarry", TOWNSHIP),
    (
        "mill_officer",
        Informant.Kind.SAFETY_OFFICER,
        "谭光辉",
        "13800000103",
        "timber_mill",
        TOWNSHIP,
    ),
    ("dashan_grid", Informant.Kind.GRID_WORKER, "冉小林", "13800000104", "", "大山村"),
    ("community_grid", Informant.Kind.GRID_WORKER, "田秀英", "13800000105", "", "恒合社区"),
]

# alias, what the source watches, name, phone, birth date (YYYYMMDD), sequence
SOURCES: list[tuple[str, str, str, str, str, str]] = [
    ("眼线-01", "大山村河坝一带夜间盗采砂石", "甲某", "13900000901", "19780415", "031"),
    ("眼线-02", "集镇周边非法储存、销售烟花爆竹", "乙某", "13900000902", "19860923", "042"),
]

# GB 11714 organisation code: 8 characters and a check character.
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
) -> Unit:
    """The unit called ``name`` under ``parent``, created if missing (never changed if found)."""
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
        )
        unit.full_clean()
        unit.save()
    return unit


def _load_units() -> dict[str, Unit]:
    """The unit tree: 万州区 → 恒合土家族乡 (with its villages, stations and member units) and
    a small second township, 长岭镇. Returns the units by name."""
    district = _unit(DISTRICT, Unit.Kind.DISTRICT, None)
    township = _unit(
        TOWNSHIP, Unit.Kind.TOWNSHIP, district, hotline=TOWNSHIP_HOTLINE, sort_order=10
    )
    other = _unit(OTHER_TOWNSHIP, Unit.Kind.TOWNSHIP, district, sort_order=20)
    units = {DISTRICT: district, TOWNSHIP: township, OTHER_TOWNSHIP: other}
    for parent, rows in ((township, TOWNSHIP_UNITS), (other, OTHER_TOWNSHIP_UNITS)):
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
