from allauth.account.forms import EmailAwarePasswordResetTokenGenerator


class PasswordResetTokenGenerator(EmailAwarePasswordResetTokenGenerator):
    """allauth's reset tokens (tied to password, last login and e-mail), also void once
    the account is deactivated: a link mailed earlier stops working at that moment."""

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"
