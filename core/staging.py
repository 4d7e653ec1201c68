"""Files chosen in a form are never lost to a mistake elsewhere in it.

Every form with a ``core.forms.FilesField`` works the same way, in ``/unit/``, the publicity
pages and the office's admin pages: each file sent is checked by its content at once and kept
in private storage under the person's session (``kept/<user>-<session token>/``), whatever else
the form says. The page shown again after a mistake (or a refusal by a service) lists the kept
files beside their field, with their ids in a hidden input (``kept``) so that the next
submission carries them, and a box to leave one out (``kept_remove``). When the service accepts
the form, the kept files are handed to it as checked files and forgotten; files of forms never
sent again are forgotten after a day (``sweep``).

A view uses it in three lines::

    form = SomeForm(request.POST or None, request.FILES or None)
    kept = staging.Keeper(request, form)
    if request.method == "POST" and kept.is_valid():
        ... call the service with form.cleaned_data ...
        kept.release()

An id reaches only files under the person's own session directory, and ids are 128 random bits.
"""

import base64
import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass
from functools import cached_property

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.http import HttpRequest
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from core.forms import FilesField
from core.images import CleanImage, CleanOriginal, ImageRejected

FIELD = "kept"  # the hidden input with the ids of the kept files (with the form's prefix)
REMOVE = "kept_remove"  # ticked to leave a kept file out
SESSION_KEY = "kept_files"
ROOT = "kept"
LIMIT = 20  # files one form keeps
_ID = re.compile(r"^[0-9a-f]{32}$")


def _storage() -> Storage:
    return storages["private"]


def _directory(request: HttpRequest) -> str:
    token = request.session.get(SESSION_KEY)
    if not token:
        token = request.session[SESSION_KEY] = secrets.token_hex(16)
    user = request.user.pk if request.user.is_authenticated else "anonymous"
    return f"{ROOT}/{user}-{token}"


@dataclass
class KeptFile:
    """One checked file kept for a form being corrected."""

    directory: str
    id: str
    field: str
    name: str
    kind: str  # "photo" (a CleanImage) or "original" (a CleanOriginal)
    content_type: str
    width: int
    height: int

    def _path(self, suffix: str) -> str:
        return f"{self.directory}/{self.id}.{suffix}"

    def _read(self, suffix: str) -> bytes:
        with _storage().open(self._path(suffix), "rb") as f:
            return f.read()

    @property
    def has_thumbnail(self) -> bool:
        return self.content_type == "image/jpeg"

    @cached_property
    def thumb_src(self) -> str:
        """The thumbnail as a data address: the page needs no other request to show it."""
        if not self.has_thumbnail:
            return ""
        return "data:image/jpeg;base64," + base64.b64encode(self._read("thumb")).decode()

    def clean(self) -> CleanImage | CleanOriginal:
        """The file as the service takes it, checked when it was sent."""
        content = self._read("bin")
        image = None
        if self.has_thumbnail:
            image = CleanImage(
                content=content,
                thumbnail=self._read("thumb"),
                width=self.width,
                height=self.height,
            )
        if self.kind == "photo" and image is not None:
            return image
        return CleanOriginal(content=content, content_type=self.content_type, image=image)

    def delete(self) -> None:
        _delete(self.directory, self.id)


def _delete(directory: str, file_id: str) -> None:
    storage = _storage()
    for suffix in ("bin", "thumb", "json"):
        storage.delete(f"{directory}/{file_id}.{suffix}")


def _store(directory: str, field: str, name: str, clean: CleanImage | CleanOriginal) -> KeptFile:
    storage = _storage()
    file_id = secrets.token_hex(16)
    if isinstance(clean, CleanImage):
        kind, content_type, content, image = "photo", "image/jpeg", clean.content, clean
    else:
        kind, content_type, content, image = (
            "original",
            clean.content_type,
            clean.content,
            clean.image,
        )
    kept = KeptFile(
        directory=directory,
        id=file_id,
        field=field,
        name=(name or "")[:100],
        kind=kind,
        content_type=content_type,
        width=image.width if image else 0,
        height=image.height if image else 0,
    )
    storage.save(kept._path("bin"), ContentFile(content))
    if image is not None:
        storage.save(kept._path("thumb"), ContentFile(image.thumbnail))
    meta = {
        "field": field,
        "name": kept.name,
        "kind": kind,
        "content_type": content_type,
        "width": kept.width,
        "height": kept.height,
        "at": timezone.now().isoformat(),
    }
    storage.save(kept._path("json"), ContentFile(json.dumps(meta).encode()))
    return kept


def _load(directory: str, file_id: str) -> KeptFile | None:
    try:
        with _storage().open(f"{directory}/{file_id}.json", "rb") as f:
            meta = json.loads(f.read())
    except (OSError, ValueError):
        return None  # forgotten by the sweep, or never ours
    return KeptFile(
        directory=directory,
        id=file_id,
        field=meta["field"],
        name=meta.get("name", ""),
        kind=meta["kind"],
        content_type=meta["content_type"],
        width=meta.get("width", 0),
        height=meta.get("height", 0),
    )


class Keeper:
    """The files of one form: those kept from earlier attempts and those sent now, checked and
    kept at once. The form itself sees no uploads; ``is_valid`` gives its file fields the
    checked files (a list, or one file for a single-file field)."""

    def __init__(self, request: HttpRequest, form) -> None:
        self.form = form
        self.fields: dict[str, FilesField] = {
            name: field for name, field in form.fields.items() if isinstance(field, FilesField)
        }
        self.files: list[KeptFile] = []
        self.rejected: dict[str, list[str]] = {}
        form.kept = self
        if request.method != "POST" or not self.fields:
            return
        directory = _directory(request)
        removed = set(request.POST.getlist(form.add_prefix(REMOVE)))
        for file_id in self._posted_ids(request):
            if file_id in removed:
                _delete(directory, file_id)
            elif (kept := _load(directory, file_id)) and kept.field in self.fields:
                self.files.append(kept)
        uploads = form.files if isinstance(form.files, MultiValueDict) else MultiValueDict()
        for name, field in self.fields.items():
            for upload in uploads.getlist(form.add_prefix(name)):
                self._take(directory, name, field, upload)
            if field.required and self.for_field(name):
                field.required = False  # what was kept answers it
        # The form sees no uploads: what was chosen is kept, checked, in ``files``.
        prefixed = {form.add_prefix(name) for name in self.fields}
        form.files = MultiValueDict({k: v for k, v in uploads.lists() if k not in prefixed})

    def _posted_ids(self, request: HttpRequest) -> list[str]:
        ids = []
        for value in request.POST.getlist(self.form.add_prefix(FIELD)):
            ids += [i for i in value.split(",") if _ID.match(i) and i not in ids]
        return ids[:LIMIT]

    def _take(self, directory: str, name: str, field: FilesField, upload) -> None:
        if len(self.files) >= LIMIT:
            self.rejected.setdefault(name, []).append(
                _("%(name)s was not kept: a form keeps at most %(n)s files.")
                % {"name": upload.name, "n": LIMIT}
            )
            return
        try:
            clean = field.check(upload)
        except ImageRejected as exc:
            self.rejected.setdefault(name, []).append(exc.message)
            return
        if not field.multiple:  # a new file replaces the one kept
            for old in self.for_field(name):
                old.delete()
                self.files.remove(old)
        self.files.append(_store(directory, name, upload.name, clean))

    def for_field(self, name: str) -> list[KeptFile]:
        return [f for f in self.files if f.field == name]

    def is_valid(self) -> bool:
        """Validate the form; a rejected file is an error of its field. When valid, each file
        field holds the checked files."""
        form = self.form
        form.is_valid()
        for name, messages in self.rejected.items():
            form.add_error(name, messages)
        if form.errors:
            return False
        for name, field in self.fields.items():
            cleaned = [f.clean() for f in self.for_field(name)]
            form.cleaned_data[name] = (
                cleaned if field.multiple else (cleaned[-1] if cleaned else None)
            )
        return True

    def release(self) -> None:
        """The service took the files: forget the kept copies."""
        for kept in self.files:
            kept.delete()
        self.files = []


def sweep(*, older_than: dt.timedelta = dt.timedelta(days=1), batch_size: int = 500) -> int:
    """Forget files of forms never sent again; safe to run at any time. Returns how many."""
    storage = _storage()
    if not storage.exists(ROOT):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    directories, _files = storage.listdir(ROOT)
    for directory in directories:
        path = f"{ROOT}/{directory}"
        _dirs, names = storage.listdir(path)
        described = {n.removesuffix(".json") for n in names if n.endswith(".json")}
        done: set[str] = set()
        for name in names:
            if removed >= batch_size:
                break
            file_id, _dot, suffix = name.partition(".")
            if file_id in done:
                continue
            if suffix == "json":
                try:
                    with storage.open(f"{path}/{name}", "rb") as f:
                        at = dt.datetime.fromisoformat(json.loads(f.read())["at"])
                except (OSError, ValueError, KeyError):
                    at = cutoff  # unreadable: forget it
            elif file_id not in described:  # a crash before its description was written
                at = storage.get_modified_time(f"{path}/{name}")
            else:
                continue
            if at <= cutoff:
                _delete(path, file_id)
                done.add(file_id)
                removed += 1
        _dirs, names = storage.listdir(path)
        if not names and not _dirs:
            storage.delete(path)
    return removed
