from django.urls import path

from publicity import views

app_name = "publicity"

urlpatterns = [
    path("unit/publicity/", views.home, name="home"),
    path("unit/publicity/activities/new/", views.activity_new, name="activity-new"),
    path(
        "unit/publicity/activities/<int:pk>/delete/", views.activity_delete, name="activity-delete"
    ),
    path("unit/publicity/photos/<int:pk>/", views.photo, name="photo"),
    path(
        "unit/publicity/photos/<int:pk>/thumb/", views.photo, {"variant": "thumbnail"}, name="thumb"
    ),
    path("unit/publicity/informants/", views.informants, name="informants"),
    path("unit/publicity/posters/", views.posters, name="posters"),
    path("unit/publicity/posters/print/", views.print_qr, name="print"),
    path("unit/publicity/forms/", views.form_latest, name="form-latest"),
    path("unit/publicity/forms/<int:year>/<int:month>/", views.form, name="form"),
    path(
        "unit/publicity/forms/<int:year>/<int:month>/correct/",
        views.form_correct,
        name="form-correct",
    ),
    path(
        "unit/publicity/forms/<int:year>/<int:month>/submit/", views.form_submit, name="form-submit"
    ),
    path(
        "unit/publicity/forms/<int:year>/<int:month>/reopen/",
        views.form_reopen_request,
        name="form-reopen",
    ),
    path(
        "unit/publicity/forms/<int:year>/<int:month>/reopen/decide/",
        views.form_reopen_decide,
        name="form-reopen-decide",
    ),
    path(
        "unit/publicity/forms/<int:year>/<int:month>/form.<str:fmt>",
        views.form_export,
        name="form-export",
    ),
    path("unit/publicity/typical/", views.typical_list, name="typical-list"),
    path("unit/publicity/typical/<str:number>/", views.typical_edit, name="typical-edit"),
    path(
        "unit/publicity/typical/<str:number>/review/", views.typical_review, name="typical-review"
    ),
    path("unit/publicity/typical/<str:number>/case.pdf", views.typical_pdf, name="typical-pdf"),
    path("unit/publicity/tasks/", views.tasks, name="tasks"),
    path("unit/publicity/tasks/plan/", views.tasks_plan, name="tasks-plan"),
    path("unit/publicity/tasks/<int:pk>/done/", views.task_done, name="task-done"),
    path("unit/publicity/meetings/", views.meetings, name="meetings"),
    path(
        "unit/publicity/meetings/<int:year>/<int:quarter>/bulletin.pdf",
        views.bulletin,
        name="bulletin",
    ),
    path(
        "unit/publicity/meetings/<int:year>/<int:quarter>/issue/",
        views.bulletin_issue,
        name="bulletin-issue",
    ),
]
