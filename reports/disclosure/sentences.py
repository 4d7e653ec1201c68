"""Sentences in which the reporter describes themself ("我是该厂厨师张某", "本人是…车间的",
"我们车间…", "我的工友…"): no pattern of numbers catches them, so they are found by the words a
reporter uses of themself, sentence by sentence (and clause by clause), and flagged to the
intake officer.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.disclosure.identity import Guard, Leak, guard_for
from reports.models import Report

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
