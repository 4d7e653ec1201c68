"""The campaign's documents: QR posters (A4, A3, on an official artwork), sticker sheets for
the 两单两卡 and icon sheets for responsibility boards, the monthly form (PDF and XLSX), the
typical-case form and the joint meeting's bulletin. The PDFs follow the official Chinese
layout (templates/publicity/pdf/)."""

import datetime as dt
import io

import qrcode
import qrcode.image.svg
from django.urls import reverse
from django.utils import timezone

from core.documents import data_uri, render_pdf
from core.exports import safe_cell
from core.notify import absolute
from publicity.models import Artwork, PrintRecord, TypicalCase
from publicity.periods import Period
from reports.models import IntakePoint
from rewards.selectors import standard_in_force
from units import offices


def point_url(point: IntakePoint) -> str:
    """The short URL a QR code carries: scanning it opens the form prefilled."""
    return absolute(reverse("reports:qr", args=[point.code]))


def qr_svg(data: str) -> bytes:
    """A vector QR code (sharp at any print size), error correction Q for dirty walls."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_Q,
        border=2,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    code.add_data(data)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()


def qr_png(data: str) -> bytes:
    """A raster QR code for sheets that repeat it many times (WeasyPrint decodes a PNG much
    faster than it lays out the same SVG again and again); 10 px modules print sharp."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=2, box_size=10)
    code.add_data(data)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()


def headline_reward() -> str:
    """“最高奖励30万元”: the highest amount the standard in force can pay."""
    standard = standard_in_force()
    if standard is None:
        return ""
    top = max(standard.fine_maximum, standard.concealed_maximum)
    if top >= 10000 and top % 10000 == 0:
        return f"{top / 10000:.0f}万元"
    return f"{top:,.0f}元"


def _point_context(point: IntakePoint, *, raster: bool = False) -> dict:
    url = point_url(point)
    township = point.unit.township() or point.unit
    office = offices.office_for(township)
    return {
        "point": point,
        "url": url,
        "qr": data_uri(qr_png(url), "image/png")
        if raster
        else data_uri(qr_svg(url), "image/svg+xml"),
        "township": township,
        "office": office,
        "hotline": office.hotline,
    }


def posters_pdf(points: list[IntakePoint], *, kind: str, artwork: Artwork | None = None) -> bytes:
    """One page per point: a poster of the paper size, an artwork with the QR placed on it,
    or a sheet of QR labels."""
    sheets = kind in (PrintRecord.Kind.CARD_STICKERS, PrintRecord.Kind.BOARD_STICKERS)
    context = {
        "pages": [_point_context(p, raster=sheets) for p in points],
        "headline": headline_reward(),
        "kind": kind,
        "paper": "A3" if kind == PrintRecord.Kind.POSTER_A3 else "A4",
    }
    if sheets:
        template = "publicity/pdf/stickers.html"
        context["cells"] = range(24 if kind == PrintRecord.Kind.CARD_STICKERS else 12)
    elif kind == PrintRecord.Kind.ARTWORK:
        template = "publicity/pdf/artwork.html"
        with artwork.image.open("rb") as f:
            context["artwork"] = artwork
            context["background"] = data_uri(f.read(), "image/jpeg")
        context["paper"] = artwork.paper
    else:
        template = "publicity/pdf/poster.html"
    return render_pdf(template, context)


# ------------------------------------------------------------------------------
# The monthly form
# ------------------------------------------------------------------------------
def form_pdf(unit, sheet: dict, period: Period) -> bytes:
    return render_pdf(
        "publicity/pdf/monthly_form.html",
        {"unit": unit, "period": period, "printed_at": timezone.localtime(), **sheet},
    )


def form_xlsx(unit, sheet: dict, period: Period) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    columns = sheet["columns"]
    book = Workbook()
    ws = book.active
    ws.title = f"{period.year}年{period.month}月"
    width = len(columns) + 1
    thin = Side(style="thin", color="333333")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.cell(1, 1, f"安全生产举报奖励宣传工作{period.month}月情况报表")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = Font(size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.cell(
        2,
        1,
        safe_cell(
            f"填报单位：{unit.name}　　统计期间：{period.start:%Y-%m-%d}至{period.end:%Y-%m-%d}"
        ),
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    headers = ["单位", *[c.heading for c in columns]]
    for i, text in enumerate(headers, start=1):
        cell = ws.cell(3, i, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
        ws.column_dimensions[get_column_letter(i)].width = 14 if i > 1 else 22
    ws.row_dimensions[3].height = 45
    rows = [
        (r.unit.name + ("（本级）" if r.own and len(sheet["rows"]) > 1 else ""), r.values)
        for r in sheet["rows"]
    ]
    if len(sheet["rows"]) > 1:
        rows.append(("合计", sheet["total"]))
    for r, (label, values) in enumerate(rows, start=4):
        ws.cell(r, 1, safe_cell(label)).border = box
        for i, column in enumerate(columns, start=2):
            cell = ws.cell(r, i, int(values.get(column.code, 0)))
            cell.border = box
            cell.alignment = Alignment(horizontal="center")
        if label == "合计":
            for i in range(1, width + 1):
                ws.cell(r, i).font = Font(bold=True)
    ws.freeze_panes = "B4"
    form = sheet.get("form")
    note_row = len(rows) + 5
    status = (
        f"已于{timezone.localtime(form.submitted_at):%Y-%m-%d %H:%M}报送"
        f"（{form.get_channel_display()}）"
        if form and form.frozen
        else "未报送（草稿）"
    )
    ws.cell(note_row, 1, safe_cell(f"状态：{status}"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------
# Typical case and bulletin
# ------------------------------------------------------------------------------
def typical_case_pdf(case: TypicalCase) -> bytes:
    photos = [data_uri(p.file.open("rb").read()) for p in case.photos.all()[:6]]
    return render_pdf(
        "publicity/pdf/typical_case.html",
        {"case": case, "photos": photos, "printed_at": timezone.localtime()},
    )


def bulletin_pdf(
    township, year: int, quarter: int, figures: dict, meeting: dict, *, issued=None
) -> bytes:
    """The joint meeting's bulletin from its figures and the meeting's text as plain values
    (``selectors.bulletin_figures``, ``selectors.meeting_text``): a draft dated today, or, with
    ``issued`` (a Bulletin), the issued one with its number and issue date."""
    meeting = dict(meeting)
    if meeting.get("held_on"):
        meeting["held_on"] = dt.date.fromisoformat(meeting["held_on"])
    return render_pdf(
        "publicity/pdf/bulletin.html",
        {
            **figures,
            "township": township,
            "year": year,
            "quarter": quarter,
            "start": dt.date.fromisoformat(figures["start"]),
            "end": dt.date.fromisoformat(figures["end"]),
            "meeting": meeting,
            "completion": figures["publicity"]["completion"],
            "issued": issued,
            "printed_at": timezone.localtime(issued.issued_at if issued else None),
        },
    )
