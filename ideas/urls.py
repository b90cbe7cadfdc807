from django.urls import path

from . import views

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list, name="list"),
    path("sugerir/", views.idea_suggest, name="suggest"),
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/votar/", views.idea_vote, name="vote"),
    path("<int:pk>/avaliar/", views.idea_rating, name="rate"),
]
