"""Demo QR intake points (four enterprises, two poster placements) and the demo photo every
demo upload uses (drawn in memory, cleaned like an upload)."""

import io
from typing import Any

from PIL import Image, ImageDraw

from core.images import CleanImage, clean_photo
from reports.models import IntakePoint, Report, Reporter
from reports.services import (
    intake_point_scan,
)

Source = Report.Source
Channel = Report.Channel
Declaration = Reporter.Declaration

# code (6 characters of the admin's QR alphabet), kind, name, enterprise key or "", village,
# address, demo scans recorded when the point is created
INTAKE_POINTS: list[tuple[str, str, str, str, str, str, int]] = [
    (
        "HHQYA2",
        IntakePoint.Kind.ENTERPRISE,
        "恒合化工原料公司安全责任公示牌",
        "chem_depot",
        "恒合村",
        "恒合村3组化工仓库大门",
        5,
    ),
    (
        "HHQYB3",
        IntakePoint.Kind.ENTERPRISE,
        "柳坪石材公司“两单两卡”",
        "quarry",
        "柳坪村",
        "柳坪村5组石槽湾采区值班室",
        2,
    ),
    (
        "HHQYC4",
        IntakePoint.Kind.ENTERPRISE,
        "恒合土家大酒店大堂",
        "hotel",
        "恒合社区",
        "恒合社区集镇街56号",
        3,
    ),
    (
        "HHQYD5",
        IntakePoint.Kind.ENTERPRISE,
        "恒合集镇安置房工地大门",
        "resettlement_site",
        "恒合社区",
        "恒合社区新街安置房工地",
        1,
    ),
    (
        "HHZPE6",
        IntakePoint.Kind.POSTER,
        "恒合汽车站候车亭海报",
        "",
        "恒合社区",
        "恒合社区汽车站候车亭",
        8,
    ),
    (
        "HHZPF7",
        IntakePoint.Kind.POSTER,
        "恒合集镇广场宣传栏",
        "",
        "恒合社区",
        "恒合社区文化广场",
        4,
    ),
]


def load_intake_points(units_demo: dict[str, Any]) -> dict[str, IntakePoint]:
    """QR intake points at four enterprises and two poster placements, found again by name.
    A few scans are counted on a point when it is created. Returns the points by code."""
    units = units_demo["units"]
    enterprises = units_demo["enterprises"]
    points = {}
    for code, kind, name, enterprise_key, village, address, scans in INTAKE_POINTS:
        point = IntakePoint.objects.filter(name=name).first()
        if point is None:
            enterprise = enterprises[enterprise_key] if enterprise_key else None
            point = IntakePoint(
                code=code,
                kind=kind,
                name=name,
                unit=units_demo["township"],
                village=enterprise.village if enterprise else units[village],
                enterprise=enterprise,
                category=None,
                address=address,
            )
            point.full_clean()
            point.save()
            for _ in range(scans):
                intake_point_scan(point=point)
        points[point.code] = point
    return points


def demo_photo(variant: int) -> CleanImage:
    """A 640×480 JPEG drawn in memory (a wall with a crack, a doorway, boxes), checked and
    re-encoded by ``core.images.clean_photo`` like an upload."""
    image = Image.new("RGB", (640, 480), (186, 204, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 330, 640, 480), fill=(120, 110, 95))  # ground
    draw.rectangle((60, 90, 580, 360), fill=(214, 200, 170), outline=(90, 80, 70), width=4)
    draw.rectangle((250, 200, 350, 360), fill=(70, 60, 50))  # doorway
    if variant % 2:
        # a crack down the wall
        draw.line(
            [(420, 95), (405, 150), (430, 200), (410, 260), (440, 330)],
            fill=(40, 35, 30),
            width=5,
        )
    else:
        # boxes stacked in front of the doorway
        for i in range(4):
            x = 230 + i * 35
            draw.rectangle((x, 300 - i % 2 * 40, x + 45, 360), fill=(160, 110, 60))
    draw.ellipse((520, 20, 590, 90), fill=(250, 220, 120))  # sun
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return clean_photo(io.BytesIO(out.getvalue()), name="demo.jpg")
