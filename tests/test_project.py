"""Whole-project checks: translations complete, deploy settings, compose file, health, demo."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "JUBAO_IGNORE_DOTENV": "1",
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "jubao.example.gov.cn",
    "FIELD_ENCRYPTION_KEYS": "anViYW8tdGVzdC1vbmx5LWZlcm5ldC1rZXktMDAwMDE=",
    "BLIND_INDEX_KEY": "production-blind-index-key",
    "RECEIPT_CODE_PEPPER": "production-pepper",
    "DATABASE_URL": "sqlite:////tmp/jubao-deploy-check.sqlite3",
}


def test_every_user_facing_string_has_a_chinese_translation(tmp_path):
    """Extract the messages afresh from a copy of the code: anything new, untranslated or
    fuzzy in the zh_Hans catalogue fails, with its text."""
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "node_modules", "media", "staticfiles", "*.pyc", "__pycache__", "*.mo"
    )
    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale=zh_Hans",
            "--ignore=tests",
            "--ignore=staticfiles",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=copy,
        env={**PRODUCTION_ENV, "DJANGO_DEBUG": "true"},
        check=True,
        capture_output=True,
    )
    catalogue = polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))
    problems = [e.msgid for e in catalogue if not e.translated() or "fuzzy" in e.flags]
    assert not problems, f"untranslated or fuzzy zh_Hans entries: {problems}"


def test_deploy_check_is_clean_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=PRODUCTION_ENV,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_its_secrets():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "FIELD_ENCRYPTION_KEYS"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_compose_file_validates(tmp_path):
    if not shutil.which("docker-compose"):
        pytest.fail("docker-compose is missing: run scripts/install-system-packages.sh")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env.production")
    result = subprocess.run(
        ["docker-compose", "config", "--quiet"],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "POSTGRES_PASSWORD": "x"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    config = subprocess.run(
        ["docker-compose", "config", "--services"],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "POSTGRES_PASSWORD": "x"},
        capture_output=True,
        text=True,
    ).stdout.split()
    assert set(config) == {"web", "worker", "beat", "db", "redis"}


@pytest.mark.django_db
def test_healthz_says_ok_publicly_and_details_to_staff(client, people):
    public = client.get(reverse("healthz"), REMOTE_ADDR="203.0.113.9")
    assert public.status_code == 200 and public.content == b"ok"
    local = client.get(reverse("healthz"))  # the test client comes from 127.0.0.1
    data = local.json()
    assert data["checks"]["database"]["ok"]
    assert "holidays" in data["checks"]
    client.force_login(people["intake"])
    staff = client.get(reverse("healthz"), REMOTE_ADDR="203.0.113.9")
    assert "checks" in staff.json()


@pytest.mark.django_db
def test_healthz_flags_a_year_without_holiday_data(client):
    import datetime as dt

    import time_machine

    from core.models import Holiday

    Holiday.objects.filter(date__year=2027).delete()
    with time_machine.travel(dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)):
        data = client.get(reverse("healthz")).json()
    assert data["checks"]["holidays"]["missing"] == [2027]
    assert data["status"] == "degraded"


@pytest.mark.django_db
def test_the_demo_refuses_production_settings_unless_told(settings):
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--i-know-this-is-production"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="intake").exists()
    call_command("load_demo", "--i-know-this-is-production", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="intake").exists()


@pytest.mark.django_db
def test_the_demo_loads_twice_without_duplicates(settings, tmp_path, capsys):
    from django.contrib.auth import get_user_model

    from reports.models import Report
    from units.models import Enterprise, Unit

    settings.DEBUG = True  # the development settings `make run` uses
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (
        Unit.objects.count(),
        Enterprise.objects.count(),
        Report.objects.count(),
        get_user_model().objects.count(),
    )
    call_command("load_demo")
    assert counts == (
        Unit.objects.count(),
        Enterprise.objects.count(),
        Report.objects.count(),
        get_user_model().objects.count(),
    )
    assert "jubao-demo" in first
    assert set(Report.objects.values_list("source", flat=True)) == {
        "citizen",
        "office",
        "unit",
        "upstream",
    }
    # The demo's photos show places, not people: the office passed them, so units see them.
    from reports.models import Attachment

    photos = Attachment.objects.filter(kind="photo", report__accepted_at__isnull=False)
    assert photos.exists() and not photos.filter(passed_to_unit_at=None).exists()
    # The hotel case's reward waits for its reporter's claim; every demo decision traces to a
    # listed item or a formula of the standard in force.
    from rewards.models import Budget, Reward

    rewards = list(Reward.objects.all())
    assert [(r.status, r.amount) for r in rewards] == [("notified", 3000)]
    for reward in rewards:
        assert reward.calculation["rule"] in ("item", "fine", "concealed")
        assert reward.calculation["standard"]["document"] == "渝安办〔2021〕49号"
    assert Budget.objects.count() == 1
    # The supervisor's dashboard has a year to show: figures every past month, frozen and
    # scored.
    from dashboards.models import AssessmentScore, RollupMonth
    from dashboards.selectors import Filters, period_months, trend

    district = Unit.objects.get(depth=0, name="万州区")
    first, last = period_months("12")
    past = trend(Filters(unit=district, first=first, last=last))[:-1]
    assert len(past) == 11 and all(month["received"] > 0 for month in past)
    assert sum(month["concluded"] for month in past) > 0
    assert RollupMonth.objects.filter(status="frozen").count() >= 11
    assert AssessmentScore.objects.filter(month=past[-1]["month"]).exists()
    # The district ranks its townships and departments, not the villages of one township.
    from dashboards.selectors import assessment as ranking

    ranked_units = {s.unit.kind for s in ranking(district, past[-1]["month"])}
    assert ranked_units == {"township", "department"}
    # A district: three townships (a 乡, a 镇, a 街道) each with its own office, five
    # departments, and a case 长岭镇 handed to the emergency bureau, which its officer sees
    # and 恒合's office does not.
    from reports.selectors import report_list

    townships = Unit.objects.filter(kind="township", parent=district)
    assert {t.name for t in townships} >= {"恒合土家族乡", "长岭镇", "牌楼街道"}
    assert all(t.office_name for t in townships) and district.code == "500101"
    assert Unit.objects.filter(kind="department", parent=district).count() == 5
    users = {u.username: u for u in get_user_model().objects.all()}
    handed = Report.objects.get(responsible_unit__name="万州区应急管理局")
    assert handed.township.name == "长岭镇" and handed.handovers.count() == 1
    assert report_list(user=users["dept_officer"]).filter(pk=handed.pk).exists()
    assert report_list(user=users["intake_changling"]).filter(pk=handed.pk).exists()
    assert not report_list(user=users["intake"]).filter(pk=handed.pk).exists()
    assert report_list(user=users["district_intake"]).filter(pk=handed.pk).exists()
    # A lead the district office assigned (交办) waits in 牌楼街道's queue with its number.
    assigned = Report.objects.get(assigned_by=district)
    assert assigned.township.name == "牌楼街道" and assigned.status == "submitted"
    assert report_list(user=users["intake_pailou"]).filter(pk=assigned.pk).exists()


def test_the_500_page_is_chinese_and_names_the_hotline(rf):
    from core.views import server_error

    response = server_error(rf.get("/report/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统暂时出错" in html and "重新提交" in html and "tel:" in html


def test_no_translation_call_hides_inside_an_f_string():
    """xgettext does not see ``_()`` inside f-string braces: such text would never be
    translated, and the catalogue test above could not notice."""
    import re

    pattern = re.compile(r"""f["'][^"'\n]*\{\s*(_|gettext|gettext_lazy|pgettext)\(""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in ("config", "core", "units", "reports")
        for path in (ROOT / app).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]
    assert not offenders, offenders
