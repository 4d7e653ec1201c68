"""What a unit sees of a case (reports/disclosure.py), tried the way an abuser would: the
reporter's name, phone and ID number planted in every free-text field and written loosely,
sentences in which the reporter describes themself, photos the office did not pass, and every
surface a unit can open (its case page, the transfer slip, the dossier, the supervision notice,
its notices, the typical case)."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.models import Notice, OutboxMessage, TimelineEntry
from reports import disclosure, selectors, services
from reports.clocks import clocks_sweep
from reports.models import Attachment, Report
from reports.services import ReporterInput
from tests.pdf import inspect_pdf
from tests.reports.factories import clean_jpeg, make_report
from tests.reports.lifecycle_helpers import SUMMARY, concluded

pytestmark = pytest.mark.django_db

# A sample resident ID number with an X check character (GB 11643-1999's own example).
NAME, PHONE, ID_NUMBER = "张三丰", "13812345678", "11010519491231002X"
SECRETS = (NAME, PHONE, ID_NUMBER, ID_NUMBER.lower())
PLACEHOLDER = "〔此处删去一句可能暴露举报人身份的话〕"

# The same identity as a reporter, an angry colleague or a careless clerk might type it.
LOOSE = {
    "name spaced out": "张 三 丰",
    "name with a middle dot": "张·三丰",
    "name with full-width spaces": "张\u3000三\u3000丰",
    "phone in full-width digits": "１３８１２３４５６７８",
    "phone in groups": "138 1234 5678",
    "phone with +86 and dashes": "+86 138-1234-5678",
    "phone with 86 and dots": "86.138.1234.5678",
    "phone with slashes and underscores": "138/1234_5678",
    "phone in Chinese numerals": "一三八一二三四五六七八",
    "ID with a lower-case x": "11010519491231002x",
    "ID in groups": "110105 19491231 002X",
    "ID with separators": "110105-1949.1231、002X",
    "ID in full-width characters": "１１０１０５１９４９１２３１００２ｘ",
}


def _planted(tree, **overrides) -> Report:
    fields = {
        "reporters": [
            ReporterInput(name=NAME, phone=PHONE, id_number=ID_NUMBER, declaration="none")
        ],
        "description": (
            "我是该厂厨师张某，在食堂干了三年。厂里夜间偷偷生产，消防通道被货物堵死。"
            "有事打 138 1234 5678 找我，张三丰。"
        ),
        "address": "东村二组12号，张三丰家隔壁，电话+86 138-1234-5678",
        "enterprise_name": "东村鞋厂（举报人张 三 丰，身份证110105 19491231 002x）",
    }
    fields.update(overrides)
    return make_report(village=tree["village"], **fields)


def _accept(report, people, tree, **kwargs) -> Report:
    return services.report_accept(
        report=report, actor=people["intake"], unit=tree["station"], **kwargs
    )


def _normalised(text: str) -> str:
    """The text as a reader would take it in: full-width forms folded, spaces and separators
    dropped, lower case (written here, not borrowed from the code under test)."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if c.isalnum())


def _assert_sealed(text: str, where: str) -> None:
    plain = _normalised(text)
    for secret in SECRETS:
        assert secret not in text, (where, secret)
        assert _normalised(secret) not in plain, (where, secret)


# ------------------------------------------------------------------------------------------
# The identity guard: exact and loosely formatted, in every field that reaches the unit
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("written", LOOSE.values(), ids=LOOSE.keys())
@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("summary", "交办摘要"),
        ("unit_address", "交给承办单位的地址"),
        ("unit_place", "交给承办单位的涉及单位或场所"),
    ],
)
def test_the_sealed_identity_is_refused_however_it_is_written(tree, people, field, label, written):
    report = _planted(tree)
    values = {"summary": SUMMARY, "unit_address": "东村二组12号", "unit_place": "东村鞋厂"}
    values[field] = f"{values[field]}（{written}）"
    with pytest.raises(ApplicationError, match=label) as refused:
        _accept(report, people, tree, **values)
    assert "举报人" in str(refused.value.message)
    report.refresh_from_db()
    assert report.status == "submitted"


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("张三丰", "举报人的姓名"),
        ("+86 138 1234 5678", "举报人的电话号码"),
        ("11010519491231002x", "举报人的身份证号码"),
        ("13900001111", "电话号码"),
        ("500101199003071234", "身份证号码"),
    ],
)
def test_a_refusal_says_which_field_and_why(tree, people, written, reason):
    report = _planted(tree)
    with pytest.raises(ApplicationError, match=reason) as refused:
        _accept(report, people, tree, summary=f"厂里夜间偷偷生产，请联系{written}核实")
    assert "交办摘要" in str(refused.value.message)


def test_every_reporter_of_a_joint_report_and_of_a_merged_duplicate_is_sealed(tree, people):
    report = make_report(
        village=tree["village"],
        reporters=[
            ReporterInput(name="陈永福", phone="13900002345", declaration="none"),
            ReporterInput(name="陈桂兰", phone="13900002346", declaration="none"),
        ],
    )
    duplicate = make_report(
        village=tree["village"],
        reporters=[ReporterInput(name="王德贵", phone="13800002468", declaration="none")],
    )
    services.report_merge(report=duplicate, into=report, actor=people["intake"])
    for planted in ("陈 桂 兰", "139-0000-2346", "王德贵"):
        with pytest.raises(ApplicationError, match="举报人"):
            _accept(report, people, tree, summary=f"{SUMMARY}，{planted}反映")
    _accept(report, people, tree, summary=SUMMARY)


def test_a_confidential_sources_name_is_sealed_like_a_reporters(tree, people):
    from units.models import ConfidentialSource

    source = ConfidentialSource(alias="眼线-07", unit=tree["township"])
    source.name, source.phone, source.id_number, source.notes = "刘一手", "13700007777", "", ""
    source.save()
    report = make_report(
        village=tree["village"],
        source="office",
        channel="informant",
        reporters=[ReporterInput(confidential_source=source, declaration="none")],
        actor=people["intake"],
    )
    for planted in ("刘一手", "眼线-07"):
        with pytest.raises(ApplicationError, match="举报人"):
            _accept(report, people, tree, summary=f"{SUMMARY}，{planted}反映")


# ------------------------------------------------------------------------------------------
# Sentences in which the reporter describes themself
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "我是该厂厨师张某",
        "我叫李四",
        "本人是二车间的",
        "本人在该厂从事电工工作",
        "我在这个厂上班三年了",
        "我是在该厂上班的",
        "我之前在这里打工",
        "作为厂里的老员工",
        "我们车间主任天天让人加班",
        "我的工友手被卷进去了",
        "俺们厂的锅炉没检验",
        "我家就在厂子隔壁",
        "我上夜班的时候看到的",
        "来电人自称是该厂保安",
        "我老公在这个矿上班",
    ],
)
def test_self_identifying_sentences_are_flagged(sentence):
    flagged = [s for s in disclosure.sentences(f"仓库消防通道被堵。{sentence}，请尽快处理。")]
    assert [s.text for s in flagged if s.flagged] == [sentence]


@pytest.mark.parametrize(
    "text",
    [
        "仓库消防通道被货物堵死，灭火器过期。",
        "我是昨天路过时看到的，车间门口堆满了纸箱。",
        "上周五我数了有30多人，车上写的核载19人。",
        "来电人不愿留姓名。",
    ],
)
def test_plain_facts_are_not_flagged(text):
    assert not any(s.flagged for s in disclosure.sentences(text))


def test_the_prefill_leaves_self_identifying_sentences_out_visibly(tree):
    report = _planted(tree)
    prefill = disclosure.summary_prefill(report)
    assert "我是该厂厨师张某" not in prefill and "在食堂干了三年" not in prefill
    assert prefill.count(PLACEHOLDER) == 2  # one per run of left-out sentences
    assert "厂里夜间偷偷生产" in prefill and "消防通道被货物堵死" in prefill
    _assert_sealed(prefill, "prefill")


@pytest.mark.parametrize(
    "said",
    ["我是欧阳铁柱", "我叫欧阳铁柱", "本人叫欧阳铁柱", "我的名字是 欧阳铁柱", "鄙人是欧阳铁柱"],
)
def test_a_name_an_anonymous_reporter_gives_as_theirs_is_sealed_everywhere(tree, people, said):
    """Found by the property test: the self-naming clause was left out of the prefill, but the
    name said again in the same sentence went to the unit silently."""
    report = make_report(
        village=tree["village"],
        reporters=[ReporterInput(declaration="none")],
        description=(
            f"{said}，举报人欧阳铁柱反映。厂里夜间偷偷生产，工人没有任何防护。"
            "消防通道被欧阳 铁柱的车堵死。"
        ),
        address="东村二组12号",
    )
    prefill = disclosure.summary_prefill(report)
    assert "欧阳铁柱" not in _normalised(prefill)
    assert "厂里夜间偷偷生产" in prefill
    with pytest.raises(ApplicationError, match="姓名"):
        _accept(report, people, tree, summary="举报人欧阳铁柱反映厂里夜间偷偷生产")
    _accept(report, people, tree, summary=prefill)
    report.refresh_from_db()
    view = disclosure.unit_view(report)
    assert "欧阳铁柱" not in _normalised(view.summary + view.address + view.place)


@pytest.mark.parametrize("said", ["我是工人，", "我是王村的村民，", "我是说"])
def test_words_after_i_am_that_are_no_name_are_left_alone(tree, said):
    report = make_report(
        village=tree["village"],
        reporters=[ReporterInput(declaration="none")],
        description=f"{said}工人在仓库里抽烟。",
    )
    assert "工人在仓库里抽烟" in disclosure.summary_prefill(report)


def test_a_summary_that_still_describes_the_reporter_needs_the_officers_word(tree, people):
    report = _planted(tree)
    summary = "本人是该厂二车间的工人，厂里夜间偷偷生产，消防通道被货物堵死。"
    with pytest.raises(ApplicationError, match="本人是该厂二车间的工人") as refused:
        _accept(report, people, tree, summary=summary)
    assert "确认" in str(refused.value.message)
    report.refresh_from_db()
    assert report.status == "submitted"

    _accept(report, people, tree, summary=summary, confirm_not_identifying=True)
    report.refresh_from_db()
    assert report.status == "transferred" and report.transfer_summary == summary
    entry = TimelineEntry.objects.get(object_id=report.pk, action="reports.disclosure.confirmed")
    assert entry.visibility == "office" and entry.actor == people["intake"]
    assert entry.data["fields"] == ["summary"]
    assert any("本人" in cue for cue in entry.data["cues"])
    assert "二车间" not in str(entry.data) + entry.note  # the reporter's words stay out
    assert "reports.disclosure.confirmed" not in [e.action for e in selectors.unit_timeline(report)]


def test_a_placeholder_left_in_the_summary_never_reaches_the_unit(tree, people):
    report = _planted(tree)
    prefill = disclosure.summary_prefill(report)
    _accept(report, people, tree, summary=prefill)
    report.refresh_from_db()
    assert PLACEHOLDER not in report.transfer_summary
    assert "厂里夜间偷偷生产" in report.transfer_summary


def test_the_triage_page_highlights_the_sentence_and_the_prefill_leaves_it_out(
    client, tree, people
):
    report = _planted(tree, photos=[clean_jpeg(), clean_jpeg(color=(0, 90, 200))])
    client.force_login(people["intake"])
    page = client.get(reverse("admin:reports_report_action", args=[report.pk, "accept"]))
    html = page.content.decode()
    assert '<mark class="self-id"' in html
    assert "我是该厂厨师张某</mark>" in html
    assert "可能暴露举报人身份" in html  # the note beside the highlight
    initial = page.context["form"].initial
    assert "我是该厂厨师张某" not in initial["summary"] and PLACEHOLDER in initial["summary"]
    for name in ("summary", "unit_address", "unit_place"):
        _assert_sealed(initial[name], name)
    # Each photo with its checkbox (not ticked) and the reminder.
    for photo in report.attachments.all():
        assert reverse("reports:thumb", args=[photo.pk]) in html
        assert f'value="{photo.pk}"' in html
    assert "checked" not in html.split('id="photo-choice"')[1].split("</fieldset>")[0]
    assert html.count("人脸") >= 2


# ------------------------------------------------------------------------------------------
# Nothing planted reaches anything a unit opens
# ------------------------------------------------------------------------------------------
def _accept_through_the_admin(client, report, tree, people, **extra):
    client.force_login(people["intake"])
    url = reverse("admin:reports_report_action", args=[report.pk, "accept"])
    initial = client.get(url).context["form"].initial
    data = {
        "unit": tree["station"].pk,
        "summary": initial["summary"],
        "unit_address": initial["unit_address"],
        "unit_place": initial["unit_place"],
        **extra,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    report.refresh_from_db()
    assert report.status == "transferred"
    return report


def test_an_identity_planted_everywhere_reaches_nothing_a_unit_opens(
    client, tree, people, tmp_path
):
    report = _planted(tree, photos=[clean_jpeg()])
    report = _accept_through_the_admin(client, report, tree, people)
    services.report_list_for_supervision(
        report=report, actor=people["intake"], supervisor=people["leader"], reason="涉及消防通道"
    )
    assert report.unit_address.startswith("东村二组12号")
    assert "东村鞋厂" in report.unit_place
    for who in ("officer", "head"):
        client.force_login(people[who])
        page = client.get(reverse("reports:unit-case", args=[report.number]))
        assert page.status_code == 200
        html = page.content.decode()
        _assert_sealed(html, f"{who} case page")
        assert "东村二组12号" in html and "东村鞋厂" in html and "厂里夜间偷偷生产" in html
        for name, document in (
            ("slip", "unit-slip"),
            ("dossier", "unit-dossier"),
            ("notice", "unit-notice"),
        ):
            response = client.get(reverse(f"reports:{document}", args=[report.number]))
            assert response["Content-Type"] == "application/pdf", name
            _fonts, text = inspect_pdf(response.content, f"sealed-{name}-{who}", tmp_path)
            _assert_sealed(text, f"{who} {name}")
            assert "东村二组12号" in text, name
    # The office prints the same slip and dossier for paper units.
    client.force_login(people["intake"])
    for name in ("slip", "dossier", "notice"):
        response = client.get(reverse("admin:reports_report_pdf", args=[report.pk, name]))
        _fonts, text = inspect_pdf(response.content, f"sealed-office-{name}", tmp_path)
        _assert_sealed(text, f"office {name}")

    # What the unit is told: reminders and escalations, in the inbox and by text message.
    clocks_sweep(today=report.due_date - dt.timedelta(days=1))
    clocks_sweep(today=report.due_date + dt.timedelta(days=8))
    told = [n.text for n in Notice.objects.all()] + [
        m.text + m.subject + str(m.params) for m in OutboxMessage.objects.all()
    ]
    assert any(report.number in text for text in told)
    for text in told:
        _assert_sealed(text, "notice")


def test_texts_written_before_the_guard_are_masked_on_every_unit_surface(
    client, tree, people, tmp_path
):
    """By construction: whatever slipped into the stored texts (an older case, a raw edit), the
    unit's view masks the sealed identity, however it is written."""
    report = _accept(_planted(tree), people, tree, summary=SUMMARY)
    Report.objects.filter(pk=report.pk).update(
        transfer_summary=f"{SUMMARY}。联系人张 三 丰，１３８１２３４５６７８",
        unit_address="东村二组12号（110105 19491231 002x）",
        unit_place="东村鞋厂 +86 138-1234-5678",
        listed_at=report.accepted_at,
        listed_reason="举报人张·三丰多次反映",
    )
    client.force_login(people["officer"])
    html = client.get(reverse("reports:unit-case", args=[report.number])).content.decode()
    _assert_sealed(html, "case page")
    assert "东村二组12号" in html and "东村鞋厂" in html
    for document in ("unit-slip", "unit-dossier", "unit-notice"):
        response = client.get(reverse(f"reports:{document}", args=[report.number]))
        _fonts, text = inspect_pdf(response.content, f"masked-{document}", tmp_path)
        _assert_sealed(text, document)


def test_office_notes_that_reach_the_unit_are_checked(tree, people):
    report = _accept(_planted(tree), people, tree, summary=SUMMARY)
    with pytest.raises(ApplicationError, match="举报人"):
        services.report_list_for_supervision(
            report=report,
            actor=people["intake"],
            supervisor=people["leader"],
            reason="张 三 丰多次反映",
        )
    services.report_acknowledge(report=report, actor=people["officer"])
    services.report_return(report=report, actor=people["officer"], reason="不属于本单位职责")
    with pytest.raises(ApplicationError, match="举报人"):
        services.report_reroute(
            report=report,
            actor=people["intake"],
            unit=tree["member"],
            note="可联系138-1234-5678了解情况",
        )


def test_the_reply_the_office_writes_is_checked_because_the_unit_reads_it_too(tree, people):
    from tests.reports.lifecycle_helpers import under_review

    _report, conclusion = under_review(
        tree,
        people,
        reporters=[ReporterInput(name=NAME, phone=PHONE, declaration="none")],
    )
    with pytest.raises(ApplicationError, match="举报人"):
        services.conclusion_review(
            conclusion=conclusion, actor=people["intake"], accept=False, note="张三丰说还没整改"
        )
    with pytest.raises(ApplicationError, match="举报人"):
        services.conclusion_review(
            conclusion=conclusion,
            actor=people["intake"],
            accept=True,
            reward_conditions_met=True,
            note="张三丰先生：经核查属实",
        )


# ------------------------------------------------------------------------------------------
# Photos: the office passes each one; a unit never sees one it did not pass
# ------------------------------------------------------------------------------------------
def test_a_unit_sees_only_the_photos_the_office_passed(client, tree, people):
    report = _planted(tree, photos=[clean_jpeg(), clean_jpeg(color=(0, 90, 200))])
    passed, withheld = report.attachments.order_by("pk")
    report = _accept_through_the_admin(client, report, tree, people, photos=[passed.pk])
    passed.refresh_from_db()
    withheld.refresh_from_db()
    assert passed.passed_to_unit_at is not None and passed.passed_by == people["intake"]
    assert withheld.passed_to_unit_at is None

    client.force_login(people["officer"])
    html = client.get(reverse("reports:unit-case", args=[report.number])).content.decode()
    assert reverse("reports:thumb", args=[passed.pk]) in html
    assert reverse("reports:attachment", args=[withheld.pk]) not in html
    assert client.get(reverse("reports:attachment", args=[passed.pk])).status_code == 200
    for name in ("attachment", "thumb"):
        assert client.get(reverse(f"reports:{name}", args=[withheld.pk])).status_code == 404
    assert [a.pk for a in disclosure.unit_view(report).photos] == [passed.pk]

    # The office still sees both; the unit's own evidence is the unit's.
    client.force_login(people["intake"])
    assert client.get(reverse("reports:attachment", args=[withheld.pk])).status_code == 200
    services.report_acknowledge(report=report, actor=people["officer"])
    services.investigation_note(
        report=report, actor=people["officer"], note="现场照片", evidence=[clean_jpeg()]
    )
    evidence = report.attachments.get(kind=Attachment.Kind.EVIDENCE)
    client.force_login(people["officer"])
    assert client.get(reverse("reports:attachment", args=[evidence.pk])).status_code == 200

    # The choice is on the office's timeline, not the unit's.
    client.force_login(people["intake"])
    case_html = client.get(reverse("admin:reports_report_change", args=[report.pk])).content
    assert "交给承办单位 1 张，未交 1 张" in case_html.decode()
    assert "已交给承办单位" in case_html.decode() and "未交给承办单位" in case_html.decode()
    entry = TimelineEntry.objects.get(object_id=report.pk, action="reports.photos.chosen")
    assert entry.visibility == "office" and entry.data == {"passed": 1, "withheld": 1}


def test_accepting_without_a_choice_passes_no_photo(tree, people):
    report = _accept(_planted(tree, photos=[clean_jpeg()]), people, tree, summary=SUMMARY)
    photo = report.attachments.get()
    assert photo.passed_to_unit_at is None
    assert disclosure.unit_view(report).photos == ()
    assert not selectors.attachment_visible_to(people["officer"], photo)
    assert selectors.attachment_visible_to(people["intake"], photo)


def test_photos_of_another_case_cannot_be_passed(tree, people):
    other = make_report(village=tree["village"], photos=[clean_jpeg()])
    report = _planted(tree)
    with pytest.raises(ApplicationError, match="照片"):
        _accept(report, people, tree, summary=SUMMARY, photos=[other.attachments.get().pk])


def test_a_reroute_keeps_the_choice_and_the_office_can_pass_more_later(client, tree, people):
    report = _planted(tree, photos=[clean_jpeg(), clean_jpeg(color=(0, 90, 200))])
    first, second = report.attachments.order_by("pk")
    report = _accept(report, people, tree, summary=SUMMARY, photos=[first.pk])
    services.report_return(report=report, actor=people["officer"], reason="不属于本单位职责")
    report = services.report_reroute(report=report, actor=people["intake"], unit=tree["member"])
    assert [a.pk for a in disclosure.unit_photos(report)] == [first.pk]

    client.force_login(people["intake"])
    url = reverse("admin:reports_report_action", args=[report.pk, "photos"])
    page = client.get(url).content.decode()
    assert "人脸" in page
    client.post(url, {"photos": [first.pk, second.pk]})
    assert sorted(a.pk for a in disclosure.unit_photos(report)) == [first.pk, second.pk]
    entries = TimelineEntry.objects.filter(object_id=report.pk, action="reports.photos.chosen")
    assert [e.data for e in entries.order_by("pk")] == [
        {"passed": 1, "withheld": 1},
        {"passed": 2, "withheld": 0, "added": 1},
    ]
    # Calling it again with the same choice records nothing new.
    services.report_photos_pass(report=report, actor=people["intake"], photos=[first, second])
    assert entries.count() == 2
    with pytest.raises(ApplicationError):
        services.report_photos_pass(report=report, actor=people["officer"], photos=[first])


# ------------------------------------------------------------------------------------------
# The typical case is written from the case: it refuses the identity however it is written
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "written",
    ["张·三丰", "１３８ １２３４ ５６７８", "一三八一二三四五六七八", "+86 138-1234-5678"],
)
def test_a_typical_case_refuses_the_identity_however_it_is_written(tree, people, written):
    from publicity import selectors as publicity_selectors
    from publicity import services as publicity_services
    from publicity.models import TypicalCase

    report = concluded(
        tree,
        people,
        reporters=[ReporterInput(name=NAME, phone=PHONE, id_number=ID_NUMBER, declaration="none")],
        description="我是该厂厨师张某，电话13812345678。仓库消防通道被货物堵死",
    )
    draft = publicity_selectors.typical_case_prefill(report, people["intake"])
    fields = {k: draft[k] for k in TypicalCase.TEXT_FIELDS}
    _assert_sealed(str(draft), "typical case prefill")
    with pytest.raises(ApplicationError, match="身份"):
        publicity_services.typical_case_save(
            actor=people["intake"],
            report=report,
            title=draft["title"],
            fields={**fields, "facts": f"{fields['facts']}（{written}）"},
        )


def test_the_officer_confirms_on_the_transfer_page(client, tree, people):
    report = _planted(tree)
    client.force_login(people["intake"])
    url = reverse("admin:reports_report_action", args=[report.pk, "accept"])
    data = {
        "unit": tree["station"].pk,
        "summary": "作为厂里的老员工，我知道夜间偷偷生产，消防通道被堵。",
        "unit_address": "东村二组12号",
    }
    refused = client.post(url, data)
    html = refused.content.decode()
    assert refused.status_code == 400 and "作为厂里的老员工" in html and "勾选确认" in html
    report.refresh_from_db()
    assert report.status == "submitted"
    assert client.post(url, {**data, "confirm_not_identifying": "on"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "transferred"
    html = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert "安委办确认交给承办单位的内容不会暴露举报人身份" in html


def test_a_typical_case_never_publishes_a_photo_the_office_withheld(tree, people):
    from publicity import services as publicity_services
    from publicity.models import TypicalCase

    report = concluded(tree, people, photos=[clean_jpeg(), clean_jpeg(color=(0, 90, 200))])
    passed, withheld = report.attachments.order_by("pk")
    services.report_photos_pass(report=report, actor=people["intake"], photos=[passed])
    fields = {name: "内容" for name in TypicalCase.TEXT_FIELDS}
    save = {"actor": people["intake"], "report": report, "title": "消防通道堵塞", "fields": fields}
    with pytest.raises(ApplicationError, match="照片"):
        publicity_services.typical_case_save(photos=[withheld], **save)
    case = publicity_services.typical_case_save(photos=[passed], **save)
    assert list(case.photos.all()) == [passed]
