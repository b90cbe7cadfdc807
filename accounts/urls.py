from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("meus-dados/", views.profile, name="profile"),
    path("meus-dados/email/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path("meus-dados/sessoes/<int:pk>/encerrar/", views.session_end, name="session_end"),
    path("idioma/", views.set_language, name="set_language"),
]
