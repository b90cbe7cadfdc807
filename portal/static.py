"""Response headers for static files (WhiteNoise's add_headers_function). No Django imports:
settings import this module."""


def add_headers(headers, path: str, url: str) -> None:
    """WhiteNoise hook: the plugin's public files may be embedded by other origins."""
    if "/plugin/" in url:
        headers["Cross-Origin-Resource-Policy"] = "cross-origin"
