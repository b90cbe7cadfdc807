"""The portal's URLs plus two baselines served by the same processes with the same settings:
a view returning "ok", and a view running one query and rendering a small template."""

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

SMALL = engines["django"].from_string(
    "<!doctype html><title>{{ title }}</title>"
    "<ul>{% for user in users %}<li>{{ user.username }}</li>{% endfor %}</ul>"
)


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


def one_query(request):
    users = list(get_user_model().objects.order_by("pk").only("username")[:5])
    return HttpResponse(SMALL.render({"title": "one query", "users": users}))


urlpatterns = [
    path("bench/ok/", ok),
    path("bench/one-query/", one_query),
    path("", include("portal.urls")),
]
