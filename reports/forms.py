"""Forms for intake. They parse and validate; services do the work."""

import secrets
from datetime import timedelta

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.calendar import local_date
from core.forms import MultipleFileField, MultipleFileInput
from core.images import CleanOriginal, ImageRejected, clean_original
from core.validators import validate_id_number, validate_mobile, validate_phone
from reports.models import Category, Report, Reporter
from reports.services import ReporterInput
from units import permissions
from units.models import ConfidentialSource, Enterprise, Informant, Unit
from units.permissions import Perm
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
        return Unit.objects.filter(pk=value).first() if value else None


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


class CitizenReportForm(OneTimeTokenMixin, WhatWhereMixin, IdentityMixin, forms.Form):
    """The citizen's form at /report/ (and from a QR code)."""

    point = forms.CharField(widget=forms.HiddenInput, required=False)
    enterprise = forms.IntegerField(widget=forms.HiddenInput, required=False)
    photos = MultipleFileField(
        label=_("Photos (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/heic,image/*"}),
        help_text=_("Up to 5 photos, 10 MB each."),
    )
    remove_photos = forms.TypedMultipleChoiceField(
        label=_("Remove"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    declaration = forms.ChoiceField(
        label=_(
            "Do you work for a government body with safety duties, or are you a close "
            "relative of such staff?"
        ),
        choices=[
            (Reporter.Declaration.NONE, _("No")),
            (Reporter.Declaration.STAFF, _("Yes, I work for a body with safety duties")),
            (Reporter.Declaration.RELATIVE, _("Yes, I am a close relative of such staff")),
        ],
        widget=forms.RadioSelect,
        help_text=_("Such staff and their close relatives cannot receive rewards."),
    )

    field_order = [
        "category",
        "description",
        "village",
        "address",
        "enterprise_name",
        "seen_on",
        "photos",
        "identity",
        "name",
        "phone",
        "id_number",
        "declaration",
    ]

    def __init__(self, *args, staged_ids: list[int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"] = PlaceChoiceField(label=_("Village or community"))
        self.fields["remove_photos"].choices = [(i, str(i)) for i in staged_ids or []]
        self.order_fields(self.field_order)

    def report_fields(self) -> dict:
        data = self.cleaned_data
        enterprise = None
        if data.get("enterprise"):
            enterprise = Enterprise.objects.filter(pk=data["enterprise"], active=True).first()
        return {
            "category": data["category"],
            "description": data["description"],
            "village": self.fields["village"].to_unit(data["village"]),
            "address": data["address"],
            "enterprise": enterprise,
            "enterprise_name": data.get("enterprise_name", ""),
            "seen_on": data.get("seen_on"),
            "reporters": [self.reporter_input()],
        }


class StaffIntakeMixin(OneTimeTokenMixin, forms.Form):
    """Fields shared by the office's and the units' registration of a tip."""

    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    declaration = forms.ChoiceField(
        label=_("Works for a body with safety duties, or a close relative?"),
        choices=Reporter.Declaration.choices,
        initial=Reporter.Declaration.UNKNOWN,
    )
    originals = MultipleFileField(
        label=_("Scanned originals or photos (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
        help_text=_("Letters, slips and screenshots: PDF, JPEG or PNG, 10 MB each."),
    )
    phone_validator = staticmethod(validate_phone)

    def clean_originals(self) -> list[CleanOriginal]:
        cleaned, errors = [], []
        for upload in self.cleaned_data.get("originals") or []:
            try:
                cleaned.append(clean_original(upload, name=upload.name, size=upload.size))
            except ImageRejected as exc:
                errors.append(exc.message)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def report_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "channel": data["channel"],
            "received_at": data["received_at"],
            "category": data["category"],
            "description": data["description"],
            "village": self.fields["village"].to_unit(data["village"]),
            "address": data["address"],
            "enterprise": data.get("enterprise"),
            "enterprise_name": data.get("enterprise_name", ""),
            "seen_on": data.get("seen_on"),
            "reporters": [self.reporter_input()],
            "originals": data.get("originals") or [],
        }

    def clean_received_at(self):
        received_at = self.cleaned_data["received_at"]
        if received_at > timezone.now() + timedelta(minutes=5):
            raise ValidationError(_("The time received cannot be in the future."))
        return received_at


class UnitTipForm(WhatWhereMixin, StaffIntakeMixin, IdentityMixin, forms.Form):
    """A tip that a village, station or member unit received itself (/unit/register/)."""

    channel = forms.ChoiceField(
        label=_("How did it arrive?"),
        choices=[
            (c.value, c.label)
            for c in Report.OFFICE_CHANNELS
            if c not in (Report.Channel.INFORMANT,)
        ],
    )

    field_order = [
        "token",
        "channel",
        "received_at",
        "category",
        "description",
        "village",
        "address",
        "enterprise_name",
        "seen_on",
        "identity",
        "name",
        "phone",
        "id_number",
        "declaration",
        "originals",
    ]

    def __init__(self, *args, township: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"] = PlaceChoiceField(
            label=_("Village or community"), within=[township]
        )
        self.fields["identity"].label = _("Did the reporter give a name?")
        self.fields["phone"].label = _("Phone number")
        self.order_fields(self.field_order)


class OfficeEntryForm(WhatWhereMixin, StaffIntakeMixin, IdentityMixin, forms.Form):
    """The safety office logs a tip from phone, letter, visit, WeChat, e-mail or an informant,
    or registers a ticket assigned from above (12350, 12345, a district slip)."""

    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            (Report.Source.OFFICE, _("Received by the safety office")),
            (Report.Source.UPSTREAM, _("Assigned from above (ticket or slip)")),
        ],
        widget=forms.RadioSelect,
        initial=Report.Source.OFFICE,
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c.value, c.label) for c in (*Report.OFFICE_CHANNELS, *Report.UPSTREAM_CHANNELS)],
    )
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise (if registered)"), queryset=Enterprise.objects.none(), required=False
    )
    informant = forms.ModelChoiceField(
        label=_("Informant"), queryset=Informant.objects.none(), required=False
    )
    confidential_source = forms.ModelChoiceField(
        label=_("Confidential source"), queryset=ConfidentialSource.objects.none(), required=False
    )
    upstream_body = forms.CharField(
        label=_("Assigning body"),
        max_length=100,
        required=False,
        help_text=_("For example 12350 热线 or 区安委办."),
    )
    external_number = forms.CharField(
        label=_("Ticket or slip number"), max_length=50, required=False
    )
    upstream_deadline = forms.DateField(
        label=_("Upstream deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    field_order = [
        "source",
        "channel",
        "received_at",
        "upstream_body",
        "external_number",
        "upstream_deadline",
        "category",
        "description",
        "village",
        "address",
        "enterprise",
        "enterprise_name",
        "seen_on",
        "identity",
        "name",
        "phone",
        "id_number",
        "declaration",
        "informant",
        "confidential_source",
        "originals",
    ]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"] = PlaceChoiceField(label=_("Village or community"))
        roots = (
            None
            if permissions.everywhere(user, Perm.TRIAGE)
            else permissions.roots(user, Perm.TRIAGE)
        )
        self.fields["village"].choices = [("", _("Choose…")), *place_choices(within=roots)]
        self.fields["enterprise"].queryset = Enterprise.objects.active().visible_to(user)
        self.fields["informant"].queryset = Informant.objects.filter(active=True).filter(
            unit__in=Unit.objects.visible_to(user)
        )
        self.fields["confidential_source"].queryset = ConfidentialSource.objects.filter(
            active=True, unit__in=Unit.objects.visible_to(user)
        )
        self.fields["identity"].label = _("Did the reporter give a name?")
        self.fields["phone"].label = _("Phone number")
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        source, channel = data.get("source"), data.get("channel")
        if source == Report.Source.UPSTREAM:
            if channel not in Report.UPSTREAM_CHANNELS:
                self.add_error("channel", _("Choose 12350, 12345 or a district slip."))
            for name in ("upstream_body", "external_number", "upstream_deadline"):
                if not data.get(name):
                    self.add_error(name, _("Required for a ticket assigned from above."))
        elif source == Report.Source.OFFICE and channel not in Report.OFFICE_CHANNELS:
            self.add_error("channel", _("Choose how the office received the tip."))
        if channel == Report.Channel.INFORMANT and not (
            data.get("informant") or data.get("confidential_source")
        ):
            self.add_error("informant", _("Choose the informant or the confidential source."))
        return data

    def reporter_input(self) -> ReporterInput:
        person = super().reporter_input()
        person.informant = self.cleaned_data.get("informant")
        person.confidential_source = self.cleaned_data.get("confidential_source")
        return person

    def report_fields(self) -> dict:
        fields = super().report_fields()
        data = self.cleaned_data
        if data["source"] == Report.Source.UPSTREAM:
            # A ticket names a caller only sometimes; without one, the case has no reporter.
            if data.get("identity") != "named":
                fields["reporters"] = []
            fields.update(
                upstream_body=data["upstream_body"],
                external_number=data["external_number"],
                upstream_deadline=data["upstream_deadline"],
            )
        return {"source": data["source"], **fields}


class NeverShownBack(forms.TextInput):
    """An input whose value is never written back into the page (what a person gave to prove
    who they are: checked once, then forgotten)."""

    def format_value(self, value):
        return None


class ReceiptReissueForm(forms.Form):
    """What the identity custodian checks before a new receipt code is issued. The service
    compares the identity by blind index; a refused try shows the form again without it."""

    number = forms.CharField(label=_("Case number"), max_length=20)
    name = forms.CharField(
        label=_("Name the person gives"),
        max_length=50,
        widget=NeverShownBack(attrs={"autocomplete": "off"}),
    )
    id_number = forms.CharField(
        label=_("ID number the person gives"),
        max_length=18,
        required=False,
        validators=[validate_id_number],
        widget=NeverShownBack(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone number given when reporting"),
        max_length=20,
        required=False,
        help_text=_("Only when the report has no ID number on file."),
        widget=NeverShownBack(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    reason = forms.CharField(
        label=_("Reason for the reissue"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who asked, how (a visit, a call) and how you checked who they are."),
    )

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip().upper()
