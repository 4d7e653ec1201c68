from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError
from core.images import ImageRejected, clean_photo
from publicity import services
from publicity.models import (
    Activity,
    Artwork,
    CampaignItem,
    FormColumn,
    JointMeeting,
    KeyTask,
    Measure,
    MonthlyForm,
    TaskAssignment,
    TypicalCase,
)
from units import permissions
from units.admin_base import RoleScopedAdmin
from units.models import Role, Unit
from units.permissions import Perm

# A4 at 300 dpi: an official artwork keeps enough pixels to print sharp.
ARTWORK_MAX_SIDE = 3508


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    fields = ["code", "name", "counted_in", "scope", "target", "period", "source", "active"]


@admin.register(CampaignItem)
class CampaignItemAdmin(RoleScopedAdmin):
    """The "七个一" items and their measures with targets: reference data, edited by an
    administrator when the notices change."""

    list_display = ["name", "number", "source"]
    inlines = [MeasureInline]


@admin.register(FormColumn)
class FormColumnAdmin(RoleScopedAdmin):
    list_display = ["heading", "source", "sort_order", "active"]
    filter_horizontal = ["measures"]


@admin.register(KeyTask)
class KeyTaskAdmin(RoleScopedAdmin):
    list_display = ["number", "group", "responsible_label", "deadline_label", "active"]


class ArtworkForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Artwork image (JPEG or PNG)"),
        required=False,
        help_text=_("The design as the city or district supplied it; 300 dpi is kept for A4."),
    )

    class Meta:
        model = Artwork
        fields = ["name", "owner", "paper", "qr_left", "qr_top", "qr_width", "active"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            if not self.instance.pk:
                raise forms.ValidationError(_("Choose the artwork image."))
            return None
        try:
            return clean_photo(
                upload, name=upload.name, size=upload.size, max_side=ARTWORK_MAX_SIDE, quality=92
            )
        except ImageRejected as exc:
            raise forms.ValidationError(exc.message) from exc


@admin.register(Artwork)
class ArtworkAdmin(RoleScopedAdmin):
    """Official designs: the QR code is printed into the box given (percent of the page)."""

    edit_roles = (Role.INTAKE,)
    form = ArtworkForm
    list_display = ["name", "owner", "paper", "active"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(owner__in=Unit.objects.visible_to(request.user))

    def save_model(self, request, obj, form, change):
        clean = form.cleaned_data.get("upload")
        if clean is not None:
            obj.image.save("artwork.jpg", ContentFile(clean.content), save=False)
            obj.width, obj.height = clean.width, clean.height
        super().save_model(request, obj, form, change)


class ScopedListAdmin(RoleScopedAdmin):
    """A read-only list of the campaign's records (the work is done in /unit/publicity/).
    Nothing here is deleted: forms sent upward, key tasks, meetings and typical cases count
    in the figures and the assessment."""

    view_roles = (Role.INTAKE,)
    unit_field = "unit"

    def get_queryset(self, request):
        scope = permissions.scope_q(request.user, Perm.SEE_CAMPAIGN, prefix=f"{self.unit_field}__")
        return super().get_queryset(request).filter(scope)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(ScopedListAdmin):
    """Activities: the office may take one back, one at a time and with a reason, through the
    same service as the campaign page (the removal is kept on the unit's timeline)."""

    delete_roles = (Role.INTAKE,)
    list_display = ["date", "unit", "measure", "count", "enterprise", "place"]
    list_filter = ["measure__item", "measure"]
    list_select_related = ["unit", "measure", "enterprise", "place"]
    date_hierarchy = "date"

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, self.delete_roles)

    def get_actions(self, request):
        # No bulk deletion: each removal says why.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST" or not request.POST.get("post"):
            return super().delete_view(request, object_id, extra_context)
        activity = self.get_object(request, unquote(object_id))
        if activity is None or not self.has_delete_permission(request, activity):
            return super().delete_view(request, object_id, extra_context)
        try:
            services.activity_delete(
                actor=request.user, activity=activity, reason=request.POST.get("reason", "")
            )
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return redirect(request.path)
        self.message_user(request, _("Activity removed."), messages.SUCCESS)
        return redirect(reverse("admin:publicity_activity_changelist"))

    def delete_model(self, request, obj):
        raise PermissionDenied  # only through delete_view, with a reason

    def delete_queryset(self, request, queryset):
        raise PermissionDenied


@admin.register(MonthlyForm)
class MonthlyFormAdmin(ScopedListAdmin):
    list_display = ["unit", "year", "month", "status", "submitted_at", "channel"]
    list_filter = ["status", "year", "month"]
    list_select_related = ["unit"]


@admin.register(TypicalCase)
class TypicalCaseAdmin(ScopedListAdmin):
    list_display = ["title", "report", "unit", "status", "reviewed_at"]
    list_select_related = ["report", "unit"]


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(ScopedListAdmin):
    list_display = ["task", "unit", "year", "period", "due_date", "done_at"]
    list_filter = ["year", "task"]
    list_select_related = ["task", "unit"]


@admin.register(JointMeeting)
class JointMeetingAdmin(ScopedListAdmin):
    unit_field = "township"
    list_display = ["township", "year", "quarter", "held_on"]
    list_select_related = ["township"]
