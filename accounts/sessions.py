"""The session engine (SESSION_ENGINE = "accounts.sessions"): Django's database sessions,
with the signed-in person's id in its own column so loading the session also loads the person
and their company (one query instead of three on every signed-in page)."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from .models import Session


class SessionStore(DatabaseSessionStore):
    # The person loaded with the session row; portal.auth hands it to the authentication
    # backend, which still checks it against the session's user id and auth hash.
    preloaded_user = None

    @classmethod
    def get_model_class(cls):
        return Session

    def _get_session_from_db(self):
        session = super()._get_session_from_db()
        self.preloaded_user = session.user if session is not None else None
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = str(data.get(SESSION_KEY, ""))
        session.user_id = int(user_id) if user_id.isdigit() else None
        return session
