"""Issue 23, finding 8: images and documents are never deleted, not by editors (whose "change"
permission Wagtail treats as "delete") and not by superusers: the delete views, the bulk
delete and the multiple-upload delete all refuse, and no listing offers "Delete"."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from hromada.core import roles
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user("media-editor", password="x")
    user.groups.add(Group.objects.get(name=roles.SITE_EDITOR))
    return user


def media(user: Any) -> tuple[Any, Any]:
    image = get_image_model().objects.create(
        title="Фото з сесії",
        file=ContentFile(image_bytes(), name="sesiia.png"),
        uploaded_by_user=user,
    )
    document = get_document_model().objects.create(
        title="Рішення сесії",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="rishennia.pdf"),
        uploaded_by_user=user,
    )
    return image, document


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_nobody_deletes_images_or_documents(who: str, editor: Any, admin_user: Any) -> None:
    user = editor if who == "editor" else admin_user
    image, document = media(user)
    client = Client()
    client.force_login(user)
    for policy_model, item in ((get_image_model(), image), (get_document_model(), document)):
        policy = policy_registry.get_by_type(policy_model)
        assert not policy.user_has_permission_for_instance(user, "delete", item)
        assert policy.user_has_permission_for_instance(user, "change", item)  # replace instead
    posts = [
        reverse("wagtailimages:delete", args=[image.pk]),
        reverse("wagtaildocs:delete", args=[document.pk]),
        reverse("wagtailimages:delete_multiple", args=[image.pk]),
        reverse("wagtaildocs:delete_multiple", args=[document.pk]),
        f"/admin/bulk/wagtailimages/image/delete/?id={image.pk}&next=/admin/images/",
        f"/admin/bulk/wagtaildocs/document/delete/?id={document.pk}&next=/admin/documents/",
    ]
    for url in posts:
        client.post(url)
        assert get_image_model().objects.filter(pk=image.pk).exists(), url
        assert get_document_model().objects.filter(pk=document.pk).exists(), url
    edit = client.get(reverse("wagtailimages:edit", args=[image.pk])).content.decode()
    assert reverse("wagtailimages:delete", args=[image.pk]) not in edit
    edit = client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert reverse("wagtaildocs:delete", args=[document.pk]) not in edit
