from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.validators import validate_id_number, validate_phone
from units import services
from units.admin_base import RoleScopedAdmin
from units.models import (
    ConfidentialSource,
    Enterprise,
    Industry,
    Informant,
    Membership,
    Role,
    RoutingRule,
    SafetyDutyPerson,
    Unit,
)

User = get_user_model()


class UnitForm(forms.ModelForm):
    """The group robot's signing secret is written here and never shown again, not even after
    a form error: an empty box keeps the stored secret, the tick box removes it."""

    remove_robot_secret = forms.BooleanField(label=_("Remove the signing secret"), required=False)

    class Meta:  # the admin adds the model and its fields
        widgets = {
            "robot_secret": forms.PasswordInput(
                render_value=False, attrs={"autocomplete": "new-password"}
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial["robot_secret"] = ""
        if self.instance.robot_secret:
            self.fields["robot_secret"].help_text = _(
                "A secret is set. Type a new one to replace it; leave empty to keep it."
            )

    def clean(self):
        data = super().clean()
        if data.get("remove_robot_secret"):
            data["robot_secret"] = ""
        elif not data.get("robot_secret"):
            data["robot_secret"] = self.instance.robot_secret
        else:
            data["robot_secret"] = data["robot_secret"].strip()
        return data


@admin.register(Unit)
class UnitAdmin(RoleScopedAdmin):
    form = UnitForm
    list_display = ["indented_name", "kind", "is_rural", "works_on_paper", "hotline", "active"]
    list_filter = ["kind", "active", "works_on_paper"]
    search_fields = ["name"]
    ordering = ["path"]
    list_per_page = 200

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=Unit.objects.visible_to(request.user))

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: Unit) -> str:
        return "\u3000" * obj.depth + obj.name


@admin.register(Industry)
class IndustryAdmin(RoleScopedAdmin):
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]


@admin.register(Enterprise)
class EnterpriseAdmin(RoleScopedAdmin):
    edit_roles = (Role.INTAKE,)
    list_display = ["name", "uscc", "village", "industry", "supervising_unit", "is_key", "active"]
    list_filter = [
        "industry",
        "is_key",
        "active",
        ("village", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["village", "industry", "supervising_unit"]
    search_fields = ["name", "uscc", "address"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(RoutingRule)
class RoutingRuleAdmin(RoleScopedAdmin):
    edit_roles = (Role.INTAKE,)
    delete_roles = (Role.INTAKE,)
    list_display = ["township", "industry", "village", "unit", "note"]
    list_filter = [
        ("township", admin.RelatedOnlyFieldListFilter),
        "industry",
        ("unit", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["township", "industry", "village", "unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit__in=Unit.objects.visible_to(request.user))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ["unit", "role", "active"]
    autocomplete_fields = ["unit"]


@admin.register(Membership)
class MembershipAdmin(RoleScopedAdmin):
    view_roles = ()
    list_display = ["user", "unit", "role", "active", "created_at"]
    list_filter = ["role", "active"]
    list_select_related = ["user", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.user_sync_staff_flag(user=obj.user)

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        services.user_sync_staff_flag(user=user)


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People and their roles. Only intake officers and administrators become staff; the flag is
    kept in step with the roles on every save."""

    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_staff", "is_superuser", "is_active"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # is_staff is derived from the roles, so it is not edited by hand.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "is_staff"]})
            for name, opts in fieldsets
        ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.user_sync_staff_flag(user=form.instance)


class SealedFieldsForm(forms.ModelForm):
    """Encrypted fields are written here but never shown again: an empty box keeps the value."""

    sealed_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.sealed_fields:
            self.initial[name] = ""
            if self.instance.pk:
                self.fields[name].required = False
                self.fields[name].help_text = _("Sealed. Leave empty to keep the stored value.")


class InformantForm(SealedFieldsForm):
    sealed_fields = ("phone",)

    class Meta:
        model = Informant
        fields = ["unit", "enterprise", "kind", "name", "phone", "reward_eligible", "active"]
        widgets = {"phone": forms.TextInput}

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        if phone:
            validate_phone(phone)
        elif self.instance.pk:
            return self.instance.phone
        return phone


@admin.register(Informant)
class InformantAdmin(RoleScopedAdmin):
    edit_roles = (Role.INTAKE,)
    form = InformantForm
    list_display = [
        "name",
        "kind",
        "unit",
        "enterprise",
        "reward_eligible",
        "registered_on",
        "active",
    ]
    list_filter = ["kind", "reward_eligible", "active", ("unit", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["unit", "enterprise"]
    search_fields = ["name", "enterprise__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit__in=Unit.objects.visible_to(request.user))

    def save_model(self, request, obj, form, change):
        obj.set_phone(form.cleaned_data.get("phone") or obj.phone)
        super().save_model(request, obj, form, change)


def _valid_identity(data: dict) -> dict:
    """A typed phone or ID number must be well formed before it is sealed or indexed."""
    if data.get("phone"):
        validate_phone(data["phone"])
    if data.get("id_number"):
        validate_id_number(data["id_number"])
    return data


class ConfidentialSourceForm(SealedFieldsForm):
    sealed_fields = ("name", "phone", "id_number", "notes")

    class Meta:
        model = ConfidentialSource
        fields = ["unit", "alias", "watched", "name", "phone", "id_number", "notes"]
        fields += ["reward_eligible", "active"]
        widgets = {
            "name": forms.TextInput,
            "phone": forms.TextInput,
            "id_number": forms.TextInput,
        }

    def clean(self):
        return _valid_identity(super().clean())


@admin.register(ConfidentialSource)
class ConfidentialSourceAdmin(RoleScopedAdmin):
    """Sources are registered here; their identity is unsealed only by a custodian in /unit/."""

    edit_roles = (Role.INTAKE,)
    form = ConfidentialSourceForm
    list_display = ["alias", "unit", "watched", "reward_eligible", "registered_on", "active"]
    list_filter = ["active", ("unit", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["unit"]
    search_fields = ["alias", "watched"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit__in=Unit.objects.visible_to(request.user))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.source_save(source=obj, **{f: data.get(f) or "" for f in form.sealed_fields})


class SafetyDutyPersonForm(forms.ModelForm):
    """The phone and ID number are typed here and kept only as keyed fingerprints."""

    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    id_number = forms.CharField(label=_("ID number"), required=False, max_length=18)

    class Meta:
        model = SafetyDutyPerson
        fields = ["unit", "relation", "label", "phone", "id_number", "active"]

    def clean(self):
        data = _valid_identity(super().clean())
        if not self.instance.pk and not (data.get("phone") or data.get("id_number")):
            raise forms.ValidationError(_("Give a phone number or an ID number."))
        return data


@admin.register(SafetyDutyPerson)
class SafetyDutyPersonAdmin(RoleScopedAdmin):
    """Staff with safety duties and their close relatives cannot be rewarded; the reward check
    compares reporters with these fingerprints without anyone reading an identity."""

    edit_roles = (Role.INTAKE,)
    delete_roles = (Role.INTAKE,)
    form = SafetyDutyPersonForm
    list_display = ["label", "relation", "unit", "active"]
    list_filter = ["relation", "active"]
    search_fields = ["label"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit__in=Unit.objects.visible_to(request.user))

    def save_model(self, request, obj, form, change):
        phone, id_number = form.cleaned_data.get("phone"), form.cleaned_data.get("id_number")
        if phone or id_number or not change:
            obj.set_identity(phone=phone or "", id_number=id_number or "")
        super().save_model(request, obj, form, change)
