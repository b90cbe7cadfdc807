from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/atualizacoes/<int:update_pk>/comentar/", views.update_comment, name="comment"),
    path("<int:pk>/arquivos/<int:file_pk>/", views.file_download, name="file"),
    path(
        "<int:pk>/arquivos/<int:file_pk>/miniatura/",
        views.file_download,
        {"thumbnail": True},
        name="file_thumbnail",
    ),
]
