from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.views import healthz

admin.site.site_header = _("Jubao safety office")
admin.site.site_title = _("Jubao")
admin.site.index_title = _("Triage and administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("inbox/", include("core.urls")),
    path("unit/", include("units.urls")),
    path("", include("rewards.urls")),
    path("", include("publicity.urls")),
    path("", include("dashboards.urls")),
    path("", include("reports.urls")),
]

handler500 = "core.views.server_error"

if settings.DEBUG:
    urlpatterns += [path("i18n/", include("django.conf.urls.i18n"))]
