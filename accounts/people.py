"""Type names for who asks: services act for a signed-in `User`; selectors also answer
visitors (`Person` includes Django's AnonymousUser)."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from .models import User

Person: TypeAlias = User | AnonymousUser
