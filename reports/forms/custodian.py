"""The custodian's reissue of a receipt code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import validate_id_number


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
