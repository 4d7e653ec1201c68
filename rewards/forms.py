from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import validate_id_number
from rewards.models import Reward, StandardItem


class ClaimForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How do you want to be paid?"),
        choices=Reward.Method.choices,
        widget=forms.RadioSelect,
    )


class PaymentForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=Reward.Method.choices)
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=60)
    paid_on = forms.DateField(
        label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=50)
    recipient_id_number = forms.CharField(
        label=_("Recipient's ID number"),
        max_length=18,
        validators=[validate_id_number],
        help_text=_("Checked against the reporter's; an anonymous reporter identifies now."),
    )
    account_reference = forms.CharField(
        label=_("Account (bank card, WeChat or Alipay)"),
        max_length=60,
        required=False,
        help_text=_("Kept encrypted."),
    )


class RefuseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=Reward.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ItemsForm(forms.Form):
    """The listed matters a verified report matches: the items its category maps to first,
    then the rest of the standard by sector."""

    items = forms.TypedMultipleChoiceField(
        label=_("Listed matters verified"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
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

    def chosen(self) -> list[StandardItem]:
        return [self.by_pk[pk] for pk in self.cleaned_data["items"]]
