"""A month of campaign work from the demo data: the township produces its monthly form, a
typical case, a poster and the quarterly bulletin, and each output is read back."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from core.calendar import local_date
from publicity import documents, selectors, services
from publicity.models import JointMeeting, TypicalCase
from publicity.periods import last_ended, quarter_of
from reports.models import IntakePoint
from tests.pdf import assert_cjk_font_embedded, inspect_pdf
from tests.publicity.test_documents import decode_pages
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_township_produces_its_month_of_paperwork(tmp_path, django_user_model, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    township = Unit.objects.get(name="恒合土家族乡")
    office = django_user_model.objects.get(username="intake")
    leader = django_user_model.objects.get(username="leader")
    today = local_date()
    period = last_ended(today)

    # The monthly form: pre-filled from last month's work, two units already submitted.
    sheet = selectors.form_sheet(township, period)
    rows = {r.unit.name: r for r in sheet["rows"]}
    assert rows["恒合土家族乡"].values["open_letter"] == 300
    assert rows["恒合村"].form.frozen
    assert rows["规划建设管理环保办公室"].values["slogan"] == 3 + 3 + 3 + 2  # with the correction
    # The 两单两卡 stickers put up at the quarry (40) and the chemical depot (12), not the
    # sheets printed.
    assert sheet["total"]["card_qr"] == 40 + 12 and sheet["total"]["board_icon"] == 1
    assert sheet["total"]["informants"] == 2
    form = services.form_submit(
        actor=office, unit=township, year=period.year, month=period.month, channel="system"
    )
    assert form.totals == selectors.form_sheet(township, period)["total"]
    book = load_workbook(io.BytesIO(documents.form_xlsx(township, sheet, period)))
    values = {r[0]: r[1:] for r in book.active.iter_rows(min_row=4, values_only=True) if r[0]}
    assert values["恒合土家族乡（本级）"][0] == 300
    assert values["合计"][0] == 300
    fonts, text = inspect_pdf(
        documents.form_pdf(township, selectors.form_sheet(township, period), period),
        "demo-monthly-form",
        tmp_path,
    )
    assert_cjk_font_embedded(fonts)
    assert f"安全生产举报奖励宣传工作{period.month}月情况报表" in text and "已于" in text

    # The typical case: written by the office, reviewed by the leader, exported.
    case = TypicalCase.objects.get()
    case = services.typical_case_review(actor=leader, case=case)
    fonts, text = inspect_pdf(documents.typical_case_pdf(case), "demo-typical-case", tmp_path)
    assert_cjk_font_embedded(fonts)
    assert "扫码举报酒店宴会厅堵塞疏散通道" in text and "3,000元" in text
    assert "已于" in text  # reviewed on

    # A poster for the hotel: its QR opens the hotel's form.
    point = IntakePoint.objects.get(enterprise__name="万州区恒合土家大酒店", kind="enterprise")
    assert decode_pages(
        documents.posters_pdf([point], kind="poster_a4"), tmp_path, "demo-poster"
    ) == [[documents.point_url(point)]]

    # The bulletin of last quarter's joint meeting.
    quarter, year = quarter_of(today) - 1, today.year
    if quarter == 0:
        quarter, year = 4, year - 1
    assert JointMeeting.objects.filter(township=township, year=year, quarter=quarter).exists()
    bulletin = services.bulletin_issue(actor=office, township=township, year=year, quarter=quarter)
    fonts, text = inspect_pdf(bulletin.pdf.read(), "demo-bulletin", tmp_path)
    assert_cjk_font_embedded(fonts)
    assert f"{today.year}年第1期" in text
    assert "恒合土家族乡安全生产委员会办公室" in text
    assert "砂石场线索由规建环保办专人跟进" in text

    # What is still owed is worth the name: some targets met, some not.
    owed = selectors.owed(township, year=today.year, quarter=quarter_of(today))
    assert 0 < owed.completion < 100
