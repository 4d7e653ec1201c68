"""The campaign's documents, read back as their users' tools read them: the QR codes on posters
and sticker sheets decode (zxing-cpp) to the intake point's short URL; the PDFs embed a CJK
font and say what they should (pdffonts, pdftotext); the XLSX opens in openpyxl."""

import datetime as dt
import io
import subprocess

import pytest
import zxingcpp
from openpyxl import load_workbook
from PIL import Image

from core.calendar import local_date
from publicity import documents, selectors, services
from publicity.models import Artwork, JointMeeting
from publicity.periods import form_period
from tests.pdf import ARTIFACTS, assert_cjk_font_embedded, inspect_pdf
from tests.publicity.helpers import record
from tests.reports.factories import jpeg_bytes
from tests.reports.lifecycle_helpers import concluded
from tests.units.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def decode_pages(pdf: bytes, tmp_path, name: str, dpi: int = 150) -> list[list[str]]:
    """The QR payloads found on each page."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(path), str(tmp_path / name)], check=True
    )
    pages = sorted(tmp_path.glob(f"{name}-*.png"))
    ARTIFACTS.mkdir(exist_ok=True)
    Image.open(pages[0]).save(ARTIFACTS / f"{name}.png")
    return [[r.text for r in zxingcpp.read_barcodes(Image.open(p))] for p in pages]


@pytest.fixture
def enterprise(tree):
    return EnterpriseFactory(
        village=tree["village"], supervising_unit=tree["station"], name="东村石材加工厂"
    )


@pytest.mark.parametrize("kind", ["poster_a4", "poster_a3"])
def test_a_poster_carries_a_qr_code_that_opens_the_enterprises_form(
    tree, people, enterprise, tmp_path, kind
):
    point = services.enterprise_point(enterprise=enterprise)
    pdf = documents.posters_pdf([point], kind=kind)
    url = documents.point_url(point)
    assert url.endswith(f"/q/{point.code}")
    assert decode_pages(pdf, tmp_path, f"poster-{kind}") == [[url]]
    fonts, text = inspect_pdf(pdf, f"poster-{kind}-text", tmp_path)
    assert_cjk_font_embedded(fonts)
    for words in (
        "安全生产举报有奖",
        "最高奖励30万元",
        "举报什么",
        "向谁举报",
        "怎样举报",
        "举报有奖",
    ):
        assert words in text
    assert "023-1" in text and "12350" in text  # the township's hotline and the national one
    if kind == "poster_a3":
        size = subprocess.run(
            ["pdfinfo", str(tmp_path / f"poster-{kind}-text.pdf")], capture_output=True, text=True
        ).stdout
        assert "841.89 x 1190.55" in size  # A3 in points


@pytest.mark.parametrize(("kind", "labels"), [("card_stickers", 24), ("board_stickers", 12)])
def test_every_label_of_a_sticker_sheet_decodes(tree, enterprise, tmp_path, kind, labels):
    point = services.enterprise_point(enterprise=enterprise)
    [codes] = decode_pages(documents.posters_pdf([point], kind=kind), tmp_path, kind, dpi=200)
    assert codes == [documents.point_url(point)] * labels


def test_a_batch_for_a_village_makes_one_page_per_enterprise(tree, people, tmp_path):
    enterprises = [EnterpriseFactory(village=tree["village"]) for _ in range(3)]
    points = [services.enterprise_point(enterprise=e) for e in enterprises]
    pages = decode_pages(
        documents.posters_pdf(points, kind="poster_a4"), tmp_path, "batch", dpi=100
    )
    assert pages == [[documents.point_url(p)] for p in points]


def test_the_qr_is_placed_on_an_uploaded_official_artwork(tree, enterprise, tmp_path):
    from django.core.files.base import ContentFile

    artwork = Artwork(
        name="市安委办统一海报", owner=tree["district"], qr_left=60, qr_top=70, qr_width=25
    )
    artwork.image.save(
        "art.jpg", ContentFile(jpeg_bytes(size=(1240, 1754), color=(230, 60, 40))), save=False
    )
    artwork.save()
    point = services.enterprise_point(enterprise=enterprise)
    pdf = documents.posters_pdf([point], kind="artwork", artwork=artwork)
    assert decode_pages(pdf, tmp_path, "artwork") == [[documents.point_url(point)]]


def test_the_monthly_form_as_pdf_and_xlsx(tree, people, enterprise, tmp_path):
    day = dt.date(2026, 10, 9)
    import time_machine

    with time_machine.travel(
        dt.datetime(2026, 10, 9, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
    ):
        record(people["officer"], tree["station"], "gate_banner", day, 3, enterprise=enterprise)
        record(people["intake"], tree["township"], "open_letter", day, 150)
    period = form_period(2026, 10)
    tree["member"].name = '=HYPERLINK("http://evil")'  # a unit name a spreadsheet would run
    tree["member"].save()
    sheet = selectors.form_sheet(tree["township"], period)

    fonts, text = inspect_pdf(
        documents.form_pdf(tree["township"], sheet, period), "monthly-form", tmp_path
    )
    assert_cjk_font_embedded(fonts)
    assert "安全生产举报奖励宣传工作10月情况报表" in text
    assert "公开信" in text and "获取立案查处" in text and "合计" in text

    book = load_workbook(io.BytesIO(documents.form_xlsx(tree["township"], sheet, period)))
    ws = book.active
    assert ws.title == "2026年10月"
    header = [c.value for c in ws[3]]
    assert (
        header[0] == "单位"
        and header[1] == "公开信（封）"
        and header[-1] == "获取立案查处以上线索（条）"
    )
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=4, max_row=9, values_only=True)}
    assert rows["一号乡（本级）"][0] == 150
    assert rows["规建办"][5] == 3  # 标语海报
    assert rows["合计"][0] == 150 and rows["合计"][5] == 3
    evil = next(r for r in rows if r and "HYPERLINK" in r)
    assert evil.startswith("'=")  # kept as text, never run


def test_the_typical_case_form_and_the_quarterly_bulletin(tree, people, tmp_path):
    report = concluded(tree, people)
    draft = selectors.typical_case_prefill(report, people["intake"])
    case = services.typical_case_save(
        actor=people["intake"],
        report=report,
        title="仓库堵塞消防通道举报查处",
        fields={k: draft[k] for k in ("lead_source", "facts", "enforcement", "reward")},
        contact_name="谭晓琴",
        contact_phone="023-1",
    )
    fonts, text = inspect_pdf(documents.typical_case_pdf(case), "typical-case", tmp_path)
    assert_cjk_font_embedded(fonts)
    for words in (
        "安全生产举报奖励工作典型案例报送表",
        "典型案例概述",
        "线索来源",
        "简要案情",
        "执法处罚",
        "奖励发放",
        "填报单位：一号乡",
    ):
        assert words in text
    assert "张三丰" not in text and "13812345678" not in text

    today = local_date()
    quarter = (today.month - 1) // 3 + 1
    JointMeeting.objects.create(
        township=tree["township"],
        year=today.year,
        quarter=quarter,
        minutes="通报本季度情况",
        decisions="各单位补齐横幅",
    )
    figures = selectors.bulletin_figures(tree["township"], today.year, quarter)
    meeting = selectors.meeting_text(JointMeeting.objects.get())
    fonts, text = inspect_pdf(
        documents.bulletin_pdf(tree["township"], today.year, quarter, figures, meeting),
        "bulletin",
        tmp_path,
    )
    assert_cjk_font_embedded(fonts)
    assert "安全生产举报奖励工作通报" in text
    assert "本季度共收到举报1件" in text and "按期办结率100%" in text
    assert "消防" in text  # the sector of the concluded case
    assert "规建办" in text  # its unit
    assert "各单位补齐横幅" in text
