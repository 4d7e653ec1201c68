"""Sign-in for the /unit/ workspace, and the custodian's page for confidential sources."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from core.http import no_store
from units import permissions, services
from units.models import ConfidentialSource
from units.permissions import Perm


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
@require_http_methods(["GET", "POST"])
def sources(request: HttpRequest) -> HttpResponse:
    """Confidential sources of the custodian's units; unsealing one needs a reason."""
    if not permissions.holds(request.user, Perm.UNSEAL):
        raise PermissionDenied(permissions.refusal(Perm.UNSEAL))
    visible = ConfidentialSource.objects.filter(
        permissions.scope_q(request.user, Perm.UNSEAL, prefix="unit__")
    )
    context: dict = {"sources": visible.select_related("unit").order_by("alias")}
    if request.method == "POST":
        source = get_object_or_404(visible, pk=request.POST.get("source"))
        try:
            context["identity"] = services.source_unseal(
                source=source, actor=request.user, reason=request.POST.get("reason", "")
            )
            context["unsealed"] = source
        except ApplicationError as exc:
            context["error"] = exc.message
            context["reason"] = request.POST.get("reason", "")
    return no_store(render(request, "unit/sources.html", context))
