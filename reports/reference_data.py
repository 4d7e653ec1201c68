"""Report categories: what citizens report, in plain words (简单明了的举报清单)."""

from typing import Any

# code, name, examples, industry code
CATEGORIES = [
    (
        "major_hazard",
        "重大事故隐患",
        "可能造成群死群伤的严重隐患，如建筑严重开裂、危化品泄漏风险、矿山冒顶迹象",
        "",
    ),
    (
        "illegal_production",
        "非法违法生产经营",
        "无证生产经营、超范围经营、停产整顿期间偷偷生产、拒不执行执法决定",
        "",
    ),
    ("concealed_accident", "瞒报谎报事故", "发生事故后隐瞒不报、谎报或迟报伤亡人数", ""),
    (
        "hazardous_chemicals",
        "危险化学品",
        "无证经营危化品、储存混放超量、私设加油点、动火作业无审批",
        "hazardous_chemicals",
    ),
    (
        "fire_safety",
        "消防安全",
        "堵塞消防通道、消防设施损坏停用、人员密集场所违规用火用电",
        "fire_safety",
    ),
    (
        "construction",
        "建筑施工",
        "无资质施工、高处作业无防护、脚手架和模板支撑不牢固",
        "construction",
    ),
    (
        "road_transport",
        "道路交通运输",
        "客车超员、非法营运、危险货物车辆违规行驶",
        "road_transport",
    ),
    (
        "special_equipment",
        "特种设备",
        "电梯、锅炉、起重机械未经检验或带病运行",
        "special_equipment",
    ),
    ("gas", "燃气安全", "私接燃气管道、违规存放液化气瓶、餐饮场所燃气泄漏", "gas"),
    ("mining", "矿山和采砂", "非法采矿、无证开采、盗采砂石、越界开采", "non_coal_mining"),
    ("fireworks", "烟花爆竹", "非法生产、储存、运输、销售烟花爆竹", "fireworks"),
    ("other", "其他安全隐患", "以上都不是的其他安全生产问题", ""),
]


def load_categories(category_model: Any = None, industry_model: Any = None) -> int:
    """Add the categories that are missing (by code); never changes an existing row."""
    if category_model is None:
        from reports.models import Category as category_model
    if industry_model is None:
        from units.models import Industry as industry_model

    industries = dict(industry_model.objects.values_list("code", "pk"))
    existing = set(category_model.objects.values_list("code", flat=True))
    rows = [
        category_model(
            code=code,
            name=name,
            hint=hint,
            industry_id=industries.get(industry),
            sort_order=(i + 1) * 10,
        )
        for i, (code, name, hint, industry) in enumerate(CATEGORIES)
        if code not in existing
    ]
    category_model.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
