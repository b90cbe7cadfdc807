"""Who may be signed in: an active account, and for a customer, an active company.

Django asks `user_can_authenticate` both when a password is checked and on every request
that carries a session (`get_user`), so deactivating a company closes its customers' open
sessions at their next click, as deactivating an account already did.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from portal.auth import preloaded_user


def user_may_sign_in(user) -> bool:
    """Active, and not a customer of a deactivated company (staff are not bound by one)."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_staff or user.organization_id is None:
        return True
    return user.organization.is_active


class _CompanyAware:
    def user_can_authenticate(self, user):
        return user_may_sign_in(user)

    def get_user(self, user_id):
        # The person (and company) the session's own query brought (accounts.sessions), when
        # it is the one the session names; else one query with the company joined.
        user = preloaded_user()
        if user is None or str(user.pk) != str(user_id):
            user = self.user_model_with_company().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    @staticmethod
    def user_model_with_company():
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.select_related("organization")


class ModelBackend(_CompanyAware, DjangoModelBackend):
    """Django's username/password backend (the admin's and `login()`'s), company-aware."""


class AuthenticationBackend(_CompanyAware, AllauthBackend):
    """allauth's username-or-e-mail backend, company-aware."""
