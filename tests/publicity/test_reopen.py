"""A submitted monthly form is corrected only when the level above accepts to reopen it."""

import datetime as dt

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.models import Notice
from publicity import services
from publicity.models import FormColumn, MonthlyForm
from tests.clock import at
from tests.units.factories import person
from units.models import Role

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 23)  # October's form is due on 20 November


@pytest.fixture
def submitted(tree, people):
    with at(DAY):
        column = FormColumn.objects.filter(active=True).order_by("sort_order").first()
        services.form_correct(
            actor=people["intake"],
            unit=tree["township"],
            year=2026,
            month=10,
            column=column,
            value=7,
            reason="补录村里10月的宣传横幅",
        )
        services.form_submit(
            actor=people["intake"], unit=tree["township"], year=2026, month=10, channel="system"
        )
    return MonthlyForm.objects.get(unit=tree["township"], year=2026, month=10)


@pytest.fixture
def district_office(tree):
    return person("district_intake", tree["district"], Role.INTAKE)


def ask(people, tree, reason="漏报了培训场次"):
    with at(DAY):
        return services.form_reopen_request(
            actor=people["intake"], unit=tree["township"], year=2026, month=10, reason=reason
        )


def test_the_district_reopens_a_townships_form_and_the_correction_is_kept(
    tree, people, submitted, district_office
):
    form = ask(people, tree)
    assert form.frozen and form.reopening_asked
    assert Notice.objects.filter(recipient=district_office, text__contains="漏报了培训场次")
    with at(DAY):
        form = services.form_reopen_decide(actor=district_office, form=form, approve=True)
    assert not form.frozen and form.submitted_at is None and form.totals == {}
    # The correction made with a reason stays; the figures frozen at submission follow the
    # data again.
    assert list(form.cells.values_list("reason", flat=True)) == ["补录村里10月的宣传横幅"]
    assert Notice.objects.filter(recipient=people["intake"], text__contains="已退回").exists()
    with at(DAY):
        again = services.form_submit(
            actor=people["intake"], unit=tree["township"], year=2026, month=10, channel="system"
        )
    assert again.frozen


def test_only_another_person_above_decides(tree, people, submitted, district_office):
    form = ask(people, tree)
    with pytest.raises(ApplicationError):  # the township cannot reopen its own form
        services.form_reopen_decide(actor=people["intake"], form=form, approve=True)
    with pytest.raises(ApplicationError):  # a supervisor only reads
        services.form_reopen_decide(actor=people["supervisor"], form=form, approve=True)
    # The district's own office asking for the township cannot approve its own request.
    services.form_reopen_decide(actor=district_office, form=form, approve=False, note="已核实无误")
    with at(DAY):
        form = services.form_reopen_request(
            actor=district_office, unit=tree["township"], year=2026, month=10, reason="数字有误"
        )
    with pytest.raises(ApplicationError) as refused:
        services.form_reopen_decide(actor=district_office, form=form, approve=True)
    assert "申请人以外的其他人" in refused.value.message


def test_keeping_it_needs_a_reason_and_a_draft_is_corrected_directly(
    tree, people, submitted, district_office
):
    form = ask(people, tree)
    with pytest.raises(ApplicationError):
        services.form_reopen_decide(actor=district_office, form=form, approve=False, note=" ")
    form = services.form_reopen_decide(
        actor=district_office, form=form, approve=False, note="已核实无误"
    )
    assert form.frozen and not form.reopening_asked
    assert Notice.objects.filter(recipient=people["intake"], text__contains="已核实无误")
    with pytest.raises(ApplicationError) as refused, at(DAY):
        services.form_reopen_request(
            actor=people["intake"], unit=tree["village"], year=2026, month=10, reason="想改"
        )
    assert "尚未报送，可直接更正" in refused.value.message


def test_the_district_sees_the_request_on_its_sheet_and_decides_there(
    client, tree, people, submitted, district_office
):
    ask(people, tree)
    client.force_login(district_office)
    url = reverse("publicity:form", args=[2026, 10])
    with at(DAY):
        sheet = client.get(url, {"unit": tree["district"].pk}).content.decode()
        assert "申请退回" in sheet
        page = client.get(url, {"unit": tree["township"].pk}).content.decode()
        assert "漏报了培训场次" in page and "do-decide-reopen" in page
        client.post(
            reverse("publicity:form-reopen-decide", args=[2026, 10])
            + f"?unit={tree['township'].pk}",
            {"decision": "reopen"},
        )
    assert not MonthlyForm.objects.get(pk=submitted.pk).frozen


def test_each_level_has_its_own_due_day(client, tree, district_office, settings):
    settings.MONTHLY_FORM_DUE_DAY, settings.MONTHLY_FORM_DISTRICT_DUE_DAY = 20, 25
    client.force_login(district_office)
    url = reverse("publicity:form", args=[2026, 10])
    with at(DAY):
        district = client.get(url, {"unit": tree["district"].pk}).content.decode()
        township = client.get(url, {"unit": tree["township"].pk}).content.decode()
    assert 'id="due">2026-11-25<' in district
    assert 'id="due">2026-11-20<' in township


def test_a_lead_filed_by_a_department_counts_once_for_the_township_that_obtained_it(
    tree, people, district_office
):
    from publicity import selectors
    from publicity.periods import form_period
    from reports import services as reports
    from tests.reports.lifecycle_helpers import investigating
    from tests.units.factories import UnitFactory

    bureau = UnitFactory(name="区应急局", kind="department", parent=tree["district"])
    officer = person("bureau_officer", bureau, Role.OFFICER)
    with at(dt.date(2026, 10, 21)):
        case = reports.report_hand_over(
            report=investigating(tree, people),
            actor=people["intake"],
            unit=bureau,
            reason="区级监管企业",
            request="请立案查处",
        )
        reports.report_acknowledge(report=case, actor=officer)
        reports.enforcement_update(
            report=case,
            actor=officer,
            values={"case_filed_on": dt.date(2026, 10, 20), "case_file_number": "区应急立-1"},
        )
    october = form_period(2026, 10)
    [column] = FormColumn.objects.filter(source=FormColumn.Source.FILED_LEADS)
    with at(DAY):
        district = selectors.form_sheet(tree["district"], october)
        own = {r.unit.name: r.values[column.code] for r in district["rows"]}
        township = selectors.form_sheet(tree["township"], october)
    # 一号乡 obtained the lead: its form counts it, as its target does; the department's does
    # not, so the district's total counts it once.
    assert own["一号乡"] == 1 and own["区应急局"] == 0
    assert district["total"][column.code] == 1
    assert township["rows"][0].values[column.code] == 1
    assert selectors.filed_leads_target(tree["township"], october)["count"] == 1


def test_a_refused_request_or_decision_keeps_what_was_typed(
    client, tree, people, submitted, district_office
):
    url = reverse("publicity:form-reopen", args=[2026, 10])
    client.force_login(people["intake"])
    with at(DAY):
        # The village's October form is a draft: it is corrected directly, not reopened.
        refused = client.post(f"{url}?unit={tree['village'].pk}", {"reason": "村里少报了一场培训"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "尚未报送，可直接更正" in html and "村里少报了一场培训" in html

    with at(DAY):
        form = services.form_reopen_request(
            actor=district_office, unit=tree["township"], year=2026, month=10, reason="数字有误"
        )
    client.force_login(district_office)
    decide = reverse("publicity:form-reopen-decide", args=[2026, 10])
    with at(DAY):
        refused = client.post(
            f"{decide}?unit={tree['township'].pk}", {"decision": "keep", "note": "核对后再定"}
        )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "申请人以外的其他人" in html and "核对后再定" in html
    assert MonthlyForm.objects.get(pk=form.pk).reopening_asked


def test_the_request_and_the_correction_each_clear_when_done(
    tree, people, submitted, district_office
):
    def waiting(user) -> list[str]:
        return list(
            Notice.objects.filter(recipient=user, read_at__isnull=True).values_list(
                "text", flat=True
            )
        )

    form = ask(people, tree)
    assert any("漏报了培训场次" in t for t in waiting(district_office))
    with at(DAY):
        form = services.form_reopen_decide(actor=district_office, form=form, approve=True)
    assert not any("漏报了培训场次" in t for t in waiting(district_office))  # decided
    assert any("重新报送" in t or "更正" in t for t in waiting(people["intake"]))
    with at(DAY):
        services.form_submit(
            actor=people["intake"], unit=tree["township"], year=2026, month=10, channel="system"
        )
    assert not any("重新报送" in t or "更正" in t for t in waiting(people["intake"]))
