"""Private attachments on S3: the same guarantees as on disk, checked against a real S3 API
(moto's server on 127.0.0.1, fake credentials; nothing leaves the machine). The storages come
from `hromada.config.env.s3_storages()`, the function the settings use, with the S3_* variables
an operator sets."""

from __future__ import annotations

import datetime as dt
import importlib
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from moto.server import ThreadedMotoServer

from hromada.config import env
from hromada.core.private_files import private_storage
from hromada.core.private_s3 import PrivateS3Storage
from hromada.correspondence import services
from hromada.correspondence.models import Attachment, Document
from hromada.correspondence.services import RequesterData
from hromada.correspondence.workflow import Kind
from tests.correspondence.test_attachments import (
    PDF,
    download,
    downloads_logged,
    refused,
    submitted_on_the_portal,
)

pytestmark = pytest.mark.django_db

REGION = "eu-central-1"
KEY_ID, SECRET = "hromada-test-key", "hromada-test-secret"
EVERYONE = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        # Fake credentials, and no instance-metadata lookup: boto3 must ask nobody but moto.
        for name, value in {
            "AWS_ACCESS_KEY_ID": KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_EC2_METADATA_DISABLED": "true",
        }.items():
            patch.setenv(name, value)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        try:
            yield f"http://{host}:{port}"
        finally:
            server.stop()


@dataclass
class Bucket:
    client: Any
    name: str
    endpoint: str

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def body(self, key: str) -> bytes:
        return bytes(self.client.get_object(Bucket=self.name, Key=key)["Body"].read())

    def public_grants(self, key: str) -> list[Any]:
        grants = self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]
        return [grant for grant in grants if grant["Grantee"].get("URI") in EVERYONE]

    def anonymous_get(self, key: str) -> int:
        """Status of a plain, unsigned GET of the object's address: what a guessed link gets."""
        address = f"{self.endpoint}/{self.name}/{urllib.parse.quote(key)}"
        try:
            with urllib.request.urlopen(address) as response:
                return int(response.status)
        except urllib.error.HTTPError as refusal:
            return refusal.code


def configure(
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
    endpoint: str,
    *,
    public_too: bool,
    **more: str,
) -> Bucket:
    """A new bucket, and STORAGES as an operator's S3_* variables make them."""
    name = f"hromada-{secrets.token_hex(6)}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    monkeypatch.delenv("S3_BUCKET", raising=False)
    monkeypatch.setenv("S3_PRIVATE_BUCKET", name)
    if public_too:
        monkeypatch.setenv("S3_BUCKET", name)
    monkeypatch.setenv("S3_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("S3_REGION", REGION)
    monkeypatch.setenv("S3_ACCESS_KEY", KEY_ID)
    monkeypatch.setenv("S3_SECRET_KEY", SECRET)
    for variable in ("S3_PUBLIC_ACL", "S3_PRIVATE_ACL", "S3_CUSTOM_DOMAIN"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in more.items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {**django_settings.STORAGES, **env.s3_storages()}
    return Bucket(client, name, endpoint)


@pytest.fixture
def bucket(monkeypatch: pytest.MonkeyPatch, settings: Any, s3_endpoint: str) -> Bucket:
    """Only the private files on S3 (S3_PRIVATE_BUCKET); public media stay on disk."""
    return configure(monkeypatch, settings, s3_endpoint, public_too=False)


def files_on_disk() -> list[Path]:
    return [
        path
        for root in (django_settings.MEDIA_ROOT, django_settings.PRIVATE_MEDIA_ROOT)
        for path in Path(root).rglob("*")
        if path.is_file()
    ]


def registered_with_attachment() -> Attachment:
    document = services.register_incoming(
        kind=Kind.CITIZEN_APPEAL,
        subject="Звернення з додатком",
        requester=RequesterData(name="Бойко Олег", email="oleh@example.org"),
        attachments=[SimpleUploadedFile("лист.pdf", PDF, content_type="application/pdf")],
    )
    return document.attachments.get()


def test_the_settings_make_a_private_storage_without_a_url(bucket: Bucket) -> None:
    storage = private_storage()
    assert isinstance(storage, PrivateS3Storage)
    assert storage.bucket_name == bucket.name
    assert storage.location == "private" and storage.default_acl is None
    assert Attachment._meta.get_field("file").storage.bucket_name == bucket.name  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        storage.url("correspondence/x.pdf")
    with pytest.raises(ValueError):
        PrivateS3Storage(bucket_name=bucket.name, default_acl="public-read")


def test_an_upload_through_the_service_is_private_under_the_prefix(
    bucket: Bucket, client: Client
) -> None:
    attachment = registered_with_attachment()
    key = f"private/{attachment.file.name}"
    assert str(attachment.file.name).startswith("correspondence/")
    assert bucket.keys() == [key]
    assert bucket.body(key) == PDF
    assert bucket.public_grants(key) == []
    assert bucket.anonymous_get(key) == 403
    assert files_on_disk() == []
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018
    for guess in (attachment.file.name, key):
        assert client.get(f"{django_settings.MEDIA_URL}{guess}").status_code == 404


def test_a_portal_upload_goes_to_the_bucket_too(bucket: Bucket, client: Client) -> None:
    attachment = submitted_on_the_portal(client)
    key = f"private/{attachment.file.name}"
    assert bucket.keys() == [key]
    assert bucket.public_grants(key) == []
    assert bucket.anonymous_get(key) == 403
    assert files_on_disk() == []


def test_only_the_assignee_downloads_it_and_it_is_logged(
    bucket: Bucket, specialist: Any, colleague: Any
) -> None:
    attachment = registered_with_attachment()
    services.assign(document=attachment.document, assignee=specialist)
    assert refused(download(colleague, attachment))
    assert downloads_logged(attachment) == []
    response = download(specialist, attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert "no-store" in response["Cache-Control"]
    assert [entry.user_id for entry in downloads_logged(attachment)] == [specialist.pk]


def test_a_lost_object_is_a_404_not_an_error(bucket: Bucket, admin_user: Any) -> None:
    attachment = registered_with_attachment()
    bucket.client.delete_object(Bucket=bucket.name, Key=f"private/{attachment.file.name}")
    assert download(admin_user, attachment).status_code == 404
    assert downloads_logged(attachment) == []


def test_anonymization_deletes_the_object(bucket: Bucket, admin_user: Any, settings: Any) -> None:
    settings.CORRESPONDENCE_ANONYMIZE_AFTER_YEARS = 1
    attachment = registered_with_attachment()
    services.close(document=attachment.document, closed_on=dt.date(2024, 5, 3))
    assert services.anonymize_closed(today=dt.date(2025, 6, 1)) >= 1
    assert bucket.keys() == []
    attachment.refresh_from_db()
    assert not attachment.file
    assert download(admin_user, attachment).status_code == 404


@pytest.mark.parametrize("public_on_s3", [False, True], ids=["media-on-disk", "media-on-s3"])
def test_the_migration_moves_old_uploads_into_the_private_prefix(
    monkeypatch: pytest.MonkeyPatch, settings: Any, s3_endpoint: str, public_on_s3: bool
) -> None:
    bucket = configure(monkeypatch, settings, s3_endpoint, public_too=public_on_s3)
    migration = importlib.import_module(
        "hromada.correspondence.migrations.0004_private_attachments"
    )
    document = services.register_incoming(
        kind=Kind.LETTER, subject="Лист з додатком", requester=RequesterData(name="Іваненко Іван")
    )
    # Uploaded before the migration: in the public media (the bucket's root, or MEDIA_ROOT).
    name = default_storage.save(
        "correspondence/2020/abcdefghijklmnopqrstuvwx/old.pdf", ContentFile(PDF)
    )
    Attachment.objects.create(document=document, file=name, name="old.pdf")
    assert bucket.keys() == ([name] if public_on_s3 else [])

    migration._move([name], default_storage, private_storage())
    assert not default_storage.exists(name)
    assert bucket.keys() == [f"private/{name}"]
    assert bucket.public_grants(f"private/{name}") == []
    assert files_on_disk() == []
    migration._move([name], default_storage, private_storage())  # again: nothing to do
    assert bucket.keys() == [f"private/{name}"]
    assert Document.objects.get(pk=document.pk).attachments.get().file.read() == PDF


def acl_headers_of_uploads(storage: Any) -> list[str | None]:
    """The x-amz-acl header of every PutObject the storage's client sends from now on."""
    seen: list[str | None] = []

    def record(request: Any, **_: Any) -> None:
        acl = request.headers.get("x-amz-acl")
        seen.append(acl.decode() if isinstance(acl, bytes) else acl)

    storage.connection.meta.client.meta.events.register("before-send.s3.PutObject", record)
    return seen


def test_no_acl_is_sent_unless_asked_so_buckets_without_acls_accept_the_uploads(
    monkeypatch: pytest.MonkeyPatch, settings: Any, s3_endpoint: str
) -> None:
    """AWS buckets with ACLs disabled refuse a PUT naming an ACL other than
    bucket-owner-full-control; an object sent without one is private anyway."""
    bucket = configure(monkeypatch, settings, s3_endpoint, public_too=False)
    sent = acl_headers_of_uploads(private_storage())
    attachment = registered_with_attachment()
    assert sent == [None]
    key = f"private/{attachment.file.name}"
    assert bucket.public_grants(key) == []
    assert bucket.anonymous_get(key) == 403

    bucket = configure(
        monkeypatch, settings, s3_endpoint, public_too=False, S3_PRIVATE_ACL="private"
    )
    sent = acl_headers_of_uploads(private_storage())
    attachment = registered_with_attachment()
    assert sent == ["private"]
    assert bucket.anonymous_get(f"private/{attachment.file.name}") == 403


def test_public_media_have_plain_urls_that_do_not_expire(
    monkeypatch: pytest.MonkeyPatch, settings: Any, s3_endpoint: str
) -> None:
    """A signed URL would expire inside a cached page; public media are public."""
    bucket = configure(
        monkeypatch, settings, s3_endpoint, public_too=True, S3_PUBLIC_ACL="public-read"
    )
    sent = acl_headers_of_uploads(default_storage)
    name = default_storage.save("images/ploshcha.txt", ContentFile(b"public"))
    assert sent == ["public-read"]
    url = default_storage.url(name)
    assert "Signature" not in url and "Expires" not in url
    assert bucket.anonymous_get(name) == 200
    # The private files in the same bucket stay private.
    attachment = registered_with_attachment()
    assert bucket.anonymous_get(f"private/{attachment.file.name}") == 403

    configure(
        monkeypatch,
        settings,
        s3_endpoint,
        public_too=True,
        S3_CUSTOM_DOMAIN="media.misto.example",
    )
    assert default_storage.url("images/ploshcha.txt").startswith(
        "https://media.misto.example/images/ploshcha.txt"
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [("S3_PRIVATE_ACL", "public-read"), ("S3_PUBLIC_ACL", "authenticated-read")],
)
def test_an_acl_outside_the_allowed_ones_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv("S3_BUCKET", "hromada-media")
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=variable):
        env.s3_storages()
