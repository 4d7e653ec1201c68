"""The blind index that lets the office find a case by a word of what the reporter typed
(``reports/search.py`` writes and reads it)."""

from django.db import models

from reports.models.case import Report


class SearchToken(models.Model):
    """One keyed fingerprint (HMAC, truncated to 32 bits) of a pair of neighbouring characters
    found in a case's encrypted texts. A case has each fingerprint at most once: the table says
    which pairs a case contains, never where, how often or in which order, and never the text.

    The primary key (fingerprint, case) is the index a search walks: "cases holding this pair".
    """

    pk = models.CompositePrimaryKey("token", "report")
    token = models.IntegerField()
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.report_id}:{self.token}"
