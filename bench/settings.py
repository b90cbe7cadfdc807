"""The portal's own settings, plus the two baseline views of the page benchmark (bench/urls.py)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
