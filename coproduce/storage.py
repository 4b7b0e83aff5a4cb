"""Where uploaded evidence and generated reports are kept, chosen from the environment.

By default they live in the local MEDIA_ROOT folder. With AWS_STORAGE_BUCKET_NAME set
they go to an S3 bucket instead (Amazon S3, or any S3-compatible service through
AWS_S3_ENDPOINT_URL), so web and worker processes on different hosts see the same
files. Credentials come from the usual AWS variables (AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) or the host's role, never from this file.

Objects stay private: no ACL is sent, so the bucket's own private default applies, and
any URL the backend could make is signed and short-lived. The app never hands such a
URL out: code reads and writes through Django's storage API only, and every download
is streamed by a view that checked the person's access first.

This module is imported by the settings, so it must not import Django.
"""

from collections.abc import Mapping

FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"


def s3_options(
    *,
    bucket_name: str,
    region_name: str | None = None,
    endpoint_url: str | None = None,
    location: str = "",
    addressing_style: str | None = None,
) -> dict:
    """Options for django-storages' S3 backend with private objects."""
    return {
        "bucket_name": bucket_name,
        "region_name": region_name or None,
        "endpoint_url": endpoint_url or None,
        "location": location,
        "addressing_style": addressing_style or None,
        # No ACL on upload: objects get the bucket's default (private). Buckets with
        # ACLs turned off, as AWS now creates them, refuse uploads that send one.
        "default_acl": None,
        # Any URL made from a file is signed and expires; none is shown to people.
        "querystring_auth": True,
        "querystring_expire": 300,
        # Two reports of one kind share a file name; keep both, as on disk.
        "file_overwrite": False,
        # A download is buffered in memory up to 2 MB, then in a temporary file.
        "max_memory_size": 2 * 1024 * 1024,
    }


def media_storage(environ: Mapping[str, str]) -> dict:
    """The STORAGES["default"] entry for these environment variables."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {"BACKEND": FILESYSTEM_BACKEND}
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": s3_options(
            bucket_name=bucket,
            region_name=environ.get("AWS_S3_REGION_NAME")
            or environ.get("AWS_DEFAULT_REGION"),
            endpoint_url=environ.get("AWS_S3_ENDPOINT_URL"),
            location=environ.get("AWS_LOCATION", ""),
            addressing_style=environ.get("AWS_S3_ADDRESSING_STYLE"),
        ),
    }
