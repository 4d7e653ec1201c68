"""The parts every intake form shares: the one-time token that makes a submission idempotent,
the place choice, the reporter's identity and what happened where."""

import secrets

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.calendar import local_date
from core.validators import validate_id_number, validate_mobile
from reports.models import Category
from reports.services import ReporterInput
from units.models import Unit
from units.selectors import place_choices

TOKEN_SALT = "reports.intake-token"  # noqa: S105 - a signing namespace, not a secret


def new_intake_token() -> str:
    return signing.dumps(secrets.token_urlsafe(24), salt=TOKEN_SALT)


def check_intake_token(token: str) -> bool:
    """A token we signed. It never expires: it only tells one submission from another, so a
    form left open on a phone for days still goes through, and its resubmission still does not
    make a second case."""
    try:
        signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return False
    return True


class OneTimeTokenMixin(forms.Form):
    """A signed one-time token: resubmitting the same form never makes a second case."""

    token = forms.CharField(widget=forms.HiddenInput)

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not check_intake_token(token):
            raise ValidationError(
                _("This form has expired. Check your answers and submit again."), code="invalid"
            )
        return token


class PlaceChoiceField(forms.TypedChoiceField):
    """Villages and communities grouped by township."""

    def __init__(self, *, within: list[Unit] | None = None, **kwargs) -> None:
        super().__init__(coerce=int, **kwargs)
        self.choices = [("", _("Choose…")), *place_choices(within=within)]

    def to_unit(self, value) -> Unit | None:
        # With its parent: a village's township is most often its parent (Unit.township).
        return Unit.objects.select_related("parent").filter(pk=value).first() if value else None


class IdentityMixin(forms.Form):
    """Anonymous or name and phone, and the staff-or-relative declaration."""

    IDENTITY_CHOICES = [("anonymous", _("Anonymous")), ("named", _("With my name"))]

    identity = forms.ChoiceField(
        label=_("How do you report?"),
        choices=IDENTITY_CHOICES,
        initial="anonymous",
        widget=forms.RadioSelect,
        help_text=_("Rewards go to reporters who can be identified when they claim."),
    )
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    id_number = forms.CharField(
        label=_("ID number (optional)"),
        max_length=18,
        required=False,
        validators=[validate_id_number],
        help_text=_("Needed when you claim a reward; you can also give it then."),
    )
    phone_validator = staticmethod(validate_mobile)

    def clean(self):
        data = super().clean()
        if data.get("identity") == "named":
            if not data.get("name"):
                self.add_error("name", _("Give your name, or choose to report anonymously."))
            if not data.get("phone"):
                self.add_error("phone", _("Give a phone number, or choose anonymous."))
            elif "phone" not in self.errors:
                try:
                    self.phone_validator(data["phone"])
                except ValidationError as exc:
                    self.add_error("phone", exc)
        return data

    def reporter_input(self) -> ReporterInput:
        data = self.cleaned_data
        if data.get("identity") != "named":
            return ReporterInput(declaration=data.get("declaration") or "unknown")
        return ReporterInput(
            name=data["name"],
            phone=data["phone"],
            id_number=data.get("id_number", ""),
            declaration=data.get("declaration") or "unknown",
        )


class WhatWhereMixin(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What kind of problem?"),
        queryset=Category.objects.filter(active=True),
        empty_label=_("Choose…"),
    )
    description = forms.CharField(
        label=_("What did you see?"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What, where exactly, since when, how many people are at risk."),
        error_messages={
            "required": _("Say what the problem is and where exactly."),
            "min_length": _(
                "Write at least %(limit_value)d characters: what the problem is, where exactly, "
                "since when (now %(show_value)d)."
            ),
        },
    )
    address = forms.CharField(
        label=_("Address or landmark"),
        max_length=200,
        help_text=_("Street and number, or a landmark nearby."),
    )
    enterprise_name = forms.CharField(
        label=_("Enterprise or place (optional)"), max_length=150, required=False
    )
    seen_on = forms.DateField(
        label=_("When did you see it? (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_seen_on(self):
        seen_on = self.cleaned_data.get("seen_on")
        if seen_on and seen_on > local_date():
            raise ValidationError(_("The date cannot be in the future."))
        return seen_on
