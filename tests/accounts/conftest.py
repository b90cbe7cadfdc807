from tests.plugin.conftest import integration, signing, token  # noqa: F401 - the plugin's fixtures
