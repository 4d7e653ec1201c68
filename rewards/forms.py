from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import PlainErrorsMixin
from core.validators import validate_id_number, validate_phone
from rewards.models import Reward, StandardItem


class UnshownInput(forms.TextInput):
    """A text box whose value is never written back into the page (a receipt code typed at
    the counter is not shown again after a mistake)."""

    def format_value(self, value):
        return None


class ClaimForm(PlainErrorsMixin, forms.Form):
    method = forms.ChoiceField(
        label=_("How do you want to be paid?"),
        choices=Reward.Method.choices,
        widget=forms.RadioSelect,
    )


class CounterForm(PlainErrorsMixin, forms.Form):
    """Finance's check of the person who came for the money, at the counter."""

    name = forms.CharField(label=_("Recipient's name"), max_length=50)
    id_number = forms.CharField(
        label=_("Recipient's ID number"),
        max_length=18,
        validators=[validate_id_number],
        help_text=_(
            "From the ID card presented. Checked against the register of staff with "
            "safety duties and their close relatives."
        ),
    )
    phone = forms.CharField(
        label=_("Recipient's phone"),
        max_length=20,
        validators=[validate_phone],
        help_text=_("Also checked against the register."),
    )
    receipt_code = forms.CharField(
        label=_("Receipt code presented"),
        max_length=40,
        widget=UnshownInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Type the 20 digits from the person's receipt. Wrong tries are recorded."),
    )

    def __init__(self, *args, needs_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_code:
            del self.fields["receipt_code"]


class PaymentForm(PlainErrorsMixin, forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=Reward.Method.choices)
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=60)
    paid_on = forms.DateField(
        label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    recipient_id_number = forms.CharField(
        label=_("ID number of the person paid"),
        max_length=18,
        validators=[validate_id_number],
        help_text=_("Must be the one recorded at the counter check."),
    )
    account_reference = forms.CharField(
        label=_("Account (bank card, WeChat or Alipay)"),
        max_length=60,
        required=False,
        help_text=_("Kept encrypted."),
    )


class ExtendClaimForm(PlainErrorsMixin, forms.Form):
    until = forms.DateField(
        label=_("New deadline to claim"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Why the time is extended"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the record; the reporter is told the new date."),
    )


class RefuseForm(PlainErrorsMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=Reward.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ItemsForm(PlainErrorsMixin, forms.Form):
    """The listed matters a verified report matches: the items its category maps to first,
    then the rest of the standard by sector."""

    items = forms.TypedMultipleChoiceField(
        label=_("Listed matters verified"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    major_hazard = forms.BooleanField(
        label=_("Verified as a major accident hazard (重大事故隐患)"),
        required=False,
    )

    def __init__(self, *args, items: list[StandardItem], category_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {item.pk: item for item in items}
        mapped, sectors = [], {}
        for item in items:
            label = _("%(code)s %(text)s (%(amount)s yuan, verified by %(department)s)") % {
                "code": item.code,
                "text": item.text,
                "amount": f"{item.amount:,.0f}",
                "department": item.department,
            }
            if category_id in {c.pk for c in item.categories.all()}:
                mapped.append((item.pk, label))
            else:
                sectors.setdefault(item.sector, []).append((item.pk, label))
        choices = [(str(_("For this category")), mapped)] if mapped else []
        self.fields["items"].choices = choices + list(sectors.items())
        self.fields["major_hazard"].help_text = (
            _(
                "As the verifying department found it. Without a fine it earns the minimum "
                "reward (the setting REWARD_MAJOR_HAZARD_MINIMUM is on)."
            )
            if settings.REWARD_MAJOR_HAZARD_MINIMUM
            else _(
                "As the verifying department found it. Recorded; without a fine it earns no "
                "amount here (the setting REWARD_MAJOR_HAZARD_MINIMUM is off)."
            )
        )
        if settings.REWARD_LISTED_ITEMS_ADD_UP:
            self.fields["items"].help_text = _(
                "Several matters add up, at most the standard's maximum."
            )
        else:
            self.fields["items"].help_text = _("Of several matters, the highest counts.")

    def chosen(self) -> list[StandardItem]:
        return [self.by_pk[pk] for pk in self.cleaned_data["items"]]
