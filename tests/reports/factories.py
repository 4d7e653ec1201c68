import io
import re

from django.urls import reverse
from PIL import Image

from core.images import clean_photo
from reports.models import Category, Report
from reports.services import Intake, ReporterInput, report_create


def jpeg_bytes(size=(800, 600), color=(200, 80, 40), **save_kwargs) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG", **save_kwargs)
    return out.getvalue()


def clean_jpeg(**kwargs):
    return clean_photo(io.BytesIO(jpeg_bytes(**kwargs)), name="photo.jpg")


def form_token(client, **query) -> str:
    """The one-time token of the citizen's report form, read from the page as a phone reads it
    (the empty form is kept per process, so the page is not always rendered from a template)."""
    html = client.get(reverse("reports:report-form"), query).content.decode()
    return re.search(r'name="token" value="([^"]+)"', html)[1]


def make_intake(*, village, category: Category | None = None, **overrides) -> Intake:
    """A case through the real intake service (never a bare ORM create)."""
    fields = {
        "source": Report.Source.CITIZEN,
        "channel": Report.Channel.WEB,
        "category": category or Category.objects.get(code="fire_safety"),
        "description": "仓库消防通道被货物堵死，灭火器过期",
        "village": village,
        "address": "东村二组12号",
        "reporters": [ReporterInput(declaration="none")],
    }
    fields.update(overrides)
    return report_create(**fields)


def make_report(*, village, **overrides) -> Report:
    return make_intake(village=village, **overrides).report
