from django.urls import path

from . import views

app_name = "kb"

urlpatterns = [
    path("", views.home, name="home"),
    path("busca/", views.search_results, name="search"),
    path("busca/sugestoes/", views.suggestions, name="suggestions"),
    path("categorias/<slug:slug>/", views.category_detail, name="category"),
    path("artigos/<slug:slug>/", views.article_detail, name="article"),
    path("artigos/<slug:slug>/isso-ajudou/", views.article_feedback, name="feedback"),
    path("artigos/<slug:slug>/resolveu/", views.article_deflect, name="deflect"),
]
