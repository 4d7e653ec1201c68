"""Send a reminder once per subject, kind, key and threshold.

Every reminder the system sends (the lifecycle clocks, reward claims, the monthly forms, key
tasks) goes through here. A sweep finds what qualifies today, leaves out what was sent
(``unsent``), and records the rest in one batch (``record``): the rows are inserted with
``ON CONFLICT DO NOTHING`` under a batch token, and only the rows this call inserted are read
back and told. So a reminder is sent once however often a sweep runs or retries, two sweeps
running at once send it once between them, and a batch that fails rolls back whole and is sent
by the next sweep. Each batch costs the same few queries whatever its size.
"""

import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Model, OuterRef, QuerySet

from core.models import SentReminder

# One reminder: (the subject's primary key, key, threshold).
Key = tuple[int, str, str]


def unsent(kind: str, model: type[Model], *, threshold: Any = None, key: Any = "") -> Exists:
    """A filter for ``model`` rows whose reminder of this kind was not sent yet.

    ``threshold`` and ``key`` default to the row's annotated ``threshold`` and to no key;
    give ``OuterRef`` expressions or strings to match something else."""
    sent = SentReminder.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        kind=kind,
        key=key,
        threshold=OuterRef("threshold") if threshold is None else threshold,
    )
    return ~Exists(sent)


def record(kind: str, model: type[Model], keys: Iterable[Key]) -> QuerySet[SentReminder]:
    """Record the reminders not sent yet; returns the rows this call inserted (the ones to
    tell). Call it inside the transaction that tells, so that a failure sends nothing."""
    content_type = ContentType.objects.get_for_model(model)
    token = uuid.uuid4()
    rows = [
        SentReminder(
            content_type=content_type,
            object_id=subject,
            kind=kind,
            key=key,
            threshold=threshold,
            batch=token,
        )
        for subject, key, threshold in keys
    ]
    if not rows:
        return SentReminder.objects.none()
    SentReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return SentReminder.objects.filter(batch=token)


def recorded(rows: QuerySet[SentReminder]) -> set[Key]:
    """The keys of the rows ``record`` inserted."""
    return {(s, k, t) for s, k, t in rows.values_list("object_id", "key", "threshold")}


def batches(
    queryset: QuerySet, size: int = 500, *, pk: Callable[[Any], int] = lambda row: row.pk
) -> Iterator[list]:
    """The queryset in batches by ascending primary key (a keyset walk: each batch costs one
    query however far the sweep has come). ``pk`` reads the key of a row (``values()`` rows
    are dictionaries)."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = pk(batch[-1])
