from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("settings/", views.inbox_settings, name="inbox-settings"),
]
