"""A tip entered by staff: by a unit from its own channels, or by the safety office from phone,
letter, visit, WeChat, e-mail or an upstream ticket."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import FilesField, PlainErrorsMixin
from core.validators import validate_phone
from reports.forms.common import IdentityMixin, OneTimeTokenMixin, PlaceChoiceField, WhatWhereMixin
from reports.models import Report, Reporter
from reports.services import ReporterInput
from units import permissions
from units.models import ConfidentialSource, Enterprise, Informant, Unit
from units.permissions import Perm
from units.selectors import place_choices


class StaffIntakeMixin(PlainErrorsMixin, OneTimeTokenMixin, forms.Form):
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
    originals = FilesField(
        photos_only=False,
        label=_("Scanned originals or photos (optional)"),
        required=False,
        help_text=_("Letters, slips and screenshots: PDF, JPEG or PNG, 10 MB each."),
    )
    phone_validator = staticmethod(validate_phone)

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
