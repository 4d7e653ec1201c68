"""Which case a browser follows on /track/: opened with its receipt code, kept in the session
while it is fresh, and closed when the code is reissued. Read by every app's /track/ panel."""

from django.http import HttpRequest
from django.utils import timezone

from reports import selectors
from reports.models import Report

TRACK_SESSION_KEY = "track"


def tracked_report(request: HttpRequest) -> Report | None:
    """The case this browser opened with its receipt code, while the session is fresh."""
    # Sessions written before drafts stopped being kept there may still hold one: drop it.
    request.session.pop("track_draft", None)
    data = request.session.get(TRACK_SESSION_KEY)
    if not data or not selectors.track_session_valid(data.get("at", 0)):
        return None
    report = (
        Report.objects.select_related("category", "village", "township")
        .filter(pk=data["report"])
        .first()
    )
    if report is None or code_mark(report) != data.get("code"):
        # The code that opened this session was replaced (reissued): it opens nothing now.
        request.session.pop(TRACK_SESSION_KEY, None)
        return None
    request.session[TRACK_SESSION_KEY] = {**data, "at": timezone.now().timestamp()}
    return report


def code_mark(report: Report) -> str:
    """Which receipt code opened a session: a few characters of its stored hash, so that a
    reissued code also closes the sessions the old one opened."""
    return (report.receipt_hash or "")[:12]
