"""The joint meeting's bulletin: issued (印发) only once its quarter has ended, numbered in the
year's series (第X期), and frozen with its issue date, its figures and its text: data entered
later changes the draft of the next reading, never what was issued."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.models import TimelineEntry
from publicity import selectors, services
from publicity.models import Bulletin
from reports.models import Report
from tests.clock import at, moment
from tests.pdf import inspect_pdf
from tests.reports.factories import make_report

pytestmark = pytest.mark.django_db


def received_on(tree, day: dt.date, **overrides) -> Report:
    report = make_report(village=tree["village"], **overrides)
    Report.objects.filter(pk=report.pk).update(received_at=moment(day))
    return report


def issue(people, tree, year=2026, quarter=4) -> Bulletin:
    return services.bulletin_issue(
        actor=people["intake"], township=tree["township"], year=year, quarter=quarter
    )


def test_a_bulletin_is_issued_only_after_its_quarter(tree, people):
    with at(dt.date(2026, 12, 31), 23):
        with pytest.raises(ApplicationError, match="2026-12-31") as refused:
            issue(people, tree)
        assert "季度" in refused.value.message and "之后" in refused.value.message
    with at(dt.date(2026, 11, 5)), pytest.raises(ApplicationError, match="季度"):
        issue(people, tree, quarter=4)
    assert not Bulletin.objects.exists()
    with at(dt.date(2027, 1, 1), 8):
        bulletin = issue(people, tree)
    assert (bulletin.series_year, bulletin.number) == (2027, 1)
    assert bulletin.issued_by == people["intake"]
    assert TimelineEntry.objects.filter(action="publicity.bulletin.issued").count() == 1


def test_an_issued_bulletin_keeps_its_figures_date_text_and_file(tree, people, tmp_path):
    received_on(tree, dt.date(2026, 10, 9))
    with at(dt.date(2026, 12, 20)):
        services.meeting_save(
            actor=people["intake"],
            township=tree["township"],
            year=2026,
            quarter=4,
            held_on=dt.date(2026, 12, 18),
            place="乡政府会议室",
            decisions="一、补齐企业横幅",
        )
    with at(dt.date(2027, 1, 6), 9):
        bulletin = issue(people, tree)
        issued_pdf = bulletin.pdf.read()
    assert bulletin.figures["totals"]["received"] == 1
    assert bulletin.meeting["decisions"] == "一、补齐企业横幅"
    _fonts, text = inspect_pdf(issued_pdf, "issued-bulletin", tmp_path)
    assert "2027年第1期" in text and "2027年1月6日" in text and "本季度共收到举报1件" in text

    # A case of October entered late, the meeting's text changed, another issue: nothing moves.
    with at(dt.date(2027, 1, 20)):
        received_on(tree, dt.date(2026, 10, 30))
        services.meeting_save(
            actor=people["intake"],
            township=tree["township"],
            year=2026,
            quarter=4,
            decisions="改过的议定事项",
        )
        assert selectors.quarter_figures(tree["township"], 2026, 4)["totals"]["received"] == 2
        again = issue(people, tree)
    bulletin.refresh_from_db()
    assert again.pk == bulletin.pk and bulletin.figures["totals"]["received"] == 1
    assert bulletin.meeting["decisions"] == "一、补齐企业横幅"
    assert bulletin.issued_at == again.issued_at
    assert bulletin.pdf.read() == issued_pdf


def test_numbers_run_per_township_through_the_year_of_issue(tree, people):
    with at(dt.date(2026, 10, 8)):
        q3 = issue(people, tree, quarter=3)
    with at(dt.date(2027, 1, 8)):
        q4 = issue(people, tree, quarter=4)
    with at(dt.date(2027, 4, 2)):
        q1 = issue(people, tree, year=2027, quarter=1)
        other = services.bulletin_issue(
            actor=people["intake2"], township=tree["township2"], year=2027, quarter=1
        )
    assert [(b.series_year, b.number) for b in (q3, q4, q1, other)] == [
        (2026, 1),
        (2027, 1),
        (2027, 2),
        (2027, 1),
    ]


def test_the_meetings_page_issues_and_then_serves_the_issued_bulletin(client, tree, people):
    received_on(tree, dt.date(2026, 11, 9))
    meetings = reverse("publicity:meetings")
    with at(dt.date(2026, 12, 10), tick=True):
        client.force_login(people["intake"])
        page = client.get(meetings, {"year": 2026, "quarter": 4}).content.decode()
        assert 'id="do-issue"' not in page and "草稿" in page
        response = client.post(reverse("publicity:bulletin-issue", args=[2026, 4]))
        assert response.status_code == 302 and not Bulletin.objects.exists()
    with at(dt.date(2027, 1, 4), tick=True):
        client.force_login(people["intake"])
        page = client.get(meetings, {"year": 2026, "quarter": 4}).content.decode()
        assert 'id="do-issue"' in page
        client.post(reverse("publicity:bulletin-issue", args=[2026, 4]))
        bulletin = Bulletin.objects.get()
        page = client.get(meetings, {"year": 2026, "quarter": 4}).content.decode()
        assert 'id="do-issue"' not in page and "2027年第1期" in page and "2027-01-04" in page
        received_on(tree, dt.date(2026, 12, 1))  # entered after the issue
        served = client.get(reverse("publicity:bulletin", args=[2026, 4]))
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == bulletin.pdf.read()
    # The supervisor reads it and cannot issue.
    with at(dt.date(2027, 1, 5), tick=True):
        client.force_login(people["supervisor"])
        page = client.get(
            meetings, {"unit": tree["township"].pk, "year": 2026, "quarter": 4}
        ).content.decode()
        assert "2027年第1期" in page and 'id="do-issue"' not in page
        response = client.post(
            f"{reverse('publicity:bulletin-issue', args=[2026, 3])}?unit={tree['township'].pk}"
        )
    assert response.status_code == 404 and Bulletin.objects.count() == 1
