"""Industries (行业领域) every deployment starts with; editable afterwards in the admin."""

from typing import Any

INDUSTRIES = [
    ("hazardous_chemicals", "危险化学品"),
    ("non_coal_mining", "非煤矿山"),
    ("fireworks", "烟花爆竹"),
    ("industry_trade", "工贸行业"),
    ("construction", "建筑施工"),
    ("road_transport", "道路运输"),
    ("water_transport", "水上交通"),
    ("fire_safety", "消防和人员密集场所"),
    ("special_equipment", "特种设备"),
    ("gas", "城镇燃气"),
    ("agriculture", "农业农机"),
    ("other", "其他行业"),
]


def load_industries(industry_model: Any = None) -> int:
    """Add the industries that are missing (by code); never changes an existing row."""
    if industry_model is None:
        from units.models import Industry as industry_model

    existing = set(industry_model.objects.values_list("code", flat=True))
    rows = [
        industry_model(code=code, name=name, sort_order=(i + 1) * 10)
        for i, (code, name) in enumerate(INDUSTRIES)
        if code not in existing
    ]
    industry_model.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
