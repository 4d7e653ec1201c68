from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.home, name="home"),
    path("dashboard/export/<slug:table>.<str:fmt>", views.export, name="export"),
    path("dashboard/assessment/", views.assessment, name="assessment"),
    path(
        "dashboard/assessment/<int:year>/<int:half>/bulletin.pdf",
        views.assessment_bulletin,
        name="assessment-bulletin",
    ),
]
