"""/healthz tells a load balancer whether the database, the cache and the broker answer (and
nothing more); error pages render in the portal's layout, 500 even without the database."""

import pytest
from django.db import connection
from django.template import loader
from django.test import Client, override_settings
from django.urls import path

from portal import views

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_with_the_broker_down(client, settings, refused_broker, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    with caplog.at_level("ERROR", logger="portal.health"):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["broker"]}
    assert "Health check broker failed" in caplog.text
    assert "127.0.0.1" not in response.content.decode()  # no details in public


def test_healthz_with_the_database_down(client, monkeypatch):
    def broken():
        raise RuntimeError("could not connect to server: secret-host:5432")

    monkeypatch.setitem(views.HEALTH_CHECKS, "database", broken)
    response = client.get("/healthz/")
    assert response.status_code == 503 and response.json()["failed"] == ["database"]
    assert "secret-host" not in response.content.decode()


def test_healthz_with_the_cache_down(client, monkeypatch):
    monkeypatch.setitem(views.HEALTH_CHECKS, "cache", lambda: (_ for _ in ()).throw(ConnectionError("x")))
    assert client.get("/healthz/").json()["failed"] == ["cache"]


def test_healthz_is_reachable_over_http_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz/").status_code == 200
    assert client.get("/").status_code == 301


def test_404_is_in_the_portals_layout_and_language(client):
    response = client.get("/nao-existe/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Página não encontrada" in html and "Base de conhecimento" in html
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/nao-existe/").content.decode()


def test_500_renders_without_the_database(monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("500.html must not touch the database")

    monkeypatch.setattr(connection, "cursor", no_database)
    html = loader.get_template("500.html").render()
    assert "500" in html and "Algo deu errado" in html


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_an_error_answers_the_500_page():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500 and "Algo deu errado" in response.content.decode()


def test_a_malformed_upload_is_a_400_and_one_log_line(customer_client, caplog):
    body = b'--xx\r\nContent-Disposition: form-data; name="subject"\r\n\r\nx'
    with caplog.at_level("WARNING", logger="django.request"):
        response = customer_client.generic(
            "POST", "/chamados/novo/", body, content_type="multipart/form-data; boundary="
        )
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None and "MultiPartParserError" in record.getMessage()
