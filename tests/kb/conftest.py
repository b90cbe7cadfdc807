import pytest
from django.contrib.auth.models import AnonymousUser


@pytest.fixture
def anonymous_user():
    return AnonymousUser()
