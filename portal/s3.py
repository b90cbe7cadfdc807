"""S3-compatible storage for the two file aliases, from plain values (settings reads them
from the environment; the S3 test builds the same dict against a local server)."""


def s3_storages(
    *,
    bucket: str,
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    public_url_seconds: int = 600,
) -> dict:
    """STORAGES entries for "default" (photos, article images) and "private" (attachments).

    Nothing is ever uploaded with a public ACL: objects belong to the bucket owner only.
    Private files are served by the permission-checked views (which stream them from the
    bucket), never by a URL; "default" files get presigned URLs valid `public_url_seconds`.
    """
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
        "signature_version": "s3v4",
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "location": "media", "querystring_expire": public_url_seconds},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            # A URL is never handed out for these; if code ever asked, it would live a minute.
            "OPTIONS": {**common, "location": "private", "querystring_expire": 60},
        },
    }
