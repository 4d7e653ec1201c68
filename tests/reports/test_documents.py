"""The case's PDFs: a CJK font is embedded (pdffonts), the Chinese text is there (pdftotext),
and nothing identifies the reporter. PNGs of the first pages land in test-artifacts/."""

from decimal import Decimal

import pytest
from django.utils import timezone

from reports import services
from reports.documents import dossier_pdf, transfer_slip_pdf, upstream_reply_pdf
from tests.pdf import inspect_pdf
from tests.reports.factories import clean_jpeg
from tests.reports.lifecycle_helpers import concluded, transferred

pytestmark = pytest.mark.django_db
IDENTITY = ("张三丰", "13812345678")


def test_transfer_slip_embeds_a_cjk_font_and_hides_the_reporter(tree, people, tmp_path):
    report = transferred(
        tree,
        people,
        description="我叫张三丰，电话13812345678。仓库消防通道被货物堵死",
        photos=[clean_jpeg()],
    )
    fonts, text = inspect_pdf(transfer_slip_pdf(report), "transfer-slip", tmp_path)
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk, fonts
    assert all(" yes " in line for line in cjk)  # embedded
    assert "安全生产举报线索交办单" in text
    assert report.number in text and tree["station"].name in text
    for secret in IDENTITY:
        assert secret not in text


def test_dossier_and_upstream_reply(tree, people, tmp_path):
    report = concluded(
        tree,
        people,
        source="upstream",
        channel="12350",
        upstream_body="12350热线",
        external_number="WZ-2026-77",
        upstream_deadline=timezone.localdate() + timezone.timedelta(days=30),
        reporters=[],
    )
    services.enforcement_update(
        report=report,
        actor=people["officer"],
        values={
            "penalty_decision_number": "恒应急罚〔2026〕9号",
            "penalty_decided_on": timezone.localdate(),
            "fine": Decimal("20000"),
        },
    )
    fonts, text = inspect_pdf(dossier_pdf(report), "dossier", tmp_path)
    assert "CJK" in fonts
    assert "安全生产举报案件档案" in text and "恒应急罚〔2026〕9号" in text and "20000" in text
    assert "办理记录" in text
    fonts, text = inspect_pdf(upstream_reply_pdf(report), "upstream-reply", tmp_path)
    assert "CJK" in fonts
    assert "办结回复" in text and "WZ-2026-77" in text and "属实" in text
