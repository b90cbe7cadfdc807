from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("atividade/", views.activity, name="activity"),
    path("marcar-todas-como-lidas/", views.notification_mark_all_read, name="mark_all_read"),
    path("aviso/<uuid:batch>/", views.notification_by_batch, name="by_batch"),
    path("<int:pk>/", views.notification_detail, name="detail"),
    path("<int:pk>/abrir/", views.notification_open, name="open"),
    path("<int:pk>/marcar-como-lida/", views.notification_mark_read, name="mark_read"),
]
