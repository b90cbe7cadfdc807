"""Making tokens as a host system's backend does, and posting them as its page does."""

import time
import uuid

import jwt

HOST = "https://erp.acme.example.com"


def mint(key, secret, *, headers=None, algorithm="HS256", **overrides) -> str:
    """A token as the host system's backend makes it."""
    now = int(time.time())
    claims = {
        "iss": key.integration.public_id,
        "aud": "http://testserver",
        "sub": "erp-user-42",
        "email": "ana@acme.example.com",
        "name": "Ana Souza",
        "iat": now,
        "exp": now + 60,
        "jti": str(uuid.uuid4()),
        "ctx": {
            "module": "Faturamento",
            "screen": "Emissão de NF-e",
            "version": "8.2.1",
            "url": f"{HOST}/nfe/nova",
        },
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, secret, algorithm=algorithm, headers={"kid": key.kid, **(headers or {})})


def sign_in(client, token, origin=HOST, **extra):
    return client.post("/plugin/entrar/", {"token": token, **extra}, HTTP_ORIGIN=origin)
