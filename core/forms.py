"""Form parts every app's pages share: several files in one input, each checked by its content
(``core.images``), the evidence field, and an approve-or-refuse decision."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.images import CleanImage, CleanOriginal, ImageRejected, clean_original, clean_photo


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by ``core.images`` in the view."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


def clean_uploads(files, *, photos_only: bool) -> list[CleanImage | CleanOriginal]:
    """Check each uploaded file by its content (``core.images``); one error per bad file."""
    cleaned, errors = [], []
    for upload in files or []:
        try:
            if photos_only:
                cleaned.append(clean_photo(upload, name=upload.name, size=upload.size))
            else:
                cleaned.append(clean_original(upload, name=upload.name, size=upload.size))
        except ImageRejected as exc:
            errors.append(exc.message)
    if errors:
        raise ValidationError(errors)
    return cleaned


EVIDENCE_LABEL = _("Evidence (photos or PDF)")


def evidence_field(label=EVIDENCE_LABEL) -> MultipleFileField:
    return MultipleFileField(
        label=label,
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
        help_text=_("PDF, JPEG, PNG or HEIC, 10 MB each."),
    )


class DecisionForm(forms.Form):
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
