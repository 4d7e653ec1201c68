"""Intake at the speed of its one deliberate cost (the slow receipt hash): the queries of the
report form and of a submission are pinned, the hash runs with no transaction open, and the
empty form is rendered once per process yet shows a change at once.

The rates themselves are measured by benchmarks/intake.py (figures in the README), never here.
"""

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse

from reports import receipts, services
from reports.models import Category, FormSubmission, Report
from tests.reports.factories import form_token
from units.models import Unit

URL = reverse("reports:report-form")
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def _payload(tree, token: str, **extra) -> dict:
    return {
        "token": token,
        "category": Category.objects.get(code="gas").pk,
        "description": "餐馆后厨液化气瓶放在灶台旁边，软管老化漏气",
        "village": tree["village"].pk,
        "address": "东村老街8号",
        "identity": "named",
        "name": "赵六",
        "phone": "13700001111",
        "id_number": "",
        "declaration": "none",
        **extra,
    }


@pytest.mark.django_db
def test_the_report_form_costs_no_query_once_rendered(client, tree, django_assert_num_queries):
    # The first page of the day reads the places (2 queries), the townships (2), the
    # categories (1) and the reward estimates: the standard in force, its items, their
    # categories and the categories again (4).
    with django_assert_num_queries(9):
        first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    tokens = [TOKEN.search(r.content.decode())[1] for r in (first, second)]
    assert tokens[0] != tokens[1]
    assert first.content.decode().replace(tokens[0], "") == second.content.decode().replace(
        tokens[1], ""
    )
    assert second["Cache-Control"].startswith("no-store")
    assert "Set-Cookie" not in second.headers  # nothing personal went into the page


@pytest.mark.django_db
def test_a_change_shows_on_the_form_at_once(client, tree):
    client.get(URL)
    village = tree["village"]
    village.name = "新东村"
    village.save()
    Category.objects.create(code="kiln", name="砖瓦窑", sort_order=999)
    html = client.get(URL).content.decode()
    assert "新东村" in html and "砖瓦窑" in html


@pytest.mark.django_db
def test_without_the_shared_cache_the_form_is_rendered_each_time(client, tree, monkeypatch):
    from core import refcache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(refcache.cache, "get", down)
    monkeypatch.setattr(refcache, "_down_until", 0.0)
    first = client.get(URL)
    # An update sends no signal: only a page rendered afresh can show it.
    Unit.objects.filter(pk=tree["village"].pk).update(name="新东村")
    second = client.get(URL)
    assert first.status_code == second.status_code == 200
    assert "新东村" in second.content.decode()


@pytest.mark.django_db
def test_a_submission_costs_a_fixed_number_of_queries(
    client, tree, people, django_assert_num_queries
):
    data = _payload(tree, form_token(client))
    client.post(URL, _payload(tree, form_token(client)))  # the first fills the process caches
    # Before the transaction: the photos staged with the form, the category, the village with
    # its township (its parent), the form's token (4). In it (a savepoint here, BEGIN and
    # COMMIT in production: 2): the day's counter (1), the case, its search index (2) and its
    # reporter, the photos staged (1), the office's people, their channels, the notice and the
    # timeline entry (4), the form's submission (1). The receipt's office is kept per process.
    with django_assert_num_queries(17):
        response = client.post(URL, data)
    assert response.status_code == 200 and 'id="receipt-code"' in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_receipt_hash_is_computed_with_no_transaction_open(client, tree, monkeypatch):
    """A transaction open while the hash runs (and the day's case-number lock above all) made
    every other submission wait for it: intake ran at a third of what the hash allows."""
    seen = []
    slow_hash = receipts.hash_code

    def watched(code: str) -> str:
        seen.append(connection.in_atomic_block)
        return slow_hash(code)

    monkeypatch.setattr(receipts, "hash_code", watched)
    token = form_token(client)
    first = client.post(URL, _payload(tree, token))
    again = client.post(URL, _payload(tree, token))
    assert seen == [False]
    code = re.search(r'id="receipt-code">([\d ]+)<', first.content.decode())[1]
    assert code in again.content.decode()  # the same form twice: the same case and code
    assert Report.objects.count() == FormSubmission.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_submission_does_not_wait_for_another_ones_hash(tree, postgres, monkeypatch):
    """While one submission computes its hash, another goes through and takes the next case
    number: the hash holds no lock (it used to hold the day's counter until its commit)."""
    hashing, release = threading.Event(), threading.Event()
    slow_hash = receipts.hash_code

    def held(code: str) -> str:
        if threading.current_thread().name == "first":
            hashing.set()
            release.wait(10)
        return slow_hash(code)

    monkeypatch.setattr(receipts, "hash_code", held)
    numbers = {}

    def submit(token: str) -> None:
        numbers[token] = services.report_submit_once(
            token=token,
            source=Report.Source.CITIZEN,
            channel=Report.Channel.WEB,
            category=Category.objects.get(code="gas"),
            description="餐馆后厨液化气瓶放在灶台旁边，软管老化漏气",
            village=tree["village"],
            address="东村老街8号",
            reporters=[services.ReporterInput(declaration="none")],
        ).report.number

    def first() -> None:
        try:
            submit("first")
        finally:
            connection.close()

    thread = threading.Thread(target=first, name="first")
    thread.start()
    assert hashing.wait(10)
    submit("second")  # done while the first is still hashing
    release.set()
    thread.join(10)
    assert numbers["second"].endswith("-0001") and numbers["first"].endswith("-0002")
