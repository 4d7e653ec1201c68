"""The citizen's report form (the QR code, the link, WeChat's browser)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import MultipleFileField, MultipleFileInput
from reports.forms.common import IdentityMixin, OneTimeTokenMixin, PlaceChoiceField, WhatWhereMixin
from reports.models import Reporter
from units.models import Enterprise, Unit


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

    def __init__(
        self, *args, staged_ids: list[int] | None = None, township: Unit | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        # A township's own form offers its places; the district-wide form offers them all.
        self.fields["village"] = PlaceChoiceField(
            label=_("Village or community"), within=[township] if township else None
        )
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
