"""The sealed identity of the people behind a case, as a guard over texts a unit reads.

A ``Guard`` folds texts the way a reader takes them in (full-width forms, case, spaces and
separators, digits spelled as Chinese numerals) and finds in them the sealed name, phone and ID
number of every reporter of the case, of the duplicates merged into it, and of an informant's or
confidential source's register entry; and anything shaped like a phone or ID number, whoever it
belongs to. It refuses (``identity_check``) or masks (``Guard.mask``).
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from reports.models import Report, Reporter

MASK = "***"

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


# ------------------------------------------------------------------------------
# A name the reporter gives as theirs in the description ("我是欧阳铁柱", "我叫张三丰"): sealed
# like a registered name, whether or not the reporter left one. A surname must open it, so
# "我是工人" or "我是王村的村民" are no names.
# ------------------------------------------------------------------------------
_COMPOUND_SURNAMES = (
    "欧阳|司马|诸葛|上官|皇甫|慕容|东方|夏侯|令狐|公孙|尉迟|长孙|宇文|司徒|申屠|独孤|南宫|西门"
    "|端木|百里|呼延|轩辕|澹台|闻人|赫连|万俟|钟离|拓跋"
)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦"
    "俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房"
    "滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应"
    "臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_SELF_NAMED = re.compile(
    r"(?:我|本人|鄙人|俺)(?:的?名字(?:是|叫)|姓名(?:是|叫)|名叫|叫做|叫|是|系)"
    rf"((?:{_COMPOUND_SURNAMES})[\u4e00-\u9fff]{{1,2}}|[{_SURNAMES}][\u4e00-\u9fff]{{1,2}})"
    r"(?![\u4e00-\u9fff])"
)


def self_given_names(text: str) -> list[str]:
    """The names ``text`` says are the writer's own ("我是欧阳铁柱，" gives 欧阳铁柱)."""
    plain = "".join(unicodedata.normalize("NFKC", text or "").split())
    return [match.group(1) for match in _SELF_NAMED.finditer(plain)]


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
    values += [("name", name) for name in self_given_names(report.description)]
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
