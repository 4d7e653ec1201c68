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
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from reports.models import Attachment, Report, Reporter
from units.models import Role
from units.selectors import memberships_of

MASK = "***"
# Roles on the office's side of a case: they see every file of it, originals included.
OFFICE_ROLES = (Role.INTAKE, Role.CUSTODIAN, Role.LEADER)

# ------------------------------------------------------------------------------
# Folding text the way a reader does: full-width forms, case, spaces and separators
# ------------------------------------------------------------------------------
_SEPARATORS = frozenset(
    " \t\r\n\u00a0\u3000-‐‑‒–—―－~～.·•・･_/\\、,，:：'\"‘’“”()（）[]【】<>《》〈〉+＊*#|｜"
)
# Digits a person may spell out: 一三八 1234 5678, 壹叁捌…, 幺 for 1 as on the phone.
_NUMERALS = str.maketrans(
    {
        "零": "0",
        "〇": "0",
        "○": "0",
        "一": "1",
        "幺": "1",
        "壹": "1",
        "二": "2",
        "两": "2",
        "贰": "2",
        "三": "3",
        "叁": "3",
        "四": "4",
        "肆": "4",
        "五": "5",
        "伍": "5",
        "六": "6",
        "陆": "6",
        "七": "7",
        "柒": "7",
        "八": "8",
        "捌": "8",
        "九": "9",
        "玖": "9",
    }
)


def _fold(text: str) -> tuple[str, list[int]]:
    """The text folded for matching, with the index in ``text`` of each folded character."""
    folded, where = [], []
    for i, char in enumerate(text or ""):
        for c in unicodedata.normalize("NFKC", char).lower().translate(_NUMERALS):
            if c in _SEPARATORS or c.isspace():
                continue
            folded.append(c)
            where.append(i)
    return "".join(folded), where


# Shapes of numbers that identify a person whoever they belong to (on folded text).
_ID_SHAPE = re.compile(
    r"(?<![0-9])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9x](?![0-9])",
    re.ASCII,
)
_MOBILE_SHAPE = re.compile(r"(?<![0-9])(?:0{0,2}86)?1[3-9]\d{9}(?![0-9])", re.ASCII)
_LANDLINE_SHAPE = re.compile(r"(?<![0-9])0[1-9]\d{1,2}\d{7,8}(?![0-9])", re.ASCII)
_SHAPES = (
    ("id_shape", _ID_SHAPE),
    ("phone_shape", _MOBILE_SHAPE),
    ("phone_shape", _LANDLINE_SHAPE),
)

WHAT = {
    "name": gettext_lazy("the reporter's name"),
    "alias": gettext_lazy("the reporter's code name"),
    "phone": gettext_lazy("the reporter's phone number"),
    "id_number": gettext_lazy("the reporter's ID number"),
    "phone_shape": gettext_lazy("a phone number"),
    "id_shape": gettext_lazy("an ID number"),
}


@dataclass(frozen=True)
class Leak:
    """Where a text gives the reporter away: what it is, and its span in the text."""

    what: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(WHAT[self.what])


class Guard:
    """The sealed identity of the people behind one case, folded for matching."""

    def __init__(self, values: Iterable[tuple[str, str]]) -> None:
        sealed: dict[str, str] = {}
        for what, value in values:
            folded, _where = _fold(value)
            if what == "phone":
                folded = re.sub(r"\D", "", folded, flags=re.ASCII)
                if len(folded) < 5:
                    continue
            if len(folded) >= 2 and folded not in sealed:
                sealed[folded] = what
        # Longest first: a name inside a longer value is found as part of it.
        self._sealed = sorted(sealed.items(), key=lambda item: -len(item[0]))

    def leaks(self, text: str) -> list[Leak]:
        """Every place in ``text`` that carries the sealed identity or a phone or ID number."""
        folded, where = _fold(text)
        found: list[Leak] = []
        for value, what in self._sealed:
            start = folded.find(value)
            while start >= 0:
                end = start + len(value)
                found.append(Leak(what, where[start], where[end - 1] + 1))
                start = folded.find(value, end)
        for what, shape in _SHAPES:
            for match in shape.finditer(folded):
                found.append(Leak(what, where[match.start()], where[match.end() - 1] + 1))
        return sorted(found, key=lambda leak: (leak.start, -leak.end))

    def first(self, text: str) -> Leak | None:
        """The most telling leak: the sealed identity before a mere shape of number."""
        leaks = self.leaks(text)
        sealed = [leak for leak in leaks if not leak.what.endswith("_shape")]
        return (sealed or leaks or [None])[0]

    def mask(self, text: str) -> str:
        """``text`` with every leak replaced by ``***``."""
        if not text:
            return text or ""
        spans: list[list[int]] = []
        for leak in self.leaks(text):
            start = leak.start - 1 if leak.start and text[leak.start - 1] in "+＋" else leak.start
            if spans and start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], leak.end)
            else:
                spans.append([start, leak.end])
        for start, end in reversed(spans):
            text = text[:start] + MASK + text[end:]
        return text


def _sealed_people(report: Report) -> QuerySet[Reporter]:
    """The reporters of the case and of the duplicates merged into it."""
    return Reporter.objects.filter(
        Q(report_id=report.pk) | Q(report__merged_into_id=report.pk)
    ).select_related("informant", "confidential_source")


def guard_for(report: Report) -> Guard:
    """The guard of one case, read once per case object (identities are decrypted here)."""
    cached = getattr(report, "_disclosure_guard", None)
    if cached is not None:
        return cached
    values: list[tuple[str, str]] = []
    for person in _sealed_people(report):
        values += [("name", person.name), ("phone", person.phone), ("id_number", person.id_number)]
        if person.informant_id:
            values += [("name", person.informant.name), ("phone", person.informant.phone)]
        source = person.confidential_source
        if source is not None:
            values += [
                ("name", source.name),
                ("alias", source.alias),
                ("phone", source.phone),
                ("id_number", source.id_number),
            ]
    guard = Guard(values)
    report._disclosure_guard = guard
    return guard


def identity_problem(report: Report, text: str) -> Leak | None:
    """What in ``text`` would give the case's reporter away, or None."""
    return guard_for(report).first(text or "")


def identity_check(report: Report, text: str, *, field: str) -> str:
    """``text``, stripped, when it carries nothing of the reporter; otherwise an
    ApplicationError naming the field and what it carries."""
    text = (text or "").strip()
    leak = identity_problem(report, text)
    if leak is not None:
        raise ApplicationError(
            _("The %(field)s contains %(what)s. Remove it: the unit must not learn who reported.")
            % {"field": field, "what": leak.label}
        )
    return text


def text_identifies_reporter(report: Report, text: str) -> bool:
    return identity_problem(report, text) is not None


# ------------------------------------------------------------------------------
# Sentences in which the reporter describes themself
# ------------------------------------------------------------------------------
_NOT_SELF = (
    r"(?!说|想|觉得|认为|不是|否|也|还|就|都|在|从|于|昨|今|前天|前几天|上周|上个|上次|刚|听|看到"
    r"|看见|路过|偶然|无意|去年|这几天|那天|当时|通过)"
)
_ROLES = (
    r"员工|工人|职工|一员|司机|保安|厨师|电工|焊工|技术员|管理员|安全员|会计|出纳|班长|组长|队长"
    r"|主任|经理|家属|邻居|住户|业主|学徒|工友|职员|股东|合伙人|承包人|老板|知情人|内部人|操作工"
    r"|搬运工|装卸工|矿工|临时工|保洁|门卫"
)
_WHEN = r"一直|现在|目前|以前|之前|原来|过去|曾经|曾|也|还|平时|每天"
_WORK = (
    r"上班|工作|打工|做工|干活|务工|任职|就职|实习|值班|当班|上岗|做事|干了|做了|当了|上夜班|上白班"
)
_PLACES = (
    r"厂|公司|单位|车间|班组|工地|工段|工区|部门|科室|矿|井下|宿舍|食堂|仓库|门店|店里|酒店|饭店"
    r"|学校|项目部|生产线|流水线|班上|组里|队里|老板|领导|经理|主任|厂长|矿长|班长|组长|队长"
    r"|主管|老总|师傅|同事|工友|司"
)
_PEOPLE = (
    r"工友|同事|班长|组长|师傅|老板|领导|上司|主管|经理|主任|徒弟|室友|舍友|工位|岗位|工号|工资"
    r"|家人|家属|丈夫|妻子|老公|老婆|爱人|父亲|母亲|爸爸|妈妈|爸|妈|儿子|女儿|哥哥|姐姐|弟弟"
    r"|妹妹|哥|姐|弟|妹|亲戚|邻居"
)
# (cue, pattern): the cue is what the officer and the timeline are told, never the words.
SELF_IDENTIFYING = [
    ("我是…", re.compile(rf"我(?:是|系|乃){_NOT_SELF}")),
    (
        "本人…",
        re.compile(r"本人(?:是|系|为|在|叫|姓|从事|就职|就读|任|家住|住|所在|曾在|工作|上班|负责)"),
    ),
    (
        "我叫…/我姓…",
        re.compile(r"(?:我|本人)(?:名叫|叫做|叫(?!了|人|他|她|来|过|上)|姓|的名字|名字)"),
    ),
    (
        "我在…上班",
        re.compile(rf"我们?是?(?:{_WHEN})?(?:在|于).{{0,15}}?(?:{_WORK})"),
    ),
    ("在…干了…", re.compile(rf"^(?:{_WHEN})?在.{{0,12}}?(?:{_WORK})(?!的)")),
    (
        "我上班…",
        re.compile(
            r"我们?(?:每天|天天|平时|经常|一般)?(?:上班|下班|上夜班|上白班|夜班|白班|值班|当班|上岗|打工|倒班)"
        ),
    ),
    ("作为…", re.compile(rf"作为.{{0,15}}?(?:{_ROLES})")),
    ("我们厂/我们车间…", re.compile(rf"(?:我|本人)们?(?:{_PLACES})")),
    ("我的同事/家人…", re.compile(rf"我的?(?:{_PEOPLE})")),
    (
        "我家/我住…",
        re.compile(
            r"(?:我|本人)(?:家|住)(?:就|也)?(?:在|住|门口|旁边|隔壁|对面|楼下|楼上|附近|后面|前面|挨着|紧挨)"
        ),
    ),
    (
        "入职/离职…",
        re.compile(
            r"(?:我|本人).{0,6}?(?:入职|进厂|进公司|在职|离职|辞职|被开除|被辞退|被解雇|被扣工资|被罚款|签了合同|交了社保)"
        ),
    ),
    ("我当过…", re.compile(rf"(?:我|本人)(?:当|做|干)(?:了|过)?.{{0,6}}?(?:{_ROLES})")),
    ("本厂/本公司…", re.compile(r"本(?:厂|公司|单位|车间|矿|工地|班组|店)")),
    ("我负责/我操作…", re.compile(r"(?:我|本人)(?:负责|分管|操作|主管|开的|管的)")),
    ("联系我/找我", re.compile(r"(?:联系|找|打电话给|打给|问)我(?!们)")),
    ("工号/工牌", re.compile(r"工号|工牌|胸牌")),
    (
        "来电人是…",
        re.compile(
            r"(?:来电人|来信人|来访人|来访者|举报人|反映人|投诉人|当事人|知情人)(?:是|系|为|自称|称其"
            r"|称自己|说自己|本人|在.{0,15}?(?:上班|工作|打工)|的(?:工友|同事|家属|亲戚|邻居|丈夫|妻子"
            r"|父亲|母亲))"
        ),
    ),
]
# Ways of saying "I" and "we" that the patterns above do not spell out.
_PRONOUNS = (("咱们", "我们"), ("俺们", "我们"), ("咱", "我"), ("俺", "我"), ("鄙人", "本人"))

_SENTENCE_ENDS = "。！？!?；;…\n\r"
_CLAUSE_ENDS = "，,"
_SPLIT = re.compile(rf"([^{_SENTENCE_ENDS}{_CLAUSE_ENDS}]*)([{_SENTENCE_ENDS}{_CLAUSE_ENDS}]*)")


@dataclass(frozen=True)
class Sentence:
    """A sentence, or a comma-separated clause of one, with the punctuation that ends it.
    ``cue`` says how it may describe the reporter; ``leak`` what identity it carries."""

    text: str
    end: str = ""
    cue: str = ""
    leak: Leak | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.cue or self.leak)


def self_identifying_cue(text: str) -> str:
    """How ``text`` may describe the reporter ("我是…"), or ""."""
    plain = "".join(unicodedata.normalize("NFKC", text).split())
    for word, same in _PRONOUNS:
        plain = plain.replace(word, same)
    for cue, pattern in SELF_IDENTIFYING:
        if pattern.search(plain):
            return cue
    return ""


def sentences(text: str, *, guard: Guard | None = None) -> list[Sentence]:
    """``text`` cut into sentences and clauses, each flagged when it may describe the reporter
    or (with a guard) carries the sealed identity or a phone or ID number."""
    guard = guard or Guard(())
    out = []
    for match in _SPLIT.finditer(text or ""):
        body, end = match.group(1), match.group(2)
        if not body and not end:
            continue
        out.append(
            Sentence(
                body, end, self_identifying_cue(body) if body.strip() else "", guard.first(body)
            )
        )
    return out


def highlighted(report: Report) -> SafeString:
    """The description as the intake officer reads it before transfer: each sentence that may
    identify the reporter in a <mark> with a note saying why."""
    note = _("May identify the reporter: leave it out of what the unit reads.")
    parts = []
    for s in sentences(report.description, guard=guard_for(report)):
        if s.flagged:
            why = s.leak.label if s.leak else s.cue
            parts.append(
                f'<mark class="self-id" title="{escape(note)}（{escape(why)}）">'
                f"{escape(s.text)}</mark>{escape(s.end)}"
            )
        else:
            parts.append(escape(s.text + s.end))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 - every part escaped


def has_self_identifying(report: Report) -> bool:
    return any(s.flagged for s in sentences(report.description, guard=guard_for(report)))


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
    if getattr(user, "is_superuser", False):
        return True
    return any(
        m.role in OFFICE_ROLES and report.township.path.startswith(m.unit.path)
        for m in memberships_of(user)
    )


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
    hotline: str
    responsible_unit: str
    source_label: str
    upstream_body: str
    external_number: str
    received_at: datetime | None
    accepted_at: datetime | None
    acknowledged_at: datetime | None
    due_date: date | None
    concluded_at: datetime | None
    listed_at: datetime | None
    listed_reason: str
    listed_supervisor: str
    photos: tuple[Attachment, ...] = ()
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
    upstream = report.source == Report.Source.UPSTREAM
    supervisor = report.listed_supervisor
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
        hotline=report.township.hotline,
        responsible_unit=report.responsible_unit.name if report.responsible_unit_id else "",
        source_label=str(report.get_source_display()),
        upstream_body=guard.mask(report.upstream_body) if upstream else "",
        external_number=report.external_number if upstream else "",
        received_at=report.received_at,
        accepted_at=report.accepted_at,
        acknowledged_at=report.acknowledged_at,
        due_date=report.due_date,
        concluded_at=report.concluded_at,
        listed_at=report.listed_at,
        listed_reason=guard.mask(report.listed_reason),
        listed_supervisor=display_name(supervisor) if supervisor else "",
        photos=tuple(unit_photos(report)),
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
