from django.urls import path

from . import views

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list, name="list"),
    path("sugerir/", views.idea_suggest, name="suggest"),
    path("semelhantes/", views.idea_similar, name="similar"),
    path("<int:pk>/", views.idea_detail, name="detail"),
    path("<int:pk>/votar/", views.idea_vote, name="vote"),
    path("<int:pk>/avaliar/", views.idea_rating, name="rate"),
    path("<int:pk>/acompanhar/", views.idea_follow, name="follow"),
    path("<int:pk>/comentar/", views.idea_comment, name="comment"),
]
