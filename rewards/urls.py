from django.urls import path

from rewards import views, views_unit

app_name = "rewards"

urlpatterns = [
    path("rewards/standard/", views.standard, name="standard"),
    path("rewards/unclaimed/", views.unclaimed, name="unclaimed"),
    path("track/reward/claim/", views.claim, name="claim"),
    path("track/reward/decline/", views.decline, name="decline"),
    path("track/reward/notice.pdf", views.notice, name="notice"),
    path("unit/rewards/", views_unit.unit_rewards, name="unit-rewards"),
    path("unit/rewards/<int:pk>/receipt.pdf", views_unit.receipt, name="receipt"),
    path("unit/rewards/<int:pk>/counter/", views_unit.counter, name="counter"),
    path("unit/rewards/<int:pk>/<slug:action>/", views_unit.unit_reward_action, name="unit-action"),
]
