"""What a unit sees of a case: decided here, and only here.

A unit (the officers and the head of the responsible unit) and everything it can open (its
/unit/ case page, the transfer slip, the supervision notice, the case dossier) read a case
through ``unit_view``: the number, category and village, the office's vetted address and place,
the transfer summary, dates and status, and the photos the office passed. Never the description,
the address or place as the reporter typed them, the reporter, the scanned originals or the
messages.

Every free text on that path is checked against the sealed identity of every person behind the
case (its reporters, the reporters of duplicates merged into it, an informant's or confidential
source's register entry) when the office writes it (``identity_check``), exactly and loosely
written (spaces, full-width digits, separators, +86, a lower-case x, Chinese numerals); anything
shaped like a phone or ID number is refused too. When a unit reads, the same guard masks the
texts again, so that a text stored before the check, or edited around it, still shows nothing.

Sentences in which the reporter describes themself ("我是该厂厨师张某", "本人是…车间的") are no
identity any pattern of numbers catches: ``sentences`` flags them to the intake officer, the
prefilled summary leaves them out with a visible placeholder, and a summary that still carries
one needs the officer's explicit word that it identifies nobody (``vet_transfer_texts``).

The guard lives in ``identity.py``, the self-describing sentences in ``sentences.py``; import
everything from here: ``from reports import disclosure``.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from reports.disclosure.identity import (
    MASK,
    Guard,
    Leak,
    guard_for,
    identity_check,
    identity_problem,
    text_identifies_reporter,
)
from reports.disclosure.sentences import (
    Sentence,
    has_self_identifying,
    highlighted,
    self_identifying_cue,
    sentences,
)
from reports.models import Attachment, Report
from units import offices, permissions
from units.permissions import Perm

__all__ = [
    "MASK",
    "Guard",
    "Leak",
    "Sentence",
    "UnitView",
    "VettedTexts",
    "address_prefill",
    "attachment_visible_to",
    "guard_for",
    "has_self_identifying",
    "highlighted",
    "identity_check",
    "identity_problem",
    "mask_entries",
    "office_side",
    "place_prefill",
    "placeholder",
    "reporter_photos",
    "self_identifying_cue",
    "sentences",
    "shown_to_unit",
    "strip_placeholders",
    "summary_prefill",
    "text_identifies_reporter",
    "unit_photos",
    "unit_photos_q",
    "unit_view",
    "vet_transfer_texts",
]


# ------------------------------------------------------------------------------
# What the office starts from at transfer, and what it may send
# ------------------------------------------------------------------------------
def placeholder() -> str:
    return _("〔a sentence that may identify the reporter was left out here〕")


_PLACEHOLDER_ZH = "〔此处删去一句可能暴露举报人身份的话〕"


def strip_placeholders(text: str) -> str:
    for marker in {placeholder(), _PLACEHOLDER_ZH}:
        text = text.replace(marker, "")
    return text.strip()


def summary_prefill(report: Report) -> str:
    """The description as the starting point of the transfer summary: each run of sentences
    that may identify the reporter replaced by a visible placeholder, the rest masked."""
    guard = guard_for(report)
    parts, leaving_out = [], False
    for s in sentences(report.description, guard=guard):
        if s.flagged:
            if not leaving_out:
                parts.append(placeholder())
            leaving_out = True
        else:
            parts.append(s.text + s.end)
            leaving_out = False
    return guard.mask("".join(parts)).strip()


_PART = re.compile(r"([^，,、；;（）()【】\[\]\n]*)([，,、；;（）()【】\[\]\n]*)")
_EMPTY_BRACKETS = re.compile(r"[（(【\[][，,、；;\s]*[）)】\]]")


def _keep_clean_parts(text: str, guard: Guard) -> str:
    """A short text (an address, a place) without the parts that carry the identity or may
    describe the reporter ("张三丰家隔壁", "电话…", "我家楼下"), then masked for safety."""
    kept = []
    for match in _PART.finditer(text or ""):
        part, delimiters = match.group(1), match.group(2)
        if part and (guard.first(part) or self_identifying_cue(part)):
            # Drop the part; keep only the brackets around it, emptied below.
            kept.append("".join(c for c in delimiters if c in "（）()【】[]"))
        else:
            kept.append(part + delimiters)
    cleaned = _EMPTY_BRACKETS.sub("", "".join(kept))
    return guard.mask(cleaned.strip(" ，,、；;\n"))


def address_prefill(report: Report) -> str:
    """The reporter's address without the parts that identify them, masked."""
    return _keep_clean_parts(report.address or "", guard_for(report))[:200]


def place_prefill(report: Report) -> str:
    """The place or enterprise named (else the registered enterprise's name), without the
    parts that identify the reporter, masked."""
    named = report.enterprise_name or (report.enterprise.name if report.enterprise_id else "")
    return _keep_clean_parts(named or "", guard_for(report))[:150]


FIELD_LABELS = {
    "summary": gettext_lazy("transfer summary"),
    "unit_address": gettext_lazy("address for the unit"),
    "unit_place": gettext_lazy("place or enterprise for the unit"),
}


@dataclass(frozen=True)
class VettedTexts:
    summary: str
    unit_address: str
    unit_place: str
    # The fields the officer confirmed despite a self-describing sentence, and their cues.
    confirmed_fields: tuple[str, ...] = ()
    confirmed_cues: tuple[str, ...] = ()


def vet_transfer_texts(
    report: Report,
    *,
    summary: str,
    unit_address: str | None = None,
    unit_place: str | None = None,
    confirmed: bool = False,
) -> VettedTexts:
    """The texts a unit will read of the case, as the office sends them.

    Placeholders left in are dropped. Raises ApplicationError when the summary is shorter than
    10 characters, the address is missing or too long, a text carries the sealed identity or a
    phone or ID number (naming the field and what), or a text still has a sentence that may
    describe the reporter and the officer has not ``confirmed`` it identifies nobody.
    ``unit_address`` and ``unit_place`` default to their prefills.
    """
    texts = {
        "summary": strip_placeholders(summary or ""),
        "unit_address": strip_placeholders(
            address_prefill(report) if unit_address is None else unit_address
        ),
        "unit_place": strip_placeholders(
            place_prefill(report) if unit_place is None else unit_place
        ),
    }
    if len(texts["summary"]) < 10:
        raise ApplicationError(_("Write a transfer summary of at least 10 characters."))
    if not texts["unit_address"]:
        raise ApplicationError(_("Give the unit the address or a landmark to find the place."))
    for name, limit in (("unit_address", 200), ("unit_place", 150)):
        if len(texts[name]) > limit:
            raise ApplicationError(
                _("The %(field)s is too long: at most %(max)s characters.")
                % {"field": FIELD_LABELS[name], "max": limit}
            )
    for name, value in texts.items():
        identity_check(report, value, field=str(FIELD_LABELS[name]))
    fields, cues = [], []
    for name, value in texts.items():
        flagged = [s for s in sentences(value) if s.cue]
        if not flagged:
            continue
        if not confirmed:
            raise ApplicationError(
                _(
                    "The %(field)s still has a sentence in which the reporter may describe "
                    "themself: “%(sentence)s”. Rewrite it, or tick the box to confirm that it "
                    "does not identify the reporter."
                )
                % {"field": FIELD_LABELS[name], "sentence": flagged[0].text.strip()}
            )
        fields.append(name)
        cues += [s.cue for s in flagged]
    return VettedTexts(
        summary=texts["summary"],
        unit_address=texts["unit_address"],
        unit_place=texts["unit_place"],
        confirmed_fields=tuple(fields),
        confirmed_cues=tuple(sorted(set(cues))),
    )


# ------------------------------------------------------------------------------
# Photos: a reporter's photo reaches the unit only once the office passed it
# ------------------------------------------------------------------------------
def shown_to_unit(attachment: Attachment) -> bool:
    """Evidence, before and after photos and signed slips: always; a reporter's photo: once
    passed; scanned originals: never."""
    if attachment.kind == Attachment.Kind.PHOTO:
        return attachment.passed_to_unit_at is not None
    return attachment.kind in Attachment.UNIT_KINDS


def unit_photos_q() -> Q:
    unit_made = [k for k in Attachment.UNIT_KINDS if k != Attachment.Kind.PHOTO]
    return Q(kind__in=unit_made) | Q(kind=Attachment.Kind.PHOTO, passed_to_unit_at__isnull=False)


def unit_photos(report: Report) -> list[Attachment]:
    """The files of the case a unit sees, oldest first."""
    return list(report.attachments.filter(unit_photos_q()).order_by("created_at", "id"))


def reporter_photos(report: Report) -> list[Attachment]:
    """The reporter's photos, which the office passes to the unit one by one."""
    return list(report.attachments.filter(kind=Attachment.Kind.PHOTO).order_by("created_at", "id"))


def office_side(user, report: Report) -> bool:
    """An intake officer, custodian or leader over the case's township (or an administrator):
    they see every file of the case, whatever the unit sees."""
    return permissions.can(user, Perm.SEE_OFFICE_SIDE, report.township)


def attachment_visible_to(user, attachment: Attachment) -> bool:
    """Anyone who sees the case sees what the unit sees; the office side sees every file."""
    if attachment.report_id is None:
        return False
    report = (
        Report.objects.visible_to(user)
        .select_related("township")
        .filter(pk=attachment.report_id)
        .first()
    )
    if report is None:
        return False
    return shown_to_unit(attachment) or office_side(user, report)


# ------------------------------------------------------------------------------
# The unit's view of a case
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitView:
    """Exactly what a unit may read of a case. Free texts are the office's vetted copies,
    masked again against the sealed identity."""

    number: str
    status: str
    status_label: str
    category: str
    village: str
    address: str
    place: str
    summary: str
    township: str
    # The office that handles the case, as paper names it, and its line.
    office: str
    hotline: str
    responsible_unit: str
    source_label: str
    upstream_body: str  # for a case assigned from above: who assigned it, its number, its deadline
    external_number: str
    upstream_deadline: date | None
    received_at: datetime | None
    accepted_at: datetime | None
    acknowledged_at: datetime | None
    due_date: date | None
    concluded_at: datetime | None
    listed_at: datetime | None
    listed_reason: str
    listed_supervisor: str
    photos: tuple[Attachment, ...] = ()
    # A case handed over to a district department: who handed it, why and what is asked.
    handed_over_by: str = ""
    handover_reason: str = ""
    handover_request: str = ""
    guard: Guard = field(default_factory=lambda: Guard(()), repr=False, compare=False)

    def days_left(self, today: date) -> int | None:
        return (self.due_date - today).days if self.due_date else None

    def mask(self, text: str) -> str:
        """Any other text a unit reads of this case (an office note), masked."""
        return self.guard.mask(text)


def unit_view(report: Report) -> UnitView:
    """The case as a unit sees it (see the module's docstring)."""
    from core.people import display_name

    guard = guard_for(report)
    upstream = report.assigned_from_above
    supervisor = report.listed_supervisor
    office = offices.office_for(report.township)
    # A case (or its enforcement) handed to a department: who handed it, why, what is asked.
    handover = None
    if report.responsible_unit_id and report.responsible_unit.is_department:
        handed_to = report.responsible_unit_id
    else:
        handed_to = report.enforcement_unit_id
    if handed_to:
        handover = report.handovers.filter(to_unit_id=handed_to).select_related("from_unit").last()
    return UnitView(
        number=report.number,
        status=report.status,
        status_label=str(report.get_status_display()),
        category=report.category.name,
        village=report.village.name,
        address=guard.mask(report.unit_address),
        place=guard.mask(report.unit_place),
        summary=guard.mask(report.transfer_summary),
        township=report.township.name,
        office=office.name,
        hotline=office.hotline,
        responsible_unit=report.responsible_unit.name if report.responsible_unit_id else "",
        source_label=str(report.get_source_display()),
        upstream_body=(guard.mask(report.upstream_body) or str(report.get_channel_display()))
        if upstream
        else "",
        external_number=report.external_number if upstream else "",
        upstream_deadline=report.upstream_deadline if upstream else None,
        received_at=report.received_at,
        accepted_at=report.accepted_at,
        acknowledged_at=report.acknowledged_at,
        due_date=report.due_date,
        concluded_at=report.concluded_at,
        listed_at=report.listed_at,
        listed_reason=guard.mask(report.listed_reason),
        listed_supervisor=display_name(supervisor) if supervisor else "",
        photos=tuple(unit_photos(report)),
        handed_over_by=handover.from_unit.public_name if handover else "",
        handover_reason=guard.mask(handover.reason) if handover else "",
        handover_request=guard.mask(handover.request) if handover else "",
        guard=guard,
    )


def mask_entries(report: Report, entries: list) -> list:
    """Timeline entries a unit reads, their notes masked against the sealed identity."""
    guard = guard_for(report)
    for entry in entries:
        entry.note = guard.mask(entry.note)
        if getattr(entry, "label", None):
            entry.label = guard.mask(str(entry.label))
    return entries
