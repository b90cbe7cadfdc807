from django.urls import path

from . import views

app_name = "plugin"

urlpatterns = [
    path("", views.home, name="home"),
    path("entrar/", views.sign_in, name="sign_in"),
    path("chamado/", views.ticket_create, name="ticket_create"),
    path("chamado/<int:number>/", views.ticket_sent, name="ticket_sent"),
]
