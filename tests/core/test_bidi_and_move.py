"""Issue 23, finding 13: bidirectional controls are taken out of names and file names (an
RLO makes "gpj.exe" display as "exe.jpg"), and Wagtail's page-move confirmation is refused to
staff who may not move the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from hromada.core import roles
from hromada.core.text import strip_bidi
from hromada.core.uploads import UploadKind, validate_upload
from hromada.correspondence import services
from hromada.correspondence.services import RequesterData
from hromada.portal.models import StandardPage
from tests.conftest import image_bytes

RLO = "\u202e"


def test_strip_bidi() -> None:
    assert strip_bidi(f"фото{RLO}gpj.exe") == "фотоgpj.exe"
    assert strip_bidi("\u2066Іван\u2069 \u200fПетренко\u200e") == "Іван Петренко"


def test_an_upload_is_judged_and_named_without_them() -> None:
    upload = SimpleUploadedFile(f"фото{RLO}gpj.exe", image_bytes(), content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload, kind=UploadKind.DOCUMENT)
    assert RLO not in str(refused.value) and "фотоgpj.exe" in str(refused.value)
    assert upload.name == "фотоgpj.exe"


@pytest.mark.django_db
def test_requesters_attachments_and_users_are_stored_without_them(
    django_user_model: Any,
) -> None:
    pdf = SimpleUploadedFile(f"скарга{RLO}fdp.pdf", b"%PDF-1.4\n%%EOF\n")
    document = services.register_incoming(
        kind="citizen_appeal",
        subject="Звернення",
        requester=RequesterData(name=f"Петренко{RLO} Іван"),
        attachments=[pdf],
    )
    assert document.requester.name == "Петренко Іван"
    assert document.attachments.get().name == "скаргаfdp.pdf"
    user = django_user_model.objects.create_user(
        f"resident{RLO}1", first_name=f"Ірина{RLO}", last_name="\u2067Коваль", password="x"
    )
    user.refresh_from_db()
    assert (user.username, user.first_name, user.last_name) == ("resident1", "Ірина", "Коваль")


@pytest.mark.django_db
def test_the_move_confirmation_is_refused_without_the_right(
    django_user_model: Any, admin_user: Any
) -> None:
    # A live page whose grandparent may hold it (page types, a free slug): a move the
    # superuser could make, so only the user's rights decide.
    page, destination = next(
        (page, page.get_parent().get_parent().specific)
        for page in StandardPage.objects.live().filter(depth__gt=3).order_by("path")
        if page.can_move_to(page.get_parent().get_parent())
        and Page._slug_is_available(page.slug, page.get_parent().get_parent(), page=page)
    )
    url = reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
    for role in (roles.DATA_STEWARD, roles.SPECIALIST):  # no page rights; no publish right
        user = django_user_model.objects.create_user(f"mover-{len(role)}", password="x")
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403, role
        html = response.content.decode()
        assert "Ви не можете перемістити цю сторінку" in html
        assert 'name="csrfmiddlewaretoken"' not in html
        assert client.post(url).status_code == 403
        page.refresh_from_db()
        assert page.get_parent().get_parent().pk == destination.pk  # not moved
    editor = django_user_model.objects.create_user("page-editor", password="x")
    editor.groups.add(Group.objects.get(name=roles.SITE_EDITOR))
    client = Client()
    client.force_login(editor)  # may add and publish everywhere: may move
    assert client.get(url).status_code == 200
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
