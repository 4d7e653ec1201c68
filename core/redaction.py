"""Keeping reporters out of logs and error reports.

A log line may carry at most the last 4 digits of a phone (``*******5678``), and never an ID
number, a name or a receipt code. Code that logs something about a person masks it itself with
:func:`mask_phone` or :func:`redact`; :class:`RedactingFilter`, installed on every log handler,
masks whatever shaped like a phone, an ID number or a receipt code still slips through (an
exception from a gateway that repeats the number, say). Names cannot be recognised by shape: no
log call passes one.

Error reports (Django's 500 e-mails) carry the request's POST data and the local variables of
every frame, which on the citizen pages are what a reporter typed:
:class:`ReporterSafeExceptionFilter` hides them all once ``DEBUG`` is off.
"""

import logging
import re
from collections.abc import Iterable
from typing import Any

from django.views.debug import SafeExceptionReporterFilter

MASK = "*******"

# Runs of 15 or more digits, optionally grouped by single spaces or dashes: ID numbers (15 or
# 18 characters, the last maybe X) and receipt codes (20 digits, shown in groups of four).
# The edges are not \w: Chinese characters count as word characters and run into numbers.
_LONG_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d(?:[ -]?\d){13,}(?:[ -]?[\dXx])(?![0-9A-Za-z])")
# Mainland mobile numbers, with or without +86/86 and separators.
_MOBILE = re.compile(r"(?<![0-9A-Za-z+])(?:\+?86[ -]?)?(1[3-9]\d(?:[ -]?\d){8})(?![0-9A-Za-z])")


def mask_phone(phone: str) -> str:
    """``*******5678``: the last 4 digits only, whatever the length."""
    digits = re.sub(r"\D", "", phone or "")
    return f"{MASK}{digits[-4:]}" if len(digits) >= 4 else MASK


def redact(text: str, *, known: Iterable[str] = ()) -> str:
    """``text`` with phones masked to their last 4 digits and ID numbers and receipt codes
    removed. ``known`` values (a message's address, say) are masked wherever they appear,
    whatever their shape."""
    if not text:
        return text
    for value in known:
        if value and len(value) >= 4:
            text = text.replace(value, mask_phone(value))
    text = _LONG_NUMBER.sub("[redacted]", text)
    return _MOBILE.sub(lambda m: mask_phone(m.group(1)), text)


class RedactingFilter(logging.Filter):
    """Masks phones, ID numbers and receipt codes in a record's message and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class ReporterSafeExceptionFilter(SafeExceptionReporterFilter):
    """Error reports without POST values or frame variables (once ``DEBUG`` is off): on the
    citizen pages they are what the reporter typed, in the services their decrypted identity."""

    def get_post_parameters(self, request: Any) -> dict:
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed[key] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> list:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
