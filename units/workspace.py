"""The /unit/ workspace's door, shared by every app's pages there (reports, rewards,
publicity, dashboards): signed in, and holding a role in some unit."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from units.selectors import memberships_of


def workspace_view(view):
    """Signed in and holding at least one role (or an administrator)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_superuser or memberships_of(request.user)):
            raise PermissionDenied(_("Your account has no role in any unit yet."))
        return view(request, *args, **kwargs)

    return wrapper
