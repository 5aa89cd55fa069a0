"""Consultations on drafts: open while published before consideration, moderated comments,
the published summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hromada.acts.models import Act
from hromada.participation.consultations import selectors as consultations_selectors
from hromada.participation.consultations import services as consultations_services
from hromada.participation.consultations.pages import ConsultationsPage
from hromada.participation.models import CommentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft() -> Act:
    act = consultations_selectors.drafts_open_for_comments().first()
    assert act is not None, "the demo has current drafts"
    return act


def test_open_only_while_published_before_consideration(draft: Act) -> None:
    assert consultations_services.draft_open_for_comments(draft)
    assert draft.consideration_date is not None
    assert not consultations_services.draft_open_for_comments(draft, today=draft.consideration_date)
    adopted = Act.objects.filter(status="adopted").first()
    assert adopted is not None and not consultations_services.draft_open_for_comments(adopted)
    unpublished = Act(status="draft", published_on=None)
    assert not consultations_services.draft_open_for_comments(unpublished)
    assert not consultations_services.draft_open_for_comments(draft, today=dt.date(1990, 1, 1))


def test_comment_moderation_and_summary(
    client: Client, draft: Act, make_resident: Any, admin_user: Any
) -> None:
    page = ConsultationsPage.objects.live().get()
    url = f"{page.url}{draft.pk}/"
    assert client.post(url, {"text": "x"}).status_code == 403
    resident = make_resident(name="Коментатор <b>Жирний</b>")
    client.force_login(resident.user)
    assert client.post(url, {"text": "Мій коментар <script>alert(1)</script>"}).status_code == 302
    comment = draft_comment = resident.comments.get()
    assert comment.status == CommentStatus.PENDING
    assert "Мій коментар" not in client.get(url).content.decode()
    with pytest.raises(ValidationError):
        consultations_services.moderate_comment(
            comment=comment, publish=False, reason="", user=admin_user
        )
    consultations_services.moderate_comment(
        comment=draft_comment, publish=True, reason="", user=admin_user
    )
    html = client.get(url).content.decode()
    assert "Мій коментар &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Коментатор &lt;b&gt;Жирний&lt;/b&gt;" in html
    consultations_services.publish_summary(
        act=draft, text="Враховано 1 пропозицію.", user=admin_user
    )
    assert "Враховано 1 пропозицію." in client.get(url).content.decode()
    assert client.get(page.url).status_code == 200


def test_admin_moderates_comment(
    client: Client, draft: Act, resident: Any, admin_user: Any
) -> None:
    comment = consultations_services.comment_on_draft(act=draft, resident=resident, text="Текст")
    client.force_login(admin_user)
    url = f"/admin/participation_comments/moderate/{comment.pk}/"
    assert client.post(url, {"decision": "reject", "reason": ""}).status_code == 200
    assert client.post(url, {"decision": "reject", "reason": "Спам"}).status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED and comment.moderation_reason == "Спам"
