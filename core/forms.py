"""Form parts every app's pages share: files checked by their content (``core.images``), the
evidence field, an approve-or-refuse decision, and error messages in plain words.

Files chosen in a form survive a mistake elsewhere in it through ``core.staging``; the error
messages of every field name the field and say what to do (``PlainErrorsMixin``), never a
programmer's sentence or a constraint's name."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.images import CleanImage, CleanOriginal, ImageRejected, clean_original, clean_photo


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, as uploaded (the view checks them)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


def clean_upload(upload, *, photos_only: bool) -> CleanImage | CleanOriginal:
    """Check one uploaded file by its content, or raise ``ImageRejected`` with the reason."""
    if photos_only:
        return clean_photo(upload, name=upload.name, size=upload.size)
    return clean_original(upload, name=upload.name, size=upload.size)


def clean_uploads(files, *, photos_only: bool) -> list[CleanImage | CleanOriginal]:
    """Check each uploaded file by its content (``core.images``); one error per bad file."""
    cleaned, errors = [], []
    for upload in files or []:
        try:
            cleaned.append(clean_upload(upload, photos_only=photos_only))
        except ImageRejected as exc:
            errors.append(exc.message)
    if errors:
        raise ValidationError(errors)
    return cleaned


class FilesField(MultipleFileField):
    """Files checked by their content: photos only (re-encoded without metadata), or photos and
    PDFs. Several in one input (a list), or one (``multiple=False``). ``core.staging`` keeps
    them across a mistake elsewhere in the form."""

    def __init__(self, *, photos_only: bool, multiple: bool = True, **kwargs) -> None:
        self.photos_only, self.multiple = photos_only, multiple
        accept = "image/*" if photos_only else "image/*,application/pdf"
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": accept})
            if multiple
            else forms.FileInput(attrs={"accept": accept}),
        )
        super().__init__(**kwargs)

    def check(self, upload) -> CleanImage | CleanOriginal:
        return clean_upload(upload, photos_only=self.photos_only)

    def clean(self, data, initial=None):
        uploads = super().clean(data, initial)
        if not uploads and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        cleaned = clean_uploads(uploads, photos_only=self.photos_only)
        if self.multiple:
            return cleaned
        return cleaned[-1] if cleaned else None


EVIDENCE_LABEL = _("Evidence (photos or PDF)")


def evidence_field(label=EVIDENCE_LABEL) -> FilesField:
    return FilesField(
        photos_only=False,
        label=label,
        required=False,
        help_text=_("PDF, JPEG, PNG or HEIC, 10 MB each."),
    )


def photos_field(label, **kwargs) -> FilesField:
    kwargs.setdefault("help_text", _("JPEG, PNG or HEIC, 10 MB each. Location data is removed."))
    return FilesField(photos_only=True, label=label, required=False, **kwargs)


# ------------------------------------------------------------------------------
# Error messages in plain words
# ------------------------------------------------------------------------------
# Django formats these codes' messages with parameters: a "%" in a label is doubled there.
_FORMATTED = {
    "min_length",
    "max_length",
    "min_value",
    "max_value",
    "invalid_choice",
    "invalid_list",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
    "step_size",
    "invalid_pk_value",
}


def _messages_for(field: forms.Field) -> dict:
    """What each error of ``field`` says, naming it (``{label}`` is put in by the caller)."""
    if isinstance(field, forms.FileField):
        required = gettext("Choose the file for “{label}”.")
    elif isinstance(field, forms.BooleanField):
        required = gettext("Tick “{label}” to go on.")
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        required = gettext("Choose “{label}”.")
    else:
        required = gettext("Fill in “{label}”.")
    messages = {
        "required": required,
        "invalid_choice": gettext("Choose “{label}” again: that choice is not offered."),
        "invalid_list": gettext("Choose “{label}” again: that choice is not offered."),
        "min_length": gettext(
            "Write at least %(limit_value)d characters in “{label}” (now %(show_value)d)."
        ),
        "max_length": gettext(
            "“{label}” takes at most %(limit_value)d characters (now %(show_value)d): shorten it."
        ),
        "min_value": gettext("“{label}” cannot be less than %(limit_value)s."),
        "max_value": gettext("“{label}” cannot be more than %(limit_value)s."),
        "max_digits": gettext("“{label}” has too many digits."),
        "max_whole_digits": gettext("“{label}” has too many digits."),
        "max_decimal_places": gettext("“{label}” takes at most %(max)s decimal places."),
        "empty": gettext("The file chosen for “{label}” is empty."),
        "missing": gettext("Choose the file for “{label}” again."),
        "contradiction": gettext("Choose the file for “{label}” again."),
    }
    if isinstance(field, forms.DateTimeField):
        messages["invalid"] = gettext(
            "Give “{label}” as a date and time, for example 2026-03-01 09:30."
        )
    elif isinstance(field, forms.DateField):
        messages["invalid"] = gettext("Give “{label}” as a date, for example 2026-03-01.")
    elif isinstance(field, forms.DecimalField | forms.FloatField):  # before IntegerField
        messages["invalid"] = gettext("Give “{label}” as a number, for example 2000 or 2000.50.")
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = gettext("Give “{label}” as a whole number.")
    elif isinstance(field, forms.URLField):
        messages["invalid"] = gettext(
            "Give “{label}” as a full web address, copied from the browser's address bar."
        )
    elif isinstance(field, forms.FileField):
        messages["invalid"] = gettext("Choose the file for “{label}” again.")
    return messages


def _defaults(field: forms.Field) -> dict:
    defaults: dict = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def plain_errors(field: forms.Field) -> None:
    """Replace Django's generic messages of ``field`` by ones that name it; messages a form set
    itself stay. Idempotent."""
    label = str(field.label or "").strip().rstrip("：:")
    defaults = _defaults(field)
    for code, text in _messages_for(field).items():
        current = field.error_messages.get(code)
        if current is not None and current is not defaults.get(code):
            continue  # the form's own words
        name = label.replace("%", "%%") if code in _FORMATTED else label
        field.error_messages[code] = text.replace("{label}", name)


class PlainErrorsMixin:
    """Every field of the form, including those added in ``__init__``, says what went wrong in
    plain words that name it (``plain_errors``)."""

    def full_clean(self):
        for field in self.fields.values():  # type: ignore[attr-defined]
            plain_errors(field)
        super().full_clean()  # type: ignore[misc]


class DecisionForm(PlainErrorsMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Refuse"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConfirmingRadioSelect(forms.RadioSelect):
    """Radio buttons where choosing one of ``confirm``'s values asks a question before the form
    is sent (``static/core/confirm.js`` reads it from the option's ``data-confirm``): for a
    step hard to take back, such as sending a conclusion back."""

    def __init__(self, *args, confirm: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.confirm = confirm

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if question := self.confirm.get(str(value)):
            option["attrs"] = {**option["attrs"], "data-confirm": question}
        return option
