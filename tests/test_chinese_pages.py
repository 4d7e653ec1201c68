"""Every page reads in Chinese: each citizen page, each /unit/ page for every role, the dashboard
and the office's admin pages, shown as they come and after a form is sent empty or wrong. A
Latin-letter word outside a short list (PDF, QR, …) or a format string left unformatted
(``%(``, ``%s``, ``{0}``, ``{{``) in what a person reads fails the test, and so do the messages
the pages' scripts insert (they come from the page's ``data-msg-*`` and ``data-confirm``
attributes, each filled here as the script fills it).

Every URL name of the apps' url confs is rendered with real objects and answers 200 at least
once, but for the few that answer a file (``FILES``: PDFs, spreadsheets, photos), which their
apps' tests open. The admin's pages are the office's daily ones: cases and rewards."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from publicity import services as publicity
from publicity.models import TaskAssignment
from reports import receipts
from reports import services as reports
from reports.admin_actions import offered_actions
from reports.models import IntakePoint, Report
from rewards import services as rewards
from rewards.models import StandardItem
from tests.chinese import Pages, known_pattern, url_names
from tests.clock import at
from tests.publicity.helpers import record
from tests.reports.factories import clean_jpeg, make_intake
from tests.reports.lifecycle_helpers import SUMMARY, investigating, proposed, under_review
from tests.rewards.helpers import calculated, claimed, notified, receipt_code, verified
from tests.units.factories import EnterpriseFactory
from units.models import ConfidentialSource

pytestmark = pytest.mark.django_db
User = get_user_model()

# Names that answer a file, not a page.
FILES = {
    "reports:attachment",
    "reports:thumb",
    "reports:unit-slip",
    "reports:unit-dossier",
    "reports:unit-notice",
    "rewards:notice",
    "rewards:receipt",
    "publicity:photo",
    "publicity:thumb",
    "publicity:print",
    "publicity:form-export",
    "publicity:typical-pdf",
    "publicity:bulletin",
    "dashboards:export",
    "dashboards:assessment-bulletin",
}
APPS = ("core", "units", "reports", "rewards", "publicity", "dashboards")

ROLES = (
    "officer",
    "village_officer",
    "head",
    "leader",
    "finance",
    "custodian",
    "supervisor",
    "intake",
    "nobody",
)
NAMES = {
    "intake": ("谭", "晓琴"),
    "intake2": ("王", "立"),
    "officer": ("李", "建国"),
    "village_officer": ("张", "村官"),
    "head": ("刘", "主任"),
    "leader": ("陈", "国华"),
    "finance": ("周", "会计"),
    "custodian": ("吴", "保密"),
    "supervisor": ("郑", "督查"),
    "nobody": ("孙", "无名"),
    "admin": ("赵", "管理"),
}


# ------------------------------------------------------------------------------
# A township's day, with a case at every step
# ------------------------------------------------------------------------------
DAY = dt.date(2026, 10, 15)


@pytest.fixture
def world(tree, people):
    for username, (last, first) in NAMES.items():
        user = people[username]
        user.last_name, user.first_name = last, first
        user.save(update_fields=["last_name", "first_name"])
    w: dict = {}
    enterprise = EnterpriseFactory(village=tree["village"], supervising_unit=tree["station"])
    with at(DAY - dt.timedelta(days=40), tick=True):
        w["fresh"] = make_intake(village=tree["village"], photos=[clean_jpeg()])
        w["duplicate"] = make_intake(village=tree["village"]).report
        w["transferred"] = reports.report_accept(
            report=make_intake(village=tree["village"], photos=[clean_jpeg()]).report,
            actor=people["intake"],
            unit=tree["station"],
            summary=SUMMARY,
        )
        w["investigating"] = investigating(tree, people)
        asked = investigating(tree, people)
        reports.extension_request(
            report=asked, actor=people["officer"], days=10, reason="需要检测报告"
        )
        w["extension_asked"] = asked
        endorsed = investigating(tree, people)
        extension = reports.extension_request(
            report=endorsed, actor=people["officer"], days=10, reason="需要检测报告"
        )
        reports.extension_endorse(extension=extension, actor=people["head"])
        w["extension_endorsed"] = endorsed
        w["proposed"] = proposed(tree, people)[0]
        w["under_review"] = under_review(tree, people)[0]
        returned = investigating(tree, people)
        w["returned"] = reports.report_return(
            report=returned, actor=people["officer"], reason="不属于本单位管辖"
        )
        listed = investigating(tree, people)
        reports.report_list_for_supervision(
            report=listed,
            actor=people["intake"],
            supervisor=people["supervisor"],
            reason="逾期风险",
        )
        w["listed"] = listed
        w["concluded"] = verified(tree, people)
        w["to_approve"] = rewards.reward_submit(
            reward=calculated(tree, people), actor=people["intake"]
        )
        w["calculated"] = calculated(tree, people)
        w["notified"] = notified(tree, people)
        w["claimed"] = claimed(tree, people, method="cash")
        w["point"] = publicity.enterprise_point(enterprise=enterprise)
        record(people["officer"], tree["station"], "gate_banner", count=3, enterprise=enterprise)
        publicity.task_plan_generate(actor=people["intake"], township=tree["township"], year=2026)
        w["activity"] = record(
            people["officer"], tree["station"], "gate_banner", count=1, enterprise=enterprise
        )
        publicity.typical_case_save(
            actor=people["intake"],
            report=w["concluded"],
            title="仓库堵塞消防通道",
            fields={
                "lead_source": "群众网上举报。",
                "facts": "仓库消防通道被货物堵死。",
                "enforcement": "责令清理。",
                "reward": "奖励待核算。",
            },
        )
        w["source"] = ConfidentialSource.objects.create(
            unit=tree["township"], alias="线人甲", name="某某", phone="13900000000"
        )
    # The station's monthly forms: July's submitted and asked to reopen, August's submitted,
    # September's a draft.
    with at(DAY - dt.timedelta(days=5), tick=True):
        for month in (7, 8):
            publicity.form_submit(
                actor=people["head"], unit=tree["station"], year=2026, month=month, channel="system"
            )
        publicity.form_reopen_request(
            actor=people["head"], unit=tree["station"], year=2026, month=7, reason="漏报了培训场次"
        )
    w["codes"] = {key: receipt_code(w[key].report) for key in ("fresh", "notified")}
    return w


def _known(world) -> set[str]:
    """What the data brings: case numbers, QR codes, receipt codes, user names, the item
    numbers of the published reward list (H1, …)."""
    numbers = set(Report.objects.values_list("number", flat=True))
    numbers |= set(User.objects.values_list("username", flat=True))
    numbers |= set(StandardItem.objects.values_list("code", flat=True))
    points = set(IntakePoint.objects.values_list("code", flat=True))
    return numbers | points | {receipts.display(c) for c in world["codes"].values()}


@pytest.fixture
def pages(client, world) -> Pages:
    pages = Pages(client)
    pages.known = known_pattern(_known(world))
    return pages


# ------------------------------------------------------------------------------
# The pages
# ------------------------------------------------------------------------------
def citizen_pages(pages: Pages, tree, world) -> None:
    pages.client.logout()
    for name in ("reports:home", "reports:report-form", "reports:track"):
        pages.get(reverse(name), "citizen")
    pages.get(reverse("rewards:standard"), "citizen")
    pages.get(reverse("rewards:standard") + "?q=消防", "citizen")
    pages.get(reverse("rewards:unclaimed"), "citizen")
    pages.get(reverse("reports:qr", args=[world["point"].code]), "citizen")
    pages.post(reverse("reports:report-form"), {}, "citizen, empty form")
    pages.post(reverse("reports:track"), {"code": "1234 5678"}, "citizen, wrong code")
    # A case open on /track/: the reporter's messages, objection and withdrawal, and a
    # reward to claim.
    for key in ("fresh", "notified"):
        pages.post(reverse("reports:track"), {"code": world["codes"][key]}, "citizen")
        pages.get(reverse("reports:track-case"), f"citizen, {key}")
        pages.post(reverse("reports:track-message"), {"body": ""}, "citizen, empty message")
        pages.post(reverse("reports:track-object"), {"reason": ""}, "citizen, empty objection")
        pages.post(reverse("reports:track-withdraw"), {}, "citizen, unconfirmed withdrawal")
    pages.post(reverse("rewards:decline"), {}, "citizen, unconfirmed decline")
    pages.post(reverse("rewards:claim"), {}, "citizen, no method")
    pages.post(reverse("rewards:claim"), {"method": "bank"}, "citizen, claims")
    pages.post(reverse("reports:track-leave"), {}, "citizen")
    pages.get(reverse("units:login"), "citizen")
    pages.post(
        reverse("units:login"), {"username": "officer", "password": "wrong"}, "wrong password"
    )


def unit_pages(pages: Pages, tree, people, world) -> None:
    cases = [
        world[k]
        for k in (
            "transferred",
            "investigating",
            "extension_asked",
            "extension_endorsed",
            "proposed",
            "under_review",
            "listed",
            "concluded",
        )
    ]
    common = [
        reverse("reports:unit-home"),
        reverse("core:inbox"),
        reverse("core:inbox-settings"),
        reverse("publicity:home"),
        reverse("publicity:informants"),
        reverse("publicity:posters"),
        reverse("publicity:form-latest"),
        reverse("publicity:form", args=[2026, 9]),
        reverse("publicity:typical-list"),
        reverse("publicity:tasks"),
        reverse("publicity:meetings"),
        reverse("publicity:meetings") + "?year=2026&quarter=3",
        reverse("publicity:activity-new"),
        reverse("rewards:unit-rewards"),
        reverse("dashboards:home"),
        reverse("dashboards:assessment"),
        reverse("reports:unit-register"),
        reverse("reports:unit-identity"),
        reverse("reports:unit-receipts"),
        reverse("units:sources"),
    ]
    for who in ROLES:
        pages.as_(people[who])
        for url in common:
            pages.get(url, who, expect=(200, 403, 404))
        for report in cases:
            pages.get(reverse("reports:unit-case", args=[report.number]), who, (200, 403, 404))
    # Each step's form sent empty, by the person it is for.
    actions = {
        "officer": [
            ("transferred", ["note", "extension", "return"]),
            ("investigating", ["note", "enforcement", "extension", "propose", "return"]),
        ],
        "head": [("proposed", ["sign"]), ("extension_asked", ["endorse"])],
        "leader": [("extension_endorsed", ["approve"])],
    }
    for who, steps in actions.items():
        pages.as_(people[who])
        for key, names in steps:
            for action in names:
                url = reverse("reports:unit-action", args=[world[key].number, action])
                pages.post(url, {}, f"{who}, empty {action}")
    pages.as_(people["officer"])
    pages.post(reverse("reports:unit-register"), {}, "officer, empty tip")
    pages.post(reverse("publicity:activity-new"), {}, "officer, empty activity")
    pages.as_(people["custodian"])
    pages.post(reverse("reports:unit-identity"), {}, "custodian, empty")
    pages.post(reverse("units:sources"), {"source": world["source"].pk, "reason": ""}, "custodian")
    pages.as_(people["leader"])
    pages.post(
        reverse("rewards:unit-action", args=[world["to_approve"].pk, "approve"]),
        {},
        "leader, empty approval",
    )
    pages.post(reverse("publicity:typical-review", args=[world["concluded"].number]), {}, "leader")
    pages.as_(people["finance"])
    claimed_reward = world["claimed"]
    counter = reverse("rewards:counter", args=[claimed_reward.pk])
    pages.get(counter, "finance")
    pages.post(counter, {"step": "check"}, "finance, empty check")
    pages.post(counter, {"step": "pay"}, "finance, empty payment")
    pages.as_(people["head"])
    station = f"?unit={tree['station'].pk}"
    for month in (7, 8, 9):
        pages.get(reverse("publicity:form", args=[2026, month]) + station, "head")
    pages.post(reverse("publicity:form-correct", args=[2026, 9]), {"code": "slogan"}, "head")
    pages.post(reverse("publicity:form-submit", args=[2026, 9]), {}, "head, empty submit")
    pages.post(reverse("publicity:form-reopen", args=[2026, 8]) + station, {}, "head, no reason")
    task = TaskAssignment.objects.filter(unit=tree["station"], done_at__isnull=True).first()
    pages.post(reverse("publicity:task-done", args=[task.pk]), {}, "head, empty task")
    pages.as_(people["officer"])
    pages.post(
        reverse("publicity:activity-delete", args=[world["activity"].pk]),
        {"for_unit": tree["station"].pk},
        "officer, no reason",
    )
    pages.as_(people["intake"])
    concluded = world["concluded"]
    typical = reverse("publicity:typical-edit", args=[concluded.number])
    pages.get(typical, "intake")
    pages.post(typical, {}, "intake, empty typical case")
    pages.post(reverse("publicity:meetings") + "?year=2026&quarter=3", {"held_on": "x"}, "intake")
    pages.post(reverse("core:inbox-settings"), {"email": "not an address"}, "intake")
    pages.get(reverse("publicity:form", args=[2026, 7]) + station, "intake")
    pages.post(
        reverse("publicity:form-reopen-decide", args=[2026, 7]) + station,
        {"decision": "keep", "note": ""},
        "intake, keep without a note",
    )
    pages.post(reverse("publicity:tasks-plan"), {"year": ""}, "intake, no year")
    pages.post(reverse("publicity:bulletin-issue", args=[2026, 3]), {}, "intake")
    # A page that takes no argument and is not opened above is opened by every role.
    for name in sorted(url_names(APPS) - pages.rendered - FILES):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # it needs objects: open it above
        for who in ROLES:
            pages.as_(people[who]).get(url, who, expect=(200, 403, 404, 405))
    pages.as_(people["intake"]).post(reverse("units:logout"), {}, "intake")


# The office's daily admin: cases and rewards (with budgets and payments). Reference tables
# (categories, key tasks, form columns) are configuration, shown with their codes.
OFFICE_ADMIN = ("/admin/reports/report/", "/admin/rewards/")
ADMIN_LINK = re.compile(r'href="(/admin/\w+/\w+/(?:\d+/change/|add/)?)"')


def admin_pages(pages: Pages, people, world) -> None:
    """The office's admin: every list it sees, a record of each, each step on each case and
    each reward, shown and sent empty."""
    pages.as_(people["intake"])
    index = pages.get(reverse("admin:index"), "intake").content.decode()
    lists = [u for u in sorted(set(ADMIN_LINK.findall(index))) if u.startswith(OFFICE_ADMIN)]
    assert "/admin/reports/report/" in lists
    for url in lists:
        page = pages.get(url, "intake").content.decode()
        records = [u for u in ADMIN_LINK.findall(page) if u.startswith(url) and u != url]
        for record_url in records[:1]:
            pages.get(record_url, "intake")
    pages.get(reverse("admin:reports_report_changelist") + "?q=仓库", "intake")
    for report in Report.objects.all():
        pages.get(reverse("admin:reports_report_change", args=[report.pk]), "intake")
        for action, _spec in offered_actions(report):
            url = reverse("admin:reports_report_action", args=[report.pk, action])
            pages.get(url, f"intake, {action}")
            if action not in ("delivered", "close", "withdraw"):
                pages.post(url, {}, f"intake, empty {action}")
    message = reverse("admin:reports_report_message", args=[world["transferred"].pk])
    pages.post(message, {"body": ""}, "intake, empty message")
    for key in ("calculated", "notified"):
        reward = world[key]
        pages.get(reverse("admin:rewards_reward_change", args=[reward.pk]), "intake")
        for view in ("refuse", "items", "extend"):
            url = reverse(f"admin:rewards_reward_{view}", args=[reward.pk])
            pages.get(url, f"intake, {view}")
            pages.post(url, {}, f"intake, empty {view}")
    pages.get(reverse("admin:core_holiday_enter"), "intake", expect=(200, 403))


def test_every_page_reads_in_chinese(pages, tree, people, world):
    with at(DAY, tick=True):
        citizen_pages(pages, tree, world)
        unit_pages(pages, tree, people, world)
        admin_pages(pages, people, world)
    missing = url_names(APPS) - pages.rendered - FILES
    assert not missing, f"never rendered: {sorted(missing)}"
    assert not pages.findings, "\n".join(
        f"{text!r} on {len(where)} pages, e.g. {sorted(set(where))[:4]}"
        for text, where in pages.findings.items()
    )
