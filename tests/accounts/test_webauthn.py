"""Security keys and passkeys (WebAuthn, allauth.mfa): a software authenticator (an EC P-256 key
and fido2's own data types, as a browser's navigator.credentials.create() would return them)
registers a key under Meus dados → Segurança; the pages load allauth's vendored scripts only."""

import hashlib
import json
import os

import pytest
from allauth.mfa.models import Authenticator
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse
from fido2 import cose
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import AttestationObject, AttestedCredentialData, AuthenticatorData, CollectedClientData

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ADD_URL = reverse("mfa_add_webauthn")
ORIGIN = "http://testserver"


def software_key_registration(creation_options: dict) -> dict:
    """What the browser hands back for `creation_options` (attestation "none")."""
    public_key = creation_options["publicKey"]
    private = ec.generate_private_key(ec.SECP256R1())
    credential_id = os.urandom(32)
    attested = AttestedCredentialData.create(
        b"\0" * 16, credential_id, cose.ES256.from_cryptography_key(private.public_key())
    )
    flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV | AuthenticatorData.FLAG.AT
    auth_data = AuthenticatorData.create(
        hashlib.sha256(public_key["rp"]["id"].encode()).digest(), flags, 0, attested
    )
    client_data = CollectedClientData.create(
        type="webauthn.create", challenge=websafe_decode(public_key["challenge"]), origin=ORIGIN
    )
    attestation = AttestationObject.create("none", auth_data, {})
    return {
        "type": "public-key",
        "id": websafe_encode(credential_id),
        "rawId": websafe_encode(credential_id),
        "authenticatorAttachment": "cross-platform",
        "response": {
            "clientDataJSON": websafe_encode(client_data),
            "attestationObject": websafe_encode(attestation),
            "transports": ["usb"],
        },
        "clientExtensionResults": {"credProps": {"rk": False}},
    }


@pytest.fixture
def signed_in(client, customer):
    client.post(reverse("account_login"), {"login": "ana", "password": TEST_PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    return client


def test_a_security_key_is_registered(signed_in, customer, settings, django_capture_on_commit_callbacks):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the test client speaks http
    page = signed_in.get(ADD_URL)
    assert page.status_code == 200
    options = page.context["js_data"]["creation_options"]
    assert options["publicKey"]["rp"] == {"id": "testserver", "name": "Portal do Cliente"}

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            ADD_URL,
            {"name": "Chave do escritório", "credential": json.dumps(software_key_registration(options))},
        )

    assert response.status_code == 302, response.content.decode()[:3000]
    key = Authenticator.objects.get(user=customer, type=Authenticator.Type.WEBAUTHN)
    assert key.data["name"] == "Chave do escritório"
    # A first factor brings recovery codes with it, and the security e-mail goes out.
    assert Authenticator.objects.filter(user=customer, type=Authenticator.Type.RECOVERY_CODES).exists()
    from notifications.models import OutboundEmail

    assert OutboundEmail.objects.filter(to_email="ana@acme.example.com").exists()


def test_a_response_to_another_challenge_is_refused(signed_in, customer, settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    options = signed_in.get(ADD_URL).context["js_data"]["creation_options"]
    stale = {**options, "publicKey": {**options["publicKey"], "challenge": websafe_encode(os.urandom(32))}}

    response = signed_in.post(
        ADD_URL, {"name": "X", "credential": json.dumps(software_key_registration(stale))}
    )

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=customer, type=Authenticator.Type.WEBAUTHN).exists()


def test_the_page_uses_allauths_vendored_scripts_and_no_inline_code(signed_in):
    html = signed_in.get(ADD_URL).content.decode()

    assert '<script src="/static/mfa/js/webauthn.js"' in html
    assert "cdn" not in html.lower()
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or 'type="application/json"' in tag, tag
