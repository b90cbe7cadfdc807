import pytest

from plugin.models import Integration
from plugin.services import signing_key_create
from tests.kb.factories import CategoryFactory

from .helpers import HOST, mint


@pytest.fixture
def integration(organization):
    return Integration.objects.create(
        organization=organization,
        system=CategoryFactory(name="ERP Fiscal", slug="erp-fiscal"),
        name="ERP da Acme",
        allowed_origins=HOST,
    )


@pytest.fixture
def signing(integration):
    """(key, secret) of an active signing key."""
    return signing_key_create(integration=integration)


@pytest.fixture
def token(signing):
    key, secret = signing
    return lambda **overrides: mint(key, secret, **overrides)
