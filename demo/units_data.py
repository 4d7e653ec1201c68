"""The demo district's units, enterprises, routing rules, accounts, informants and sources, as
tables (loaded by ``demo.units``). Everything here is fictional except the names of the
district, its townships and departments, the district's division code, the national line
12350 and the township emergency office line (from the seed notice)."""

from units.models import Informant, Role, Unit

# Every demo account signs in with this password; it is printed by ``load_demo``.
DEMO_PASSWORD = "jubao-demo"  # noqa: S105 - a published demo password, never used in production

DISTRICT = "万州区"
DISTRICT_CODE = "500101"  # its administrative division code (GB/T 2260)
DISTRICT_OFFICE = "万州区安全生产委员会办公室"
DISTRICT_HOTLINE = "12350"  # the national reporting line
TOWNSHIP = "恒合土家族乡"
TOWNSHIP_OFFICE = "恒合土家族乡安全生产委员会办公室"
TOWNSHIP_HOTLINE = "023-58659106"  # 乡应急办, named in seed notice 000
OTHER_TOWNSHIP = "长岭镇"
OTHER_TOWNSHIP_OFFICE = "长岭镇安全生产委员会办公室"
SUBDISTRICT = "牌楼街道"
SUBDISTRICT_OFFICE = "牌楼街道安全生产委员会办公室"

# The district's departments (区安委会成员单位) that take cases handed over (移送).
DEPARTMENTS: list[str] = [
    "万州区应急管理局",
    "万州区交通运输综合行政执法支队",
    "万州区住房和城乡建设委员会",
    "万州区市场监督管理局",
    "万州区消防救援支队",
]
EMERGENCY_BUREAU = DEPARTMENTS[0]

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
    ("长岭镇综合行政执法大队", Unit.Kind.STATION, False, False),
]

SUBDISTRICT_UNITS: list[tuple[str, str, bool, bool]] = [
    ("新城社区", Unit.Kind.COMMUNITY, False, False),
    ("双河社区", Unit.Kind.COMMUNITY, False, False),
    ("牌楼街道综合行政执法大队", Unit.Kind.STATION, False, False),
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
    # The district: its office (区安委办), its leader, and a department that takes hand-overs.
    ("district_intake", "彭", "丽", Role.INTAKE, DISTRICT),
    ("district_leader", "熊", "伟", Role.LEADER, DISTRICT),
    ("dept_officer", "牟", "军", Role.OFFICER, EMERGENCY_BUREAU),
    ("dept_head", "向", "东", Role.HEAD, EMERGENCY_BUREAU),
    # The other townships' safety offices.
    ("intake_changling", "冉", "静", Role.INTAKE, OTHER_TOWNSHIP),
    ("intake_pailou", "王", "敏", Role.INTAKE, SUBDISTRICT),
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
