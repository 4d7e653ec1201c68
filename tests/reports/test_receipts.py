import datetime as dt
import logging
import re

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core import notify
from core.errors import ApplicationError
from core.models import OutboxMessage, TimelineEntry
from reports import receipts, selectors, services
from reports.models import ReceiptReissueAttempt, Report
from reports.services import ReporterInput
from tests.clock import at, moment
from tests.leaks import assert_not_stored
from tests.reports.factories import form_token, make_intake
from tests.units.factories import person
from units.models import Role


def test_generated_codes_are_twenty_digits_with_a_valid_check_digit_and_differ():
    codes = {receipts.generate() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 20 and code.isdigit()
        assert receipts.is_well_formed(code)


def test_display_groups_of_four_and_normalise_undo_each_other():
    code = receipts.generate()
    shown = receipts.display(code)
    assert shown.count(" ") == 4 and all(len(g) == 4 for g in shown.split(" "))
    assert receipts.normalise(shown) == code
    assert receipts.normalise("１２３４-5678") == "12345678"  # full-width digits from a phone


@given(st.integers(min_value=0, max_value=19), st.integers(min_value=1, max_value=9))
def test_any_single_wrong_digit_is_caught(position, delta):
    code = receipts.generate()
    wrong = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert not receipts.is_well_formed(wrong)


@given(st.integers(min_value=0, max_value=18))
def test_swapping_two_neighbours_is_caught(position):
    code = receipts.generate()
    if code[position] == code[position + 1]:
        return
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert not receipts.is_well_formed(swapped)


def test_hash_is_deterministic_and_peppered(settings):
    code = receipts.generate()
    first = receipts.hash_code(code)
    assert first == receipts.hash_code(code) and code not in first
    settings.RECEIPT_CODE_PEPPER = "another-pepper"
    assert receipts.hash_code(code) != first


# ------------------------------------------------------------------------------
# Reissuing a lost code: the custodian's job, with a reason, a few tries a day, all recorded
# ------------------------------------------------------------------------------
NAME, ID_NUMBER, PHONE = "林三妹", "110101199003074258", "13922223333"
DAY = dt.date(2026, 3, 10)  # a Tuesday
db = pytest.mark.django_db


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "core.notify.LocmemSmsBackend"
    notify.LocmemSmsBackend.outbox = []
    return notify.LocmemSmsBackend.outbox


@pytest.fixture
def named(tree):
    """A real-name report with a phone and an ID number, made on DAY."""
    with at(DAY, 9):
        return make_intake(
            village=tree["village"],
            reporters=[
                ReporterInput(name=NAME, phone=PHONE, id_number=ID_NUMBER, declaration="none")
            ],
        )


def _reissue(report, actor, **given):
    fields = {"reason": "本人来电称回执码遗失", "name": NAME, "id_number": ID_NUMBER}
    fields.update(given)
    return services.receipt_reissue(report=report, actor=actor, **fields)


def _outcomes(report) -> list[str]:
    return list(
        ReceiptReissueAttempt.objects.filter(report=report)
        .order_by("created_at", "id")
        .values_list("outcome", flat=True)
    )


@db
def test_only_a_custodian_of_the_case_township_reissues(named, tree, people):
    other_custodian = person("custodian2", tree["township2"], Role.CUSTODIAN)
    with at(DAY, 10):
        for who in (people["intake"], people["officer"], people["leader"], other_custodian):
            with pytest.raises(ApplicationError, match="只有本乡镇的身份保管员"):
                _reissue(named.report, who)
        assert _outcomes(named.report) == []  # no identity was checked: no try spent
        code = _reissue(named.report, people["custodian"])
    assert selectors.report_get_by_receipt(code) == named.report


@db
def test_a_reason_is_required(named, people):
    with at(DAY, 10):
        for reason in ("", "   ", "丢了"):
            with pytest.raises(ApplicationError, match="补发的理由"):
                _reissue(named.report, people["custodian"], reason=reason)
    assert _outcomes(named.report) == []


@db
def test_the_name_and_id_number_must_match_and_every_try_is_recorded(named, people, settings):
    settings.RECEIPT_REISSUE_TRIES_PER_DAY = 5  # the limit has its own test
    custodian = people["custodian"]
    with at(DAY, 10):
        for given in (
            {"id_number": "11010519491231002X"},  # another person's valid ID number
            {"name": "林三"},
            {"id_number": "", "phone": PHONE},  # an ID number is on file: it must be given
        ):
            with pytest.raises(ApplicationError, match="不符"):
                _reissue(named.report, custodian, **given)
        with pytest.raises(ApplicationError, match="姓名"):
            _reissue(named.report, custodian, name="", id_number="")  # nothing to check
        new_code = _reissue(named.report, custodian, name=" 林 三妹 ", id_number=ID_NUMBER.lower())
    assert _outcomes(named.report) == ["mismatch", "mismatch", "mismatch", "issued"]
    attempt = ReceiptReissueAttempt.objects.filter(outcome="issued").get()
    assert (attempt.actor, attempt.reason, attempt.day) == (custodian, "本人来电称回执码遗失", DAY)
    assert selectors.report_get_by_receipt(new_code) == named.report
    assert selectors.report_get_by_receipt(named.receipt_code) is None
    actions = list(
        TimelineEntry.objects.filter(action__startswith="reports.receipt.").values_list(
            "action", "visibility"
        )
    )
    assert actions == [("reports.receipt.reissue_refused", "office")] * 3 + [
        ("reports.receipt.reissued", "office")
    ]


@db
def test_a_reporter_who_gave_no_id_number_proves_name_and_phone(tree, people):
    with at(DAY, 9):
        intake = make_intake(
            village=tree["village"],
            reporters=[ReporterInput(name=NAME, phone=PHONE, declaration="none")],
        )
    with at(DAY, 10):
        with pytest.raises(ApplicationError, match="不符"):
            _reissue(intake.report, people["custodian"], id_number="", phone="13900000000")
        code = _reissue(intake.report, people["custodian"], id_number="", phone="139 2222 3333")
    assert selectors.report_get_by_receipt(code) == intake.report


@db
def test_an_anonymous_report_cannot_get_a_new_code(tree, people):
    with at(DAY, 9):
        intake = make_intake(village=tree["village"])
    with at(DAY, 10), pytest.raises(ApplicationError, match=r"匿名举报.*无法补发"):
        _reissue(intake.report, people["custodian"])
    assert _outcomes(intake.report) == ["anonymous"]
    assert selectors.report_get_by_receipt(intake.receipt_code) == intake.report


@db
def test_tries_are_limited_per_case_per_shanghai_day_counting_failed_ones(
    named, tree, people, settings
):
    settings.RECEIPT_REISSUE_TRIES_PER_DAY = 3
    custodian = people["custodian"]
    with at(DAY, 21):
        for _ in range(3):
            with pytest.raises(ApplicationError, match="不符"):
                _reissue(named.report, custodian, id_number="11010519491231002X")
    with at(DAY, 23), pytest.raises(ApplicationError, match="3次"):
        _reissue(named.report, custodian)  # the right identity, but no tries left today
    with at(DAY, 10):
        other = make_intake(
            village=tree["village"],
            reporters=[ReporterInput(name=NAME, id_number=ID_NUMBER, declaration="none")],
        )
        _reissue(other.report, custodian)  # the limit is per case
    # Midnight in Shanghai (16:00 UTC) starts a new day.
    with time_machine.travel(moment(DAY + dt.timedelta(days=1), 0, 5), tick=False):
        code = _reissue(named.report, custodian)
    assert selectors.report_get_by_receipt(code) == named.report
    assert _outcomes(named.report) == ["mismatch"] * 3 + ["limit", "issued"]


@db
def test_the_reporter_is_told_by_text_message_without_the_code(named, people, sms, caplog):
    caplog.set_level(logging.DEBUG)
    with at(DAY, 10):
        code = _reissue(named.report, people["custodian"])
        notify.outbox_sweep()
    assert [(phone, template) for phone, template, _params in sms] == [(PHONE, "receipt_reissued")]
    message = OutboxMessage.objects.get(template="receipt_reissued")
    assert named.report.number in message.text and "旧回执码" in message.text
    for secret in (code, receipts.display(code)):
        assert secret not in message.text and secret not in repr(message.params)
    for secret in (code, receipts.display(code), NAME, ID_NUMBER, PHONE):
        assert secret not in caplog.text
    # Nothing the custodian typed, nor either code, is stored in clear.
    assert_not_stored([code, named.receipt_code, NAME, ID_NUMBER, "本人来电称回执码遗失"])


@db
def test_the_old_code_stops_opening_track_even_in_an_open_session(client, named, people):
    from django.test import Client

    with at(DAY, 10, tick=True):
        reader = Client()  # the old code is in use on someone's phone
        reader.post(reverse("reports:track"), {"code": named.receipt_code})
        assert reader.get(reverse("reports:track-case")).status_code == 200

        client.force_login(people["custodian"])
        page = client.post(
            reverse("reports:unit-receipts"),
            {
                "number": named.report.number,
                "name": NAME,
                "id_number": ID_NUMBER,
                "phone": "",
                "reason": "本人到乡应急办补办",
            },
        )
        assert page.status_code == 200
        assert page["Cache-Control"].startswith("no-store")
        shown = re.search(r'id="receipt-code"[^>]*>([\d ]{24})<', page.content.decode())
        assert shown, page.content.decode()
        new_code = shown.group(1)

        assert reader.get(reverse("reports:track-case")).status_code == 302  # session closed
        citizen = Client()
        old = citizen.post(reverse("reports:track"), {"code": named.receipt_code})
        assert old.status_code == 400
        new = citizen.post(reverse("reports:track"), {"code": new_code})
        assert new.status_code == 302 and new["Location"] == reverse("reports:track-case")


@db
def test_a_resubmitted_form_no_longer_shows_the_old_code(client, tree, people):
    from reports.models import Category

    with at(DAY, 10, tick=True):
        token = form_token(client)
        data = {
            "token": token,
            "category": Category.objects.get(code="gas").pk,
            "description": "饭店后厨液化气瓶放在灶台旁边",
            "village": tree["village"].pk,
            "address": "东村老街8号",
            "identity": "named",
            "name": NAME,
            "phone": PHONE,
            "id_number": ID_NUMBER,
            "declaration": "none",
        }
        first = client.post(reverse("reports:report-form"), data).content.decode()
        old_code = first.split('id="receipt-code">')[1].split("<")[0]
        _reissue(Report.objects.get(), people["custodian"])
        again = client.post(reverse("reports:report-form"), data).content.decode()
    assert old_code not in again


@db
def test_the_leader_and_custodians_see_every_try_and_the_intake_officer_no_action(
    client, named, tree, people
):
    with at(DAY, 10, tick=True):
        with pytest.raises(ApplicationError):
            _reissue(named.report, people["custodian"], name="林三")
        _reissue(named.report, people["custodian"])

        client.force_login(people["leader"])
        page = client.get(reverse("reports:unit-receipts")).content.decode()
        rows = re.findall(r'<tr class="attempt[^"]*">(.*?)</tr>', page, re.S)
        assert len(rows) == 2
        assert named.report.number in rows[0] and "已补发" in rows[0]
        assert "身份不符" in rows[1] and "本人来电称回执码遗失" in rows[1]
        assert 'name="id_number"' not in page  # the leader reads, the custodian acts
        tried = client.post(
            reverse("reports:unit-receipts"),
            {
                "number": named.report.number,
                "name": NAME,
                "id_number": ID_NUMBER,
                "reason": "领导代办",
            },
        )
        assert tried.status_code == 403
        home = client.get(reverse("reports:unit-home")).content.decode()
        assert reverse("reports:unit-receipts") in home

        client.force_login(people["custodian"])
        page = client.get(reverse("reports:unit-receipts")).content.decode()
        assert len(re.findall(r'<tr class="attempt', page)) == 2 and 'name="id_number"' in page

        # Another township's leader sees none of them.
        client.force_login(person("leader2", tree["township2"], Role.LEADER))
        page = client.get(reverse("reports:unit-receipts")).content.decode()
        assert named.report.number not in page

        client.force_login(people["intake"])
        assert client.get(reverse("reports:unit-receipts")).status_code == 403
        case = client.get(reverse("admin:reports_report_change", args=[named.report.pk]))
        # The office reads the tries on the case timeline, and has no action to make one.
        assert "回执码补发未通过" in case.content.decode()
        assert not re.search(r"<a [^>]*>[^<]*补发", case.content.decode())
        gone = client.get(f"/admin/reports/report/{named.report.pk}/reissue/")
        assert gone.status_code in (302, 404)  # no such page: the admin sends it to the case


@db
def test_the_list_of_tries_costs_the_same_whatever_its_length(
    client, named, people, django_assert_num_queries, settings
):
    settings.RECEIPT_REISSUE_TRIES_PER_DAY = 5

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("reports:unit-receipts"))
        return len(queries)

    client.force_login(people["leader"])
    with at(DAY, 10, tick=True):
        with pytest.raises(ApplicationError):
            _reissue(named.report, people["custodian"], name="林三")
        once = count()
        for _ in range(2):
            with pytest.raises(ApplicationError):
                _reissue(named.report, people["custodian"], name="林三")
        _reissue(named.report, people["custodian"])
        with django_assert_num_queries(once):
            client.get(reverse("reports:unit-receipts"))
