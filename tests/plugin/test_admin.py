"""Staff set up integrations in the admin: exact https origins, a secret shown once, two
active keys at most, revoking takes effect at once."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plugin.models import SigningKey, validate_origins
from plugin.tokens import TokenRefused, verify
from tests.plugin.helpers import mint

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "origins",
    [
        "http://erp.acme.com",
        "https://*.acme.com",
        "https://erp.acme.com/app",
        "erp.acme.com",
        "https://erp.acme.com?x=1",
        "https://ERP.acme.com",
        "https://erp.acme.com:443",
        "https://user@erp.acme.com",
    ],
)
def test_only_exact_https_origins(origins):
    with pytest.raises(ValidationError):
        validate_origins(origins)


def test_several_exact_origins_are_fine():
    validate_origins("https://erp.acme.com\nhttps://erp.acme.com:8443\nhttps://erp.acme.com/")


def test_new_key_shows_the_secret_once_and_stores_it_encrypted(staff_client, integration):
    response = staff_client.post(reverse("admin:plugin_integration_new_key", args=[integration.pk]))

    html = response.content.decode()
    key = SigningKey.objects.get()
    assert "no-store" in response["Cache-Control"]
    assert f'data-testid="new-kid">{key.kid}<' in html
    assert f'data-testid="new-secret">{key.secret}<' in html
    assert key.secret.encode() not in bytes(key.secret_encrypted)
    change = staff_client.get(
        reverse("admin:plugin_integration_change", args=[integration.pk])
    ).content.decode()
    assert key.kid in change and key.secret not in change
    verify(mint(key, key.secret))


def test_a_third_active_key_is_refused(staff_client, integration):
    url = reverse("admin:plugin_integration_new_key", args=[integration.pk])
    staff_client.post(url)
    staff_client.post(url)
    response = staff_client.post(url, follow=True)
    assert SigningKey.objects.count() == 2
    assert "duas chaves ativas" in response.content.decode() or "two active keys" in response.content.decode()


def test_new_key_is_post_only(staff_client, integration):
    assert (
        staff_client.get(reverse("admin:plugin_integration_new_key", args=[integration.pk])).status_code
        == 405
    )


def test_revoke_action_takes_effect_at_once(staff_client, signing):
    key, secret = signing
    staff_client.post(
        reverse("admin:plugin_signingkey_changelist"), {"action": "revoke", "_selected_action": [key.pk]}
    )
    with pytest.raises(TokenRefused):
        verify(mint(key, secret))


def test_the_loader_and_its_style_can_be_embedded_by_other_origins(settings):
    from django.test import Client

    settings.WHITENOISE_USE_FINDERS = True  # serve from static/ without collectstatic
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    for path in ("/static/plugin/loader-v1.js", "/static/plugin/widget-v1.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
