"""Private files on S3-compatible storage (needs the `s3` extra, django-storages[s3]).

Like `private_files.PrivateFileStorage`: objects go up with the `private` canned ACL (only the
bucket owner may read them) under the `private/` prefix, and there is no URL at all, not even
a presigned one: a link handed out would skip the checked, logged download view.
"""

from __future__ import annotations

from typing import Any

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):  # type: ignore[misc]
    def __init__(self, **settings: Any) -> None:
        settings.setdefault("location", "private")
        settings.setdefault("default_acl", "private")
        settings.setdefault("querystring_auth", True)
        super().__init__(**settings)
        if self.default_acl != "private" or not self.location.strip("/"):
            raise ValueError("private files need default_acl='private' and a location prefix")

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise ValueError("private files have no public URL: serve them through a checked view")
