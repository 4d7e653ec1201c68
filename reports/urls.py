from django.urls import path

from reports import views, views_custodian, views_unit

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report_form, name="report-form"),
    path("q/<str:code>", views.qr_landing, name="qr"),
    path("track/", views.track, name="track"),
    path("track/case/", views.track_case, name="track-case"),
    path("track/case/message/", views.track_message, name="track-message"),
    path("track/case/withdraw/", views.track_withdraw, name="track-withdraw"),
    path("track/leave/", views.track_leave, name="track-leave"),
    path("track/case/object/", views.track_object, name="track-object"),
    path("files/<int:pk>/", views.attachment_file, name="attachment"),
    path("files/<int:pk>/thumb/", views.attachment_file, {"variant": "thumb"}, name="thumb"),
    path("unit/", views_unit.unit_home, name="unit-home"),
    path("unit/register/", views_unit.unit_register, name="unit-register"),
    path("unit/identity/", views_unit.unit_identity, name="unit-identity"),
    path(
        "unit/identity/history/",
        views_custodian.unit_unseal_history,
        name="unit-unseal-history",
    ),
    path("unit/receipts/", views_custodian.unit_receipts, name="unit-receipts"),
    path("unit/cases/<str:number>/", views_unit.unit_case, name="unit-case"),
    path("unit/cases/<str:number>/slip.pdf", views_unit.unit_transfer_slip, name="unit-slip"),
    path("unit/cases/<str:number>/dossier.pdf", views_unit.unit_dossier, name="unit-dossier"),
    path(
        "unit/cases/<str:number>/notice.pdf",
        views_unit.unit_supervision_notice,
        name="unit-notice",
    ),
    path(
        "unit/cases/<str:number>/<slug:action>/",
        views_unit.unit_case_action,
        name="unit-action",
    ),
]
