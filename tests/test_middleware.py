"""A NUL character in a query string is refused before it can reach the database."""

import pytest
from django.contrib.auth import get_user_model


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/meetings/?q=a%00b",
        "/meetings/?a%00=1",
        "/admin/archive/meeting/?review_status__exact=a%00b",
        "/admin/archive/person/?country__code__exact=a%00b",
    ],
)
def test_nul_in_query_string_is_a_bad_request(client, url):
    user = get_user_model().objects.create_superuser("nul", "n@example.org", "pw-nul-123")
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.django_db
def test_ordinary_queries_pass(client):
    assert client.get("/meetings/?q=terrorism").status_code == 200
