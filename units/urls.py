from django.urls import path

from units import views

app_name = "units"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("sources/", views.sources, name="sources"),
]
