"""core.staging keeps the files of a form across a mistake; core.forms says every error in
plain words that name the field."""

import datetime as dt

import pytest
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import translation

from core import staging
from core.calendar import local_date
from core.forms import FilesField, PlainErrorsMixin
from core.images import CleanImage, CleanOriginal
from tests.clock import at
from tests.reports.factories import jpeg_bytes

pytestmark = pytest.mark.django_db


class PhotoForm(PlainErrorsMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=10)
    photos = FilesField(photos_only=True, label="现场照片", required=False)
    slip = FilesField(photos_only=False, multiple=False, label="签收单")


def _request(user, session, data, files=None):
    request = RequestFactory().post("/", {**data, **(files or {})})
    request.user, request.session = user, session
    return request


def _photo(name="现场.jpg"):
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def _pdf(name="签收单.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 signed", content_type="application/pdf")


def _post(user, session, data, files=None):
    request = _request(user, session, data, files)
    form = PhotoForm(request.POST, request.FILES)
    return form, staging.Keeper(request, form)


def test_files_survive_a_mistake_and_reach_the_form_when_it_is_right(people):
    user, session = people["officer"], SessionStore()
    form, kept = _post(user, session, {"title": ""}, {"photos": [_photo()], "slip": [_pdf()]})
    assert not kept.is_valid()
    assert list(form.errors) == ["title"]
    assert sorted(f.field for f in kept.files) == ["photos", "slip"]
    assert kept.for_field("photos")[0].thumb_src.startswith("data:image/jpeg;base64,")
    ids = ",".join(f.id for f in kept.files)
    # Sent again without choosing the files: the required slip is answered by the kept one.
    form, kept = _post(user, session, {"title": "消防通道", "kept": ids})
    assert kept.is_valid(), form.errors
    [photo] = form.cleaned_data["photos"]
    assert isinstance(photo, CleanImage) and photo.width == 800
    slip = form.cleaned_data["slip"]
    assert isinstance(slip, CleanOriginal) and slip.content == b"%PDF-1.4 signed"
    kept.release()
    assert not kept.files
    form, kept = _post(user, session, {"title": "消防通道", "kept": ids})
    assert not kept.is_valid() and "slip" in form.errors  # released: gone


def test_a_bad_file_is_an_error_of_its_field_and_the_good_ones_are_kept(people):
    user, session = people["officer"], SessionStore()
    bad = SimpleUploadedFile("说明.txt", b"not a photo", content_type="text/plain")
    with translation.override("zh-hans"):
        form, kept = _post(
            user, session, {"title": "x"}, {"photos": [_photo(), bad], "slip": [_pdf()]}
        )
        assert not kept.is_valid()
        assert "说明.txt" in " ".join(form.errors["photos"])
    assert [f.name for f in kept.for_field("photos")] == ["现场.jpg"]


def test_a_box_ticked_leaves_a_kept_file_out(people):
    user, session = people["officer"], SessionStore()
    _form, kept = _post(user, session, {"title": ""}, {"photos": [_photo(), _photo("b.jpg")]})
    kept.is_valid()
    first, second = kept.files
    data = {"title": "", "kept": f"{first.id},{second.id}", "kept_remove": first.id}
    _form, kept = _post(user, session, data)
    assert [f.id for f in kept.files] == [second.id]


def test_ids_reach_only_the_files_of_ones_own_session(people):
    session = SessionStore()
    _form, kept = _post(people["officer"], session, {"title": ""}, {"photos": [_photo()]})
    ids = ",".join(f.id for f in kept.files)
    for user, other in ((people["head"], SessionStore()), (people["officer"], SessionStore())):
        _form, theirs = _post(user, other, {"title": "", "kept": ids})
        assert theirs.files == []
    _form, forged = _post(people["officer"], session, {"title": "", "kept": "../../etc,abc"})
    assert forged.files == []


def test_files_of_forms_never_sent_again_are_forgotten_after_a_day(people):
    _form, kept = _post(people["officer"], SessionStore(), {"title": ""}, {"photos": [_photo()]})
    [file] = kept.files
    storage = storages["private"]
    assert storage.exists(f"{file.directory}/{file.id}.bin")
    assert staging.sweep() == 0
    with at(local_date() + dt.timedelta(days=2)):
        assert staging.sweep() >= 1  # (other tests' files are in the same storage)
    assert not storage.exists(f"{file.directory}/{file.id}.bin")
    assert not storage.exists(file.directory)


def test_errors_name_the_field_in_plain_chinese(people):
    class Sample(PlainErrorsMixin, forms.Form):
        account = forms.CharField(label="调查情况简述", min_length=10)
        fine = forms.DecimalField(label="罚款（元）", required=False)
        day = forms.DateField(label="立案日期", required=False)
        verdict = forms.ChoiceField(label="核查结论", choices=[("true", "属实")])
        own = forms.CharField(label="理由", error_messages={"required": "请写明理由。"})

    with translation.override("zh-hans"):
        form = Sample({"account": "已核查", "fine": "五千", "day": "2026-13-45", "verdict": "x"})
        errors = {name: " ".join(messages) for name, messages in form.errors.items()}
    assert errors == {
        "account": "“调查情况简述”请至少写 10 个字（现在 3 个）。",
        "fine": "“罚款（元）”请填写数字，例如 2000 或 2000.50。",
        "day": "“立案日期”请填写日期，例如 2026-03-01。",
        "verdict": "请重新选择“核查结论”：所选的一项不在可选范围内。",
        "own": "请写明理由。",
    }
