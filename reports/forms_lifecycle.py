"""Forms for the lifecycle steps. They parse and validate input; services decide."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.forms import (
    ConfirmingRadioSelect,
    FilesField,
    PlainErrorsMixin,
    evidence_field,
    photos_field,
)
from reports.models import Conclusion, Enforcement, Report
from reports.services import INVESTIGATING_KINDS
from units.models import Unit

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "required": False}


class UnitChoiceMixin:
    def set_units(self, report: Report, *, exclude: Unit | None = None) -> None:
        kinds = list(INVESTIGATING_KINDS)
        if report.township.kind in Unit.TOP_KINDS:  # a lead the district office keeps
            kinds.append(Unit.Kind.DEPARTMENT)
        units = Unit.objects.active().filter(path__startswith=report.township.path, kind__in=kinds)
        if exclude is not None:
            units = units.exclude(pk=exclude.pk)
        self.fields["unit"].queryset = units.order_by("kind", "sort_order", "name")


# --- the safety office ---------------------------------------------------------------------
PHOTO_REMINDER = _(
    "Tick only the photos the unit needs. Leave out any photo that shows a face, the "
    "reporter, or a place only an insider could reach."
)


class PhotoChoiceMixin(forms.Form):
    """The reporter's photos, each with a checkbox: ticked ones go to the unit."""

    photos = forms.TypedMultipleChoiceField(
        label=_("Photos for the unit"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=PHOTO_REMINDER,
    )

    def set_photos(self, report: Report) -> None:
        from reports import disclosure

        self.photo_choices = disclosure.reporter_photos(report)
        self.fields["photos"].choices = [(a.pk, str(a.pk)) for a in self.photo_choices]


class AcceptForm(PlainErrorsMixin, UnitChoiceMixin, PhotoChoiceMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    summary = forms.CharField(
        label=_("Transfer summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What the unit reads instead of the report. It is prefilled without the sentences "
            "highlighted above and with the reporter's name and numbers masked; remove "
            "anything else that could identify them."
        ),
    )
    unit_address = forms.CharField(
        label=_("Address for the unit"),
        help_text=_("Prefilled from the reporter's address: keep only what finds the place."),
    )
    unit_place = forms.CharField(
        label=_("Enterprise or place for the unit"),
        required=False,
        help_text=_("The enterprise or place named, as the unit should read it."),
    )
    confirm_not_identifying = forms.BooleanField(
        label=_("The texts for the unit do not identify the reporter"),
        required=False,
        help_text=_(
            "Needed only when a text still has a sentence in which the reporter may describe "
            "themself; your confirmation is recorded."
        ),
    )

    field_order = ["unit", "summary", "unit_address", "unit_place", "photos"]

    def __init__(self, *args, report: Report, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_units(report)
        self.set_photos(report)
        self.order_fields(self.field_order)


class PhotosForm(PlainErrorsMixin, PhotoChoiceMixin, forms.Form):
    """The office passes more of the reporter's photos to the unit, or withdraws some."""

    def __init__(self, *args, report: Report, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_photos(report)


class RejectForm(PlainErrorsMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=Report.RejectionReason.choices, widget=forms.RadioSelect
    )
    referred_to = forms.CharField(
        label=_("Referred to"),
        required=False,
        max_length=100,
        help_text=_("For a matter outside our remit: the body it was passed to."),
    )
    note = forms.CharField(
        label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MergeForm(PlainErrorsMixin, forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Report.objects.none())

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = candidates
        self.fields["into"].label_from_instance = lambda r: (
            f"{r.number} · {r.get_status_display()} · {r.received_at:%Y-%m-%d} · {r.address}"
        )


class ListForm(PlainErrorsMixin, forms.Form):
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=None)
    reason = forms.CharField(label=_("Why listed"), max_length=200)

    def __init__(self, *args, supervisors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors
        from core.people import display_name

        self.fields["supervisor"].label_from_instance = display_name


class RerouteForm(PlainErrorsMixin, UnitChoiceMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("New responsible unit"), queryset=Unit.objects.none())
    note = forms.CharField(
        label=_("Note to the unit"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, report: Report, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_units(report, exclude=report.responsible_unit)


class AssignForm(PlainErrorsMixin, forms.Form):
    township = forms.ModelChoiceField(label=_("Township"), queryset=Unit.objects.none())
    number = forms.CharField(
        label=_("Assignment number (交办单号)"),
        max_length=50,
        help_text=_("The district office's own number, for example 万安办交〔2026〕12号."),
    )
    deadline = forms.DateField(
        label=_("Answer by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, report: Report, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        township = report.village.township()
        self.fields["township"].queryset = Unit.objects.filter(
            pk__in=[township.pk] if township else []
        )
        if township:
            self.fields["township"].initial = township.pk


class HandOverForm(PlainErrorsMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("District department"), queryset=Unit.objects.none())
    reason = forms.CharField(
        label=_("Reason for the hand-over"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the enterprise is under the district's supervision."),
    )
    request = forms.CharField(
        label=_("What the department is asked to do"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: 立案查处, and tell the township the outcome."),
    )

    def __init__(self, *args, report: Report, **kwargs) -> None:
        from reports.services import departments_for

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            pk__in=[d.pk for d in departments_for(report)]
        ).order_by("sort_order", "name")


class ReviewForm(PlainErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Conclude the case with this conclusion")),
            ("send_back", _("Send it back to the unit")),
        ],
        widget=ConfirmingRadioSelect(
            confirm={
                "send_back": _(
                    "Send the conclusion back to the unit? The case returns to the unit, "
                    "which investigates and proposes again."
                )
            }
        ),
    )
    reward_conditions_met = forms.TypedChoiceField(
        label=_("Are the reward conditions met?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Part of the reply to the reporter. An untrue report never meets them."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when sending back: what the unit must do."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept" and data.get("reward_conditions_met") in (None, ""):
            self.add_error("reward_conditions_met", _("Say whether the reward conditions are met."))
        return data


class ObjectionReviewForm(PlainErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("dismiss", _("Dismiss: the conclusion stands and the case closes")),
            ("uphold", _("Uphold: investigate again")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The reporter reads this."),
    )


class ConfirmForm(PlainErrorsMixin, forms.Form):
    confirm = forms.BooleanField(label=_("I confirm"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignedSlipForm(PlainErrorsMixin, forms.Form):
    slip = FilesField(
        photos_only=False,
        multiple=False,
        label=_("Signed transfer slip (scan or photo)"),
        error_messages={"required": _("Choose the scan or photo of the slip the unit signed.")},
    )


# --- the responsible unit -----------------------------------------------------------------
class NoteForm(PlainErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = evidence_field()


class EnforcementForm(PlainErrorsMixin, forms.ModelForm):
    before = photos_field(_("Photos before rectification"))
    after = photos_field(_("Photos after rectification"))

    class Meta:
        model = Enforcement
        fields = list(Enforcement.FIELDS)
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in (
                "rectification_ordered_on",
                "rectification_deadline",
                "rectified_on",
                "case_filed_on",
                "penalty_decided_on",
                "suspended_on",
            )
        } | {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The database refuses a negative fine; the form says so first, in words.
        self.fields["fine"].min_value = 0
        self.fields["fine"].widget.attrs["min"] = 0
        self.fields["fine"].validators.append(MinValueValidator(0))
        self.fields["fine"].error_messages["min_value"] = _(
            "The fine cannot be negative; leave it empty when there is none."
        )

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in Enforcement.FIELDS}


class ExtensionRequestForm(PlainErrorsMixin, forms.Form):
    days = forms.IntegerField(
        label=_("Days"),
        min_value=1,
        error_messages={
            "required": _("Say how many days more the unit needs."),
            "min_value": _("Ask for at least 1 day."),
            "max_value": _("An extension is at most %(limit_value)s days."),
        },
    )
    reason = forms.CharField(
        label=_("Reason for the extension"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reporter is told this reason."),
        error_messages={"required": _("Say why the case needs more time; the reporter reads it.")},
    )

    def __init__(self, *args, max_days: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].max_value = max_days
        self.fields["days"].widget.attrs["max"] = max_days
        self.fields["days"].validators.append(MaxValueValidator(max_days))


class BodyDecisionForm(PlainErrorsMixin, forms.Form):
    """The assigning body's answer to an extension past its deadline, as the office records
    it (the service checks what is missing and says it)."""

    decision = forms.ChoiceField(
        label=_("The assigning body's decision"),
        choices=[("approve", _("Approved")), ("refuse", _("Not approved"))],
        widget=forms.RadioSelect,
    )
    decided_by = forms.CharField(
        label=_("Who decided at the assigning body"),
        max_length=100,
        required=False,
        help_text=_("Office and name, as on its reply."),
    )
    decided_on = forms.DateField(label=_("Decided on"), **{**DATE, "required": True})
    reference = forms.CharField(
        label=_("Reference of its reply (document number)"), max_length=100, required=False
    )
    new_deadline = forms.DateField(label=_("Its new deadline"), **DATE)
    note = forms.CharField(
        label=_("Its answer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, report: Report, asked, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_deadline"].help_text = _(
            "Its current deadline is %(deadline)s; the extension asked runs to %(asked)s. Leave "
            "empty when it approved the days asked; the due date never passes what it approved."
        ) % {
            "deadline": report.upstream_deadline.isoformat() if report.upstream_deadline else "",
            "asked": asked.isoformat() if asked else "",
        }


class ReturnForm(PlainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the case is not ours"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say why the case is not your unit's, so that the office can route it.")
        },
    )


class ProposeForm(PlainErrorsMixin, forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        choices=Conclusion.Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the report is true, partly true or not.")},
    )
    account = forms.CharField(
        label=_("Short account of the investigation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The reporter reads it: what was checked and found."),
        error_messages={"required": _("Write what was checked and what was found.")},
    )
    decision = forms.CharField(
        label=_("Handling decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reporter reads it: rectification ordered, fine, suspension …"),
        error_messages={
            "required": _(
                "Write what was decided: rectification ordered, a fine, a suspension, or that "
                "nothing needed doing and why."
            )
        },
    )
    evidence = evidence_field()
