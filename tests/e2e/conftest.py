"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser).

Outside CI they skip with a clear reason when Chromium is missing; with CI=true a missing
Chromium fails the run.
"""

import os

import pytest

from tests.helpers import IN_CI

from .helpers import CHROMIUM, QUIET_FLAGS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.e2e)
            if CHROMIUM is None and not IN_CI:
                item.add_marker(
                    pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
                )


@pytest.fixture(scope="session", autouse=True)
def _chromium_required_in_ci():
    if CHROMIUM is None and IN_CI:
        pytest.fail("CI=true but Chromium is missing: .ci/run must install the 'chromium' apt package")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": QUIET_FLAGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A customer in Brazil: the browser asks for pt-BR (Accept-Language), as the seed's screens show.
    return {**browser_context_args, "locale": "pt-BR"}


@pytest.fixture
def page(page):
    page.set_default_timeout(15_000)
    return page
