"""Every way a token is refused: nothing is created, a clear page, a log line for staff."""

import base64
import json
import time

import pytest

from accounts.models import User
from plugin.models import PersonLink
from plugin.services import signing_key_create, signing_key_revoke
from plugin.tokens import TokenRefused, verify
from tests.factories import OrganizationFactory
from tests.plugin.helpers import mint, sign_in

pytestmark = pytest.mark.django_db


def refused(token_value) -> str:
    with pytest.raises(TokenRefused) as info:
        verify(token_value)
    return info.value.reason


def test_a_good_token_is_verified(token, integration):
    verified = verify(token())
    assert verified.integration == integration
    assert (verified.subject, verified.email, verified.name) == (
        "erp-user-42",
        "ana@acme.example.com",
        "Ana Souza",
    )
    assert verified.context["module"] == "Faturamento"


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"exp": int(time.time()) - 120, "iat": int(time.time()) - 180}, "expired"),
        ({"iat": int(time.time()) + 600, "exp": int(time.time()) + 660}, "not_yet_valid"),
        ({"nbf": int(time.time()) + 600}, "not_yet_valid"),
        ({"exp": int(time.time()) + 600}, "lifetime"),
        ({"aud": "https://other-portal.example.com"}, "audience"),
        ({"iss": "int_somebody_else"}, "issuer"),
        ({"jti": None}, "invalid_claims"),
        ({"email": None}, "invalid_claims"),
        ({"sub": ""}, "invalid_claims"),
    ],
    ids=[
        "expired",
        "future-iat",
        "future-nbf",
        "too-long",
        "audience",
        "issuer",
        "no-jti",
        "no-email",
        "empty-sub",
    ],
)
def test_claims_that_are_refused(token, overrides, reason):
    assert refused(token(**overrides)) == reason


def test_bad_signature(signing):
    key, _secret = signing
    assert refused(mint(key, "not-the-secret-" * 3)) == "signature"


def test_alg_none_and_other_algorithms(signing):
    key, secret = signing

    def b64(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    now = int(time.time())
    body = {
        "iss": key.integration.public_id,
        "aud": "http://testserver",
        "sub": "x",
        "email": "a@b.c",
        "iat": now,
        "exp": now + 60,
        "jti": "j1",
    }
    unsigned = f"{b64({'alg': 'none', 'kid': key.kid, 'typ': 'JWT'})}.{b64(body)}."
    assert refused(unsigned) == "algorithm"
    assert refused(mint(key, secret * 2, algorithm="HS512")) == "algorithm"
    # RS256 "signed" with the HMAC secret as a public key (the classic confusion attack).
    assert refused(f"{b64({'alg': 'RS256', 'kid': key.kid})}.{b64(body)}.c2lnbmF0dXJl") == "algorithm"


def test_unknown_and_revoked_keys(signing, token):
    key, secret = signing
    assert refused(mint(key, secret, headers={"kid": "key_unknown"})) == "unknown_key"
    signing_key_revoke(key=key)
    assert refused(token()) == "revoked_key"


def test_garbage_is_refused():
    for value in ("", "abc", "a.b.c", "x" * 5000):
        assert refused(value) in {"malformed", "unknown_key", "algorithm"}


def test_inactive_integration_or_company(token, integration):
    integration.is_active = False
    integration.save()
    assert refused(token()) == "inactive_integration"
    integration.is_active = True
    integration.save()
    integration.organization.is_active = False
    integration.organization.save()
    assert refused(token()) == "inactive_integration"


def test_a_token_works_once(token):
    value = token()
    verify(value)
    assert refused(value) == "replayed"


def test_key_rotation_two_active_keys_then_revoke(signing, integration):
    old_key, old_secret = signing
    new_key, new_secret = signing_key_create(integration=integration)

    verify(mint(old_key, old_secret))
    verify(mint(new_key, new_secret))
    signing_key_revoke(key=old_key)

    assert refused(mint(old_key, old_secret)) == "revoked_key"
    verify(mint(new_key, new_secret))


def test_at_most_two_active_keys(signing, integration):
    from plugin.services import TooManyKeys

    signing_key_create(integration=integration)
    with pytest.raises(TooManyKeys):
        signing_key_create(integration=integration)


def test_secrets_are_encrypted_at_rest(signing):
    key, secret = signing
    key.refresh_from_db()
    assert secret.encode() not in bytes(key.secret_encrypted)
    assert key.secret == secret


def test_secret_survives_a_secret_key_rotation_with_fallback(settings, signing):
    key, secret = signing
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-brand-new-secret-key-for-the-portal-0123456789"
    settings.SECRET_KEY_FALLBACKS = [old]
    key.refresh_from_db()
    assert key.secret == secret


@pytest.mark.parametrize(
    "reason_token",
    ["expired", "replayed", "signature", "other_company"],
)
def test_refusal_page_creates_nothing_and_logs(client, caplog, signing, token, customer, reason_token):
    key, secret = signing
    if reason_token == "expired":
        value = token(exp=int(time.time()) - 120, iat=int(time.time()) - 180)
    elif reason_token == "replayed":
        value = token()
        verify(value)
    elif reason_token == "signature":
        value = mint(key, "wrong-secret-wrong-secret-wrong-secret-wrong")
    else:
        User.objects.create_user("rival", "rival@rival.example.com", organization=OrganizationFactory())
        value = token(email="rival@rival.example.com", sub="rival")
    users_before = User.objects.count()

    with caplog.at_level("WARNING", logger="portal.plugin"):
        response = sign_in(client, value)

    assert response.status_code == 403
    assert f'data-reason="{reason_token}"' in response.content.decode()
    assert f"reason={reason_token}" in caplog.text
    assert User.objects.count() == users_before
    assert not PersonLink.objects.exists()
    assert "_auth_user_id" not in client.session


def test_spent_token_ids_are_forgotten_after_expiry(token):
    from datetime import timedelta

    from django.utils import timezone

    from plugin.models import UsedToken
    from plugin.tasks import used_tokens_purge_task

    verify(token())
    UsedToken.objects.create(
        integration=UsedToken.objects.get().integration,
        jti="old",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert used_tokens_purge_task.delay().get() == 1
    assert UsedToken.objects.count() == 1


def test_reencrypt_command_moves_secrets_to_the_new_secret_key(settings, signing):
    from django.core.management import call_command

    key, secret = signing
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "the-next-secret-key-of-the-portal-abcdefghijklmnop"
    settings.SECRET_KEY_FALLBACKS = [old]
    call_command("plugin_reencrypt_keys", stdout=None)
    settings.SECRET_KEY_FALLBACKS = []
    key.refresh_from_db()
    assert key.secret == secret


def test_a_token_refused_for_its_origin_is_not_spent(client, customer, token):
    from tests.plugin.helpers import HOST

    value = token()
    assert (
        'data-reason="origin"' in sign_in(client, value, origin="https://evil.example.com").content.decode()
    )
    assert sign_in(client, value, origin=HOST).status_code == 302


def test_a_key_that_cannot_be_decrypted_is_a_refusal_not_an_error(client, settings, customer, token, caplog):
    value = token()
    settings.SECRET_KEY = "another-secret-key-without-any-fallback-0123456789"
    settings.SECRET_KEY_FALLBACKS = []
    with caplog.at_level("ERROR", logger="portal.plugin"):
        response = sign_in(client, value)
    assert response.status_code == 403 and 'data-reason="unreadable_key"' in response.content.decode()
    assert "cannot be decrypted" in caplog.text
