"""Reads for the identity custodian: the history of their own unseals, from the audit trail.

Every unseal is a timeline entry written by the service that showed the identity
(``reports.services.reporter_unseal``: "reports.reporter.unsealed" on the case;
``units.services.source_unseal``: "units.source.unsealed" on the confidential source), with
the custodian as actor and the reason as note. The history reads those entries and nothing
else, so it shows exactly what was audited.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, OuterRef, Q, Subquery, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import TimelineEntry
from reports.models import Report
from units.models import ConfidentialSource

REPORTER_UNSEALED = "reports.reporter.unsealed"
SOURCE_UNSEALED = "units.source.unsealed"


@dataclass(frozen=True)
class Unseal:
    at: datetime
    case_number: str  # "" for a confidential source
    source_alias: str  # "" for a case
    reason: str
    what: str


def unseal_history(*, user, limit: int) -> list[Unseal]:
    """The newest ``limit`` unseals ``user`` made (their own only), newest first, each with
    the case number or the source's alias and what it showed: one query."""
    types = ContentType.objects.get_for_models(Report, ConfidentialSource)
    report_type, source_type = types[Report], types[ConfidentialSource]
    number = Report.objects.filter(pk=OuterRef("object_id")).values("number")[:1]
    alias = ConfidentialSource.objects.filter(pk=OuterRef("object_id")).values("alias")[:1]
    entries = (
        TimelineEntry.objects.filter(
            Q(action=REPORTER_UNSEALED, content_type=report_type)
            | Q(action=SOURCE_UNSEALED, content_type=source_type),
            actor=user,
        )
        .annotate(
            case_number=Case(When(content_type=report_type, then=Subquery(number))),
            source_alias=Case(When(content_type=source_type, then=Subquery(alias))),
        )
        .order_by("-created_at", "-id")[:limit]
    )
    history = []
    for entry in entries:
        if entry.content_type_id == report_type.pk:
            count = int(entry.data.get("reporters", 0))
            what = ngettext(
                "The identity of %(n)s reporter", "The identities of %(n)s reporters", count
            ) % {"n": count}
        else:
            what = _("The identity of a confidential source")
        history.append(
            Unseal(
                at=entry.created_at,
                case_number=entry.case_number or "",
                source_alias=entry.source_alias or "",
                reason=entry.note,
                what=what,
            )
        )
    return history
