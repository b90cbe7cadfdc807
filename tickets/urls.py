from django.urls import path

from . import views

app_name = "tickets"

urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("novo/", views.ticket_create, name="create"),
    path("<int:number>/", views.ticket_detail, name="detail"),
    path("<int:number>/responder/", views.ticket_reply, name="reply"),
    path("<int:number>/resolver/", views.ticket_resolve, name="resolve"),
    path("<int:number>/avaliar/", views.ticket_rate, name="rate"),
    path("<int:number>/seguir/", views.ticket_follow, name="follow"),
    path("<int:number>/deixar-de-seguir/", views.ticket_unfollow, name="unfollow"),
    path("<int:number>/anexos/<int:pk>/", views.attachment_download, name="attachment"),
    path(
        "<int:number>/anexos/<int:pk>/miniatura/",
        views.attachment_download,
        {"thumbnail": True},
        name="attachment_thumbnail",
    ),
]
