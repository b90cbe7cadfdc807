from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_home, name="home"),
    path("exportar/", views.export_request, name="export_request"),
    path("exportacoes/<str:token>/", views.export_download, name="export_download"),
    path("excluir-conta/", views.deletion_request, name="deletion_request"),
]
