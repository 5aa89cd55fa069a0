import pytest
from django.test import Client


@pytest.mark.django_db
def test_home_page_shows_the_demo_city(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="uk">' in html
    assert "Лисичанська міська рада" in html
