"""The office finds any case in its scope with one search box.

A case's searchable text lives in two kinds of columns, and each is searched its own way:

- **What the office may read in clear**: the case number, the external ticket number, the
  category, the village and the registered enterprise. These are matched with ``icontains``
  (``LIKE``), any part of them; on PostgreSQL the two numbers carry ``pg_trgm`` GIN trigram
  indexes (migration ``0016``), so "any part of the number" does not scan the table. The
  category, village and enterprise names sit in small reference tables reached by a join.
- **What a reporter typed** (description, address, the place or enterprise named) and the
  office's texts built from it (transfer summary, the unit's address and place) are encrypted at
  rest (DESIGN §5, ``core.fields.EncryptedTextField``): the database never sees them, so
  neither ``LIKE`` nor a trigram index can look inside. For them the case keeps a **blind
  index of character pairs** (``reports.models.SearchToken``): every pair of neighbouring
  letters or characters in those texts (Chinese has no spaces; a pair is the shortest unit that
  still names something: 煤矿, 砂场, 液化) is replaced by a keyed HMAC, truncated to 32 bits,
  and stored once per case. A searched word is cut into the same pairs; a case matches when it
  holds every one of them. This is the same idea as the blind indexes of ID and phone numbers
  (``core.crypto.blind_index``), applied to pairs.

What the index gives away, and what it does not: without the key (``SEARCH_INDEX_KEY``, else
derived from ``BLIND_INDEX_KEY``) a fingerprint cannot be tested against a guessed pair. With
the database alone one sees how many cases share a fingerprint (a very common pair may be
guessed by its frequency) but not which pairs a case holds in what order, how often, or
where: the text cannot be read back. Its limits: a word of one character is found only in the
clear columns; a word whose pairs all occur in a case but apart matches too (rare in practice:
the office reads the case it opens); the 32-bit truncation may, very rarely, match a case
holding another pair with the same fingerprint.

The index is written in the same transaction as the texts (``report_index``, called by the
intake and the acceptance services) and rebuilt for every case by
``manage.py reindex_case_search`` (after a change of the key) and by the migration that
introduced it.
"""

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.text import smart_split, unescape_string_literal

from reports.models import Category, Report, SearchToken
from units.models import Enterprise, Unit

# The encrypted texts whose character pairs are indexed.
INDEXED_FIELDS = (
    "description",
    "address",
    "enterprise_name",
    "transfer_summary",
    "unit_address",
    "unit_place",
)
# Letters, digits and CJK characters; anything else (spaces, punctuation) ends a run of text.
_RUN = re.compile(r"\w+")
# Rows per INSERT: two placeholders each, under SQLite's oldest limit of 999.
_INSERT_ROWS = 450
# More words than this in one search are ignored (each word is one condition of the query).
MAX_WORDS = 8


@cache
def _keyed(configured: str, fallback: str) -> "hmac.HMAC":
    """The HMAC-SHA256 keyed for fingerprints, to be copied for each pair."""
    key = (
        configured.encode()
        if configured
        else hmac.new(fallback.encode(), b"reports.search.pairs.v1", hashlib.sha256).digest()
    )
    return hmac.new(key, digestmod=hashlib.sha256)


def _fingerprint(pair: str) -> int:
    """A signed 32-bit integer from the keyed HMAC-SHA256 of ``pair``."""
    mac = _keyed(settings.SEARCH_INDEX_KEY, settings.BLIND_INDEX_KEY).copy()
    mac.update(pair.encode())
    return int.from_bytes(mac.digest()[:4], "big", signed=True)


def pairs(text: str) -> set[str]:
    """The pairs of neighbouring characters of ``text``, after folding width and case
    (NFKC: full-width Ａ３ is A3), within runs of letters and digits."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    found: set[str] = set()
    for run in _RUN.findall(folded):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found


def fingerprints(texts: Iterable[str]) -> set[int]:
    found: set[str] = set()
    for text in texts:
        found |= pairs(text)
    return {_fingerprint(pair) for pair in found}


def _store(rows: list[tuple[int, int]], *, replacing: list[int]) -> None:
    """Delete the fingerprints of the cases ``replacing``, then insert (fingerprint, case id)
    ``rows`` with multi-row INSERTs. In SQL: intake runs this for every case, and the ORM's
    bulk_create and delete cost more than the HMACs (about 50 µs a row, 0.4 ms a delete)."""
    table = connection.ops.quote_name(SearchToken._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE report_id IN ({', '.join(['%s'] * len(replacing))})",  # noqa: S608 - a quoted table name and placeholders
            replacing,
        )
        for start in range(0, len(rows), _INSERT_ROWS):
            chunk = rows[start : start + _INSERT_ROWS]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (token, report_id) VALUES {values}",  # noqa: S608 - a quoted table name and placeholders
                [value for row in chunk for value in row],
            )


def report_index(report: Report) -> None:
    """Replace the case's fingerprints with those of its current texts: call it inside the
    transaction that writes ``INDEXED_FIELDS`` (two queries)."""
    tokens = fingerprints(getattr(report, name) for name in INDEXED_FIELDS)
    _store([(token, report.pk) for token in sorted(tokens)], replacing=[report.pk])


def reindex_all(*, batch_size: int = 500) -> int:
    """Rebuild the index of every case, in batches by primary key, each in its own
    transaction; returns the number of cases indexed."""
    done, last = 0, 0
    while True:
        batch = list(
            Report.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", *INDEXED_FIELDS)[:batch_size]
        )
        if not batch:
            return done
        with transaction.atomic():
            _store(
                [
                    (token, r.pk)
                    for r in batch
                    for token in fingerprints(getattr(r, name) for name in INDEXED_FIELDS)
                ],
                replacing=[r.pk for r in batch],
            )
        done += len(batch)
        last = batch[-1].pk


def words(search_term: str) -> list[str]:
    """The words of a search, as the admin splits them (quotes keep a phrase together)."""
    found = []
    for bit in smart_split(search_term or ""):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        bit = bit.strip()
        if bit:
            found.append(bit)
    return found[:MAX_WORDS]


def _matching(word: str) -> QuerySet:
    """The ids of every case (in any scope) that ``word`` matches, as one subquery: a UNION of
    one index-driven part per kind of column, so each part uses its own index (the numbers'
    trigram indexes, the foreign keys', the fingerprints' primary key) instead of a filter
    evaluated row by row."""
    parts = [
        Report.objects.filter(Q(number__icontains=word) | Q(external_number__icontains=word)),
        Report.objects.filter(category__in=Category.objects.filter(name__icontains=word)),
        Report.objects.filter(village__in=Unit.objects.filter(name__icontains=word)),
        Report.objects.filter(enterprise__in=Enterprise.objects.filter(name__icontains=word)),
    ]
    ids = [part.order_by().values("pk") for part in parts]
    tokens = {_fingerprint(pair) for pair in pairs(word)}
    if tokens:  # cases holding every pair of the word
        ids.append(
            SearchToken.objects.filter(token__in=tokens)
            .order_by()
            .values("report_id")
            .annotate(found=Count("token"))
            .filter(found=len(tokens))
            .values("report_id")
        )
    return ids[0].union(*ids[1:])


def report_search(queryset: QuerySet[Report], search_term: str) -> QuerySet[Report]:
    """The cases of ``queryset`` (already scoped to the user) that match every word of
    ``search_term``: a word matches any part of a clear column, or all of its character pairs
    are among the case's fingerprints. The search adds no query, whatever the number of cases
    it finds, and never lists a case twice."""
    for word in words(search_term):
        queryset = queryset.filter(pk__in=_matching(word))
    return queryset
