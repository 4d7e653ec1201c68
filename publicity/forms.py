"""Forms of the campaign pages. They parse and validate input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PlainErrorsMixin, photos_field
from publicity.models import (
    TYPICAL_CASE_MAX_CHARS,
    Artwork,
    JointMeeting,
    Measure,
    MonthlyForm,
    PrintRecord,
)
from units.models import Enterprise, Unit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(PlainErrorsMixin, forms.Form):
    unit = forms.TypedChoiceField(label=_("For the unit"), coerce=int)
    measure = forms.TypedChoiceField(label=_("Publicity measure"), coerce=int)
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=100000, initial=1)
    enterprise = forms.TypedChoiceField(
        label=_("Enterprise"), coerce=int, required=False, empty_value=None
    )
    place = forms.TypedChoiceField(
        label=_("Village or community"), coerce=int, required=False, empty_value=None
    )
    location = forms.CharField(label=_("Where (optional)"), max_length=150, required=False)
    link = forms.URLField(
        label=_("Link (for a media report)"), required=False, assume_scheme="https"
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = photos_field(_("Photos (optional)"))

    def __init__(self, *args, units: list[Unit], enterprises: list[Enterprise], places, **kw):
        super().__init__(*args, **kw)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        groups: dict[str, list] = {}
        for m in Measure.objects.filter(
            active=True, source=Measure.Source.ACTIVITIES
        ).select_related("item"):
            groups.setdefault(m.item.name, []).append((m.pk, f"{m.name}（{m.counted_in}）"))
        self.fields["measure"].choices = [("", "—"), *groups.items()]
        self.fields["enterprise"].choices = [("", "—")] + [
            (e.pk, f"{e.name}（{e.village.name if e.village else ''}）") for e in enterprises
        ]
        self.fields["place"].choices = [("", "—")] + [(p.pk, p.name) for p in places]


class CorrectionForm(PlainErrorsMixin, forms.Form):
    value = forms.IntegerField(label=_("Figure"), min_value=0, max_value=10_000_000)
    reason = forms.CharField(label=_("Why it differs"), max_length=200, required=False)


class SubmitForm(PlainErrorsMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("Sent upward by"),
        choices=MonthlyForm.Channel.choices,
        initial=MonthlyForm.Channel.SYSTEM,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Details (to whom, reference)"), max_length=200, required=False)


class PrintForm(PlainErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What to print"), choices=PrintRecord.Kind.choices)
    point = forms.IntegerField(required=False, widget=forms.HiddenInput)
    enterprise = forms.IntegerField(required=False, widget=forms.HiddenInput)
    village = forms.TypedChoiceField(
        label=_("All enterprises of"), coerce=int, required=False, empty_value=None
    )
    artwork = forms.ModelChoiceField(
        label=_("Official artwork"),
        queryset=Artwork.objects.filter(active=True),
        required=False,
    )

    def __init__(self, *args, places=(), **kw):
        super().__init__(*args, **kw)
        self.fields["village"].choices = [("", "—")] + [(p.pk, p.name) for p in places]

    def clean(self):
        data = super().clean()
        if not (data.get("point") or data.get("enterprise") or data.get("village")):
            raise forms.ValidationError(_("Choose a QR point, an enterprise or a village."))
        if data.get("kind") == PrintRecord.Kind.ARTWORK and not data.get("artwork"):
            self.add_error("artwork", _("Choose the official artwork."))
        return data


class TypicalCaseForm(PlainErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=60)
    lead_source = forms.CharField(label=_("Lead source"), widget=forms.Textarea(attrs={"rows": 2}))
    facts = forms.CharField(label=_("Brief facts"), widget=forms.Textarea(attrs={"rows": 5}))
    enforcement = forms.CharField(
        label=_("Enforcement and penalty"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reward = forms.CharField(label=_("Reward"), widget=forms.Textarea(attrs={"rows": 2}))
    photos = forms.TypedMultipleChoiceField(
        label=_("Photos"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    contact_name = forms.CharField(label=_("Filled in by"), max_length=30, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)

    def __init__(self, *args, attachments=(), **kw):
        super().__init__(*args, **kw)
        self.fields["photos"].choices = [(a.pk, str(a.pk)) for a in attachments]

    def clean(self):
        data = super().clean()
        total = sum(
            len(data.get(f) or "") for f in ("lead_source", "facts", "enforcement", "reward")
        )
        if total > TYPICAL_CASE_MAX_CHARS:
            raise forms.ValidationError(
                _("At most %(max)s characters in all; this has %(n)s.")
                % {"max": TYPICAL_CASE_MAX_CHARS, "n": total}
            )
        return data


class TaskDoneForm(PlainErrorsMixin, forms.Form):
    evidence = forms.CharField(
        label=_("Evidence of what was done"), widget=forms.Textarea(attrs={"rows": 2})
    )
    link = forms.URLField(label=_("Link (optional)"), required=False, assume_scheme="https")
    photos = photos_field(_("Photos (optional)"))


class MeetingForm(PlainErrorsMixin, forms.ModelForm):
    class Meta:
        model = JointMeeting
        fields = ["held_on", "place", "chair", "attendees", "minutes", "decisions"]
        widgets = {
            "held_on": DATE_WIDGET,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }
