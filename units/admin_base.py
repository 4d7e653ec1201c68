"""The base of every admin page: permissions follow unit roles, data follows unit scope."""

from django.contrib import admin
from django.http import HttpRequest

from units.models import Enterprise, Role, Unit
from units.selectors import has_role


class RoleScopedAdmin(admin.ModelAdmin):
    """Who may use a page is said by roles, not by Django's per-model permissions.

    ``view_roles`` may look, ``edit_roles`` may add and change, ``delete_roles`` may delete.
    Superusers may do everything. Foreign keys to units and enterprises offer only what the
    user's units cover (the same scoping as every other page).
    """

    view_roles: tuple[str, ...] = (Role.INTAKE,)
    edit_roles: tuple[str, ...] = ()
    delete_roles: tuple[str, ...] = ()
    show_full_result_count = False

    @staticmethod
    def _allowed(request: HttpRequest, roles: tuple[str, ...]) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or (bool(roles) and has_role(user, *roles))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request, self.view_roles + self.edit_roles)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request, self.view_roles + self.edit_roles)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request, self.edit_roles)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request, self.edit_roles)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request, self.delete_roles)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is Unit:
            queryset = Unit.objects.visible_to(request.user).active()
            limit = db_field.get_limit_choices_to()
            kwargs["queryset"] = queryset.filter(**limit) if limit else queryset
        elif related is Enterprise:
            kwargs["queryset"] = Enterprise.objects.visible_to(request.user).active()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
