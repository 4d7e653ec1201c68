"""PDF documents: a Django template rendered by WeasyPrint with an embedded CJK font.

The project's system-package script installs fonts-noto-cjk (the glyphs) and
libharfbuzz-subset0 (without it, subsetting a CJK font makes each PDF about 50 times slower).
Images are passed to templates as data URIs, so rendering needs no URL fetcher.
"""

import base64

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.encoding import escape_uri_path


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported late: it takes most of a second to load

    html = render_to_string(template_name, context)
    return HTML(string=html).write_pdf()


def data_uri(content: bytes, content_type: str = "image/jpeg") -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode()}"


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{escape_uri_path(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response
