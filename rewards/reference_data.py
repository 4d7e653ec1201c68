"""The published standard every deployment starts with: the Chongqing list of key reportable
matters (渝安办〔2021〕49号) as far as public copies show it, with the national formula and the
amounts per concealed death (安监总财〔2018〕19号). See shared/reference/domain-rules.md §1.2
and §3.1. Sectors not recovered from public copies are absent; add them in the admin.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

STANDARD = {
    "name": "重庆市安全生产重点举报事项奖励标准",
    "document": "渝安办〔2021〕49号",
    "effective_from": dt.date(2021, 12, 14),
    "source": (
        "清单事项：渝安办〔2021〕49号（据彭水县 2021-12-14、奉节县 2022-01-05 公布的版本）；"
        "罚款15%%、最低3000元、最高30万元及瞒报事故每人3万至6万元、最高30万元："
        "《安全生产领域举报奖励办法》（安监总财〔2018〕19号）。生效日期以正式文本为准。"
    ).replace("%%", "%"),
}
SOURCE = "渝安办〔2021〕49号"

# sector, code, matter, amount, verifying department, report category codes
ITEMS: list[tuple[str, str, str, int, str, tuple[str, ...]]] = [
    (
        "特种设备",
        "11-1",
        "未经许可从事特种设备生产（制造）、检验检测",
        3000,
        "市、区县市场监管局",
        ("special_equipment",),
    ),
    (
        "特种设备",
        "11-2",
        "特种设备未经监督检验出厂交付使用",
        2000,
        "市、区县市场监管局",
        ("special_equipment",),
    ),
    (
        "特种设备",
        "11-3",
        "使用未取得许可生产的特种设备",
        1000,
        "市、区县市场监管局",
        ("special_equipment",),
    ),
    (
        "特种设备",
        "11-4",
        "使用国家明令淘汰或已经报废的特种设备",
        3000,
        "市、区县市场监管局",
        ("special_equipment",),
    ),
    (
        "特种设备",
        "11-5",
        "特种设备安全附件、安全保护装置缺失或失效",
        2000,
        "市、区县市场监管局",
        ("special_equipment",),
    ),
    (
        "特种设备",
        "11-6",
        "出具虚假的特种设备检验检测报告",
        2000,
        "市、区县市场监管局",
        ("special_equipment",),
    ),
    (
        "特种设备",
        "11-7",
        "电梯、客运索道、大型游乐设施未按规定进行维护保养",
        1000,
        "市、区县市场监管局",
        ("special_equipment",),
    ),
    (
        "人员密集场所",
        "12-1",
        "建设工程未经消防设计审查擅自施工",
        3000,
        "住房城乡建委",
        ("fire_safety", "construction"),
    ),
    (
        "人员密集场所",
        "12-2",
        "建筑物未经消防验收擅自投入使用",
        3000,
        "住房城乡建委",
        ("fire_safety", "construction"),
    ),
    (
        "人员密集场所",
        "12-3",
        "公众聚集场所未经消防安全检查擅自投入使用、营业",
        3000,
        "消防救援机构",
        ("fire_safety",),
    ),
    ("人员密集场所", "12-4", "未经许可举办大型群众性活动", 3000, "公安局", ("fire_safety",)),
    (
        "人员密集场所",
        "12-5",
        "建筑施工降低消防技术标准",
        2000,
        "住房城乡建委",
        ("fire_safety", "construction"),
    ),
    (
        "人员密集场所",
        "12-6",
        "占用消防车通道固定停车",
        2000,
        "城管局、消防救援机构",
        ("fire_safety",),
    ),
    (
        "道路运输",
        "13-1",
        "未取得许可擅自从事道路客运、公交、出租、货运、维修或驾培经营",
        3000,
        "交通局",
        ("road_transport",),
    ),
    (
        "道路运输",
        "13-2",
        "伪造、变造、出租、出借道路运输许可证件",
        3000,
        "交通局",
        ("road_transport",),
    ),
    (
        "道路运输",
        "13-3",
        "客运、危险货物或超限运输车辆不按规定线路行驶，或危险货物与普通货物混装",
        2000,
        "交通局",
        ("road_transport",),
    ),
    ("危险化学品", "H-1", "未取得许可经营危险化学品", 5000, "区县应急局", ("hazardous_chemicals",)),
    (
        "危险化学品",
        "H-2",
        "从业人员未经安全培训上岗作业",
        1000,
        "区县应急局",
        ("hazardous_chemicals",),
    ),
    (
        "危险化学品",
        "H-3",
        "重大危险源未按规定进行监控",
        10000,
        "区县应急局",
        ("hazardous_chemicals",),
    ),
    (
        "危险化学品",
        "H-4",
        "动火、受限空间等特殊作业未经审批",
        5000,
        "区县应急局",
        ("hazardous_chemicals",),
    ),
    (
        "危险化学品",
        "H-5",
        "可燃和有毒气体泄漏报警装置失效",
        3000,
        "区县应急局",
        ("hazardous_chemicals",),
    ),
    (
        "危险化学品",
        "H-6",
        "使用国家明令淘汰的落后工艺、设备",
        10000,
        "区县应急局",
        ("hazardous_chemicals",),
    ),
    ("危险化学品", "H-7", "使用国家禁止的危险化学品", 3000, "区县应急局", ("hazardous_chemicals",)),
    (
        "危险化学品",
        "H-8",
        "未设置安全风险告知牌和警示标志",
        2000,
        "区县应急局",
        ("hazardous_chemicals",),
    ),
    (
        "危险化学品",
        "H-9",
        "液化气体装卸未使用万向管道充装系统",
        2000,
        "区县应急局",
        ("hazardous_chemicals",),
    ),
    (
        "危险化学品",
        "H-10",
        "控制室面向具有火灾、爆炸危险装置一侧不满足防火防爆要求",
        5000,
        "区县应急局",
        ("hazardous_chemicals",),
    ),
    (
        "危险化学品",
        "H-11",
        "安全阀、爆破片等安全附件未正常投用",
        1000,
        "区县应急局",
        ("hazardous_chemicals",),
    ),
    (
        "危险化学品",
        "H-12",
        "未按分区分类储存、超量储存或将禁忌物品混存",
        1000,
        "区县应急局、生态环境局",
        ("hazardous_chemicals",),
    ),
    (
        "危险化学品",
        "H-13",
        "倾倒、填埋废弃危险化学品",
        10000,
        "区县生态环境局",
        ("hazardous_chemicals",),
    ),
]


def load_standard(
    standard_model: Any = None, item_model: Any = None, category_model: Any = None
) -> int:
    """Add the standard and its items if missing (by document and date, by item code); link
    the report categories. Never changes what an administrator edited. Returns items added."""
    if standard_model is None:
        from reports.models import Category as category_model
        from rewards.models import Standard as standard_model
        from rewards.models import StandardItem as item_model

    standard, _created = standard_model.objects.get_or_create(
        document=STANDARD["document"],
        effective_from=STANDARD["effective_from"],
        defaults={"name": STANDARD["name"], "source": STANDARD["source"]},
    )
    existing = set(item_model.objects.filter(standard=standard).values_list("code", flat=True))
    categories = {c.code: c for c in category_model.objects.all()}
    added = 0
    for order, (sector, code, text, amount, department, category_codes) in enumerate(ITEMS):
        if code in existing:
            continue
        item = item_model.objects.create(
            standard=standard,
            sector=sector,
            code=code,
            text=text,
            amount=Decimal(amount),
            department=department,
            source=SOURCE,
            sort_order=(order + 1) * 10,
        )
        item.categories.add(*[categories[c] for c in category_codes if c in categories])
        added += 1
    return added
