"""Private files on S3-compatible storage (needs the `s3` extra, django-storages[s3]).

Like `private_files.PrivateFileStorage`: objects go up under the `private/` prefix with no ACL
that grants anyone else (by default none at all, which is private in every bucket and the only
choice AWS buckets with ACLs disabled accept besides `bucket-owner-full-control`), and there is
no URL at all, not even a presigned one: a link handed out would skip the checked, logged
download view.
"""

from __future__ import annotations

from typing import Any

from storages.backends.s3 import S3Storage

#: The canned ACLs that grant nobody but the bucket owner (None: no ACL header at all).
PRIVATE_ACLS = (None, "private", "bucket-owner-full-control")


class PrivateS3Storage(S3Storage):  # type: ignore[misc]
    def __init__(self, **settings: Any) -> None:
        settings.setdefault("location", "private")
        settings.setdefault("default_acl", None)
        settings.setdefault("querystring_auth", True)
        super().__init__(**settings)
        if self.default_acl not in PRIVATE_ACLS or not self.location.strip("/"):
            raise ValueError("private files need a private ACL (or none) and a location prefix")

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise ValueError("private files have no public URL: serve them through a checked view")
