"""Signing secrets at rest: HS256 needs the secret itself to verify a token, so it cannot be
hashed; it is encrypted with Fernet (AES-128-CBC + HMAC) under a key derived (HKDF-SHA256)
from SECRET_KEY.

Rotating SECRET_KEY: put the old value first in SECRET_KEY_FALLBACKS (Django's own setting),
deploy, run `manage.py plugin_reencrypt_keys` (re-encrypts every secret under the new key),
then drop the fallback. Rotating a signing key is separate: create a second key in the
admin, give it to the host, revoke the old one.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

INFO = b"portal-do-cliente/plugin/signing-keys/v1"


def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in keys])


def encrypt(secret: str) -> bytes:
    return _keys().encrypt(secret.encode())


def decrypt(token: bytes) -> str:
    try:
        return _keys().decrypt(token).decode()
    except InvalidToken as exc:
        raise InvalidToken(
            "signing secret cannot be decrypted: was SECRET_KEY changed without a fallback?"
        ) from exc


def reencrypt(token: bytes) -> bytes:
    """The same secret under the current SECRET_KEY."""
    return _keys().rotate(token)
