import factory
from django.contrib.auth import get_user_model

from accounts.models import Organization

TEST_PASSWORD = "s3nha-Forte-2026"
# factory_boy hands a post-generation hook None both for "not given" and "given as None";
# UserFactory swaps an explicit password=None for this marker before building.
_NO_PASSWORD = object()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Empresa {n} Ltda")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"cliente{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    # Deterministic names: random ones made searches match by chance ("Ana" in "Mariana").
    first_name = factory.Sequence(lambda n: f"Pessoa{n}")
    last_name = "Teste"
    organization = factory.SubFactory(OrganizationFactory)
    language = "pt-br"

    @classmethod
    def _generate(cls, strategy, params):
        if "password" in params and params["password"] is None:
            params = {**params, "password": _NO_PASSWORD}
        return super()._generate(strategy, params)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        # password=None leaves the account without a usable password (first access).
        if extracted is _NO_PASSWORD:
            self.set_unusable_password()
        else:
            self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])


class StaffFactory(UserFactory):
    organization = None
    is_staff = True
    is_superuser = True
    username = factory.Sequence(lambda n: f"equipe{n}")

    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        # Staff must use a second factor (accounts.middleware): they come with an
        # authenticator app unless a test asks for two_factor=False.
        if create and extracted is not False:
            two_factor_enable(self)


TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def two_factor_enable(user, secret=TEST_TOTP_SECRET):
    """Give `user` an authenticator app (and recovery codes), as after setting one up."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return user
