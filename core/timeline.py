"""The case timeline: one helper that services call to record what happened."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from core.models import TimelineEntry
from core.people import display_name

Visibility = TimelineEntry.Visibility

# Keys whose values never reach the timeline, whatever a caller passes.
SENSITIVE_KEYS = frozenset(
    {"name", "phone", "id_number", "receipt_code", "code", "address", "contact", "account"}
)


def _mask(data: dict[str, Any]) -> dict[str, Any]:
    return {k: ("***" if k in SENSITIVE_KEYS else v) for k, v in data.items()}


def record(
    obj: models.Model,
    action: str,
    *,
    actor: Any = None,
    actor_label: str = "",
    visibility: str = Visibility.OFFICE,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> TimelineEntry:
    """Append an entry to ``obj``'s timeline.

    ``action`` is dotted (``reports.report.submitted``). ``actor`` is a user or None for the
    reporter or the system, who are named by ``actor_label``. Sensitive keys in ``data`` are masked.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if actor is not None and not actor_label:
        actor_label = display_name(actor)
    return TimelineEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        action=action,
        actor=actor,
        actor_label=actor_label[:100],
        visibility=visibility,
        note=note,
        data=_mask(data or {}),
    )


def entries_for(obj: models.Model, *, visibilities: tuple[str, ...]) -> QuerySet[TimelineEntry]:
    """The entries of ``obj`` that the given audiences may read, oldest first."""
    return TimelineEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        visibility__in=visibilities,
    ).order_by("created_at", "id")
