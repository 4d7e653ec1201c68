"""Logs and error reports keep reporters out: at most the last 4 digits of a phone, no ID
number, no receipt code, no POST data or frame variables."""

import io
import logging
import sys

from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from core.redaction import RedactingFilter, mask_phone, redact

PHONE, ID_NUMBER = "13812345678", "11010119900307425X"
CODE = "7101 7745 6450 7160 1286"


def test_a_phone_keeps_its_last_four_digits_only():
    assert mask_phone(PHONE) == "*******5678"
    assert mask_phone("+86 138-1234-5678") == "*******5678"
    assert mask_phone("12") == "*******"


def test_phones_ids_and_codes_are_found_in_any_shape():
    for shape in (PHONE, "138 1234 5678", "138-1234-5678", "+8613812345678", "86 13812345678"):
        assert redact(f"打给{shape}，没人接") == "打给*******5678，没人接", shape
    assert redact(f"身份证{ID_NUMBER}号") == "身份证[redacted]号"
    assert redact(f"code {CODE} ok") == "code [redacted] ok"
    assert redact(f"code {CODE.replace(' ', '')}") == "code [redacted]"


def test_what_is_not_personal_is_left_alone():
    text = "case JB20261205-0001 due 2026-12-05, hotline 023-58659106, outbox 12345, 1.5 s"
    assert redact(text) == text


def test_known_values_are_masked_whatever_their_shape():
    assert redact("refused 0086-138.1234.5678", known=["0086-138.1234.5678"]) == (
        "refused *******5678"
    )


def test_the_filter_masks_messages_arguments_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("SMS to %s failed", PHONE)
        try:
            raise OSError(f"gateway refused {PHONE} for id {ID_NUMBER}")
        except OSError:
            logger.exception("delivery")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    text = stream.getvalue()
    assert "SMS to *******5678 failed" in text
    assert "gateway refused *******5678 for id [redacted]" in text
    assert PHONE not in text and ID_NUMBER not in text and "138*" not in text


def test_error_reports_leave_out_post_data_and_frame_variables(settings):
    settings.DEBUG = False
    request = RequestFactory().post("/report/", {"name": "吴十一", "phone": PHONE})

    def intake(phone):
        description = "无证小作坊夜间生产"  # noqa: F841 - a local variable the report would show
        raise RuntimeError("boom")

    try:
        intake(PHONE)
    except RuntimeError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert "RuntimeError" in report and "intake" in report  # still useful to a developer
    for secret in ("吴十一", PHONE, "无证小作坊夜间生产"):
        assert secret not in report
