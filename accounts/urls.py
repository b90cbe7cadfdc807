from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("meus-dados/", views.profile, name="profile"),
    path("idioma/", views.set_language, name="set_language"),
]
